#pragma once

#include "Clock.h"
#include "Ids.h"
#include "ReadResult.h"
#include "Receipts.h"
#include "Records.h"
#include "StateCounts.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <algorithm>
#include <optional>

namespace clawops::core {

// The tasks the core works on: the active ones (always in memory), terminal ones until the store
// has them, and older ones read back from the store when an event names them. Every change to a
// task goes through here, so that what hangs off a task stays true with it:
//  - a task key's active task is its one task in an active state;
//  - a worker session leads to the task it runs;
//  - the counts per orchestrator and state move with every transition, and each transition is
//    recorded for the store;
//  - a changed task is written once per batch, in the order it first changed;
//  - a task key's attempts are numbered on from the highest one ever stored.
// Mutators take the id of a task in memory (one find() returned); read pointers stay valid only
// until the next call that may read from the store.
class TaskIndex
{
public:
    TaskIndex(const Clock &clock, const TaskArchive *archive, ChangeSet &changes);

    // Start-up. Counts restored from the store cover every stored task; without them the
    // restored active tasks are counted one by one. Counts first, then tasks.
    void restoreCounts(const QHash<SessionKey, StatusSummary> &summaries);
    void restore(const TaskRecord &task);

    // A task in memory, else read from the store (and kept, so that each answer costs one read).
    ReadResult<const TaskRecord *> lookup(const TaskId &taskId);
    // lookup() for callers to whom a failed read is the same as absence for this one event.
    const TaskRecord *find(const TaskId &taskId);
    // The task a worker session last ran, by the index; callers that know the worker's own
    // task id look that up instead.
    const TaskRecord *findByWorker(const SessionKey &childSessionKey);
    // For readers outside the event flow (the console): no caching, nothing kept.
    std::optional<TaskRecord> peek(const TaskId &taskId) const;
    // Only what is in memory (every active task is), without a copy.
    const TaskRecord *held(const TaskId &taskId) const
    {
        const auto it = m_tasks.constFind(taskId);
        return it == m_tasks.constEnd() ? nullptr : &*it;
    }
    TaskId activeTaskFor(const TaskKey &taskKey) const;
    QList<TaskRecord> activeTasks() const;
    // Tasks awaiting verification since `cutoff` or longer, oldest first, at most `limit`.
    QList<TaskId> awaitingVerificationSince(TimeMs cutoff, int limit) const;
    StatusSummary summaryFor(const SessionKey &orchestratorSessionKey) const;
    // The attempt a new task of the key gets; failed when the store cannot say how far the key
    // got (nothing is remembered then, and nothing may be numbered on a guess).
    ReadResult<int> nextAttemptFor(const TaskKey &taskKey) const;
    qsizetype size() const { return m_tasks.size(); }
    // Task keys whose highest attempt is kept in memory: those of held tasks, and up to about
    // as many again of keys whose tasks were compacted away (for tests).
    qsizetype attemptKeysKept() const
    {
        return std::max(m_highestAttemptByKey.size(), m_archivedHighestAttempt.size());
    }

    void create(const TaskRecord &record, const TransitionCause &cause);
    void setState(const TaskId &taskId, TaskState state, const TransitionCause &cause,
                  std::optional<TimeMs> nextRunAt = std::nullopt);
    void attachWorker(const TaskId &taskId, const SessionKey &childSessionKey,
                      const QString &gatewayTaskId);
    void setGatewayTaskId(const TaskId &taskId, const QString &gatewayTaskId);
    // False when the task already holds this very receipt (an announce repeating the reply).
    bool recordReceipt(const TaskId &taskId, const WorkerReceipt &receipt);
    // The next receipt, even one alike, is news (an operator's answer was sent).
    void forgetReceiptText(const TaskId &taskId);

    // The rows changed since the last call, for the store's batch.
    void takeChangedRows(QList<TaskRecord> &rows);
    // Forgets terminal tasks whose rows the store now holds.
    void compact();

private:
    TaskRecord *inMemory(const TaskId &taskId);
    void markChanged(const TaskRecord &task);
    void forgetAttemptsOfKeysNotHeld();
    void count(const SessionKey &orchestrator, TaskState state, int delta);

    const Clock &m_clock;
    const TaskArchive *m_archive;
    ChangeSet &m_changes;
    bool m_countsRestored = false;

    QHash<TaskId, TaskRecord> m_tasks; // active tasks and terminal ones not yet compacted
    QHash<TaskKey, TaskId> m_activeTaskByKey;
    QHash<SessionKey, TaskId> m_taskByWorker;
    QHash<TaskKey, int> m_highestAttemptByKey;
    QHash<SessionKey, StatusSummary> m_summaries;
    // What the archive answered, so that each answer costs one SQL read. Sound because the store
    // only ever gains tasks through this core: an id it lacked stays absent until create(), and
    // a key's later attempts are counted in m_highestAttemptByKey. Receipts naming ids of their
    // own and every new task key would otherwise cost a read per frame that names them.
    mutable QHash<TaskKey, int> m_archivedHighestAttempt;
    QSet<TaskId> m_absentFromArchive; // bounded: cleared when it grows past a limit
    QList<TaskId> m_changedOrder;
    QSet<TaskId> m_changed;
    // Held tasks that compact() may let go: taken for the store while not active, restored or
    // read from the store. Every held task that is neither active nor changed is among them.
    QList<TaskId> m_mayLetGo;
};

} // namespace clawops::core
