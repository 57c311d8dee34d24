#pragma once

#include "StoreTypes.h"

#include <QList>
#include <QString>

#include <functional>

namespace clawops::store {

// How far an import is: `done` of `total` rows of `table`.
struct ImportProgress
{
    QString table;
    qint64 done = 0;
    qint64 total = 0;
};

struct ImportedTable
{
    QString table;
    qint64 rows = 0;    // rows written (inserted or brought up to date)
    qint64 skipped = 0; // rows whose key is NULL, which SQLite allows and PostgreSQL does not
    qint64 coerced = 0; // values that were not numbers in an integer column (see importStore)
};

struct ImportSummary
{
    QList<ImportedTable> tables;
    qint64 rows() const;
};

// Copies every row of the SQLite store `sourcePath` (a ClawOps store, or the plugin's
// orchestrator.db) into the store at `target` (normally a postgresql:// URL), which is created or
// migrated first. The source is only read: it is checked like any store file and refused,
// untouched, when it is not one. Rows are upserted by their key (ClawOps's own tables by id), so
// running it again leaves the same rows; rows only the target has are kept. Written in
// transactions of a few hundred rows through multi-row statements; `progress` is called after
// each. A value SQLite held in an integer column that is not a number (its typing is loose) is
// written as -1 when the column is NOT NULL and as NULL otherwise: every reader of those columns
// takes both as "no valid value", as it took the text, so the rows mean what they meant.
StoreResult<ImportSummary> importStore(const QString &sourcePath, const QString &target,
                                       const OpenOptions &targetOptions,
                                       const std::function<void(const ImportProgress &)> &progress);

} // namespace clawops::store
