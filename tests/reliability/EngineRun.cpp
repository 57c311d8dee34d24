#include "EngineRun.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace clawops::test {

sim::WorldConfig reliabilityWorld(quint32 seed, int spawns)
{
    sim::WorldConfig world;
    world.seed = seed;
    world.spawnsPerSecond = 6;
    world.maxSpawns = spawns;
    world.maxRunningWorkers = 10;
    world.workerMinMs = 300;
    world.workerMaxMs = 1200;
    world.slowWorkerMs = 2500;
    world.respawnDelayMs = 150;
    return world;
}

core::EngineConfig reliabilityEngineConfig()
{
    return core::resolveConfig(QJsonObject{
        {QStringLiteral("autoRetryFailedSubagents"), true},
        {QStringLiteral("verificationGraceMs"), 1500},
        {QStringLiteral("retryBaseBackoffMs"), 200},
        {QStringLiteral("retryMaxBackoffMs"), 800},
        {QStringLiteral("schedulerTickMs"), 100},
        {QStringLiteral("schedulerMaxConcurrentWorkers"), 20},
        {QStringLiteral("respawnWindowMs"), 10000},
    });
}

EngineRun::EngineRun(const QString &gatewayMode, const sim::WorldConfig &world)
{
    // For diagnosis: CLAWOPS_KEEP_RUNS=1 keeps each run's store and says where.
    if (qEnvironmentVariableIsSet("CLAWOPS_KEEP_RUNS")) {
        m_dir.setAutoRemove(false);
        qWarning().noquote() << "keeping this run's store in" << m_dir.path();
    }
    sim::SimGatewayConfig config;
    config.sharedToken = kRunToken;
    config.tickIntervalMs = 500; // a stall is noticed within a second
    config.retryAfterMs = 50;
    if (!gatewayMode.isEmpty())
        sim::applyGatewayMode(config, gatewayMode);
    m_server = std::make_unique<sim::SimGatewayServer>(config);
    m_world = std::make_unique<sim::World>(*m_server, world);
    m_faults = std::make_unique<sim::FaultInjector>(*m_server, *m_world, world.seed);
}

EngineRun::~EngineRun()
{
    stopEngine();
    m_faults.reset();
    m_world.reset();
    m_server.reset();
}

QString EngineRun::databasePath() const
{
    return m_dir.filePath(QStringLiteral("engine.db"));
}

QString EngineRun::start(const core::EngineConfig &config)
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    if (!m_server->listen(0))
        return QStringLiteral("the simulated gateway cannot listen on 127.0.0.1");
    host::EngineSettings settings;
    settings.gatewayUrl = m_server->url();
    settings.token = kRunToken;
    settings.databasePath = databasePath();
    settings.identityDir = m_dir.filePath(QStringLiteral("identity"));
    settings.operatorName = QStringLiteral("reliability");
    settings.config = config;
    m_host = std::make_unique<host::EngineHost>();
    QObject::connect(m_host.get(), &host::EngineHost::delta, m_host.get(),
                     [this](const host::EngineDelta &delta) {
                         for (const core::TaskRecord &task : delta.tasks) {
                             m_states.insert(task.taskId.str(), core::stateName(task.state));
                             if (!task.workerSessionKey.isEmpty())
                                 m_byWorker.insert(task.workerSessionKey.str(), task);
                         }
                         m_transitions.append(delta.transitions);
                         m_transitionsReported += int(delta.transitions.size());
                         if (!delta.transitions.isEmpty() || !delta.tasks.isEmpty())
                             m_lastDeltaMs = QDateTime::currentMSecsSinceEpoch();
                     });
    QObject::connect(m_host.get(), &host::EngineHost::connectionChanged, m_host.get(),
                     [this](const host::ConnectionStatus &status) { m_phase = status.phase; });
    QSignalSpy started(m_host.get(), &host::EngineHost::started);
    m_host->start(settings);
    if (!started.wait(15000))
        return QStringLiteral("the engine did not start");
    if (!QTest::qWaitFor([this] { return isLive(); }, 20000))
        return QStringLiteral("the engine did not get live");
    return {};
}

QList<core::TransitionRecord> EngineRun::transitionsOf(const QString &taskId) const
{
    QList<core::TransitionRecord> out;
    for (const core::TransitionRecord &transition : m_transitions) {
        if (transition.taskId.str() == taskId)
            out.append(transition);
    }
    return out;
}

bool EngineRun::isLive() const
{
    return m_phase == host::ConnectionPhase::Live;
}

bool EngineRun::waitUntilQuiet(int quietMs, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            if (!m_world->isSettled() || !isLive())
                return false;
            for (const QString &state : std::as_const(m_states)) {
                if (!isResting(state))
                    return false;
            }
            return QDateTime::currentMSecsSinceEpoch() - m_lastDeltaMs >= quietMs;
        },
        timeoutMs);
}

bool EngineRun::stopEngine()
{
    if (!m_host)
        return true;
    const bool clean = m_host->stop(5000).complete;
    m_host.reset();
    return clean;
}

RunReport auditRun(EngineRun &run)
{
    RunReport report;
    report.worldStats = run.world().stats();
    StoreAudit audit(run.databasePath());
    if (const QString error = audit.open(); !error.isEmpty()) {
        report.integrity = error;
        return report;
    }
    report.integrity = audit.integrity();
    report.tasks = audit.tasks();
    report.doubled = audit.doubledTasks();
    report.transitionProblems = audit.transitionProblems();
    report.transitions = audit.transitionCount();
    return report;
}

QStringList retryProblems(const QJsonObject &worldStats, bool strictSends)
{
    QStringList out;
    for (const QJsonValue value : worldStats.value(QLatin1String("retries")).toArray()) {
        const QJsonObject retry = value.toObject();
        const QString key = retry.value(QLatin1String("key")).toString();
        const int received = retry.value(QLatin1String("received")).toInt();
        const int keys = int(retry.value(QLatin1String("idempotencyKeys")).toArray().size());
        const int respawns = retry.value(QLatin1String("respawns")).toInt();
        if (strictSends && received > 1)
            out.append(QStringLiteral("retry %1 sent %2 times").arg(key).arg(received));
        if (keys > 1)
            out.append(
                QStringLiteral("retry %1 sent under %2 idempotency keys").arg(key).arg(keys));
        if (respawns > 1)
            out.append(QStringLiteral("retry %1 respawned %2 times").arg(key).arg(respawns));
    }
    return out;
}

} // namespace clawops::test
