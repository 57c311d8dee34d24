#pragma once

#include "Clock.h"
#include "Config.h"
#include "DomainActions.h"
#include "DomainEvents.h"
#include "OrchestratorRegistry.h"
#include "Records.h"

#include <QHash>
#include <QList>
#include <QString>

namespace clawops::core {

// The plugin's before_tool_call policies, judged on tool starts the engine can only watch: a
// retired orchestrator uses no tools, `message` goes only to #friday targets, a front session
// uses only the router tools, an orchestrator delegates instead of using other tools (until the
// third try of the same tool in the same run, which the plugin lets through). Each call the
// plugin would have blocked becomes a violation record; with policyAction "abort" also an
// AbortRun carrying the plugin's block reason. Who is an orchestrator, retired or front comes
// from the registry the core already keeps.
class PolicyWatch
{
public:
    PolicyWatch(const EngineConfig &config, const OrchestratorRegistry &orchestrators,
                ChangeSet &changes, QList<DomainAction> &actions);

    void judge(const ToolStarted &call, TimeMs now);

private:
    struct Verdict
    {
        PolicyRule rule = PolicyRule::MainDelegation;
        QString reason;
    };
    std::optional<Verdict> verdictFor(const ToolStarted &call);
    std::optional<Verdict> orchestratorVerdict(const ToolStarted &call);
    // The run a tool start belongs to for the three-blocks count (see the definition).
    QString countedRun(const ToolStarted &call);
    void record(const ToolStarted &call, const Verdict &verdict, TimeMs now);

    const EngineConfig &m_config;
    const OrchestratorRegistry &m_orchestrators;
    ChangeSet &m_changes;
    QList<DomainAction> &m_actions;
    // The plugin's blockedAttemptsByRun ("run|session|tool" → blocks so far).
    QHash<QString, int> m_blockedAttempts;
    // Sessions whose run we aborted, and the run their next one continues.
    QHash<SessionKey, QString> m_abortedRun;
    QHash<QString, QString> m_continues; // a later run → the aborted run it continues
};

} // namespace clawops::core
