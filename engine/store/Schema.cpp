#include "Schema.h"

#include "Queries.h"
#include "SqlDialect.h"
#include "core/Logging.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace clawops::store {

namespace {

// The plugin's DDL, character for character (orchestrator-plugin.ts, the db.exec after the two
// PRAGMAs). Keeping its exact text means sqlite_master reads the same whichever program created
// the file, and the plugin's own CREATE ... IF NOT EXISTS stays a no-op on a ClawOps file.
constexpr const char kPluginDdl[] = R"sql(
CREATE TABLE IF NOT EXISTS orchestrator_bindings (
requester_session_key TEXT PRIMARY KEY,
orchestrator_session_key TEXT NOT NULL UNIQUE,
updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS orchestrator_retries (
task_key TEXT PRIMARY KEY,
retries INTEGER NOT NULL DEFAULT 0,
updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS orchestrator_tasks (
task_id TEXT PRIMARY KEY,
task_key TEXT NOT NULL,
requester_session_key TEXT NOT NULL,
orchestrator_session_key TEXT NOT NULL,
label TEXT,
task_preview TEXT NOT NULL,
state TEXT NOT NULL,
attempt INTEGER NOT NULL DEFAULT 1,
max_retries INTEGER NOT NULL DEFAULT 0,
next_run_at INTEGER,
last_outcome TEXT,
spec_json TEXT,
receipt_seen INTEGER NOT NULL DEFAULT 0,
verification_items INTEGER NOT NULL DEFAULT 0,
explicit_no_verification INTEGER NOT NULL DEFAULT 0,
created_at INTEGER NOT NULL,
updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_orchestrator_tasks_orch_state
ON orchestrator_tasks(orchestrator_session_key, state, updated_at);
CREATE TABLE IF NOT EXISTS orchestrator_workers (
child_session_key TEXT PRIMARY KEY,
task_id TEXT,
task_key TEXT,
orchestrator_session_key TEXT NOT NULL,
label TEXT,
task_preview TEXT NOT NULL,
status TEXT NOT NULL,
attempt INTEGER NOT NULL DEFAULT 1,
started_at INTEGER NOT NULL,
updated_at INTEGER NOT NULL,
outcome TEXT
);
CREATE INDEX IF NOT EXISTS idx_orchestrator_workers_orch
ON orchestrator_workers(orchestrator_session_key, updated_at);
)sql";

// A column that a later version of a table gained, with the exact statement that adds it.
struct AddedColumn
{
    const char *table;
    const char *column;
    const char *ddl;
};

// The plugin's addColumnIfMissing calls: files written before they existed lack these.
constexpr AddedColumn kPluginAddedColumns[] = {
    {"orchestrator_tasks", "receipt_seen",
     "ALTER TABLE orchestrator_tasks ADD COLUMN receipt_seen INTEGER NOT NULL DEFAULT 0;"},
    {"orchestrator_tasks", "verification_items",
     "ALTER TABLE orchestrator_tasks ADD COLUMN verification_items INTEGER NOT NULL DEFAULT 0;"},
    {"orchestrator_tasks", "explicit_no_verification",
     "ALTER TABLE orchestrator_tasks ADD COLUMN explicit_no_verification INTEGER NOT NULL DEFAULT "
     "0;"},
};

// Version 1: TaskRecord's ClawOps fields. Nullable TEXT without defaults, so that adding them to a
// large plugin file is a change of the schema only (SQLite does not touch the rows).
constexpr AddedColumn kV1Columns[] = {
    {"orchestrator_tasks", "worker_session_key",
     "ALTER TABLE orchestrator_tasks ADD COLUMN worker_session_key TEXT"},
    {"orchestrator_tasks", "gateway_task_id",
     "ALTER TABLE orchestrator_tasks ADD COLUMN gateway_task_id TEXT"},
    {"orchestrator_tasks", "receipt_json",
     "ALTER TABLE orchestrator_tasks ADD COLUMN receipt_json TEXT"},
    {"orchestrator_tasks", "receipt_status",
     "ALTER TABLE orchestrator_tasks ADD COLUMN receipt_status TEXT"},
    {"orchestrator_tasks", "receipt_task_ref",
     "ALTER TABLE orchestrator_tasks ADD COLUMN receipt_task_ref TEXT"},
};

// Version 1: ClawOps's own tables, and the indexes the console and the archive lookups need.
constexpr const char kV1Ddl[] = R"sql(
CREATE TABLE IF NOT EXISTS task_transitions (
id INTEGER PRIMARY KEY,
task_id TEXT NOT NULL,
at INTEGER NOT NULL,
from_state TEXT,
to_state TEXT NOT NULL,
reason TEXT
);
CREATE INDEX IF NOT EXISTS idx_task_transitions_task_at ON task_transitions(task_id, at);
CREATE INDEX IF NOT EXISTS idx_task_transitions_at ON task_transitions(at);
CREATE TABLE IF NOT EXISTS operator_actions (
id INTEGER PRIMARY KEY,
at INTEGER NOT NULL,
operator TEXT NOT NULL,
action TEXT NOT NULL,
task_id TEXT,
reason TEXT,
result TEXT,
detail TEXT
);
CREATE INDEX IF NOT EXISTS idx_operator_actions_task ON operator_actions(task_id, at);
CREATE TABLE IF NOT EXISTS suppressed_spawns (
id INTEGER PRIMARY KEY,
at INTEGER NOT NULL,
task_key TEXT NOT NULL,
active_task_id TEXT,
requester_session_key TEXT,
orchestrator_session_key TEXT,
label TEXT,
spawn_ref TEXT,
child_session_key TEXT
);
CREATE INDEX IF NOT EXISTS idx_suppressed_spawns_task_key ON suppressed_spawns(task_key, at);
CREATE INDEX IF NOT EXISTS idx_clawops_tasks_updated ON orchestrator_tasks(updated_at, task_id);
CREATE INDEX IF NOT EXISTS idx_clawops_tasks_state_updated
ON orchestrator_tasks(state, updated_at, task_id);
CREATE INDEX IF NOT EXISTS idx_clawops_tasks_task_key ON orchestrator_tasks(task_key, attempt);
)sql";

// Version 2: the leader lease of a shared store (one row; see Lease.h). Not one of the tables an
// import copies: a lease belongs to the engines running on a store, not to its history.
constexpr const char kV2Ddl[] = R"sql(
CREATE TABLE IF NOT EXISTS clawops_lease (
id INTEGER PRIMARY KEY,
holder TEXT NOT NULL,
holder_host TEXT NOT NULL,
operator TEXT NOT NULL,
epoch INTEGER NOT NULL,
expires_at INTEGER NOT NULL
);
INSERT INTO clawops_lease(id, holder, holder_host, operator, epoch, expires_at)
VALUES (1, '', '', '', 0, 0) ON CONFLICT(id) DO NOTHING
)sql";

// Version 3: the verification item an operator ticked or unticked (AuditRecord::check), typed,
// so the console's checklist reads it back without parsing the audit's text. NULL elsewhere.
constexpr AddedColumn kV3Columns[] = {
    {"operator_actions", "check_index",
     "ALTER TABLE operator_actions ADD COLUMN check_index INTEGER"},
    {"operator_actions", "check_ticked",
     "ALTER TABLE operator_actions ADD COLUMN check_ticked INTEGER"},
};

// Version 4: the tool starts the plugin's policies would have blocked (core::PolicyWatch). The
// rule and the action are stored as their text (policyRuleText, policyActionText).
constexpr const char kV4Ddl[] = R"sql(
CREATE TABLE IF NOT EXISTS policy_violations (
id INTEGER PRIMARY KEY,
at INTEGER NOT NULL,
session_key TEXT NOT NULL,
run_id TEXT,
tool_call_id TEXT,
tool_name TEXT NOT NULL,
args_preview TEXT,
rule TEXT NOT NULL,
reason TEXT,
action TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_policy_violations_at ON policy_violations(at);
CREATE INDEX IF NOT EXISTS idx_policy_violations_session ON policy_violations(session_key, at);
)sql";

// Version 6: team operation from any console. A console whose engine follows queues its
// operator commands in clawops_commands for the acting engine, which claims them (status
// running, at its lease epoch) and marks them done or failed in the transaction that holds their
// changes; a command nobody claimed in time is withdrawn. clawops_claims holds the Inbox items an
// operator said they handle. Neither is history an import copies: both belong to the consoles
// running on a store, like the lease.
constexpr AddedColumn kV6Columns[] = {
    {"operator_actions", "console_host",
     "ALTER TABLE operator_actions ADD COLUMN console_host TEXT"},
};

constexpr const char kV6Ddl[] = R"sql(
CREATE TABLE IF NOT EXISTS clawops_commands (
id INTEGER PRIMARY KEY,
created_at INTEGER NOT NULL,
operator TEXT NOT NULL,
console_host TEXT NOT NULL,
kind TEXT NOT NULL,
task_id TEXT,
arguments TEXT NOT NULL,
status TEXT NOT NULL,
result TEXT,
claimed_by_epoch INTEGER,
executed_at INTEGER,
executed_by_epoch INTEGER
);
CREATE INDEX IF NOT EXISTS idx_clawops_commands_status ON clawops_commands(status, id);
CREATE TABLE IF NOT EXISTS clawops_claims (
task_id TEXT PRIMARY KEY,
operator TEXT NOT NULL,
console_host TEXT NOT NULL,
claimed_at INTEGER NOT NULL
)
)sql";

// Version 7: who runs a console on the store. Every engine says it is here every third of its
// lease TTL; a row not renewed by expires_at (the database's clock) is gone. Like the lease, it
// belongs to the consoles running on a store, not to its history.
constexpr const char kV7Ddl[] = R"sql(
CREATE TABLE IF NOT EXISTS clawops_consoles (
holder_id TEXT PRIMARY KEY,
operator TEXT NOT NULL,
console_host TEXT NOT NULL,
role TEXT NOT NULL,
seen_at INTEGER NOT NULL,
expires_at INTEGER NOT NULL
)
)sql";

QStringList splitStatements(const char *script)
{
    // The scripts above are ours and hold no ';' inside a statement, so a plain split is exact.
    // QSQLITE runs one statement per exec.
    QStringList out;
    const QStringList parts = QString::fromUtf8(script).split(QLatin1Char(';'));
    for (const QString &part : parts) {
        const QString statement = part.trimmed();
        if (!statement.isEmpty())
            out.append(statement);
    }
    return out;
}

QString failure(const QString &what, const QSqlError &error)
{
    return QStringLiteral("%1: %2").arg(what, error.text());
}

QString run(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return failure(sql.simplified(), query.lastError());
    return {};
}

// One statement per exec: QSQLITE runs only the first of several.
// Statements that each run alone (triggers hold ';'), stopping at the first error.
QString runEach(QSqlDatabase &db, const QStringList &statements)
{
    for (const QString &statement : statements) {
        if (QString error = run(db, statement); !error.isEmpty())
            return error;
    }
    return {};
}

QString runScript(QSqlDatabase &db, const SqlDialect &dialect, const char *script)
{
    for (const QString &statement : splitStatements(script)) {
        if (QString error = run(db, dialect.ddl(statement)); !error.isEmpty())
            return error;
    }
    return {};
}

QString readNumber(QSqlDatabase &db, const QString &sql, int *value)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql) || !query.next())
        return failure(sql, query.lastError());
    *value = query.value(0).toInt();
    return {};
}

QString addMissingColumns(QSqlDatabase &db, const SqlDialect &dialect, const AddedColumn *begin,
                          const AddedColumn *end)
{
    for (const AddedColumn *added = begin; added != end; ++added) {
        const QString table = QString::fromLatin1(added->table);
        QSet<QString> columns;
        if (QString error = columnsOf(db, dialect, table, &columns); !error.isEmpty())
            return error;
        if (columns.contains(QString::fromLatin1(added->column)))
            continue;
        qCDebug(lcStore).noquote() << "adding column" << table << added->column;
        if (QString error = run(db, dialect.ddl(QString::fromLatin1(added->ddl))); !error.isEmpty())
            return error;
    }
    return {};
}

// Version 8 (SqlDialect::trigramIndex). In a savepoint of the migration's transaction, so that
// a database without the extension, or a role without the privilege to create it, rolls back
// this step alone: the store opens, and its searches scan as before.
// Version 9 (SqlDialect::receiptNoteTrigramIndex) the same way.
void addTrigramIndex(QSqlDatabase &db, const QStringList &statements)
{
    if (statements.isEmpty())
        return;
    if (QString error = run(db, QStringLiteral("SAVEPOINT trigram_index")); !error.isEmpty()) {
        qCWarning(lcStore).noquote() << "no search index:" << error;
        return;
    }
    for (const QString &statement : statements) {
        if (QString error = run(db, statement); !error.isEmpty()) {
            qCWarning(lcStore).noquote() << "no search index, searches read every row:" << error;
            run(db, QStringLiteral("ROLLBACK TO SAVEPOINT trigram_index"));
            return;
        }
    }
    run(db, QStringLiteral("RELEASE SAVEPOINT trigram_index"));
}

QString createOrUpgrade(QSqlDatabase &db, const SqlDialect &dialect, int fromVersion)
{
    // The plugin's tables first, exactly as the plugin would create them, then what each version
    // adds. Every step is idempotent, so a file that a plugin touched again after an earlier
    // ClawOps migration still ends up complete.
    if (QString error = runScript(db, dialect, kPluginDdl); !error.isEmpty())
        return error;
    if (QString error = addMissingColumns(db, dialect, std::begin(kPluginAddedColumns),
                                          std::end(kPluginAddedColumns));
        !error.isEmpty())
        return error;
    if (fromVersion < 1) {
        if (QString error =
                addMissingColumns(db, dialect, std::begin(kV1Columns), std::end(kV1Columns));
            !error.isEmpty())
            return error;
        if (QString error = runScript(db, dialect, kV1Ddl); !error.isEmpty())
            return error;
    }
    if (fromVersion < 2) {
        if (QString error = runScript(db, dialect, kV2Ddl); !error.isEmpty())
            return error;
    }
    if (fromVersion < 3) {
        if (QString error =
                addMissingColumns(db, dialect, std::begin(kV3Columns), std::end(kV3Columns));
            !error.isEmpty())
            return error;
    }
    if (fromVersion < 4) {
        if (QString error = runScript(db, dialect, kV4Ddl); !error.isEmpty())
            return error;
    }
    if (fromVersion < 5) {
        // Version 5: the search index, where the dialect has one (SqlDialect::searchIndex).
        if (QString error = runEach(db, dialect.searchIndex); !error.isEmpty())
            return error;
    }
    if (fromVersion < 6) {
        if (QString error =
                addMissingColumns(db, dialect, std::begin(kV6Columns), std::end(kV6Columns));
            !error.isEmpty())
            return error;
        if (QString error = runScript(db, dialect, kV6Ddl); !error.isEmpty())
            return error;
    }
    if (fromVersion < 7) {
        if (QString error = runScript(db, dialect, kV7Ddl); !error.isEmpty())
            return error;
    }
    if (fromVersion < 8)
        addTrigramIndex(db, dialect.trigramIndex);
    if (fromVersion < 9) {
        if (QString error = runEach(db, dialect.receiptNoteIndex); !error.isEmpty())
            return error;
        addTrigramIndex(db, dialect.receiptNoteTrigramIndex);
    }
    if (fromVersion < 10) {
        if (QString error = runEach(db, sortIndexes(dialect)); !error.isEmpty())
            return error;
    }
    if (fromVersion < 11) {
        if (QString error = runEach(db, dialect.deferredSearchIndex); !error.isEmpty())
            return error;
    }
    // Part of this transaction in both databases (SQLite keeps them in the file header).
    // By hand: QString::arg fills the lowest-numbered marker, and SQLite's first statement only
    // has %2.
    for (QString statement : dialect.writeSchema) {
        statement.replace(QLatin1String("%1"), QString::number(kSchemaVersion))
            .replace(QLatin1String("%2"), QString::number(kApplicationId));
        if (QString error = run(db, statement); !error.isEmpty())
            return error;
    }
    return {};
}

} // namespace

QString columnsOf(QSqlDatabase &db, const SqlDialect &dialect, const QString &table,
                  QSet<QString> *columns)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(dialect.listColumns)) {
        return failure(QStringLiteral("reading the columns of %1").arg(table), query.lastError());
    }
    query.bindValue(0, table);
    if (!query.exec())
        return failure(QStringLiteral("reading the columns of %1").arg(table), query.lastError());
    while (query.next())
        columns->insert(query.value(0).toString());
    return {};
}

QStringList pluginTables()
{
    return {QStringLiteral("orchestrator_bindings"), QStringLiteral("orchestrator_retries"),
            QStringLiteral("orchestrator_tasks"), QStringLiteral("orchestrator_workers")};
}

QStringList clawopsTables()
{
    return {QStringLiteral("task_transitions"), QStringLiteral("operator_actions"),
            QStringLiteral("suppressed_spawns"), QStringLiteral("policy_violations")};
}

QStringList teamTables()
{
    return {QStringLiteral("clawops_commands"), QStringLiteral("clawops_claims"),
            QStringLiteral("clawops_consoles")};
}

QStringList requiredColumns(const QString &table)
{
    auto list = [](std::initializer_list<const char *> names) {
        QStringList out;
        for (const char *name : names)
            out.append(QString::fromLatin1(name));
        return out;
    };
    if (table == QLatin1String("orchestrator_bindings"))
        return list({"requester_session_key", "orchestrator_session_key", "updated_at"});
    if (table == QLatin1String("orchestrator_retries"))
        return list({"task_key", "retries", "updated_at"});
    if (table == QLatin1String("orchestrator_tasks"))
        return list({"task_id", "task_key", "requester_session_key", "orchestrator_session_key",
                     "label", "task_preview", "state", "attempt", "max_retries", "next_run_at",
                     "last_outcome", "spec_json", "created_at", "updated_at"});
    if (table == QLatin1String("orchestrator_workers"))
        return list({"child_session_key", "task_id", "task_key", "orchestrator_session_key",
                     "label", "task_preview", "status", "attempt", "started_at", "updated_at",
                     "outcome"});
    if (table == QLatin1String("task_transitions"))
        return list({"id", "task_id", "at", "from_state", "to_state", "reason"});
    if (table == QLatin1String("operator_actions"))
        return list({"id", "at", "operator", "action", "task_id", "reason", "result", "detail"});
    if (table == QLatin1String("suppressed_spawns"))
        return list({"id", "at", "task_key", "active_task_id", "requester_session_key",
                     "orchestrator_session_key", "label", "spawn_ref", "child_session_key"});
    if (table == QLatin1String("policy_violations"))
        return list({"id", "at", "session_key", "run_id", "tool_call_id", "tool_name",
                     "args_preview", "rule", "reason", "action"});
    if (table == QLatin1String("clawops_commands"))
        return list({"id", "created_at", "operator", "console_host", "kind", "task_id", "arguments",
                     "status", "result", "claimed_by_epoch", "executed_at", "executed_by_epoch"});
    if (table == QLatin1String("clawops_claims"))
        return list({"task_id", "operator", "console_host", "claimed_at"});
    if (table == QLatin1String("clawops_consoles"))
        return list({"holder_id", "operator", "console_host", "role", "seen_at", "expires_at"});
    return {};
}

Migration migrate(QSqlDatabase &db, const SqlDialect &dialect)
{
    Migration result;
    if (QString error = run(db, dialect.beginWrite); !error.isEmpty()) {
        result.error = error;
        return result;
    }
    // Everything from here on runs holding the write lock (SQLite) or the migration lock
    // (PostgreSQL): the version read is the one this transaction upgrades, even when another
    // ClawOps opened the same store a moment ago.
    QString error;
    if (!dialect.migrationLock.isEmpty())
        error = run(db, dialect.migrationLock);
    for (const QString &statement : dialect.schemaSetup) {
        if (error.isEmpty())
            error = run(db, statement);
    }
    if (error.isEmpty())
        error = readNumber(db, dialect.readVersion, &result.foundVersion);
    if (error.isEmpty() && result.foundVersion < kSchemaVersion) {
        qCInfo(lcStore).noquote() << "migrating the" << dialect.name << "store from schema"
                                  << result.foundVersion << "to" << kSchemaVersion;
        error = createOrUpgrade(db, dialect, result.foundVersion);
    }
    // A store that is current or newer gets nothing written; ending its transaction either way is
    // a commit of nothing.
    if (error.isEmpty())
        error = run(db, QStringLiteral("COMMIT"));
    if (!error.isEmpty()) {
        if (const QString rollback = run(db, QStringLiteral("ROLLBACK")); !rollback.isEmpty())
            qCWarning(lcStore).noquote() << "rollback after a failed migration:" << rollback;
    }
    result.error = error;
    return result;
}

} // namespace clawops::store
