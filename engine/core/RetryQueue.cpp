#include "RetryQueue.h"

#include <algorithm>

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

void RetryQueue::enqueue(RetryEnvelope envelope)
{
    drop(envelope.taskKey);
    m_respawnWatches.remove(envelope.taskKey);
    m_queued.append(std::move(envelope));
    ++m_revision;
}

bool RetryQueue::drop(const TaskKey &taskKey)
{
    if (m_queued.removeIf(
            [&taskKey](const RetryEnvelope &envelope) { return envelope.taskKey == taskKey; }) == 0)
        return false;
    ++m_revision;
    return true;
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

bool RetryQueue::anyFor(const SessionKey &requesterSessionKey) const
{
    return std::any_of(m_queued.cbegin(), m_queued.cend(), [&](const RetryEnvelope &envelope) {
        return envelope.requesterSessionKey == requesterSessionKey;
    });
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
