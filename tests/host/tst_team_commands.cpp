// Team operation from any console: two engines in this process on one PostgreSQL store (a server
// of the test's own, PgServer.h), without a gateway. The first acts, the second follows; the
// follower's operator commands go through clawops_commands to the acting engine and run there
// exactly once, audited with the operator and the console's host. A command sent while nobody
// acts is withdrawn and never runs later. Claims written by the follower reach the other console.
// The consoles hear of each other's commits, commands and claims through PostgreSQL's
// LISTEN/NOTIFY: with their fallback polls set to ten minutes, all of it still arrives. Each
// console's status names the others on the store (the roll call), until they stop.

#include "PgServer.h"
#include "StoreTestUtil.h"
#include "host/EngineHost.h"
#include "store/Store.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace clawops;
using namespace Qt::StringLiterals;
using store::testing::PgServer;

namespace {

constexpr int kLeaseTtlMs = 1500;
constexpr int kWaitMs = 30000;
const int kFallbackPollMs = host::EngineSettings{}.peerPollFallbackMs;
// Longer than any wait below: what arrives came by notice, not by poll.
constexpr int kNoPollMs = 600000;

// An Inbox item that has just arrived: an older one would leave needs_verification at the acting
// engine's first scheduler tick (the verification grace window, two minutes by default), which
// drops its claim, and the test would race the scheduler.
core::TaskRecord waitingTask(const QString &id, core::TaskState state)
{
    core::TaskRecord task = store::testing::makeTask(id, QDateTime::currentMSecsSinceEpoch());
    task.state = state;
    return task;
}

// Whether the engine whose roles `roles` records acts (the first engine takes the lease before
// the second starts, so the roles in a test are known).
bool waitUntilActing(QSignalSpy &roles)
{
    const auto acting = [&roles] {
        return !roles.isEmpty() &&
               roles.constLast().at(0).value<host::RoleStatus>().role == host::EngineRole::Acting;
    };
    for (int waited = 0; waited < kWaitMs && !acting(); waited += 100)
        roles.wait(100);
    return acting();
}

// Bob's command of `kind` on `taskId`, as his console sends it.
core::OperatorCommand bobs(core::OperatorCommand::Kind kind, const QString &taskId)
{
    core::OperatorCommand command;
    command.kind = kind;
    command.taskId = core::TaskId(taskId);
    command.operatorName = u"bob"_s;
    return command;
}

// Whether a delta recorded by `deltas` carried bob's claim as the one claim.
bool carriesBobsClaim(const QSignalSpy &deltas)
{
    for (const QList<QVariant> &delta : deltas) {
        const auto claims = delta.at(0).value<host::EngineDelta>().claims;
        if (claims && claims->size() == 1 && claims->constFirst().operatorName == u"bob"_s)
            return true;
    }
    return false;
}

struct Answer
{
    core::OperatorCommand command;
    core::CommandResult result;
};

} // namespace

class TestTeamCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void followerCommandsRunOnceOnTheActingEngine();
    void commandWithNobodyActingIsWithdrawn();
    void storeConnectionsHearEachOther();
    void consolesHearEachOtherWithoutPolling();
    void consolesSeeWhoElseIsHere();

private:
    // With `roles`, a spy on the engine's roles connected before it starts, so none is missed.
    std::unique_ptr<host::EngineHost> startEngine(const QString &url, const QString &operatorName,
                                                  int fallbackPollMs = kFallbackPollMs,
                                                  std::unique_ptr<QSignalSpy> *roles = nullptr);
    // Sends a command through `engine` and waits for its answer.
    Answer send(host::EngineHost &engine, const core::OperatorCommand &command);
    int auditCount(const QString &url, const QString &action, const QString &taskId);
    QString seededStore(const QString &name);

    PgServer m_server;
    int m_databases = 0;
};

void TestTeamCommands::initTestCase()
{
    const QString error = m_server.start();
    QVERIFY2(error.isEmpty(), qPrintable(u"cannot start a PostgreSQL server: "_s + error));
}

void TestTeamCommands::cleanupTestCase()
{
    m_server.stop();
}

QString TestTeamCommands::seededStore(const QString &name)
{
    const QString database = u"%1_%2"_s.arg(name).arg(++m_databases);
    if (const QString error = m_server.createDatabase(database); !error.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    QString url = m_server.url(database);
    store::Store seed;
    if (const store::StoreError error = seed.open(url)) {
        qWarning("%s", qPrintable(error.message));
        return {};
    }
    core::ChangeSet changes;
    changes.taskUpserts = {waitingTask(u"verify-me"_s, core::TaskState::NeedsVerification),
                           waitingTask(u"answer-me"_s, core::TaskState::NeedsInput),
                           waitingTask(u"later"_s, core::TaskState::NeedsVerification)};
    if (const store::StoreError error = seed.apply(changes))
        qWarning("%s", qPrintable(error.message));
    return url;
}

std::unique_ptr<host::EngineHost> TestTeamCommands::startEngine(const QString &url,
                                                                const QString &operatorName,
                                                                int fallbackPollMs,
                                                                std::unique_ptr<QSignalSpy> *roles)
{
    host::EngineSettings settings;
    settings.peerPollFallbackMs = fallbackPollMs;
    settings.databasePath = url;
    settings.operatorName = operatorName;
    settings.connectToGateway = false;
    settings.leaseTtlMs = kLeaseTtlMs;
    auto engine = std::make_unique<host::EngineHost>();
    if (roles)
        *roles = std::make_unique<QSignalSpy>(engine.get(), &host::EngineHost::roleChanged);
    QSignalSpy started(engine.get(), &host::EngineHost::started);
    engine->start(settings);
    if (!started.wait(kWaitMs))
        qWarning("engine of %s did not start", qPrintable(operatorName));
    return engine;
}

Answer TestTeamCommands::send(host::EngineHost &engine, const core::OperatorCommand &command)
{
    QSignalSpy finished(&engine, &host::EngineHost::commandFinished);
    const quint64 id = engine.sendCommand(command);
    for (int waited = 0; waited < 4 * kWaitMs && finished.isEmpty(); waited += 100)
        finished.wait(100);
    for (const QList<QVariant> &answer : std::as_const(finished)) {
        if (answer.at(0).toULongLong() == id)
            return Answer{answer.at(1).value<core::OperatorCommand>(),
                          answer.at(2).value<core::CommandResult>()};
    }
    return Answer{command, core::CommandResult::refused(core::CommandResult::Kind::NoSuchTask)};
}

int TestTeamCommands::auditCount(const QString &url, const QString &action, const QString &taskId)
{
    store::Store reader;
    if (reader.open(url))
        return -1;
    int count = 0;
    for (const core::AuditRecord &audit : reader.auditFor(core::TaskId(taskId)).value()) {
        if (audit.action == action)
            ++count;
    }
    return count;
}

void TestTeamCommands::followerCommandsRunOnceOnTheActingEngine()
{
    const QString url = seededStore(u"team"_s);
    QVERIFY(!url.isEmpty());
    std::unique_ptr<QSignalSpy> actingRoles;
    std::unique_ptr<host::EngineHost> acting =
        startEngine(url, u"alice"_s, kFallbackPollMs, &actingRoles);
    QVERIFY(waitUntilActing(*actingRoles));
    std::unique_ptr<host::EngineHost> following = startEngine(url, u"bob"_s);
    QSignalSpy deltas(acting.get(), &host::EngineHost::delta);

    core::OperatorCommand verify = bobs(core::OperatorCommand::Kind::Verify, u"verify-me"_s);
    const Answer verified = send(*following, verify);
    QVERIFY2(verified.result.ok, qPrintable(verified.result.auditText()));
    QCOMPARE(verified.result.kind, core::CommandResult::Kind::Verified);
    QCOMPARE(verified.command.consoleHost, QSysInfo::machineHostName());

    core::OperatorCommand answer = bobs(core::OperatorCommand::Kind::Answer, u"answer-me"_s);
    answer.text = u"use the staging database"_s;
    const Answer answered = send(*following, answer);
    QVERIFY2(answered.result.ok, qPrintable(answered.result.auditText()));
    // Without a gateway no worker session is alive: the acting engine sends the answer to the
    // orchestrator with a respawn, as it would for its own console.
    QCOMPARE(answered.result.kind, core::CommandResult::Kind::AnswerSentToOrchestrator);

    // Claims: the follower writes one, the acting console's deltas carry it.
    core::OperatorCommand claim = bobs(core::OperatorCommand::Kind::Claim, u"later"_s);
    const Answer claimed = send(*following, claim);
    QVERIFY2(claimed.result.ok, qPrintable(claimed.result.auditText()));
    QTRY_VERIFY_WITH_TIMEOUT(carriesBobsClaim(deltas), kWaitMs);

    following->stop(5000);
    acting->stop(5000);
    QCOMPARE(auditCount(url, u"verify"_s, u"verify-me"_s), 1);
    QCOMPARE(auditCount(url, u"answer"_s, u"answer-me"_s), 1);
    QCOMPARE(auditCount(url, u"claim"_s, u"later"_s), 1);
    store::Store reader;
    QVERIFY(!reader.open(url));
    const QList<core::AuditRecord> audits = reader.auditFor(core::TaskId(u"verify-me"_s)).value();
    QCOMPARE(audits.constFirst().operatorName, u"bob"_s);
    QCOMPARE(audits.constFirst().consoleHost, QSysInfo::machineHostName());
    QCOMPARE(reader.findTask(core::TaskId(u"verify-me"_s)).optional()->state,
             core::TaskState::Done);
}

void TestTeamCommands::commandWithNobodyActingIsWithdrawn()
{
    const QString url = seededStore(u"nobody"_s);
    QVERIFY(!url.isEmpty());
    // A holder that never acts keeps the lease while the console sends.
    store::Store squatter;
    QVERIFY(!squatter.open(url));
    const store::LeaseHolder holder{u"elsewhere/1/x"_s, u"elsewhere"_s, u"nobody"_s};
    const store::LeaseState lease = squatter.acquireLease(holder, 600000).value();
    QVERIFY(lease.held);
    std::unique_ptr<host::EngineHost> following = startEngine(url, u"bob"_s);

    core::OperatorCommand verify = bobs(core::OperatorCommand::Kind::Verify, u"verify-me"_s);
    const Answer answered = send(*following, verify);
    QCOMPARE(answered.result.kind, core::CommandResult::Kind::Withdrawn);
    QVERIFY(!answered.result.ok);

    // The lease is free again: the console's engine acts, and the withdrawn command stays so.
    QVERIFY(!squatter.releaseLease(store::Fence{holder.id, lease.epoch, 600000}));
    QSignalSpy roles(following.get(), &host::EngineHost::roleChanged);
    bool actingNow = false;
    for (int waited = 0; waited < kWaitMs && !actingNow; waited += 100) {
        roles.wait(100);
        for (const QList<QVariant> &role : std::as_const(roles))
            actingNow =
                actingNow || role.at(0).value<host::RoleStatus>().role == host::EngineRole::Acting;
    }
    QVERIFY(actingNow);
    following->stop(5000);
    QCOMPARE(auditCount(url, u"verify"_s, u"verify-me"_s), 0);
    QCOMPARE(squatter.findTask(core::TaskId(u"verify-me"_s)).optional()->state,
             core::TaskState::NeedsVerification);
}

void TestTeamCommands::storeConnectionsHearEachOther()
{
    const QString url = seededStore(u"news"_s);
    QVERIFY(!url.isEmpty());
    store::Store listener;
    QVERIFY(!listener.open(url));
    QList<store::PeerNews> heard;
    listener.listenToPeers([&heard](store::PeerNews news) { heard.append(news); });
    QVERIFY(listener.hearsPeers());
    store::Store speaker;
    QVERIFY(!speaker.open(url));

    core::ChangeSet changes;
    changes.taskUpserts = {waitingTask(u"fresh"_s, core::TaskState::Running)};
    QVERIFY(!speaker.apply(changes));
    QTRY_VERIFY_WITH_TIMEOUT(heard.contains(store::PeerNews::Changes), kWaitMs);

    core::OperatorCommand verify = bobs(core::OperatorCommand::Kind::Verify, u"verify-me"_s);
    verify.consoleHost = u"ops-east"_s;
    QVERIFY(speaker.enqueueCommand(verify, QDateTime::currentMSecsSinceEpoch()).isOk());
    QTRY_VERIFY_WITH_TIMEOUT(heard.contains(store::PeerNews::Commands), kWaitMs);

    core::AuditRecord audit;
    audit.at = QDateTime::currentMSecsSinceEpoch();
    audit.operatorName = u"bob"_s;
    audit.action = u"claim"_s;
    audit.taskId = core::TaskId(u"later"_s);
    audit.result = u"ok"_s;
    audit.consoleHost = u"ops-east"_s;
    QVERIFY(!speaker.writeClaim(
        core::ClaimRecord{core::TaskId(u"later"_s), u"bob"_s, u"ops-east"_s, audit.at}, audit));
    QTRY_VERIFY_WITH_TIMEOUT(heard.contains(store::PeerNews::Claims), kWaitMs);

    // What a connection says itself is not news to it: notices arrive in commit order, so its
    // own would come before the speaker's claim.
    heard.clear();
    QVERIFY(!listener.apply(changes));
    QVERIFY(!speaker.releaseClaim(core::TaskId(u"later"_s), audit));
    QTRY_VERIFY_WITH_TIMEOUT(!heard.isEmpty(), kWaitMs);
    QCOMPARE(heard, QList<store::PeerNews>{store::PeerNews::Claims});

    // A connection opened again listens again.
    QVERIFY(!listener.open(url));
    QVERIFY(listener.hearsPeers());
    heard.clear();
    QVERIFY(!speaker.apply(changes));
    QTRY_VERIFY_WITH_TIMEOUT(heard.contains(store::PeerNews::Changes), kWaitMs);

    // SQLite cannot reach another process: its consoles poll.
    QTemporaryDir dir;
    store::Store embedded;
    QVERIFY(!embedded.open(dir.filePath(u"clawops.db"_s)));
    embedded.listenToPeers([&heard](store::PeerNews news) { heard.append(news); });
    QVERIFY(!embedded.hearsPeers());
}

void TestTeamCommands::consolesHearEachOtherWithoutPolling()
{
    const QString url = seededStore(u"nopoll"_s);
    QVERIFY(!url.isEmpty());
    std::unique_ptr<QSignalSpy> actingRoles;
    std::unique_ptr<host::EngineHost> acting =
        startEngine(url, u"alice"_s, kNoPollMs, &actingRoles);
    QVERIFY(waitUntilActing(*actingRoles));
    std::unique_ptr<host::EngineHost> following = startEngine(url, u"bob"_s, kNoPollMs);
    QSignalSpy actingDeltas(acting.get(), &host::EngineHost::delta);
    QSignalSpy followedDeltas(following.get(), &host::EngineHost::delta);

    // The command reaches the acting engine, and its result the follower, by notice only.
    core::OperatorCommand verify = bobs(core::OperatorCommand::Kind::Verify, u"verify-me"_s);
    const Answer verified = send(*following, verify);
    QVERIFY2(verified.result.ok, qPrintable(verified.result.auditText()));

    // The follower's view shows the acting engine's commit.
    const auto followerShows = [&followedDeltas](const QString &taskId, core::TaskState state) {
        for (const QList<QVariant> &delta : std::as_const(followedDeltas)) {
            for (const core::TaskRecord &task : delta.at(0).value<host::EngineDelta>().tasks) {
                if (task.taskId == taskId && task.state == state)
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(followerShows(u"verify-me"_s, core::TaskState::Done), kWaitMs);

    // And the policy violations committed since it started following.
    core::PolicyViolationRecord violation;
    violation.at = QDateTime::currentMSecsSinceEpoch();
    violation.sessionKey = core::SessionKey(u"agent:main:main"_s);
    violation.toolName = u"exec"_s;
    violation.reason = u"delegate instead"_s;
    core::ChangeSet flagged;
    flagged.policyViolations = {violation};
    store::Store side;
    QVERIFY(!side.open(url));
    QVERIFY(!side.apply(flagged));
    const auto followerShowsViolation = [&followedDeltas, &violation] {
        for (const QList<QVariant> &delta : std::as_const(followedDeltas)) {
            if (delta.at(0).value<host::EngineDelta>().policyViolations.contains(violation))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(followerShowsViolation(), kWaitMs);

    // The follower's claim reaches the acting console.
    core::OperatorCommand claim = bobs(core::OperatorCommand::Kind::Claim, u"later"_s);
    QVERIFY(send(*following, claim).result.ok);
    QTRY_VERIFY_WITH_TIMEOUT(carriesBobsClaim(actingDeltas), kWaitMs);

    following->stop(5000);
    acting->stop(5000);
    QCOMPARE(auditCount(url, u"verify"_s, u"verify-me"_s), 1);
}

void TestTeamCommands::consolesSeeWhoElseIsHere()
{
    const QString url = seededStore(u"roll"_s);
    QVERIFY(!url.isEmpty());
    const QString host = QSysInfo::machineHostName();

    // The roll call itself: a console is listed until its time runs out, or it says it left.
    store::Store first;
    QVERIFY(!first.open(url));
    store::Store second;
    QVERIFY(!second.open(url));
    QVERIFY(!first.sayPresent({u"a/1"_s, u"alice"_s, u"ops-west"_s, u"acting"_s}, 60000));
    QVERIFY(!second.sayPresent({u"b/2"_s, u"bob"_s, u"ops-east"_s, u"following"_s}, 60000));
    QCOMPARE(first.consolesPresent(u"a/1"_s).value(),
             (QList<store::ConsolePresence>{{u"b/2"_s, u"bob"_s, u"ops-east"_s, u"following"_s}}));
    QVERIFY(!second.sayGone(u"b/2"_s));
    QVERIFY(first.consolesPresent(u"a/1"_s).value().isEmpty());
    QVERIFY(!second.sayPresent({u"b/2"_s, u"bob"_s, u"ops-east"_s, u"following"_s}, 1));
    QTRY_VERIFY_WITH_TIMEOUT(first.consolesPresent(u"a/1"_s).value().isEmpty(), kWaitMs);
    QVERIFY(!first.sayGone(u"a/1"_s));

    // Two engines: each status names the other with its role, until it stops.
    std::unique_ptr<QSignalSpy> actingRolesSeen;
    std::unique_ptr<host::EngineHost> acting =
        startEngine(url, u"alice"_s, kFallbackPollMs, &actingRolesSeen);
    QVERIFY(waitUntilActing(*actingRolesSeen));
    std::unique_ptr<QSignalSpy> followingRolesSeen;
    std::unique_ptr<host::EngineHost> following =
        startEngine(url, u"bob"_s, kFallbackPollMs, &followingRolesSeen);
    const QSignalSpy &actingRoles = *actingRolesSeen;
    const QSignalSpy &followingRoles = *followingRolesSeen;
    const auto lastOthers = [](const QSignalSpy &roles) {
        return roles.isEmpty() ? QList<host::PeerConsole>{}
                               : roles.constLast().at(0).value<host::RoleStatus>().others;
    };
    const QList<host::PeerConsole> bob{{u"bob"_s, host, host::EngineRole::Following}};
    const QList<host::PeerConsole> alice{{u"alice"_s, host, host::EngineRole::Acting}};
    QTRY_COMPARE_WITH_TIMEOUT(lastOthers(actingRoles), bob, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastOthers(followingRoles), alice, kWaitMs);
    following->stop(5000);
    QTRY_VERIFY_WITH_TIMEOUT(lastOthers(actingRoles).isEmpty(), kWaitMs);
    acting->stop(5000);
}

QTEST_GUILESS_MAIN(TestTeamCommands)
#include "tst_team_commands.moc"
