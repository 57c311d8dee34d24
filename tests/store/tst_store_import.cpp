// clawops --import: a SQLite store (the plugin's orchestrator.db, or ClawOps's own) copied into
// PostgreSQL with every row, the same meaning read back, and the same rows after a second run.
#include "PgServer.h"
#include "StoreTestUtil.h"
#include "store/Importer.h"
#include "store/Schema.h"
#include "store/Store.h"
#include "store/Tables.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace clawops;
using namespace clawops::store;
using namespace clawops::store::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

QJsonObject readFixture(const QString &name)
{
    QFile file(QStringLiteral(CLAWOPS_TEST_DATA_DIR "/store/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

template<class T, class Key> QList<T> sortedBy(QList<T> list, const Key &key)
{
    std::sort(list.begin(), list.end(), [&](const T &a, const T &b) { return key(a) < key(b); });
    return list;
}

// What ClawOps reads from a store, in an order that does not depend on the backend.
struct Reading
{
    core::Snapshot snapshot;
    QList<core::TaskRecord> tasks;
    core::StateCounts counts;
};

Reading readAll(Store &store)
{
    Reading reading;
    reading.snapshot = store.loadSnapshot(424242).value();
    // Every worker row, ended ones too: the snapshot holds only the running ones.
    reading.snapshot.workers.clear();
    {
        SideConnection side(store.path());
        QSqlQuery query(side.db());
        if (!query.exec(tables::workers().select()))
            qFatal("reading the worker rows: %s", qPrintable(query.lastError().text()));
        while (query.next())
            reading.snapshot.workers.append(tables::workers().read(query, ReadContext{424242}));
    }
    reading.snapshot.workers =
        sortedBy(reading.snapshot.workers, [](const auto &w) { return w.childSessionKey.str(); });
    reading.snapshot.bindings = sortedBy(reading.snapshot.bindings,
                                         [](const auto &b) { return b.requesterSessionKey.str(); });
    reading.snapshot.retryCounts =
        sortedBy(reading.snapshot.retryCounts, [](const auto &r) { return r.taskKey.str(); });
    core::TaskQuery all;
    all.sortKey = core::TaskSortKey::Id;
    all.limit = 100000;
    reading.tasks = store.queryTasks(all).value();
    reading.counts = store.countByState().value();
    return reading;
}

qint64 rowCount(const QString &location, const QString &table)
{
    SideConnection side(location);
    return side.scalar(u"SELECT COUNT(*) FROM %1"_s.arg(table)).toLongLong();
}

} // namespace

class TestStoreImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void pluginFileKeepsEveryRowAndMeaning();
    void clawopsStoreKeepsLogsAndIds();
    void refusesWhatIsNotAStore();

private:
    QString database();

    PgServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    int m_databases = 0;
};

void TestStoreImport::initTestCase()
{
    // No PostgreSQL is a failure, not a skip: ./scripts/install-deps installs it.
    const QString error = m_server.start();
    QVERIFY2(error.isEmpty(), qPrintable(u"cannot start a PostgreSQL server: "_s + error));
}

void TestStoreImport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QTest::failOnWarning(QRegularExpression(u"still in use"_s));
}

void TestStoreImport::cleanup()
{
    QCOMPARE(QSqlDatabase::connectionNames(), QStringList());
    m_dir.reset();
}

QString TestStoreImport::database()
{
    const QString name = u"import_%1"_s.arg(++m_databases);
    const QString error = m_server.createDatabase(name);
    return error.isEmpty() ? m_server.url(name) : QString();
}

void TestStoreImport::pluginFileKeepsEveryRowAndMeaning()
{
    // The plugin's file, with the odd rows a hand edit leaves: text and REAL in integer columns,
    // blank keys, unknown states.
    const QString source = m_dir->filePath(u"orchestrator.db"_s);
    const QString written = writePluginStore(source, readFixture(u"plugin-rows.json"_s));
    QVERIFY2(written.isEmpty(), qPrintable(written));
    const QByteArray sourceHash = fileHash(source);
    const QString target = database();
    QVERIFY(!target.isEmpty());

    QList<ImportProgress> steps;
    StoreResult<ImportSummary> imported =
        importStore(source, target, {}, [&](const ImportProgress &step) { steps.append(step); });
    QVERIFY2(imported.isOk(), qPrintable(imported.error().message));
    QCOMPARE(fileHash(source), sourceHash); // only read

    // Every row of every plugin table, and a last progress step per table that says so.
    for (const QString &table : pluginTables()) {
        const qint64 rows = rowCount(source, table);
        QVERIFY(rows > 0);
        QCOMPARE(rowCount(target, table), rows);
        const auto last = std::find_if(steps.rbegin(), steps.rend(),
                                       [&](const auto &step) { return step.table == table; });
        QVERIFY(last != steps.rend());
        QCOMPARE(last->done, rows);
        QCOMPARE(last->total, rows);
    }
    QCOMPARE(imported.value().rows(), rowCount(target, u"orchestrator_tasks"_s) +
                                          rowCount(target, u"orchestrator_workers"_s) +
                                          rowCount(target, u"orchestrator_bindings"_s) +
                                          rowCount(target, u"orchestrator_retries"_s));
    QVERIFY(imported.value().rows() > 0);
    // 'two' retries and 'soon' started_at were not numbers.
    qint64 coerced = 0;
    for (const ImportedTable &table : imported.value().tables)
        coerced += table.coerced;
    QCOMPARE(coerced, 2);

    // ClawOps reads the same from both: the file (a copy, which opening migrates) and PostgreSQL.
    const QString copy = m_dir->filePath(u"copy.db"_s);
    QVERIFY(QFile::copy(source, copy));
    Reading expected;
    {
        Store file;
        QVERIFY(!file.open(copy));
        expected = readAll(file);
    }
    Reading first;
    {
        Store shared;
        const StoreError error = shared.open(target);
        QVERIFY2(!error, qPrintable(error.message));
        first = readAll(shared);
    }
    QVERIFY(!expected.tasks.isEmpty());
    QCOMPARE(first.tasks, expected.tasks);
    QCOMPARE(first.counts, expected.counts);
    QCOMPARE(first.snapshot.activeTasks, expected.snapshot.activeTasks);
    QCOMPARE(first.snapshot.workers, expected.snapshot.workers);
    QCOMPARE(first.snapshot.bindings, expected.snapshot.bindings);
    QCOMPARE(first.snapshot.retryCounts, expected.snapshot.retryCounts);
    QCOMPARE(first.snapshot.summaries, expected.snapshot.summaries);

    // Again: the same rows, nothing doubled.
    imported = importStore(source, target, {}, {});
    QVERIFY2(imported.isOk(), qPrintable(imported.error().message));
    for (const QString &table : pluginTables())
        QCOMPARE(rowCount(target, table), rowCount(source, table));
    Store shared;
    QVERIFY(!shared.open(target));
    const Reading second = readAll(shared);
    QCOMPARE(second.tasks, first.tasks);
    QCOMPARE(second.snapshot.workers, first.snapshot.workers);
    QCOMPARE(second.snapshot.retryCounts, first.snapshot.retryCounts);
}

void TestStoreImport::clawopsStoreKeepsLogsAndIds()
{
    const QString source = m_dir->filePath(u"clawops.db"_s);
    core::ChangeSet changes;
    // More rows than one multi-row statement holds, so that batches meet.
    for (int i = 0; i < 900; ++i) {
        const QString id = u"t%1"_s.arg(i, 4, 10, QLatin1Char('0'));
        changes.taskUpserts.append(makeTask(id, 1000 + i));
        changes.transitions.append(
            transition(id, 1000 + i, std::nullopt, core::TaskState::Leased, u"spawned"_s));
    }
    changes.audits.append(
        auditRow(5000, u"ops"_s, u"verify"_s, u"t0001"_s, u"looks right"_s, u"ok"_s, u"{}"_s));
    changes.suppressed.append(suppressedRow(6000, u"key-t0002"_s, u"t0002"_s, u"r"_s, u"o"_s,
                                            u"dup"_s, u"ref-1"_s, u"child-x"_s));
    core::PolicyViolationRecord violation;
    violation.at = 7000;
    violation.sessionKey = core::SessionKey(u"agent:main:main"_s);
    violation.toolName = u"exec"_s;
    violation.rule = core::PolicyRule::MainDelegation;
    violation.action = core::PolicyAction::Abort;
    changes.policyViolations.append(violation);
    {
        Store store;
        QVERIFY(!store.open(source));
        QVERIFY(!store.apply(changes));
    }
    const QString target = database();
    for (int run = 0; run < 2; ++run) {
        const StoreResult<ImportSummary> imported = importStore(source, target, {}, {});
        QVERIFY2(imported.isOk(), qPrintable(imported.error().message));
        for (const QString &table : pluginTables() + clawopsTables())
            QCOMPARE(rowCount(target, table), rowCount(source, table));
    }
    Store shared;
    QVERIFY(!shared.open(target));
    const core::TaskId t1(u"t0001"_s);
    QCOMPARE(shared.transitionsFor(t1).value(),
             QList<core::TransitionRecord>{changes.transitions.at(1)});
    QCOMPARE(shared.auditFor(t1).value(), changes.audits);
    QCOMPARE(shared.suppressedFor(core::TaskKey(u"key-t0002"_s)).value(), changes.suppressed);
    QCOMPARE(shared.recentPolicyViolations(5).value(), changes.policyViolations);
    {
        SideConnection file(source);
        SideConnection pg(target);
        const QString ids = u"SELECT id, task_id FROM task_transitions ORDER BY id"_s;
        QCOMPARE(pg.rows(ids), file.rows(ids));
    }
    // New rows after an import get ids after the imported ones.
    QVERIFY(!shared.apply(core::ChangeSet{{},
                                          {},
                                          {},
                                          {},
                                          {transition(u"t0001"_s, 9000, core::TaskState::Leased,
                                                      core::TaskState::Running, u"started"_s)},
                                          {},
                                          {},
                                          {},
                                          {}}));
    SideConnection pg(target);
    QCOMPARE(pg.scalar(u"SELECT MAX(id) FROM task_transitions"_s).toLongLong(), 901);
}

void TestStoreImport::refusesWhatIsNotAStore()
{
    const QString target = database();
    const QString missing = m_dir->filePath(u"missing.db"_s);
    StoreResult<ImportSummary> imported = importStore(missing, target, {}, {});
    QCOMPARE(imported.error().kind, StoreError::Kind::CannotOpen);
    QVERIFY(!QFile::exists(missing));

    const QString text = m_dir->filePath(u"notes.db"_s);
    {
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a database, just notes\n");
    }
    imported = importStore(text, target, {}, {});
    QCOMPARE(imported.error().kind, StoreError::Kind::NotADatabase);
    SideConnection pg(target);
    QCOMPARE(pg.scalar(u"SELECT to_regclass('orchestrator_tasks') IS NULL"_s).toBool(), true);
}

QTEST_GUILESS_MAIN(TestStoreImport)
#include "tst_store_import.moc"
