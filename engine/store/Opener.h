#pragma once

#include "SqlDialect.h"
#include "StoreTypes.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Opening a store: everything that decides whether a SQLite file or a PostgreSQL database may be
// used, before the first write to it, and the set-up of the connection that then uses it.
namespace clawops::store::opener {

struct Opened
{
    QSqlDatabase db;
    int schemaVersion = 0;
    const SqlDialect *dialect = nullptr;
};

// Opens `location` (a SQLite file, created when missing or empty, or a postgresql:// URL, see
// Location.h) as the connection `connectionName` in the calling thread. An existing SQLite file is
// inspected read-only first and refused, untouched, when it is not SQLite, someone else's, newer
// than this ClawOps or damaged; a PostgreSQL database is refused when it holds another
// application's tables or a newer schema. Then the read-write connection is set up and migrated.
// On failure nothing stays registered under the name.
StoreError open(const QString &connectionName, const QString &location, const OpenOptions &options,
                Opened *opened);

// The read-only checks open() makes of an existing SQLite file (header, owner, version,
// quick_check), without opening it for writing: for a file that is only read, such as the source
// of an import.
StoreError inspectSqliteFile(const QString &connectionName, const QString &path,
                             const OpenOptions &options);

// Drops the connection: every QSqlQuery on it must be gone already.
void close(QSqlDatabase &db, const QString &connectionName);

// PRAGMA quick_check of the whole file (tables empty) or of the named tables.
StoreError quickCheck(QSqlDatabase &db, const QString &path, const QStringList &tables = {});

} // namespace clawops::store::opener
