#include "WorkerRegistry.h"

#include <algorithm>

namespace clawops::core {

WorkerRegistry::WorkerRegistry(ChangeSet &changes)
    : m_changes(changes)
{}

void WorkerRegistry::restore(const WorkerRecord &worker)
{
    if (const auto old = m_workers.constFind(worker.childSessionKey); old != m_workers.constEnd())
        unfile(*old);
    file(worker);
}

void WorkerRegistry::upsert(const WorkerRecord &worker)
{
    restore(worker);
    m_changes.workerChanges.append({false, worker});
}

void WorkerRegistry::remove(const SessionKey &childSessionKey)
{
    if (const auto it = m_workers.constFind(childSessionKey); it != m_workers.constEnd()) {
        unfile(*it);
        m_workers.erase(it);
    }
    recordRemoval(childSessionKey);
}

void WorkerRegistry::removeAllOf(const SessionKey &orchestratorSessionKey)
{
    const QSet<SessionKey> children = m_workersByOrchestrator.take(orchestratorSessionKey);
    for (const SessionKey &child : children) {
        if (const auto it = m_workers.constFind(child); it != m_workers.constEnd()) {
            if (it->running())
                --m_running;
            m_workers.erase(it);
        }
        recordRemoval(child);
    }
}

const WorkerRecord *WorkerRegistry::find(const SessionKey &childSessionKey) const
{
    const auto it = m_workers.constFind(childSessionKey);
    return it == m_workers.constEnd() ? nullptr : &*it;
}

bool WorkerRegistry::anyRunningUnder(const SessionKey &orchestratorSessionKey) const
{
    const auto children = m_workersByOrchestrator.constFind(orchestratorSessionKey);
    if (children == m_workersByOrchestrator.constEnd())
        return false;
    return std::any_of(children->cbegin(), children->cend(), [this](const SessionKey &child) {
        const WorkerRecord *worker = find(child);
        return worker && worker->running();
    });
}

void WorkerRegistry::file(const WorkerRecord &worker)
{
    m_workers.insert(worker.childSessionKey, worker);
    m_workersByOrchestrator[worker.orchestratorSessionKey].insert(worker.childSessionKey);
    if (worker.running())
        ++m_running;
}

void WorkerRegistry::unfile(const WorkerRecord &worker)
{
    if (worker.running())
        --m_running;
    if (auto set = m_workersByOrchestrator.find(worker.orchestratorSessionKey);
        set != m_workersByOrchestrator.end()) {
        set->remove(worker.childSessionKey);
        if (set->isEmpty())
            m_workersByOrchestrator.erase(set);
    }
}

void WorkerRegistry::recordRemoval(const SessionKey &childSessionKey)
{
    WorkerChange change;
    change.remove = true;
    change.record.childSessionKey = childSessionKey;
    m_changes.workerChanges.append(change);
}

} // namespace clawops::core
