#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace clawops::store {

// The schema version ClawOps writes into PRAGMA user_version. A plugin-written file has 0.
inline constexpr int kSchemaVersion = 1;

// PRAGMA application_id of a ClawOps store ("ClOp"). A plugin-written file has 0, which is
// accepted when the file holds the plugin's tables; any other value marks someone else's file.
inline constexpr qint32 kApplicationId = 0x436c4f70;

// The plugin's four tables, under the plugin's names.
QStringList pluginTables();
// The tables ClawOps adds.
QStringList clawopsTables();
// The columns a table must already have for ClawOps to take it as the plugin's or its own. The
// plugin's three addColumnIfMissing columns and ClawOps's own additions are not required: the
// migration adds them. Empty for an unknown table.
QStringList requiredColumns(const QString &table);

// Creates the plugin's tables (its own DDL, IF NOT EXISTS) and ClawOps's additions, upgrading
// from the version found, in one transaction. Adds tables, columns and indexes only; never
// renames, repurposes or rewrites a row. Returns an empty string on success, else what failed.
QString migrate(QSqlDatabase &db, int fromVersion);

} // namespace clawops::store
