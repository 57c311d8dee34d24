#include "Policy.h"

namespace clawops::core {

QString policyRuleText(PolicyRule rule)
{
    switch (rule) {
    case PolicyRule::RetiredOrchestrator:
        return QStringLiteral("retired-orchestrator");
    case PolicyRule::FridayChannel:
        return QStringLiteral("friday-channel");
    case PolicyRule::MainDelegation:
        return QStringLiteral("main-delegation");
    case PolicyRule::OrchestratorDelegation:
        return QStringLiteral("orchestrator-delegation");
    }
    return {};
}

std::optional<PolicyRule> policyRuleFromText(const QString &text)
{
    for (const PolicyRule rule : {PolicyRule::RetiredOrchestrator, PolicyRule::FridayChannel,
                                  PolicyRule::MainDelegation, PolicyRule::OrchestratorDelegation}) {
        if (policyRuleText(rule) == text)
            return rule;
    }
    return std::nullopt;
}

QString policyActionText(PolicyAction action)
{
    return action == PolicyAction::Abort ? QStringLiteral("abort") : QStringLiteral("flag");
}

std::optional<PolicyAction> policyActionFromText(const QString &text)
{
    if (text == QLatin1String("flag"))
        return PolicyAction::Flag;
    if (text == QLatin1String("abort"))
        return PolicyAction::Abort;
    return std::nullopt;
}

} // namespace clawops::core
