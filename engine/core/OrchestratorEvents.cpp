// The core's reactions to what happens on the gateway: spawns, endings, receipts, sessions and
// orchestrators coming and going. Each handler follows the plugin hook it replaces.
#include "Backoff.h"
#include "Identity.h"
#include "Logging.h"
#include "Orchestrator.h"
#include "Receipts.h"

#include <QJsonDocument>

namespace clawops::core {

// --- spawns --------------------------------------------------------------------------------

void Orchestrator::onSpawnRequested(const SpawnRequested &event)
{
    if (event.spawnRef.isEmpty() || m_pendingSpawns.contains(event.spawnRef))
        return; // the adapter saw the same call twice; the first one counts

    const SessionKey orchestrator = event.orchestratorSessionKey;
    const SessionKey requester =
        event.requesterSessionKey.isEmpty() ? orchestrator : event.requesterSessionKey;
    SpawnSpec spec = event.spec;
    // The key is computed on the task without any result-contract packet, so that a respawn
    // which copies the packet of the failed attempt is recognised as the same work.
    spec.task = stripWorkerTaskPacket(spec.task);
    if (spec.task.isEmpty())
        spec.task = QStringLiteral("Delegate the current thread objective to a worker and report "
                                   "results.");
    if (normalizeSpawnKind(spec.kind).isEmpty())
        spec.kind = inferSpawnKind(spec.task, spec.label);
    else
        spec.kind = normalizeSpawnKind(spec.kind);
    if (spec.requestId.isEmpty() && spec.kind == QLatin1String("planner"))
        spec.requestId = orchestrator.str() + QLatin1Char(':') + shortHash(spec.task);

    PendingSpawn pending;
    pending.requesterSessionKey = requester;
    pending.orchestratorSessionKey = orchestrator;
    pending.taskKey = TaskKey(stableTaskKey(requester, spec));
    touchOrchestrator(orchestrator);

    if (const TaskId activeId = m_activeTaskByKey.value(pending.taskKey); !activeId.isEmpty()) {
        TaskRecord *active = findTask(activeId);
        if (active && active->state != TaskState::Queued) {
            // Outside the gateway the duplicate cannot be blocked; it is cancelled once accepted.
            pending.duplicateOfTaskId = activeId;
            pending.spec = spec;
            m_pendingSpawns.insert(event.spawnRef, pending);
            qCWarning(lcCore).noquote()
                << "duplicate worker dispatch" << pending.taskKey.str().left(12) << "of active task"
                << activeId << "label"
                << (spec.label.isEmpty() ? QStringLiteral("none") : spec.label);
            return;
        }
        if (active) {
            // A queued task being spawned again is its retry arriving (ours, or the
            // orchestrator's own initiative): this attempt is over.
            dropRetryFor(pending.taskKey);
            m_respawnWatches.remove(pending.taskKey);
            setTaskState(*active, TaskState::Failed,
                         TransitionCause::of(TransitionCause::Kind::RespawnedAsNextAttempt));
        }
    }

    pending.attempt = nextAttemptFor(pending.taskKey);
    pending.taskId = TaskId(makeTaskId(pending.taskKey, pending.attempt));
    spec.task = buildWorkerTaskPacket(pending.taskId, pending.attempt, spec.task);
    pending.spec = spec;
    m_highestAttemptByKey[pending.taskKey] = pending.attempt;

    const TimeMs now = m_clock.now();
    TaskRecord task;
    task.taskId = pending.taskId;
    task.taskKey = pending.taskKey;
    task.requesterSessionKey = requester;
    task.orchestratorSessionKey = orchestrator;
    task.label = spec.label;
    task.taskPreview = taskPreview(spec.task);
    task.state = TaskState::Leased;
    task.attempt = pending.attempt;
    task.maxRetries = m_config.maxRetriesPerTask;
    task.spec = spec;
    task.createdAt = now;
    task.updatedAt = now;
    insertTask(task, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    m_pendingSpawns.insert(event.spawnRef, pending);
}

void Orchestrator::onSpawnAccepted(const SpawnAccepted &event)
{
    const auto it = m_pendingSpawns.constFind(event.spawnRef);
    if (it == m_pendingSpawns.constEnd()) {
        qCDebug(lcCore) << "spawn result without a known request" << event.spawnRef;
        return;
    }
    const PendingSpawn pending = *it;
    m_pendingSpawns.erase(it);
    if (event.childSessionKey.isEmpty()) {
        failRejectedSpawn(pending, SpawnRejected::Reason::MissingChildSessionKey);
        return;
    }
    const QString gatewayTaskId = event.gatewayTaskId.isEmpty()
                                      ? m_gatewayTaskByChild.take(event.childSessionKey)
                                      : event.gatewayTaskId;

    if (!pending.duplicateOfTaskId.isEmpty()) {
        SuppressedSpawnRecord record;
        record.at = m_clock.now();
        record.taskKey = pending.taskKey;
        record.activeTaskId = pending.duplicateOfTaskId;
        record.requesterSessionKey = pending.requesterSessionKey;
        record.orchestratorSessionKey = pending.orchestratorSessionKey;
        record.label = pending.spec.label;
        record.spawnRef = event.spawnRef;
        record.childSessionKey = event.childSessionKey;
        m_changes.suppressed.append(record);
        m_actions.append(CancelWorker{event.childSessionKey, gatewayTaskId,
                                      pending.duplicateOfTaskId,
                                      CancelWorker::Reason::DuplicateSuppressed});
        return;
    }

    m_spawnByChild.insert(event.childSessionKey, pending);
    const TimeMs now = m_clock.now();
    touchOrchestrator(pending.orchestratorSessionKey);
    WorkerRecord worker;
    worker.childSessionKey = event.childSessionKey;
    worker.orchestratorSessionKey = pending.orchestratorSessionKey;
    worker.label = pending.spec.label;
    worker.taskPreview = taskPreview(pending.spec.task);
    worker.ended.reset();
    worker.startedAt = now;
    worker.updatedAt = now;
    worker.taskId = pending.taskId;
    worker.taskKey = pending.taskKey;
    worker.attempt = pending.attempt;
    upsertWorker(worker);

    if (TaskRecord *task = findTask(pending.taskId)) {
        task->workerSessionKey = event.childSessionKey;
        task->gatewayTaskId = gatewayTaskId;
        m_taskByChild.insert(event.childSessionKey, task->taskId);
        setTaskState(*task, TaskState::Running,
                     TransitionCause::of(TransitionCause::Kind::WorkerStarted));
    }
    emitStatusUpdate(pending.orchestratorSessionKey, QStringLiteral("worker-spawned"));
}

void Orchestrator::onSpawnRejected(const SpawnRejected &event)
{
    const auto it = m_pendingSpawns.constFind(event.spawnRef);
    if (it == m_pendingSpawns.constEnd())
        return;
    const PendingSpawn pending = *it;
    m_pendingSpawns.erase(it);
    failRejectedSpawn(pending, event.reason);
}

void Orchestrator::failRejectedSpawn(const PendingSpawn &pending, SpawnRejected::Reason reason)
{
    if (!pending.duplicateOfTaskId.isEmpty())
        return; // the duplicate never ran, so there is nothing to cancel or record
    if (TaskRecord *task = findTask(pending.taskId)) {
        setTaskState(*task, TaskState::Failed,
                     TransitionCause::of(reason == SpawnRejected::Reason::MissingChildSessionKey
                                             ? TransitionCause::Kind::MissingChildSessionKey
                                             : TransitionCause::Kind::SpawnNotAccepted));
    }
}

void Orchestrator::onGatewayTaskSeen(const GatewayTaskSeen &event)
{
    if (event.childSessionKey.isEmpty() || event.gatewayTaskId.isEmpty())
        return;
    TaskRecord *task = taskForChild(event.childSessionKey);
    if (!task) {
        // The ledger often reports the child before the spawn's tool result does.
        m_gatewayTaskByChild.insert(event.childSessionKey, event.gatewayTaskId);
        if (m_gatewayTaskByChild.size() > 4096)
            m_gatewayTaskByChild.erase(m_gatewayTaskByChild.begin());
        return;
    }
    if (task->gatewayTaskId != event.gatewayTaskId) {
        task->gatewayTaskId = event.gatewayTaskId;
        markDirty(*task);
    }
}

// --- endings -------------------------------------------------------------------------------

void Orchestrator::onWorkerEnded(const WorkerEnded &event)
{
    const SessionKey child = event.childSessionKey;
    const WorkerOutcome outcome = event.outcome;
    const TimeMs now = m_clock.now();

    SessionKey orchestrator;
    TaskRecord *task = nullptr;
    if (auto it = m_workers.find(child); it != m_workers.end()) {
        if (!it->running()) {
            // One ending per run; later signals for the same run change nothing.
            qCDebug(lcCore) << "worker" << child << "already ended as" << outcomeText(*it->ended);
            return;
        }
        it->ended = outcome;
        it->outcome = outcomeText(outcome);
        it->updatedAt = now;
        upsertWorker(*it);
        orchestrator = it->orchestratorSessionKey;
        task = it->taskId.isEmpty() ? nullptr : findTask(it->taskId);
    } else if ((task = taskForChild(child))) {
        // The worker row went with a retired orchestrator; the task still deserves its end.
        if (task->state != TaskState::Running && task->state != TaskState::Leased)
            task = nullptr;
        else
            orchestrator = task->orchestratorSessionKey;
    }

    if (task) {
        const TaskState current = task->state;
        if (outcome == WorkerOutcome::Ok) {
            if (current != TaskState::Done && current != TaskState::Failed &&
                current != TaskState::Dead && current != TaskState::NeedsInput)
                setTaskState(*task, TaskState::NeedsVerification,
                             TransitionCause::workerEnded(outcome));
        } else if (current != TaskState::Done && current != TaskState::Dead) {
            setTaskState(*task, TaskState::Failed, TransitionCause::workerEnded(outcome));
        }
    }
    if (!orchestrator.isEmpty())
        emitStatusUpdate(orchestrator, QStringLiteral("worker-ended"));

    if (m_orchestratorSessions.contains(child))
        retireOrchestrator(child, QStringLiteral("session-ended"));

    std::optional<PendingSpawn> pending;
    if (const auto spawn = m_spawnByChild.constFind(child); spawn != m_spawnByChild.constEnd()) {
        pending = *spawn;
        m_spawnByChild.erase(spawn);
    }
    if (!pending && task)
        pending = pendingFromTask(*task); // spawned before a restart
    if (!pending || !task)
        return;
    if (!m_config.autoRetryFailedSubagents || !m_config.retriesOn(outcome))
        return;
    if (task->state == TaskState::Dead || task->state == TaskState::Done)
        return; // an operator already decided this task's fate

    const int retries = m_retryCounts.value(pending->taskKey);
    if (retries >= m_config.maxRetriesPerTask) {
        setTaskState(*task, TaskState::Dead, TransitionCause::retryExhausted(outcome));
        qCWarning(lcCore) << "retry budget exhausted" << retries << "/"
                          << m_config.maxRetriesPerTask << "for" << child;
        emitIncident(pending->orchestratorSessionKey, QStringLiteral("retry-budget-exhausted"),
                     QStringLiteral("taskKey=%1 child=%2 outcome=%3")
                         .arg(pending->taskKey.str(), child.str(), outcomeText(outcome)));
        emitStatusUpdate(pending->orchestratorSessionKey, QStringLiteral("retry-exhausted"));
        return;
    }
    const int nextAttempt = retries + 1;
    const qint64 delay = computeRetryDelayMs(m_config.retryBaseBackoffMs,
                                             m_config.retryMaxBackoffMs, nextAttempt, m_random);
    queueRetry(*task, *pending, child, RetryReason::workerEnded(outcome), nextAttempt, now + delay,
               {}, false);
    qCInfo(lcCore) << "scheduled retry" << nextAttempt << "/" << m_config.maxRetriesPerTask << "for"
                   << child << "in" << delay << "ms";
}

void Orchestrator::onSessionEnded(const SessionEnded &event)
{
    const SessionKey key = event.sessionKey;
    if (key.isEmpty())
        return;
    m_endedSessions.insert(key);
    if (const SessionKey orchestrator = m_orchestratorByRequester.value(key);
        !orchestrator.isEmpty())
        retireOrchestrator(orchestrator, QStringLiteral("requester-session-ended"));
    if (m_orchestratorSessions.contains(key))
        retireOrchestrator(key, QStringLiteral("orchestrator-session-ended"));
    // Unlike the plugin, retries meant for this session are not dropped: they are delivered up
    // the chain when they fall due (see liveTargetFor).
    if (m_workers.contains(key))
        removeWorker(key);
}

void Orchestrator::onOrchestratorBound(const OrchestratorBound &event)
{
    if (event.requesterSessionKey.isEmpty() || event.orchestratorSessionKey.isEmpty())
        return;
    if (m_requesterByOrchestrator.value(event.orchestratorSessionKey) == event.requesterSessionKey)
        return;
    m_orchestratorSessions.insert(event.orchestratorSessionKey);
    m_orchestratorByRequester.insert(event.requesterSessionKey, event.orchestratorSessionKey);
    m_requesterByOrchestrator.insert(event.orchestratorSessionKey, event.requesterSessionKey);
    setBinding(event.requesterSessionKey, event.orchestratorSessionKey);
    promoteWorkerToOrchestrator(event.orchestratorSessionKey);
    emitStatusUpdate(event.orchestratorSessionKey, QStringLiteral("orchestrator-bound"));
    qCInfo(lcCore) << "bound orchestrator" << event.orchestratorSessionKey << "-> requester"
                   << event.requesterSessionKey;
}

// Outside the gateway a hidden-orchestrator spawn can look like a worker spawn until the child
// spawns workers of its own (the plugin rewrote the call before anyone could see it). Its task
// was not work to verify or retry: it is closed, and the session no longer takes a worker slot.
void Orchestrator::promoteWorkerToOrchestrator(const SessionKey &sessionKey)
{
    TaskRecord *task = taskForChild(sessionKey);
    if (task && (task->state == TaskState::Leased || task->state == TaskState::Running))
        setTaskState(*task, TaskState::Done,
                     TransitionCause::of(TransitionCause::Kind::BecameOrchestrator));
    m_spawnByChild.remove(sessionKey);
    if (m_workers.contains(sessionKey))
        removeWorker(sessionKey);
}

void Orchestrator::onOrchestratorEnded(const OrchestratorEnded &event)
{
    if (m_orchestratorSessions.contains(event.orchestratorSessionKey))
        retireOrchestrator(event.orchestratorSessionKey, QStringLiteral("session-ended"));
}

// --- receipts ------------------------------------------------------------------------------

void Orchestrator::onSessionText(const SessionText &event)
{
    const QList<WorkerReceipt> receipts = parseWorkerReceipts(event.text);
    if (receipts.isEmpty())
        return;
    const SessionKey aboutChild =
        event.aboutChildSessionKey.isEmpty() ? event.sessionKey : event.aboutChildSessionKey;
    QSet<SessionKey> touched;
    for (const WorkerReceipt &receipt : receipts) {
        TaskRecord *task = findTask(TaskId(receipt.taskId));
        // Workers outside the gateway may never see our packet and name the task their own way;
        // a single receipt in a child's own text still belongs to that child's task.
        if (!task && receipts.size() == 1)
            task = taskForChild(aboutChild);
        if (!task) {
            qCDebug(lcCore) << "receipt for unknown task" << receipt.taskId;
            continue;
        }
        if (task->state == TaskState::Done || task->state == TaskState::Dead)
            continue; // settled; a late copy of the receipt must not reopen it
        if (task->state == TaskState::Queued)
            continue; // a retry is under way; the old attempt's receipt no longer decides
        const QString receiptJson =
            receipt.raw.isEmpty()
                ? QString()
                : QString::fromUtf8(QJsonDocument(receipt.raw).toJson(QJsonDocument::Compact));
        if (task->receiptSeen && task->receiptStatus == receipt.status &&
            task->verificationItems == receipt.verificationCount &&
            task->explicitNoVerification == receipt.explicitNoVerification &&
            task->receiptJson == receiptJson && task->receiptTaskRef == receipt.taskId)
            continue; // the announce repeats the child's own reply
        task->receiptSeen = true;
        task->verificationItems = receipt.verificationCount;
        task->explicitNoVerification = receipt.explicitNoVerification;
        task->receiptJson = receiptJson;
        task->receiptStatus = receipt.status;
        task->receiptTaskRef = receipt.taskId;
        markDirty(*task);
        using Kind = TransitionCause::Kind;
        if (receipt.status == QLatin1String("completed")) {
            if (receipt.verificationCount > 0)
                setTaskState(*task, TaskState::NeedsVerification,
                             TransitionCause::of(Kind::ReportedCompletedAwaitingVerification));
            else if (receipt.explicitNoVerification)
                setTaskState(*task, TaskState::Done,
                             TransitionCause::of(Kind::ReportedCompletedNoVerification));
            else
                setTaskState(*task, TaskState::NeedsVerification,
                             TransitionCause::of(Kind::ReportedCompletedMissingVerification));
        } else if (receipt.status == QLatin1String("blocked")) {
            setTaskState(*task, TaskState::NeedsInput, TransitionCause::of(Kind::ReportedBlocked));
        } else if (receipt.status == QLatin1String("failed")) {
            setTaskState(*task, TaskState::Failed, TransitionCause::of(Kind::ReportedFailed));
        }
        touched.insert(task->orchestratorSessionKey);
    }
    for (const SessionKey &orchestrator : std::as_const(touched)) {
        touchOrchestrator(orchestrator);
        emitStatusUpdate(orchestrator, QStringLiteral("worker-receipt"));
    }
}

} // namespace clawops::core
