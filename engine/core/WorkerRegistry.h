#pragma once

#include "Ids.h"
#include "Records.h"

#include <QHash>
#include <QSet>

#include <deque>

namespace clawops::core {

// The worker sessions the core tracks, as the plugin's workerStateBySession and
// workersByOrchestrator: each worker is filed under its orchestrator, the number of running ones
// is kept as they start and end (the scheduler's free slots), and every change is recorded for
// the store.
//
// Unlike the plugin, which keeps every worker until its session is deleted, only running workers
// and the newest ended ones stay in memory: an ended worker serves only to recognise late
// duplicates of its ending, which come within seconds, and a fleet that never deletes sessions
// would otherwise grow the engine by a record per spawn for ever. The store keeps every row.
class WorkerRegistry
{
public:
    // Enough ended workers to outlast a run's duplicate endings at thousands of spawns a minute.
    static constexpr qsizetype kEndedKept = 4096;

    explicit WorkerRegistry(ChangeSet &changes, qsizetype endedKept = kEndedKept);

    // Start-up: a worker row as stored (nothing recorded).
    void restore(const WorkerRecord &worker);
    void upsert(const WorkerRecord &worker);
    // Records the removal even for a worker not tracked, as the plugin deletes the row anyway.
    void remove(const SessionKey &childSessionKey);
    // A retired orchestrator's workers go with it, those in the store only included.
    void removeAllOf(const SessionKey &orchestratorSessionKey);

    const WorkerRecord *find(const SessionKey &childSessionKey) const;
    bool contains(const SessionKey &childSessionKey) const
    {
        return m_workers.contains(childSessionKey);
    }
    int runningCount() const { return m_running; }
    bool anyRunningUnder(const SessionKey &orchestratorSessionKey) const
    {
        return m_runningByOrchestrator.value(orchestratorSessionKey) > 0;
    }
    // Workers held in memory: the running ones and at most endedKept ended ones.
    qsizetype size() const { return m_workers.size(); }

private:
    struct Ending
    {
        SessionKey childSessionKey;
        TimeMs updatedAt = 0; // tells this ending from a later one of the same session
    };

    void file(const WorkerRecord &worker);
    void unfile(const WorkerRecord &worker);
    void countRunning(const WorkerRecord &worker, int delta);
    void recordRemoval(const SessionKey &childSessionKey);
    void letGoOfOldEndings();

    ChangeSet &m_changes;
    const qsizetype m_endedKept;
    QHash<SessionKey, WorkerRecord> m_workers;
    QHash<SessionKey, QSet<SessionKey>> m_workersByOrchestrator;
    QHash<SessionKey, int> m_runningByOrchestrator;
    std::deque<Ending> m_endings; // oldest first; an entry may name a worker gone or running again
    int m_running = 0;
};

} // namespace clawops::core
