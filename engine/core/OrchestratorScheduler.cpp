// The scheduler turn of the orchestration core: what the plugin's setInterval did, plus watching
// that a delivered retry is actually respawned.
#include "Backoff.h"
#include "Identity.h"
#include "Logging.h"
#include "Orchestrator.h"

#include <algorithm>

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
    // While the link is down a respawn, a receipt or an orchestrator's next spawn could not be
    // seen: no watch or grace window runs out, and no orchestrator counts as idle.
    if (m_gatewayLive) {
        expireRespawnWatches(now);
        expireVerificationGrace(now);
        retireIdleOrchestrators(now);
    }
    m_approvals.expire(now);
}

void Orchestrator::dispatchDueRetries(TimeMs now)
{
    if (!m_gatewayLive)
        return; // a send now would fail: the retries wait in the queue, as due as they were
    const int freeSlots =
        qMax(0, m_config.schedulerMaxConcurrentWorkers - m_workers.runningCount());
    for (const RetryEnvelope &envelope : m_retries.dueNow(now, freeSlots, m_retriesPaused))
        dispatchRetry(envelope, now);
}

void Orchestrator::dispatchRetry(const RetryEnvelope &envelope, TimeMs now)
{
    const TaskRecord *task = m_tasks.find(envelope.taskId);
    if (!task || task->state != TaskState::Queued) {
        m_retries.drop(envelope.taskKey);
        return; // settled meanwhile (killed, marked dead, or already respawned)
    }
    // The respawn should carry the result contract of the attempt it will become, so that the
    // worker's receipt names the right task. Unknown while the store cannot answer: the retry
    // stays queued for the next turn.
    const ReadResult<int> next = m_tasks.nextAttemptFor(envelope.taskKey);
    if (next.isFailed())
        return;
    m_retries.drop(envelope.taskKey);
    const int nextAttempt = next.value();
    SpawnSpec spec = envelope.spec;
    spec.task = buildWorkerTaskPacket(makeTaskId(envelope.taskKey, nextAttempt), nextAttempt,
                                      stripWorkerTaskPacket(spec.task));
    const QString text =
        buildRetryBlock(spec, envelope.failedSessionKey, envelope.reason.toText(), envelope.attempt,
                        m_config.maxRetriesPerTask, envelope.operatorNote);
    const SessionKey target =
        m_orchestrators.liveTargetFor(envelope.requesterSessionKey, task->requesterSessionKey);
    const TaskId taskId = task->taskId;
    const QString sendKey = QStringLiteral("retry:%1:%2").arg(taskId.str()).arg(envelope.attempt);
    m_actions.append(SendToSession{SendToSession::Purpose::Retry, target, text, taskId, sendKey});
    m_tasks.setState(taskId, TaskState::Queued,
                     envelope.operatorForced
                         ? TransitionCause::of(TransitionCause::Kind::OperatorRetryDispatched)
                         : TransitionCause::retryDispatched(envelope.reason));
    m_retries.watchRespawn(envelope.taskKey,
                           {taskId, target, now + m_config.respawnWindowMs, sendKey, envelope});
    emitStatusUpdate(envelope.requesterSessionKey, QStringLiteral("retry-dispatched"));
    touchOrchestrator(envelope.requesterSessionKey);
    qCInfo(lcCore) << "retry" << envelope.attempt << "of" << taskId << "delivered to" << target;
}

void Orchestrator::expireRespawnWatches(TimeMs now)
{
    for (const RespawnWatch &watch : m_retries.takeExpiredWatches(now)) {
        const TaskRecord *task = m_tasks.find(watch.taskId);
        if (task && task->state == TaskState::Queued && !task->nextRunAt) {
            m_tasks.setState(watch.taskId, TaskState::NeedsInput,
                             TransitionCause::respawnNotSeen(m_config.respawnWindowMs / 1000,
                                                             watch.deliveredTo));
        }
    }
}

void Orchestrator::onGatewayReachability(const GatewayReachability &event)
{
    if (event.live && !m_gatewayLive) {
        // Retries delivered before the link dropped get a whole window from now: their
        // respawns, made meanwhile, arrive with the resync.
        m_retries.extendWatches(m_clock.now() + m_config.respawnWindowMs);
        m_liveSince = m_clock.now();
    }
    if (event.live != m_gatewayLive)
        qCInfo(lcCore) << "gateway" << (event.live ? "live:" : "unreachable:") << m_retries.size()
                       << "retries queued";
    m_gatewayLive = event.live;
}

// The plugin keeps a retry whose dispatch failed; so does ClawOps. The retry is queued again
// as it was (same attempt, same send key, no budget spent), after a backoff that grows with each
// failed send so that a gateway refusing it is not asked every turn.
void Orchestrator::onSendFailed(const SendFailed &event)
{
    const TaskRecord *task = m_tasks.find(event.taskId);
    if (!task || task->state != TaskState::Queued || task->nextRunAt)
        return; // not a retry awaiting its respawn (settled, or respawned meanwhile)
    std::optional<RetryEnvelope> envelope =
        m_retries.takeFailedSend(task->taskKey, event.idempotencyKey);
    if (!envelope)
        return;
    const TimeMs now = m_clock.now();
    ++envelope->failedSends;
    envelope->runAfterMs =
        now + nominalRetryDelayMs(m_config.retryBaseBackoffMs, m_config.retryMaxBackoffMs,
                                  envelope->failedSends);
    qCWarning(lcCore).noquote() << "retry" << envelope->attempt << "of" << event.taskId
                                << "was not delivered (" << event.error << "); sending again in"
                                << envelope->runAfterMs - now << "ms";
    const TaskId taskId = task->taskId;
    const TransitionCause cause =
        envelope->operatorForced
            ? TransitionCause::operatorRetryQueued(envelope->attempt)
            : TransitionCause::retryQueued(
                  envelope->attempt,
                  envelope->reason.workerOutcome().value_or(WorkerOutcome::Unknown));
    const TimeMs runAfter = envelope->runAfterMs;
    m_retries.enqueue(std::move(*envelope));
    m_tasks.setState(taskId, TaskState::Queued, cause, runAfter);
}

void Orchestrator::expireVerificationGrace(TimeMs now)
{
    // A task that ended while the link was down, or just before it dropped, gets a whole window
    // after the link is back: its receipt may have been sent meanwhile, and the resync has only
    // just read it back. Oldest first, at most the plugin's batch per turn.
    const TimeMs cutoff = now - m_config.verificationGraceMs;
    if (m_liveSince > cutoff)
        return;
    const QList<TaskId> stale = m_tasks.awaitingVerificationSince(cutoff, kVerificationRowsPerTick);
    for (const TaskId &taskId : stale) {
        const TaskRecord *task = m_tasks.find(taskId);
        if (task->receiptSeen && (task->verificationItems > 0 || task->explicitNoVerification)) {
            m_tasks.setState(taskId, TaskState::Done,
                             TransitionCause::of(TransitionCause::Kind::AutoVerified));
        } else {
            m_tasks.setState(taskId, TaskState::NeedsInput,
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
    for (const SessionKey &orchestrator : m_orchestrators.orchestrators()) {
        const TimeMs idleFor =
            now - std::max(m_orchestrators.lastTouch(orchestrator, now), m_liveSince);
        if (summaryFor(orchestrator).active() == 0 && !m_retries.anyFor(orchestrator) &&
            !m_workers.anyRunningUnder(orchestrator) && idleFor >= kOrchestratorIdleRetireMs)
            retireOrchestrator(orchestrator, QStringLiteral("idle-for-%1ms").arg(idleFor));
    }
}

} // namespace clawops::core
