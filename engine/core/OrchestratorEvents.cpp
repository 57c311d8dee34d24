// The core's reactions to what happens on the gateway: spawns, endings, receipts, sessions and
// orchestrators coming and going. Each handler follows the plugin hook it replaces.
#include "Backoff.h"
#include "Identity.h"
#include "Logging.h"
#include "Orchestrator.h"
#include "Receipts.h"

namespace clawops::core {

// --- spawns --------------------------------------------------------------------------------

namespace {

// The spec as the task key sees it: without any result-contract packet (so that a respawn which
// copies the packet of the failed attempt is recognised as the same work), with the plugin's
// fallback task, its kind, and a planner's request scope: the caller's run, as the plugin's
// event.runId, else the plugin's own fallback.
SpawnSpec keyedSpec(const SpawnRequested &event)
{
    SpawnSpec spec = event.spec;
    spec.task = stripWorkerTaskPacket(spec.task);
    if (spec.task.isEmpty())
        spec.task = QStringLiteral("Delegate the current thread objective to a worker and report "
                                   "results.");
    if (normalizeSpawnKind(spec.kind).isEmpty())
        spec.kind = inferSpawnKind(spec.task, spec.label);
    else
        spec.kind = normalizeSpawnKind(spec.kind);
    if (spec.requestId.isEmpty() && spec.kind == QLatin1String("planner"))
        spec.requestId = !event.callerRunId.isEmpty() ? event.callerRunId
                                                      : event.orchestratorSessionKey.str() +
                                                            QLatin1Char(':') + shortHash(spec.task);
    return spec;
}

// What the task key is made of: the keyed spec, and for a child whose spawn call was never seen
// the child itself. Only the key sees it; the stored spec stays as the gateway described it.
SpawnSpec keyScope(const SpawnRequested &event, const PendingSpawn &pending)
{
    SpawnSpec spec = pending.spec;
    if (!event.childWithoutCall.isEmpty() && spec.requestId.isEmpty())
        spec.requestId = QStringLiteral("child:") + event.childWithoutCall.str();
    return spec;
}

TaskRecord leasedTask(const PendingSpawn &pending, int maxRetries, TimeMs now)
{
    TaskRecord task;
    task.taskId = pending.taskId;
    task.taskKey = pending.taskKey;
    task.requesterSessionKey = pending.requesterSessionKey;
    task.orchestratorSessionKey = pending.orchestratorSessionKey;
    task.label = pending.spec.label;
    task.taskPreview = taskPreview(pending.spec.task);
    task.state = TaskState::Leased;
    task.attempt = pending.attempt;
    task.maxRetries = maxRetries;
    task.spec = pending.spec;
    task.createdAt = now;
    task.updatedAt = now;
    return task;
}

} // namespace

Orchestrator::Wait Orchestrator::onSpawnRequested(const SpawnRequested &event)
{
    const SpawnRef ref(event.spawnRef);
    if (ref.isEmpty() || m_spawns.isAwaited(ref))
        return {}; // the adapter saw the same call twice; the first one counts

    PendingSpawn pending;
    pending.orchestratorSessionKey = event.orchestratorSessionKey;
    pending.requesterSessionKey = event.requesterSessionKey.isEmpty() ? event.orchestratorSessionKey
                                                                      : event.requesterSessionKey;
    pending.spec = keyedSpec(event);
    pending.taskKey = TaskKey(stableTaskKey(pending.requesterSessionKey, keyScope(event, pending)));

    if (const TaskId suppressedAs = m_spawns.suppressedAs(ref); !suppressedAs.isEmpty()) {
        // Read again after a restart or a resync: still the duplicate it was, whatever became
        // of the task it repeated.
        pending.duplicateOfTaskId = suppressedAs;
        pending.suppressedEarlier = true;
        m_spawns.await(ref, pending);
        return {};
    }
    const TaskId activeId = m_tasks.activeTaskFor(pending.taskKey);
    const TaskRecord *active = activeId.isEmpty() ? nullptr : m_tasks.find(activeId);
    if (active && active->state != TaskState::Queued) {
        // Outside the gateway the duplicate cannot be blocked; it is cancelled once accepted.
        touchOrchestrator(pending.orchestratorSessionKey);
        pending.duplicateOfTaskId = activeId;
        m_spawns.await(ref, pending);
        qCWarning(lcCore).noquote()
            << "duplicate worker dispatch" << pending.taskKey.str().left(12) << "of active task"
            << activeId << "label"
            << (pending.spec.label.isEmpty() ? QStringLiteral("none") : pending.spec.label);
        return {};
    }
    // Read before anything changes: without it the spawn waits, as if not yet seen.
    const ReadResult<int> attempt = m_tasks.nextAttemptFor(pending.taskKey);
    if (attempt.isFailed())
        return attempt.error();
    touchOrchestrator(pending.orchestratorSessionKey);
    if (active) {
        // A queued task being spawned again is its retry arriving (ours, or the orchestrator's
        // own initiative): this attempt is over.
        m_retries.drop(pending.taskKey);
        m_retries.stopWatching(pending.taskKey);
        m_tasks.setState(activeId, TaskState::Failed,
                         TransitionCause::of(TransitionCause::Kind::RespawnedAsNextAttempt));
    }

    pending.attempt = attempt.value();
    pending.taskId = TaskId(makeTaskId(pending.taskKey, pending.attempt));
    pending.spec.task = buildWorkerTaskPacket(pending.taskId, pending.attempt, pending.spec.task);
    m_tasks.create(leasedTask(pending, m_config.maxRetriesPerTask, m_clock.now()),
                   TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    m_spawns.await(ref, pending);
    return {};
}

void Orchestrator::onSpawnAccepted(const SpawnAccepted &event)
{
    const SpawnRef ref(event.spawnRef);
    const std::optional<PendingSpawn> taken = m_spawns.takeAwaited(ref);
    if (!taken) {
        qCDebug(lcCore) << "spawn result without a known request" << event.spawnRef;
        return;
    }
    const PendingSpawn &pending = *taken;
    if (event.childSessionKey.isEmpty()) {
        failRejectedSpawn(pending, SpawnRejected::Reason::MissingChildSessionKey);
        return;
    }
    const QString gatewayTaskId = event.gatewayTaskId.isEmpty()
                                      ? m_spawns.takeGatewayTask(event.childSessionKey)
                                      : event.gatewayTaskId;

    if (!pending.duplicateOfTaskId.isEmpty() && pending.suppressedEarlier) {
        // The cancel may not have reached the gateway before a crash; repeating it is harmless.
        m_actions.append(CancelWorker{event.childSessionKey, gatewayTaskId,
                                      pending.duplicateOfTaskId,
                                      CancelWorker::Reason::DuplicateSuppressed});
        return;
    }
    if (!pending.duplicateOfTaskId.isEmpty()) {
        m_spawns.noteSuppressed(ref, pending.duplicateOfTaskId);
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
        // Told once, when first suppressed: a call read again after a restart was told then.
        if (m_config.tellSpawnerOfDuplicates) {
            m_actions.append(SendToSession{
                SendToSession::Purpose::DuplicateNotice, pending.orchestratorSessionKey,
                buildDuplicateSpawnNotice(pending.taskKey.str(), pending.duplicateOfTaskId.str(),
                                          pending.spec),
                pending.duplicateOfTaskId, QStringLiteral("duplicate:") + event.spawnRef});
        }
        return;
    }

    m_spawns.fileUnderChild(event.childSessionKey, pending);
    const TimeMs now = m_clock.now();
    touchOrchestrator(pending.orchestratorSessionKey);
    WorkerRecord worker;
    worker.childSessionKey = event.childSessionKey;
    worker.orchestratorSessionKey = pending.orchestratorSessionKey;
    worker.label = pending.spec.label;
    // The task's own preview of the same text, shared rather than computed and held twice.
    const TaskRecord *task = m_tasks.find(pending.taskId);
    worker.taskPreview = task ? task->taskPreview : taskPreview(pending.spec.task);
    worker.ended.reset();
    worker.startedAt = now;
    worker.updatedAt = now;
    worker.taskId = pending.taskId;
    worker.taskKey = pending.taskKey;
    worker.attempt = pending.attempt;
    m_workers.upsert(worker);

    if (task) {
        m_tasks.attachWorker(pending.taskId, event.childSessionKey, gatewayTaskId);
        m_tasks.setState(pending.taskId, TaskState::Running,
                         TransitionCause::of(TransitionCause::Kind::WorkerStarted));
    }
    emitStatusUpdate(pending.orchestratorSessionKey, QStringLiteral("worker-spawned"));
    for (const SessionText &early : m_spawns.takeEarlyTexts(event.childSessionKey, pending.taskId))
        onSessionText(early);
}

void Orchestrator::onSpawnRejected(const SpawnRejected &event)
{
    if (const std::optional<PendingSpawn> pending = m_spawns.takeAwaited(SpawnRef(event.spawnRef)))
        failRejectedSpawn(*pending, event.reason);
}

void Orchestrator::failRejectedSpawn(const PendingSpawn &pending, SpawnRejected::Reason reason)
{
    if (!pending.duplicateOfTaskId.isEmpty())
        return; // the duplicate never ran, so there is nothing to cancel or record
    if (m_tasks.find(pending.taskId)) {
        m_tasks.setState(pending.taskId, TaskState::Failed,
                         TransitionCause::of(reason == SpawnRejected::Reason::MissingChildSessionKey
                                                 ? TransitionCause::Kind::MissingChildSessionKey
                                                 : TransitionCause::Kind::SpawnNotAccepted));
    }
}

void Orchestrator::onGatewayTaskSeen(const GatewayTaskSeen &event)
{
    if (event.childSessionKey.isEmpty() || event.gatewayTaskId.isEmpty())
        return;
    const TaskRecord *task = taskForChild(event.childSessionKey);
    if (!task) {
        // The ledger often reports the child before the spawn's tool result does.
        m_spawns.noteGatewayTask(event.childSessionKey, event.gatewayTaskId);
        return;
    }
    m_tasks.setGatewayTaskId(task->taskId, event.gatewayTaskId);
}

// --- endings -------------------------------------------------------------------------------

void Orchestrator::onWorkerEnded(const WorkerEnded &event)
{
    const SessionKey child = event.childSessionKey;
    const WorkerOutcome outcome = event.outcome;

    SessionKey orchestrator;
    const TaskRecord *task = nullptr;
    if (const WorkerRecord *known = m_workers.find(child)) {
        if (!known->running()) {
            // One ending per run; later signals for the same run change nothing.
            qCDebug(lcCore) << "worker" << child << "already ended as"
                            << outcomeText(*known->ended);
            return;
        }
        WorkerRecord worker = *known;
        worker.ended = outcome;
        worker.outcome = outcomeText(outcome);
        worker.updatedAt = m_clock.now();
        m_workers.upsert(worker);
        orchestrator = worker.orchestratorSessionKey;
        task = worker.taskId.isEmpty() ? nullptr : m_tasks.find(worker.taskId);
    } else if ((task = taskForChild(child))) {
        // The worker row went with a retired orchestrator; the task still deserves its end.
        if (task->state != TaskState::Running && task->state != TaskState::Leased)
            task = nullptr;
        else
            orchestrator = task->orchestratorSessionKey;
    }

    const TaskId taskId = task ? task->taskId : TaskId();
    if (task) {
        const TaskState current = task->state;
        if (outcome == WorkerOutcome::Ok) {
            if (current != TaskState::Done && current != TaskState::Failed &&
                current != TaskState::Dead && current != TaskState::NeedsInput)
                m_tasks.setState(taskId, TaskState::NeedsVerification,
                                 TransitionCause::workerEnded(outcome));
        } else if (outcome == WorkerOutcome::Interrupted) {
            if (current != TaskState::Done && current != TaskState::Dead)
                m_tasks.setState(taskId, TaskState::NeedsInput,
                                 TransitionCause::workerEnded(outcome));
        } else if (current != TaskState::Done && current != TaskState::Dead) {
            m_tasks.setState(taskId, TaskState::Failed, TransitionCause::workerEnded(outcome));
        }
    }
    if (!orchestrator.isEmpty())
        emitStatusUpdate(orchestrator, QStringLiteral("worker-ended"));

    if (m_orchestrators.isOrchestrator(child))
        retireOrchestrator(child, QStringLiteral("session-ended"));

    std::optional<PendingSpawn> pending = m_spawns.takeForChild(child);
    if (taskId.isEmpty())
        return;
    task = m_tasks.find(taskId);
    if (!pending && task)
        pending = pendingFromTask(*task); // spawned before a restart
    // An interrupted run is never retried automatically: the gateway chose not to relaunch it,
    // and whether it is safe to run again (half-applied work) is the operator's call.
    if (pending && task && outcome != WorkerOutcome::Interrupted)
        retryOrBury(taskId, *pending, child, outcome);
}

// The plugin's retry decision after a failed run: queue the next attempt with backoff, or,
// with the budget spent, mark the task dead and raise an incident.
void Orchestrator::retryOrBury(const TaskId &taskId, const PendingSpawn &pending,
                               const SessionKey &child, WorkerOutcome outcome)
{
    if (!m_config.autoRetryFailedSubagents || !m_config.retriesOn(outcome))
        return;
    const TaskRecord *task = m_tasks.find(taskId);
    if (!task || task->state == TaskState::Dead || task->state == TaskState::Done)
        return; // an operator already decided this task's fate

    const int retries = m_retries.retriesUsed(pending.taskKey);
    if (retries >= m_config.maxRetriesPerTask) {
        m_tasks.setState(taskId, TaskState::Dead, TransitionCause::retryExhausted(outcome));
        qCWarning(lcCore) << "retry budget exhausted" << retries << "/"
                          << m_config.maxRetriesPerTask << "for" << child;
        m_status.incident(pending.orchestratorSessionKey,
                          m_orchestrators.requesterOf(pending.orchestratorSessionKey),
                          QStringLiteral("retry-budget-exhausted"),
                          QStringLiteral("taskKey=%1 child=%2 outcome=%3")
                              .arg(pending.taskKey.str(), child.str(), outcomeText(outcome)));
        emitStatusUpdate(pending.orchestratorSessionKey, QStringLiteral("retry-exhausted"));
        return;
    }
    const int nextAttempt = retries + 1;
    const qint64 delay = computeRetryDelayMs(m_config.retryBaseBackoffMs,
                                             m_config.retryMaxBackoffMs, nextAttempt, m_random);
    queueRetry(taskId, pending, child, RetryReason::workerEnded(outcome), nextAttempt,
               m_clock.now() + delay, {}, false);
    qCInfo(lcCore) << "scheduled retry" << nextAttempt << "/" << m_config.maxRetriesPerTask << "for"
                   << child << "in" << delay << "ms";
}

void Orchestrator::onSessionEnded(const SessionEnded &event)
{
    const SessionKey key = event.sessionKey;
    if (key.isEmpty())
        return;
    m_orchestrators.noteSessionEnded(key);
    if (const SessionKey orchestrator = m_orchestrators.orchestratorFor(key);
        !orchestrator.isEmpty())
        retireOrchestrator(orchestrator, QStringLiteral("requester-session-ended"));
    if (m_orchestrators.isOrchestrator(key))
        retireOrchestrator(key, QStringLiteral("orchestrator-session-ended"));
    // Unlike the plugin, retries meant for this session are not dropped: they are delivered up
    // the chain when they fall due (see OrchestratorRegistry::liveTargetFor). The worker row
    // goes whether or not the worker is still held in memory, as in the plugin.
    m_workers.remove(key);
}

void Orchestrator::onOrchestratorBound(const OrchestratorBound &event)
{
    if (!m_orchestrators.bind(event.requesterSessionKey, event.orchestratorSessionKey,
                              m_clock.now()))
        return;
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
    const TaskRecord *task = taskForChild(sessionKey);
    if (task && (task->state == TaskState::Leased || task->state == TaskState::Running))
        m_tasks.setState(task->taskId, TaskState::Done,
                         TransitionCause::of(TransitionCause::Kind::BecameOrchestrator));
    m_spawns.takeForChild(sessionKey);
    m_workers.remove(sessionKey);
}

void Orchestrator::onOrchestratorEnded(const OrchestratorEnded &event)
{
    if (m_orchestrators.isOrchestrator(event.orchestratorSessionKey))
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
    QStringList unknownTaskIds;
    for (const WorkerReceipt &receipt : receipts) {
        const TaskRecord *task = m_tasks.find(TaskId(receipt.taskId));
        // Workers outside the gateway may never see our packet and name the task their own way;
        // a single receipt in a child's own text still belongs to that child's task.
        if (!task && receipts.size() == 1)
            task = taskForChild(aboutChild);
        if (!task) {
            qCDebug(lcCore) << "receipt for a task not seen yet" << receipt.taskId;
            unknownTaskIds.append(receipt.taskId);
            continue;
        }
        if (task->state == TaskState::Done || task->state == TaskState::Dead)
            continue; // settled; a late copy of the receipt must not reopen it
        if (task->state == TaskState::Queued)
            continue; // a retry is under way; the old attempt's receipt no longer decides
        const TaskId taskId = task->taskId;
        if (!m_tasks.recordReceipt(taskId, receipt))
            continue; // the announce repeats the child's own reply
        using Kind = TransitionCause::Kind;
        if (receipt.status == QLatin1String("completed")) {
            if (receipt.verificationCount > 0)
                m_tasks.setState(taskId, TaskState::NeedsVerification,
                                 TransitionCause::of(Kind::ReportedCompletedAwaitingVerification));
            else if (receipt.explicitNoVerification)
                m_tasks.setState(taskId, TaskState::Done,
                                 TransitionCause::of(Kind::ReportedCompletedNoVerification));
            else
                m_tasks.setState(taskId, TaskState::NeedsVerification,
                                 TransitionCause::of(Kind::ReportedCompletedMissingVerification));
        } else if (receipt.status == QLatin1String("blocked")) {
            m_tasks.setState(taskId, TaskState::NeedsInput,
                             TransitionCause::of(Kind::ReportedBlocked));
        } else if (receipt.status == QLatin1String("failed")) {
            m_tasks.setState(taskId, TaskState::Failed, TransitionCause::of(Kind::ReportedFailed));
        }
        touched.insert(task->orchestratorSessionKey);
    }
    if (!unknownTaskIds.isEmpty())
        m_spawns.keepEarlyText(event, unknownTaskIds);
    for (const SessionKey &orchestrator : std::as_const(touched)) {
        touchOrchestrator(orchestrator);
        emitStatusUpdate(orchestrator, QStringLiteral("worker-receipt"));
    }
}

void Orchestrator::onToolStarted(const ToolStarted &event)
{
    m_policy.judge(event, m_clock.now());
}

} // namespace clawops::core
