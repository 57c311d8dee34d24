#pragma once

#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace clawops::store {

struct SqlDialect;

// The schema version ClawOps writes into PRAGMA user_version (PostgreSQL: clawops_schema). A
// plugin-written file has 0.
inline constexpr int kSchemaVersion = 11;

// PRAGMA application_id of a ClawOps store ("ClOp"). A plugin-written file has 0, which is
// accepted when the file holds the plugin's tables; any other value marks someone else's file.
inline constexpr qint32 kApplicationId = 0x436c4f70;

// The plugin's four tables, under the plugin's names.
QStringList pluginTables();
// The tables ClawOps adds that hold the fleet's history (what an import copies).
QStringList clawopsTables();
// The tables of the consoles running on a store (queued commands, claims, who is here), which an
// import leaves behind like the lease.
QStringList teamTables();
// The columns a table must already have for ClawOps to take it as the plugin's or its own. The
// plugin's three addColumnIfMissing columns and ClawOps's own additions are not required: the
// migration adds them. Empty for an unknown table.
QStringList requiredColumns(const QString &table);

// The columns table `table` has now; what failed, or an empty string.
QString columnsOf(QSqlDatabase &db, const SqlDialect &dialect, const QString &table,
                  QSet<QString> *columns);

struct Migration
{
    int foundVersion = 0; // what the store held when the migration's lock was taken
    QString error;        // empty on success
};

// Creates the plugin's tables (its own DDL, IF NOT EXISTS, in the dialect's words) and ClawOps's
// additions, upgrading from the version found, in one transaction that first takes the dialect's
// write or migration lock and then reads the version, so that concurrent openers migrate once.
// Adds tables, columns and indexes only; never renames, repurposes or rewrites a row. A store
// newer than this ClawOps (foundVersion above kSchemaVersion) is left as it is.
Migration migrate(QSqlDatabase &db, const SqlDialect &dialect);

} // namespace clawops::store
