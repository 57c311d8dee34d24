#pragma once

#include "StoreTypes.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Opening a store file: everything that decides whether a file may be used, before the first
// write to it, and the set-up of the connection that then uses it. SQLite-specific throughout
// (file header, PRAGMAs, quick_check); a PostgreSQL store would open by connection settings.
namespace clawops::store::opener {

struct Opened
{
    QSqlDatabase db;
    int schemaVersion = 0;
};

// Opens `path` (creating it when missing or empty) as the connection `connectionName` in the
// calling thread: an existing file is inspected read-only first and refused, untouched, when it is
// not SQLite, someone else's, newer than this ClawOps or damaged; then the read-write connection
// is set up and migrated. On failure nothing stays registered under the name.
StoreError open(const QString &connectionName, const QString &path, const OpenOptions &options,
                Opened *opened);

// Drops the connection: every QSqlQuery on it must be gone already.
void close(QSqlDatabase &db, const QString &connectionName);

// PRAGMA quick_check of the whole file (tables empty) or of the named tables.
StoreError quickCheck(QSqlDatabase &db, const QString &path, const QStringList &tables = {});

} // namespace clawops::store::opener
