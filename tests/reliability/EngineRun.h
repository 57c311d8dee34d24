#pragma once

// One run of the real engine (host::EngineHost: its thread, store, gateway client, adapter and
// core) against the simulated gateway and world, in this process, on 127.0.0.1.

#include "StoreAudit.h"
#include "core/Config.h"
#include "host/EngineHost.h"
#include "sim/FaultInjector.h"
#include "sim/SimGatewayServer.h"
#include "sim/World.h"

#include <QHash>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <optional>

namespace clawops::test {

inline const QString kRunToken = QStringLiteral("reliability-token");

// A busy little world: every ending, quick workers, a bounded number of spawns.
sim::WorldConfig reliabilityWorld(quint32 seed, int spawns);
// Retries on, short verification and backoff, a respawn window that a respawn seen at all is
// well inside (10 s), so that a respawn the engine missed ends the run in seconds, not minutes.
core::EngineConfig reliabilityEngineConfig();

class EngineRun
{
public:
    EngineRun(const QString &gatewayMode, const sim::WorldConfig &world);
    ~EngineRun();

    sim::SimGatewayServer &server() { return *m_server; }
    sim::World &world() { return *m_world; }
    sim::FaultInjector &faults() { return *m_faults; }
    host::EngineHost *host() { return m_host.get(); }
    QString databasePath() const;

    // Empty on success, else what went wrong.
    QString start(const core::EngineConfig &config = reliabilityEngineConfig());
    // Waits until the world is settled and the engine has had nothing to say for `quietMs`
    // while every task it reported rests. False after `timeoutMs`.
    bool waitUntilQuiet(int quietMs, int timeoutMs);
    bool stopEngine();

    bool isLive() const;
    QString stateOf(const QString &taskId) const { return m_states.value(taskId); }
    QHash<QString, QString> reportedStates() const { return m_states; }
    // The task the engine made of a worker session, as its deltas reported it.
    std::optional<core::TaskRecord> taskOfWorker(const QString &childKey) const
    {
        const auto it = m_byWorker.constFind(childKey);
        return it == m_byWorker.constEnd() ? std::nullopt : std::optional(*it);
    }
    QList<core::TransitionRecord> transitionsOf(const QString &taskId) const;
    int transitionsReported() const { return m_transitionsReported; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sim::SimGatewayServer> m_server;
    std::unique_ptr<sim::World> m_world;
    std::unique_ptr<sim::FaultInjector> m_faults;
    std::unique_ptr<host::EngineHost> m_host;
    QHash<QString, QString> m_states;
    QHash<QString, core::TaskRecord> m_byWorker;
    QList<core::TransitionRecord> m_transitions;
    host::ConnectionPhase m_phase = host::ConnectionPhase::Offline;
    qint64 m_lastDeltaMs = 0;
    int m_transitionsReported = 0;
};

// Everything a finished run's store says, read once the engine has stopped.
struct RunReport
{
    QString integrity;
    QMap<QString, TaskFinal> tasks;
    QStringList doubled;
    QStringList transitionProblems;
    int transitions = 0;
    QJsonObject worldStats;
};

RunReport auditRun(EngineRun &run);
// Retries the world saw more than once for one attempt, and respawns made twice for one.
QStringList retryProblems(const QJsonObject &worldStats, bool strictSends);

} // namespace clawops::test
