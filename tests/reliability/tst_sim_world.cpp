// The simulator's own promises, which the reliability ring builds on: one seed, one plan of work
// whatever the clients do; counters that count what arrived; gateway modes that offer (and
// refuse) what the recorded gateways do, with their exact error shapes; faults that do what they
// say on the wire.

#include "core/Messages.h"
#include "gateway/GatewayClient.h"
#include "gateway/GatewayClientConfig.h"
#include "sim/FaultInjector.h"
#include "sim/SimGatewayServer.h"
#include "sim/World.h"
#include "sim/WorldDice.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace clawops;

namespace {

constexpr int kWaitMs = 20000;
const QString kToken = QStringLiteral("sim-world-token");

QJsonObject recorded(const QString &scenario, const QString &who)
{
    QFile file(QStringLiteral(CLAWOPS_TEST_DATA_DIR "/traces/trace-forbidden-summary.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll())
        .object()
        .value(scenario)
        .toObject()
        .value(who)
        .toObject();
}

// A simulated gateway and world, and one client connected to it with the scopes asked for.
struct Rig
{
    explicit Rig(const QString &mode, QStringList scopes = gateway::defaultOperatorScopes(),
                 const sim::WorldConfig &worldConfig = {})
    {
        sim::SimGatewayConfig config;
        config.sharedToken = kToken;
        config.tickIntervalMs = 30000;
        if (!mode.isEmpty())
            sim::applyGatewayMode(config, mode);
        server = std::make_unique<sim::SimGatewayServer>(config);
        world = std::make_unique<sim::World>(*server, worldConfig);
        listening = server->listen(0);
        gateway::GatewayClientConfig clientConfig;
        clientConfig.url = server->url();
        clientConfig.sharedToken = kToken;
        clientConfig.stateDir = state.path();
        clientConfig.scopes = std::move(scopes);
        clientConfig.handshakeTimeoutMs = 5000;
        clientConfig.rttIntervalMs = 0;
        clientConfig.reconnect.initialDelayMs = 50;
        clientConfig.reconnect.maxDelayMs = 400;
        client = std::make_unique<gateway::GatewayClient>(clientConfig);
    }

    bool connect()
    {
        client->start();
        return listening &&
               QTest::qWaitFor(
                   [&] { return client->state() == gateway::ConnectionState::Connected; }, kWaitMs);
    }

    gateway::RpcResult call(const QString &method, const QJsonObject &params = {})
    {
        std::optional<gateway::RpcResult> result;
        client->request(method, params, {}, [&](const gateway::RpcResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, kWaitMs))
            return gateway::RpcResult{};
        return *result;
    }

    QTemporaryDir state;
    std::unique_ptr<sim::SimGatewayServer> server;
    std::unique_ptr<sim::World> world;
    std::unique_ptr<gateway::GatewayClient> client;
    bool listening = false;
};

sim::WorldConfig quickWorld(quint32 seed, int spawns)
{
    sim::WorldConfig world;
    world.seed = seed;
    world.spawnsPerSecond = 40;
    world.maxSpawns = spawns;
    world.maxRunningWorkers = 4; // busy often: the timing of spawns varies, their plan may not
    world.workerMinMs = 50;
    world.workerMaxMs = 250;
    world.slowWorkerMs = 300;
    world.respawnDelayMs = 20;
    return world;
}

// What a world did, without the moments it did it at.
QStringList planOf(const QJsonObject &stats)
{
    QStringList out;
    for (const QJsonValue value : stats.value(QLatin1String("spawns")).toArray()) {
        const QJsonObject spawn = value.toObject();
        out.append(QStringList{spawn.value(QLatin1String("origin")).toString(),
                               spawn.value(QLatin1String("label")).toString(),
                               spawn.value(QLatin1String("childKey")).toString(),
                               spawn.value(QLatin1String("ending")).toString(),
                               spawn.value(QLatin1String("status")).toString()}
                       .join(u' '));
    }
    out.sort();
    return out;
}

QString retryBlockFor(const QString &label, int attempt)
{
    core::SpawnSpec spec;
    spec.label = label;
    spec.task = core::buildWorkerTaskPacket(QStringLiteral("abcdef123456-a%1").arg(attempt + 1),
                                            attempt + 1, QStringLiteral("Respawn %1").arg(label));
    return core::buildRetryBlock(spec, QStringLiteral("agent:main:subagent:failed"),
                                 QStringLiteral("error"), attempt, 2);
}

} // namespace

class TestSimWorld : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void diceAreStableAndSpread();
    void oneSeedOnePlanWhateverTheTiming();
    void retriesAreCountedPerTaskAndAttempt();
    void modesAdvertiseWhatTheyOffer_data();
    void modesAdvertiseWhatTheyOffer();
    void listsArePagedAsOnTheGateway();
    void refusalsHaveTheRecordedShapes();
    void sessionsAbortHasTheRecordedShape();
    void interruptedRowsByGatewayVersion();
    void lostEventsLeaveASeqGap();
    void duplicatedAndReorderedEvents();
    void midFrameDropResetsTheSocket();
    void stallHoldsEveryFrame();
};

void TestSimWorld::diceAreStableAndSpread()
{
    sim::Dice a(7, {QStringLiteral("spawn"), QStringLiteral("1")});
    sim::Dice b(7, {QStringLiteral("spawn"), QStringLiteral("1")});
    sim::Dice c(7, {QStringLiteral("spawn"), QStringLiteral("2")});
    QCOMPARE(a.next(), b.next());
    QVERIFY(a.next() != c.next());
    QCOMPARE(sim::stableUuid(7, {QStringLiteral("x")}), sim::stableUuid(7, {QStringLiteral("x")}));
    QVERIFY(sim::stableUuid(7, {QStringLiteral("x")}) != sim::stableUuid(8, {QStringLiteral("x")}));
    // ("ab","c") and ("a","bc") are different names.
    QVERIFY(sim::stableUuid(1, {QStringLiteral("ab"), QStringLiteral("c")}) !=
            sim::stableUuid(1, {QStringLiteral("a"), QStringLiteral("bc")}));
    int counts[3] = {0, 0, 0};
    sim::Dice spread(1, {QStringLiteral("spread")});
    for (int i = 0; i < 3000; ++i)
        ++counts[spread.pick({1, 1, 2})];
    QVERIFY2(counts[0] > 600 && counts[1] > 600 && counts[2] > 1300,
             qPrintable(QStringLiteral("%1 %2 %3").arg(counts[0]).arg(counts[1]).arg(counts[2])));
    QCOMPARE(spread.pick({0, 0}), -1);
}

void TestSimWorld::oneSeedOnePlanWhateverTheTiming()
{
    QStringList plans[3];
    for (int run = 0; run < 3; ++run) {
        auto world = quickWorld(run < 2 ? 11 : 12, 25);
        // The second run is slower to start work: busy ticks skip, the plan must not move.
        if (run == 1)
            world.maxRunningWorkers = 1;
        Rig rig(QString(), gateway::defaultOperatorScopes(), world);
        QVERIFY(rig.listening);
        rig.world->start();
        QVERIFY(QTest::qWaitFor([&] { return rig.world->isSettled(); }, kWaitMs));
        QVERIFY(!rig.world->isRunning());
        const QJsonObject stats = rig.world->stats();
        QCOMPARE(stats.value(QLatin1String("plannedSpawnsDone")).toInt(), 25);
        plans[run] = planOf(stats);
    }
    QCOMPARE(plans[1], plans[0]);
    QVERIFY(plans[2] != plans[0]);
    QVERIFY(plans[0].size() >= 25);
}

void TestSimWorld::retriesAreCountedPerTaskAndAttempt()
{
    Rig rig{QString()};
    QVERIFY(rig.connect());
    QSignalSpy spawned(rig.world.get(), &sim::World::workerSpawned);
    const QString orchestrator = QStringLiteral("agent:main:main");
    rig.world->spawnWorker(orchestrator, QStringLiteral("Seed the parent"), QStringLiteral("seed"),
                           QStringLiteral("verified"), 50);
    const QString block = retryBlockFor(QStringLiteral("flaky"), 1);
    auto send = [&](const QString &key) {
        return rig.call(QStringLiteral("sessions.send"), {{QStringLiteral("key"), orchestrator},
                                                          {QStringLiteral("message"), block},
                                                          {QStringLiteral("idempotencyKey"), key}});
    };
    QVERIFY(send(QStringLiteral("retry:a1:1")).ok);
    const gateway::RpcResult repeated = send(QStringLiteral("retry:a1:1"));
    QVERIFY(repeated.ok);
    QCOMPARE(repeated.payloadObject().value(QLatin1String("status")).toString(),
             QStringLiteral("in_flight"));
    QTRY_COMPARE_WITH_TIMEOUT(spawned.size(), 2, kWaitMs);
    QVERIFY(send(QStringLiteral("retry:a1:1-again")).ok);
    QTRY_COMPARE_WITH_TIMEOUT(spawned.size(), 3, kWaitMs);

    const QJsonObject stats = rig.world->stats();
    const QJsonArray retries = stats.value(QLatin1String("retries")).toArray();
    QCOMPARE(retries.size(), 1);
    const QJsonObject retry = retries.first().toObject();
    QCOMPARE(retry.value(QLatin1String("key")).toString(), QStringLiteral("abcdef123456-a2#1"));
    QCOMPARE(retry.value(QLatin1String("label")).toString(), QStringLiteral("flaky"));
    QCOMPARE(retry.value(QLatin1String("nextAttempt")).toInt(), 2);
    QCOMPARE(retry.value(QLatin1String("received")).toInt(), 3);
    QCOMPARE(retry.value(QLatin1String("idempotencyKeys")).toArray().size(), 2);
    QCOMPARE(retry.value(QLatin1String("respawns")).toInt(), 2);
    QCOMPARE(stats.value(QLatin1String("repeatedSends")).toInt(), 1);
    // Both respawns are attempt 2 of "flaky", and end the same way: the seed, the label and the
    // attempt decide, not the order of arrival.
    QStringList endings;
    for (const QJsonValue value : stats.value(QLatin1String("spawns")).toArray()) {
        const QJsonObject spawn = value.toObject();
        if (spawn.value(QLatin1String("origin")).toString() != QLatin1String("respawn"))
            continue;
        QCOMPARE(spawn.value(QLatin1String("attempt")).toInt(), 2);
        QCOMPARE(spawn.value(QLatin1String("receiptTaskId")).toString(),
                 QStringLiteral("abcdef123456-a2"));
        endings.append(spawn.value(QLatin1String("ending")).toString());
    }
    QCOMPARE(endings.size(), 2);
    QCOMPARE(endings.first(), endings.last());

    QVERIFY(rig.call(QStringLiteral("sessions.send"),
                     {{QStringLiteral("key"), orchestrator},
                      {QStringLiteral("message"), QStringLiteral("<orchestrator-status>\n"
                                                                 "</orchestrator-status>")},
                      {QStringLiteral("idempotencyKey"), QStringLiteral("status-1")}})
                .ok);
    QCOMPARE(rig.world->stats().value(QLatin1String("statusPosts")).toInt(), 1);
    // sim.stats answers on the same socket without being advertised.
    const gateway::RpcResult overRpc = rig.call(QStringLiteral("sim.stats"));
    QVERIFY(overRpc.ok);
    QCOMPARE(overRpc.payloadObject().value(QLatin1String("statusPosts")).toInt(), 1);
    QVERIFY(!rig.client->hello().methods.contains(QStringLiteral("sim.stats")));
}

void TestSimWorld::modesAdvertiseWhatTheyOffer_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("tasksAdvertised");
    QTest::addColumn<bool>("adminGranted");
    QTest::newRow("2026.9.6") << QStringLiteral("2026.9.6") << true << true;
    QTest::newRow("2026.9.7") << QStringLiteral("2026.9.7") << false << true;
    QTest::newRow("tasks-admin-only") << QStringLiteral("tasks-admin-only") << true << false;
}

void TestSimWorld::modesAdvertiseWhatTheyOffer()
{
    QFETCH(QString, mode);
    QFETCH(bool, tasksAdvertised);
    QFETCH(bool, adminGranted);
    Rig rig(mode);
    QVERIFY(rig.connect());
    const gateway::HelloInfo &hello = rig.client->hello();
    QCOMPARE(hello.methods.contains(QStringLiteral("tasks.list")), tasksAdvertised);
    QCOMPARE(hello.methods.contains(QStringLiteral("tasks.cancel")), tasksAdvertised);
    QCOMPARE(hello.events.contains(QStringLiteral("task")), tasksAdvertised);
    QVERIFY(hello.methods.contains(QStringLiteral("sessions.abort")));
    QCOMPARE(hello.scopes.contains(QStringLiteral("operator.admin")), adminGranted);

    // The world sends no `task` event where the gateway has none.
    QStringList eventNames;
    QObject::connect(rig.client.get(), &gateway::GatewayClient::eventReceived, rig.client.get(),
                     [&](const gateway::Frame &frame) { eventNames.append(frame.name); });
    QVERIFY(rig.call(QStringLiteral("sessions.subscribe")).ok);
    rig.world->spawnWorker(QStringLiteral("agent:main:main"), QStringLiteral("One"),
                           QStringLiteral("one"), QStringLiteral("verified"), 50);
    QTRY_VERIFY_WITH_TIMEOUT(rig.world->isSettled(), kWaitMs);
    QVERIFY(eventNames.contains(QStringLiteral("sessions.changed")));
    QCOMPARE(eventNames.contains(QStringLiteral("task")), tasksAdvertised);
    const gateway::RpcResult list = rig.call(QStringLiteral("tasks.list"));
    QCOMPARE(list.ok, tasksAdvertised && adminGranted);
    if (!list.ok)
        QCOMPARE(rig.server->counters()
                     .value(QLatin1String("unadvertisedCalls"))
                     .toObject()
                     .value(QLatin1String("tasks.list"))
                     .toInt(),
                 tasksAdvertised ? 0 : 1);
}

// The engine's resync reads lists in pages (sessions.list offset, tasks.list cursor); the
// simulated gateway pages them as the gateway does.
void TestSimWorld::listsArePagedAsOnTheGateway()
{
    Rig rig(QStringLiteral("2026.9.6"));
    QVERIFY(rig.connect());
    const QString main = QStringLiteral("agent:main:main");
    QSet<QString> spawned;
    for (int i = 0; i < 5; ++i)
        spawned.insert(rig.world->spawnWorker(main, QStringLiteral("W%1").arg(i),
                                              QStringLiteral("w%1").arg(i),
                                              QStringLiteral("verified"), 50));
    QTRY_VERIFY_WITH_TIMEOUT(rig.world->isSettled(), kWaitMs);

    QSet<QString> listed;
    QJsonObject params{{QStringLiteral("spawnedBy"), main}, {QStringLiteral("limit"), 2}};
    for (int page = 0; page < 3; ++page) {
        const QJsonObject answer =
            rig.call(QStringLiteral("sessions.list"), params).payloadObject();
        const QJsonArray rows = answer.value(QLatin1String("sessions")).toArray();
        QCOMPARE(rows.size(), page < 2 ? 2 : 1);
        for (const QJsonValue row : rows)
            listed.insert(row.toObject().value(QLatin1String("key")).toString());
        QCOMPARE(answer.value(QLatin1String("hasMore")).toBool(), page < 2);
        params.insert(QStringLiteral("offset"), answer.value(QLatin1String("nextOffset")));
    }
    QCOMPARE(listed, spawned);

    QSet<QString> tasks;
    QJsonObject taskParams{{QStringLiteral("limit"), 2}};
    for (int page = 0; page < 3; ++page) {
        const QJsonObject answer =
            rig.call(QStringLiteral("tasks.list"), taskParams).payloadObject();
        for (const QJsonValue task : answer.value(QLatin1String("tasks")).toArray())
            tasks.insert(task.toObject().value(QLatin1String("childSessionKey")).toString());
        const QString cursor = answer.value(QLatin1String("nextCursor")).toString();
        QCOMPARE(cursor.isEmpty(), page == 2);
        taskParams.insert(QStringLiteral("cursor"), cursor);
    }
    QCOMPARE(tasks, spawned);
    QVERIFY(
        !rig.call(QStringLiteral("tasks.list"), {{QStringLiteral("cursor"), QStringLiteral("x")}})
             .ok);
}

void TestSimWorld::refusalsHaveTheRecordedShapes()
{
    const QJsonObject expectedForbidden = recorded(QStringLiteral("f1"), QStringLiteral("writer"))
                                              .value(QLatin1String("error"))
                                              .toObject();
    const QJsonObject expectedUnknown = recorded(QStringLiteral("f1"), QStringLiteral("admin"))
                                            .value(QLatin1String("error"))
                                            .toObject();
    QVERIFY(!expectedForbidden.isEmpty() && !expectedUnknown.isEmpty());
    auto errorJson = [](const gateway::RpcResult &result) {
        QJsonObject error{{QStringLiteral("code"), result.error.code},
                          {QStringLiteral("message"), result.error.message}};
        if (!result.error.details.isEmpty())
            error.insert(QStringLiteral("details"), result.error.details);
        return error;
    };
    {
        // A writer without admin: a method the gateway does not know is FORBIDDEN, as recorded.
        Rig writer(QString(), {QStringLiteral("operator.read"), QStringLiteral("operator.write")});
        QVERIFY(writer.connect());
        QCOMPARE(errorJson(writer.call(QStringLiteral("tasks.removedInNewerGateway"))),
                 expectedForbidden);
    }
    {
        Rig admin{QString()};
        QVERIFY(admin.connect());
        QCOMPARE(errorJson(admin.call(QStringLiteral("tasks.removedInNewerGateway"))),
                 expectedUnknown);
    }
    {
        // 2026.9.7 without tasks.*: a writer's tasks.list gets the same FORBIDDEN.
        Rig writer(QStringLiteral("2026.9.7"),
                   {QStringLiteral("operator.read"), QStringLiteral("operator.write")});
        QVERIFY(writer.connect());
        QCOMPARE(errorJson(writer.call(QStringLiteral("tasks.list"))), expectedForbidden);
    }
    {
        // tasks.* advertised, but this gateway grants no admin: refused with that shape too.
        Rig adminOnly(QStringLiteral("tasks-admin-only"));
        QVERIFY(adminOnly.connect());
        QCOMPARE(errorJson(adminOnly.call(QStringLiteral("tasks.cancel"),
                                          {{QStringLiteral("taskId"), QStringLiteral("x")}})),
                 expectedForbidden);
    }
    {
        const QJsonObject expectedReader =
            recorded(QStringLiteral("f2"), QStringLiteral("cancelByReader"))
                .value(QLatin1String("error"))
                .toObject();
        Rig reader(QString(), {QStringLiteral("operator.read")});
        QVERIFY(reader.connect());
        QCOMPARE(errorJson(reader.call(QStringLiteral("tasks.cancel"),
                                       {{QStringLiteral("taskId"), QStringLiteral("x")}})),
                 expectedReader);
    }
}

void TestSimWorld::sessionsAbortHasTheRecordedShape()
{
    Rig rig(QStringLiteral("2026.9.7"));
    QVERIFY(rig.connect());
    const QString child =
        rig.world->spawnWorker(QStringLiteral("agent:main:main"), QStringLiteral("Long"),
                               QStringLiteral("long"), QStringLiteral("slow"), 60000);
    const gateway::RpcResult unknownField =
        rig.call(QStringLiteral("sessions.abort"),
                 {{QStringLiteral("key"), child}, {QStringLiteral("dropQueue"), true}});
    QVERIFY(!unknownField.ok);
    QCOMPARE(unknownField.error.message,
             recorded(QStringLiteral("f4"), QStringLiteral("unknownField"))
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString());
    const gateway::RpcResult aborted =
        rig.call(QStringLiteral("sessions.abort"),
                 {{QStringLiteral("key"), child}, {QStringLiteral("clearQueued"), true}});
    QVERIFY(aborted.ok);
    QCOMPARE(aborted.payloadObject().value(QLatin1String("status")).toString(),
             QStringLiteral("aborted"));
    QVERIFY(!aborted.payloadObject().value(QLatin1String("abortedRunId")).toString().isEmpty());
    // Idle now: exactly the recorded answer.
    const gateway::RpcResult idle =
        rig.call(QStringLiteral("sessions.abort"),
                 {{QStringLiteral("key"), child}, {QStringLiteral("clearQueued"), true}});
    QCOMPARE(idle.payloadObject(), recorded(QStringLiteral("f4"), QStringLiteral("idleClearQueued"))
                                       .value(QLatin1String("payload"))
                                       .toObject());
    const QJsonObject stats = rig.world->stats();
    QCOMPARE(stats.value(QLatin1String("abortsWithClearQueued")).toInt(), 2);
    QCOMPARE(stats.value(QLatin1String("cancels"))
                 .toObject()
                 .value(child)
                 .toObject()
                 .value(QLatin1String("sessions.abort"))
                 .toInt(),
             2);
}

void TestSimWorld::interruptedRowsByGatewayVersion()
{
    for (const QString &mode : {QStringLiteral("2026.9.6"), QStringLiteral("2026.9.7")}) {
        Rig rig(mode);
        QVERIFY(rig.connect());
        const QString child =
            rig.world->spawnWorker(QStringLiteral("agent:main:main"), QStringLiteral("Cut off"),
                                   QStringLiteral("cut"), QStringLiteral("slow"), 60000);
        QVERIFY(rig.world->restartGateway(100, false));
        QVERIFY(QTest::qWaitFor(
            [&] { return rig.client->state() == gateway::ConnectionState::Connected; }, kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(rig.world->isSettled(), kWaitMs);
        QString status;
        for (const QJsonValue row : rig.call(QStringLiteral("sessions.list"))
                                        .payloadObject()
                                        .value(QLatin1String("sessions"))
                                        .toArray()) {
            if (row.toObject().value(QLatin1String("key")).toString() == child)
                status = row.toObject().value(QLatin1String("status")).toString();
        }
        QCOMPARE(status, mode == QLatin1String("2026.9.7") ? QStringLiteral("interrupted")
                                                           : QStringLiteral("failed"));
        QCOMPARE(rig.world->stats().value(QLatin1String("interruptedRuns")).toInt(), 1);
    }
}

void TestSimWorld::lostEventsLeaveASeqGap()
{
    Rig rig{QString()};
    QVERIFY(rig.connect());
    QSignalSpy gaps(rig.client.get(), &gateway::GatewayClient::seqGap);
    QSignalSpy events(rig.client.get(), &gateway::GatewayClient::eventReceived);
    rig.server->broadcastEvent(QStringLiteral("health"), {{QStringLiteral("n"), 1}});
    rig.server->loseEvents(2);
    rig.server->broadcastEvent(QStringLiteral("health"), {{QStringLiteral("n"), 2}});
    rig.server->broadcastEvent(QStringLiteral("health"), {{QStringLiteral("n"), 3}});
    rig.server->broadcastEvent(QStringLiteral("health"), {{QStringLiteral("n"), 4}});
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 2, kWaitMs);
    QCOMPARE(gaps.size(), 1);
    QCOMPARE(gaps.first().at(0).toLongLong() + 2, gaps.first().at(1).toLongLong());
    QCOMPARE(rig.server->counters()
                 .value(QLatin1String("faults"))
                 .toObject()
                 .value(QLatin1String("lost-event"))
                 .toInt(),
             2);
}

void TestSimWorld::duplicatedAndReorderedEvents()
{
    Rig rig{QString()};
    QVERIFY(rig.connect());
    QList<int> seen;
    QList<qint64> seqs;
    QObject::connect(rig.client.get(), &gateway::GatewayClient::eventReceived, rig.client.get(),
                     [&](const gateway::Frame &frame) {
                         if (frame.name != QLatin1String("health"))
                             return;
                         seen.append(int(frame.payload.value(QLatin1String("n")).toInteger()));
                         seqs.append(frame.seq);
                     });
    rig.server->duplicateEvents(1);
    rig.server->broadcastEvent(QStringLiteral("health"), {{QStringLiteral("n"), 1}});
    rig.server->reorderEvents(3);
    for (int n = 2; n <= 4; ++n)
        rig.server->broadcastEvent(QStringLiteral("health"), {{QStringLiteral("n"), n}});
    rig.server->broadcastEvent(QStringLiteral("health"), {{QStringLiteral("n"), 5}});
    QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 6, kWaitMs);
    QCOMPARE(seen, (QList<int>{1, 1, 4, 3, 2, 5}));
    for (int i = 1; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i), seqs.at(i - 1) + 1); // nothing looks lost
}

void TestSimWorld::midFrameDropResetsTheSocket()
{
    Rig rig{QString()};
    QVERIFY(rig.connect());
    QSignalSpy disconnected(rig.client.get(), &gateway::GatewayClient::disconnected);
    QSignalSpy events(rig.client.get(), &gateway::GatewayClient::eventReceived);
    rig.server->dropMidFrame();
    rig.server->broadcastEvent(QStringLiteral("health"),
                               {{QStringLiteral("text"), QString(4000, QLatin1Char('x'))}});
    QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), kWaitMs);
    QCOMPARE(events.size(), 0); // half a frame is not a frame
    QVERIFY(QTest::qWaitFor(
        [&] { return rig.client->state() == gateway::ConnectionState::Connected; }, kWaitMs));
}

void TestSimWorld::stallHoldsEveryFrame()
{
    Rig rig{QString()};
    QVERIFY(rig.connect());
    QSignalSpy events(rig.client.get(), &gateway::GatewayClient::eventReceived);
    rig.server->stall(400);
    QVERIFY(rig.server->isStalled());
    rig.server->broadcastEvent(QStringLiteral("health"), {{QStringLiteral("n"), 1}});
    std::optional<gateway::RpcResult> answer;
    rig.client->request(QStringLiteral("health"), {}, {},
                        [&](const gateway::RpcResult &r) { answer = r; });
    QTest::qWait(200);
    QCOMPARE(events.size(), 0);
    QVERIFY(!answer.has_value());
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value() && events.size() == 1, kWaitMs);
    QVERIFY(answer->ok);
    QVERIFY(!rig.server->isStalled());
}

QTEST_GUILESS_MAIN(TestSimWorld)
#include "tst_sim_world.moc"
