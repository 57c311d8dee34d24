#pragma once

#include "Clock.h"
#include "Config.h"
#include "DomainActions.h"
#include "DomainEvents.h"
#include "Messages.h"
#include "OperatorCommand.h"
#include "OrchestratorRegistry.h"
#include "PolicyWatch.h"
#include "Records.h"
#include "RetryQueue.h"
#include "SpawnTracker.h"
#include "StatusReporter.h"
#include "TaskIndex.h"
#include "WorkerRegistry.h"

#include <QList>
#include <QString>

#include <optional>

namespace clawops::core {

// The orchestration core: the plugin's semantics, driven by domain events instead of gateway
// hooks. It routes each event and command to the units that hold the state (tasks, retries,
// orchestrators, workers, spawns, status posts), records every change for the store through
// them, and asks for outside work through actions. It never touches a socket, a database or the
// wall clock.
class Orchestrator
{
public:
    Orchestrator(EngineConfig config, const Clock &clock, RandomSource &random,
                 const TaskArchive *archive = nullptr);

    // The plugin's start-up rehydration (bindings, retry counts, workers, queued retries), plus
    // the active tasks that ClawOps keeps in memory.
    void rehydrate(const Snapshot &snapshot);

    void handle(const DomainEvent &event);
    CommandResult execute(const OperatorCommand &command);
    // What became of an action the core asked for (a send delivered, a cancel refused...), kept
    // in the audit log next to the operator's command that caused it.
    void noteActionOutcome(const QString &action, const TaskId &taskId, bool ok,
                           const QString &outcome, const QString &detail);

    // Everything changed / requested since the last call.
    ChangeSet takeChanges();
    QList<DomainAction> takeActions();
    // Forget terminal tasks the store now holds; call after the changes were committed.
    void compact();

    const EngineConfig &config() const { return m_config; }
    // Takes effect from the next event on; tasks keep the max_retries they were created with.
    void setConfig(const EngineConfig &config) { m_config = config; }
    bool automaticRetriesPaused() const { return m_retriesPaused; }
    std::optional<TaskRecord> task(const TaskId &taskId) const { return m_tasks.peek(taskId); }
    QList<TaskRecord> activeTasks() const { return m_tasks.activeTasks(); }
    std::optional<WorkerRecord> worker(const SessionKey &childSessionKey) const;
    StatusSummary summaryFor(const SessionKey &orchestratorSessionKey) const
    {
        return m_tasks.summaryFor(orchestratorSessionKey);
    }
    int pendingRetryCount() const { return int(m_retries.size()); }
    // Events waiting for the store to answer a read they need (0 in normal operation).
    int heldEventCount() const { return int(m_held.size()); }

    // A retry waiting for its time (or for a free slot), for the console's retry queue.
    struct QueuedRetry
    {
        TaskId taskId;
        TaskKey taskKey;
        QString label; // the task's, when the task is held
        SessionKey orchestratorSessionKey;
        RetryReason reason;
        int attempt = 0;
        TimeMs runAfterMs = 0;
        bool operatorForced = false;
        // The attempt's backoff without its jitter: min(retryMaxBackoffMs,
        // retryBaseBackoffMs * 2^(attempt-1)), the plugin's formula.
        qint64 backoffMs = 0;
    };
    QList<QueuedRetry> queuedRetries() const;
    std::optional<QueuedRetry> queuedRetry(const TaskKey &taskKey) const;
    // How the queue changed since the last call; the first call says the whole queue did.
    RetryQueueChanges takeRetryQueueChanges() { return m_retries.takeChanges(); }
    qsizetype retryQueueLength() const { return m_retries.size(); }
    int retriesUsed(const TaskKey &taskKey) const { return m_retries.retriesUsed(taskKey); }
    SessionKey orchestratorFor(const SessionKey &requesterSessionKey) const
    {
        return m_orchestrators.orchestratorFor(requesterSessionKey);
    }
    bool isOrchestrator(const SessionKey &sessionKey) const
    {
        return m_orchestrators.isOrchestrator(sessionKey);
    }
    // The gateway approvals still waiting for a human.
    QList<ApprovalRecord> pendingApprovals() const { return m_approvals.pending(); }

private:
    // What the event is waiting for when it must wait for the store (it then changed nothing).
    using Wait = std::optional<QString>;
    Wait apply(const DomainEvent &event);
    void hold(const DomainEvent &event, const QString &why);
    void releaseHeldEvents();

    // Event handlers (OrchestratorEvents.cpp).
    Wait onSpawnRequested(const SpawnRequested &event);
    void onSpawnAccepted(const SpawnAccepted &event);
    void onSpawnRejected(const SpawnRejected &event);
    void failRejectedSpawn(const PendingSpawn &pending, SpawnRejected::Reason reason);
    void onGatewayTaskSeen(const GatewayTaskSeen &event);
    void onWorkerEnded(const WorkerEnded &event);
    void retryOrBury(const TaskId &taskId, const PendingSpawn &pending, const SessionKey &child,
                     WorkerOutcome outcome);
    void onSessionText(const SessionText &event);
    void onSessionEnded(const SessionEnded &event);
    void onOrchestratorBound(const OrchestratorBound &event);
    void onOrchestratorEnded(const OrchestratorEnded &event);
    void promoteWorkerToOrchestrator(const SessionKey &sessionKey);
    void onGatewayReachability(const GatewayReachability &event);
    void onSendFailed(const SendFailed &event);
    void onToolStarted(const ToolStarted &event);
    // Gateway approvals (OrchestratorApprovals.cpp).
    void onApprovalRequested(const ApprovalRequested &event);
    void onApprovalResolved(const ApprovalResolved &event);
    void onApprovalsListed(const ApprovalsListed &event);
    void onApprovalDecisionFailed(const ApprovalDecisionFailed &event);
    bool addApproval(const ApprovalRequest &request);
    CommandResult decideApproval(const OperatorCommand &command);

    // Scheduler turn (OrchestratorScheduler.cpp).
    void onTick();
    void dispatchDueRetries(TimeMs now);
    void dispatchRetry(const RetryEnvelope &envelope, TimeMs now);
    void expireRespawnWatches(TimeMs now);
    void expireVerificationGrace(TimeMs now);
    void retireIdleOrchestrators(TimeMs now);

    // Operator commands (OrchestratorCommands.cpp).
    CommandResult verify(const OperatorCommand &command);
    CommandResult reject(const OperatorCommand &command);
    CommandResult answer(const OperatorCommand &command);
    CommandResult forceRetry(const OperatorCommand &command);
    CommandResult kill(const OperatorCommand &command);
    CommandResult markDead(const OperatorCommand &command, TransitionCause::Kind cause);
    CommandResult setPaused(const OperatorCommand &command, bool paused);
    CommandResult checkItem(const OperatorCommand &command);
    void audit(const OperatorCommand &command, const CommandResult &result);

    // Steps that span units.
    void restoreQueuedRetry(const TaskRecord &task, TimeMs now);
    const TaskRecord *taskForChild(const SessionKey &childSessionKey);
    void queueRetry(const TaskId &taskId, const PendingSpawn &pending, const QString &failedSession,
                    const RetryReason &reason, int attempt, TimeMs runAfter, const QString &note,
                    bool forced);
    std::optional<PendingSpawn> pendingFromTask(const TaskRecord &task) const;
    QueuedRetry describe(const RetryEnvelope &envelope) const;
    void retireOrchestrator(const SessionKey &orchestrator, const QString &reason);
    void touchOrchestrator(const SessionKey &orchestrator);
    void emitStatusUpdate(const SessionKey &orchestrator, const QString &reason);

    EngineConfig m_config;
    const Clock &m_clock;
    RandomSource &m_random;
    bool m_retriesPaused = false;
    bool m_gatewayLive = false; // nothing is sent before the first connect
    // When the link last became live: what happened while it was down arrives with the resync,
    // so the grace window and an orchestrator's idle time count from here.
    TimeMs m_liveSince = 0;
    // Filled by the units below as they change; declared first because they write into them.
    ChangeSet m_changes;
    QList<DomainAction> m_actions;
    QList<DomainEvent> m_held;

    TaskIndex m_tasks;
    RetryQueue m_retries;
    OrchestratorRegistry m_orchestrators;
    WorkerRegistry m_workers;
    SpawnTracker m_spawns;
    StatusReporter m_status;
    PolicyWatch m_policy;
    ApprovalBook m_approvals;
};

} // namespace clawops::core
