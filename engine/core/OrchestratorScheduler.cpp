// The scheduler turn of the orchestration core: what the plugin's setInterval did, plus watching
// that a delivered retry is actually respawned.
#include "Identity.h"
#include "Logging.h"
#include "Orchestrator.h"

namespace clawops::core {

namespace {
// The plugin's constants.
constexpr TimeMs kOrchestratorIdleRetireMs = 180'000;
constexpr int kVerificationRowsPerTick = 50;
} // namespace

void Orchestrator::onTick()
{
    const TimeMs now = m_clock.now();
    dispatchDueRetries(now);
    expireRespawnWatches(now);
    expireVerificationGrace(now);
    retireIdleOrchestrators(now);
}

void Orchestrator::dispatchDueRetries(TimeMs now)
{
    int inFlight = 0;
    for (const WorkerRecord &worker : std::as_const(m_workers)) {
        if (worker.running())
            ++inFlight;
    }
    int availableSlots = qMax(0, m_config.schedulerMaxConcurrentWorkers - inFlight);
    // Walk a copy: dispatching removes entries.
    const QList<RetryEnvelope> queued = m_pendingRetries;
    for (const RetryEnvelope &envelope : queued) {
        if (envelope.operatorForced) {
            dispatchRetry(envelope, now);
            continue;
        }
        if (m_retriesPaused || envelope.runAfterMs > now)
            continue;
        if (availableSlots <= 0)
            break;
        dispatchRetry(envelope, now);
        --availableSlots;
    }
}

void Orchestrator::dispatchRetry(const RetryEnvelope &envelope, TimeMs now)
{
    TaskRecord *task = findTask(envelope.taskId);
    dropRetryFor(envelope.taskKey);
    if (!task || task->state != TaskState::Queued)
        return; // settled meanwhile (killed, marked dead, or already respawned)

    // The respawn should carry the result contract of the attempt it will become, so that the
    // worker's receipt names the right task.
    SpawnSpec spec = envelope.spec;
    const int nextAttempt = nextAttemptFor(envelope.taskKey);
    spec.task = buildWorkerTaskPacket(makeTaskId(envelope.taskKey, nextAttempt), nextAttempt,
                                      stripWorkerTaskPacket(spec.task));
    const QString text =
        buildRetryBlock(spec, envelope.failedSessionKey, envelope.reason.toText(), envelope.attempt,
                        m_config.maxRetriesPerTask, envelope.operatorNote);
    const SessionKey target =
        liveTargetFor(envelope.requesterSessionKey, task->requesterSessionKey);
    m_actions.append(
        SendToSession{SendToSession::Purpose::Retry, target, text, task->taskId,
                      QStringLiteral("retry:%1:%2").arg(task->taskId.str()).arg(envelope.attempt)});
    setTaskState(*task, TaskState::Queued,
                 envelope.operatorForced
                     ? TransitionCause::of(TransitionCause::Kind::OperatorRetryDispatched)
                     : TransitionCause::retryDispatched(envelope.reason));
    m_respawnWatches.insert(envelope.taskKey,
                            {task->taskId, target, now + m_config.respawnWindowMs});
    emitStatusUpdate(envelope.requesterSessionKey, QStringLiteral("retry-dispatched"));
    touchOrchestrator(envelope.requesterSessionKey);
    qCInfo(lcCore) << "retry" << envelope.attempt << "of" << task->taskId << "delivered to"
                   << target;
}

void Orchestrator::expireRespawnWatches(TimeMs now)
{
    for (auto it = m_respawnWatches.begin(); it != m_respawnWatches.end();) {
        if (it->deadline > now) {
            ++it;
            continue;
        }
        TaskRecord *task = findTask(it->taskId);
        if (task && task->state == TaskState::Queued && !task->nextRunAt) {
            setTaskState(
                *task, TaskState::NeedsInput,
                TransitionCause::respawnNotSeen(m_config.respawnWindowMs / 1000, it->deliveredTo));
        }
        it = m_respawnWatches.erase(it);
    }
}

void Orchestrator::expireVerificationGrace(TimeMs now)
{
    const TimeMs cutoff = now - m_config.verificationGraceMs;
    QList<TaskRecord *> stale;
    for (TaskRecord &task : m_tasks) {
        if (task.state == TaskState::NeedsVerification && task.updatedAt <= cutoff)
            stale.append(&task);
    }
    // Oldest first, at most the plugin's batch per turn.
    std::sort(stale.begin(), stale.end(),
              [](const TaskRecord *a, const TaskRecord *b) { return a->updatedAt < b->updatedAt; });
    if (stale.size() > kVerificationRowsPerTick)
        stale.resize(kVerificationRowsPerTick);
    for (TaskRecord *task : std::as_const(stale)) {
        if (task->receiptSeen && (task->verificationItems > 0 || task->explicitNoVerification)) {
            setTaskState(*task, TaskState::Done,
                         TransitionCause::of(TransitionCause::Kind::AutoVerified));
        } else {
            setTaskState(*task, TaskState::NeedsInput,
                         TransitionCause::of(
                             task->receiptSeen
                                 ? TransitionCause::Kind::VerificationTimeoutUnverified
                                 : TransitionCause::Kind::VerificationTimeoutMissingReceipt));
        }
        emitStatusUpdate(task->orchestratorSessionKey, QStringLiteral("verification-autocomplete"));
    }
}

void Orchestrator::retireIdleOrchestrators(TimeMs now)
{
    const QSet<SessionKey> orchestrators = m_orchestratorSessions;
    for (const SessionKey &orchestrator : orchestrators) {
        const int activeTasks = summaryFor(orchestrator).active();
        const bool hasPendingRetry = std::any_of(
            m_pendingRetries.cbegin(), m_pendingRetries.cend(),
            [&](const RetryEnvelope &e) { return e.requesterSessionKey == orchestrator; });
        bool hasRunningWorker = false;
        for (const SessionKey &child : m_workersByOrchestrator.value(orchestrator)) {
            if (m_workers.value(child).running()) {
                hasRunningWorker = true;
                break;
            }
        }
        const TimeMs idleFor = now - m_orchestratorLastTouch.value(orchestrator, now);
        if (activeTasks == 0 && !hasPendingRetry && !hasRunningWorker &&
            idleFor >= kOrchestratorIdleRetireMs)
            retireOrchestrator(orchestrator, QStringLiteral("idle-for-%1ms").arg(idleFor));
    }
}

} // namespace clawops::core
