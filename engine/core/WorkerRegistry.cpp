#include "WorkerRegistry.h"

namespace clawops::core {

WorkerRegistry::WorkerRegistry(ChangeSet &changes, qsizetype endedKept)
    : m_changes(changes)
    , m_endedKept(endedKept)
{}

void WorkerRegistry::restore(const WorkerRecord &worker)
{
    bool newEnding = !worker.running();
    if (const auto old = m_workers.constFind(worker.childSessionKey); old != m_workers.constEnd()) {
        newEnding = newEnding && (old->running() || old->updatedAt != worker.updatedAt);
        unfile(*old);
    }
    file(worker);
    if (newEnding) {
        m_endings.push_back({worker.childSessionKey, worker.updatedAt});
        letGoOfOldEndings();
    }
}

void WorkerRegistry::upsert(const WorkerRecord &worker)
{
    restore(worker);
    m_changes.workerChanges.append({WorkerChange::Kind::Upsert, worker});
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
        recordRemoval(child); // as the plugin, which deletes the rows of the workers it holds
    }
    m_runningByOrchestrator.remove(orchestratorSessionKey);
    WorkerChange change{WorkerChange::Kind::DeleteByOrchestrator, {}};
    change.record.orchestratorSessionKey = orchestratorSessionKey;
    m_changes.workerChanges.append(change);
}

const WorkerRecord *WorkerRegistry::find(const SessionKey &childSessionKey) const
{
    const auto it = m_workers.constFind(childSessionKey);
    return it == m_workers.constEnd() ? nullptr : &*it;
}

void WorkerRegistry::file(const WorkerRecord &worker)
{
    m_workers.insert(worker.childSessionKey, worker);
    m_workersByOrchestrator[worker.orchestratorSessionKey].insert(worker.childSessionKey);
    if (worker.running())
        countRunning(worker, +1);
}

void WorkerRegistry::unfile(const WorkerRecord &worker)
{
    if (worker.running())
        countRunning(worker, -1);
    if (auto set = m_workersByOrchestrator.find(worker.orchestratorSessionKey);
        set != m_workersByOrchestrator.end()) {
        set->remove(worker.childSessionKey);
        if (set->isEmpty())
            m_workersByOrchestrator.erase(set);
    }
}

void WorkerRegistry::countRunning(const WorkerRecord &worker, int delta)
{
    m_running += delta;
    const auto count = m_runningByOrchestrator.find(worker.orchestratorSessionKey);
    if (count == m_runningByOrchestrator.end()) {
        if (delta > 0)
            m_runningByOrchestrator.insert(worker.orchestratorSessionKey, delta);
    } else if ((*count += delta) <= 0) {
        m_runningByOrchestrator.erase(count);
    }
}

void WorkerRegistry::recordRemoval(const SessionKey &childSessionKey)
{
    WorkerChange change{WorkerChange::Kind::Delete, {}};
    change.record.childSessionKey = childSessionKey;
    m_changes.workerChanges.append(change);
}

void WorkerRegistry::letGoOfOldEndings()
{
    while (qsizetype(m_endings.size()) > m_endedKept) {
        const Ending oldest = m_endings.front();
        m_endings.pop_front();
        const auto it = m_workers.constFind(oldest.childSessionKey);
        if (it == m_workers.constEnd() || it->running() || it->updatedAt != oldest.updatedAt)
            continue; // gone, running again, or ended again since: a newer entry stands for it
        unfile(*it);
        m_workers.erase(it);
    }
}

} // namespace clawops::core
