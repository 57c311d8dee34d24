#include "Orchestrator.h"

#include "Backoff.h"
#include "Identity.h"
#include "Logging.h"
#include "Receipts.h"

#include <QJsonDocument>

namespace clawops::core {

namespace {

template<class... Ts>
struct Overloaded : Ts...
{
    using Ts::operator()...;
};

bool isOkOutcome(const QString &status)
{
    return status == QLatin1String("ok") || status == QLatin1String("success")
        || status == QLatin1String("completed");
}

} // namespace

Orchestrator::Orchestrator(EngineConfig config, const Clock &clock, RandomSource &random,
                           const TaskArchive *archive)
    : m_config(std::move(config))
    , m_clock(clock)
    , m_random(random)
    , m_archive(archive)
{
}

void Orchestrator::rehydrate(const Snapshot &snapshot)
{
    const TimeMs now = m_clock.now();
    for (const BindingRecord &binding : snapshot.bindings) {
        if (binding.requesterSessionKey.isEmpty() || binding.orchestratorSessionKey.isEmpty())
            continue;
        m_orchestratorByRequester.insert(binding.requesterSessionKey,
                                         binding.orchestratorSessionKey);
        m_requesterByOrchestrator.insert(binding.orchestratorSessionKey,
                                         binding.requesterSessionKey);
        m_orchestratorSessions.insert(binding.orchestratorSessionKey);
    }
    for (const RetryCountRecord &retry : snapshot.retryCounts) {
        if (!retry.taskKey.isEmpty())
            m_retryCounts.insert(retry.taskKey, qMax(0, retry.retries));
    }
    for (const WorkerRecord &worker : snapshot.workers) {
        if (worker.childSessionKey.isEmpty() || worker.orchestratorSessionKey.isEmpty())
            continue;
        m_workers.insert(worker.childSessionKey, worker);
        m_workersByOrchestrator[worker.orchestratorSessionKey].insert(worker.childSessionKey);
    }
    for (const auto &[orchestrator, summary] : snapshot.summaries.asKeyValueRange())
        m_summaries.insert(orchestrator, summary);

    for (const TaskRecord &task : snapshot.activeTasks) {
        m_tasks.insert(task.taskId, task);
        m_activeTaskByKey.insert(task.taskKey, task.taskId);
        m_highestAttemptByKey[task.taskKey] = qMax(m_highestAttemptByKey.value(task.taskKey),
                                                   task.attempt);
        if (!task.workerSessionKey.isEmpty())
            m_taskByChild.insert(task.workerSessionKey, task.taskId);
        if (snapshot.summaries.isEmpty())
            countState(task.orchestratorSessionKey, task.state, +1);

        // A queued row with a run time is a retry that was waiting when we stopped (the plugin
        // requires a parseable spec with a task; so do we).
        if (task.state == TaskState::Queued && task.nextRunAt && !task.spec.task.isEmpty()) {
            RetryEnvelope envelope;
            envelope.taskKey = task.taskKey;
            envelope.taskId = task.taskId;
            envelope.requesterSessionKey = task.orchestratorSessionKey;
            envelope.spec = task.spec;
            envelope.failedSessionKey = task.workerSessionKey.isEmpty()
                ? QStringLiteral("restored-from-db")
                : task.workerSessionKey;
            envelope.outcome = task.lastOutcome.isEmpty() ? QStringLiteral("restored")
                                                          : task.lastOutcome;
            envelope.attempt = qMax(1, m_retryCounts.value(task.taskKey, task.attempt));
            envelope.runAfterMs = *task.nextRunAt;
            dropRetryFor(task.taskKey);
            m_pendingRetries.append(envelope);
            ++m_retryQueueRevision;
        } else if (task.state == TaskState::Queued) {
            // Dispatched before the stop but not yet respawned: watch for the respawn again.
            m_respawnWatches.insert(task.taskKey,
                                    {task.taskId, task.orchestratorSessionKey,
                                     now + m_config.respawnWindowMs});
        }
    }
    qCInfo(lcCore) << "rehydrated" << m_tasks.size() << "active tasks," << m_workers.size()
                   << "workers," << m_orchestratorSessions.size() << "orchestrators,"
                   << m_pendingRetries.size() << "queued retries";
}

void Orchestrator::handle(const DomainEvent &event)
{
    std::visit(Overloaded{
                   [this](const SpawnRequested &e) { onSpawnRequested(e); },
                   [this](const SpawnAccepted &e) { onSpawnAccepted(e); },
                   [this](const SpawnRejected &e) { onSpawnRejected(e); },
                   [this](const GatewayTaskSeen &e) { onGatewayTaskSeen(e); },
                   [this](const WorkerEnded &e) { onWorkerEnded(e); },
                   [this](const SessionText &e) { onSessionText(e); },
                   [this](const SessionEnded &e) { onSessionEnded(e); },
                   [this](const OrchestratorBound &e) { onOrchestratorBound(e); },
                   [this](const OrchestratorEnded &e) { onOrchestratorEnded(e); },
                   [this](const Tick &) { onTick(); },
               },
               event);
}

// --- spawns --------------------------------------------------------------------------------

void Orchestrator::onSpawnRequested(const SpawnRequested &event)
{
    if (event.spawnRef.isEmpty() || m_pendingSpawns.contains(event.spawnRef))
        return; // the adapter saw the same call twice; the first one counts

    const QString orchestrator = event.orchestratorSessionKey;
    const QString requester = event.requesterSessionKey.isEmpty() ? orchestrator
                                                                  : event.requesterSessionKey;
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
        spec.requestId = orchestrator + QLatin1Char(':') + shortHash(spec.task);

    PendingSpawn pending;
    pending.requesterSessionKey = requester;
    pending.orchestratorSessionKey = orchestrator;
    pending.taskKey = stableTaskKey(requester, spec);
    touchOrchestrator(orchestrator);

    if (const QString activeId = m_activeTaskByKey.value(pending.taskKey); !activeId.isEmpty()) {
        TaskRecord *active = findTask(activeId);
        if (active && active->state != TaskState::Queued) {
            // Outside the gateway the duplicate cannot be blocked; it is cancelled once accepted.
            pending.duplicateOfTaskId = activeId;
            pending.spec = spec;
            m_pendingSpawns.insert(event.spawnRef, pending);
            qCWarning(lcCore).noquote()
                << "duplicate worker dispatch" << pending.taskKey.left(12) << "of active task"
                << activeId << "label" << (spec.label.isEmpty() ? QStringLiteral("none")
                                                                : spec.label);
            return;
        }
        if (active) {
            // A queued task being spawned again is its retry arriving (ours, or the
            // orchestrator's own initiative): this attempt is over.
            dropRetryFor(pending.taskKey);
            m_respawnWatches.remove(pending.taskKey);
            setTaskState(*active, TaskState::Failed, QStringLiteral("respawned-as-next-attempt"));
        }
    }

    pending.attempt = nextAttemptFor(pending.taskKey);
    pending.taskId = makeTaskId(pending.taskKey, pending.attempt);
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
    insertTask(task, QStringLiteral("spawn-requested"));
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
        failRejectedSpawn(pending, QStringLiteral("missing-child-session-key"));
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
                                      QStringLiteral("duplicate-suppressed")});
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
    worker.status = QStringLiteral("running");
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
        setTaskState(*task, TaskState::Running, QStringLiteral("worker-started"));
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
    failRejectedSpawn(pending, event.outcome);
}

void Orchestrator::failRejectedSpawn(const PendingSpawn &pending, const QString &outcome)
{
    if (!pending.duplicateOfTaskId.isEmpty())
        return; // the duplicate never ran, so there is nothing to cancel or record
    if (TaskRecord *task = findTask(pending.taskId)) {
        setTaskState(*task, TaskState::Failed,
                     outcome.isEmpty() ? QStringLiteral("spawn-not-accepted") : outcome);
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
    const QString child = event.childSessionKey;
    const QString outcome = event.outcome.trimmed().isEmpty() ? QStringLiteral("unknown")
                                                              : event.outcome.trimmed().toLower();
    const TimeMs now = m_clock.now();

    QString orchestrator;
    TaskRecord *task = nullptr;
    if (auto it = m_workers.find(child); it != m_workers.end()) {
        if (it->status != QLatin1String("running")) {
            // One ending per run; later signals for the same run change nothing.
            qCDebug(lcCore) << "worker" << child << "already ended as" << it->status;
            return;
        }
        it->status = outcome;
        it->outcome = event.outcome.trimmed();
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
        if (isOkOutcome(outcome)) {
            if (current != TaskState::Done && current != TaskState::Failed
                && current != TaskState::Dead && current != TaskState::NeedsInput)
                setTaskState(*task, TaskState::NeedsVerification, QStringLiteral("worker-ended-ok"));
        } else if (current != TaskState::Done && current != TaskState::Dead) {
            setTaskState(*task, TaskState::Failed, QStringLiteral("worker-ended-") + outcome);
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
        setTaskState(*task, TaskState::Dead, QStringLiteral("retry-exhausted-") + outcome);
        qCWarning(lcCore) << "retry budget exhausted" << retries << "/"
                          << m_config.maxRetriesPerTask << "for" << child;
        emitIncident(pending->orchestratorSessionKey, QStringLiteral("retry-budget-exhausted"),
                     QStringLiteral("taskKey=%1 child=%2 outcome=%3")
                         .arg(pending->taskKey, child, outcome));
        emitStatusUpdate(pending->orchestratorSessionKey, QStringLiteral("retry-exhausted"));
        return;
    }
    const int nextAttempt = retries + 1;
    const qint64 delay = computeRetryDelayMs(m_config.retryBaseBackoffMs,
                                             m_config.retryMaxBackoffMs, nextAttempt, m_random);
    queueRetry(*task, *pending, child, outcome, nextAttempt, now + delay, {}, false);
    qCInfo(lcCore) << "scheduled retry" << nextAttempt << "/" << m_config.maxRetriesPerTask
                   << "for" << child << "in" << delay << "ms";
}

void Orchestrator::onSessionEnded(const SessionEnded &event)
{
    const QString key = event.sessionKey;
    if (key.isEmpty())
        return;
    m_endedSessions.insert(key);
    if (const QString orchestrator = m_orchestratorByRequester.value(key); !orchestrator.isEmpty())
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
    if (m_requesterByOrchestrator.value(event.orchestratorSessionKey)
        == event.requesterSessionKey)
        return;
    m_orchestratorSessions.insert(event.orchestratorSessionKey);
    m_orchestratorByRequester.insert(event.requesterSessionKey, event.orchestratorSessionKey);
    m_requesterByOrchestrator.insert(event.orchestratorSessionKey, event.requesterSessionKey);
    setBinding(event.requesterSessionKey, event.orchestratorSessionKey);
    emitStatusUpdate(event.orchestratorSessionKey, QStringLiteral("orchestrator-bound"));
    qCInfo(lcCore) << "bound orchestrator" << event.orchestratorSessionKey << "-> requester"
                   << event.requesterSessionKey;
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
    const QString aboutChild = event.aboutChildSessionKey.isEmpty() ? event.sessionKey
                                                                    : event.aboutChildSessionKey;
    QSet<QString> touched;
    for (const WorkerReceipt &receipt : receipts) {
        TaskRecord *task = findTask(receipt.taskId);
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
        const QString receiptJson = receipt.raw.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(receipt.raw).toJson(QJsonDocument::Compact));
        if (task->receiptSeen && task->receiptStatus == receipt.status
            && task->verificationItems == receipt.verificationCount
            && task->explicitNoVerification == receipt.explicitNoVerification
            && task->receiptJson == receiptJson && task->receiptTaskRef == receipt.taskId)
            continue; // the announce repeats the child's own reply
        task->receiptSeen = true;
        task->verificationItems = receipt.verificationCount;
        task->explicitNoVerification = receipt.explicitNoVerification;
        task->receiptJson = receiptJson;
        task->receiptStatus = receipt.status;
        task->receiptTaskRef = receipt.taskId;
        markDirty(*task);
        if (receipt.status == QLatin1String("completed")) {
            if (receipt.verificationCount > 0)
                setTaskState(*task, TaskState::NeedsVerification,
                             QStringLiteral("worker-reported-completed-awaiting-verification"));
            else if (receipt.explicitNoVerification)
                setTaskState(*task, TaskState::Done,
                             QStringLiteral("worker-reported-completed-no-verification"));
            else
                setTaskState(*task, TaskState::NeedsVerification,
                             QStringLiteral("worker-reported-completed-missing-verification"));
        } else if (receipt.status == QLatin1String("blocked")) {
            setTaskState(*task, TaskState::NeedsInput, QStringLiteral("worker-reported-blocked"));
        } else if (receipt.status == QLatin1String("failed")) {
            setTaskState(*task, TaskState::Failed, QStringLiteral("worker-reported-failed"));
        }
        touched.insert(task->orchestratorSessionKey);
    }
    for (const QString &orchestrator : std::as_const(touched)) {
        touchOrchestrator(orchestrator);
        emitStatusUpdate(orchestrator, QStringLiteral("worker-receipt"));
    }
}

// --- bookkeeping ---------------------------------------------------------------------------

TaskRecord *Orchestrator::findTask(const QString &taskId)
{
    if (taskId.isEmpty())
        return nullptr;
    if (auto it = m_tasks.find(taskId); it != m_tasks.end())
        return &*it;
    if (!m_archive)
        return nullptr;
    std::optional<TaskRecord> stored = m_archive->findTask(taskId);
    if (!stored)
        return nullptr;
    if (!stored->workerSessionKey.isEmpty())
        m_taskByChild.insert(stored->workerSessionKey, stored->taskId);
    return &*m_tasks.insert(taskId, *stored);
}

TaskRecord *Orchestrator::taskForChild(const QString &childSessionKey)
{
    if (const auto worker = m_workers.constFind(childSessionKey);
        worker != m_workers.constEnd() && !worker->taskId.isEmpty())
        return findTask(worker->taskId);
    return findTask(m_taskByChild.value(childSessionKey));
}

void Orchestrator::insertTask(TaskRecord record, const QString &reason)
{
    m_activeTaskByKey.insert(record.taskKey, record.taskId);
    countState(record.orchestratorSessionKey, record.state, +1);
    m_changes.transitions.append(
        {record.taskId, record.updatedAt, std::nullopt, record.state, reason});
    const QString id = record.taskId;
    markDirty(*m_tasks.insert(id, std::move(record)));
}

void Orchestrator::setTaskState(TaskRecord &task, TaskState state, const QString &outcome,
                                std::optional<TimeMs> nextRunAt)
{
    const TimeMs now = m_clock.now();
    const TaskState from = task.state;
    if (from != state) {
        countState(task.orchestratorSessionKey, from, -1);
        countState(task.orchestratorSessionKey, state, +1);
    }
    task.state = state;
    task.nextRunAt = nextRunAt;
    task.lastOutcome = outcome;
    task.updatedAt = now;
    if (isActive(state))
        m_activeTaskByKey.insert(task.taskKey, task.taskId);
    else if (m_activeTaskByKey.value(task.taskKey) == task.taskId)
        m_activeTaskByKey.remove(task.taskKey);
    m_changes.transitions.append({task.taskId, now, from, state, outcome});
    markDirty(task);
}

void Orchestrator::markDirty(const TaskRecord &task)
{
    if (!m_dirtyTasks.contains(task.taskId)) {
        m_dirtyTasks.insert(task.taskId);
        m_dirtyTaskOrder.append(task.taskId);
    }
}

void Orchestrator::countState(const QString &orchestrator, TaskState state, int delta)
{
    StatusSummary &summary = m_summaries[orchestrator];
    switch (state) {
    case TaskState::Queued:
        summary.queued += delta;
        break;
    case TaskState::Leased:
        summary.leased += delta;
        break;
    case TaskState::Running:
        summary.running += delta;
        break;
    case TaskState::NeedsInput:
        summary.needsInput += delta;
        break;
    case TaskState::NeedsVerification:
        summary.needsVerification += delta;
        break;
    case TaskState::Done:
        summary.done += delta;
        break;
    case TaskState::Failed:
        summary.failed += delta;
        break;
    case TaskState::Dead:
        summary.dead += delta;
        break;
    }
}

int Orchestrator::nextAttemptFor(const QString &taskKey) const
{
    int highest = m_highestAttemptByKey.value(taskKey);
    if (m_archive)
        highest = qMax(highest, m_archive->highestAttempt(taskKey));
    return highest + 1;
}

void Orchestrator::queueRetry(TaskRecord &task, const PendingSpawn &pending,
                              const QString &failedSession, const QString &outcome, int attempt,
                              TimeMs runAfter, const QString &note, bool forced)
{
    m_retryCounts.insert(pending.taskKey, attempt);
    m_changes.retryCounts.append({pending.taskKey, attempt, m_clock.now()});
    RetryEnvelope envelope;
    envelope.taskKey = pending.taskKey;
    envelope.taskId = pending.taskId;
    envelope.requesterSessionKey = pending.orchestratorSessionKey;
    envelope.spec = pending.spec;
    envelope.failedSessionKey = failedSession;
    envelope.outcome = outcome;
    envelope.attempt = attempt;
    envelope.runAfterMs = runAfter;
    envelope.operatorNote = note;
    envelope.operatorForced = forced;
    dropRetryFor(pending.taskKey);
    m_respawnWatches.remove(pending.taskKey);
    m_pendingRetries.append(envelope);
    ++m_retryQueueRevision;
    setTaskState(task, TaskState::Queued,
                 forced ? QStringLiteral("operator-retry-%1").arg(attempt)
                        : QStringLiteral("queued-retry-%1-%2").arg(attempt).arg(outcome),
                 runAfter);
    emitStatusUpdate(pending.orchestratorSessionKey, QStringLiteral("retry-queued"));
}

void Orchestrator::dropRetryFor(const QString &taskKey)
{
    if (m_pendingRetries.removeIf(
            [&taskKey](const RetryEnvelope &envelope) { return envelope.taskKey == taskKey; })
        > 0)
        ++m_retryQueueRevision;
}

QList<Orchestrator::QueuedRetry> Orchestrator::queuedRetries() const
{
    QList<QueuedRetry> out;
    out.reserve(m_pendingRetries.size());
    for (const RetryEnvelope &envelope : m_pendingRetries) {
        out.append({envelope.taskId, envelope.taskKey, envelope.requesterSessionKey,
                    envelope.outcome, envelope.attempt, envelope.runAfterMs,
                    envelope.operatorForced});
    }
    return out;
}

std::optional<Orchestrator::PendingSpawn> Orchestrator::pendingFromTask(const TaskRecord &task) const
{
    if (task.spec.task.isEmpty())
        return std::nullopt;
    PendingSpawn pending;
    pending.requesterSessionKey = task.requesterSessionKey;
    pending.orchestratorSessionKey = task.orchestratorSessionKey;
    pending.spec = task.spec;
    pending.taskKey = task.taskKey;
    pending.taskId = task.taskId;
    pending.attempt = task.attempt;
    return pending;
}

void Orchestrator::upsertWorker(const WorkerRecord &worker)
{
    m_workers.insert(worker.childSessionKey, worker);
    m_workersByOrchestrator[worker.orchestratorSessionKey].insert(worker.childSessionKey);
    m_changes.workerChanges.append({false, worker});
}

void Orchestrator::removeWorker(const QString &childSessionKey)
{
    if (const auto it = m_workers.constFind(childSessionKey); it != m_workers.constEnd()) {
        if (auto set = m_workersByOrchestrator.find(it->orchestratorSessionKey);
            set != m_workersByOrchestrator.end()) {
            set->remove(childSessionKey);
            if (set->isEmpty())
                m_workersByOrchestrator.erase(set);
        }
        m_workers.erase(it);
    }
    WorkerChange change;
    change.remove = true;
    change.record.childSessionKey = childSessionKey;
    m_changes.workerChanges.append(change);
}

void Orchestrator::setBinding(const QString &requester, const QString &orchestrator)
{
    const TimeMs now = m_clock.now();
    BindingChange change;
    change.kind = BindingChange::Kind::Bind;
    change.record = {requester, orchestrator, now};
    m_changes.bindingChanges.append(change);
    m_orchestratorLastTouch.insert(orchestrator, now);
    m_retiredOrchestrators.remove(orchestrator);
    m_endedSessions.remove(orchestrator);
}

void Orchestrator::retireOrchestrator(const QString &orchestrator, const QString &reason)
{
    const QString requester = m_requesterByOrchestrator.take(orchestrator);
    m_orchestratorSessions.remove(orchestrator);
    m_retiredOrchestrators.insert(orchestrator);
    m_orchestratorLastTouch.remove(orchestrator);
    BindingChange byOrchestrator;
    byOrchestrator.kind = BindingChange::Kind::DeleteByOrchestrator;
    byOrchestrator.record.orchestratorSessionKey = orchestrator;
    m_changes.bindingChanges.append(byOrchestrator);
    if (!requester.isEmpty() && m_orchestratorByRequester.value(requester) == orchestrator) {
        m_orchestratorByRequester.remove(requester);
        BindingChange byRequester;
        byRequester.kind = BindingChange::Kind::DeleteByRequester;
        byRequester.record.requesterSessionKey = requester;
        m_changes.bindingChanges.append(byRequester);
    }
    if (const auto workers = m_workersByOrchestrator.take(orchestrator); !workers.isEmpty()) {
        for (const QString &child : workers) {
            m_workers.remove(child);
            WorkerChange change;
            change.remove = true;
            change.record.childSessionKey = child;
            m_changes.workerChanges.append(change);
        }
    }
    qCInfo(lcCore) << "retired orchestrator" << orchestrator << "(" << reason << ")";
}

void Orchestrator::touchOrchestrator(const QString &orchestrator)
{
    if (!orchestrator.isEmpty())
        m_orchestratorLastTouch.insert(orchestrator, m_clock.now());
}

bool Orchestrator::sessionAlive(const QString &sessionKey) const
{
    return !sessionKey.isEmpty() && !m_endedSessions.contains(sessionKey)
        && !m_retiredOrchestrators.contains(sessionKey);
}

QString Orchestrator::liveTargetFor(const QString &sessionKey,
                                    const QString &fallbackRequester) const
{
    // The session that spawned the worker while it lives, else up its chain: a hidden
    // orchestrator often ends a second after its last worker, and a retry sent there is lost.
    QString candidate = sessionKey;
    for (int hop = 0; hop < 8 && !candidate.isEmpty(); ++hop) {
        if (sessionAlive(candidate))
            return candidate;
        QString up = m_requesterByOrchestrator.value(candidate);
        if (up.isEmpty() && hop == 0)
            up = fallbackRequester;
        if (up == candidate)
            break;
        candidate = up;
    }
    return fallbackRequester.isEmpty() ? sessionKey : fallbackRequester;
}

// --- outbound ------------------------------------------------------------------------------

void Orchestrator::emitStatusUpdate(const QString &orchestrator, const QString &reason)
{
    if (!m_config.statusEnabled)
        return;
    const QString requester = m_requesterByOrchestrator.value(orchestrator);
    if (requester.isEmpty())
        return;
    const StatusSummary summary = summaryFor(orchestrator);
    const QString key = QStringList{orchestrator,
                                    QString::number(summary.queued),
                                    QString::number(summary.leased),
                                    QString::number(summary.running),
                                    QString::number(summary.needsInput),
                                    QString::number(summary.needsVerification),
                                    QString::number(summary.done),
                                    QString::number(summary.failed),
                                    QString::number(summary.dead)}
                            .join(QLatin1Char(':'));
    if (m_lastStatusKeyByRequester.value(requester) == key)
        return;
    m_lastStatusKeyByRequester.insert(requester, key);
    const TimeMs now = m_clock.now();
    if (now - m_lastStatusEmitByRequester.value(requester, 0) < 700)
        return;
    m_lastStatusEmitByRequester.insert(requester, now);
    m_actions.append(SendToSession{SendToSession::Purpose::Status, requester,
                                   buildStatusBlock(requester, orchestrator, summary,
                                                    m_config.statusStickyEmoji),
                                   {},
                                   QStringLiteral("status:") + key});
    qCDebug(lcCore) << "status update for" << requester << reason;

    const int failures = summary.failed + summary.dead;
    if (failures <= 0)
        return;
    const QString incidentHash = shortHash(QStringLiteral("%1|%2|%3|%4")
                                               .arg(orchestrator)
                                               .arg(failures)
                                               .arg(summary.running)
                                               .arg(summary.queued));
    if (m_lastIncidentHashByRequester.value(requester) == incidentHash)
        return;
    m_lastIncidentHashByRequester.insert(requester, incidentHash);
    emitIncident(orchestrator, QStringLiteral("worker-failure"),
                 QStringLiteral("failures=%1 running=%2 queued=%3")
                     .arg(failures)
                     .arg(summary.running)
                     .arg(summary.queued));
}

void Orchestrator::emitIncident(const QString &orchestrator, const QString &reason,
                                const QString &details)
{
    const QString requester = m_requesterByOrchestrator.value(orchestrator);
    if (requester.isEmpty())
        return;
    const QString text = buildIncidentBlock(requester, orchestrator, m_config.statusChannel,
                                            reason, details);
    m_actions.append(SendToSession{SendToSession::Purpose::Incident, requester, text, {},
                                   QStringLiteral("incident:%1:%2")
                                       .arg(orchestrator, shortHash(reason + u'|' + details))});
}

// --- outputs -------------------------------------------------------------------------------

ChangeSet Orchestrator::takeChanges()
{
    for (const QString &id : std::as_const(m_dirtyTaskOrder)) {
        if (const auto it = m_tasks.constFind(id); it != m_tasks.constEnd())
            m_changes.taskUpserts.append(*it);
    }
    m_dirtyTaskOrder.clear();
    m_dirtyTasks.clear();
    ChangeSet out = std::move(m_changes);
    m_changes.clear();
    return out;
}

QList<DomainAction> Orchestrator::takeActions()
{
    QList<DomainAction> out = std::move(m_actions);
    m_actions.clear();
    return out;
}

void Orchestrator::compact()
{
    for (auto it = m_tasks.begin(); it != m_tasks.end();) {
        if (isActive(it->state) || m_dirtyTasks.contains(it.key())) {
            ++it;
            continue;
        }
        if (m_taskByChild.value(it->workerSessionKey) == it->taskId)
            m_taskByChild.remove(it->workerSessionKey);
        it = m_tasks.erase(it);
    }
}

std::optional<TaskRecord> Orchestrator::task(const QString &taskId) const
{
    if (const auto it = m_tasks.constFind(taskId); it != m_tasks.constEnd())
        return *it;
    return m_archive ? m_archive->findTask(taskId) : std::nullopt;
}

QList<TaskRecord> Orchestrator::activeTasks() const
{
    QList<TaskRecord> out;
    for (const TaskRecord &task : m_tasks) {
        if (isActive(task.state))
            out.append(task);
    }
    return out;
}

std::optional<WorkerRecord> Orchestrator::worker(const QString &childSessionKey) const
{
    if (const auto it = m_workers.constFind(childSessionKey); it != m_workers.constEnd())
        return *it;
    return std::nullopt;
}

StatusSummary Orchestrator::summaryFor(const QString &orchestratorSessionKey) const
{
    return m_summaries.value(orchestratorSessionKey);
}

} // namespace clawops::core
