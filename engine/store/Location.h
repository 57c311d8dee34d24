#pragma once

#include "StoreTypes.h"

#include <QString>

namespace clawops::store {

// Where a store lives: a SQLite file, or a PostgreSQL database named by a URL of the form
// postgresql://user@host:port/dbname. The URL never carries a password: libpq reads it from
// PGPASSFILE or ~/.pgpass, or the console passes one from its connect dialog (OpenOptions), so
// that it never sits in a command line, a shell history or a log line.
struct Location
{
    enum class Kind
    {
        SqliteFile,
        Postgres,
    };
    Kind kind = Kind::SqliteFile;
    QString path; // SQLite: the file
    // PostgreSQL: what libpq connects to. An empty host means libpq's default (its Unix socket).
    QString user;
    QString host;
    int port = 5432;
    QString database;
    // libpq keywords from the URL's query (sslmode=require, ...), as QPSQL's connect options.
    QString connectOptions;

    bool isPostgres() const { return kind == Kind::Postgres; }
    // How messages and the console name the store: the file, or the URL as given minus nothing
    // secret (there is nothing secret in it).
    QString display() const;
};

// True for a postgresql:// or postgres:// URL; everything else names a SQLite file.
bool isPostgresUrl(const QString &text);

// Reads `text` as a store location. A PostgreSQL URL with a password, without a database or
// with an unusable port is refused with a message that repeats no secret.
StoreResult<Location> parseLocation(const QString &text);

} // namespace clawops::store
