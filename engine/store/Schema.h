#pragma once

#include <QSqlDatabase>
#include <QString>

namespace clawops::store {

// The schema version ClawOps writes into PRAGMA user_version. A plugin-written file has 0.
inline constexpr int kSchemaVersion = 1;

// Creates the plugin's tables (its own DDL, IF NOT EXISTS) and ClawOps's additions, upgrading
// from the version found. Adds tables and columns only; never renames or repurposes.
// Returns an empty string on success, else what failed.
QString migrate(QSqlDatabase &db, int fromVersion);

} // namespace clawops::store
