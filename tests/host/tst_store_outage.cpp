// The store goes away under an acting engine: a PostgreSQL server of the test's own (PgServer.h)
// is stopped and started again while the engine, in this process and without a gateway, has
// changes to write. Nothing the engine did may be lost: it keeps the changes in memory (bounded),
// tells the console, opens its connections again and writes them once the server is back, under
// the lease epoch they were made at. The console's role says meanwhile how much is held.

#include "PgServer.h"
#include "StoreTestUtil.h"
#include "host/EngineHost.h"
#include "store/Store.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <memory>

using namespace clawops;
using namespace Qt::StringLiterals;
using store::testing::PgServer;

namespace {

constexpr int kWaitMs = 30000;

core::TaskRecord waitingTask(const QString &id)
{
    core::TaskRecord task = store::testing::makeTask(id, QDateTime::currentMSecsSinceEpoch());
    task.state = core::TaskState::NeedsVerification;
    return task;
}

core::OperatorCommand verify(const QString &taskId)
{
    core::OperatorCommand command;
    command.kind = core::OperatorCommand::Kind::Verify;
    command.taskId = core::TaskId(taskId);
    command.operatorName = u"alice"_s;
    return command;
}

host::RoleStatus lastRole(const QSignalSpy &roles)
{
    return roles.isEmpty() ? host::RoleStatus{} : roles.constLast().at(0).value<host::RoleStatus>();
}

} // namespace

class TestStoreOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void shortOutageWritesHeldChangesWhenTheServerIsBack();
    void outagePastTheLeaseWritesThemUnderTheOldEpoch();
    void heldChangesAreBounded();

private:
    QString seededStore();
    // The engine, started; `roles` is connected to it before it starts, so it misses no role.
    std::unique_ptr<host::EngineHost> startEngine(int leaseTtlMs, qsizetype heldRowLimit,
                                                  std::unique_ptr<QSignalSpy> &roles);
    // Waits until the engine's last role passes `wanted`.
    bool waitForRole(QSignalSpy &roles,
                     const std::function<bool(const host::RoleStatus &)> &wanted);
    std::optional<core::TaskRecord> storedTask(const QString &taskId);
    int verifyAudits(const QString &taskId);

    std::unique_ptr<PgServer> m_server;
    QString m_url;
};

void TestStoreOutage::init()
{
    m_server = std::make_unique<PgServer>();
    const QString error = m_server->start();
    QVERIFY2(error.isEmpty(), qPrintable(u"cannot start a PostgreSQL server: "_s + error));
    m_url = seededStore();
    QVERIFY(!m_url.isEmpty());
}

void TestStoreOutage::cleanup()
{
    m_server.reset();
}

QString TestStoreOutage::seededStore()
{
    if (const QString error = m_server->createDatabase(u"outage"_s); !error.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    QString url = m_server->url(u"outage"_s);
    store::Store seed;
    if (const store::StoreError error = seed.open(url)) {
        qWarning("%s", qPrintable(error.message));
        return {};
    }
    core::ChangeSet changes;
    changes.taskUpserts = {waitingTask(u"first"_s), waitingTask(u"second"_s)};
    if (const store::StoreError error = seed.apply(changes)) {
        qWarning("%s", qPrintable(error.message));
        return {};
    }
    return url;
}

std::unique_ptr<host::EngineHost> TestStoreOutage::startEngine(int leaseTtlMs,
                                                               qsizetype heldRowLimit,
                                                               std::unique_ptr<QSignalSpy> &roles)
{
    host::EngineSettings settings;
    settings.databasePath = m_url;
    settings.operatorName = u"alice"_s;
    settings.connectToGateway = false;
    settings.leaseTtlMs = leaseTtlMs;
    settings.heldRowLimit = heldRowLimit;
    auto engine = std::make_unique<host::EngineHost>();
    roles = std::make_unique<QSignalSpy>(engine.get(), &host::EngineHost::roleChanged);
    QSignalSpy started(engine.get(), &host::EngineHost::started);
    engine->start(settings);
    if (!started.wait(kWaitMs))
        qWarning("the engine did not start");
    return engine;
}

bool TestStoreOutage::waitForRole(QSignalSpy &roles,
                                  const std::function<bool(const host::RoleStatus &)> &wanted)
{
    for (int waited = 0; waited < kWaitMs; waited += 100) {
        if (!roles.isEmpty() && wanted(lastRole(roles)))
            return true;
        roles.wait(100);
    }
    return false;
}

std::optional<core::TaskRecord> TestStoreOutage::storedTask(const QString &taskId)
{
    store::Store reader;
    if (reader.open(m_url))
        return std::nullopt;
    return reader.findTask(core::TaskId(taskId)).optional();
}

int TestStoreOutage::verifyAudits(const QString &taskId)
{
    store::Store reader;
    if (reader.open(m_url))
        return -1;
    int count = 0;
    for (const core::AuditRecord &audit : reader.auditFor(core::TaskId(taskId)).value())
        count += audit.action == u"verify"_s ? 1 : 0;
    return count;
}

void TestStoreOutage::shortOutageWritesHeldChangesWhenTheServerIsBack()
{
    // A lease far longer than the outage: the engine acts throughout.
    std::unique_ptr<QSignalSpy> rolesSeen;
    std::unique_ptr<host::EngineHost> engine =
        startEngine(60000, host::kDefaultHeldRowLimit, rolesSeen);
    QSignalSpy &roles = *rolesSeen;
    QSignalSpy failures(engine.get(), &host::EngineHost::storeTrouble);
    QVERIFY(waitForRole(
        roles, [](const host::RoleStatus &role) { return role.role == host::EngineRole::Acting; }));
    const qint64 epoch = lastRole(roles).epoch;

    m_server->halt();
    engine->sendCommand(verify(u"first"_s));
    QVERIFY2(waitForRole(roles,
                         [](const host::RoleStatus &role) {
                             return role.role == host::EngineRole::Acting && role.heldChanges > 0;
                         }),
             "the console is told that changes wait for the store");
    QVERIFY(!failures.isEmpty());
    QVERIFY2(failures.constFirst().at(0).toString().contains(u"keeps the changes in memory"_s),
             qPrintable(failures.constFirst().at(0).toString()));

    QCOMPARE(m_server->resume(), QString());
    QVERIFY2(waitForRole(roles,
                         [](const host::RoleStatus &role) {
                             return role.role == host::EngineRole::Acting && role.heldChanges == 0;
                         }),
             "the held changes are written once the server is back");
    QCOMPARE(lastRole(roles).epoch, epoch);
    // Written, and once: the held batch and the later ones do not repeat each other.
    engine->sendCommand(verify(u"second"_s));
    QTRY_COMPARE_WITH_TIMEOUT(verifyAudits(u"second"_s), 1, kWaitMs);
    QCOMPARE(engine->stop(5000).complete, true);
    QCOMPARE(storedTask(u"first"_s)->state, core::TaskState::Done);
    QCOMPARE(verifyAudits(u"first"_s), 1);
    QCOMPARE(verifyAudits(u"second"_s), 1);
}

void TestStoreOutage::outagePastTheLeaseWritesThemUnderTheOldEpoch()
{
    constexpr int kLeaseTtlMs = 1500;
    std::unique_ptr<QSignalSpy> rolesSeen;
    std::unique_ptr<host::EngineHost> engine =
        startEngine(kLeaseTtlMs, host::kDefaultHeldRowLimit, rolesSeen);
    QSignalSpy &roles = *rolesSeen;
    QVERIFY(waitForRole(
        roles, [](const host::RoleStatus &role) { return role.role == host::EngineRole::Acting; }));
    const qint64 epoch = lastRole(roles).epoch;

    m_server->halt();
    engine->sendCommand(verify(u"first"_s));
    // Past the TTL the engine cannot show the lease is still its own: it stops acting, and says
    // what it still holds.
    QVERIFY(waitForRole(roles, [](const host::RoleStatus &role) {
        return role.role == host::EngineRole::StoreUnreachable && role.heldChanges > 0;
    }));
    QTest::qWait(2 * kLeaseTtlMs);

    QCOMPARE(m_server->resume(), QString());
    QVERIFY2(waitForRole(roles,
                         [epoch](const host::RoleStatus &role) {
                             return role.role == host::EngineRole::Acting && role.epoch > epoch;
                         }),
             "the engine acts again once its held changes are written");
    QCOMPARE(lastRole(roles).heldChanges, 0);
    QCOMPARE(engine->stop(5000).complete, true);
    QCOMPARE(storedTask(u"first"_s)->state, core::TaskState::Done);
    QCOMPARE(verifyAudits(u"first"_s), 1);
}

void TestStoreOutage::heldChangesAreBounded()
{
    // A verify writes a task row, a transition and an audit row: past a bound of two.
    std::unique_ptr<QSignalSpy> rolesSeen;
    std::unique_ptr<host::EngineHost> engine = startEngine(60000, 2, rolesSeen);
    QSignalSpy &roles = *rolesSeen;
    QSignalSpy failures(engine.get(), &host::EngineHost::storeTrouble);
    QVERIFY(waitForRole(
        roles, [](const host::RoleStatus &role) { return role.role == host::EngineRole::Acting; }));

    m_server->halt();
    engine->sendCommand(verify(u"first"_s));
    QVERIFY2(waitForRole(roles,
                         [](const host::RoleStatus &role) {
                             return role.role == host::EngineRole::StoreUnreachable &&
                                    role.heldChanges >= 3;
                         }),
             "past the bound the engine stops acting and keeps what it holds");
    bool said = false;
    for (const QList<QVariant> &failure : std::as_const(failures))
        said = said || failure.at(0).toString().contains(u"the most ClawOps keeps in memory"_s);
    QVERIFY2(said, "the console is told why it stopped acting");

    // What it held is written when the server is back, and it acts again.
    QCOMPARE(m_server->resume(), QString());
    QVERIFY(waitForRole(roles, [](const host::RoleStatus &role) {
        return role.role == host::EngineRole::Acting && role.heldChanges == 0;
    }));
    QCOMPARE(engine->stop(5000).complete, true);
    QCOMPARE(storedTask(u"first"_s)->state, core::TaskState::Done);
    QCOMPARE(verifyAudits(u"first"_s), 1);
}

QTEST_GUILESS_MAIN(TestStoreOutage)
#include "tst_store_outage.moc"
