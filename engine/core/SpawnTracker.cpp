#include "SpawnTracker.h"

namespace clawops::core {

namespace {
// Task ids of children whose spawn result never came; past this many, an arbitrary one goes.
constexpr qsizetype kEarlyGatewayTaskLimit = 4096;
// Suppressed calls remembered; past this many, an arbitrary one goes (a week of duplicates on a
// busy fleet stays far below it).
constexpr qsizetype kSuppressedLimit = 100000;
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

} // namespace clawops::core
