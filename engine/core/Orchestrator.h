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
    void noteActionOutcome(const QString &action, const QString &taskId, bool ok,
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
    std::optional<TaskRecord> task(const QString &taskId) const;
    QList<TaskRecord> activeTasks() const;
    std::optional<WorkerRecord> worker(const QString &childSessionKey) const;
    StatusSummary summaryFor(const QString &orchestratorSessionKey) const;
    int pendingRetryCount() const { return int(m_pendingRetries.size()); }

    // A retry waiting for its time (or for a free slot), for the console's retry queue.
    struct QueuedRetry
    {
        QString taskId;
        QString taskKey;
        QString orchestratorSessionKey;
        QString outcome;
        int attempt = 0;
        TimeMs runAfterMs = 0;
        bool operatorForced = false;
    };
    QList<QueuedRetry> queuedRetries() const;
    // Bumped whenever the retry queue changes, so the host can tell without comparing lists.
    quint64 retryQueueRevision() const { return m_retryQueueRevision; }
    int retriesUsed(const QString &taskKey) const { return m_retryCounts.value(taskKey); }
    QString orchestratorFor(const QString &requesterSessionKey) const
    {
        return m_orchestratorByRequester.value(requesterSessionKey);
    }
    bool isOrchestrator(const QString &sessionKey) const
    {
        return m_orchestratorSessions.contains(sessionKey);
    }

private:
    struct PendingSpawn
    {
        QString requesterSessionKey;    // the task's requester
        QString orchestratorSessionKey; // who called sessions_spawn; retries go back here
        SpawnSpec spec;                 // with the worker packet, as stored
        QString taskKey;
        QString taskId;
        int attempt = 0;
        QString duplicateOfTaskId; // set when this spawn repeats an active task
    };

    struct RetryEnvelope
    {
        QString taskKey;
        QString taskId;
        QString requesterSessionKey; // the session the retry text is for (the orchestrator)
        SpawnSpec spec;
        QString failedSessionKey;
        QString outcome;
        int attempt = 1;
        TimeMs runAfterMs = 0;
        QString operatorNote;
        bool operatorForced = false; // dispatch regardless of free slots and of the pause
    };

    struct RespawnWatch
    {
        QString taskId;
        QString deliveredTo;
        TimeMs deadline = 0;
    };

    // Event handlers.
    void onSpawnRequested(const SpawnRequested &event);
    void onSpawnAccepted(const SpawnAccepted &event);
    void onSpawnRejected(const SpawnRejected &event);
    void failRejectedSpawn(const PendingSpawn &pending, const QString &outcome);
    void onGatewayTaskSeen(const GatewayTaskSeen &event);
    void onWorkerEnded(const WorkerEnded &event);
    void onSessionText(const SessionText &event);
    void onSessionEnded(const SessionEnded &event);
    void onOrchestratorBound(const OrchestratorBound &event);
    void onOrchestratorEnded(const OrchestratorEnded &event);
    void promoteWorkerToOrchestrator(const QString &sessionKey);
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
    CommandResult markDead(const OperatorCommand &command, const QString &outcome);
    CommandResult setPaused(const OperatorCommand &command, bool paused);

    // Task bookkeeping.
    TaskRecord *findTask(const QString &taskId);
    TaskRecord *taskForChild(const QString &childSessionKey);
    void insertTask(TaskRecord record, const QString &reason);
    void setTaskState(TaskRecord &task, TaskState state, const QString &outcome,
                      std::optional<TimeMs> nextRunAt = std::nullopt);
    void markDirty(const TaskRecord &task);
    void countState(const QString &orchestrator, TaskState state, int delta);
    int nextAttemptFor(const QString &taskKey) const;
    void queueRetry(TaskRecord &task, const PendingSpawn &pending, const QString &failedSession,
                    const QString &outcome, int attempt, TimeMs runAfter, const QString &note,
                    bool forced);
    void dropRetryFor(const QString &taskKey);
    std::optional<PendingSpawn> pendingFromTask(const TaskRecord &task) const;

    // Workers, orchestrators and sessions.
    void upsertWorker(const WorkerRecord &worker);
    void removeWorker(const QString &childSessionKey);
    void setBinding(const QString &requester, const QString &orchestrator);
    void retireOrchestrator(const QString &orchestrator, const QString &reason);
    void touchOrchestrator(const QString &orchestrator);
    QString liveTargetFor(const QString &sessionKey, const QString &fallbackRequester) const;
    bool sessionAlive(const QString &sessionKey) const;

    // Outbound messages.
    void emitStatusUpdate(const QString &orchestrator, const QString &reason);
    void emitIncident(const QString &orchestrator, const QString &reason, const QString &details);
    void audit(const OperatorCommand &command, const CommandResult &result);

    EngineConfig m_config;
    const Clock &m_clock;
    RandomSource &m_random;
    const TaskArchive *m_archive;
    bool m_retriesPaused = false;

    QHash<QString, TaskRecord> m_tasks;        // active tasks and terminal ones not yet compacted
    QHash<QString, QString> m_activeTaskByKey; // task key → active task id
    QHash<QString, QString> m_taskByChild;     // worker session → task id
    QHash<QString, int> m_highestAttemptByKey;
    // What the archive answered, so that each answer costs one SQL read. Sound because the store
    // only ever gains tasks through this core: an id it lacked stays absent until insertTask(),
    // and a key's later attempts are counted in m_highestAttemptByKey. Receipts naming ids of
    // their own and every new task key would otherwise cost a read per frame that names them.
    mutable QHash<QString, int> m_archivedHighestAttempt;
    QSet<QString> m_absentFromArchive; // bounded: cleared when it grows past kAbsentCacheSize
    QList<QString> m_dirtyTaskOrder;
    QSet<QString> m_dirtyTasks;

    QHash<QString, PendingSpawn> m_pendingSpawns; // spawnRef → spawn awaiting its result
    QHash<QString, PendingSpawn> m_spawnByChild;
    QHash<QString, QString> m_gatewayTaskByChild; // learned before the spawn result arrived
    QHash<QString, int> m_retryCounts;
    QList<RetryEnvelope> m_pendingRetries;         // in queueing order, like the plugin's Map
    QHash<QString, RespawnWatch> m_respawnWatches; // task key → retry awaiting its respawn

    QHash<QString, QString> m_orchestratorByRequester;
    QHash<QString, QString> m_requesterByOrchestrator;
    QSet<QString> m_orchestratorSessions;
    QSet<QString> m_retiredOrchestrators;
    QHash<QString, TimeMs> m_orchestratorLastTouch;
    QSet<QString> m_endedSessions;

    QHash<QString, WorkerRecord> m_workers;
    QHash<QString, QSet<QString>> m_workersByOrchestrator;

    QHash<QString, StatusSummary> m_summaries;
    QHash<QString, QString> m_lastStatusKeyByRequester;
    QHash<QString, TimeMs> m_lastStatusEmitByRequester;
    QHash<QString, QString> m_lastIncidentHashByRequester;

    quint64 m_retryQueueRevision = 0;
    ChangeSet m_changes;
    QList<DomainAction> m_actions;
};

} // namespace clawops::core
