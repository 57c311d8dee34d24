// The durable store: schema and migrations, plugin files, refusals, change sets and the console's
// reads. Built twice: tst_store runs on SQLite files, tst_store_postgres
// (CLAWOPS_STORE_ON_POSTGRES) runs the same tests, where they are not about SQLite files, on a
// PostgreSQL server of its own with one fresh database per store, plus PostgreSQL's own checks.

#include "StoreTestUtil.h"
#ifdef CLAWOPS_STORE_ON_POSTGRES
#include "PgServer.h"
#endif
#include "core/CommandCodec.h"
#include "core/Records.h"
#include "store/OpenFiles.h"
#include "store/Queries.h"
#include "store/Schema.h"
#include "store/SqlDialect.h"
#include "store/Store.h"
#include "store/Tables.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

#ifndef CLAWOPS_STORE_ON_POSTGRES
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace clawops;
using namespace clawops::store;
using namespace clawops::store::testing;
using namespace Qt::Literals::StringLiterals;
using core::TaskQuery;
using core::TaskSortKey;
using core::TaskState;

namespace {

#ifndef CLAWOPS_STORE_ON_POSTGRES
// Whether another process finds a lock on the file's SHARED range, which SQLite's unix VFS holds
// for as long as a connection in WAL mode is open (0x40000002, 510 bytes). POSIX locks belong to
// a process, so only a child can see the parent's.
bool anotherProcessSeesTheSharedLock(const QString &file)
{
    const QByteArray name = QFile::encodeName(file);
    const pid_t child = ::fork();
    if (child == 0) {
        // Only async-signal-safe calls here.
        const int fd = ::open(name.constData(), O_RDWR);
        struct flock probe = {};
        probe.l_type = F_WRLCK;
        probe.l_whence = SEEK_SET;
        probe.l_start = 0x40000002;
        probe.l_len = 510;
        const bool asked = fd >= 0 && ::fcntl(fd, F_GETLK, &probe) == 0;
        ::_exit(!asked ? 2 : probe.l_type == F_UNLCK ? 1 : 0);
    }
    int status = 0;
    return child > 0 && ::waitpid(child, &status, 0) == child && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

QJsonObject readFixture(const QString &name)
{
    QFile file(QStringLiteral(CLAWOPS_TEST_DATA_DIR "/store/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

#endif

core::WorkerRecord makeWorker(const QString &child, const QString &taskId, core::TimeMs at)
{
    core::WorkerRecord worker;
    worker.childSessionKey = clawops::core::SessionKey(child);
    worker.taskId = clawops::core::TaskId(taskId);
    worker.taskKey = clawops::core::TaskKey(u"key-"_s + taskId);
    worker.orchestratorSessionKey = clawops::core::SessionKey(u"agent:main:subagent:orch-1"_s);
    worker.label = u"worker-"_s + taskId;
    worker.taskPreview = u"Do the thing for "_s + taskId;
    worker.ended.reset();
    worker.attempt = 1;
    worker.startedAt = at;
    worker.updatedAt = at;
    return worker;
}

// Every stored worker by key, ended ones included (the snapshot holds the running ones): neither
// the plugin nor the core reads meaning into their order, and PostgreSQL returns an updated row
// after the others.
QList<core::WorkerRecord> workersByKey(Store &store)
{
    QList<core::WorkerRecord> workers;
    {
        SideConnection side(store.path());
        QSqlQuery query(side.db());
        if (!query.exec(tables::workers().select()))
            qFatal("reading the worker rows: %s", qPrintable(query.lastError().text()));
        while (query.next())
            workers.append(tables::workers().read(query));
    }
    std::sort(workers.begin(), workers.end(), [](const auto &a, const auto &b) {
        return a.childSessionKey.str() < b.childSessionKey.str();
    });
    return workers;
}

core::BindingChange bind(const QString &requester, const QString &orchestrator, core::TimeMs at)
{
    return core::BindingChange{core::BindingChange::Kind::Bind,
                               bindingRow(requester, orchestrator, at)};
}

#ifndef CLAWOPS_STORE_ON_POSTGRES
// Every stored value of the given columns, as typeof:hex, in row order: a change of a single byte
// or of a storage class shows.
QStringList rawRows(SideConnection &side, const QString &table, const QStringList &columns)
{
    QStringList parts;
    for (const QString &column : columns)
        parts.append(u"typeof(%1) || ':' || hex(%1)"_s.arg(column));
    QStringList out;
    const auto rows =
        side.rows(u"SELECT %1 FROM %2 ORDER BY rowid"_s.arg(parts.join(u" || '|' || "_s), table));
    for (const QVariantList &row : rows)
        out.append(row.constFirst().toString());
    return out;
}

#endif

QSet<QString> tableColumns(SideConnection &side, const QString &table)
{
    QSet<QString> out;
#ifdef CLAWOPS_STORE_ON_POSTGRES
    for (const QVariantList &row :
         side.rows(u"SELECT column_name FROM information_schema.columns WHERE table_schema = "
                   "'public' AND table_name = ?"_s,
                   {table}))
        out.insert(row.at(0).toString());
#else
    for (const QVariantList &row : side.rows(u"PRAGMA table_info(%1)"_s.arg(table)))
        out.insert(row.at(1).toString());
#endif
    return out;
}

QSet<QString> indexNames(SideConnection &side)
{
    QSet<QString> out;
#ifdef CLAWOPS_STORE_ON_POSTGRES
    for (const QVariantList &row :
         side.rows(u"SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"_s))
#else
    for (const QVariantList &row :
         side.rows(u"SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"_s))
#endif
        out.insert(row.constFirst().toString());
    return out;
}

// What every new store has, on either backend.
void verifySchema(SideConnection &side)
{
    for (const QString &table : pluginTables() + clawopsTables() + teamTables()) {
        const QSet<QString> columns = tableColumns(side, table);
        for (const QString &column : requiredColumns(table))
            QVERIFY2(columns.contains(column), qPrintable(table + u'.' + column));
    }
    const QSet<QString> taskColumns = tableColumns(side, u"orchestrator_tasks"_s);
    for (const char *column :
         {"receipt_seen", "verification_items", "explicit_no_verification", "worker_session_key",
          "gateway_task_id", "receipt_json", "receipt_status", "receipt_task_ref"})
        QVERIFY2(taskColumns.contains(QString::fromLatin1(column)), column);
    QVERIFY(tableColumns(side, u"operator_actions"_s).contains(u"console_host"_s));
    const QSet<QString> indexes = indexNames(side);
    for (const char *index : {"idx_orchestrator_tasks_orch_state", "idx_orchestrator_workers_orch",
                              "idx_task_transitions_task_at", "idx_task_transitions_at",
                              "idx_operator_actions_task", "idx_suppressed_spawns_task_key",
                              "idx_clawops_tasks_updated", "idx_clawops_tasks_state_updated",
                              "idx_clawops_tasks_task_key", "idx_policy_violations_at",
                              "idx_policy_violations_session", "idx_clawops_commands_status"})
        QVERIFY2(indexes.contains(QString::fromLatin1(index)), index);
}

QStringList ids(const QList<core::TaskRecord> &tasks)
{
    QStringList out;
    for (const core::TaskRecord &task : tasks)
        out.append(task.taskId);
    return out;
}

#ifndef CLAWOPS_STORE_ON_POSTGRES
QStringList pluginColumns(const QString &table)
{
    QStringList columns = requiredColumns(table);
    if (table == QLatin1String("orchestrator_tasks")) {
        columns.insert(12, u"receipt_seen"_s);
        columns.insert(13, u"verification_items"_s);
        columns.insert(14, u"explicit_no_verification"_s);
    }
    return columns;
}

#endif

// Seeds the console query tests: ids, labels, texts and times picked so that every filter, sort
// and escape has exactly one right answer.
core::ChangeSet querySeed()
{
    struct Row
    {
        const char *id;
        const char *label;
        const char *preview;
        const char *outcome;
        TaskState state;
        const char *orchestrator;
        core::TimeMs updatedAt;
        int attempt;
    };
    const Row rows[] = {
        {"task-01", "alpha", "Build the 100% thing", "worker-started", TaskState::Running, "orchA",
         1000, 1},
        {"task-02", "beta_x", "Fix the under_score bug", "error", TaskState::Failed, "orchA", 2000,
         3},
        {"task-03", "gamma", "Plain text", "done-ok", TaskState::Done, "orchB", 3000, 1},
        {"task-04", nullptr, "Percent % only", "worker-ended-ok", TaskState::NeedsVerification,
         "orchB", 4000, 2},
        {"task-05", "delta", "backslash \\ path", nullptr, TaskState::Queued, "orchA", 5000, 1},
        {"task-06", "betaXx", "no underscore here", "timeout", TaskState::Dead, "orchB", 6000, 1},
        {"task-07", "epsilon", "Needs an answer", "worker-reported-blocked", TaskState::NeedsInput,
         "orchA", 7000, 1},
        {"task-08", "zeta", "Leased", nullptr, TaskState::Leased, "orchB", 7000, 1},
    };
    core::ChangeSet changes;
    for (const Row &row : rows) {
        core::TaskRecord task = makeTask(QString::fromUtf8(row.id), row.updatedAt - 500);
        task.label = row.label ? QString::fromUtf8(row.label) : QString();
        task.taskPreview = QString::fromUtf8(row.preview);
        task.spec.task = task.taskPreview;
        task.lastOutcome = clawops::core::TransitionCause::fromText(
            row.outcome ? QString::fromUtf8(row.outcome) : QString());
        task.state = row.state;
        task.orchestratorSessionKey =
            clawops::core::SessionKey(QString::fromUtf8(row.orchestrator));
        task.updatedAt = row.updatedAt;
        task.attempt = row.attempt;
        changes.taskUpserts.append(task);
    }
    return changes;
}

} // namespace

Q_DECLARE_METATYPE(StoreError::Kind)
Q_DECLARE_METATYPE(clawops::core::TaskSortKey)

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

#ifndef CLAWOPS_STORE_ON_POSTGRES
    void createsAndMigratesNewStore_data();
    void createsAndMigratesNewStore();
    void pluginFileKeepsEveryRow_data();
    void pluginFileKeepsEveryRow();
    void snapshotFollowsPluginRehydration();
    void refusesWithoutWriting_data();
    void refusesWithoutWriting();
    void refusesBadPaths();
    void aSecondConnectionKeepsTheFirstOnesLocks();
    void bigFileChecksOnRequest();
    void version3StoreGainsPolicyViolations();
    void version4StoreGainsTheSearchIndex();
    void version8StoreGainsTheReceiptAndNoteIndex();
#else
    void createsAndMigratesPostgres();
    void refusesForeignPostgres();
    void concurrentOpenersMigrateOnce();
    void passwordStaysSecret();
#endif
    void reopenKeepsRows();
    void snapshotSummariesCountAllHistory();
    void absentIsNotFailed();

    void applyRoundTripsTasks_data();
    void applyRoundTripsTasks();
    void applyKeepsFirstCreatedAt();
    void applyWorkersLikePlugin();
    void aRetiredOrchestratorTakesItsStoredWorkers();
    void applyBindingsLikePlugin();
    void applyRoundTripsLogs();
    void applyRoundTripsPolicyViolations();
    void applyRollsBackOnFailure();
    void applyLargeSetLikeItsSequence();
    void notOpenIsAnError();

    void queryTasks_data();
    void queryTasks();
    void everySortKeyReadsEveryRow();
    void everySortOrderReadsAnIndex();
    void aLargeStateWalksItsOrdersIndex();
    void searchFindsWhatAScanFinds_data();
    void searchFindsWhatAScanFinds();
    void receiptAndNoteSearchFindsWhatAScanFinds_data();
    void receiptAndNoteSearchFindsWhatAScanFinds();
    void countByState();
    void attemptsAndHighestAttempt();
    void recentActivity();

    void connectionsAreOwnedPerStore();

    void version5StoreGainsTeamTables();
    void queuedCommandRunsOnceUnderItsFence();
    void queuedCommandIsWithdrawnOnlyWhenNobodyCanRunIt();
    void claimsAreWrittenAuditedAndReleasedOnResolve();

private:
    // Where the store called `name` lives in this test: a file in the test's folder, or a fresh
    // PostgreSQL database (the same one for the same name within a test).
    QString path(const QString &name);
    std::unique_ptr<QTemporaryDir> m_dir;
#ifdef CLAWOPS_STORE_ON_POSTGRES
    PgServer m_server;
    QHash<QString, QString> m_databases;
    int m_databaseCount = 0;
#endif
};

#ifdef CLAWOPS_STORE_ON_POSTGRES
QString TestStore::path(const QString &name)
{
    if (const auto found = m_databases.constFind(name); found != m_databases.constEnd())
        return found.value();
    const QString database = u"store_%1"_s.arg(++m_databaseCount);
    if (const QString error = m_server.createDatabase(database); !error.isEmpty()) {
        qWarning("cannot create the database %s: %s", qPrintable(database), qPrintable(error));
        return {};
    }
    return m_databases[name] = m_server.url(database);
}

void TestStore::initTestCase()
{
    // No PostgreSQL is a failure, not a skip: ./scripts/install-deps installs it.
    const QString error = m_server.start();
    QVERIFY2(error.isEmpty(),
             qPrintable(u"cannot start a PostgreSQL server for the test: "_s + error));
}

void TestStore::cleanupTestCase()
{
    m_server.stop();
}
#else
QString TestStore::path(const QString &name)
{
    return m_dir->filePath(name);
}

void TestStore::initTestCase() {}

void TestStore::cleanupTestCase() {}
#endif

void TestStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // removeDatabase with a live query or handle is a bug in connection handling.
    QTest::failOnWarning(QRegularExpression(u"still in use"_s));
    QTest::failOnWarning(QRegularExpression(u"does not belong to the calling thread"_s));
}

void TestStore::cleanup()
{
    // Every Store and side connection has removed its connection again.
    QCOMPARE(QSqlDatabase::connectionNames(), QStringList());
    m_dir.reset();
#ifdef CLAWOPS_STORE_ON_POSTGRES
    m_databases.clear();
#endif
}

// ---- schema ---------------------------------------------------------------------------------

#ifndef CLAWOPS_STORE_ON_POSTGRES
void TestStore::createsAndMigratesNewStore_data()
{
    QTest::addColumn<bool>("fileExists");
    QTest::newRow("missing file") << false;
    QTest::newRow("empty file") << true;
}

void TestStore::createsAndMigratesNewStore()
{
    QFETCH(bool, fileExists);
    const QString file = path(u"new.db"_s);
    if (fileExists) {
        QFile empty(file);
        QVERIFY(empty.open(QIODevice::WriteOnly));
    }
    {
        Store store;
        const StoreError error = store.open(file);
        QVERIFY2(!error, qPrintable(error.message));
        QVERIFY(store.isOpen());
        QCOMPARE(store.schemaVersion(), kSchemaVersion);
        QCOMPARE(store.path(), file);
        const core::Snapshot snapshot = store.loadSnapshot().value();
        QVERIFY(snapshot.activeTasks.isEmpty());
        QVERIFY(snapshot.workers.isEmpty());
    }
    SideConnection side(file);
    QVERIFY(side.ok());
    QCOMPARE(side.scalar(u"PRAGMA user_version"_s).toInt(), kSchemaVersion);
    QCOMPARE(side.scalar(u"PRAGMA application_id"_s).toInt(), kApplicationId);
    QCOMPARE(side.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    verifySchema(side);
    if (QTest::currentTestFailed())
        return;
    // The plugin's own table text, so that its CREATE ... IF NOT EXISTS finds what it expects.
    const QString bindingsSql =
        side.scalar(u"SELECT sql FROM sqlite_master WHERE name = 'orchestrator_bindings'"_s)
            .toString();
    QString pluginBindings = pluginDdl(true).constFirst();
    QCOMPARE(bindingsSql, pluginBindings.replace(u"IF NOT EXISTS "_s, QString()));
}

// The version 4 step alone: a store of version 3 (as the previous ClawOps left it) gains the
// table, keeps its rows, and takes violations.
// Reading the header of a file SQLite has open in this process would drop SQLite's locks on it
// (OpenFiles.h): another console could then checkpoint the file and remove its log under us.
void TestStore::aSecondConnectionKeepsTheFirstOnesLocks()
{
    const QString file = path(u"locked.db"_s);
    {
        Store first;
        QVERIFY(!first.open(file));
        QVERIFY(
            !first.apply(core::ChangeSet{{makeTask(u"t1"_s, 1)}, {}, {}, {}, {}, {}, {}, {}, {}}));
        QVERIFY(anotherProcessSeesTheSharedLock(file));
        QCOMPARE(openfiles::connectionsTo(file), 1);

        Store second;
        QVERIFY(!second.open(file));
        QCOMPARE(openfiles::connectionsTo(file), 2);
        QVERIFY2(anotherProcessSeesTheSharedLock(file),
                 "opening a second connection dropped the first one's lock");
        QVERIFY(second.findTask(clawops::core::TaskId(u"t1"_s)).isFound());
        second.close();
        QVERIFY(anotherProcessSeesTheSharedLock(file));
        QCOMPARE(openfiles::connectionsTo(file), 1);

        // A refused open counts nothing.
        Store refused;
        QVERIFY(refused.open(path(u"missing-folder/x.db"_s)));
        QCOMPARE(openfiles::connectionsTo(file), 1);
    }
    QCOMPARE(openfiles::connectionsTo(file), 0);
    QVERIFY(!anotherProcessSeesTheSharedLock(file));
}

void TestStore::version3StoreGainsPolicyViolations()
{
    const QString file = path(u"v3.db"_s);
    {
        Store store;
        QVERIFY(!store.open(file));
        core::ChangeSet changes;
        changes.taskUpserts = {makeTask(u"t1"_s, 100)};
        QVERIFY(!store.apply(changes));
    }
    {
        SideConnection side(file);
        QCOMPARE(side.exec(u"DROP TABLE policy_violations"_s), QString());
        QCOMPARE(side.exec(u"PRAGMA user_version = 3"_s), QString());
    }
    Store store;
    const StoreError error = store.open(file);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(store.schemaVersion(), kSchemaVersion);
    QCOMPARE(store.loadSnapshot().value().activeTasks.size(), 1);
    QVERIFY(store.recentPolicyViolations(5).value().isEmpty());
    core::ChangeSet changes;
    core::PolicyViolationRecord record;
    record.at = 5;
    record.sessionKey = core::SessionKey(u"agent:main:main"_s);
    record.toolName = u"exec"_s;
    changes.policyViolations = {record};
    QVERIFY(!store.apply(changes));
    QCOMPARE(store.recentPolicyViolations(5).value(), changes.policyViolations);
    SideConnection side(file);
    verifySchema(side);
}
#endif

void TestStore::reopenKeepsRows()
{
    const QString file = path(u"reopen.db"_s);
    core::ChangeSet changes;
    changes.taskUpserts = {makeTask(u"t1"_s, 100), makeTask(u"t2"_s, 200)};
    changes.workerChanges.append(
        {core::WorkerChange::Kind::Upsert, makeWorker(u"child-1"_s, u"t1"_s, 100)});
    changes.retryCounts.append(retryCount(u"key-t1"_s, 1, 150));
    {
        Store store;
        QVERIFY(!store.open(file));
        QVERIFY(!store.apply(changes));
    }
    for (int round = 0; round < 2; ++round) {
        Store store;
        const StoreError error = store.open(file);
        QVERIFY2(!error, qPrintable(error.message));
        const core::Snapshot snapshot = store.loadSnapshot().value();
        QCOMPARE(snapshot.activeTasks, changes.taskUpserts);
        QCOMPARE(snapshot.workers.size(), 1);
        QCOMPARE(snapshot.workers.constFirst(), changes.workerChanges.constFirst().record);
        QCOMPARE(snapshot.retryCounts.size(), 1);
        QCOMPARE(snapshot.retryCounts.constFirst(), changes.retryCounts.constFirst());
    }
}

#ifndef CLAWOPS_STORE_ON_POSTGRES
void TestStore::pluginFileKeepsEveryRow_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("withReceiptColumns");
    QTest::newRow("real plugin dump") << u"orchestrator-db-dump.json"_s << true;
    QTest::newRow("plugin rows") << u"plugin-rows.json"_s << true;
    QTest::newRow("before addColumnIfMissing") << u"plugin-rows.json"_s << false;
}

void TestStore::pluginFileKeepsEveryRow()
{
    QFETCH(QString, fixture);
    QFETCH(bool, withReceiptColumns);
    const QJsonObject dump = readFixture(fixture);
    QVERIFY(!dump.isEmpty());
    const QString file = path(u"orchestrator.db"_s);
    const QString written = writePluginStore(file, dump, withReceiptColumns);
    QVERIFY2(written.isEmpty(), qPrintable(written));

    QHash<QString, QStringList> before;
    const auto columnsOf = [&](const QString &table) {
        QStringList columns = pluginColumns(table);
        if (!withReceiptColumns) {
            columns.removeAll(u"receipt_seen"_s);
            columns.removeAll(u"verification_items"_s);
            columns.removeAll(u"explicit_no_verification"_s);
        }
        return columns;
    };
    {
        SideConnection side(file);
        QCOMPARE(side.scalar(u"PRAGMA user_version"_s).toInt(), 0);
        for (const QString &table : pluginTables())
            before.insert(table, rawRows(side, table, columnsOf(table)));
    }

    {
        Store store;
        const StoreError error = store.open(file);
        QVERIFY2(!error, qPrintable(error.message));
        QCOMPARE(store.schemaVersion(), kSchemaVersion);

        // Every task reads back with the values the plugin wrote.
        const QJsonArray tasks = dump.value(u"orchestrator_tasks"_s).toArray();
        for (const QJsonValue value : tasks) {
            const QJsonObject row = value.toObject();
            const QString id = row.value(u"task_id"_s).toString();
            const std::optional<core::TaskRecord> task =
                store.findTask(clawops::core::TaskId(id)).optional();
            QVERIFY2(task.has_value(), qPrintable(id));
            QCOMPARE(task->taskKey, row.value(u"task_key"_s).toString());
            QCOMPARE(task->requesterSessionKey, row.value(u"requester_session_key"_s).toString());
            QCOMPARE(task->orchestratorSessionKey,
                     row.value(u"orchestrator_session_key"_s).toString());
            QCOMPARE(task->label, row.value(u"label"_s).toString());
            QCOMPARE(task->taskPreview, row.value(u"task_preview"_s).toString());
            QCOMPARE(task->state, core::taskStateFromString(row.value(u"state"_s).toString())
                                      .value_or(TaskState::Queued));
            QCOMPARE(task->attempt, row.value(u"attempt"_s).toInt());
            QCOMPARE(task->maxRetries, row.value(u"max_retries"_s).toInt());
            QCOMPARE(task->nextRunAt.has_value(), !row.value(u"next_run_at"_s).isNull());
            if (task->nextRunAt)
                QCOMPARE(*task->nextRunAt, row.value(u"next_run_at"_s).toInteger());
            QCOMPARE(task->lastOutcome.toText(), row.value(u"last_outcome"_s).toString());
            const auto spec = core::specFromJson(row.value(u"spec_json"_s).toString().toUtf8());
            QCOMPARE(task->spec, spec.value_or(core::SpawnSpec{}));
            QCOMPARE(task->receiptSeen,
                     withReceiptColumns && row.value(u"receipt_seen"_s).toInt() > 0);
            QCOMPARE(task->verificationItems,
                     withReceiptColumns ? row.value(u"verification_items"_s).toInt() : 0);
            QCOMPARE(task->explicitNoVerification,
                     withReceiptColumns && row.value(u"explicit_no_verification"_s).toInt() > 0);
            QCOMPARE(task->createdAt, row.value(u"created_at"_s).toInteger());
            QCOMPARE(task->updatedAt, row.value(u"updated_at"_s).toInteger());
            QVERIFY(task->workerSessionKey.isEmpty());
            QVERIFY(task->receiptJson.isEmpty());
        }
        if (fixture == QLatin1String("orchestrator-db-dump.json")) {
            // The one real row: a worker that ended ok and waits for verification.
            const core::Snapshot snapshot = store.loadSnapshot().value();
            QCOMPARE(snapshot.activeTasks.size(), 1);
            const core::TaskRecord &task = snapshot.activeTasks.constFirst();
            QCOMPARE(task.taskId, u"7ef53ebce7d1-a1"_s);
            QCOMPARE(task.state, TaskState::NeedsVerification);
            QCOMPARE(task.spec.label, u"worker-T-44"_s);
            QCOMPARE(task.spec.kind, u"worker"_s);
            QVERIFY(task.spec.task.startsWith(u"Run the mock checks for T-44 and report."_s));
            QVERIFY(task.spec.task.endsWith(u"Current attempt: 1"_s));
            QVERIFY(!task.spec.thread.has_value());
            QCOMPARE(task.createdAt, 1795469060014);
        }
    }

    // Same rows, same bytes, same storage classes; the new columns are there with their defaults.
    SideConnection side(file);
    QCOMPARE(side.scalar(u"PRAGMA user_version"_s).toInt(), kSchemaVersion);
    for (const QString &table : pluginTables())
        QCOMPARE(rawRows(side, table, columnsOf(table)), before.value(table));
    const QSet<QString> columns = tableColumns(side, u"orchestrator_tasks"_s);
    QVERIFY(columns.contains(u"receipt_seen"_s));
    QVERIFY(columns.contains(u"receipt_task_ref"_s));
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM orchestrator_tasks WHERE receipt_seen IS NULL OR "
                         "worker_session_key IS NOT NULL"_s)
                 .toInt(),
             0);
}

void TestStore::snapshotFollowsPluginRehydration()
{
    const QString file = path(u"orchestrator.db"_s);
    const QString written = writePluginStore(file, readFixture(u"plugin-rows.json"_s));
    QVERIFY2(written.isEmpty(), qPrintable(written));
    Store store;
    QVERIFY(!store.open(file));
    const StoreResult<core::Snapshot> read = store.loadSnapshot(424242);
    QVERIFY2(read.isOk(), qPrintable(read.error().message));
    const core::Snapshot &snapshot = read.value();

    // Bindings: both keys required (asString), so the blank requester is skipped.
    QCOMPARE(snapshot.bindings.size(), 1);
    QCOMPARE(snapshot.bindings.constFirst().requesterSessionKey, u"agent:main:main"_s);
    QCOMPARE(snapshot.bindings.constFirst().updatedAt, 1795469131297);

    // Retry counts: asNonNegativeInt(retries, 0), numbers only, floored.
    QHash<QString, int> retries;
    for (const core::RetryCountRecord &retry : snapshot.retryCounts)
        retries.insert(retry.taskKey, retry.retries);
    QCOMPARE(retries.size(), 4);
    QCOMPARE(retries.value(u"46"_s + QString(62, u'a')), 1);
    QCOMPARE(retries.value(u"negative-retries"_s), 0);
    QCOMPARE(retries.value(u"text-retries"_s), 0);
    QCOMPARE(retries.value(u"real-retries"_s), 2);

    // Workers: the real row as it is; the one without an orchestrator is skipped; the odd one has
    // ended, so it is not read back (the engine needs only the running ones), but the codec reads
    // it with the plugin's defaults.
    QCOMPARE(snapshot.workers.size(), 1);
    const core::WorkerRecord &real = snapshot.workers.at(0);
    QCOMPARE(real.childSessionKey, u"agent:main:subagent:f1c6361f-b027-4f12-b0af-c4897cf2c8be"_s);
    QCOMPARE(real.taskId, u"885a91ac3649-a1"_s);
    QCOMPARE(statusText(real), u"running"_s);
    QCOMPARE(real.attempt, 1);
    QCOMPARE(real.startedAt, 1795469132101);
    QVERIFY(real.outcome.isEmpty());
    core::WorkerRecord odd;
    {
        SideConnection side(file);
        QSqlQuery query(side.db());
        QVERIFY(query.exec(tables::workers().select() +
                           u" WHERE child_session_key = ' agent:main:subagent:odd '"_s));
        QVERIFY(query.next());
        odd = tables::workers().read(query, ReadContext{424242});
    }
    QCOMPARE(odd.childSessionKey, u"agent:main:subagent:odd"_s);
    QVERIFY(odd.label.isEmpty());
    QCOMPARE(odd.taskPreview, u"(unknown task)"_s);
    QCOMPARE(statusText(odd), u"ok"_s);
    QCOMPARE(odd.attempt, 1);
    QCOMPARE(odd.startedAt, 424242);
    QCOMPARE(odd.updatedAt, 424242);
    QVERIFY(odd.outcome.isEmpty());
    QVERIFY(odd.taskId.isEmpty());

    // Active tasks: exactly the five active states; "paused" and " RUNNING " stay in the file.
    QStringList active = ids(snapshot.activeTasks);
    active.sort();
    QCOMPARE(active, QStringList({u"46aaaaaaaaaa-a2"_s, u"50eeeeeeeeee-a1"_s, u"51ffffffffff-a1"_s,
                                  u"7ef53ebce7d1-a1"_s, u"885a91ac3649-a1"_s}));
    for (const core::TaskRecord &task : snapshot.activeTasks) {
        if (task.taskId == u"46aaaaaaaaaa-a2"_s) {
            // The queued retry the plugin would rehydrate.
            QCOMPARE(task.state, TaskState::Queued);
            QCOMPARE(task.nextRunAt, std::optional<core::TimeMs>(1795469200000));
            QCOMPARE(task.attempt, 2);
            QVERIFY(task.label.isEmpty());
            QCOMPARE(task.spec.agentId, u"research"_s);
            QCOMPARE(task.spec.thread, std::optional<bool>(false));
            QCOMPARE(task.spec.requestId, u"req-46"_s);
            QVERIFY(task.spec.task.contains(u"ünïcødé “quotes” and 100% of_it."_s));
            QVERIFY(task.receiptSeen);
            QCOMPARE(task.verificationItems, 3);
        }
        if (task.taskId == u"50eeeeeeeeee-a1"_s || task.taskId == u"51ffffffffff-a1"_s) {
            // Bad or missing spec_json: the row is kept, its spec is empty.
            QCOMPARE(task.spec, core::SpawnSpec{});
            QVERIFY(!task.taskPreview.isEmpty());
        }
    }
    // Lookups normalise like the plugin's readTaskState: unknown reads as queued.
    QCOMPARE(store.findTask(clawops::core::TaskId(u"48cccccccccc-a1"_s)).value().state,
             TaskState::Queued);
    QCOMPARE(store.findTask(clawops::core::TaskId(u"49dddddddddd-a1"_s)).value().state,
             TaskState::Running);
    QCOMPARE(store.findTask(clawops::core::TaskId(u"47bbbbbbbbbb-a1"_s)).value().state,
             TaskState::Done);
    QVERIFY(!store.findTask(clawops::core::TaskId(u"no-such-task"_s)).isFound());

    // Status summaries count every row of each orchestrator, as readStatusSummary does: "paused"
    // as queued and " RUNNING " as running, though neither is revived.
    core::StatusSummary busy;
    busy[TaskState::Queued] = 2;
    busy[TaskState::Leased] = 1;
    busy[TaskState::Running] = 2;
    busy[TaskState::NeedsInput] = 1;
    busy[TaskState::Done] = 1;
    busy[TaskState::Failed] = 1;
    core::StatusSummary quiet;
    quiet[TaskState::NeedsVerification] = 1;
    using Summaries = QHash<clawops::core::SessionKey, core::StatusSummary>;
    QCOMPARE(snapshot.summaries,
             Summaries({{clawops::core::SessionKey(
                             u"agent:main:subagent:38866271-8378-4395-b88e-061cf3ce0248"_s),
                         busy},
                        {clawops::core::SessionKey(
                             u"agent:main:subagent:6f4eb4b8-92ef-4b70-b61a-bc0d7317b22d"_s),
                         quiet}}));
}

#endif

void TestStore::snapshotSummariesCountAllHistory()
{
    const QString file = path(u"summaries.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    // An empty store has nothing to count.
    QVERIFY(store.loadSnapshot().value().summaries.isEmpty());

    // querySeed: orchA has running, failed, queued, needs_input; orchB done, needs_verification,
    // dead, leased. Terminal rows count too: they are history the status block reports.
    QVERIFY(!store.apply(querySeed()));
    {
        SideConnection side(file);
        for (const char *state : {" DONE ", "Done", "paused"}) {
            QCOMPARE(
                side.exec(u"INSERT INTO orchestrator_tasks (task_id, task_key, "
                          "requester_session_key, orchestrator_session_key, task_preview, "
                          "state, created_at, updated_at) VALUES (?, 'k', 'r', 'orchB', 'p', ?, "
                          "1, 1)"_s,
                          {u"odd-"_s + QString::fromLatin1(state), QString::fromLatin1(state)}),
                QString());
        }
    }
    core::StatusSummary orchA;
    orchA[TaskState::Running] = 1;
    orchA[TaskState::Failed] = 1;
    orchA[TaskState::Queued] = 1;
    orchA[TaskState::NeedsInput] = 1;
    core::StatusSummary orchB;
    orchB[TaskState::Done] = 3;
    orchB[TaskState::NeedsVerification] = 1;
    orchB[TaskState::Dead] = 1;
    orchB[TaskState::Leased] = 1;
    orchB[TaskState::Queued] = 1;
    const StoreResult<core::Snapshot> snapshot = store.loadSnapshot();
    QVERIFY2(snapshot.isOk(), qPrintable(snapshot.error().message));
    using Summaries = QHash<clawops::core::SessionKey, core::StatusSummary>;
    QCOMPARE(snapshot.value().summaries,
             Summaries({{clawops::core::SessionKey(u"orchA"_s), orchA},
                        {clawops::core::SessionKey(u"orchB"_s), orchB}}));
    // The totals agree with the console's counts.
    core::StateCounts total;
    for (const core::StatusSummary &summary : snapshot.value().summaries) {
        for (int i = 0; i < core::kTaskStateCount; ++i)
            total[static_cast<TaskState>(i)] += summary[static_cast<TaskState>(i)];
    }
    QCOMPARE(total, store.countByState().value());
}

// ---- refusals -------------------------------------------------------------------------------

#ifndef CLAWOPS_STORE_ON_POSTGRES
void TestStore::refusesWithoutWriting_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<StoreError::Kind>("expected");
    QTest::newRow("garbage bytes") << u"garbage"_s << StoreError::Kind::NotADatabase;
    QTest::newRow("text file") << u"text"_s << StoreError::Kind::NotADatabase;
    QTest::newRow("truncated header") << u"short-header"_s << StoreError::Kind::NotADatabase;
    QTest::newRow("header then garbage") << u"header-garbage"_s << StoreError::Kind::NotADatabase;
    QTest::newRow("other application's tables")
        << u"foreign"_s << StoreError::Kind::ForeignDatabase;
    QTest::newRow("other application_id") << u"foreign-id"_s << StoreError::Kind::ForeignDatabase;
    QTest::newRow("same table name, other columns")
        << u"foreign-columns"_s << StoreError::Kind::ForeignDatabase;
    QTest::newRow("newer schema") << u"too-new"_s << StoreError::Kind::TooNew;
    QTest::newRow("damaged page") << u"damaged"_s << StoreError::Kind::Corrupt;
    QTest::newRow("cut off") << u"cut"_s << StoreError::Kind::Corrupt;
    QTest::newRow("empty file, WAL beside it") << u"empty-wal"_s << StoreError::Kind::Corrupt;
}

void TestStore::refusesWithoutWriting()
{
    QFETCH(QString, kind);
    QFETCH(StoreError::Kind, expected);
    const QString file = path(u"refuse-"_s + kind + u".db"_s);

    // A healthy ClawOps store with enough rows for several pages, as raw material.
    const auto makeStore = [&](const QString &at) {
        Store store;
        QVERIFY(!store.open(at));
        core::ChangeSet changes;
        for (int i = 0; i < 300; ++i)
            changes.taskUpserts.append(makeTask(u"task-%1"_s.arg(i), 1000 + i));
        QVERIFY(!store.apply(changes));
    };
    const auto writeBytes = [&](const QByteArray &bytes) {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QCOMPARE(out.write(bytes), bytes.size());
    };

    if (kind == u"garbage"_s) {
        QByteArray bytes;
        for (int i = 0; i < 8192; ++i)
            bytes.append(char((i * 7919 + 13) & 0xff));
        writeBytes(bytes);
    } else if (kind == u"text"_s) {
        writeBytes("requester,orchestrator\nagent:main:main,agent:main:subagent:1\n");
    } else if (kind == u"short-header"_s) {
        writeBytes(QByteArray("SQLite format 3\0", 16) + QByteArray(24, '\0'));
    } else if (kind == u"header-garbage"_s) {
        QByteArray bytes("SQLite format 3\0", 16);
        bytes.append(QByteArray(4096 - 16, '\xa5'));
        writeBytes(bytes);
    } else if (kind == u"foreign"_s || kind == u"foreign-id"_s || kind == u"foreign-columns"_s ||
               kind == u"too-new"_s) {
        SideConnection side(file);
        QVERIFY(side.ok());
        if (kind == u"foreign"_s) {
            QCOMPARE(side.exec(u"CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"_s),
                     QString());
            QCOMPARE(side.exec(u"INSERT INTO invoices (total) VALUES (12.5)"_s), QString());
        } else if (kind == u"foreign-id"_s) {
            for (const QString &statement : pluginDdl(true))
                QCOMPARE(side.exec(statement), QString());
            QCOMPARE(side.exec(u"PRAGMA application_id = 1234"_s), QString());
        } else if (kind == u"foreign-columns"_s) {
            QCOMPARE(side.exec(u"CREATE TABLE orchestrator_tasks (id INTEGER, body TEXT)"_s),
                     QString());
        } else {
            for (const QString &statement : pluginDdl(true))
                QCOMPARE(side.exec(statement), QString());
            QCOMPARE(side.exec(u"PRAGMA user_version = %1"_s.arg(kSchemaVersion + 1)), QString());
        }
    } else if (kind == u"damaged"_s) {
        makeStore(file);
        int root = 0;
        int pageSize = 0;
        {
            SideConnection side(file, u"QSQLITE_OPEN_READONLY"_s);
            root = side.scalar(u"SELECT rootpage FROM sqlite_master WHERE name = "
                               "'orchestrator_tasks'"_s)
                       .toInt();
            pageSize = side.scalar(u"PRAGMA page_size"_s).toInt();
        }
        QVERIFY(root > 1);
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::ReadWrite));
        QVERIFY(damaged.seek(qint64(root - 1) * pageSize));
        damaged.write(QByteArray(pageSize, '\x7f'));
    } else if (kind == u"cut"_s) {
        makeStore(file);
        QFile cut(file);
        QVERIFY(cut.resize(cut.size() / 2));
    } else if (kind == u"empty-wal"_s) {
        writeBytes(QByteArray());
        QFile wal(file + u"-wal"_s);
        QVERIFY(wal.open(QIODevice::WriteOnly));
        wal.write(QByteArray(4096, '\x37'));
    }
    QVERIFY(QFileInfo::exists(file));
    if (kind != u"empty-wal"_s)
        QVERIFY(!QFileInfo::exists(file + u"-wal"_s) || QFileInfo(file + u"-wal"_s).size() == 0);
    const QByteArray walHash = fileHash(file + u"-wal"_s);
    const QByteArray hash = fileHash(file);
    const qint64 size = QFileInfo(file).size();

    {
        Store store;
        const StoreError error = store.open(file);
        QVERIFY2(error.kind == expected,
                 qPrintable(u"kind %1: %2"_s.arg(int(error.kind)).arg(error.message)));
        QVERIFY2(error.message.contains(QDir::toNativeSeparators(file)), qPrintable(error.message));
        QVERIFY(!store.isOpen());
        QCOMPARE(store.apply(core::ChangeSet{{makeTask(u"x"_s, 1)}, {}, {}, {}, {}, {}, {}, {}, {}})
                     .kind,
                 StoreError::Kind::CannotOpen);
        // A second attempt refuses the same way.
        QCOMPARE(store.open(file).kind, expected);
    }
    QCOMPARE(QFileInfo(file).size(), size);
    QCOMPARE(fileHash(file), hash);
    QCOMPARE(fileHash(file + u"-wal"_s), walHash);
}

void TestStore::refusesBadPaths()
{
    Store store;
    const QString missingFolder = path(u"no/such/folder/store.db"_s);
    StoreError error = store.open(missingFolder);
    QCOMPARE(error.kind, StoreError::Kind::CannotOpen);
    QVERIFY(error.message.contains(QDir::toNativeSeparators(missingFolder)));
    QVERIFY(!QFileInfo::exists(missingFolder));

    QVERIFY(QDir(m_dir->path()).mkdir(u"a-folder"_s));
    error = store.open(path(u"a-folder"_s));
    QCOMPARE(error.kind, StoreError::Kind::CannotOpen);

    error = store.open(QString());
    QCOMPARE(error.kind, StoreError::Kind::CannotOpen);
    QVERIFY(!store.isOpen());
}

void TestStore::bigFileChecksOnRequest()
{
    // Above fullCheckMaxBytes open() only checks the small tables; checkIntegrity() checks all.
    const QString file = path(u"big.db"_s);
    int root = 0;
    int pageSize = 0;
    {
        Store store;
        QVERIFY(!store.open(file));
        core::ChangeSet changes;
        for (int i = 0; i < 300; ++i)
            changes.taskUpserts.append(makeTask(u"task-%1"_s.arg(i), 1000 + i));
        QVERIFY(!store.apply(changes));
        QCOMPARE(store.checkIntegrity().kind, StoreError::Kind::None);
    }
    {
        SideConnection side(file, u"QSQLITE_OPEN_READONLY"_s);
        root = side.scalar(u"SELECT rootpage FROM sqlite_master WHERE name = "
                           "'idx_clawops_tasks_task_key'"_s)
                   .toInt();
        pageSize = side.scalar(u"PRAGMA page_size"_s).toInt();
    }
    {
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::ReadWrite));
        QVERIFY(damaged.seek(qint64(root - 1) * pageSize));
        damaged.write(QByteArray(pageSize, '\x7f'));
    }
    Store store;
    OpenOptions options;
    options.fullCheckMaxBytes = 0;
    const StoreError error = store.open(file, options);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(store.checkIntegrity().kind, StoreError::Kind::Corrupt);
}

// ---- change sets ----------------------------------------------------------------------------

#endif

void TestStore::applyRoundTripsTasks_data()
{
    QTest::addColumn<qint64>("nextRunAt"); // -1: none
    QTest::addColumn<int>("thread");       // -1: absent
    QTest::addColumn<bool>("everyField");
    QTest::addColumn<int>("state");
    QTest::newRow("no retry, thread absent, minimal") << qint64(-1) << -1 << false << 0;
    QTest::newRow("retry at, thread true") << qint64(1795469200000) << 1 << true << 0;
    QTest::newRow("retry at 0, thread false") << qint64(0) << 0 << true << 1;
    QTest::newRow("running") << qint64(-1) << 1 << true << int(TaskState::Running);
    QTest::newRow("needs_input") << qint64(-1) << 0 << true << int(TaskState::NeedsInput);
    QTest::newRow("needs_verification")
        << qint64(-1) << -1 << true << int(TaskState::NeedsVerification);
    QTest::newRow("done") << qint64(-1) << -1 << true << int(TaskState::Done);
    QTest::newRow("failed") << qint64(-1) << -1 << false << int(TaskState::Failed);
    QTest::newRow("dead") << qint64(5) << 1 << true << int(TaskState::Dead);
}

void TestStore::applyRoundTripsTasks()
{
    QFETCH(qint64, nextRunAt);
    QFETCH(int, thread);
    QFETCH(bool, everyField);
    QFETCH(int, state);

    core::TaskRecord task = makeTask(u"round-a1"_s, 1795469000000);
    task.state = static_cast<TaskState>(state);
    if (nextRunAt >= 0)
        task.nextRunAt = nextRunAt;
    if (thread >= 0)
        task.spec.thread = thread == 1;
    if (everyField) {
        task.attempt = 3;
        task.maxRetries = 7;
        task.label = u"ünïcødé “label” 'quoted'"_s;
        task.taskPreview = u"line one\nline two\t\"quoted\" \\ back"_s;
        task.spec.task = u"Task with 🦀 emoji and \u0001 control"_s;
        task.spec.agentId = u"research"_s;
        task.spec.model = u"mock/model-1"_s;
        task.spec.thinking = u"high"_s;
        task.spec.mode = u"run"_s;
        task.spec.kind = u"research"_s;
        task.spec.requestId = u"req-1"_s;
        task.spec.idempotencyKey = u"idem-1"_s;
        task.receiptSeen = true;
        task.verificationItems = 4;
        task.explicitNoVerification = true;
        task.updatedAt = 1795469999999;
        task.workerSessionKey = clawops::core::SessionKey(u"agent:main:subagent:child-9"_s);
        task.gatewayTaskId = u"gw-task-9"_s;
        task.receiptJson = u"{\"task_id\":\"round-a1\",\"status\":\"completed\"}"_s;
        task.receiptStatus = u"completed"_s;
        task.receiptTaskRef = u"round-a1"_s;
    } else {
        task.label.clear();
        task.lastOutcome = {};
        task.spec.label.clear();
        task.spec.kind.clear();
    }

    const QString file = path(u"round.db"_s);
    {
        Store store;
        QVERIFY(!store.open(file));
        QVERIFY(!store.apply(core::ChangeSet{{task}, {}, {}, {}, {}, {}, {}, {}, {}}));
        QCOMPARE(store.findTask(task.taskId).optional(), std::optional<core::TaskRecord>(task));
    }
    Store store;
    QVERIFY(!store.open(file));
    QCOMPARE(store.findTask(task.taskId).optional(), std::optional<core::TaskRecord>(task));
    const core::Snapshot snapshot = store.loadSnapshot().value();
    if (core::isActive(task.state))
        QCOMPARE(snapshot.activeTasks, QList<core::TaskRecord>({task}));
    else
        QVERIFY(snapshot.activeTasks.isEmpty());

    // Absent optional texts are NULL, as the plugin writes them; spec_json is JSON.stringify's.
    SideConnection side(file);
    const QVariantList row = side.rows(u"SELECT label, last_outcome, next_run_at, spec_json, "
                                       "worker_session_key FROM orchestrator_tasks"_s)
                                 .constFirst();
    QCOMPARE(row.at(0).isNull(), task.label.isEmpty());
    QCOMPARE(row.at(1).isNull(), task.lastOutcome.isNone());
    QCOMPARE(row.at(2).isNull(), !task.nextRunAt.has_value());
    QCOMPARE(row.at(3).toString().toUtf8(), core::specToJson(task.spec));
    QCOMPARE(row.at(4).isNull(), task.workerSessionKey.isEmpty());
}

void TestStore::applyKeepsFirstCreatedAt()
{
    Store store;
    QVERIFY(!store.open(path(u"created.db"_s)));
    core::TaskRecord first = makeTask(u"t1"_s, 100);
    QVERIFY(!store.apply(core::ChangeSet{{first}, {}, {}, {}, {}, {}, {}, {}, {}}));

    core::TaskRecord later = first;
    later.createdAt = 999;
    later.updatedAt = 300;
    later.state = TaskState::Running;
    QVERIFY(!store.apply(core::ChangeSet{{later}, {}, {}, {}, {}, {}, {}, {}, {}}));
    core::TaskRecord expected = later;
    expected.createdAt = 100;
    QCOMPARE(store.findTask(clawops::core::TaskId(u"t1"_s)).optional(),
             std::optional<core::TaskRecord>(expected));

    // Several upserts of one new task in one batch: the last wins, created_at is the first's.
    core::TaskRecord a = makeTask(u"t2"_s, 500);
    core::TaskRecord b = a;
    b.state = TaskState::Running;
    b.createdAt = 600;
    b.updatedAt = 600;
    core::TaskRecord c = b;
    c.state = TaskState::NeedsVerification;
    c.createdAt = 700;
    c.updatedAt = 700;
    QVERIFY(!store.apply(
        core::ChangeSet{{a, makeTask(u"t3"_s, 1), b, c}, {}, {}, {}, {}, {}, {}, {}, {}}));
    expected = c;
    expected.createdAt = 500;
    QCOMPARE(store.findTask(clawops::core::TaskId(u"t2"_s)).optional(),
             std::optional<core::TaskRecord>(expected));
    QCOMPARE(store.findTask(clawops::core::TaskId(u"t3"_s)).optional(),
             std::optional<core::TaskRecord>(makeTask(u"t3"_s, 1)));
}

void TestStore::applyWorkersLikePlugin()
{
    Store store;
    QVERIFY(!store.open(path(u"workers.db"_s)));
    const core::WorkerRecord first = makeWorker(u"child-1"_s, u"t1"_s, 100);
    core::WorkerRecord empties = makeWorker(u"child-2"_s, u"t2"_s, 100);
    empties.taskId.clear();
    empties.taskKey.clear();
    empties.label.clear();
    empties.outcome.clear();
    QVERIFY(!store.apply(core::ChangeSet{
        {},
        {{core::WorkerChange::Kind::Upsert, first}, {core::WorkerChange::Kind::Upsert, empties}},
        {},
        {},
        {},
        {},
        {},
        {},
        {}}));
    QCOMPARE(workersByKey(store), QList<core::WorkerRecord>({first, empties}));

    // On conflict the plugin updates status, updated_at, outcome, task_id, task_key and attempt
    // only; orchestrator, label, preview and started_at stay those of the first row.
    core::WorkerRecord changed = first;
    changed.ended = core::WorkerOutcome::Ok;
    changed.updatedAt = 200;
    changed.outcome = u"ok"_s;
    changed.taskId = clawops::core::TaskId(u"t1b"_s);
    changed.taskKey = clawops::core::TaskKey(u"key-t1b"_s);
    changed.attempt = 2;
    changed.orchestratorSessionKey = clawops::core::SessionKey(u"agent:main:subagent:other"_s);
    changed.label = u"renamed"_s;
    changed.taskPreview = u"other preview"_s;
    changed.startedAt = 150;
    QVERIFY(!store.apply(core::ChangeSet{
        {}, {{core::WorkerChange::Kind::Upsert, changed}}, {}, {}, {}, {}, {}, {}, {}}));
    core::WorkerRecord expected = changed;
    expected.orchestratorSessionKey = clawops::core::SessionKey(first.orchestratorSessionKey);
    expected.label = first.label;
    expected.taskPreview = first.taskPreview;
    expected.startedAt = first.startedAt;
    QCOMPARE(workersByKey(store), QList<core::WorkerRecord>({expected, empties}));

    // In order: delete then upsert leaves a fresh row; upsert then delete leaves none.
    core::WorkerRecord fresh = makeWorker(u"child-1"_s, u"t9"_s, 900);
    QVERIFY(!store.apply(core::ChangeSet{{},
                                         {{core::WorkerChange::Kind::Delete, first},
                                          {core::WorkerChange::Kind::Upsert, fresh},
                                          {core::WorkerChange::Kind::Upsert, empties},
                                          {core::WorkerChange::Kind::Delete, empties}},
                                         {},
                                         {},
                                         {},
                                         {},
                                         {},
                                         {},
                                         {}}));
    QCOMPARE(workersByKey(store), QList<core::WorkerRecord>({fresh}));
}

// The engine keeps only the newest ended workers; a retired orchestrator's other rows go by its
// key, at their place in the batch, under the orchestrator each row is filed under there.
void TestStore::aRetiredOrchestratorTakesItsStoredWorkers()
{
    Store store;
    QVERIFY(!store.open(path(u"retired-workers.db"_s)));
    using Kind = core::WorkerChange::Kind;
    const core::SessionKey retired(u"agent:main:subagent:retired"_s);
    const core::SessionKey other(u"agent:main:subagent:other"_s);
    const auto worker = [](const QString &child, const core::SessionKey &orchestrator,
                           core::TimeMs at) {
        core::WorkerRecord record = makeWorker(child, child, at);
        record.orchestratorSessionKey = orchestrator;
        record.ended = core::WorkerOutcome::Ok;
        return record;
    };
    core::ChangeSet before;
    for (const QString &child : {u"old-1"_s, u"old-2"_s})
        before.workerChanges.append({Kind::Upsert, worker(child, retired, 100)});
    before.workerChanges.append({Kind::Upsert, worker(u"kept"_s, other, 100)});
    // Stored under the other orchestrator: an upsert naming the retired one keeps it there.
    before.workerChanges.append({Kind::Upsert, worker(u"moved"_s, other, 100)});
    QVERIFY(!store.apply(before));

    core::ChangeSet retiring;
    retiring.workerChanges = {
        {Kind::Upsert, worker(u"late"_s, retired, 200)},
        {Kind::Upsert, worker(u"moved"_s, retired, 200)},
        {Kind::DeleteByOrchestrator, worker({}, retired, 0)},
        // Spawned under the same key after the retirement (a reused session): it stays.
        {Kind::Upsert, worker(u"after"_s, retired, 300)},
    };
    QVERIFY(!store.apply(retiring));
    QStringList left;
    for (const core::WorkerRecord &record : workersByKey(store))
        left.append(record.childSessionKey.str() + u"@"_s +
                    record.orchestratorSessionKey.str().section(u':', -1));
    QCOMPARE(left, QStringList({u"after@retired"_s, u"kept@other"_s, u"moved@other"_s}));
}

void TestStore::applyBindingsLikePlugin()
{
    Store store;
    QVERIFY(!store.open(path(u"bindings.db"_s)));
    const auto bindings = [&] {
        QStringList out;
        for (const core::BindingRecord &b : store.loadSnapshot().value().bindings)
            out.append(u"%1>%2@%3"_s.arg(b.requesterSessionKey, b.orchestratorSessionKey)
                           .arg(b.updatedAt));
        out.sort();
        return out;
    };
    QVERIFY(!store.apply(core::ChangeSet{
        {}, {}, {bind(u"r1"_s, u"o1"_s, 1), bind(u"r2"_s, u"o2"_s, 2)}, {}, {}, {}, {}, {}, {}}));
    QCOMPARE(bindings(), QStringList({u"r1>o1@1"_s, u"r2>o2@2"_s}));

    // setBinding: another requester of the same orchestrator is dropped, the requester moves.
    QVERIFY(
        !store.apply(core::ChangeSet{{}, {}, {bind(u"r3"_s, u"o1"_s, 3)}, {}, {}, {}, {}, {}, {}}));
    QCOMPARE(bindings(), QStringList({u"r2>o2@2"_s, u"r3>o1@3"_s}));
    QVERIFY(
        !store.apply(core::ChangeSet{{}, {}, {bind(u"r3"_s, u"o3"_s, 4)}, {}, {}, {}, {}, {}, {}}));
    QCOMPARE(bindings(), QStringList({u"r2>o2@2"_s, u"r3>o3@4"_s}));

    core::BindingChange byRequester{core::BindingChange::Kind::DeleteByRequester,
                                    bindingRow(u"r2"_s, {}, 0)};
    core::BindingChange byOrchestrator{core::BindingChange::Kind::DeleteByOrchestrator,
                                       bindingRow({}, u"o3"_s, 0)};
    QVERIFY(!store.apply(core::ChangeSet{{}, {}, {byRequester}, {}, {}, {}, {}, {}, {}}));
    QCOMPARE(bindings(), QStringList({u"r3>o3@4"_s}));
    // In order within one set: bind then delete, then bind again.
    QVERIFY(!store.apply(core::ChangeSet{
        {}, {}, {byOrchestrator, bind(u"r4"_s, u"o4"_s, 5), byRequester}, {}, {}, {}, {}, {}, {}}));
    QCOMPARE(bindings(), QStringList({u"r4>o4@5"_s}));
}

void TestStore::applyRoundTripsLogs()
{
    Store store;
    QVERIFY(!store.open(path(u"logs.db"_s)));
    core::ChangeSet changes;
    changes.retryCounts = {retryCount(u"key-a"_s, 1, 10), retryCount(u"key-b"_s, 2, 20),
                           retryCount(u"key-a"_s, 2, 30)};
    changes.transitions = {
        transition(u"t1"_s, 100, std::nullopt, TaskState::Leased, u"spawned"_s),
        transition(u"t1"_s, 200, TaskState::Leased, TaskState::Running, u"worker-started"_s),
        transition(u"t1"_s, 200, TaskState::Running, TaskState::NeedsVerification,
                   u"worker-ended-ok"_s),
        transition(u"t2"_s, 150, std::nullopt, TaskState::Queued, QString()),
    };
    changes.audits = {
        auditRow(300, u"ops"_s, u"verify"_s, u"t1"_s, u"looked fine"_s, u"ok"_s, QString()),
        auditRow(310, u"ops"_s, u"answer"_s, u"t1"_s, QString(), u"refused: not waiting"_s,
                 u"use the staging db"_s),
        auditRow(320, u"ops"_s, u"pause"_s, QString(), QString(), u"ok"_s, QString()),
    };
    changes.suppressed = {
        suppressedRow(400, u"key-a"_s, u"t1"_s, u"agent:main:main"_s, u"orch"_s, u"worker-a"_s,
                      u"call-1"_s, u"child-x"_s),
        suppressedRow(410, u"key-a"_s, QString(), QString(), QString(), QString(), QString(),
                      QString()),
    };
    QVERIFY(!store.apply(changes));

    QHash<QString, core::RetryCountRecord> retries;
    for (const core::RetryCountRecord &retry : store.loadSnapshot().value().retryCounts)
        retries.insert(retry.taskKey, retry);
    QCOMPARE(retries.size(), 2);
    QCOMPARE(retries.value(u"key-a"_s), changes.retryCounts.at(2));
    QCOMPARE(retries.value(u"key-b"_s), changes.retryCounts.at(1));

    QCOMPARE(store.transitionsFor(clawops::core::TaskId(u"t1"_s)).value(),
             changes.transitions.mid(0, 3));
    QCOMPARE(store.transitionsFor(clawops::core::TaskId(u"t2"_s)).value(),
             changes.transitions.mid(3, 1));
    QVERIFY(store.transitionsFor(clawops::core::TaskId(u"t3"_s)).value().isEmpty());
    QCOMPARE(store.auditFor(clawops::core::TaskId(u"t1"_s)).value(), changes.audits.mid(0, 2));
    QCOMPARE(store.suppressedFor(clawops::core::TaskKey(u"key-a"_s)).value(), changes.suppressed);
    QVERIFY(store.suppressedFor(clawops::core::TaskKey(u"key-b"_s)).value().isEmpty());
}

void TestStore::applyRoundTripsPolicyViolations()
{
    Store store;
    QVERIFY(!store.open(path(u"policy.db"_s)));
    const auto violation = [](core::TimeMs at, const QString &call, core::PolicyRule rule,
                              core::PolicyAction action) {
        core::PolicyViolationRecord record;
        record.at = at;
        record.sessionKey = core::SessionKey(u"agent:main:main"_s);
        record.runId = u"run-1"_s;
        record.toolCallId = call;
        record.toolName = u"exec"_s;
        record.argsPreview = u"{\"command\":\"ls\"}"_s;
        record.rule = rule;
        record.reason = u"Front-controller session tool 'exec' blocked by orchestrator policy."_s;
        record.action = action;
        return record;
    };
    core::ChangeSet changes;
    changes.policyViolations = {
        violation(100, u"call-1"_s, core::PolicyRule::MainDelegation, core::PolicyAction::Flag),
        violation(200, u"call-2"_s, core::PolicyRule::OrchestratorDelegation,
                  core::PolicyAction::Abort),
        violation(300, u"call-3"_s, core::PolicyRule::FridayChannel, core::PolicyAction::Flag),
        violation(300, u"call-4"_s, core::PolicyRule::RetiredOrchestrator,
                  core::PolicyAction::Flag),
    };
    // Optional parts stay empty, not "(null)".
    changes.policyViolations[2].runId.clear();
    changes.policyViolations[2].argsPreview.clear();
    QVERIFY(!store.apply(changes));

    QCOMPARE(store.recentPolicyViolations(10).value(), changes.policyViolations);
    // The newest ones when there are more, still oldest first.
    QCOMPARE(store.recentPolicyViolations(2).value(), changes.policyViolations.mid(2));
    QVERIFY(store.recentPolicyViolations(0).value().isEmpty());
}

void TestStore::applyRollsBackOnFailure()
{
    const QString file = path(u"rollback.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    core::ChangeSet base;
    base.taskUpserts = {makeTask(u"t1"_s, 100)};
    base.workerChanges = {
        {core::WorkerChange::Kind::Upsert, makeWorker(u"child-1"_s, u"t1"_s, 100)}};
    base.bindingChanges = {bind(u"r1"_s, u"o1"_s, 100)};
    base.retryCounts = {retryCount(u"key-t1"_s, 0, 100)};
    base.transitions = {transition(u"t1"_s, 100, std::nullopt, TaskState::Leased, u"spawned"_s)};
    QVERIFY(!store.apply(base));
    const core::Snapshot before = store.loadSnapshot().value();

    // Another connection installs a trigger that fails one particular row, half way through a set.
    {
        SideConnection side(file);
#ifdef CLAWOPS_STORE_ON_POSTGRES
        QCOMPARE(side.exec(u"CREATE FUNCTION fail_boom() RETURNS trigger LANGUAGE plpgsql AS $$ "
                           "BEGIN IF NEW.reason = 'boom' THEN RAISE EXCEPTION 'forced failure'; "
                           "END IF; RETURN NEW; END $$"_s),
                 QString());
        QCOMPARE(side.exec(u"CREATE TRIGGER fail_boom BEFORE INSERT ON task_transitions FOR EACH "
                           "ROW EXECUTE FUNCTION fail_boom()"_s),
                 QString());
#else
        QCOMPARE(side.exec(u"CREATE TRIGGER fail_boom BEFORE INSERT ON task_transitions "
                           "WHEN NEW.reason = 'boom' BEGIN SELECT RAISE(ABORT, 'forced failure'); "
                           "END"_s),
                 QString());
#endif
    }
    core::TaskRecord changed = makeTask(u"t1"_s, 100);
    changed.state = TaskState::Running;
    changed.updatedAt = 200;
    core::ChangeSet bad;
    bad.taskUpserts = {changed, makeTask(u"t2"_s, 200)};
    bad.workerChanges = {
        {core::WorkerChange::Kind::Delete, makeWorker(u"child-1"_s, u"t1"_s, 100)},
        {core::WorkerChange::Kind::Upsert, makeWorker(u"child-2"_s, u"t2"_s, 200)}};
    bad.bindingChanges = {bind(u"r2"_s, u"o1"_s, 200)};
    bad.retryCounts = {retryCount(u"key-t1"_s, 1, 200)};
    bad.transitions = {transition(u"t1"_s, 200, TaskState::Leased, TaskState::Running, u"fine"_s),
                       transition(u"t2"_s, 200, std::nullopt, TaskState::Leased, u"boom"_s)};
    bad.audits = {auditRow(200, u"ops"_s, u"verify"_s, u"t1"_s, {}, u"ok"_s, {})};
    const StoreError error = store.apply(bad);
    QCOMPARE(error.kind, StoreError::Kind::Query);
    QVERIFY2(error.message.contains(u"forced failure"_s), qPrintable(error.message));

    const core::Snapshot after = store.loadSnapshot().value();
    QCOMPARE(after.activeTasks, before.activeTasks);
    QCOMPARE(after.workers, before.workers);
    QCOMPARE(after.bindings, before.bindings);
    QCOMPARE(after.retryCounts, before.retryCounts);
    QVERIFY(!store.findTask(clawops::core::TaskId(u"t2"_s)).isFound());
    QCOMPARE(store.transitionsFor(clawops::core::TaskId(u"t1"_s)).value(), base.transitions);
    QVERIFY(store.auditFor(clawops::core::TaskId(u"t1"_s)).value().isEmpty());

    // The store stays usable: the next set commits.
    bad.transitions.removeLast();
    QVERIFY(!store.apply(bad));
    QCOMPARE(store.findTask(clawops::core::TaskId(u"t1"_s)).value().state, TaskState::Running);
    QCOMPARE(store.transitionsFor(clawops::core::TaskId(u"t1"_s)).value().size(), 2);
}

void TestStore::applyLargeSetLikeItsSequence()
{
    // More rows of each kind than one multi-row statement holds, with repeated keys: the result
    // is what applying the changes one by one would leave.
    Store store;
    QVERIFY(!store.open(path(u"large.db"_s)));
    core::ChangeSet changes;
    QList<core::TaskRecord> finalTasks;
    for (int i = 0; i < 301; ++i) {
        const QString id = u"t%1"_s.arg(i, 3, 10, QLatin1Char('0'));
        core::TaskRecord task = makeTask(id, 1000 + i);
        changes.taskUpserts.append(task);
        changes.transitions.append(
            transition(id, 1000 + i, std::nullopt, TaskState::Leased, u"spawned"_s));
        changes.workerChanges.append(
            {core::WorkerChange::Kind::Upsert, makeWorker(u"child-"_s + id, id, 1000 + i)});
        if (i % 3 == 0) {
            task.state = TaskState::Running;
            task.updatedAt = 5000 + i;
            task.createdAt = 9999; // a later upsert never moves created_at
            changes.taskUpserts.append(task);
            task.createdAt = 1000 + i;
            changes.transitions.append(
                transition(id, 5000 + i, TaskState::Leased, TaskState::Running, u"started"_s));
        }
        if (i % 5 == 0) // removed again: no row
            changes.workerChanges.append(
                {core::WorkerChange::Kind::Delete, makeWorker(u"child-"_s + id, id, 0)});
        if (i % 7 == 0) { // removed, then a fresh row whose first values are the new ones
            changes.workerChanges.append(
                {core::WorkerChange::Kind::Delete, makeWorker(u"child-"_s + id, id, 0)});
            changes.workerChanges.append(
                {core::WorkerChange::Kind::Upsert, makeWorker(u"child-"_s + id, id, 7000 + i)});
        }
        finalTasks.append(task);
    }
    QVERIFY(!store.apply(changes));
    core::TaskQuery all;
    all.sortKey = TaskSortKey::Id;
    all.limit = 1000;
    all.descending = false;
    QCOMPARE(store.queryTasks(all).value(), finalTasks);
    QCOMPARE(store.transitionsFor(clawops::core::TaskId(u"t003"_s)).value().size(), 2);
    const RecentTransitions recent = store.transitionsSince(0, 10000).value();
    QCOMPARE(recent.transitions.size(), changes.transitions.size());
    QList<core::WorkerRecord> expected;
    for (int i = 0; i < 301; ++i) {
        const QString id = u"t%1"_s.arg(i, 3, 10, QLatin1Char('0'));
        if (i % 7 == 0)
            expected.append(makeWorker(u"child-"_s + id, id, 7000 + i));
        else if (i % 5 != 0)
            expected.append(makeWorker(u"child-"_s + id, id, 1000 + i));
    }
    QCOMPARE(workersByKey(store), expected);
}

void TestStore::notOpenIsAnError()
{
    Store store;
    QVERIFY(!store.isOpen());
    QCOMPARE(store.schemaVersion(), 0);
    QCOMPARE(
        store.apply(core::ChangeSet{{makeTask(u"t"_s, 1)}, {}, {}, {}, {}, {}, {}, {}, {}}).kind,
        StoreError::Kind::CannotOpen);
    QCOMPARE(store.loadSnapshot().error().kind, StoreError::Kind::CannotOpen);
    QCOMPARE(store.queryTasks({}).error().kind, StoreError::Kind::CannotOpen);
    QCOMPARE(store.countTasks({}).error().kind, StoreError::Kind::CannotOpen);
    QCOMPARE(store.countByState().error().kind, StoreError::Kind::CannotOpen);
    QCOMPARE(store.transitionsFor(clawops::core::TaskId(u"t"_s)).error().kind,
             StoreError::Kind::CannotOpen);
    QCOMPARE(store.auditFor(clawops::core::TaskId(u"t"_s)).error().kind,
             StoreError::Kind::CannotOpen);
    QCOMPARE(store.attemptsFor(clawops::core::TaskKey(u"k"_s)).error().kind,
             StoreError::Kind::CannotOpen);
    QCOMPARE(store.suppressedFor(clawops::core::TaskKey(u"k"_s)).error().kind,
             StoreError::Kind::CannotOpen);
    QCOMPARE(store.transitionsSince(0, 10).error().kind, StoreError::Kind::CannotOpen);
    // A store that cannot answer says so; it does not claim the task is absent.
    QVERIFY(store.findTask(clawops::core::TaskId(u"t"_s)).isFailed());
    QVERIFY(store.highestAttempt(clawops::core::TaskKey(u"k"_s)).isFailed());
    QCOMPARE(store.checkIntegrity().kind, StoreError::Kind::CannotOpen);
    store.close();
    store.close();
}

#ifndef CLAWOPS_STORE_ON_POSTGRES
// The version 5 step, then 6: a store of version 4 with rows gains the search index over those
// rows, and the search reads it (an emptied index finds nothing until it is rebuilt); it gains the
// team tables and the audit's console host on the way.
void TestStore::version4StoreGainsTheSearchIndex()
{
    const QString file = path(u"v4.db"_s);
    {
        Store store;
        QVERIFY(!store.open(file));
        core::ChangeSet changes;
        core::TaskRecord task = makeTask(u"t1"_s, 100);
        task.taskPreview = u"Migrate the ledger tables"_s;
        changes.taskUpserts = {task};
        QVERIFY(!store.apply(changes));
    }
    {
        SideConnection side(file);
        // What version 6 added is not there either (dropped first: SQLite checks the triggers
        // when a column goes, and they name the index).
        QCOMPARE(side.exec(u"DROP TABLE clawops_commands"_s), QString());
        QCOMPARE(side.exec(u"DROP TABLE clawops_claims"_s), QString());
        QCOMPARE(side.exec(u"ALTER TABLE operator_actions DROP COLUMN console_host"_s), QString());
        QCOMPARE(side.exec(u"DROP TABLE task_search"_s), QString());
        QCOMPARE(side.exec(u"PRAGMA user_version = 4"_s), QString());
    }
    TaskQuery query;
    query.search = u"ledger"_s;
    {
        Store store;
        const StoreError error = store.open(file);
        QVERIFY2(!error, qPrintable(error.message));
        QCOMPARE(store.schemaVersion(), kSchemaVersion);
        QCOMPARE(ids(store.queryTasks(query).value()), QStringList{u"t1"_s});
        QVERIFY(store.claims().value().isEmpty());
    }
    SideConnection side(file);
    QCOMPARE(side.scalar(u"PRAGMA user_version"_s).toInt(), kSchemaVersion);
    verifySchema(side);
    QCOMPARE(side.exec(u"INSERT INTO task_search(task_search) VALUES ('delete-all')"_s), QString());
    {
        Store store;
        QVERIFY(!store.open(file));
        QCOMPARE(store.queryTasks(query).value().size(), 0);
        query.search = u"le"_s; // shorter than a trigram: scanned
        QCOMPARE(ids(store.queryTasks(query).value()), QStringList{u"t1"_s});
    }
    QCOMPARE(side.exec(u"INSERT INTO task_search(task_search) VALUES ('rebuild')"_s), QString());
    Store store;
    QVERIFY(!store.open(file));
    query.search = u"LEDGER"_s;
    QCOMPARE(ids(store.queryTasks(query).value()), QStringList{u"t1"_s});
}

// The version 9 step: a store of version 8 with receipts and notes gains their index over the
// rows it has, and the receipt and note terms read it.
void TestStore::version8StoreGainsTheReceiptAndNoteIndex()
{
    const QString file = path(u"v8.db"_s);
    {
        Store store;
        QVERIFY(!store.open(file));
        core::ChangeSet changes;
        core::TaskRecord task = makeTask(u"t1"_s, 100);
        task.receiptJson = u"{\"summary\":\"ledger migrated\"}"_s;
        changes.taskUpserts = {task, makeTask(u"t2"_s, 101)};
        core::AuditRecord audit;
        audit.at = 200;
        audit.operatorName = u"alice"_s;
        audit.action = u"answer"_s;
        audit.taskId = core::TaskId(u"t2"_s);
        audit.detail = u"use the staging ledger"_s;
        changes.audits = {audit};
        QVERIFY(!store.apply(changes));
    }
    {
        SideConnection side(file);
        for (const char *name : {"receipt_search", "note_search"})
            QCOMPARE(side.exec(u"DROP TABLE %1"_s.arg(QLatin1String(name))), QString());
        for (const char *name :
             {"receipt_search_insert", "receipt_search_delete", "receipt_search_update",
              "note_search_insert", "note_search_delete", "note_search_update"})
            QCOMPARE(side.exec(u"DROP TRIGGER %1"_s.arg(QLatin1String(name))), QString());
        for (const char *name : {"receipt_search_queue", "note_search_queue"})
            QCOMPARE(side.exec(u"DROP TABLE %1"_s.arg(QLatin1String(name))), QString());
        QCOMPARE(side.exec(u"PRAGMA user_version = 8"_s), QString());
    }
    Store store;
    const StoreError error = store.open(file);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(store.schemaVersion(), kSchemaVersion);
    TaskQuery query;
    query.receiptText = u"MIGRATED"_s;
    QCOMPARE(ids(store.queryTasks(query).value()), QStringList{u"t1"_s});
    query = {};
    query.noteText = u"staging"_s;
    QCOMPARE(ids(store.queryTasks(query).value()), QStringList{u"t2"_s});
    SideConnection side(file);
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM receipt_search WHERE receipt_search MATCH "
                         "'\"migrated\"'"_s)
                 .toInt(),
             1);
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM note_search WHERE note_search MATCH "
                         "'\"staging\"'"_s)
                 .toInt(),
             1);
    // Schema 11 took the index's triggers over (SqlDialect::deferredSearchIndex): what is written
    // from now on is queued and indexed at the commit, and the queue is left empty.
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = "
                         "'receipt_search_update_old'"_s)
                 .toInt(),
             0);
    core::TaskRecord later = makeTask(u"t3"_s, 300);
    later.receiptJson = u"{\"summary\":\"ledger archived\"}"_s;
    core::ChangeSet more;
    more.taskUpserts = {later};
    QVERIFY(!store.apply(more));
    query = {};
    query.receiptText = u"ledger"_s;
    QStringList found = ids(store.queryTasks(query).value());
    found.sort();
    QCOMPARE(found, QStringList({u"t1"_s, u"t3"_s}));
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM receipt_search_queue"_s).toInt(), 0);
}
#endif

// ---- console reads --------------------------------------------------------------------------

void TestStore::queryTasks_data()
{
    QTest::addColumn<QStringList>("states");
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("orchestrator");
    QTest::addColumn<TaskSortKey>("sortKey");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("expected");

    const auto t = [](std::initializer_list<int> numbers) {
        QStringList out;
        for (int n : numbers)
            out.append(u"task-%1"_s.arg(n, 2, 10, QLatin1Char('0')));
        return out;
    };
    const TaskSortKey updated = TaskSortKey::UpdatedAt;
    // Equal updated_at (07 and 08) break ties on task_id in the same direction.
    QTest::newRow("all, newest first") << QStringList() << QString() << QString() << updated << true
                                       << 0 << 200 << t({8, 7, 6, 5, 4, 3, 2, 1});
    QTest::newRow("all, oldest first") << QStringList() << QString() << QString() << updated
                                       << false << 0 << 200 << t({1, 2, 3, 4, 5, 6, 7, 8});
    QTest::newRow("states") << QStringList({u"running"_s, u"queued"_s}) << QString() << QString()
                            << updated << true << 0 << 200 << t({5, 1});
    QTest::newRow("terminal states")
        << QStringList({u"done"_s, u"failed"_s, u"dead"_s}) << QString() << QString() << updated
        << true << 0 << 200 << t({6, 3, 2});
    QTest::newRow("underscore is literal")
        << QStringList() << u"beta_"_s << QString() << updated << true << 0 << 200 << t({2});
    QTest::newRow("lone underscore")
        << QStringList() << u"_"_s << QString() << updated << true << 0 << 200 << t({2});
    QTest::newRow("percent is literal")
        << QStringList() << u"%"_s << QString() << updated << true << 0 << 200 << t({4, 1});
    QTest::newRow("backslash is literal")
        << QStringList() << u"\\"_s << QString() << updated << true << 0 << 200 << t({5});
    QTest::newRow("quote is literal") << QStringList() << u"' OR 1=1 --"_s << QString() << updated
                                      << true << 0 << 200 << QStringList();
    QTest::newRow("label, any case")
        << QStringList() << u"ALPHA"_s << QString() << updated << true << 0 << 200 << t({1});
    QTest::newRow("outcome") << QStringList() << u"timeout"_s << QString() << updated << true << 0
                             << 200 << t({6});
    QTest::newRow("task id") << QStringList() << u" task-03 "_s << QString() << updated << true << 0
                             << 200 << t({3});
    QTest::newRow("preview") << QStringList() << u"answer"_s << QString() << updated << true << 0
                             << 200 << t({7});
    QTest::newRow("orchestrator") << QStringList() << QString() << u"orchB"_s << updated << true
                                  << 0 << 200 << t({8, 6, 4, 3});
    QTest::newRow("orchestrator and states")
        << QStringList({u"running"_s, u"needs_input"_s}) << QString() << u"orchA"_s << updated
        << true << 0 << 200 << t({7, 1});
    QTest::newRow("everything at once") << QStringList({u"failed"_s, u"running"_s}) << u"e"_s
                                        << u"orchA"_s << updated << false << 0 << 200 << t({1, 2});
    QTest::newRow("by label, nulls first")
        << QStringList() << QString() << QString() << TaskSortKey::Label << false << 0 << 200
        << t({4, 1, 6, 2, 5, 7, 3, 8});
    QTest::newRow("by attempt") << QStringList() << QString() << QString() << TaskSortKey::Attempt
                                << true << 0 << 3 << t({2, 4, 8});
    QTest::newRow("by task id") << QStringList() << QString() << QString() << TaskSortKey::Id
                                << false << 0 << 2 << t({1, 2});
    QTest::newRow("page 2") << QStringList() << QString() << QString() << updated << true << 2 << 3
                            << t({6, 5, 4});
    QTest::newRow("last page") << QStringList() << QString() << QString() << updated << true << 6
                               << 3 << t({2, 1});
    QTest::newRow("past the end") << QStringList() << QString() << QString() << updated << true
                                  << 50 << 3 << QStringList();
    QTest::newRow("limit 0") << QStringList() << QString() << QString() << updated << true << 0 << 0
                             << QStringList();
    QTest::newRow("negative offset")
        << QStringList() << QString() << QString() << updated << true << -5 << 2 << t({8, 7});
    QTest::newRow("sort key out of range")
        << QStringList() << QString() << QString() << static_cast<TaskSortKey>(99) << true << 0
        << 200 << t({8, 7, 6, 5, 4, 3, 2, 1});
}

void TestStore::queryTasks()
{
    QFETCH(QStringList, states);
    QFETCH(QString, search);
    QFETCH(QString, orchestrator);
    QFETCH(TaskSortKey, sortKey);
    QFETCH(bool, descending);
    QFETCH(int, offset);
    QFETCH(int, limit);
    QFETCH(QStringList, expected);

    Store store;
    QVERIFY(!store.open(path(u"query.db"_s)));
    const core::ChangeSet seed = querySeed();
    QVERIFY(!store.apply(seed));

    TaskQuery query;
    for (const QString &name : states)
        query.states.append(*core::taskStateFromString(name));
    query.search = search;
    query.orchestratorSessionKey = clawops::core::SessionKey(orchestrator);
    query.sortKey = sortKey;
    query.descending = descending;
    query.offset = offset;
    query.limit = limit;
    const StoreResult<QList<core::TaskRecord>> read = store.queryTasks(query);
    QVERIFY2(read.isOk(), qPrintable(read.error().message));
    const QList<core::TaskRecord> &tasks = read.value();
    QCOMPARE(ids(tasks), expected);
    // Full records, equal to what was written.
    for (const core::TaskRecord &task : tasks) {
        const auto written = std::find_if(seed.taskUpserts.begin(), seed.taskUpserts.end(),
                                          [&](const auto &t) { return t.taskId == task.taskId; });
        QCOMPARE(task, *written);
    }
    // The count ignores paging and sorting.
    TaskQuery all = query;
    all.offset = 0;
    all.limit = 1000;
    const StoreResult<int> count = store.countTasks(query);
    QVERIFY(count.isOk());
    QCOMPARE(count.value(), int(store.queryTasks(all).value().size()));
    QCOMPARE(store.countTasks(TaskQuery{}).value(), 8);
}

// The search finds exactly the rows core::matchesQuery (the console's own filter, a scan) finds,
// whatever the text: cases, letters LIKE does not fold, quotes and FTS5's own syntax, needles
// shorter than a trigram, and after labels and outcomes change and rows are rewritten.
// How long the writer lets changes to the searched text wait before it indexes them
// (OpenOptions::searchSyncMs): at every commit, or past the end of the test, when the searches
// read the queues (SQLite; PostgreSQL indexes by itself either way).
namespace {

void searchSyncRows()
{
    QTest::addColumn<int>("searchSyncMs");
    QTest::newRow("indexed at every commit") << 0;
    QTest::newRow("changes wait in the queue") << 3600 * 1000;
}

} // namespace

void TestStore::searchFindsWhatAScanFinds_data()
{
    searchSyncRows();
}

void TestStore::searchFindsWhatAScanFinds()
{
    QFETCH(int, searchSyncMs);
    const QStringList words = {u"Build"_s,      u"build"_s,  u"BÜILD"_s,   u"büild"_s,
                               u"\"quoted\""_s, u"AND"_s,    u"NEAR(x)"_s, u"col:umn"_s,
                               u"*star"_s,      u"日本語"_s, u"😀 smile"_s, u"a-b_c%d"_s};
    QList<core::TaskRecord> tasks;
    for (qsizetype n = 0; n < 60; ++n) {
        core::TaskRecord task = makeTask(u"task-%1"_s.arg(n, 2, 10, QLatin1Char('0')), 1000 + n);
        task.label = n % 7 == 0 ? QString() : words.at(n % words.size());
        task.taskPreview = u"%1 then %2"_s.arg(words.at((n * 5) % words.size()),
                                               words.at((n * 3 + 1) % words.size()));
        task.lastOutcome = core::TransitionCause::fromText(n % 3 ? u"worker-timeout"_s : QString());
        tasks.append(task);
    }
    Store store;
    OpenOptions options;
    options.searchSyncMs = searchSyncMs;
    QVERIFY(!store.open(path(u"search.db"_s), options));
    core::ChangeSet changes;
    changes.taskUpserts = tasks;
    QVERIFY(!store.apply(changes));

    const QStringList needles = {
        u"build"_s,   u"BUILD"_s,   u"büild"_s,  u"BÜILD"_s, u"uild"_s,   u"\"quoted"_s, u"AND"_s,
        u"NEAR(x)"_s, u"col:umn"_s, u"*st"_s,    u"本語"_s,  u"日本語"_s, u"😀 s"_s,      u"_c%"_s,
        u"then"_s,    u"timeout"_s, u"task-4"_s, u"ui"_s,    u"-"_s,      u"nowhere"_s};
    const auto check = [&](const char *when) {
        for (const QString &needle : needles) {
            TaskQuery query;
            query.search = needle;
            query.limit = 1000;
            QStringList expected;
            for (const core::TaskRecord &task : std::as_const(tasks)) {
                if (core::matchesQuery(task, query))
                    expected.append(task.taskId);
            }
            QStringList found = ids(store.queryTasks(query).value());
            found.sort();
            expected.sort();
            QVERIFY2(found == expected, qPrintable(u"%1, \"%2\": found %3, expected %4"_s.arg(
                                            QString::fromLatin1(when), needle, found.join(u' '),
                                            expected.join(u' '))));
            QCOMPARE(store.countTasks(query).value(), int(expected.size()));
        }
    };
    check("as written");
    changes = {};
    for (int n = 0; n < tasks.size(); n += 4) {
        tasks[n].label = words.at((n + 2) % words.size());
        tasks[n].lastOutcome = core::TransitionCause::fromText(u"done-ok"_s);
        tasks[n].updatedAt += 10;
        changes.taskUpserts.append(tasks[n]);
    }
    for (int n = 1; n < tasks.size(); n += 4) {
        tasks[n].state = TaskState::Running; // rewritten, searched text unchanged
        tasks[n].updatedAt += 10;
        changes.taskUpserts.append(tasks[n]);
    }
    QVERIFY(!store.apply(changes));
    check("after changes");
    // Rows changed again, some for the second time since the index last took the queue; a writer
    // that indexes at once then hands everything over: the index holds exactly the rows.
    changes = {};
    for (int n = 0; n < tasks.size(); n += 2) {
        tasks[n].taskPreview = words.at((n + 5) % words.size()) + u" again"_s;
        tasks[n].updatedAt += 10;
        changes.taskUpserts.append(tasks[n]);
    }
    options.searchSyncMs = 0;
    QVERIFY(!store.open(path(u"search.db"_s), options));
    QVERIFY(!store.apply(changes));
    check("after the queue reached the index");
#ifndef CLAWOPS_STORE_ON_POSTGRES
    {
        SideConnection side(path(u"search.db"_s));
        QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM task_search_queue"_s).toInt(), 0);
        QCOMPARE(side.exec(u"INSERT INTO task_search(task_search, rank) VALUES "
                           "('integrity-check', 1)"_s),
                 QString());
    }
#endif
#ifdef CLAWOPS_STORE_ON_POSTGRES
    // Schema 8's trigram indexes are there, and the search's own test of each column reads its
    // index (seq scans are off so that the planner says whether it can, whatever the row count).
    SideConnection side(path(u"search.db"_s));
    QVERIFY(side.ok());
    const QStringList columns = {u"task_id"_s, u"label"_s, u"task_preview"_s, u"last_outcome"_s};
    for (const QString &column : columns)
        QVERIFY(indexNames(side).contains(u"idx_orchestrator_tasks_trgm_"_s + column));
    QCOMPARE(side.exec(u"SET enable_seqscan = off"_s), QString());
    QStringList tests;
    for (const QString &column : columns)
        tests.append(
            store::postgresDialect().containsPattern.arg(column).replace(u"?"_s, u"'%uild%'"_s));
    // Not prepared: PostgreSQL prepares no EXPLAIN.
    QSqlQuery explain(side.db());
    QVERIFY2(explain.exec(u"EXPLAIN SELECT task_id FROM orchestrator_tasks WHERE "_s +
                          tests.join(u" OR "_s)),
             qPrintable(explain.lastError().text()));
    QStringList plan;
    while (explain.next())
        plan.append(explain.value(0).toString());
    for (const QString &column : columns)
        QVERIFY2(plan.join(u'\n').contains(u"Bitmap Index Scan on idx_orchestrator_tasks_trgm_"_s +
                                           column),
                 qPrintable(plan.join(u'\n')));
#endif
}

// The receipt and note terms find exactly what a scan of the receipts and of the operators'
// audit lines finds (core::containsLikeSqlite, the search's own rule), through the index, on
// needles shorter than a trigram, and after receipts arrive, change and audit lines are added.
// The engine's own audit lines are not notes.
void TestStore::receiptAndNoteSearchFindsWhatAScanFinds_data()
{
    searchSyncRows();
}

void TestStore::receiptAndNoteSearchFindsWhatAScanFinds()
{
    QFETCH(int, searchSyncMs);
    const QStringList words = {u"Migration"_s, u"MIGRATION"_s, u"büild"_s,   u"\"quoted\""_s,
                               u"NEAR(x)"_s,   u"日本語"_s,    u"a-b_c%d"_s, u"logs"_s};
    QList<core::TaskRecord> tasks;
    QList<core::AuditRecord> audits;
    for (qsizetype n = 0; n < 40; ++n) {
        core::TaskRecord task = makeTask(u"task-%1"_s.arg(n, 2, 10, QLatin1Char('0')), 1000 + n);
        if (n % 3 != 0)
            task.receiptJson = u"{\"status\":\"completed\",\"summary\":\"%1 and %2\"}"_s.arg(
                words.at(n % words.size()), words.at((n * 3 + 1) % words.size()));
        tasks.append(task);
        core::AuditRecord audit;
        audit.at = 2000 + n;
        audit.operatorName = n % 4 == 0 ? u"engine"_s : u"alice"_s;
        audit.action = u"answer"_s;
        audit.taskId = task.taskId;
        audit.reason = n % 2 ? words.at((n * 5) % words.size()) : QString();
        audit.detail = n % 5 ? u"answered: "_s + words.at((n * 7 + 2) % words.size()) : QString();
        audit.result = u"ok"_s;
        audits.append(audit);
    }
    Store store;
    OpenOptions options;
    options.searchSyncMs = searchSyncMs;
    QVERIFY(!store.open(path(u"receipts.db"_s), options));
    core::ChangeSet changes;
    changes.taskUpserts = tasks;
    changes.audits = audits;
    QVERIFY(!store.apply(changes));

    const QStringList needles = {u"migration"_s, u"büild"_s,   u"BÜILD"_s,  u"\"quoted"_s,
                                 u"NEAR(x)"_s,   u"本語"_s,    u"_c%"_s,    u"lo"_s,
                                 u"answered"_s,  u"summary"_s, u"nowhere"_s};
    const auto noteOf = [&](const QString &taskId, const QString &needle) {
        return std::any_of(audits.cbegin(), audits.cend(), [&](const core::AuditRecord &a) {
            return a.taskId == taskId && a.operatorName != u"engine"_s &&
                   (core::containsLikeSqlite(a.reason, needle) ||
                    core::containsLikeSqlite(a.detail, needle));
        });
    };
    const auto check = [&](const char *when) {
        for (const QString &needle : needles) {
            for (const bool inReceipt : {true, false}) {
                TaskQuery query;
                (inReceipt ? query.receiptText : query.noteText) = needle;
                query.limit = 1000;
                QVERIFY(!query.judgedInMemory());
                QStringList expected;
                for (const core::TaskRecord &task : std::as_const(tasks)) {
                    if (inReceipt ? core::containsLikeSqlite(task.receiptJson, needle)
                                  : noteOf(task.taskId, needle))
                        expected.append(task.taskId);
                }
                QStringList found = ids(store.queryTasks(query).value());
                found.sort();
                expected.sort();
                QVERIFY2(found == expected,
                         qPrintable(u"%1, %2 \"%3\": found %4, expected %5"_s.arg(
                             QString::fromLatin1(when), inReceipt ? u"receipt"_s : u"note"_s,
                             needle, found.join(u' '), expected.join(u' '))));
                QCOMPARE(store.countTasks(query).value(), int(expected.size()));
            }
        }
    };
    check("as written");
    QVERIFY(!ids([&] {
                 TaskQuery query;
                 query.receiptText = u"migration"_s;
                 return store.queryTasks(query).value();
             }())
                 .isEmpty());

    changes = {};
    for (qsizetype n = 0; n < tasks.size(); n += 3) { // a receipt arrives, or is replaced
        tasks[n].receiptJson =
            u"{\"summary\":\"second %1\"}"_s.arg(words.at((n + 3) % words.size()));
        tasks[n].updatedAt += 10;
        changes.taskUpserts.append(tasks[n]);
    }
    for (qsizetype n = 1; n < tasks.size(); n += 3) { // rewritten, receipt unchanged
        tasks[n].state = TaskState::Done;
        tasks[n].updatedAt += 10;
        changes.taskUpserts.append(tasks[n]);
    }
    for (qsizetype n = 0; n < tasks.size(); n += 6) {
        core::AuditRecord audit = audits.at(n);
        audit.at += 100;
        audit.operatorName = u"bob"_s;
        audit.reason = u"follow-up logs"_s;
        audit.detail = words.at(n % words.size());
        audits.append(audit);
        changes.audits.append(audit);
    }
    QVERIFY(!store.apply(changes));
    check("after changes");
    // Receipts replaced a second time, notes added again, by a writer that indexes at once: the
    // indexes hold exactly the rows.
    changes = {};
    for (qsizetype n = 0; n < tasks.size(); n += 2) {
        tasks[n].receiptJson = n % 4 ? u"{\"summary\":\"third logs\"}"_s : QString();
        tasks[n].updatedAt += 10;
        changes.taskUpserts.append(tasks[n]);
    }
    core::AuditRecord another = audits.at(1);
    another.at += 200;
    another.detail = u"Migration notes"_s;
    audits.append(another);
    changes.audits = {another};
    options.searchSyncMs = 0;
    QVERIFY(!store.open(path(u"receipts.db"_s), options));
    QVERIFY(!store.apply(changes));
    check("after the queue reached the index");
#ifndef CLAWOPS_STORE_ON_POSTGRES
    {
        SideConnection side(path(u"receipts.db"_s));
        for (const char *index : {"receipt_search", "note_search"}) {
            QCOMPARE(
                side.scalar(u"SELECT COUNT(*) FROM %1_queue"_s.arg(QLatin1String(index))).toInt(),
                0);
            QCOMPARE(side.exec(u"INSERT INTO %1(%1) VALUES ('integrity-check')"_s.arg(
                         QLatin1String(index))),
                     QString());
        }
        // Against the rows too. The receipt index holds only the rows with a receipt, which
        // FTS5's own check against the content table would count as missing: each term names
        // exactly the rows whose receipt holds it, none that held it before.
        QCOMPARE(side.exec(u"INSERT INTO note_search(note_search, rank) VALUES "
                           "('integrity-check', 1)"_s),
                 QString());
        for (const QString &term : {u"summary"_s, u"second"_s, u"third"_s, u"completed"_s}) {
            const auto rowids = [&](const QString &sql) {
                QStringList out;
                for (const QVariantList &row : side.rows(sql))
                    out.append(row.at(0).toString());
                out.sort();
                return out;
            };
            QCOMPARE(rowids(u"SELECT rowid FROM receipt_search WHERE receipt_search MATCH "
                            "'\"%1\"'"_s.arg(term)),
                     rowids(u"SELECT rowid FROM orchestrator_tasks WHERE receipt_json LIKE "
                            "'%%1%'"_s.arg(term)));
        }
    }
#endif

    // Only the named tasks: what the console asks about rows it cannot judge itself.
    TaskQuery named;
    named.noteText = u"logs"_s;
    named.onlyTaskIds = {tasks.at(0).taskId, tasks.at(1).taskId, u"no-such-task"_s};
    QStringList expected;
    for (const QString &taskId : named.onlyTaskIds) {
        if (noteOf(taskId, u"logs"_s))
            expected.append(taskId);
    }
    QCOMPARE(ids(store.queryTasks(named).value()), expected);
    QVERIFY(!expected.isEmpty());
#ifdef CLAWOPS_STORE_ON_POSTGRES
    // Schema 9's trigram indexes are there and read by the tests the search makes.
    SideConnection side(path(u"receipts.db"_s));
    QVERIFY(side.ok());
    const QList<std::pair<QString, QString>> columns = {
        {u"orchestrator_tasks"_s, u"receipt_json"_s},
        {u"operator_actions"_s, u"reason"_s},
        {u"operator_actions"_s, u"detail"_s}};
    QCOMPARE(side.exec(u"SET enable_seqscan = off"_s), QString());
    for (const auto &[table, column] : columns) {
        const QString index = u"idx_%1_trgm_%2"_s.arg(table, column);
        QVERIFY2(indexNames(side).contains(index), qPrintable(index));
        QSqlQuery explain(side.db());
        QVERIFY2(explain.exec(u"EXPLAIN SELECT 1 FROM %1 WHERE "_s.arg(table) +
                              store::postgresDialect().containsPattern.arg(column).replace(
                                  u"?"_s, u"'%migra%'"_s)),
                 qPrintable(explain.lastError().text()));
        QStringList plan;
        while (explain.next())
            plan.append(explain.value(0).toString());
        QVERIFY2(plan.join(u'\n').contains(u"Bitmap Index Scan on "_s + index),
                 qPrintable(plan.join(u'\n')));
    }
#endif
}

void TestStore::everySortKeyReadsEveryRow()
{
    Store store;
    QVERIFY(!store.open(path(u"sort.db"_s)));
    QVERIFY(!store.apply(querySeed()));
    for (int key = 0; key < core::kTaskSortKeyCount; ++key) {
        TaskQuery query;
        query.sortKey = static_cast<TaskSortKey>(key);
        const StoreResult<QList<core::TaskRecord>> read = store.queryTasks(query);
        QVERIFY2(read.isOk(), qPrintable(read.error().message));
        QCOMPARE(read.value().size(), 8);
    }
    QCOMPARE(store.countTasks(TaskQuery{}).value(), 8);
}

// The first page in any order the task table offers, either way, walks an index instead of
// sorting every row (schema 10): the plan of the store's own ORDER BY has no sort step.
void TestStore::everySortOrderReadsAnIndex()
{
    const QString file = path(u"sorted.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    QVERIFY(!store.apply(querySeed()));
    SideConnection side(file);
    QVERIFY(side.ok());
#ifdef CLAWOPS_STORE_ON_POSTGRES
    const store::SqlDialect &dialect = store::postgresDialect();
    // On eight rows a sort is cheaper than any index; the question is whether one can serve.
    QCOMPARE(side.exec(u"SET enable_sort = off"_s), QString());
    QCOMPARE(side.exec(u"SET enable_seqscan = off"_s), QString());
    const QString explain = u"EXPLAIN "_s;
    const QString sortStep = u"Sort"_s;
#else
    const store::SqlDialect &dialect = store::sqliteDialect();
    const QString explain = u"EXPLAIN QUERY PLAN "_s;
    const QString sortStep = u"TEMP B-TREE"_s;
#endif
    for (int key = 0; key < core::kTaskSortKeyCount; ++key) {
        for (const bool descending : {false, true}) {
            TaskQuery query;
            query.sortKey = static_cast<TaskSortKey>(key);
            query.descending = descending;
            const QString sql = u"SELECT * FROM orchestrator_tasks"_s +
                                store::orderByClause(query, dialect) + u" LIMIT 200"_s;
            QSqlQuery plan(side.db());
            QVERIFY2(plan.exec(explain + sql), qPrintable(plan.lastError().text()));
            QStringList lines;
            while (plan.next()) {
                for (int column = 0; column < plan.record().count(); ++column)
                    lines.append(plan.value(column).toString());
            }
            // The task key's index sorts the attempts of one key (a handful) by id as it goes.
            const bool smallGroups = query.sortKey == TaskSortKey::Key &&
                                     lines.join(u' ').contains(u"RIGHT PART OF ORDER BY"_s);
            QVERIFY2(smallGroups || !lines.join(u' ').contains(sortStep),
                     qPrintable(sql + u"\n"_s + lines.join(u'\n')));
        }
    }
}

// A page of a state that holds many rows, in an order of its own, walks that order's index and
// stops after the page, instead of reading and sorting every row of the state: with the
// engine's counts the store says so to SQLite's planner. The rows are the same either way.
void TestStore::aLargeStateWalksItsOrdersIndex()
{
    const QString file = path(u"walk.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    QVERIFY(!store.apply(querySeed()));
    const store::RowCounts large{100000, 1000000};
    const store::RowCounts rare{50, 1000000};
    for (const TaskSortKey key : {TaskSortKey::Worker, TaskSortKey::Label, TaskSortKey::Attempt,
                                  TaskSortKey::UpdatedAt, TaskSortKey::State}) {
        for (const bool descending : {false, true}) {
            TaskQuery query;
            query.states = {TaskState::Failed, TaskState::Done, TaskState::Running};
            query.sortKey = key;
            query.descending = descending;
            const QStringList planned = ids(store.queryTasks(query).value());
            QVERIFY(!planned.isEmpty());
            QCOMPARE(ids(store.queryTasks(query, large).value()), planned);
            QCOMPARE(ids(store.queryTasks(query, rare).value()), planned);
        }
    }

    TaskQuery failedByWorker;
    failedByWorker.states = {TaskState::Failed};
    failedByWorker.sortKey = TaskSortKey::Worker;
#ifdef CLAWOPS_STORE_ON_POSTGRES
    // PostgreSQL's planner weighs the LIMIT itself: the statement is the planner's choice.
    QCOMPARE(store::taskPageTail(failedByWorker, store::postgresDialect(), large),
             store::taskPageTail(failedByWorker, store::postgresDialect()));
#else
    const auto plan = [&](const store::RowCounts &counts) {
        SideConnection side(file);
        QSqlQuery explain(side.db());
        bool ran =
            explain.prepare(u"EXPLAIN QUERY PLAN SELECT * FROM orchestrator_tasks"_s +
                            store::taskPageTail(failedByWorker, store::sqliteDialect(), counts));
        for (const QVariant &value : {QVariant(u"failed"_s), QVariant(200), QVariant(0)})
            explain.addBindValue(value);
        ran = ran && explain.exec();
        QStringList lines{ran ? QString() : explain.lastError().text()};
        while (explain.next())
            lines.append(explain.value(3).toString());
        return lines.join(u'\n');
    };
    const QString walked = plan(large);
    QVERIFY2(walked.contains(u"idx_clawops_tasks_sort_worker_session_key"_s) &&
                 !walked.contains(u"TEMP B-TREE"_s),
             qPrintable(walked));
    // A rare state is read through its own index and its few rows sorted.
    const QString searched = plan(rare);
    QVERIFY2(searched.contains(u"(state=?)"_s), qPrintable(searched));
    // Another term may be the selective one: the planner decides.
    failedByWorker.search = u"build"_s;
    QCOMPARE(store::taskPageTail(failedByWorker, store::sqliteDialect(), large),
             store::taskPageTail(failedByWorker, store::sqliteDialect()));
#endif
}

void TestStore::countByState()
{
    const QString file = path(u"count.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    QVERIFY(!store.apply(querySeed()));
    core::StateCounts expected;
    for (int i = 0; i < core::kTaskStateCount; ++i)
        expected[static_cast<TaskState>(i)] = 1;
    QVERIFY(store.countByState().isOk());
    QCOMPARE(store.countByState().value(), expected);

    // Rows a hand edit left behind count like the plugin's readStatusSummary: normalised, and an
    // unknown state as queued.
    {
        SideConnection side(file);
        for (const char *state : {"paused", " DONE ", "Done"}) {
            QCOMPARE(
                side.exec(u"INSERT INTO orchestrator_tasks (task_id, task_key, "
                          "requester_session_key, orchestrator_session_key, task_preview, "
                          "state, created_at, updated_at) VALUES (?, 'k', 'r', 'o', 'p', ?, "
                          "1, 1)"_s,
                          {u"odd-"_s + QString::fromLatin1(state), QString::fromLatin1(state)}),
                QString());
        }
    }
    expected[TaskState::Queued] += 1;
    expected[TaskState::Done] += 2;
    QCOMPARE(store.countByState().value(), expected);
    QCOMPARE(store.countTasks(TaskQuery{}).value(), 11);
}

void TestStore::attemptsAndHighestAttempt()
{
    Store store;
    QVERIFY(!store.open(path(u"attempts.db"_s)));
    core::ChangeSet changes;
    for (int attempt : {2, 3, 1}) {
        core::TaskRecord task = makeTask(u"abc-a%1"_s.arg(attempt), core::TimeMs{100} * attempt);
        task.taskKey = clawops::core::TaskKey(u"abc"_s);
        task.attempt = attempt;
        task.state = attempt < 3 ? TaskState::Failed : TaskState::Running;
        changes.taskUpserts.append(task);
    }
    changes.taskUpserts.append(makeTask(u"other-a1"_s, 50));
    QVERIFY(!store.apply(changes));
    QCOMPARE(ids(store.attemptsFor(clawops::core::TaskKey(u"abc"_s)).value()),
             QStringList({u"abc-a1"_s, u"abc-a2"_s, u"abc-a3"_s}));
    QCOMPARE(store.attemptsFor(clawops::core::TaskKey(u"abc"_s)).value().at(1),
             changes.taskUpserts.at(0));
    QCOMPARE(store.highestAttempt(clawops::core::TaskKey(u"abc"_s)).value(), 3);
    QCOMPARE(store.highestAttempt(clawops::core::TaskKey(u"key-other-a1"_s)).value(), 1);
    QCOMPARE(store.highestAttempt(clawops::core::TaskKey(u"nothing"_s)).value(), 0);
    QVERIFY(store.attemptsFor(clawops::core::TaskKey(u"nothing"_s)).value().isEmpty());
    // Through the core's interface.
    const core::TaskArchive &archive = store;
    QCOMPARE(archive.findTask(clawops::core::TaskId(u"abc-a2"_s)).value().attempt, 2);
}

void TestStore::recentActivity()
{
    Store store;
    QVERIFY(!store.open(path(u"activity.db"_s)));
    core::ChangeSet changes;
    for (int i = 1; i <= 4; ++i)
        changes.taskUpserts.append(makeTask(u"t%1"_s.arg(i), core::TimeMs{100} * i));
    changes.transitions = {
        transition(u"t1"_s, 100, std::nullopt, TaskState::Leased, u"spawn-requested"_s),
        transition(u"t2"_s, 200, std::nullopt, TaskState::Leased, u"spawn-requested"_s),
        transition(u"t2"_s, 250, TaskState::Leased, TaskState::Running, u"spawn-accepted"_s),
        transition(u"t3"_s, 300, std::nullopt, TaskState::Leased, u"spawn-requested"_s),
        transition(u"t4"_s, 400, std::nullopt, TaskState::Leased, u"spawn-requested"_s),
    };
    QVERIFY(!store.apply(changes));

    const RecentTransitions window = store.transitionsSince(200, 100).value();
    QCOMPARE(window.transitions, changes.transitions.mid(1));
    QVERIFY(!window.truncated);
    // Over the limit: the newest ones, still oldest first, and the cut is reported.
    const RecentTransitions cut = store.transitionsSince(0, 2).value();
    QCOMPARE(cut.transitions, changes.transitions.mid(3));
    QVERIFY(cut.truncated);
    QVERIFY(store.transitionsSince(500, 10).value().transitions.isEmpty());
    QVERIFY(store.transitionsSince(0, 0).value().transitions.isEmpty());

    QCOMPARE(ids(store.tasksUpdatedSince(200, 100).value()),
             QStringList({u"t4"_s, u"t3"_s, u"t2"_s}));
    QCOMPARE(ids(store.tasksUpdatedSince(0, 1).value()), QStringList({u"t4"_s}));
    QCOMPARE(store.tasksUpdatedSince(400, 10).value().constFirst(), changes.taskUpserts.at(3));

    Store closed;
    QCOMPARE(closed.tasksUpdatedSince(0, 10).error().kind, StoreError::Kind::CannotOpen);
}

#ifdef CLAWOPS_STORE_ON_POSTGRES
// ---- PostgreSQL ------------------------------------------------------------------------------

void TestStore::createsAndMigratesPostgres()
{
    const QString url = path(u"new"_s);
    {
        Store store;
        const StoreError error = store.open(url);
        QVERIFY2(!error, qPrintable(error.message));
        QCOMPARE(store.schemaVersion(), kSchemaVersion);
        QCOMPARE(store.path(), url);
        QVERIFY(store.loadSnapshot().value().activeTasks.isEmpty());
        QVERIFY(!store.checkIntegrity());
    }
    {
        SideConnection side(url);
        QVERIFY(side.ok());
        QCOMPARE(side.rows(u"SELECT version, application_id FROM clawops_schema"_s),
                 QList<QVariantList>({{kSchemaVersion, kApplicationId}}));
        verifySchema(side);
        // Millisecond times do not fit PostgreSQL's INTEGER.
        QCOMPARE(side.scalar(u"SELECT data_type FROM information_schema.columns WHERE table_name "
                             "= 'orchestrator_tasks' AND column_name = 'updated_at'"_s)
                     .toString(),
                 u"bigint"_s);
    }
    // Opening again migrates nothing and keeps the one version row.
    Store again;
    QVERIFY(!again.open(url));
    SideConnection side(url);
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM clawops_schema"_s).toInt(), 1);
}

void TestStore::refusesForeignPostgres()
{
    const QString foreign = path(u"foreign"_s);
    {
        SideConnection side(foreign);
        QCOMPARE(side.exec(u"CREATE TABLE invoices (id BIGINT PRIMARY KEY, total REAL)"_s),
                 QString());
    }
    Store store;
    StoreError error = store.open(foreign);
    QCOMPARE(error.kind, StoreError::Kind::ForeignDatabase);
    QVERIFY2(error.message.contains(u"invoices"_s), qPrintable(error.message));
    {
        SideConnection side(foreign);
        QCOMPARE(side.scalar(u"SELECT to_regclass('orchestrator_tasks') IS NULL"_s).toBool(), true);
    }

    const QString newer = path(u"newer"_s);
    QVERIFY(!store.open(newer));
    store.close();
    {
        SideConnection side(newer);
        QCOMPARE(side.exec(u"UPDATE clawops_schema SET version = %1"_s.arg(kSchemaVersion + 1)),
                 QString());
    }
    error = store.open(newer);
    QCOMPARE(error.kind, StoreError::Kind::TooNew);
    QVERIFY(!store.isOpen());
}

void TestStore::concurrentOpenersMigrateOnce()
{
    // Several consoles start at once on one empty database: the migration lock lets one create
    // the schema and the others find it done; none fails on a half-created catalog.
    const QString url = path(u"race"_s);
    constexpr int kOpeners = 6;
    QList<QThread *> threads;
    QStringList errors(kOpeners);
    std::atomic<int> ready{0};
    for (int i = 0; i < kOpeners; ++i) {
        threads.append(QThread::create([&, i] {
            ++ready;
            while (ready.load() < kOpeners)
                QThread::yieldCurrentThread();
            Store store;
            if (const StoreError error = store.open(url))
                errors[i] = error.message;
            else if (store.apply(core::ChangeSet{
                         {makeTask(u"from-%1"_s.arg(i), i)}, {}, {}, {}, {}, {}, {}, {}, {}}))
                errors[i] = u"apply failed"_s;
        }));
    }
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QCOMPARE(errors, QStringList(kOpeners));
    Store store;
    QVERIFY(!store.open(url));
    QCOMPARE(store.countTasks(TaskQuery{}).value(), kOpeners);
    SideConnection side(url);
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM clawops_schema"_s).toInt(), 1);
}

void TestStore::passwordStaysSecret()
{
    const QString url = path(u"secret"_s);
    // A URL with a password is refused without repeating it.
    const QString withPassword = QString(url).replace(u"clawops@"_s, u"clawops:hunter2-xyz@"_s);
    Store store;
    StoreError error = store.open(withPassword);
    QCOMPARE(error.kind, StoreError::Kind::CannotOpen);
    QVERIFY2(error.message.contains(u".pgpass"_s), qPrintable(error.message));
    QVERIFY2(!error.message.contains(u"hunter2"_s), qPrintable(error.message));
    QVERIFY(!store.open(url + u"?password=hunter2-xyz"_s).message.contains(u"hunter2"_s));

    // A wrong password from the dialog: libpq's sentence, without the password.
    OpenOptions wrong;
    wrong.password = u"wrong-pass-987"_s;
    error = store.open(url, wrong);
    QCOMPARE(error.kind, StoreError::Kind::CannotOpen);
    QVERIFY2(error.message.contains(u"password authentication failed"_s),
             qPrintable(error.message));
    QVERIFY2(!error.message.contains(u"wrong-pass-987"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(url), qPrintable(error.message));

    // The right one from the dialog works without PGPASSFILE.
    const QByteArray passfile = qgetenv("PGPASSFILE");
    qputenv("PGPASSFILE", "/nonexistent");
    OpenOptions right;
    right.password = PgServer::password();
    error = store.open(url, right);
    qputenv("PGPASSFILE", passfile);
    QVERIFY2(!error, qPrintable(error.message));
}
#endif

void TestStore::absentIsNotFailed()
{
    const QString file = path(u"absent.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    QVERIFY(
        !store.apply(core::ChangeSet{{makeTask(u"here"_s, 1)}, {}, {}, {}, {}, {}, {}, {}, {}}));
    QVERIFY(store.findTask(clawops::core::TaskId(u"here"_s)).isFound());
    const core::ReadResult<core::TaskRecord> absent =
        store.findTask(clawops::core::TaskId(u"missing"_s));
    QVERIFY(absent.isAbsent());
    QVERIFY(!absent.isFailed());

    // The table goes away under the store: a read fails and says so, it is not "no such task".
    {
        SideConnection side(file);
        QCOMPARE(side.exec(u"DROP TABLE orchestrator_tasks"_s), QString());
    }
    const core::ReadResult<core::TaskRecord> failed =
        store.findTask(clawops::core::TaskId(u"here"_s));
    QVERIFY(failed.isFailed());
    QVERIFY(!failed.isAbsent());
    QVERIFY2(failed.error().contains(file), qPrintable(failed.error()));
    const StoreResult<QList<core::TaskRecord>> list = store.queryTasks(TaskQuery{});
    QVERIFY(!list.isOk());
    QCOMPARE(list.error().kind, StoreError::Kind::Query);
}

// ---- connections and threads ----------------------------------------------------------------

void TestStore::connectionsAreOwnedPerStore()
{
    const QString file = path(u"shared.db"_s);
    {
        Store one;
        Store two;
        QVERIFY(!one.open(file));
        QVERIFY(!two.open(path(u"other.db"_s)));
        QCOMPARE(QSqlDatabase::connectionNames().size(), 2);
        // Two stores on one file see each other's commits (WAL, busy_timeout).
        Store three;
        QVERIFY(!three.open(file));
        QVERIFY(
            !one.apply(core::ChangeSet{{makeTask(u"t1"_s, 1)}, {}, {}, {}, {}, {}, {}, {}, {}}));
        QVERIFY(three.findTask(clawops::core::TaskId(u"t1"_s)).isFound());
        one.close();
        QCOMPARE(QSqlDatabase::connectionNames().size(), 2);
        // Reopening the same Store works, with the same connection name.
        QVERIFY(!one.open(file));
        QCOMPARE(QSqlDatabase::connectionNames().size(), 3);
    }
    QCOMPARE(QSqlDatabase::connectionNames(), QStringList());

    // A store lives in the thread that opened it, like the engine's.
    bool ok = false;
    QThread *thread = QThread::create([&] {
        Store store;
        if (store.open(file))
            return;
        core::ChangeSet changes{{makeTask(u"from-thread"_s, 5)}, {}, {}, {}, {}, {}, {}, {}, {}};
        ok = !store.apply(changes) &&
             store.findTask(clawops::core::TaskId(u"from-thread"_s)).isFound();
    });
    thread->start();
    QVERIFY(thread->wait(30000));
    delete thread;
    QVERIFY(ok);
    Store store;
    QVERIFY(!store.open(file));
    QVERIFY(store.findTask(clawops::core::TaskId(u"from-thread"_s)).isFound());
}

// ---- team operation (schema 6) ---------------------------------------------------------------

namespace {

QString setVersionSql(int version)
{
#ifdef CLAWOPS_STORE_ON_POSTGRES
    return u"UPDATE clawops_schema SET version = %1"_s.arg(version);
#else
    return u"PRAGMA user_version = %1"_s.arg(version);
#endif
}

core::OperatorCommand queuedVerify(const QString &taskId, const QString &operatorName)
{
    core::OperatorCommand command;
    command.kind = core::OperatorCommand::Kind::Verify;
    command.taskId = core::TaskId(taskId);
    command.operatorName = operatorName;
    command.consoleHost = u"ops-west"_s;
    command.reason = u"checked the diff"_s;
    return command;
}

core::CommandCompletion completion(qint64 id, const QString &taskId, core::TimeMs at)
{
    const core::CommandResult result =
        core::CommandResult::done(core::CommandResult::Kind::Verified, core::TaskId(taskId));
    return core::CommandCompletion{id, true, QString::fromUtf8(core::commandResultToJson(result)),
                                   at};
}

} // namespace

// The version 6 step alone: a store of version 5 gains the command queue, the claims and the
// audit's console host, and keeps its audit rows (their host reads as empty).
void TestStore::version5StoreGainsTeamTables()
{
    const QString file = path(u"v5.db"_s);
    {
        Store store;
        QVERIFY(!store.open(file));
        core::ChangeSet changes;
        core::TaskRecord task = makeTask(u"t1"_s, 100);
        task.taskPreview = u"Migrate the ledger tables"_s;
        changes.taskUpserts = {task};
        changes.audits = {
            auditRow(300, u"ops"_s, u"verify"_s, u"t1"_s, QString(), u"ok"_s, QString())};
        QVERIFY(!store.apply(changes));
    }
    {
        SideConnection side(file);
        QCOMPARE(side.exec(u"DROP TABLE clawops_commands"_s), QString());
        QCOMPARE(side.exec(u"DROP TABLE clawops_claims"_s), QString());
        QCOMPARE(side.exec(u"ALTER TABLE operator_actions DROP COLUMN console_host"_s), QString());
        QCOMPARE(side.exec(setVersionSql(5)), QString());
        QVERIFY(!tableColumns(side, u"operator_actions"_s).contains(u"console_host"_s));
    }
    Store store;
    const StoreError error = store.open(file);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(store.schemaVersion(), kSchemaVersion);
    const QList<core::AuditRecord> old = store.auditFor(core::TaskId(u"t1"_s)).value();
    QCOMPARE(old.size(), 1);
    QCOMPARE(old.constFirst().operatorName, u"ops"_s);
    QVERIFY(old.constFirst().consoleHost.isEmpty());
    QVERIFY(store.claims().value().isEmpty());
    // The search (through version 5's index on SQLite, a scan on PostgreSQL) still finds the row.
    TaskQuery query;
    query.search = u"ledger"_s;
    QCOMPARE(ids(store.queryTasks(query).value()), QStringList{u"t1"_s});
    const StoreResult<qint64> queued = store.enqueueCommand(queuedVerify(u"t1"_s, u"alice"_s), 5);
    QVERIFY2(queued.isOk(), qPrintable(queued.error().message));
    QCOMPARE(store.commandState(queued.value()).value().status, CommandStatus::Pending);
    SideConnection side(file);
    verifySchema(side);
}

// A queued command is taken once per epoch, finished only in a batch under the epoch that took
// it, and taken again by a later epoch when the engine that took it lost the lease first.
void TestStore::queuedCommandRunsOnceUnderItsFence()
{
    const QString file = path(u"queue.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    const LeaseHolder first{u"engine-a"_s, u"host-a"_s, u"alice"_s};
    const LeaseHolder second{u"engine-b"_s, u"host-b"_s, u"bob"_s};
    const LeaseState held = store.acquireLease(first, 60000).value();
    QVERIFY(held.held);
    const Fence fenceA{first.id, held.epoch, 60000};

    const qint64 one = store.enqueueCommand(queuedVerify(u"t1"_s, u"carol"_s), 10).value();
    const qint64 two = store.enqueueCommand(queuedVerify(u"t2"_s, u"carol"_s), 11).value();
    QVERIFY(two > one);
    StoreResult<QList<QueuedCommand>> taken = store.claimCommands(fenceA, 100);
    QVERIFY2(taken.isOk(), qPrintable(taken.error().message));
    QCOMPARE(taken.value().size(), 2);
    QCOMPARE(taken.value().at(0).id, one); // id order
    QCOMPARE(taken.value().at(0).command, queuedVerify(u"t1"_s, u"carol"_s));
    QCOMPARE(store.commandState(one).value().status, CommandStatus::Running);
    QCOMPARE(store.commandState(one).value().claimedByEpoch, fenceA.epoch);
    // Taken at this epoch: not handed out again.
    QVERIFY(store.claimCommands(fenceA, 100).value().isEmpty());
    // Nor withdrawn by the console that sent it: the engine that took it still acts.
    QCOMPARE(store.withdrawCommand(one, 20).value(), false);

    core::ChangeSet batch;
    batch.commandCompletions = {completion(one, u"t1"_s, 30)};
    QVERIFY(!store.apply(batch, &fenceA));
    const CommandState done = store.commandState(one).value();
    QCOMPARE(done.status, CommandStatus::Done);
    QCOMPARE(done.executedByEpoch, fenceA.epoch);
    QCOMPARE(core::commandResultFromJson(done.result.toUtf8())->kind,
             core::CommandResult::Kind::Verified);

    // Command two's engine loses the lease before its batch commits: the batch is refused
    // whole, and the next epoch takes the command again.
    QVERIFY(!store.releaseLease(fenceA));
    const LeaseState taken2 = store.acquireLease(second, 60000).value();
    QVERIFY(taken2.held);
    QCOMPARE(taken2.epoch, fenceA.epoch + 1);
    const Fence fenceB{second.id, taken2.epoch, 60000};
    core::ChangeSet stale;
    stale.commandCompletions = {completion(two, u"t2"_s, 40)};
    QCOMPARE(store.apply(stale, &fenceA).kind, StoreError::Kind::Fenced);
    QCOMPARE(store.claimCommands(fenceA, 100).error().kind, StoreError::Kind::Fenced);
    QCOMPARE(store.commandState(two).value().status, CommandStatus::Running);
    taken = store.claimCommands(fenceB, 100);
    QCOMPARE(taken.value().size(), 1);
    QCOMPARE(taken.value().constFirst().id, two);
    stale.commandCompletions = {completion(two, u"t2"_s, 50)};
    QVERIFY(!store.apply(stale, &fenceB));
    QCOMPARE(store.commandState(two).value().status, CommandStatus::Done);
    QCOMPARE(store.commandState(two).value().executedByEpoch, fenceB.epoch);
    // Done is final.
    QCOMPARE(store.withdrawCommand(two, 60).value(), false);
    QVERIFY(store.claimCommands(fenceB, 100).value().isEmpty());
}

void TestStore::queuedCommandIsWithdrawnOnlyWhenNobodyCanRunIt()
{
    const QString file = path(u"withdraw.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    const qint64 pending = store.enqueueCommand(queuedVerify(u"t1"_s, u"carol"_s), 10).value();
    QCOMPARE(store.withdrawCommand(pending, 20).value(), true);
    const CommandState withdrawn = store.commandState(pending).value();
    QCOMPARE(withdrawn.status, CommandStatus::Withdrawn);
    QCOMPARE(core::commandResultFromJson(withdrawn.result.toUtf8())->kind,
             core::CommandResult::Kind::Withdrawn);
    // An engine that acts later never sees it.
    const LeaseHolder holder{u"engine-a"_s, u"host-a"_s, u"alice"_s};
    const LeaseState held = store.acquireLease(holder, 60000).value();
    const Fence fence{holder.id, held.epoch, 60000};
    QVERIFY(store.claimCommands(fence, 100).value().isEmpty());
    QCOMPARE(store.withdrawCommand(pending, 30).value(), false);

    // Taken by an engine that then lost the lease: nothing it writes can commit, so the sender
    // may withdraw it, and the next epoch does not take it.
    const qint64 orphan = store.enqueueCommand(queuedVerify(u"t2"_s, u"carol"_s), 40).value();
    QCOMPARE(store.claimCommands(fence, 100).value().size(), 1);
    QVERIFY(!store.releaseLease(fence));
    const LeaseHolder next{u"engine-b"_s, u"host-b"_s, u"bob"_s};
    const LeaseState nextHeld = store.acquireLease(next, 60000).value();
    QVERIFY(nextHeld.held);
    QCOMPARE(store.withdrawCommand(orphan, 50).value(), true);
    QVERIFY(store.claimCommands(Fence{next.id, nextHeld.epoch, 60000}, 100).value().isEmpty());
    core::ChangeSet stale;
    stale.commandCompletions = {completion(orphan, u"t2"_s, 60)};
    QCOMPARE(store.apply(stale, &fence).kind, StoreError::Kind::Fenced);
    QCOMPARE(store.commandState(orphan).value().status, CommandStatus::Withdrawn);
}

void TestStore::claimsAreWrittenAuditedAndReleasedOnResolve()
{
    const QString file = path(u"claims.db"_s);
    Store store;
    QVERIFY(!store.open(file));
    const core::ClaimRecord claim{core::TaskId(u"t1"_s), u"alice"_s, u"ops-west"_s, 100};
    core::AuditRecord audit =
        auditRow(100, u"alice"_s, u"claim"_s, u"t1"_s, QString(), u"ok"_s, QString());
    audit.consoleHost = u"ops-west"_s;
    QVERIFY(!store.writeClaim(claim, audit));
    QCOMPARE(store.claims().value(), QList<core::ClaimRecord>{claim});
    QCOMPARE(store.auditFor(core::TaskId(u"t1"_s)).value(), QList<core::AuditRecord>{audit});

    // Another operator takes it over: one claim per task.
    const core::ClaimRecord taken{core::TaskId(u"t1"_s), u"bob"_s, u"ops-east"_s, 200};
    QVERIFY(!store.writeClaim(taken, audit));
    const core::ClaimRecord other{core::TaskId(u"t2"_s), u"bob"_s, u"ops-east"_s, 210};
    QVERIFY(!store.writeClaim(other, audit));
    QCOMPARE(store.claims().value(), (QList<core::ClaimRecord>{taken, other}));

    // Resolving the item (it leaves needs_input) releases its claim in the same transaction.
    core::ChangeSet resolve;
    resolve.transitions = {
        transition(u"t1"_s, 300, TaskState::NeedsInput, TaskState::Running, u"operator-answered"_s),
        transition(u"t2"_s, 300, TaskState::Running, TaskState::NeedsVerification,
                   u"worker-ended-ok"_s)};
    QVERIFY(!store.apply(resolve));
    QCOMPARE(store.claims().value(), QList<core::ClaimRecord>{other});

    // From one kind of waiting to the other (a check that asks for input), it still waits on
    // the operator who claimed it.
    core::ChangeSet stillWaiting;
    stillWaiting.transitions = {transition(u"t2"_s, 400, TaskState::NeedsVerification,
                                           TaskState::NeedsInput, u"worker-blocked"_s)};
    QVERIFY(!store.apply(stillWaiting));
    QCOMPARE(store.claims().value(), QList<core::ClaimRecord>{other});
    QVERIFY(!store.releaseClaim(core::TaskId(u"t2"_s), audit));
    QVERIFY(store.claims().value().isEmpty());
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
