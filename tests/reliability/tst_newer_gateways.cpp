// The engine on gateways newer than the recorded 2026.9.6 (issue 12, "Newer gateways"):
//   2026.9.7          no tasks.* methods and no `task` event; session rows may say `interrupted`
//   tasks-admin-only  tasks.* advertised, but FORBIDDEN to a console without operator.admin
// The engine must use only what hello-ok.features offers, kill by sessions.abort with
// clearQueued when tasks.cancel is absent or refused, take an `interrupted` worker to
// needs_input without an automatic retry, and end a seeded world's tasks as it does on 2026.9.6.

#include "EngineRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

#include <optional>

using namespace clawops;

namespace {

constexpr quint32 kSeed = 20261205;
constexpr int kSpawns = 14;
constexpr int kWaitMs = 20000;

QString joined(const QStringList &lines)
{
    return lines.join(QLatin1Char('\n'));
}

sim::WorldConfig scriptedWorld()
{
    sim::WorldConfig world = test::reliabilityWorld(kSeed, 0);
    world.spawnsPerSecond = 0.01; // scripted spawns only; start() is never called
    return world;
}

test::RunReport seededRun(const QString &mode, QString *error)
{
    test::EngineRun run(mode, test::reliabilityWorld(kSeed, kSpawns));
    *error = run.start();
    if (!error->isEmpty())
        return {};
    run.world().start();
    if (!run.waitUntilQuiet(1500, 60000))
        *error = QStringLiteral("the run on %1 did not settle").arg(mode);
    run.stopEngine();
    return test::auditRun(run);
}

} // namespace

class TestNewerGateways : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void usesOnlyAdvertisedMethods_data();
    void usesOnlyAdvertisedMethods();
    void killsBySessionsAbortWithClearQueued_data();
    void killsBySessionsAbortWithClearQueued();
    void interruptedWorkerNeedsInput();
    void duplicateIsCancelledAndItsSpawnerTold_data();
    void duplicateIsCancelledAndItsSpawnerTold();
    void endsAsOnTheRecordedGateway_data();
    void endsAsOnTheRecordedGateway();

private:
    std::optional<test::RunReport> m_reference; // the seeded world on 2026.9.6
};

void TestNewerGateways::usesOnlyAdvertisedMethods_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("2026.9.7") << QStringLiteral("2026.9.7");
    QTest::newRow("tasks-admin-only") << QStringLiteral("tasks-admin-only");
}

// Counted at the gateway: calls to methods hello-ok did not advertise, and calls it refused for
// a missing scope.
void TestNewerGateways::usesOnlyAdvertisedMethods()
{
    QFETCH(QString, mode);
    test::EngineRun run(mode, test::reliabilityWorld(kSeed, 8));
    const QString error = run.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    run.world().start();
    // Reconnects while workers run resync them: whatever that reads must be on offer too.
    for (int i = 0; i < 2; ++i) {
        QTest::qWait(700);
        QVERIFY(run.faults().inject(QStringLiteral("reset")));
    }
    QVERIFY(run.waitUntilQuiet(1500, 60000));
    const QJsonObject counters = run.server().counters();
    const QJsonObject unadvertised = counters.value(QLatin1String("unadvertisedCalls")).toObject();
    QVERIFY2(
        unadvertised.isEmpty(),
        qPrintable(QString::fromUtf8(QJsonDocument(unadvertised).toJson(QJsonDocument::Compact))));
    const QJsonObject cancels = run.world().stats().value(QLatin1String("cancels")).toObject();
    for (auto it = cancels.begin(); it != cancels.end(); ++it)
        QVERIFY2(!it.value().toObject().contains(QLatin1String("tasks.cancel")) ||
                     mode != QLatin1String("tasks-admin-only"),
                 "tasks.cancel needs operator.admin here, which this console was not granted");
}

void TestNewerGateways::killsBySessionsAbortWithClearQueued_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("2026.9.6") << QStringLiteral("2026.9.6");
    QTest::newRow("2026.9.7") << QStringLiteral("2026.9.7");
    QTest::newRow("tasks-admin-only") << QStringLiteral("tasks-admin-only");
}

// An operator's kill reaches the worker on every gateway. Where tasks.cancel is absent or
// refused it is sessions.abort with clearQueued, so that nothing queued for the worker runs
// after it.
void TestNewerGateways::killsBySessionsAbortWithClearQueued()
{
    QFETCH(QString, mode);
    test::EngineRun run(mode, scriptedWorld());
    const QString error = run.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString child = run.world().spawnWorker(
        QStringLiteral("agent:main:main"), QStringLiteral("Index the archive"),
        QStringLiteral("index"), QStringLiteral("slow"), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(run.taskOfWorker(child).has_value() &&
                                 run.taskOfWorker(child)->state == core::TaskState::Running,
                             kWaitMs);
    core::OperatorCommand kill;
    kill.kind = core::OperatorCommand::Kind::Kill;
    kill.taskId = run.taskOfWorker(child)->taskId;
    kill.operatorName = QStringLiteral("tester");
    kill.reason = QStringLiteral("no longer needed");
    run.host()->sendCommand(kill);
    QTRY_COMPARE_WITH_TIMEOUT(run.world().runningWorkers(), 0, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(run.stateOf(run.taskOfWorker(child)->taskId.str()),
                              QStringLiteral("dead"), kWaitMs);
    const QJsonObject stats = run.world().stats();
    const QJsonObject calls =
        stats.value(QLatin1String("cancels")).toObject().value(child).toObject();
    if (mode == QLatin1String("2026.9.6")) {
        // tasks.cancel is offered and allowed: the recorded path.
        QCOMPARE(calls.value(QLatin1String("tasks.cancel")).toInt(), 1);
        return;
    }
    QVERIFY2(stats.value(QLatin1String("abortsWithClearQueued")).toInt() >= 1,
             qPrintable(QString::fromUtf8(QJsonDocument(calls).toJson(QJsonDocument::Compact))));
    QCOMPARE(stats.value(QLatin1String("abortsWithoutClearQueued")).toInt(), 0);
}

// 2026.9.7 reports a run cut off by a gateway restart as an `interrupted` session row and does
// not relaunch it: a non-ok ending that waits for the operator, not an automatic retry.
void TestNewerGateways::interruptedWorkerNeedsInput()
{
    test::EngineRun run(QStringLiteral("2026.9.7"), scriptedWorld());
    const QString error = run.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString child = run.world().spawnWorker(
        QStringLiteral("agent:main:main"), QStringLiteral("Migrate the tables"),
        QStringLiteral("migrate"), QStringLiteral("interrupted"), 500);
    QTRY_VERIFY_WITH_TIMEOUT(run.taskOfWorker(child).has_value(), kWaitMs);
    const QString taskId = run.taskOfWorker(child)->taskId.str();
    QTRY_COMPARE_WITH_TIMEOUT(run.stateOf(taskId), QStringLiteral("needs_input"), kWaitMs);
    QCOMPARE(run.world().stats().value(QLatin1String("interruptedRuns")).toInt(), 1);
    const QList<core::TransitionRecord> history = run.transitionsOf(taskId);
    QVERIFY(!history.isEmpty());
    QVERIFY2(
        history.last().cause.toText().contains(QLatin1String("interrupted"), Qt::CaseInsensitive),
        qPrintable(history.last().cause.toText()));
    // Retries are on for failed workers; an interrupted one still gets none.
    QTest::qWait(2000);
    QVERIFY(run.world().stats().value(QLatin1String("retries")).toArray().isEmpty());
    QCOMPARE(run.stateOf(taskId), QStringLiteral("needs_input"));
}

void TestNewerGateways::duplicateIsCancelledAndItsSpawnerTold_data()
{
    killsBySessionsAbortWithClearQueued_data();
}

// The plugin blocked a second spawn of an active task and its caller read why. Here the
// duplicate is cancelled on every gateway, and its spawner gets the plugin's reason once.
void TestNewerGateways::duplicateIsCancelledAndItsSpawnerTold()
{
    QFETCH(QString, mode);
    test::EngineRun run(mode, scriptedWorld());
    const QString error = run.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString main = QStringLiteral("agent:main:main");
    const QString first =
        run.world().spawnWorker(main, QStringLiteral("Index the archive"), QStringLiteral("index"),
                                QStringLiteral("slow"), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(run.taskOfWorker(first).has_value() &&
                                 run.taskOfWorker(first)->state == core::TaskState::Running,
                             kWaitMs);
    const QString second =
        run.world().spawnWorker(main, QStringLiteral("Index the archive"), QStringLiteral("index"),
                                QStringLiteral("slow"), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(run.world().stats().value(QLatin1String("duplicateNotices")).toInt(),
                              1, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(run.world().runningWorkers(), 1, kWaitMs);
    QVERIFY(run.world().stats().value(QLatin1String("cancels")).toObject().contains(second));
    QVERIFY(!run.taskOfWorker(second).has_value());
    QCOMPARE(run.taskOfWorker(first)->state, core::TaskState::Running);
    QTest::qWait(1000); // nothing more comes of it
    QCOMPARE(run.world().stats().value(QLatin1String("duplicateNotices")).toInt(), 1);
}

void TestNewerGateways::endsAsOnTheRecordedGateway_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("2026.9.7") << QStringLiteral("2026.9.7");
    QTest::newRow("tasks-admin-only") << QStringLiteral("tasks-admin-only");
}

// The same seeded world on a newer gateway: every task ends as on 2026.9.6, learned from
// lifecycle, chat and sessions.changed alone.
void TestNewerGateways::endsAsOnTheRecordedGateway()
{
    QFETCH(QString, mode);
    QString error;
    if (!m_reference) {
        m_reference = seededRun(QStringLiteral("2026.9.6"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    const test::RunReport &reference = *m_reference;
    QVERIFY(reference.tasks.size() >= kSpawns);
    const test::RunReport newer = seededRun(mode, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(newer.integrity, QStringLiteral("ok"));
    QVERIFY2(newer.doubled.isEmpty(), qPrintable(joined(newer.doubled)));
    QVERIFY2(newer.transitionProblems.isEmpty(), qPrintable(joined(newer.transitionProblems)));
    const QStringList differences = test::compareFinalStates(reference.tasks, newer.tasks);
    QVERIFY2(differences.isEmpty(), qPrintable(joined(differences)));
}

QTEST_GUILESS_MAIN(TestNewerGateways)
#include "tst_newer_gateways.moc"
