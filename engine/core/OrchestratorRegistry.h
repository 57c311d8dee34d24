#pragma once

#include "Clock.h"
#include "Ids.h"
#include "Records.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace clawops::core {

// Who orchestrates for whom, and which sessions are still there to talk to: the plugin's
// bindings (both ways), orchestrator sessions, retired orchestrators and their last touch, plus
// the sessions ClawOps saw end. A binding change is recorded for the store as the plugin writes
// it; a retired orchestrator stays known as retired until it is bound again.
class OrchestratorRegistry
{
public:
    explicit OrchestratorRegistry(ChangeSet &changes);

    // Start-up: a stored binding (nothing recorded).
    void restore(const BindingRecord &binding);
    // False (and nothing changed) when this orchestrator already serves this requester.
    bool bind(const SessionKey &requester, const SessionKey &orchestrator, TimeMs now);
    // The plugin's retireOrchestratorSession, without its workers (the caller drops those).
    void retire(const SessionKey &orchestrator, const QString &reason);
    void touch(const SessionKey &orchestrator, TimeMs now);
    void noteSessionEnded(const SessionKey &sessionKey);

    bool isOrchestrator(const SessionKey &sessionKey) const
    {
        return m_orchestrators.contains(sessionKey);
    }
    bool isRetired(const SessionKey &sessionKey) const { return m_retired.contains(sessionKey); }
    SessionKey orchestratorFor(const SessionKey &requester) const
    {
        return m_orchestratorByRequester.value(requester);
    }
    SessionKey requesterOf(const SessionKey &orchestrator) const
    {
        return m_requesterByOrchestrator.value(orchestrator);
    }
    QList<SessionKey> orchestrators() const { return m_orchestrators.values(); }
    qsizetype size() const { return m_orchestrators.size(); }
    // When it was last bound or busy; `otherwise` for an orchestrator never touched.
    TimeMs lastTouch(const SessionKey &orchestrator, TimeMs otherwise) const
    {
        return m_lastTouch.value(orchestrator, otherwise);
    }
    // Neither seen to end nor retired.
    bool sessionAlive(const SessionKey &sessionKey) const;
    // `sessionKey` while it lives, else the first live session up its chain of requesters
    // (`fallbackRequester` standing in for a chain that is not known), else the fallback.
    SessionKey liveTargetFor(const SessionKey &sessionKey,
                             const SessionKey &fallbackRequester) const;

private:
    ChangeSet &m_changes;
    QHash<SessionKey, SessionKey> m_orchestratorByRequester;
    QHash<SessionKey, SessionKey> m_requesterByOrchestrator;
    QSet<SessionKey> m_orchestrators;
    QSet<SessionKey> m_retired;
    QHash<SessionKey, TimeMs> m_lastTouch;
    QSet<SessionKey> m_endedSessions;
};

} // namespace clawops::core
