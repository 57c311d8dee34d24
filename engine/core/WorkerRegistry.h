#pragma once

#include "Ids.h"
#include "Records.h"

#include <QHash>
#include <QSet>

namespace clawops::core {

// The worker sessions the core tracks, as the plugin's workerStateBySession and
// workersByOrchestrator: each worker is filed under its orchestrator, the number of running ones
// is kept as they start and end (the scheduler's free slots), and every change is recorded for
// the store.
class WorkerRegistry
{
public:
    explicit WorkerRegistry(ChangeSet &changes);

    // Start-up: a worker row as stored (nothing recorded).
    void restore(const WorkerRecord &worker);
    void upsert(const WorkerRecord &worker);
    // Records the removal even for a worker not tracked, as the plugin deletes the row anyway.
    void remove(const SessionKey &childSessionKey);
    // A retired orchestrator's workers go with it.
    void removeAllOf(const SessionKey &orchestratorSessionKey);

    const WorkerRecord *find(const SessionKey &childSessionKey) const;
    bool contains(const SessionKey &childSessionKey) const
    {
        return m_workers.contains(childSessionKey);
    }
    int runningCount() const { return m_running; }
    bool anyRunningUnder(const SessionKey &orchestratorSessionKey) const;
    qsizetype size() const { return m_workers.size(); }

private:
    void file(const WorkerRecord &worker);
    void unfile(const WorkerRecord &worker);
    void recordRemoval(const SessionKey &childSessionKey);

    ChangeSet &m_changes;
    QHash<SessionKey, WorkerRecord> m_workers;
    QHash<SessionKey, QSet<SessionKey>> m_workersByOrchestrator;
    int m_running = 0;
};

} // namespace clawops::core
