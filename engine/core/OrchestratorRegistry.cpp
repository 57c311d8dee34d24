#include "OrchestratorRegistry.h"

#include "Logging.h"

namespace clawops::core {

OrchestratorRegistry::OrchestratorRegistry(ChangeSet &changes)
    : m_changes(changes)
{}

void OrchestratorRegistry::restore(const BindingRecord &binding)
{
    if (binding.requesterSessionKey.isEmpty() || binding.orchestratorSessionKey.isEmpty())
        return;
    m_orchestratorByRequester.insert(binding.requesterSessionKey, binding.orchestratorSessionKey);
    m_requesterByOrchestrator.insert(binding.orchestratorSessionKey, binding.requesterSessionKey);
    m_orchestrators.insert(binding.orchestratorSessionKey);
}

bool OrchestratorRegistry::bind(const SessionKey &requester, const SessionKey &orchestrator,
                                TimeMs now)
{
    if (requester.isEmpty() || orchestrator.isEmpty())
        return false;
    if (m_requesterByOrchestrator.value(orchestrator) == requester)
        return false;
    m_orchestrators.insert(orchestrator);
    m_orchestratorByRequester.insert(requester, orchestrator);
    m_requesterByOrchestrator.insert(orchestrator, requester);
    BindingChange change;
    change.kind = BindingChange::Kind::Bind;
    change.record = {requester, orchestrator, now};
    m_changes.bindingChanges.append(change);
    m_lastTouch.insert(orchestrator, now);
    m_retired.remove(orchestrator);
    m_endedSessions.remove(orchestrator);
    return true;
}

void OrchestratorRegistry::retire(const SessionKey &orchestrator, const QString &reason)
{
    const SessionKey requester = m_requesterByOrchestrator.take(orchestrator);
    m_orchestrators.remove(orchestrator);
    m_retired.insert(orchestrator);
    m_lastTouch.remove(orchestrator);
    BindingChange byOrchestrator;
    byOrchestrator.kind = BindingChange::Kind::DeleteByOrchestrator;
    byOrchestrator.record.orchestratorSessionKey = orchestrator;
    m_changes.bindingChanges.append(byOrchestrator);
    if (!requester.isEmpty() && m_orchestratorByRequester.value(requester) == orchestrator) {
        m_orchestratorByRequester.remove(requester);
        BindingChange byRequester;
        byRequester.kind = BindingChange::Kind::DeleteByRequester;
        byRequester.record.requesterSessionKey = requester;
        m_changes.bindingChanges.append(byRequester);
    }
    qCInfo(lcCore) << "retired orchestrator" << orchestrator << "(" << reason << ")";
}

void OrchestratorRegistry::touch(const SessionKey &orchestrator, TimeMs now)
{
    if (!orchestrator.isEmpty())
        m_lastTouch.insert(orchestrator, now);
}

void OrchestratorRegistry::noteSessionEnded(const SessionKey &sessionKey)
{
    m_endedSessions.insert(sessionKey);
}

bool OrchestratorRegistry::sessionAlive(const SessionKey &sessionKey) const
{
    return !sessionKey.isEmpty() && !m_endedSessions.contains(sessionKey) &&
           !m_retired.contains(sessionKey);
}

SessionKey OrchestratorRegistry::liveTargetFor(const SessionKey &sessionKey,
                                               const SessionKey &fallbackRequester) const
{
    // The session that spawned the worker while it lives, else up its chain: a hidden
    // orchestrator often ends a second after its last worker, and a retry sent there is lost.
    SessionKey candidate = sessionKey;
    for (int hop = 0; hop < 8 && !candidate.isEmpty(); ++hop) {
        if (sessionAlive(candidate))
            return candidate;
        SessionKey up = m_requesterByOrchestrator.value(candidate);
        if (up.isEmpty() && hop == 0)
            up = fallbackRequester;
        if (up == candidate)
            break;
        candidate = up;
    }
    return fallbackRequester.isEmpty() ? sessionKey : fallbackRequester;
}

} // namespace clawops::core
