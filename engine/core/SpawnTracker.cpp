#include "SpawnTracker.h"

namespace clawops::core {

namespace {
// Task ids of children whose spawn result never came; past this many, an arbitrary one goes.
constexpr qsizetype kEarlyGatewayTaskLimit = 4096;
// Suppressed calls remembered; past this many, an arbitrary one goes (a week of duplicates on a
// busy fleet stays far below it).
constexpr qsizetype kSuppressedLimit = 100000;
// Replies waiting for their task; a resync reads at most a few hundred messages at once.
constexpr qsizetype kEarlyTextLimit = 512;
} // namespace

std::optional<PendingSpawn> SpawnTracker::takeAwaited(const SpawnRef &ref)
{
    const auto it = m_awaited.constFind(ref);
    if (it == m_awaited.constEnd())
        return std::nullopt;
    PendingSpawn spawn = *it;
    m_awaited.erase(it);
    return spawn;
}

std::optional<PendingSpawn> SpawnTracker::takeForChild(const SessionKey &childSessionKey)
{
    const auto it = m_byChild.constFind(childSessionKey);
    if (it == m_byChild.constEnd())
        return std::nullopt;
    PendingSpawn spawn = *it;
    m_byChild.erase(it);
    return spawn;
}

void SpawnTracker::noteGatewayTask(const SessionKey &childSessionKey, const QString &gatewayTaskId)
{
    m_gatewayTaskByChild.insert(childSessionKey, gatewayTaskId);
    if (m_gatewayTaskByChild.size() > kEarlyGatewayTaskLimit)
        m_gatewayTaskByChild.erase(m_gatewayTaskByChild.begin());
}

void SpawnTracker::noteSuppressed(const SpawnRef &ref, const TaskId &duplicateOf)
{
    if (ref.isEmpty() || duplicateOf.isEmpty())
        return;
    m_suppressed.insert(ref, duplicateOf);
    if (m_suppressed.size() > kSuppressedLimit)
        m_suppressed.erase(m_suppressed.begin());
}

void SpawnTracker::keepEarlyText(const SessionText &text, const QStringList &taskIds)
{
    m_earlyTexts.append({text, taskIds});
    if (m_earlyTexts.size() > kEarlyTextLimit)
        m_earlyTexts.removeFirst();
}

QList<SessionText> SpawnTracker::takeEarlyTexts(const SessionKey &childSessionKey,
                                                const TaskId &taskId)
{
    QList<SessionText> out;
    for (auto it = m_earlyTexts.begin(); it != m_earlyTexts.end();) {
        const SessionKey about = it->text.aboutChildSessionKey.isEmpty()
                                     ? it->text.sessionKey
                                     : it->text.aboutChildSessionKey;
        if (about == childSessionKey || it->taskIds.contains(taskId.str())) {
            out.append(it->text);
            it = m_earlyTexts.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

} // namespace clawops::core
