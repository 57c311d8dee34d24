#pragma once

#include "Clock.h"
#include "Ids.h"
#include "Records.h"
#include "SpawnSpec.h"
#include "TransitionCause.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <list>
#include <optional>

namespace clawops::core {

// A retry waiting for its time, as the plugin's RetryEnvelope.
struct RetryEnvelope
{
    TaskKey taskKey;
    TaskId taskId;
    SessionKey requesterSessionKey; // the session the retry text is for (the orchestrator)
    SpawnSpec spec;
    QString failedSessionKey; // a session key, or "none" / "restored-from-db" as the plugin
    RetryReason reason;
    int attempt = 1;
    TimeMs runAfterMs = 0;
    QString operatorNote;
    bool operatorForced = false; // dispatch regardless of free slots and of the pause
    int failedSends = 0;         // sends of this retry that did not reach the gateway
};

// A retry that went out: its task should be spawned again before the deadline.
struct RespawnWatch
{
    TaskId taskId;
    SessionKey deliveredTo;
    TimeMs deadline = 0;
    // The retry as sent and the key it went with, to queue it again should the send fail
    // (empty for a watch restored after a restart: that send is long settled).
    QString sendKey;
    RetryEnvelope sent;
};

// How the retry queue changed since the changes were last taken, for a console that keeps its
// own copy. A queue that waits for free slots can hold thousands of retries: the console gets
// what changed, not the whole queue at every change.
struct RetryQueueChanges
{
    // Too much changed to be worth listing (nobody took the changes for a long while): the
    // console should take the whole queue again. `queued` and `left` are then empty.
    bool whole = false;
    QList<TaskKey> queued; // keys whose retry joined the queue or was replaced
    QList<TaskId> left;    // tasks whose retry left it (sent, cancelled, replaced)

    bool isEmpty() const { return !whole && queued.isEmpty() && left.isEmpty(); }
};

// Everything about retries that outlives one event: how many each task key has used (the
// budget), the retries waiting (at most one per task key, in the order they were queued, like
// the plugin's Map), and the retries sent whose respawn is awaited. Queueing a retry ends any
// wait for the previous one's respawn. Finding, replacing and dropping a key's retry cost the
// same however long the queue is.
class RetryQueue
{
public:
    explicit RetryQueue(ChangeSet &changes);

    // Start-up: a stored retry count (nothing recorded).
    void restoreCount(const TaskKey &taskKey, int retries);
    // `otherwise` for a key with no count recorded.
    int retriesUsed(const TaskKey &taskKey, int otherwise = 0) const
    {
        return m_retryCounts.value(taskKey, otherwise);
    }
    void setRetriesUsed(const TaskKey &taskKey, int retries, TimeMs now);

    // Replaces any retry of the same task key.
    void enqueue(RetryEnvelope envelope);
    // False when none was queued for the key.
    bool drop(const TaskKey &taskKey);
    // What the scheduler sends now, in queue order: operator-forced retries when due (at once,
    // unless a failed send put them back for later) whatever the pause and the slots, others
    // when due and not paused while slots last (the plugin stops at the first that finds none).
    QList<RetryEnvelope> dueNow(TimeMs now, int freeSlots, bool paused) const;
    bool anyFor(const SessionKey &requesterSessionKey) const
    {
        return m_queuedByRequester.contains(requesterSessionKey);
    }
    // In queueing order.
    const std::list<RetryEnvelope> &queued() const { return m_queued; }
    const RetryEnvelope *find(const TaskKey &taskKey) const
    {
        const auto it = m_queuedByKey.constFind(taskKey);
        return it == m_queuedByKey.constEnd() ? nullptr : &**it;
    }
    qsizetype size() const { return qsizetype(m_queued.size()); }
    RetryQueueChanges takeChanges();

    void watchRespawn(const TaskKey &taskKey, const RespawnWatch &watch);
    void stopWatching(const TaskKey &taskKey) { m_respawnWatches.remove(taskKey); }
    // The watches whose deadline has passed, no longer watched.
    QList<RespawnWatch> takeExpiredWatches(TimeMs now);
    // No deadline before `until`: the respawn may have come while nobody could see it.
    void extendWatches(TimeMs until);
    // The retry whose send with `sendKey` failed, when that send is the one the key's watch
    // waits on; the watch ends.
    std::optional<RetryEnvelope> takeFailedSend(const TaskKey &taskKey, const QString &sendKey);

private:
    using Queued = std::list<RetryEnvelope>;

    void noteQueued(const RetryEnvelope &envelope);
    void noteLeft(const RetryEnvelope &envelope);
    void boundChanges();
    void remove(Queued::iterator at);

    ChangeSet &m_changes;
    QHash<TaskKey, int> m_retryCounts;
    Queued m_queued;
    QHash<TaskKey, Queued::iterator> m_queuedByKey;
    QHash<SessionKey, int> m_queuedByRequester;
    QHash<TaskKey, RespawnWatch> m_respawnWatches;
    // Changes not yet taken. Bounded: past a limit they collapse into `whole`.
    QSet<TaskKey> m_changedKeys;
    QSet<TaskId> m_leftTaskIds;
    bool m_wholeChanged = true; // nobody has seen the queue yet
};

} // namespace clawops::core
