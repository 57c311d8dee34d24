#pragma once

#include "Clock.h"
#include "Config.h"
#include "DomainActions.h"
#include "DomainEvents.h"
#include "Messages.h"
#include "OperatorCommand.h"
#include "Records.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace clawops::core {

// The orchestration core: the plugin's semantics, driven by domain events instead of gateway
// hooks. It holds the active tasks, workers, bindings and queued retries in memory, records every
// change it makes into a ChangeSet for the store, and asks for outside work through actions.
// It never touches a socket, a database or the wall clock.
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
    std::optional<TaskRecord> task(const TaskId &taskId) const;
    QList<TaskRecord> activeTasks() const;
    std::optional<WorkerRecord> worker(const SessionKey &childSessionKey) const;
    StatusSummary summaryFor(const SessionKey &orchestratorSessionKey) const;
    int pendingRetryCount() const { return int(m_pendingRetries.size()); }

    // A retry waiting for its time (or for a free slot), for the console's retry queue.
    struct QueuedRetry
    {
        TaskId taskId;
        TaskKey taskKey;
        SessionKey orchestratorSessionKey;
        RetryReason reason;
        int attempt = 0;
        TimeMs runAfterMs = 0;
        bool operatorForced = false;
    };
    QList<QueuedRetry> queuedRetries() const;
    // Bumped whenever the retry queue changes, so the host can tell without comparing lists.
    quint64 retryQueueRevision() const { return m_retryQueueRevision; }
    int retriesUsed(const TaskKey &taskKey) const { return m_retryCounts.value(taskKey); }
    SessionKey orchestratorFor(const SessionKey &requesterSessionKey) const
    {
        return m_orchestratorByRequester.value(requesterSessionKey);
    }
    bool isOrchestrator(const SessionKey &sessionKey) const
    {
        return m_orchestratorSessions.contains(sessionKey);
    }

private:
    struct PendingSpawn
    {
        SessionKey requesterSessionKey;    // the task's requester
        SessionKey orchestratorSessionKey; // who called sessions_spawn; retries go back here
        SpawnSpec spec;                    // with the worker packet, as stored
        TaskKey taskKey;
        TaskId taskId;
        int attempt = 0;
        TaskId duplicateOfTaskId; // set when this spawn repeats an active task
    };

    struct RetryEnvelope
    {
        TaskKey taskKey;
        TaskId taskId;
        SessionKey requesterSessionKey; // the session the retry text is for (the orchestrator)
        SpawnSpec spec;
        QString failedSessionKey; // a session key, or "none" / "restored-from-db" as the plugin
        RetryReason reason;
        int attempt = 1;
        TimeMs runAfterMs = 0;
        QString operatorNote;
        bool operatorForced = false; // dispatch regardless of free slots and of the pause
    };

    struct RespawnWatch
    {
        TaskId taskId;
        SessionKey deliveredTo;
        TimeMs deadline = 0;
    };

    // Event handlers.
    void onSpawnRequested(const SpawnRequested &event);
    void onSpawnAccepted(const SpawnAccepted &event);
    void onSpawnRejected(const SpawnRejected &event);
    void failRejectedSpawn(const PendingSpawn &pending, SpawnRejected::Reason reason);
    void onGatewayTaskSeen(const GatewayTaskSeen &event);
    void onWorkerEnded(const WorkerEnded &event);
    void onSessionText(const SessionText &event);
    void onSessionEnded(const SessionEnded &event);
    void onOrchestratorBound(const OrchestratorBound &event);
    void onOrchestratorEnded(const OrchestratorEnded &event);
    void promoteWorkerToOrchestrator(const SessionKey &sessionKey);
    void onTick();

    // Scheduler parts.
    void dispatchDueRetries(TimeMs now);
    void dispatchRetry(const RetryEnvelope &envelope, TimeMs now);
    void expireRespawnWatches(TimeMs now);
    void expireVerificationGrace(TimeMs now);
    void retireIdleOrchestrators(TimeMs now);

    // Operator commands.
    CommandResult verify(const OperatorCommand &command);
    CommandResult reject(const OperatorCommand &command);
    CommandResult answer(const OperatorCommand &command);
    CommandResult forceRetry(const OperatorCommand &command);
    CommandResult kill(const OperatorCommand &command);
    CommandResult markDead(const OperatorCommand &command, TransitionCause::Kind cause);
    CommandResult setPaused(const OperatorCommand &command, bool paused);

    // Task bookkeeping.
    TaskRecord *findTask(const TaskId &taskId);
    TaskRecord *taskForChild(const SessionKey &childSessionKey);
    void insertTask(TaskRecord record, const TransitionCause &cause);
    void setTaskState(TaskRecord &task, TaskState state, const TransitionCause &cause,
                      std::optional<TimeMs> nextRunAt = std::nullopt);
    void markDirty(const TaskRecord &task);
    void countState(const SessionKey &orchestrator, TaskState state, int delta);
    int nextAttemptFor(const TaskKey &taskKey) const;
    void queueRetry(TaskRecord &task, const PendingSpawn &pending, const QString &failedSession,
                    const RetryReason &reason, int attempt, TimeMs runAfter, const QString &note,
                    bool forced);
    void dropRetryFor(const TaskKey &taskKey);
    std::optional<PendingSpawn> pendingFromTask(const TaskRecord &task) const;

    // Workers, orchestrators and sessions.
    void upsertWorker(const WorkerRecord &worker);
    void removeWorker(const SessionKey &childSessionKey);
    void setBinding(const SessionKey &requester, const SessionKey &orchestrator);
    void retireOrchestrator(const SessionKey &orchestrator, const QString &reason);
    void touchOrchestrator(const SessionKey &orchestrator);
    SessionKey liveTargetFor(const SessionKey &sessionKey,
                             const SessionKey &fallbackRequester) const;
    bool sessionAlive(const SessionKey &sessionKey) const;

    // Outbound messages.
    void emitStatusUpdate(const SessionKey &orchestrator, const QString &reason);
    void emitIncident(const SessionKey &orchestrator, const QString &reason,
                      const QString &details);
    void audit(const OperatorCommand &command, const CommandResult &result);

    EngineConfig m_config;
    const Clock &m_clock;
    RandomSource &m_random;
    const TaskArchive *m_archive;
    bool m_retriesPaused = false;

    QHash<TaskId, TaskRecord> m_tasks; // active tasks and terminal ones not yet compacted
    QHash<TaskKey, TaskId> m_activeTaskByKey;
    QHash<SessionKey, TaskId> m_taskByChild; // worker session → its task
    QHash<TaskKey, int> m_highestAttemptByKey;
    // What the archive answered, so that each answer costs one SQL read. Sound because the store
    // only ever gains tasks through this core: an id it lacked stays absent until insertTask(),
    // and a key's later attempts are counted in m_highestAttemptByKey. Receipts naming ids of
    // their own and every new task key would otherwise cost a read per frame that names them.
    mutable QHash<TaskKey, int> m_archivedHighestAttempt;
    QSet<TaskId> m_absentFromArchive; // bounded: cleared when it grows past kAbsentCacheSize
    QList<TaskId> m_dirtyTaskOrder;
    QSet<TaskId> m_dirtyTasks;

    QHash<QString, PendingSpawn> m_pendingSpawns; // spawnRef → spawn awaiting its result
    QHash<SessionKey, PendingSpawn> m_spawnByChild;
    QHash<SessionKey, QString> m_gatewayTaskByChild; // learned before the spawn result arrived
    QHash<TaskKey, int> m_retryCounts;
    QList<RetryEnvelope> m_pendingRetries;         // in queueing order, like the plugin's Map
    QHash<TaskKey, RespawnWatch> m_respawnWatches; // retries awaiting their respawn

    QHash<SessionKey, SessionKey> m_orchestratorByRequester;
    QHash<SessionKey, SessionKey> m_requesterByOrchestrator;
    QSet<SessionKey> m_orchestratorSessions;
    QSet<SessionKey> m_retiredOrchestrators;
    QHash<SessionKey, TimeMs> m_orchestratorLastTouch;
    QSet<SessionKey> m_endedSessions;

    QHash<SessionKey, WorkerRecord> m_workers;
    QHash<SessionKey, QSet<SessionKey>> m_workersByOrchestrator;

    QHash<SessionKey, StatusSummary> m_summaries;
    QHash<SessionKey, QString> m_lastStatusKeyByRequester;
    QHash<SessionKey, TimeMs> m_lastStatusEmitByRequester;
    QHash<SessionKey, QString> m_lastIncidentHashByRequester;

    quint64 m_retryQueueRevision = 0;
    ChangeSet m_changes;
    QList<DomainAction> m_actions;
};

} // namespace clawops::core
