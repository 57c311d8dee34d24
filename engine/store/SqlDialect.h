#pragma once

#include <QString>
#include <QStringList>

namespace clawops::store {

// How long a statement waits for another connection's lock before it fails: the plugin's
// PRAGMA busy_timeout.
inline constexpr int kBusyTimeoutMs = 5000;

// What differs between the SQL databases the store can run on. Every statement the store builds
// is written once and takes the dialect's words where the databases disagree, so a second
// database (PostgreSQL through QPSQL) is one more instance of this table, not a second copy of
// the statements. Only SQLite exists today; the notes say what PostgreSQL would put.
struct SqlDialect
{
    QString driver; // the Qt SQL driver: QSQLITE (PostgreSQL: QPSQL)

    // Statements run once on every new connection: SQLite's PRAGMAs (PostgreSQL: SET ...).
    QStringList connectionSetup;

    // Starts a write transaction that holds the write lock from its first statement, so a
    // competing writer makes us wait instead of failing half way (PostgreSQL: BEGIN).
    QString beginWrite;

    // An upsert clause: %1 the key column, %2 the assignments; each assignment takes the new
    // value as `excludedColumn` with %1 the column. SQLite and PostgreSQL agree on both
    // (ON CONFLICT ... DO UPDATE, excluded.col); MySQL would not.
    QString upsertClause;
    QString excludedColumn;

    // A case-insensitive literal substring test of column %1 against one bound LIKE pattern with
    // '\' as escape. SQLite's LIKE folds ASCII letters only, which is the rule the console
    // applies too (core::containsLikeSqlite); PostgreSQL would fold ASCII with translate().
    QString containsPattern;

    // Appended to a text sort expression to order by code point (SQLite's BINARY is that;
    // PostgreSQL: COLLATE "C").
    QString binaryTextOrder;

    // Appended after ASC / DESC so that NULL sorts first ascending, as in SQLite, which needs
    // nothing (PostgreSQL: NULLS FIRST / NULLS LAST).
    QString nullsFirstAscending;
    QString nullsLastDescending;
};

const SqlDialect &sqliteDialect();

} // namespace clawops::store
