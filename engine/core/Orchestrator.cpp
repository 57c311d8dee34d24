#include "Orchestrator.h"

#include "Backoff.h"
#include "Logging.h"

namespace clawops::core {

namespace {

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
    , m_tasks(clock, archive, m_changes)
    , m_retries(m_changes)
    , m_orchestrators(m_changes)
    , m_workers(m_changes)
    , m_status(m_config, clock, m_actions)
    , m_policy(m_config, m_orchestrators, m_changes, m_actions)
    , m_approvals(clock, m_changes.approvals)
{}

void Orchestrator::rehydrate(const Snapshot &snapshot)
{
    const TimeMs now = m_clock.now();
    for (const BindingRecord &binding : snapshot.bindings)
        m_orchestrators.restore(binding);
    for (const RetryCountRecord &retry : snapshot.retryCounts)
        m_retries.restoreCount(retry.taskKey, retry.retries);
    for (const WorkerRecord &worker : snapshot.workers) {
        if (!worker.childSessionKey.isEmpty() && !worker.orchestratorSessionKey.isEmpty())
            m_workers.restore(worker);
    }
    m_tasks.restoreCounts(snapshot.summaries);
    for (auto it = snapshot.suppressedSpawns.cbegin(); it != snapshot.suppressedSpawns.cend(); ++it)
        m_spawns.noteSuppressed(it.key(), it.value());
    for (const TaskRecord &task : snapshot.activeTasks) {
        m_tasks.restore(task);
        if (task.state == TaskState::Queued)
            restoreQueuedRetry(task, now);
    }
    qCInfo(lcCore) << "rehydrated" << m_tasks.size() << "active tasks," << m_workers.size()
                   << "workers," << m_orchestrators.size() << "orchestrators," << m_retries.size()
                   << "queued retries";
}

void Orchestrator::restoreQueuedRetry(const TaskRecord &task, TimeMs now)
{
    // A queued row with a run time is a retry that was waiting when we stopped (the plugin
    // requires a parseable spec with a task; so do we).
    if (task.nextRunAt && !task.spec.task.isEmpty()) {
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
        envelope.attempt = qMax(1, m_retries.retriesUsed(task.taskKey, task.attempt));
        envelope.runAfterMs = *task.nextRunAt;
        m_retries.enqueue(envelope);
    } else {
        // Dispatched before the stop but not yet respawned: watch for the respawn again.
        m_retries.watchRespawn(
            task.taskKey,
            {task.taskId, task.orchestratorSessionKey, now + m_config.respawnWindowMs, {}, {}});
    }
}

// An event that needs a read the store cannot answer waits, and every event after it waits
// behind it, so that they all apply in their order once the store answers (tried again each
// scheduler turn). Nothing is numbered on a guess meanwhile: a spawn numbered without its key's
// stored attempts could restart the numbering and overwrite an older attempt's row.
void Orchestrator::handle(const DomainEvent &event)
{
    if (!m_held.isEmpty()) {
        hold(event, {});
        if (std::holds_alternative<Tick>(event))
            releaseHeldEvents();
        return;
    }
    if (const Wait wait = apply(event))
        hold(event, *wait);
}

void Orchestrator::hold(const DomainEvent &event, const QString &why)
{
    if (m_held.isEmpty()) {
        qCWarning(lcCore).noquote()
            << "the store could not be read (" << why
            << "); events wait until it answers, retried each scheduler turn";
        AuditRecord record;
        record.at = m_clock.now();
        record.operatorName = QStringLiteral("engine");
        record.action = QStringLiteral("hold-events");
        record.reason = QStringLiteral("store-read-failed");
        record.result = why;
        record.detail = QStringLiteral("a spawn's attempt number needs the store; events wait");
        m_changes.audits.append(record);
    }
    // Turns in a row are one turn: they read the clock, not the time they were held.
    if (std::holds_alternative<Tick>(event) && !m_held.isEmpty() &&
        std::holds_alternative<Tick>(m_held.constLast()))
        return;
    m_held.append(event);
    if (m_held.size() % 10000 == 0)
        qCWarning(lcCore) << m_held.size() << "events wait for the store";
}

void Orchestrator::releaseHeldEvents()
{
    while (!m_held.isEmpty()) {
        if (apply(m_held.constFirst()))
            return;
        m_held.removeFirst();
    }
    qCInfo(lcCore) << "the store answers again; the events that waited are applied";
}

Orchestrator::Wait Orchestrator::apply(const DomainEvent &event)
{
    Wait wait;
    std::visit(Overloaded{
                   [&](const SpawnRequested &e) { wait = onSpawnRequested(e); },
                   [this](const SpawnAccepted &e) { onSpawnAccepted(e); },
                   [this](const SpawnRejected &e) { onSpawnRejected(e); },
                   [this](const GatewayTaskSeen &e) { onGatewayTaskSeen(e); },
                   [this](const WorkerEnded &e) { onWorkerEnded(e); },
                   [this](const SessionText &e) { onSessionText(e); },
                   [this](const SessionEnded &e) { onSessionEnded(e); },
                   [this](const OrchestratorBound &e) { onOrchestratorBound(e); },
                   [this](const OrchestratorEnded &e) { onOrchestratorEnded(e); },
                   [this](const Tick &) { onTick(); },
                   [this](const GatewayReachability &e) { onGatewayReachability(e); },
                   [this](const SendFailed &e) { onSendFailed(e); },
                   [this](const ToolStarted &e) { onToolStarted(e); },
                   [this](const ApprovalRequested &e) { onApprovalRequested(e); },
                   [this](const ApprovalResolved &e) { onApprovalResolved(e); },
                   [this](const ApprovalsListed &e) { onApprovalsListed(e); },
                   [this](const ApprovalDecisionFailed &e) { onApprovalDecisionFailed(e); },
               },
               event);
    return wait;
}

// --- steps that span units -----------------------------------------------------------------

const TaskRecord *Orchestrator::taskForChild(const SessionKey &childSessionKey)
{
    if (const WorkerRecord *worker = m_workers.find(childSessionKey);
        worker && !worker->taskId.isEmpty())
        return m_tasks.find(worker->taskId);
    return m_tasks.findByWorker(childSessionKey);
}

void Orchestrator::queueRetry(const TaskId &taskId, const PendingSpawn &pending,
                              const QString &failedSession, const RetryReason &reason, int attempt,
                              TimeMs runAfter, const QString &note, bool forced)
{
    m_retries.setRetriesUsed(pending.taskKey, attempt, m_clock.now());
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
    m_retries.enqueue(envelope);
    m_tasks.setState(taskId, TaskState::Queued,
                     forced ? TransitionCause::operatorRetryQueued(attempt)
                            : TransitionCause::retryQueued(
                                  attempt, reason.workerOutcome().value_or(WorkerOutcome::Unknown)),
                     runAfter);
    emitStatusUpdate(pending.orchestratorSessionKey, QStringLiteral("retry-queued"));
}

std::optional<PendingSpawn> Orchestrator::pendingFromTask(const TaskRecord &task) const
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

void Orchestrator::retireOrchestrator(const SessionKey &orchestrator, const QString &reason)
{
    m_orchestrators.retire(orchestrator, reason);
    m_workers.removeAllOf(orchestrator);
}

void Orchestrator::touchOrchestrator(const SessionKey &orchestrator)
{
    m_orchestrators.touch(orchestrator, m_clock.now());
}

void Orchestrator::emitStatusUpdate(const SessionKey &orchestrator, const QString &reason)
{
    if (!m_status.enabled())
        return;
    const SessionKey requester = m_orchestrators.requesterOf(orchestrator);
    if (!requester.isEmpty())
        m_status.report(orchestrator, requester, m_tasks.summaryFor(orchestrator), reason);
}

// --- outputs -------------------------------------------------------------------------------

ChangeSet Orchestrator::takeChanges()
{
    m_tasks.takeChangedRows(m_changes.taskUpserts);
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
    m_tasks.compact();
}

QList<Orchestrator::QueuedRetry> Orchestrator::queuedRetries() const
{
    QList<QueuedRetry> out;
    out.reserve(m_retries.size());
    for (const RetryEnvelope &envelope : m_retries.queued())
        out.append(describe(envelope));
    return out;
}

std::optional<Orchestrator::QueuedRetry> Orchestrator::queuedRetry(const TaskKey &taskKey) const
{
    if (const RetryEnvelope *envelope = m_retries.find(taskKey))
        return describe(*envelope);
    return std::nullopt;
}

Orchestrator::QueuedRetry Orchestrator::describe(const RetryEnvelope &envelope) const
{
    const TaskRecord *task = m_tasks.held(envelope.taskId); // a queued task is active, so held
    return {envelope.taskId,
            envelope.taskKey,
            task ? task->label : QString(),
            envelope.requesterSessionKey,
            envelope.reason,
            envelope.attempt,
            envelope.runAfterMs,
            envelope.operatorForced,
            nominalRetryDelayMs(m_config.retryBaseBackoffMs, m_config.retryMaxBackoffMs,
                                envelope.attempt)};
}

std::optional<WorkerRecord> Orchestrator::worker(const SessionKey &childSessionKey) const
{
    if (const WorkerRecord *found = m_workers.find(childSessionKey))
        return *found;
    return std::nullopt;
}

} // namespace clawops::core
