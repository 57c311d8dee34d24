#pragma once

// Test doubles for driving the orchestration core: a clock the test moves, a random source that
// plays back chosen values, and an in-memory store that applies change sets the way the SQL
// store does, so that rehydration can be exercised without a database.

#include "core/Clock.h"
#include "core/Orchestrator.h"
#include "core/Records.h"

#include <QHash>
#include <QList>
#include <QTest>

#include <memory>

// Readable QCOMPARE failures for the core's value types.
namespace QTest {
template<> inline char *toString(const clawops::core::TaskState &state)
{
    return qstrdup(clawops::core::stateName(state).toUtf8().constData());
}
template<> inline char *toString(const clawops::core::SendToSession::Purpose &purpose)
{
    return qstrdup(QByteArray::number(int(purpose)).constData());
}
} // namespace QTest

namespace clawops::testing {

class ManualClock final : public core::Clock
{
public:
    explicit ManualClock(core::TimeMs start = 1'795'468'800'000)
        : m_now(start)
    {}
    core::TimeMs now() const override { return m_now; }
    void advance(core::TimeMs ms) { m_now += ms; }

private:
    core::TimeMs m_now;
};

class ScriptedRandom final : public core::RandomSource
{
public:
    explicit ScriptedRandom(QList<double> values = {0.0})
        : m_values(std::move(values))
    {}
    double uniform01() override
    {
        const double v = m_values.at(m_next % m_values.size());
        ++m_next;
        return v;
    }

private:
    QList<double> m_values;
    qsizetype m_next = 0;
};

class MemoryStore final : public core::TaskArchive
{
public:
    void apply(const core::ChangeSet &changes);
    core::Snapshot snapshot() const;

    core::ReadResult<core::TaskRecord> findTask(const core::TaskId &taskId) const override;
    core::ReadResult<int> highestAttempt(const core::TaskKey &taskKey) const override;

    QHash<core::TaskId, core::TaskRecord> tasks;
    QHash<core::SessionKey, core::WorkerRecord> workers;
    QHash<core::SessionKey, core::BindingRecord> bindings; // by requester
    QHash<core::TaskKey, core::RetryCountRecord> retries;
    // Set by a test to make every read fail, as a busy or broken database would.
    QString failReadsWith;
    QList<core::TransitionRecord> transitions;
    QList<core::AuditRecord> audits;
    QList<core::SuppressedSpawnRecord> suppressed;
    QList<core::PolicyViolationRecord> policyViolations;
};

// One orchestrator wired to a clock, a random source and a memory store; `pump()` moves its
// changes into the store and collects its actions, as the engine host does after each batch.
struct CoreRig
{
    // The gateway is live from the start (and again after restart()) unless `live` says not.
    explicit CoreRig(core::EngineConfig config, QList<double> randoms = {0.0}, bool live = true);

    void send(const core::DomainEvent &event);
    void tick(core::TimeMs advanceMs = 0);
    core::CommandResult command(core::OperatorCommand command);
    void pump();
    // A full restart: a new orchestrator rehydrated from what the store holds, then told the
    // gateway is live when the rig is.
    void restart();
    void setLive(bool isLive);

    core::TaskRecord taskById(const QString &taskId) const
    {
        return store.tasks.value(core::TaskId(taskId));
    }
    QList<core::SendToSession> sends() const;
    QList<core::CancelWorker> cancels() const;

    ManualClock clock;
    ScriptedRandom random;
    MemoryStore store;
    core::EngineConfig config;
    std::unique_ptr<core::Orchestrator> core;
    QList<core::DomainAction> actions;
    bool live = true;
};

// Domain events and commands from plain text, as tests write them. An outcome names the
// plugin's text ("timeout"); a typo fails the test instead of reading as "unknown".
core::WorkerOutcome outcomeOf(const QString &text);
core::SpawnAccepted accepted(const QString &ref, const QString &child, const QString &runId = {},
                             const QString &gatewayTaskId = {});
core::SpawnRejected rejected(const QString &ref, const QString &reason = {});
core::GatewayTaskSeen taskSeen(const QString &child, const QString &gatewayTaskId);
core::WorkerEnded ended(const QString &child, const QString &outcome, const QString &detail = {});
core::SessionText sessionText(const QString &session, const QString &text,
                              const QString &aboutChild = {});
core::SessionEnded sessionEnded(const QString &session, const QString &reason);
core::OrchestratorBound bound(const QString &requester, const QString &orchestrator);
core::OrchestratorEnded orchestratorEnded(const QString &orchestrator);
// What the host reports when a send the core asked for failed.
core::SendFailed sendFailed(const core::SendToSession &send, const QString &error = {});
core::OperatorCommand command(core::OperatorCommand::Kind kind, const QString &taskId,
                              const QString &operatorName = {}, const QString &reason = {},
                              const QString &text = {}, bool retry = false);
// "running", or the ending's text: what the store's status column holds.
QString statusText(const core::WorkerRecord &worker);

// A spawn request as the adapter would report it from an orchestrator session.
core::SpawnRequested spawnOf(const QString &ref, const QString &task, const QString &label,
                             const QString &orchestrator = QStringLiteral("agent:main:main"),
                             const QString &requester = {});

} // namespace clawops::testing
