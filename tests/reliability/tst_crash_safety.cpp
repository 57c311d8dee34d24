// Crash safety: `clawops --headless` killed with SIGKILL at random moments while `clawops-sim`
// keeps a seeded world busy, restarted each time on the same store. Beside it, a second engine
// runs the same seed against a second simulator without interruption. Afterwards:
//   - PRAGMA integrity_check is ok;
//   - every transition the killed engine reported as committed (--commit-log) is in its store;
//   - no task row is doubled, and every task's history has no gap and no repeat;
//   - no retry reached the gateway under two idempotency keys or was respawned twice;
//   - every task ends as it does in the uninterrupted run.

#include "ChildProcesses.h"
#include "StoreAudit.h"
#include "core/Config.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace clawops;

namespace {

constexpr int kKills = 24; // the issue asks for at least 20
constexpr int kPlannedSpawns = 200;
constexpr int kQuietMs = 3000; // nothing new in the store for this long: settled
constexpr int kSettleTimeoutMs = 90000;
constexpr quint32 kKillSchedule = 7; // the random moments are reproducible

// A busy world: 15 planned spawns a second (each a dozen frames or more, then endings,
// announces, retries), every kind of ending, quick workers.
QStringList simArguments()
{
    const QList<std::pair<const char *, int>> options = {
        {"--seed", 424242},
        {"--rate", 15},
        {"--max-spawns", kPlannedSpawns},
        {"--max-running", 24},
        {"--worker-min-ms", 300},
        {"--worker-max-ms", 1500},
        {"--slow-ms", 3000},
        {"--respawn-delay-ms", 150},
        {"--tick-ms", 1000},
    };
    QStringList out;
    for (const auto &[name, value] : options)
        out << QString::fromLatin1(name) << QString::number(value);
    // Each engine sees its world from the first spawn on, so that the runs compare.
    return out << QStringLiteral("--start-on-connect");
}

QJsonObject engineConfig()
{
    return QJsonObject{
        {QStringLiteral("autoRetryFailedSubagents"), true},
        {QStringLiteral("verificationGraceMs"), 1500},
        {QStringLiteral("retryBaseBackoffMs"), 200},
        {QStringLiteral("retryMaxBackoffMs"), 800},
        {QStringLiteral("schedulerTickMs"), 100},
        {QStringLiteral("schedulerMaxConcurrentWorkers"), 20},
        {QStringLiteral("respawnWindowMs"), 120000},
    };
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return file.write(data) == data.size();
}

// One simulator and one engine, with everything they keep in `dir`.
struct Side
{
    explicit Side(QString folder)
        : dir(std::move(folder))
    {}

    QString path(const QString &name) const { return QDir(dir).filePath(name); }

    QString start()
    {
        if (QString error = sim.start(QStringLiteral(CLAWOPS_SIM_BINARY), simArguments(), dir);
            !error.isEmpty())
            return error;
        if (!writeFile(path(QStringLiteral("token")), sim.token().toUtf8()) ||
            !writeFile(path(QStringLiteral("config.json")), QJsonDocument(engineConfig()).toJson()))
            return QStringLiteral("cannot write the engine's files");
        engine = std::make_unique<test::HeadlessEngine>(
            QStringLiteral(CLAWOPS_BINARY),
            QStringList{QStringLiteral("--headless"), QStringLiteral("--gateway"), sim.url(),
                        QStringLiteral("--token-file"), path(QStringLiteral("token")),
                        QStringLiteral("--db"), path(QStringLiteral("store.db")),
                        QStringLiteral("--config"), path(QStringLiteral("config.json")),
                        QStringLiteral("--identity-dir"), path(QStringLiteral("identity")),
                        QStringLiteral("--commit-log"), path(QStringLiteral("commits.jsonl"))},
            path(QStringLiteral("engine.log")));
        return engine->start() ? QString() : QStringLiteral("clawops --headless did not start");
    }

    // The world has nothing left to do, and the store has had nothing new for kQuietMs while
    // every task in it rests.
    bool waitUntilSettled()
    {
        int lastCount = -1;
        qint64 unchangedSince = 0;
        QElapsedTimer clock;
        clock.start();
        return QTest::qWaitFor(
            [&] {
                if (!sim.stats().value(QLatin1String("settled")).toBool())
                    return false;
                test::StoreAudit audit(path(QStringLiteral("store.db")));
                if (!audit.open().isEmpty())
                    return false;
                const int count = audit.transitionCount();
                const auto tasks = audit.tasks();
                const bool resting = std::all_of(tasks.cbegin(), tasks.cend(), [](const auto &t) {
                    return test::isResting(t.state);
                });
                if (count != lastCount || !resting) {
                    lastCount = count;
                    unchangedSince = clock.elapsed();
                    return false;
                }
                return clock.elapsed() - unchangedSince >= kQuietMs;
            },
            kSettleTimeoutMs);
    }

    // What keeps the store from settling: tasks that do not rest, and whether the world has
    // finished.
    QString unsettled()
    {
        QStringList out;
        if (!sim.stats().value(QLatin1String("settled")).toBool())
            out.append(QStringLiteral("the world has not settled: %1 running")
                           .arg(sim.stats().value(QLatin1String("running")).toInt()));
        test::StoreAudit audit(path(QStringLiteral("store.db")));
        if (QString error = audit.open(); !error.isEmpty())
            return error;
        const auto tasks = audit.tasks();
        for (auto it = tasks.cbegin(); it != tasks.cend(); ++it) {
            if (!test::isResting(it->state))
                out.append(it.key() + QStringLiteral(": ") + test::describe(*it));
        }
        return out.join(QLatin1Char('\n'));
    }

    QString dir;
    test::SimProcess sim;
    std::unique_ptr<test::HeadlessEngine> engine;
};

QString joined(const QStringList &lines)
{
    return lines.join(QLatin1Char('\n'));
}

QStringList retryProblems(const QJsonObject &stats, int *resent)
{
    QStringList out;
    for (const QJsonValue value : stats.value(QLatin1String("retries")).toArray()) {
        const QJsonObject retry = value.toObject();
        const QString key = retry.value(QLatin1String("key")).toString();
        *resent += qMax(0, retry.value(QLatin1String("received")).toInt() - 1);
        const int keys = int(retry.value(QLatin1String("idempotencyKeys")).toArray().size());
        if (keys > 1)
            out.append(
                QStringLiteral("retry %1 sent under %2 idempotency keys").arg(key).arg(keys));
        if (retry.value(QLatin1String("respawns")).toInt() > 1)
            out.append(QStringLiteral("retry %1 respawned %2 times")
                           .arg(key)
                           .arg(retry.value(QLatin1String("respawns")).toInt()));
    }
    return out;
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void storeIsIntact();
    void committedTransitionsAreStored();
    void killedEngineSettles();
    void noTaskRowIsDoubled();
    void historiesHaveNoGapOrRepeat();
    void noRetryIsSentTwice();
    void endsAsTheUninterruptedRun();

private:
    // Everything the checks read, gathered once: the runs take most of a minute.
    QTemporaryDir m_crashDir;
    QTemporaryDir m_referenceDir;
    int m_kills = 0;
    bool m_crashedSettled = false;
    bool m_referenceSettled = false;
    QString m_crashedStuck;
    QString m_referenceStuck;
    QJsonObject m_crashedStats;
    QJsonObject m_referenceStats;
    QString m_crashedStore;
    QString m_referenceStore;
    QString m_commitLog;
};

void TestCrashSafety::initTestCase()
{
    QVERIFY(m_crashDir.isValid() && m_referenceDir.isValid());
    // For diagnosis: CLAWOPS_KEEP_RUNS=1 keeps both stores, logs and counters.
    if (qEnvironmentVariableIsSet("CLAWOPS_KEEP_RUNS")) {
        m_crashDir.setAutoRemove(false);
        m_referenceDir.setAutoRemove(false);
        qWarning().noquote() << "keeping" << m_crashDir.path() << "and" << m_referenceDir.path();
    }
    Side crashed(m_crashDir.path());
    Side reference(m_referenceDir.path());
    m_crashedStore = crashed.path(QStringLiteral("store.db"));
    m_referenceStore = reference.path(QStringLiteral("store.db"));
    m_commitLog = crashed.path(QStringLiteral("commits.jsonl"));
    QString error = reference.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = crashed.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QRandomGenerator moments(kKillSchedule);
    while (m_kills < kKills) {
        QTest::qWait(200 + int(moments.bounded(1800)));
        QVERIFY2(crashed.engine->isRunning(),
                 qPrintable(test::tailOf(crashed.path(QStringLiteral("engine.log")))));
        crashed.engine->kill9();
        ++m_kills;
        QVERIFY(crashed.engine->start());
    }

    m_crashedSettled = crashed.waitUntilSettled();
    m_referenceSettled = reference.waitUntilSettled();
    m_crashedStuck = m_crashedSettled ? QString() : crashed.unsettled();
    m_referenceStuck = m_referenceSettled ? QString() : reference.unsettled();
    QVERIFY2(crashed.engine->terminate(),
             qPrintable(test::tailOf(crashed.path(QStringLiteral("engine.log")))));
    QVERIFY(reference.engine->terminate());
    m_crashedStats = crashed.sim.stop();
    m_referenceStats = reference.sim.stop();
}

void TestCrashSafety::cleanupTestCase()
{
    test::StoreAudit audit(m_crashedStore);
    if (!audit.open().isEmpty())
        return;
    int committed = 0;
    audit.missingCommitted(m_commitLog, &committed);
    int resent = 0;
    retryProblems(m_crashedStats, &resent);
    // The figures for the README's Reliability section.
    qInfo().noquote() << QStringLiteral(
                             "reliability: %1 SIGKILLs of the headless engine; %2 committed "
                             "transitions checked against the store (%3 stored, %4 tasks); %5 "
                             "retries, %6 repeated sends of one (same idempotency key)")
                             .arg(m_kills)
                             .arg(committed)
                             .arg(audit.transitionCount())
                             .arg(audit.tasks().size())
                             .arg(m_crashedStats.value(QLatin1String("retries")).toArray().size())
                             .arg(resent);
}

void TestCrashSafety::storeIsIntact()
{
    test::StoreAudit audit(m_crashedStore);
    QCOMPARE(audit.open(), QString());
    QCOMPARE(audit.integrity(), QStringLiteral("ok"));
}

void TestCrashSafety::committedTransitionsAreStored()
{
    test::StoreAudit audit(m_crashedStore);
    QCOMPARE(audit.open(), QString());
    int checked = 0;
    const QStringList missing = audit.missingCommitted(m_commitLog, &checked);
    QVERIFY2(missing.isEmpty(), qPrintable(joined(missing)));
    QVERIFY2(checked > 100, "the killed engine should have reported its commits");
}

void TestCrashSafety::killedEngineSettles()
{
    QVERIFY2(
        m_crashedSettled,
        qPrintable(QStringLiteral("the killed engine's store did not settle:\n") + m_crashedStuck));
}

void TestCrashSafety::noTaskRowIsDoubled()
{
    test::StoreAudit audit(m_crashedStore);
    QCOMPARE(audit.open(), QString());
    QVERIFY2(audit.tasks().size() >= kPlannedSpawns, "every planned task should be in the store");
    const QStringList doubled = audit.doubledTasks();
    QVERIFY2(doubled.isEmpty(), qPrintable(joined(doubled)));
}

void TestCrashSafety::historiesHaveNoGapOrRepeat()
{
    test::StoreAudit audit(m_crashedStore);
    QCOMPARE(audit.open(), QString());
    const QStringList histories = audit.transitionProblems();
    QVERIFY2(histories.isEmpty(), qPrintable(joined(histories)));
}

// A retry is counted at the simulated gateway per task and attempt. A send repeated after a
// SIGKILL between the send and its commit carries the same idempotency key, which the gateway
// does not run twice; two keys, or two respawns, mean the retry really went out twice.
void TestCrashSafety::noRetryIsSentTwice()
{
    int resent = 0;
    const QStringList retries = retryProblems(m_crashedStats, &resent);
    QVERIFY2(retries.isEmpty(), qPrintable(joined(retries)));
    QVERIFY2(!m_crashedStats.value(QLatin1String("retries")).toArray().isEmpty(),
             "the seed should make the engine retry");
}

void TestCrashSafety::endsAsTheUninterruptedRun()
{
    QVERIFY2(
        m_referenceSettled,
        qPrintable(QStringLiteral("the uninterrupted run did not settle:\n") + m_referenceStuck));
    int referenceResent = 0;
    QVERIFY(retryProblems(m_referenceStats, &referenceResent).isEmpty());
    QCOMPARE(referenceResent, 0);
    test::StoreAudit expected(m_referenceStore);
    test::StoreAudit actual(m_crashedStore);
    QCOMPARE(expected.open(), QString());
    QCOMPARE(actual.open(), QString());
    QVERIFY2(expected.tasks().size() >= kPlannedSpawns,
             "the uninterrupted run should hold every task");
    const QStringList differences = test::compareFinalStates(expected.tasks(), actual.tasks());
    QVERIFY2(differences.isEmpty(), qPrintable(joined(differences)));
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crash_safety.moc"
