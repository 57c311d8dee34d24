#include "Orchestrator.h"

#include "Backoff.h"
#include "Identity.h"
#include "Logging.h"
#include "Receipts.h"

#include <QJsonDocument>

namespace clawops::core {

namespace {

// Ids the archive was asked for and lacked; big enough for a burst of receipts, small enough
// not to matter in memory.
constexpr qsizetype kAbsentCacheSize = 65536;

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};
// C++20 deduces this by itself; clang-tidy's clang 14 still needs the guide.
template<class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace

Orchestrator::Orchestrator(EngineConfig config, const Clock &clock, RandomSource &random,
                           const TaskArchive *archive)
    : m_config(std::move(config))
    , m_clock(clock)
    , m_random(random)
    , m_archive(archive)
{}

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
        m_highestAttemptByKey[task.taskKey] =
            qMax(m_highestAttemptByKey.value(task.taskKey), task.attempt);
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
                                            : task.workerSessionKey.str();
            envelope.reason = task.lastOutcome.isNone()
                                  ? RetryReason::of(RetryReason::Kind::Restored)
                                  : RetryReason::fromText(task.lastOutcome.toText());
            envelope.attempt = qMax(1, m_retryCounts.value(task.taskKey, task.attempt));
            envelope.runAfterMs = *task.nextRunAt;
            dropRetryFor(task.taskKey);
            m_pendingRetries.append(envelope);
            ++m_retryQueueRevision;
        } else if (task.state == TaskState::Queued) {
            // Dispatched before the stop but not yet respawned: watch for the respawn again.
            m_respawnWatches.insert(task.taskKey, {task.taskId, task.orchestratorSessionKey,
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

// --- bookkeeping ---------------------------------------------------------------------------

TaskRecord *Orchestrator::findTask(const TaskId &taskId)
{
    if (taskId.isEmpty())
        return nullptr;
    if (auto it = m_tasks.find(taskId); it != m_tasks.end())
        return &*it;
    if (!m_archive || !mayBeTaskId(taskId.str()) || m_absentFromArchive.contains(taskId))
        return nullptr;
    ReadResult<TaskRecord> stored = m_archive->findTask(taskId);
    if (stored.isFailed()) {
        // Not remembered: the store may answer the next time.
        qCWarning(lcCore).noquote()
            << "could not read task" << taskId << "from the store:" << stored.error();
        return nullptr;
    }
    if (stored.isAbsent()) {
        if (m_absentFromArchive.size() >= kAbsentCacheSize)
            m_absentFromArchive.clear();
        m_absentFromArchive.insert(taskId);
        return nullptr;
    }
    const TaskRecord &record = stored.value();
    if (!record.workerSessionKey.isEmpty())
        m_taskByChild.insert(record.workerSessionKey, record.taskId);
    return &*m_tasks.insert(taskId, record);
}

TaskRecord *Orchestrator::taskForChild(const SessionKey &childSessionKey)
{
    if (const auto worker = m_workers.constFind(childSessionKey);
        worker != m_workers.constEnd() && !worker->taskId.isEmpty())
        return findTask(worker->taskId);
    return findTask(m_taskByChild.value(childSessionKey));
}

void Orchestrator::insertTask(TaskRecord record, const TransitionCause &cause)
{
    m_activeTaskByKey.insert(record.taskKey, record.taskId);
    countState(record.orchestratorSessionKey, record.state, +1);
    m_changes.transitions.append(
        {record.taskId, record.updatedAt, std::nullopt, record.state, cause});
    const TaskId id = record.taskId;
    m_absentFromArchive.remove(id);
    markDirty(*m_tasks.insert(id, std::move(record)));
}

void Orchestrator::setTaskState(TaskRecord &task, TaskState state, const TransitionCause &cause,
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
    task.lastOutcome = cause;
    task.updatedAt = now;
    if (isActive(state))
        m_activeTaskByKey.insert(task.taskKey, task.taskId);
    else if (m_activeTaskByKey.value(task.taskKey) == task.taskId)
        m_activeTaskByKey.remove(task.taskKey);
    m_changes.transitions.append({task.taskId, now, from, state, cause});
    markDirty(task);
}

void Orchestrator::markDirty(const TaskRecord &task)
{
    if (!m_dirtyTasks.contains(task.taskId)) {
        m_dirtyTasks.insert(task.taskId);
        m_dirtyTaskOrder.append(task.taskId);
    }
}

void Orchestrator::countState(const SessionKey &orchestrator, TaskState state, int delta)
{
    m_summaries[orchestrator][state] += delta;
}

int Orchestrator::nextAttemptFor(const TaskKey &taskKey) const
{
    int highest = m_highestAttemptByKey.value(taskKey);
    if (m_archive) {
        auto archived = m_archivedHighestAttempt.constFind(taskKey);
        if (archived == m_archivedHighestAttempt.constEnd()) {
            const ReadResult<int> stored = m_archive->highestAttempt(taskKey);
            if (stored.isFailed())
                qCWarning(lcCore).noquote() << "could not read the attempts of" << taskKey
                                            << "from the store:" << stored.error();
            archived =
                m_archivedHighestAttempt.insert(taskKey, stored.isFound() ? stored.value() : 0);
        }
        highest = qMax(highest, *archived);
    }
    return highest + 1;
}

void Orchestrator::queueRetry(TaskRecord &task, const PendingSpawn &pending,
                              const QString &failedSession, const RetryReason &reason, int attempt,
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
    envelope.reason = reason;
    envelope.attempt = attempt;
    envelope.runAfterMs = runAfter;
    envelope.operatorNote = note;
    envelope.operatorForced = forced;
    dropRetryFor(pending.taskKey);
    m_respawnWatches.remove(pending.taskKey);
    m_pendingRetries.append(envelope);
    ++m_retryQueueRevision;
    setTaskState(task, TaskState::Queued,
                 forced ? TransitionCause::operatorRetryQueued(attempt)
                        : TransitionCause::retryQueued(
                              attempt, reason.workerOutcome().value_or(WorkerOutcome::Unknown)),
                 runAfter);
    emitStatusUpdate(pending.orchestratorSessionKey, QStringLiteral("retry-queued"));
}

void Orchestrator::dropRetryFor(const TaskKey &taskKey)
{
    if (m_pendingRetries.removeIf(
            [&taskKey](const RetryEnvelope &envelope) { return envelope.taskKey == taskKey; }) > 0)
        ++m_retryQueueRevision;
}

QList<Orchestrator::QueuedRetry> Orchestrator::queuedRetries() const
{
    QList<QueuedRetry> out;
    out.reserve(m_pendingRetries.size());
    for (const RetryEnvelope &envelope : m_pendingRetries) {
        out.append({envelope.taskId, envelope.taskKey, envelope.requesterSessionKey,
                    envelope.reason, envelope.attempt, envelope.runAfterMs,
                    envelope.operatorForced});
    }
    return out;
}

std::optional<Orchestrator::PendingSpawn>
Orchestrator::pendingFromTask(const TaskRecord &task) const
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

void Orchestrator::removeWorker(const SessionKey &childSessionKey)
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

void Orchestrator::setBinding(const SessionKey &requester, const SessionKey &orchestrator)
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

void Orchestrator::retireOrchestrator(const SessionKey &orchestrator, const QString &reason)
{
    const SessionKey requester = m_requesterByOrchestrator.take(orchestrator);
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
        for (const SessionKey &child : workers) {
            m_workers.remove(child);
            WorkerChange change;
            change.remove = true;
            change.record.childSessionKey = child;
            m_changes.workerChanges.append(change);
        }
    }
    qCInfo(lcCore) << "retired orchestrator" << orchestrator << "(" << reason << ")";
}

void Orchestrator::touchOrchestrator(const SessionKey &orchestrator)
{
    if (!orchestrator.isEmpty())
        m_orchestratorLastTouch.insert(orchestrator, m_clock.now());
}

bool Orchestrator::sessionAlive(const SessionKey &sessionKey) const
{
    return !sessionKey.isEmpty() && !m_endedSessions.contains(sessionKey) &&
           !m_retiredOrchestrators.contains(sessionKey);
}

SessionKey Orchestrator::liveTargetFor(const SessionKey &sessionKey,
                                       const SessionKey &fallbackRequester) const
{
    // The session that spawned the worker while it lives, else up its chain: a hidden
    // orchestrator often ends a second after its last worker, and a retry sent there is lost.
    SessionKey candidate = sessionKey;
    for (int hop = 0; hop < 8 && !candidate.isEmpty(); ++hop) {
        if (sessionAlive(candidate))
            return candidate;
        SessionKey up = m_requesterByOrchestrator.value(candidate);
        if (up.isEmpty() && hop == 0)
            up = fallbackRequester;
        if (up == candidate)
            break;
        candidate = up;
    }
    return fallbackRequester.isEmpty() ? sessionKey : fallbackRequester;
}

// --- outputs -------------------------------------------------------------------------------

ChangeSet Orchestrator::takeChanges()
{
    for (const TaskId &id : std::as_const(m_dirtyTaskOrder)) {
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

std::optional<TaskRecord> Orchestrator::task(const TaskId &taskId) const
{
    if (const auto it = m_tasks.constFind(taskId); it != m_tasks.constEnd())
        return *it;
    if (!m_archive)
        return std::nullopt;
    return m_archive->findTask(taskId).optional();
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

std::optional<WorkerRecord> Orchestrator::worker(const SessionKey &childSessionKey) const
{
    if (const auto it = m_workers.constFind(childSessionKey); it != m_workers.constEnd())
        return *it;
    return std::nullopt;
}

StatusSummary Orchestrator::summaryFor(const SessionKey &orchestratorSessionKey) const
{
    return m_summaries.value(orchestratorSessionKey);
}

} // namespace clawops::core
