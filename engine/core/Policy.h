#pragma once

#include "Clock.h"
#include "Ids.h"

#include <QString>

#include <optional>

namespace clawops::core {

// The plugin's before_tool_call rules, one value each. The store keeps them by their text
// (policyRuleText), the console by this value.
enum class PolicyRule
{
    RetiredOrchestrator,    // a retired hidden orchestrator used any tool
    FridayChannel,          // enforceFridayChannels: `message` to a target outside #friday
    MainDelegation,         // enforceMainDelegation: a front session used a non-router tool
    OrchestratorDelegation, // an orchestrator used a tool outside allowedOrchestratorTools
};

// "retired-orchestrator" | "friday-channel" | "main-delegation" | "orchestrator-delegation".
QString policyRuleText(PolicyRule rule);
std::optional<PolicyRule> policyRuleFromText(const QString &text);

// What the engine does about a violation (the policyAction key). The plugin blocked the call;
// an operator client cannot, so the closest it gets is stopping the run and telling the agent.
enum class PolicyAction
{
    Flag,  // record and notify only
    Abort, // also abort the offending run and send the plugin's block reason to the session
};

// "flag" | "abort".
QString policyActionText(PolicyAction action);
std::optional<PolicyAction> policyActionFromText(const QString &text);

// policy_violations: one tool start the plugin would have blocked.
struct PolicyViolationRecord
{
    TimeMs at = 0;
    SessionKey sessionKey;
    QString runId;
    QString toolCallId;
    QString toolName;
    QString argsPreview; // the arguments as JSON, cut like the plugin's taskPreview
    PolicyRule rule = PolicyRule::MainDelegation;
    QString reason;                           // the plugin's blockReason, word for word
    PolicyAction action = PolicyAction::Flag; // what the engine did about it

    bool operator==(const PolicyViolationRecord &) const = default;
};

} // namespace clawops::core
