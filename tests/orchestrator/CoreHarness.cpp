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
        if (change.remove)
            workers.remove(change.record.childSessionKey);
        else
            workers.insert(change.record.childSessionKey, change.record);
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
}

Snapshot MemoryStore::snapshot() const
{
    Snapshot snapshot;
    snapshot.bindings = bindings.values();
    snapshot.retryCounts = retries.values();
    snapshot.workers = workers.values();
    for (const TaskRecord &task : tasks) {
        if (isActive(task.state))
            snapshot.activeTasks.append(task);
    }
    return snapshot;
}

std::optional<TaskRecord> MemoryStore::findTask(const QString &taskId) const
{
    if (const auto it = tasks.constFind(taskId); it != tasks.constEnd())
        return *it;
    return std::nullopt;
}

int MemoryStore::highestAttempt(const QString &taskKey) const
{
    int highest = 0;
    for (const TaskRecord &task : tasks) {
        if (task.taskKey == taskKey)
            highest = qMax(highest, task.attempt);
    }
    return highest;
}

CoreRig::CoreRig(EngineConfig engineConfig, QList<double> randoms)
    : random(std::move(randoms))
    , config(std::move(engineConfig))
    , core(std::make_unique<Orchestrator>(config, clock, random, &store))
{}

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
    const CommandResult result = core->execute(operatorCommand);
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

SpawnRequested spawnOf(const QString &ref, const QString &task, const QString &label,
                       const QString &orchestrator, const QString &requester)
{
    SpawnRequested event;
    event.spawnRef = ref;
    event.orchestratorSessionKey = orchestrator;
    event.requesterSessionKey = requester.isEmpty() ? orchestrator : requester;
    event.spec.task = task;
    event.spec.label = label;
    return event;
}

} // namespace clawops::testing
