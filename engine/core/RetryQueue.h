#pragma once

#include "Clock.h"
#include "Ids.h"
#include "Records.h"
#include "SpawnSpec.h"
#include "TransitionCause.h"

#include <QHash>
#include <QList>

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

// Everything about retries that outlives one event: how many each task key has used (the
// budget), the retries waiting (at most one per task key, in the order they were queued, like
// the plugin's Map), and the retries sent whose respawn is awaited. Queueing a retry ends any
// wait for the previous one's respawn. The revision moves with every change of the queue, so
// the console can tell without comparing lists.
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
    bool anyFor(const SessionKey &requesterSessionKey) const;
    const QList<RetryEnvelope> &queued() const { return m_queued; }
    qsizetype size() const { return m_queued.size(); }
    quint64 revision() const { return m_revision; }

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
    ChangeSet &m_changes;
    QHash<TaskKey, int> m_retryCounts;
    QList<RetryEnvelope> m_queued;
    QHash<TaskKey, RespawnWatch> m_respawnWatches;
    quint64 m_revision = 0;
};

} // namespace clawops::core
