#include "RetryQueue.h"

#include <utility>

namespace clawops::core {

RetryQueue::RetryQueue(ChangeSet &changes)
    : m_changes(changes)
{}

void RetryQueue::restoreCount(const TaskKey &taskKey, int retries)
{
    if (!taskKey.isEmpty())
        m_retryCounts.insert(taskKey, qMax(0, retries));
}

void RetryQueue::setRetriesUsed(const TaskKey &taskKey, int retries, TimeMs now)
{
    m_retryCounts.insert(taskKey, retries);
    m_changes.retryCounts.append({taskKey, retries, now});
}

namespace {
// Past this many untaken changes beyond the queue's own length, the console is better served by
// the whole queue again than by a list of changes, and the lists stop growing.
constexpr qsizetype kChangesKeptBeyondQueue = 4096;
} // namespace

void RetryQueue::enqueue(RetryEnvelope envelope)
{
    if (const auto it = m_queuedByKey.constFind(envelope.taskKey); it != m_queuedByKey.constEnd())
        remove(*it);
    m_respawnWatches.remove(envelope.taskKey);
    noteQueued(envelope);
    ++m_queuedByRequester[envelope.requesterSessionKey];
    const TaskKey key = envelope.taskKey;
    m_queuedByKey.insert(key, m_queued.insert(m_queued.end(), std::move(envelope)));
}

bool RetryQueue::drop(const TaskKey &taskKey)
{
    const auto it = m_queuedByKey.constFind(taskKey);
    if (it == m_queuedByKey.constEnd())
        return false;
    remove(*it);
    return true;
}

void RetryQueue::remove(Queued::iterator at)
{
    noteLeft(*at);
    if (const auto requester = m_queuedByRequester.find(at->requesterSessionKey);
        requester != m_queuedByRequester.end() && --*requester <= 0)
        m_queuedByRequester.erase(requester);
    m_queuedByKey.remove(at->taskKey);
    m_queued.erase(at);
}

void RetryQueue::noteQueued(const RetryEnvelope &envelope)
{
    if (m_wholeChanged)
        return;
    m_leftTaskIds.remove(envelope.taskId);
    m_changedKeys.insert(envelope.taskKey);
    boundChanges();
}

void RetryQueue::noteLeft(const RetryEnvelope &envelope)
{
    if (m_wholeChanged)
        return;
    m_changedKeys.remove(envelope.taskKey);
    m_leftTaskIds.insert(envelope.taskId);
    boundChanges();
}

void RetryQueue::boundChanges()
{
    if (m_changedKeys.size() + m_leftTaskIds.size() <= size() + kChangesKeptBeyondQueue)
        return;
    m_wholeChanged = true;
    m_changedKeys.clear();
    m_leftTaskIds.clear();
}

RetryQueueChanges RetryQueue::takeChanges()
{
    RetryQueueChanges out;
    out.whole = std::exchange(m_wholeChanged, false);
    out.queued = m_changedKeys.values();
    out.left = m_leftTaskIds.values();
    m_changedKeys.clear();
    m_leftTaskIds.clear();
    return out;
}

QList<RetryEnvelope> RetryQueue::dueNow(TimeMs now, int freeSlots, bool paused) const
{
    QList<RetryEnvelope> out;
    for (const RetryEnvelope &envelope : m_queued) {
        if (envelope.operatorForced) {
            if (envelope.runAfterMs <= now)
                out.append(envelope);
            continue;
        }
        if (paused || envelope.runAfterMs > now)
            continue;
        if (freeSlots <= 0)
            break;
        out.append(envelope);
        --freeSlots;
    }
    return out;
}

void RetryQueue::watchRespawn(const TaskKey &taskKey, const RespawnWatch &watch)
{
    m_respawnWatches.insert(taskKey, watch);
}

QList<RespawnWatch> RetryQueue::takeExpiredWatches(TimeMs now)
{
    QList<RespawnWatch> expired;
    for (auto it = m_respawnWatches.begin(); it != m_respawnWatches.end();) {
        if (it->deadline > now) {
            ++it;
            continue;
        }
        expired.append(*it);
        it = m_respawnWatches.erase(it);
    }
    return expired;
}

void RetryQueue::extendWatches(TimeMs until)
{
    for (RespawnWatch &watch : m_respawnWatches)
        watch.deadline = qMax(watch.deadline, until);
}

std::optional<RetryEnvelope> RetryQueue::takeFailedSend(const TaskKey &taskKey,
                                                        const QString &sendKey)
{
    const auto it = m_respawnWatches.constFind(taskKey);
    if (it == m_respawnWatches.constEnd() || it->sendKey.isEmpty() || it->sendKey != sendKey)
        return std::nullopt;
    RetryEnvelope envelope = it->sent;
    m_respawnWatches.erase(it);
    return envelope;
}

} // namespace clawops::core
