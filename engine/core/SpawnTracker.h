#pragma once

#include "DomainEvents.h"
#include "Ids.h"
#include "SpawnSpec.h"

#include <QHash>

#include <optional>

namespace clawops::core {

// A sessions_spawn call the core has taken note of: the work it was for and the task it became.
struct PendingSpawn
{
    SessionKey requesterSessionKey;    // the task's requester
    SessionKey orchestratorSessionKey; // who called sessions_spawn; retries go back here
    SpawnSpec spec;                    // with the worker packet, as stored
    TaskKey taskKey;
    TaskId taskId;
    int attempt = 0;
    TaskId duplicateOfTaskId; // set when this spawn repeats an active task
    // The call was suppressed before (by us, or before a restart): already recorded, so an
    // acceptance only repeats the cancel.
    bool suppressedEarlier = false;
};

// Spawns between their call and the end of their worker, as the plugin's pendingSpawns and
// spawnByChildSession: a call waits for its result under its reference, an accepted one is filed
// under its child until that child's run ends. Gateway task ids that arrive before the result
// are kept for it (a bounded number).
class SpawnTracker
{
public:
    bool isAwaited(const SpawnRef &ref) const { return m_awaited.contains(ref); }
    void await(const SpawnRef &ref, const PendingSpawn &spawn) { m_awaited.insert(ref, spawn); }
    std::optional<PendingSpawn> takeAwaited(const SpawnRef &ref);

    void fileUnderChild(const SessionKey &childSessionKey, const PendingSpawn &spawn)
    {
        m_byChild.insert(childSessionKey, spawn);
    }
    std::optional<PendingSpawn> takeForChild(const SessionKey &childSessionKey);

    void noteGatewayTask(const SessionKey &childSessionKey, const QString &gatewayTaskId);
    QString takeGatewayTask(const SessionKey &childSessionKey)
    {
        return m_gatewayTaskByChild.take(childSessionKey);
    }

    // Calls suppressed as duplicates, and the task each repeated. A call read again later (a
    // resync, a restart) is the same duplicate, even once that task has ended.
    void noteSuppressed(const SpawnRef &ref, const TaskId &duplicateOf);
    TaskId suppressedAs(const SpawnRef &ref) const { return m_suppressed.value(ref); }

    // A worker's reply that names a task not created yet: after a reconnect the parent's
    // transcript (which quotes it) can be read before the spawn call it answers. Kept, bounded,
    // until the spawn is accepted.
    void keepEarlyText(const SessionText &text, const QStringList &taskIds);
    QList<SessionText> takeEarlyTexts(const SessionKey &childSessionKey, const TaskId &taskId);

private:
    struct EarlyText
    {
        SessionText text;
        QStringList taskIds;
    };
    QList<EarlyText> m_earlyTexts;
    QHash<SpawnRef, PendingSpawn> m_awaited;
    QHash<SpawnRef, TaskId> m_suppressed;
    QHash<SessionKey, PendingSpawn> m_byChild;
    QHash<SessionKey, QString> m_gatewayTaskByChild;
};

} // namespace clawops::core
