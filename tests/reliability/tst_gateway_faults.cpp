// The real engine against a simulated gateway that misbehaves: frames cut off by a reset,
// resets, a hung gateway, restarts (runs kept or cut off), lost, doubled and reordered events,
// seq jumps. Each fault is injected three times while a seeded world does its work, once per
// fault (the run is shared by the two checks):
//   storeStaysSound   the store is whole, holds every task once, every task's history has no
//                     gap and no repeat, and the gateway received no retry twice;
//   endsAsWithoutFaults  every task ends where a run of the same seed without faults ends it.

#include "EngineRun.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>

using namespace clawops;

namespace {

constexpr quint32 kSeed = 20261204;
constexpr int kSpawns = 14;
constexpr int kInjections = 3;
constexpr int kQuietMs = 1500;
constexpr int kSettleTimeoutMs = 60000;

QString joined(const QStringList &lines)
{
    return lines.join(QLatin1Char('\n'));
}

struct FaultRun
{
    QString error; // the run could not be made
    bool settled = false;
    test::RunReport report;
};

} // namespace

class TestGatewayFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void storeStaysSound_data();
    void storeStaysSound();
    void endsAsWithoutFaults_data();
    void endsAsWithoutFaults();

private:
    const FaultRun &runWith(const QString &fault);

    QMap<QString, FaultRun> m_runs; // by fault; "" = none
    int m_faultsInjected = 0;
    int m_transitionsChecked = 0;
};

const FaultRun &TestGatewayFaults::runWith(const QString &fault)
{
    if (const auto it = m_runs.constFind(fault); it != m_runs.constEnd())
        return *it;
    FaultRun &out = m_runs[fault];
    test::EngineRun run(QString(), test::reliabilityWorld(kSeed, kSpawns));
    out.error = run.start();
    if (!out.error.isEmpty())
        return out;
    run.world().start();
    for (int i = 0; i < kInjections && !fault.isEmpty(); ++i) {
        QTest::qWait(700);
        run.faults().inject(fault);
        ++m_faultsInjected;
    }
    QElapsedTimer settling;
    settling.start();
    out.settled = run.waitUntilQuiet(kQuietMs, kSettleTimeoutMs);
    qInfo().noquote() << QStringLiteral("fault %1: %2 after %3 ms")
                             .arg(fault.isEmpty() ? QStringLiteral("none") : fault,
                                  out.settled ? QStringLiteral("settled")
                                              : QStringLiteral("NOT settled"))
                             .arg(settling.elapsed());
    if (!run.stopEngine())
        out.error = QStringLiteral("the engine did not stop cleanly");
    out.report = test::auditRun(run);
    m_transitionsChecked += out.report.transitions;
    return out;
}

void TestGatewayFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // The same seed without faults: what every faulty run must end with.
    const FaultRun &reference = runWith(QString());
    QVERIFY2(reference.error.isEmpty(), qPrintable(reference.error));
    QVERIFY2(reference.settled, "the run without faults did not settle");
    const test::RunReport &report = reference.report;
    QCOMPARE(report.integrity, QStringLiteral("ok"));
    QVERIFY2(report.doubled.isEmpty(), qPrintable(joined(report.doubled)));
    QVERIFY2(report.transitionProblems.isEmpty(), qPrintable(joined(report.transitionProblems)));
    QVERIFY2(test::retryProblems(report.worldStats, true).isEmpty(),
             qPrintable(joined(test::retryProblems(report.worldStats, true))));
    QVERIFY2(report.tasks.size() >= kSpawns, "the reference run should hold every planned task");
    // The seed must exercise retries and more than one ending, or the comparison proves little.
    QStringList states;
    for (const test::TaskFinal &task : std::as_const(report.tasks))
        states.append(task.state);
    QVERIFY2(states.contains(QStringLiteral("done")) &&
                 states.contains(QStringLiteral("needs_input")),
             qPrintable(states.join(u' ')));
    QVERIFY2(std::any_of(report.tasks.cbegin(), report.tasks.cend(),
                         [](const test::TaskFinal &task) { return task.attempt > 1; }),
             "the reference run should include a retried task");
}

void TestGatewayFaults::cleanupTestCase()
{
    // The figures for the README's Reliability section.
    qInfo().noquote() << QStringLiteral("reliability: %1 gateway faults injected in %2 runs, %3 "
                                        "stored transitions checked")
                             .arg(m_faultsInjected)
                             .arg(m_runs.size() - 1)
                             .arg(m_transitionsChecked);
}

void TestGatewayFaults::storeStaysSound_data()
{
    QTest::addColumn<QString>("fault");
    for (const QString &fault : sim::FaultInjector::names())
        QTest::newRow(qPrintable(fault)) << fault;
}

void TestGatewayFaults::storeStaysSound()
{
    QFETCH(QString, fault);
    const FaultRun &run = runWith(fault);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    const test::RunReport &report = run.report;
    QCOMPARE(report.integrity, QStringLiteral("ok"));
    QVERIFY2(report.doubled.isEmpty(), qPrintable(joined(report.doubled)));
    QVERIFY2(report.transitionProblems.isEmpty(), qPrintable(joined(report.transitionProblems)));
    const QStringList retries = test::retryProblems(report.worldStats, true);
    QVERIFY2(retries.isEmpty(), qPrintable(joined(retries)));
    const QJsonObject injected = report.worldStats.value(QLatin1String("gateway"))
                                     .toObject()
                                     .value(QLatin1String("faults"))
                                     .toObject();
    QVERIFY2(fault == QLatin1String("skip-seq") || !injected.isEmpty(),
             "the fault should show in the gateway's counters");
}

void TestGatewayFaults::endsAsWithoutFaults_data()
{
    QTest::addColumn<QString>("fault");
    // A restart that cuts runs off changes what the workers do; that row checks instead that
    // every task comes to rest and the cut-off runs were seen.
    for (const QString &fault : sim::FaultInjector::names())
        QTest::newRow(qPrintable(fault)) << fault;
}

void TestGatewayFaults::endsAsWithoutFaults()
{
    QFETCH(QString, fault);
    const FaultRun &reference = runWith(QString());
    const FaultRun &run = runWith(fault);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    if (fault == QLatin1String("restart-lost")) {
        for (const test::TaskFinal &task : std::as_const(run.report.tasks))
            QVERIFY2(test::isResting(task.state), qPrintable(test::describe(task)));
        QVERIFY(run.report.worldStats.value(QLatin1String("interruptedRuns")).toInt() > 0);
    } else {
        const QStringList differences =
            test::compareFinalStates(reference.report.tasks, run.report.tasks);
        QVERIFY2(differences.isEmpty(), qPrintable(joined(differences)));
    }
    QVERIFY2(run.settled, "the engine did not settle after the faults");
}

QTEST_GUILESS_MAIN(TestGatewayFaults)
#include "tst_gateway_faults.moc"
