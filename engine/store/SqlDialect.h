#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace clawops::store {

// How long a statement waits for another connection's lock before it fails: the plugin's
// PRAGMA busy_timeout, and PostgreSQL's lock_timeout.
inline constexpr int kBusyTimeoutMs = 5000;

// What differs between the SQL databases the store can run on: SQLite (QSQLITE) and PostgreSQL
// (QPSQL). Every statement the store builds is written once and takes the dialect's words where
// the databases disagree, so the second database is one more instance of this table, not a second
// copy of the statements.
struct SqlDialect
{
    QString driver; // the Qt SQL driver
    QString name;   // for messages: "SQLite", "PostgreSQL"

    // Statements run once on every new connection: SQLite's PRAGMAs, PostgreSQL's SETs.
    QStringList connectionSetup;

    // Starts a write transaction that holds the write lock from its first statement, so a
    // competing writer makes us wait instead of failing half way. PostgreSQL locks rows, not the
    // database, so a plain BEGIN does.
    QString beginWrite;

    // Run first inside the migration's transaction so that two ClawOps opening the same new
    // database do not both create it: empty for SQLite (BEGIN IMMEDIATE already serialises
    // writers), a transaction-scoped advisory lock for PostgreSQL, where CREATE TABLE IF NOT
    // EXISTS run twice at once fails on the catalog's unique index.
    QString migrationLock;

    // The schema's own bookkeeping. SQLite keeps version and owner in the file header (PRAGMA
    // user_version, application_id); PostgreSQL has no such header, so a one-row table
    // (versionTable, created by schemaSetup) holds both. readVersion and readApplicationId
    // return one number; writeSchema sets both (%1 version, %2 application id).
    QString versionTable;
    QStringList schemaSetup;
    QString readVersion;
    QString readApplicationId;
    QStringList writeSchema;

    // The tables (name, "table" or "view") of the store, and the columns of table `?`.
    QString listTables;
    QString listColumns;

    // Whole-word rewrites of the schema's DDL, which is written in SQLite's words (the plugin's
    // own text): PostgreSQL's INTEGER is 32 bits, too small for millisecond times, and SQLite's
    // rowid alias `INTEGER PRIMARY KEY` is an identity column there. Applied in order.
    QList<QPair<QString, QString>> ddlWords;

    // After rows were written with explicit ids (an import), makes the next generated id of
    // table %1's `id` follow the highest: PostgreSQL's identity sequence does not look at the
    // rows; SQLite's rowid does, so it needs nothing.
    QString syncIdentity;

    // Rows per multi-row statement in a write transaction (a power of two). SQLite runs each
    // statement in-process, so one row per reused prepared statement costs least; every
    // statement to PostgreSQL is a round trip to the server, and one per row made commits about
    // six times slower than SQLite's.
    int rowsPerStatement = 1;

    // Whether PRAGMA quick_check exists; PostgreSQL checks its pages itself.
    bool hasQuickCheck = false;

    // An upsert clause: %1 the key column, %2 the assignments; each assignment takes the new
    // value as `excludedColumn` with %1 the column. SQLite and PostgreSQL agree on both
    // (ON CONFLICT ... DO UPDATE, excluded.col); MySQL would not.
    QString upsertClause;
    QString excludedColumn;

    // A case-insensitive literal substring test of column %1 against one bound LIKE pattern with
    // '\' as escape. SQLite's LIKE folds ASCII letters only, which is the rule the console
    // applies too (core::containsLikeSqlite); PostgreSQL folds both sides' ASCII with translate(),
    // since its ILIKE would fold every letter.
    QString containsPattern;

    // Appended to a text sort expression to order by code point (SQLite's BINARY is that;
    // PostgreSQL: COLLATE "C").
    QString binaryTextOrder;

    // Appended after ASC / DESC so that NULL sorts first ascending, as in SQLite, which needs
    // nothing (PostgreSQL: NULLS FIRST / NULLS LAST).
    QString nullsFirstAscending;
    QString nullsLastDescending;

    // The database's clock in milliseconds since the epoch, as an expression: the lease's expiry
    // is measured on it, the one clock every console sharing the store sees. PostgreSQL's
    // clock_timestamp(), not now(), which stands still for a whole transaction.
    QString nowMs;

    // A trigram index over the text a console search looks in (id, label, preview, last
    // outcome), so a search on a large store reads the index instead of every row: statements
    // run once, each alone (the triggers hold ';'), when a store reaches schema 5. Empty: no
    // index, the search scans.
    QStringList searchIndex;
    // With searchIndex: a clause keeping only the rows the index names for the bound query
    // (searchIndexQuery), and the rows whose changes wait in its queue (deferredSearchIndex). It
    // is a prefilter: the LIKE tests stay, so the rows found are exactly those of a scan.
    QString searchPrefilter;

    // Tells the other ClawOps on the store that something they show or wait for changed: the
    // one marker left is the news (PeerNews.h), sent on kPeerChannel. Inside a transaction it
    // goes out at commit, so a listener that reads on hearing it finds the rows. PostgreSQL's
    // NOTIFY; empty for SQLite, which has no way to reach another process, so consoles on it poll.
    QString notifyPeers;

    // Around a statement that must not wait for another connection's lock (the console roll
    // call, which the engine thread runs: better skipped once than the engine held up): SQLite
    // waits for its busy_timeout on any write while another process writes; PostgreSQL locks
    // rows, and a console's own row is locked by nobody else, so it needs nothing.
    QString dontWait;
    QString waitAgain;

    // Schema 8: trigram indexes that let the search's own LIKE tests (containsPattern) read an
    // index instead of every row, where the database has them (PostgreSQL's pg_trgm; SQLite has
    // its FTS5 index since schema 5). Best effort, inside a savepoint: a database where the
    // extension cannot be created (not installed, no privilege) keeps working and scans.
    QStringList trigramIndex;

    // Schema 9: the same for the text of receipts (orchestrator_tasks.receipt_json) and of the
    // operators' notes (operator_actions.reason and .detail). SQLite's FTS5 statements must all
    // succeed, as schema 5's; PostgreSQL's trigram indexes are best effort, as schema 8's.
    QStringList receiptNoteIndex;
    QStringList receiptNoteTrigramIndex;
    // With receiptNoteIndex: like searchPrefilter, for the rows of orchestrator_tasks whose
    // receipt holds the bound query, and for the rows of operator_actions whose note does.
    QString receiptPrefilter;
    QString notePrefilter;

    // A column in a WHERE term that must not pick the index the planner would use for it, so
    // that it takes the ORDER BY's index (store::RowCounts): SQLite's unary plus; PostgreSQL's
    // planner weighs the LIMIT itself, so the column stays as it is there.
    QString unindexed;

    // Schema 11: the search indexes of schemas 5 and 9 fed in batches instead of row by row.
    // Their triggers queue each change in a plain table; `searchSync`, run by a writer just
    // before it commits, hands the queue to the indexes and empties it. The store's writer runs
    // it about once a second (OpenOptions::searchSyncMs), so that a task written many times is
    // indexed once; meanwhile the prefilters name the queued rows too. Row by row, every
    // statement of a transaction that had touched an index made SQLite's FTS5 write its pending
    // terms out as a new segment (FTS5 flushes at every statement savepoint), which cost more
    // than the rows themselves. Empty where the database indexes by itself.
    QStringList deferredSearchIndex;
    QStringList searchSync;

    // How the writer's statements meet a failed constraint. SQLite's default (ABORT) undoes the
    // failing statement alone, so a statement that may write more than one row (one with a
    // trigger: the search queues') first copies every page it touches into a statement journal,
    // and an upsert's DO UPDATE is always ABORT. The writer rolls the whole transaction back on
    // any failure, so FAIL (stop where it failed) loses nothing and copies nothing; an upsert of
    // a table with triggers then goes in two statements (`splitUpsert`): an insert that does
    // nothing when the key exists, and an update when it did. PostgreSQL has no such journal.
    QString failingInsert;
    QString failingUpdate;
    bool splitUpsert = false;

    // The DDL script `sql` in this dialect's words.
    QString ddl(const QString &sql) const;
};

const SqlDialect &sqliteDialect();
const SqlDialect &postgresDialect();
// The dialect of a Qt SQL driver name (QSQLITE, QPSQL); SQLite's for anything else.
const SqlDialect &dialectForDriver(const QString &driver);

} // namespace clawops::store
