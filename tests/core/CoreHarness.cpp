#include "CoreHarness.h"

namespace clawops::testing {

using namespace clawops::core;

void MemoryStore::apply(const ChangeSet &changes)
{
    for (const TaskRecord &task : changes.taskUpserts) {
        TaskRecord row = task;
        if (const auto old = tasks.constFind(task.taskId); old != tasks.constEnd())
            row.createdAt = old->createdAt;
        tasks.insert(task.taskId, row);
    }
    for (const WorkerChange &change : changes.workerChanges) {
        switch (change.kind) {
        case WorkerChange::Kind::Upsert:
            workers.insert(change.record.childSessionKey, change.record);
            break;
        case WorkerChange::Kind::Delete:
            workers.remove(change.record.childSessionKey);
            break;
        case WorkerChange::Kind::DeleteByOrchestrator:
            workers.removeIf([&change](const auto &worker) {
                return worker.value().orchestratorSessionKey ==
                       change.record.orchestratorSessionKey;
            });
            break;
        }
    }
    for (const BindingChange &change : changes.bindingChanges) {
        switch (change.kind) {
        case BindingChange::Kind::Bind:
            for (auto it = bindings.begin(); it != bindings.end();) {
                if (it->orchestratorSessionKey == change.record.orchestratorSessionKey &&
                    it->requesterSessionKey != change.record.requesterSessionKey)
                    it = bindings.erase(it);
                else
                    ++it;
            }
            bindings.insert(change.record.requesterSessionKey, change.record);
            break;
        case BindingChange::Kind::DeleteByRequester:
            bindings.remove(change.record.requesterSessionKey);
            break;
        case BindingChange::Kind::DeleteByOrchestrator:
            for (auto it = bindings.begin(); it != bindings.end();) {
                if (it->orchestratorSessionKey == change.record.orchestratorSessionKey)
                    it = bindings.erase(it);
                else
                    ++it;
            }
            break;
        }
    }
    for (const RetryCountRecord &retry : changes.retryCounts)
        retries.insert(retry.taskKey, retry);
    transitions.append(changes.transitions);
    audits.append(changes.audits);
    suppressed.append(changes.suppressed);
    policyViolations.append(changes.policyViolations);
}

Snapshot MemoryStore::snapshot() const
{
    Snapshot snapshot;
    snapshot.bindings = bindings.values();
    snapshot.retryCounts = retries.values();
    for (const WorkerRecord &worker : workers) {
        if (worker.running()) // as the store reads them
            snapshot.workers.append(worker);
    }
    for (const TaskRecord &task : tasks) {
        if (isActive(task.state))
            snapshot.activeTasks.append(task);
        // As the SQL store does: counts over every row, terminal ones included.
        ++snapshot.summaries[task.orchestratorSessionKey][task.state];
    }
    for (const SuppressedSpawnRecord &record : suppressed)
        snapshot.suppressedSpawns.insert(SpawnRef(record.spawnRef), record.activeTaskId);
    return snapshot;
}

ReadResult<TaskRecord> MemoryStore::findTask(const TaskId &taskId) const
{
    if (!failReadsWith.isEmpty())
        return ReadResult<TaskRecord>::failed(failReadsWith);
    if (const auto it = tasks.constFind(taskId); it != tasks.constEnd())
        return ReadResult<TaskRecord>::found(*it);
    return ReadResult<TaskRecord>::absent();
}

ReadResult<int> MemoryStore::highestAttempt(const TaskKey &taskKey) const
{
    if (!failReadsWith.isEmpty())
        return ReadResult<int>::failed(failReadsWith);
    int highest = 0;
    for (const TaskRecord &task : tasks) {
        if (task.taskKey == taskKey)
            highest = qMax(highest, task.attempt);
    }
    return ReadResult<int>::found(highest);
}

CoreRig::CoreRig(EngineConfig engineConfig, QList<double> randoms, bool isLive)
    : random(std::move(randoms))
    , config(std::move(engineConfig))
    , core(std::make_unique<Orchestrator>(config, clock, random, &store))
    , live(isLive)
{
    if (live)
        send(GatewayReachability{true});
}

void CoreRig::send(const DomainEvent &event)
{
    core->handle(event);
    pump();
}

void CoreRig::tick(TimeMs advanceMs)
{
    clock.advance(advanceMs);
    send(Tick{});
}

CommandResult CoreRig::command(OperatorCommand operatorCommand)
{
    if (operatorCommand.operatorName.isEmpty())
        operatorCommand.operatorName = QStringLiteral("tester");
    CommandResult result = core->execute(operatorCommand);
    pump();
    return result;
}

void CoreRig::pump()
{
    store.apply(core->takeChanges());
    actions.append(core->takeActions());
    core->compact();
}

void CoreRig::restart()
{
    pump();
    core = std::make_unique<Orchestrator>(config, clock, random, &store);
    core->rehydrate(store.snapshot());
    if (live)
        send(GatewayReachability{true});
}

void CoreRig::setLive(bool isLive)
{
    live = isLive;
    send(GatewayReachability{isLive});
}

QList<SendToSession> CoreRig::sends() const
{
    QList<SendToSession> out;
    for (const DomainAction &action : actions) {
        if (const auto *send = std::get_if<SendToSession>(&action))
            out.append(*send);
    }
    return out;
}

QList<CancelWorker> CoreRig::cancels() const
{
    QList<CancelWorker> out;
    for (const DomainAction &action : actions) {
        if (const auto *cancel = std::get_if<CancelWorker>(&action))
            out.append(*cancel);
    }
    return out;
}

WorkerOutcome outcomeOf(const QString &text)
{
    if (text.isEmpty())
        return WorkerOutcome::Unknown; // the plugin's reading of a missing outcome
    const std::optional<WorkerOutcome> outcome = outcomeFromText(text);
    if (!outcome)
        qFatal("not a worker outcome: %s", qPrintable(text));
    return *outcome;
}

SpawnAccepted accepted(const QString &ref, const QString &child, const QString &runId,
                       const QString &gatewayTaskId)
{
    return SpawnAccepted{ref, SessionKey(child), runId, gatewayTaskId};
}

SpawnRejected rejected(const QString &ref, const QString &reason)
{
    return SpawnRejected{ref, reason == QLatin1String("missing-child-session-key")
                                  ? SpawnRejected::Reason::MissingChildSessionKey
                                  : SpawnRejected::Reason::NotAccepted};
}

GatewayTaskSeen taskSeen(const QString &child, const QString &gatewayTaskId)
{
    return GatewayTaskSeen{SessionKey(child), gatewayTaskId};
}

WorkerEnded ended(const QString &child, const QString &outcome, const QString &detail)
{
    return WorkerEnded{SessionKey(child), outcomeOf(outcome), detail};
}

SessionText sessionText(const QString &session, const QString &text, const QString &aboutChild)
{
    return SessionText{SessionKey(session), text, SessionKey(aboutChild)};
}

SessionEnded sessionEnded(const QString &session, const QString &reason)
{
    return SessionEnded{SessionKey(session), reason == QLatin1String("reset")
                                                 ? SessionEnded::Reason::Reset
                                                 : SessionEnded::Reason::Deleted};
}

OrchestratorBound bound(const QString &requester, const QString &orchestrator)
{
    return OrchestratorBound{SessionKey(requester), SessionKey(orchestrator)};
}

OrchestratorEnded orchestratorEnded(const QString &orchestrator)
{
    return OrchestratorEnded{SessionKey(orchestrator)};
}

SendFailed sendFailed(const SendToSession &send, const QString &error)
{
    return SendFailed{send.taskId, send.idempotencyKey, error};
}

OperatorCommand command(OperatorCommand::Kind kind, const QString &taskId,
                        const QString &operatorName, const QString &reason, const QString &text,
                        bool retry)
{
    OperatorCommand out;
    out.kind = kind;
    out.taskId = TaskId(taskId);
    out.operatorName = operatorName;
    out.reason = reason;
    out.text = text;
    out.retry = retry;
    return out;
}

QString statusText(const WorkerRecord &worker)
{
    return worker.running() ? QStringLiteral("running") : outcomeText(*worker.ended);
}

SpawnRequested spawnOf(const QString &ref, const QString &task, const QString &label,
                       const QString &orchestrator, const QString &requester)
{
    SpawnRequested event;
    event.spawnRef = ref;
    event.orchestratorSessionKey = SessionKey(orchestrator);
    event.requesterSessionKey = SessionKey(requester.isEmpty() ? orchestrator : requester);
    event.spec.task = task;
    event.spec.label = label;
    return event;
}

} // namespace clawops::testing
