#include "SqlDialect.h"

#include "PeerNews.h"
#include "Schema.h"

#include <QRegularExpression>

namespace clawops::store {

QString SqlDialect::ddl(const QString &sql) const
{
    QString out = sql;
    for (const auto &[from, to] : ddlWords) {
        const QRegularExpression word(QStringLiteral("\\b%1\\b").arg(from));
        out.replace(word, to);
    }
    return out;
}

namespace {

// FTS5's trigram tokenizer matches any substring of three characters or more, folding case, so
// it finds a superset of what the search's LIKE finds (that folds ASCII only). External content:
// the index keeps no second copy of the text, and the triggers keep it in step with the rows
// (schema 5's triggers, row by row; schema 11 replaces them with queued ones, deferredIndex()).
// The update trigger fires only when a searched column changed: a state change rewrites a task
// row through an upsert, and re-indexing its preview every time would tax ingest for nothing.
QStringList sqliteSearchIndex()
{
    return {
        QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS task_search USING fts5(task_id, label, "
                       "task_preview, last_outcome, content='orchestrator_tasks', "
                       "content_rowid='rowid', tokenize='trigram')"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS task_search_insert AFTER INSERT ON "
                       "orchestrator_tasks BEGIN INSERT INTO task_search(rowid, task_id, label, "
                       "task_preview, last_outcome) VALUES (new.rowid, new.task_id, new.label, "
                       "new.task_preview, new.last_outcome); END"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS task_search_delete AFTER DELETE ON "
                       "orchestrator_tasks BEGIN INSERT INTO task_search(task_search, rowid, "
                       "task_id, label, task_preview, last_outcome) VALUES ('delete', old.rowid, "
                       "old.task_id, old.label, old.task_preview, old.last_outcome); END"),
        QStringLiteral(
            "CREATE TRIGGER IF NOT EXISTS task_search_update AFTER UPDATE ON orchestrator_tasks "
            "WHEN old.task_id IS NOT new.task_id OR old.label IS NOT new.label OR "
            "old.task_preview IS NOT new.task_preview OR old.last_outcome IS NOT new.last_outcome "
            "BEGIN INSERT INTO task_search(task_search, rowid, task_id, label, task_preview, "
            "last_outcome) VALUES ('delete', old.rowid, old.task_id, old.label, old.task_preview, "
            "old.last_outcome); INSERT INTO task_search(rowid, task_id, label, task_preview, "
            "last_outcome) VALUES (new.rowid, new.task_id, new.label, new.task_preview, "
            "new.last_outcome); END"),
        // Rows written before the index existed (a plugin file, an older ClawOps store).
        QStringLiteral("INSERT INTO task_search(task_search) VALUES ('rebuild')"),
    };
}

// Receipts and notes in trigram indexes of their own (schema 9), so that a receipt's arrival
// does not re-index the task's other text. A receipt is usually written once per task; the
// triggers skip a task row whose receipt did not change, and rows without one are not indexed
// (no 'rebuild', which would index every row: the first fill names those with a receipt).
// Every operator_actions row is indexed; the search itself keeps to the operators' rows. Schema
// 11 replaces these triggers too (deferredIndex()).
QStringList sqliteReceiptNoteIndex()
{
    return {
        QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS receipt_search USING "
                       "fts5(receipt_json, content='orchestrator_tasks', content_rowid='rowid', "
                       "tokenize='trigram')"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS receipt_search_insert AFTER INSERT ON "
                       "orchestrator_tasks WHEN new.receipt_json IS NOT NULL BEGIN INSERT INTO "
                       "receipt_search(rowid, receipt_json) VALUES (new.rowid, new.receipt_json); "
                       "END"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS receipt_search_delete AFTER DELETE ON "
                       "orchestrator_tasks WHEN old.receipt_json IS NOT NULL BEGIN INSERT INTO "
                       "receipt_search(receipt_search, rowid, receipt_json) VALUES ('delete', "
                       "old.rowid, old.receipt_json); END"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS receipt_search_update_old AFTER UPDATE ON "
                       "orchestrator_tasks WHEN old.receipt_json IS NOT NULL AND (old.rowid IS NOT "
                       "new.rowid OR old.receipt_json IS NOT new.receipt_json) BEGIN INSERT INTO "
                       "receipt_search(receipt_search, rowid, receipt_json) VALUES ('delete', "
                       "old.rowid, old.receipt_json); END"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS receipt_search_update_new AFTER UPDATE ON "
                       "orchestrator_tasks WHEN new.receipt_json IS NOT NULL AND (old.rowid IS NOT "
                       "new.rowid OR old.receipt_json IS NOT new.receipt_json) BEGIN INSERT INTO "
                       "receipt_search(rowid, receipt_json) VALUES (new.rowid, new.receipt_json); "
                       "END"),
        QStringLiteral("INSERT INTO receipt_search(rowid, receipt_json) SELECT rowid, receipt_json "
                       "FROM orchestrator_tasks WHERE receipt_json IS NOT NULL"),
        QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS note_search USING fts5(reason, detail, "
                       "content='operator_actions', content_rowid='id', tokenize='trigram')"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS note_search_insert AFTER INSERT ON "
                       "operator_actions BEGIN INSERT INTO note_search(rowid, reason, detail) "
                       "VALUES (new.id, new.reason, new.detail); END"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS note_search_delete AFTER DELETE ON "
                       "operator_actions BEGIN INSERT INTO note_search(note_search, rowid, reason, "
                       "detail) VALUES ('delete', old.id, old.reason, old.detail); END"),
        QStringLiteral("CREATE TRIGGER IF NOT EXISTS note_search_update AFTER UPDATE ON "
                       "operator_actions WHEN old.id IS NOT new.id OR old.reason IS NOT new.reason "
                       "OR old.detail IS NOT new.detail BEGIN INSERT INTO note_search(note_search, "
                       "rowid, reason, detail) VALUES ('delete', old.id, old.reason, old.detail); "
                       "INSERT INTO note_search(rowid, reason, detail) VALUES (new.id, new.reason, "
                       "new.detail); END"),
        QStringLiteral("INSERT INTO note_search(note_search) VALUES ('rebuild')"),
    };
}

// The search index's columns, the queue table that holds its changes until the commit, and
// the table the triggers watch.
struct DeferredIndex
{
    const char *index;
    const char *queue;
    const char *table;
    const char *rowid;
    QStringList columns;
    const char *insertWhen; // a WHEN condition on `new`, or empty
    const char *deleteWhen; // on `old`
    // An update re-indexes the row only when one of these differs between old and new.
    QStringList watched;
};

// One queued change of `row` (old or new), only where `condition` holds (empty: always).
QString queueRow(const DeferredIndex &index, const char *command, const char *row,
                 const char *condition)
{
    QStringList values;
    for (const QString &column : index.columns)
        values.append(QLatin1String(row) + QLatin1Char('.') + column);
    return QStringLiteral("INSERT INTO %1(command, rid, %2) SELECT %3, %4.%5, %6%7;")
        .arg(QLatin1String(index.queue), index.columns.join(QStringLiteral(", ")),
             QLatin1String(command), QLatin1String(row), QLatin1String(index.rowid),
             values.join(QStringLiteral(", ")),
             *condition ? QStringLiteral(" WHERE ") + QLatin1String(condition) : QString());
}

QStringList deferredIndex(const DeferredIndex &index)
{
    const QString table = QLatin1String(index.table);
    const QString name = QLatin1String(index.index);
    QStringList changed;
    for (const QString &column : index.watched)
        changed.append(QStringLiteral("old.%1 IS NOT new.%1").arg(column));
    return {
        QStringLiteral("DROP TRIGGER IF EXISTS %1_insert").arg(name),
        QStringLiteral("DROP TRIGGER IF EXISTS %1_delete").arg(name),
        QStringLiteral("DROP TRIGGER IF EXISTS %1_update").arg(name),
        QStringLiteral("DROP TRIGGER IF EXISTS %1_update_old").arg(name),
        QStringLiteral("DROP TRIGGER IF EXISTS %1_update_new").arg(name),
        QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (seq INTEGER PRIMARY KEY, command TEXT, "
                       "rid INTEGER, %2)")
            .arg(QLatin1String(index.queue), index.columns.join(QStringLiteral(", "))),
        // Before schema 11 every change reached the index at once, and the steps of 5 and 9
        // that fill an index read the rows themselves: nothing queued may count twice.
        QStringLiteral("DELETE FROM %1").arg(QLatin1String(index.queue)),
        QStringLiteral("CREATE TRIGGER %1_insert AFTER INSERT ON %2 BEGIN %3 END")
            .arg(name, table, queueRow(index, "NULL", "new", index.insertWhen)),
        QStringLiteral("CREATE TRIGGER %1_delete AFTER DELETE ON %2 BEGIN %3 END")
            .arg(name, table, queueRow(index, "'delete'", "old", index.deleteWhen)),
        // Old out, then new in, in one trigger: SQLite runs a table's triggers in no order one
        // may count on, and the index must see the delete first.
        QStringLiteral("CREATE TRIGGER %1_update AFTER UPDATE ON %2 WHEN %3 BEGIN %4 %5 END")
            .arg(name, table, changed.join(QStringLiteral(" OR ")),
                 queueRow(index, "'delete'", "old", index.deleteWhen),
                 queueRow(index, "NULL", "new", index.insertWhen)),
    };
}

// Of a row's queued changes only two reach the index: its first removal, which names what the
// index holds for it (the row as it was before its first change since the last sync), and its
// last insertion (the row as it is). A row created since has nothing to remove, one deleted
// nothing to insert. The writer lets changes wait a while (OpenOptions::searchSyncMs), and a
// task is written several times in its life: every entry costs a term per three characters.
QStringList syncDeferred(const DeferredIndex &index)
{
    const QString columns = index.columns.join(QStringLiteral(", "));
    return {QStringLiteral("INSERT INTO %1(%1, rowid, %2) SELECT command, rid, %2 FROM (SELECT "
                           "seq, command, rid, %2, row_number() OVER (PARTITION BY rid ORDER BY "
                           "seq) AS from_first, row_number() OVER (PARTITION BY rid ORDER BY seq "
                           "DESC) AS from_last FROM %3) WHERE (from_first = 1 AND command = "
                           "'delete') OR (from_last = 1 AND command IS NULL) ORDER BY seq")
                .arg(QLatin1String(index.index), columns, QLatin1String(index.queue)),
            QStringLiteral("DELETE FROM %1").arg(QLatin1String(index.queue))};
}

const DeferredIndex &taskSearch()
{
    static const DeferredIndex index{
        "task_search",
        "task_search_queue",
        "orchestrator_tasks",
        "rowid",
        {QStringLiteral("task_id"), QStringLiteral("label"), QStringLiteral("task_preview"),
         QStringLiteral("last_outcome")},
        "",
        "",
        {QStringLiteral("rowid"), QStringLiteral("task_id"), QStringLiteral("label"),
         QStringLiteral("task_preview"), QStringLiteral("last_outcome")}};
    return index;
}

const DeferredIndex &receiptSearch()
{
    static const DeferredIndex index{"receipt_search",
                                     "receipt_search_queue",
                                     "orchestrator_tasks",
                                     "rowid",
                                     {QStringLiteral("receipt_json")},
                                     "new.receipt_json IS NOT NULL",
                                     "old.receipt_json IS NOT NULL",
                                     {QStringLiteral("rowid"), QStringLiteral("receipt_json")}};
    return index;
}

const DeferredIndex &noteSearch()
{
    static const DeferredIndex index{
        "note_search",
        "note_search_queue",
        "operator_actions",
        "id",
        {QStringLiteral("reason"), QStringLiteral("detail")},
        "",
        "",
        {QStringLiteral("id"), QStringLiteral("reason"), QStringLiteral("detail")}};
    return index;
}

QStringList sqliteDeferredSearchIndex()
{
    return deferredIndex(taskSearch()) + deferredIndex(receiptSearch()) +
           deferredIndex(noteSearch());
}

QStringList sqliteSearchSync()
{
    return syncDeferred(taskSearch()) + syncDeferred(receiptSearch()) + syncDeferred(noteSearch());
}

// A GIN trigram index on exactly the expression the search's LIKE test (containsPattern) uses
// on that column, so that the planner answers the test from the index.
QString trigramIndexOn(const char *table, const char *column, const QString &upper,
                       const QString &lower)
{
    return QStringLiteral("CREATE INDEX IF NOT EXISTS idx_%1_trgm_%2 ON %1 USING gin "
                          "(translate(%2, %3, %4) gin_trgm_ops)")
        .arg(QLatin1String(table), QLatin1String(column), upper, lower);
}

// One per column the task search tests, so that the planner can answer the OR of the four tests
// with a bitmap of four index scans.
QStringList postgresTrigramIndex(const QString &upper, const QString &lower)
{
    QStringList out{QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm")};
    for (const char *column : {"task_id", "label", "task_preview", "last_outcome"})
        out.append(trigramIndexOn("orchestrator_tasks", column, upper, lower));
    return out;
}

QStringList postgresReceiptNoteIndex(const QString &upper, const QString &lower)
{
    return {QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm"),
            trigramIndexOn("orchestrator_tasks", "receipt_json", upper, lower),
            trigramIndexOn("operator_actions", "reason", upper, lower),
            trigramIndexOn("operator_actions", "detail", upper, lower)};
}

} // namespace

const SqlDialect &sqliteDialect()
{
    static const SqlDialect dialect{
        QStringLiteral("QSQLITE"),
        QStringLiteral("SQLite"),
        {
            QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs),
            // New files only (an existing file keeps its page size): bigger pages mean fewer WAL
            // frames, hence fewer write calls, per commit; ingest is about 30% cheaper than at
            // 4 KiB.
            QStringLiteral("PRAGMA page_size = 16384"),
            // WAL lets the engine write while readers (a second console, the sqlite3 shell)
            // look; NORMAL is durable across application crashes in WAL mode and only risks the
            // last commits on power loss, which resync recovers.
            QStringLiteral("PRAGMA journal_mode = WAL"),
            QStringLiteral("PRAGMA synchronous = NORMAL"),
            // A bigger page cache keeps the indexes of a busy store in memory (64 MiB). No mmap:
            // a file cut short under a mapping kills the process with SIGBUS instead of
            // returning an error.
            QStringLiteral("PRAGMA cache_size = -65536"),
            QStringLiteral("PRAGMA temp_store = MEMORY"),
            // Checkpoint every 1024 pages (16 MiB at 16 KiB pages, 4 MiB in a plugin file): each
            // checkpoint is an fsync. The WAL file is cut back to 16 MiB after a checkpoint.
            QStringLiteral("PRAGMA wal_autocheckpoint = 1024"),
            QStringLiteral("PRAGMA journal_size_limit = 16777216"),
        },
        QStringLiteral("BEGIN IMMEDIATE"),
        QString(),
        QString(),
        {},
        QStringLiteral("PRAGMA user_version"),
        QStringLiteral("PRAGMA application_id"),
        {QStringLiteral("PRAGMA application_id = %2"), QStringLiteral("PRAGMA user_version = %1")},
        QStringLiteral("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND "
                       "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"),
        QStringLiteral("SELECT name FROM pragma_table_info(?)"),
        {},
        QString(),
        1,
        true,
        QStringLiteral("ON CONFLICT(%1) DO UPDATE SET %2"),
        QStringLiteral("excluded.%1"),
        QStringLiteral("%1 LIKE ? ESCAPE '\\'"),
        QString(),
        QString(),
        QString(),
        QStringLiteral("CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"),
        sqliteSearchIndex(),
        QStringLiteral(
            "rowid IN (SELECT rowid FROM task_search WHERE task_search MATCH ? UNION ALL "
            "SELECT rid FROM task_search_queue)"),
        QString(),
        QStringLiteral("PRAGMA busy_timeout = 0"),
        QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs),
        {},
        sqliteReceiptNoteIndex(),
        {},
        QStringLiteral("rowid IN (SELECT rowid FROM receipt_search WHERE receipt_search MATCH ? "
                       "UNION ALL SELECT rid FROM receipt_search_queue)"),
        QStringLiteral("id IN (SELECT rowid FROM note_search WHERE note_search MATCH ? UNION ALL "
                       "SELECT rid FROM note_search_queue)"),
        QStringLiteral("+%1"),
        sqliteDeferredSearchIndex(),
        sqliteSearchSync(),
        QStringLiteral("INSERT OR FAIL INTO"),
        QStringLiteral("UPDATE OR FAIL"),
        true,
    };
    return dialect;
}

const SqlDialect &postgresDialect()
{
    static const QString upper = QStringLiteral("'ABCDEFGHIJKLMNOPQRSTUVWXYZ'");
    static const QString lower = QStringLiteral("'abcdefghijklmnopqrstuvwxyz'");
    static const SqlDialect dialect{
        QStringLiteral("QPSQL"),
        QStringLiteral("PostgreSQL"),
        {
            // CREATE ... IF NOT EXISTS on an existing table is a NOTICE, which libpq would print
            // on stderr at every start.
            QStringLiteral("SET client_min_messages = warning"),
            QStringLiteral("SET lock_timeout = %1").arg(kBusyTimeoutMs),
            // The LIKE patterns escape with a lone backslash between quotes.
            QStringLiteral("SET standard_conforming_strings = on"),
        },
        QStringLiteral("BEGIN"),
        QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kApplicationId),
        QStringLiteral("clawops_schema"),
        {QStringLiteral("CREATE TABLE IF NOT EXISTS clawops_schema (version INTEGER NOT NULL, "
                        "application_id INTEGER NOT NULL)")},
        QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM clawops_schema"),
        QStringLiteral("SELECT COALESCE(MAX(application_id), 0) FROM clawops_schema"),
        {QStringLiteral("DELETE FROM clawops_schema"),
         QStringLiteral("INSERT INTO clawops_schema(version, application_id) VALUES (%1, %2)")},
        QStringLiteral("SELECT table_name, CASE WHEN table_type = 'BASE TABLE' THEN 'table' ELSE "
                       "'view' END FROM information_schema.tables WHERE table_schema = "
                       "current_schema()"),
        QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                       "current_schema() AND table_name = ?"),
        {
            {QStringLiteral("INTEGER PRIMARY KEY"),
             QStringLiteral("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")},
            {QStringLiteral("INTEGER"), QStringLiteral("BIGINT")},
        },
        QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), GREATEST(MAX(id), 1)) "
                       "FROM %1"),
        128,
        false,
        QStringLiteral("ON CONFLICT(%1) DO UPDATE SET %2"),
        QStringLiteral("excluded.%1"),
        QStringLiteral("translate(%1, %2, %3) LIKE translate(?, %2, %3) ESCAPE '\\'")
            .arg(QStringLiteral("%1"), upper, lower),
        QStringLiteral(" COLLATE \"C\""),
        QStringLiteral(" NULLS FIRST"),
        QStringLiteral(" NULLS LAST"),
        QStringLiteral("CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"),
        {},
        QString(),
        QStringLiteral("SELECT pg_notify('%1', '%2')").arg(QLatin1String(kPeerChannel)),
        QString(),
        QString(),
        postgresTrigramIndex(upper, lower),
        {},
        postgresReceiptNoteIndex(upper, lower),
        QString(),
        QString(),
        QStringLiteral("%1"),
        {},
        {},
        QStringLiteral("INSERT INTO"),
        QStringLiteral("UPDATE"),
        false,
    };
    return dialect;
}

const SqlDialect &dialectForDriver(const QString &driver)
{
    return driver == postgresDialect().driver ? postgresDialect() : sqliteDialect();
}

} // namespace clawops::store
