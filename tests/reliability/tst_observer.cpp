// Without a shared store there is still no silent double action: two `clawops --headless`
// engines, each with a SQLite store of its own, on one `clawops-sim` whose workers fail now and
// then. The gateway's presence list tells them of each other (gateway/ClawOpsPresence.h):
//   - the engine that claimed first acts, the other becomes an Observer and sends nothing: no
//     retry reaches the simulator twice, and the observer's store stays empty;
//   - killed with SIGKILL, the acting engine leaves presence, and the observer takes over after
//     its grace and acts (its store fills).

#include "ChildProcesses.h"
#include "StoreAudit.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace clawops;

namespace {

constexpr int kPlannedSpawns = 80;
constexpr int kGraceMs = 1500;
constexpr int kQuietMs = 3000;
constexpr int kSettleTimeoutMs = 90000;

QStringList simArguments(int seed)
{
    const QList<std::pair<const char *, int>> options = {
        {"--seed", seed},
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

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// Two engines, two stores, one seeded world.
class Pair
{
public:
    explicit Pair(QString dir)
        : m_dir(std::move(dir))
    {}

    QString path(const QString &name) const { return QDir(m_dir).filePath(name); }
    QString store(int index) const { return path(u"store-%1.db"_qs.arg(index)); }
    test::HeadlessEngine &engine(int index) { return *m_engines[index]; }
    test::SimProcess &sim() { return m_sim; }
    QString log(int index) const { return readAll(path(u"engine-%1.log"_qs.arg(index))); }

    QString start(int seed)
    {
        if (QString error =
                m_sim.start(QStringLiteral(CLAWOPS_SIM_BINARY), simArguments(seed), m_dir);
            !error.isEmpty())
            return error;
        if (!writeFile(path(QStringLiteral("token")), m_sim.token().toUtf8()) ||
            !writeFile(path(QStringLiteral("config.json")), QJsonDocument(engineConfig()).toJson()))
            return QStringLiteral("cannot write the engines' files");
        for (int index = 0; index < 2; ++index) {
            m_engines[index] = std::make_unique<test::HeadlessEngine>(
                QStringLiteral(CLAWOPS_BINARY),
                QStringList{QStringLiteral("--headless"), QStringLiteral("--gateway"), m_sim.url(),
                            QStringLiteral("--token-file"), path(QStringLiteral("token")),
                            QStringLiteral("--db"), store(index), QStringLiteral("--config"),
                            path(QStringLiteral("config.json")), QStringLiteral("--identity-dir"),
                            path(u"identity-%1"_qs.arg(index)), QStringLiteral("--operator"),
                            u"operator-%1"_qs.arg(index), QStringLiteral("--observer-grace-ms"),
                            QString::number(kGraceMs)},
                path(u"engine-%1.log"_qs.arg(index)));
        }
        // The first engine claims first, so which one acts is known.
        if (!m_engines[0]->start())
            return QStringLiteral("the first engine did not start");
        if (!QTest::qWaitFor(
                [&] { return log(0).contains(QStringLiteral("connected to gateway")); }, 15000))
            return QStringLiteral("the first engine did not connect:\n") +
                   test::tailOf(path(QStringLiteral("engine-0.log")));
        if (!m_engines[1]->start())
            return QStringLiteral("the second engine did not start");
        return {};
    }

    int transitionCount(int index) const
    {
        test::StoreAudit audit(store(index));
        return audit.open().isEmpty() ? audit.transitionCount() : 0;
    }

    // The world has nothing left to do, and store `index` has had nothing new for kQuietMs.
    bool waitUntilSettled(int index)
    {
        int lastCount = -1;
        qint64 unchangedSince = 0;
        QElapsedTimer clock;
        clock.start();
        return QTest::qWaitFor(
            [&] {
                if (!m_sim.stats().value(QLatin1String("settled")).toBool())
                    return false;
                test::StoreAudit audit(store(index));
                if (!audit.open().isEmpty())
                    return false;
                const int count = audit.transitionCount();
                if (count != lastCount) {
                    lastCount = count;
                    unchangedSince = clock.elapsed();
                    return false;
                }
                return clock.elapsed() - unchangedSince >= kQuietMs;
            },
            kSettleTimeoutMs);
    }

private:
    QString m_dir;
    test::SimProcess m_sim;
    std::unique_ptr<test::HeadlessEngine> m_engines[2];
};

// Retries the simulator received more than once (*resent), under two keys, or respawned twice.
QStringList retryProblems(const QJsonObject &stats, int *resent)
{
    QStringList out;
    for (const QJsonValue value : stats.value(QLatin1String("retries")).toArray()) {
        const QJsonObject retry = value.toObject();
        const QString key = retry.value(QLatin1String("key")).toString();
        *resent += qMax(0, retry.value(QLatin1String("received")).toInt() - 1);
        if (retry.value(QLatin1String("idempotencyKeys")).toArray().size() > 1)
            out.append(QStringLiteral("retry %1 sent under several idempotency keys").arg(key));
        if (retry.value(QLatin1String("respawns")).toInt() > 1)
            out.append(QStringLiteral("retry %1 respawned more than once").arg(key));
    }
    return out;
}

} // namespace

class TestObserver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void oneActsTheOtherObserves();
    void observerTakesOverWhenTheActingOneIsKilled();
};

void TestObserver::initTestCase()
{
    // The engines' role lines are what the cases wait for; the ring turns info off.
    qputenv("QT_LOGGING_RULES", "clawops.*.info=false\nclawops.host.info=true");
}

void TestObserver::oneActsTheOtherObserves()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Pair pair(dir.path());
    const QString error = pair.start(31);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(QTest::qWaitFor([&] { return pair.log(1).contains(QStringLiteral("role: observer")); },
                             20000),
             qPrintable(test::tailOf(pair.path(QStringLiteral("engine-1.log")))));
    QVERIFY2(pair.waitUntilSettled(0),
             qPrintable(u"the run did not settle: "_qs +
                        QString::fromUtf8(QJsonDocument(pair.sim().stats()).toJson().left(400))));

    const QJsonObject stats = pair.sim().stats();
    int resent = 0;
    const QStringList problems = retryProblems(stats, &resent);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(resent, 0);
    QVERIFY2(!stats.value(QLatin1String("retries")).toArray().isEmpty(),
             "the world should have failed workers that were retried");
    QVERIFY(!pair.log(0).contains(QStringLiteral("role: observer")));
    QVERIFY(pair.log(1).contains(QStringLiteral("observer of ClawOps on")));
    // The observer ingested nothing and sent nothing.
    QCOMPARE(pair.transitionCount(1), 0);
    QVERIFY(pair.transitionCount(0) > 0);
    QVERIFY(pair.engine(0).terminate());
    QVERIFY(pair.engine(1).terminate());
}

void TestObserver::observerTakesOverWhenTheActingOneIsKilled()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Pair pair(dir.path());
    const QString error = pair.start(32);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(QTest::qWaitFor([&] { return pair.log(1).contains(QStringLiteral("role: observer")); },
                             20000),
             qPrintable(test::tailOf(pair.path(QStringLiteral("engine-1.log")))));
    QVERIFY(QTest::qWaitFor([&] { return pair.transitionCount(0) >= 40; }, 30000));
    QCOMPARE(pair.transitionCount(1), 0);
    pair.engine(0).kill9();
    QVERIFY2(QTest::qWaitFor(
                 [&] { return pair.log(1).contains(QStringLiteral("left the gateway")); }, 20000),
             qPrintable(test::tailOf(pair.path(QStringLiteral("engine-1.log")))));
    QVERIFY2(QTest::qWaitFor(
                 [&] { return pair.log(1).contains(QStringLiteral("taking over from")); }, 20000),
             qPrintable(test::tailOf(pair.path(QStringLiteral("engine-1.log")))));
    // Acting again: the lease of its own store taken anew, and connected as the acting engine.
    QVERIFY2(QTest::qWaitFor([&] { return pair.log(1).count(QStringLiteral("role: acting")) >= 2; },
                             20000),
             qPrintable(test::tailOf(pair.path(QStringLiteral("engine-1.log")))));
    QVERIFY(QTest::qWaitFor(
        [&] { return pair.log(1).count(QStringLiteral("connected to gateway")) >= 3; }, 20000));
    QVERIFY(pair.engine(1).isRunning());
    QVERIFY(pair.engine(1).terminate());
}

QTEST_GUILESS_MAIN(TestObserver)
#include "tst_observer.moc"
