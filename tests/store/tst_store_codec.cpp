// The column tables (store/Tables.h): every column of every table the store uses is in its table,
// every field of a record survives a write and a read, absent values are written as the plugin
// writes them (NULL for an optional text, '' for a required one), and stored values the plugin
// could have left (NULL, text in a number column, padding, unknown states) read back the way the
// plugin's readers read them.

#include "StoreTestUtil.h"
#include "store/Schema.h"
#include "store/SqlDialect.h"
#include "store/Store.h"
#include "store/Tables.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace clawops;
using namespace clawops::store;
using namespace clawops::store::testing;
using namespace Qt::Literals::StringLiterals;
using core::SessionKey;
using core::TaskId;
using core::TaskKey;
using core::TaskState;

namespace {

constexpr core::TimeMs kNow = 1795000000000;

core::TaskRecord fullTask(int n)
{
    core::TaskRecord task;
    task.taskId = TaskId(u"task-%1"_s.arg(n));
    task.taskKey = TaskKey(u"key-%1"_s.arg(n));
    task.requesterSessionKey = SessionKey(u"agent:main:requester-%1"_s.arg(n));
    task.orchestratorSessionKey = SessionKey(u"agent:main:orch-%1"_s.arg(n));
    task.label = u"label %1"_s.arg(n);
    task.taskPreview = u"preview %1"_s.arg(n);
    task.state = n % 2 ? TaskState::NeedsVerification : TaskState::Dead;
    task.attempt = 2 + n;
    task.maxRetries = 5 + n;
    task.nextRunAt = 1234567 + n;
    task.lastOutcome = core::TransitionCause::fromText(u"worker-ended-timeout-%1"_s.arg(n));
    task.spec.task = u"Do %1"_s.arg(n);
    task.spec.label = task.label;
    task.spec.agentId = u"agent-%1"_s.arg(n);
    task.spec.model = u"model-%1"_s.arg(n);
    task.spec.thinking = u"high"_s;
    task.spec.mode = u"run"_s;
    task.spec.thread = n % 2 == 0;
    task.spec.kind = u"research"_s;
    task.spec.requestId = u"req-%1"_s.arg(n);
    task.spec.idempotencyKey = u"idem-%1"_s.arg(n);
    task.receiptSeen = true;
    task.verificationItems = 3 + n;
    task.explicitNoVerification = true;
    task.createdAt = 1000 + n;
    task.updatedAt = 2000 + n;
    task.workerSessionKey = SessionKey(u"agent:main:subagent:w-%1"_s.arg(n));
    task.gatewayTaskId = u"gw-%1"_s.arg(n);
    task.receiptJson = u"{\"status\":\"completed\",\"n\":%1}"_s.arg(n);
    task.receiptStatus = u"completed"_s;
    task.receiptTaskRef = u"task-%1"_s.arg(n);
    return task;
}

core::WorkerRecord fullWorker(int n)
{
    core::WorkerRecord worker;
    worker.childSessionKey = SessionKey(u"agent:main:subagent:w-%1"_s.arg(n));
    worker.taskId = TaskId(u"task-%1"_s.arg(n));
    worker.taskKey = TaskKey(u"key-%1"_s.arg(n));
    worker.orchestratorSessionKey = SessionKey(u"agent:main:orch-%1"_s.arg(n));
    worker.label = u"label %1"_s.arg(n);
    worker.taskPreview = u"preview %1"_s.arg(n);
    worker.ended = n % 2 ? std::optional(core::WorkerOutcome::Timeout) : std::nullopt;
    worker.attempt = 2 + n;
    worker.startedAt = 3000 + n;
    worker.updatedAt = 4000 + n;
    worker.outcome = n % 2 ? u"timeout"_s : QString();
    return worker;
}

// Writes the record with the table's own upsert (or insert) and reads every row back.
template<class Record>
QList<Record> roundTrip(QSqlDatabase &db, const RowCodec<Record> &codec, const Record &record,
                        bool upsert, QString *error)
{
    QSqlQuery write(db);
    if (!write.prepare(upsert ? codec.upsert(sqliteDialect()) : codec.insert())) {
        *error = write.lastError().text();
        return {};
    }
    codec.bind(write, record);
    if (!write.exec()) {
        *error = write.lastError().text();
        return {};
    }
    QSqlQuery read(db);
    if (!read.exec(codec.select())) {
        *error = read.lastError().text();
        return {};
    }
    QList<Record> rows;
    while (read.next())
        rows.append(codec.read(read, ReadContext{kNow}));
    return rows;
}

// Every row of a codec's table, read through it.
template<class Record> QList<Record> readAll(QSqlDatabase &db, const RowCodec<Record> &codec)
{
    QSqlQuery read(db);
    QList<Record> rows;
    if (!read.exec(codec.select()))
        return rows;
    while (read.next())
        rows.append(codec.read(read, ReadContext{kNow}));
    return rows;
}

} // namespace

class TestStoreCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void everyColumnIsInItsTable();
    void upsertsUpdateWhatThePluginUpdates();
    void tasksRoundTrip();
    void workersRoundTrip();
    void smallTablesRoundTrip();
    void absentValuesAreWrittenAsThePluginWritesThem();
    void taskRowsReadLikeThePlugin();
    void workerRowsReadLikeThePlugin();
    void bindingAndRetryRowsReadLikeThePlugin();
    void logRowsReadNullAsEmpty();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SideConnection> m_side;
};

void TestStoreCodec::init()
{
    // A migrated ClawOps file; the tests then write and read it through the codecs directly.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString file = m_dir->filePath(u"codec.db"_s);
    {
        Store store;
        QVERIFY(!store.open(file));
    }
    m_side = std::make_unique<SideConnection>(file);
    QVERIFY(m_side->ok());
}

void TestStoreCodec::cleanup()
{
    m_side.reset();
    m_dir.reset();
}

void TestStoreCodec::everyColumnIsInItsTable()
{
    // Column for column against the migrated file: nothing the table has is left out of the
    // codec (other than the log tables' row ids), and the codec names nothing the table lacks.
    const QList<QPair<QString, QStringList>> codecs = {
        {tables::tasks().table(), tables::tasks().columnNames()},
        {tables::workers().table(), tables::workers().columnNames()},
        {tables::bindings().table(), tables::bindings().columnNames()},
        {tables::retries().table(), tables::retries().columnNames()},
        {tables::transitions().table(), tables::transitions().columnNames()},
        {tables::audits().table(), tables::audits().columnNames()},
        {tables::suppressed().table(), tables::suppressed().columnNames()},
        {tables::policyViolations().table(), tables::policyViolations().columnNames()},
    };
    QSet<QString> covered;
    for (const auto &[table, columns] : codecs) {
        QSet<QString> inFile;
        for (const QVariantList &row : m_side->rows(u"PRAGMA table_info(%1)"_s.arg(table))) {
            if (row.at(1).toString() != u"id"_s)
                inFile.insert(row.at(1).toString());
        }
        QCOMPARE(QSet<QString>(columns.begin(), columns.end()), inFile);
        QCOMPARE(int(columns.size()), int(inFile.size())); // no column twice
        covered.insert(table);
    }
    QStringList all = pluginTables() + clawopsTables();
    QCOMPARE(covered, QSet<QString>(all.begin(), all.end()));
}

void TestStoreCodec::upsertsUpdateWhatThePluginUpdates()
{
    // The plugin's upsertTaskRow keeps created_at; upsertWorkerRow keeps the orchestrator,
    // label, preview and start time of the first row.
    const QString task = tables::tasks().upsert(sqliteDialect());
    QVERIFY(task.contains(u"ON CONFLICT(task_id) DO UPDATE SET"_s));
    QVERIFY(!task.contains(u"created_at=excluded"_s));
    QVERIFY(!task.contains(QRegularExpression(u"\\btask_id=excluded"_s)));
    QVERIFY(task.contains(u"updated_at=excluded.updated_at"_s));
    QVERIFY(task.contains(u"receipt_task_ref=excluded.receipt_task_ref"_s));

    const QString worker = tables::workers().upsert(sqliteDialect());
    QVERIFY(worker.contains(u"ON CONFLICT(child_session_key) DO UPDATE SET"_s));
    for (const char *kept : {"orchestrator_session_key", "label", "task_preview", "started_at"})
        QVERIFY2(!worker.contains(QString::fromLatin1(kept) + u"=excluded"_s), kept);
    for (const char *updated :
         {"status", "updated_at", "outcome", "task_id", "task_key", "attempt"})
        QVERIFY2(worker.contains(QString::fromLatin1(updated) + u"=excluded"_s), updated);

    // Through the statement itself: a second write keeps the first created_at.
    core::TaskRecord first = fullTask(1);
    core::TaskRecord second = fullTask(2);
    second.taskId = first.taskId;
    QString error;
    QCOMPARE(roundTrip(m_side->db(), tables::tasks(), first, true, &error).size(), 1);
    const QList<core::TaskRecord> rows =
        roundTrip(m_side->db(), tables::tasks(), second, true, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    core::TaskRecord expected = second;
    expected.createdAt = first.createdAt;
    QCOMPARE(rows, QList<core::TaskRecord>({expected}));
}

void TestStoreCodec::tasksRoundTrip()
{
    // Two records that differ in every field: a column read from the wrong place, or not at all,
    // cannot give both back.
    for (int n : {1, 2}) {
        QString error;
        const core::TaskRecord task = fullTask(n);
        const QList<core::TaskRecord> rows =
            roundTrip(m_side->db(), tables::tasks(), task, true, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(rows.size(), n);
        QCOMPARE(rows.last(), task);
    }
    // And through the store's own write transaction and lookup.
    Store store;
    QVERIFY(!store.open(m_dir->filePath(u"codec.db"_s)));
    core::ChangeSet changes;
    changes.taskUpserts = {fullTask(3)};
    QVERIFY(!store.apply(changes));
    QCOMPARE(store.findTask(fullTask(3).taskId).value(), fullTask(3));
    // A later change set rewrites the row (on SQLite the update statement of the split upsert,
    // whose values bind in another order than the insert's): every field but created_at.
    core::TaskRecord rewritten = fullTask(4);
    rewritten.taskId = fullTask(3).taskId;
    changes.taskUpserts = {rewritten};
    QVERIFY(!store.apply(changes));
    rewritten.createdAt = fullTask(3).createdAt;
    QCOMPARE(store.findTask(rewritten.taskId).value(), rewritten);
}

void TestStoreCodec::workersRoundTrip()
{
    for (int n : {1, 2}) {
        QString error;
        const core::WorkerRecord worker = fullWorker(n);
        const QList<core::WorkerRecord> rows =
            roundTrip(m_side->db(), tables::workers(), worker, true, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(rows.last(), worker);
    }
}

void TestStoreCodec::smallTablesRoundTrip()
{
    QString error;
    const core::BindingRecord binding = bindingRow(u"agent:main:r"_s, u"agent:main:o"_s, 77);
    QCOMPARE(roundTrip(m_side->db(), tables::bindings(), binding, true, &error),
             QList<core::BindingRecord>({binding}));
    const core::RetryCountRecord retry = retryCount(u"key-r"_s, 3, 88);
    QCOMPARE(roundTrip(m_side->db(), tables::retries(), retry, true, &error),
             QList<core::RetryCountRecord>({retry}));
    const core::TransitionRecord moved =
        transition(u"task-1"_s, 99, TaskState::Running, TaskState::NeedsInput, u"worker-started"_s);
    QCOMPARE(roundTrip(m_side->db(), tables::transitions(), moved, false, &error),
             QList<core::TransitionRecord>({moved}));
    const core::AuditRecord audit = auditRow(100, u"alice"_s, u"reject"_s, u"task-1"_s,
                                             u"wrong file"_s, u"ok"_s, u"try again"_s);
    QCOMPARE(roundTrip(m_side->db(), tables::audits(), audit, false, &error),
             QList<core::AuditRecord>({audit}));
    const core::SuppressedSpawnRecord spawn =
        suppressedRow(101, u"key-s"_s, u"task-1"_s, u"agent:main:r"_s, u"agent:main:o"_s,
                      u"label"_s, u"run-7"_s, u"agent:main:subagent:dup"_s);
    QCOMPARE(roundTrip(m_side->db(), tables::suppressed(), spawn, false, &error),
             QList<core::SuppressedSpawnRecord>({spawn}));
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestStoreCodec::absentValuesAreWrittenAsThePluginWritesThem()
{
    core::TaskRecord task;
    task.taskId = TaskId(u"bare"_s);
    QString error;
    QCOMPARE(roundTrip(m_side->db(), tables::tasks(), task, true, &error).size(), 1);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QList<QVariantList> rows = m_side->rows(
        u"SELECT task_key, requester_session_key, orchestrator_session_key, task_preview, "
        "label IS NULL, next_run_at IS NULL, last_outcome IS NULL, worker_session_key IS NULL, "
        "gateway_task_id IS NULL, receipt_json IS NULL, receipt_status IS NULL, "
        "receipt_task_ref IS NULL, spec_json, typeof(task_key) FROM orchestrator_tasks"_s);
    QCOMPARE(rows.size(), 1);
    const QVariantList &row = rows.constFirst();
    for (int i = 0; i < 4; ++i) {
        QVERIFY2(!row.at(i).isNull(), "a NOT NULL text column got NULL");
        QCOMPARE(row.at(i).toString(), QString());
    }
    for (int i = 4; i < 12; ++i)
        QCOMPARE(row.at(i).toInt(), 1);
    QCOMPARE(row.at(12).toString(), QString::fromUtf8(core::specToJson(core::SpawnSpec())));
    QCOMPARE(row.at(13).toString(), u"text"_s);

    core::TransitionRecord created = transition(u"t"_s, 1, std::nullopt, TaskState::Queued, {});
    QCOMPARE(roundTrip(m_side->db(), tables::transitions(), created, false, &error).size(), 1);
    QCOMPARE(m_side
                 ->scalar(u"SELECT COUNT(*) FROM task_transitions WHERE from_state IS NULL AND "
                          "reason IS NULL"_s)
                 .toInt(),
             1);
}

void TestStoreCodec::taskRowsReadLikeThePlugin()
{
    // Values another writer may have left: NULL, text where a number belongs, out-of-range
    // numbers, a state that is none of the eight.
    QCOMPARE(m_side->exec(u"INSERT INTO orchestrator_tasks(task_id, task_key, "
                          "requester_session_key, orchestrator_session_key, label, task_preview, "
                          "state, attempt, max_retries, next_run_at, last_outcome, spec_json, "
                          "receipt_seen, verification_items, explicit_no_verification, "
                          "created_at, updated_at) VALUES ('odd', 'k', 'r', 'o', NULL, 'p', "
                          "'paused', 'three', -1, NULL, NULL, NULL, 2, -5, 'yes', 'x', 12.9)"_s),
             QString());
    const QList<core::TaskRecord> rows = readAll(m_side->db(), tables::tasks());
    QCOMPARE(rows.size(), 1);
    const core::TaskRecord &task = rows.constFirst();
    QCOMPARE(task.label, QString());
    QCOMPARE(task.state, TaskState::Queued);
    QCOMPARE(task.attempt, 1);
    QCOMPARE(task.maxRetries, 0);
    QVERIFY(!task.nextRunAt);
    QCOMPARE(task.lastOutcome.kind, core::TransitionCause::Kind::None);
    QCOMPARE(task.spec, core::SpawnSpec());
    QCOMPARE(task.receiptSeen, true);
    QCOMPARE(task.verificationItems, 0);
    QCOMPARE(task.explicitNoVerification, false);
    QCOMPARE(task.createdAt, 0);
    QCOMPARE(task.updatedAt, 12);
    QCOMPARE(task.workerSessionKey, SessionKey());
    QCOMPARE(task.receiptJson, QString());

    // A spec_json that is not an object costs the spec, not the row.
    QCOMPARE(m_side->exec(u"UPDATE orchestrator_tasks SET spec_json = 'not json'"_s), QString());
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(u"spec_json that is not a JSON object"_s));
    QCOMPARE(readAll(m_side->db(), tables::tasks()).constFirst().spec, core::SpawnSpec());
}

void TestStoreCodec::workerRowsReadLikeThePlugin()
{
    QCOMPARE(m_side->exec(u"INSERT INTO orchestrator_workers(child_session_key, task_id, "
                          "task_key, orchestrator_session_key, label, task_preview, status, "
                          "attempt, started_at, updated_at, outcome) VALUES "
                          "('  agent:main:subagent:a  ', NULL, NULL, ' agent:main:o ', '  l  ', "
                          "'   ', ' RUNNING ', -3, 'soon', 5, NULL), "
                          "('agent:main:subagent:b', X'37', '', 'agent:main:o', NULL, 'p', "
                          "'exploded', 2.5, 1, 2, '  timeout ')"_s),
             QString());
    const QList<core::WorkerRecord> rows = readAll(m_side->db(), tables::workers());
    QCOMPARE(rows.size(), 2);
    const core::WorkerRecord &a = rows.at(0);
    QCOMPARE(a.childSessionKey, SessionKey(u"agent:main:subagent:a"_s)); // asString trims
    QCOMPARE(a.orchestratorSessionKey, SessionKey(u"agent:main:o"_s));
    QCOMPARE(a.taskId, TaskId());
    QCOMPARE(a.label, u"l"_s);
    QCOMPARE(a.taskPreview, u"(unknown task)"_s);
    QVERIFY(a.running());
    QCOMPARE(a.attempt, 1);
    QCOMPARE(a.startedAt, kNow); // not a number: the plugin's Date.now()
    QCOMPARE(a.updatedAt, 5);
    QCOMPARE(a.outcome, QString());
    const core::WorkerRecord &b = rows.at(1);
    QCOMPARE(b.taskId, TaskId()); // a blob is not a string to asString
    QCOMPARE(b.taskKey, TaskKey());
    QCOMPARE(b.ended, std::optional(core::WorkerOutcome::Unknown));
    QCOMPARE(b.attempt, 2); // REAL floors
    QCOMPARE(b.outcome, u"timeout"_s);
}

void TestStoreCodec::bindingAndRetryRowsReadLikeThePlugin()
{
    QCOMPARE(m_side->exec(u"INSERT INTO orchestrator_bindings(requester_session_key, "
                          "orchestrator_session_key, updated_at) VALUES (' r ', ' o ', 'later')"_s),
             QString());
    QCOMPARE(m_side->exec(u"INSERT INTO orchestrator_retries(task_key, retries, updated_at) VALUES "
                          "(' k1 ', 'many', 3), ('k2', -2, -1), ('k3', 2.7, 4)"_s),
             QString());
    QCOMPARE(readAll(m_side->db(), tables::bindings()),
             QList<core::BindingRecord>({bindingRow(u"r"_s, u"o"_s, 0)}));
    QCOMPARE(readAll(m_side->db(), tables::retries()),
             QList<core::RetryCountRecord>({retryCount(u"k1"_s, 0, 3), retryCount(u"k2"_s, 0, 0),
                                            retryCount(u"k3"_s, 2, 4)}));
}

void TestStoreCodec::logRowsReadNullAsEmpty()
{
    QCOMPARE(m_side->exec(u"INSERT INTO task_transitions(task_id, at, from_state, to_state, "
                          "reason) VALUES ('t', 5, NULL, 'odd', NULL), ('t', 6, 'bogus', "
                          "'done', 'operator-verified')"_s),
             QString());
    const QList<core::TransitionRecord> transitions = readAll(m_side->db(), tables::transitions());
    QCOMPARE(transitions.size(), 2);
    QVERIFY(!transitions.at(0).from);
    QCOMPARE(transitions.at(0).to, TaskState::Queued);
    QCOMPARE(transitions.at(0).cause.kind, core::TransitionCause::Kind::None);
    QVERIFY(!transitions.at(1).from); // not a state: read as unknown
    QCOMPARE(transitions.at(1).to, TaskState::Done);

    QCOMPARE(m_side->exec(u"INSERT INTO operator_actions(at, operator, action) VALUES "
                          "(7, 'bob', 'kill')"_s),
             QString());
    QCOMPARE(readAll(m_side->db(), tables::audits()),
             QList<core::AuditRecord>({auditRow(7, u"bob"_s, u"kill"_s, {}, {}, {}, {})}));

    QCOMPARE(m_side->exec(u"INSERT INTO suppressed_spawns(at, task_key) VALUES (8, 'k')"_s),
             QString());
    QCOMPARE(
        readAll(m_side->db(), tables::suppressed()),
        QList<core::SuppressedSpawnRecord>({suppressedRow(8, u"k"_s, {}, {}, {}, {}, {}, {})}));
}

QTEST_GUILESS_MAIN(TestStoreCodec)
#include "tst_store_codec.moc"
