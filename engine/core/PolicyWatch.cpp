#include "PolicyWatch.h"

#include "Identity.h"
#include "Logging.h"
#include "Messages.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace clawops::core {

namespace {

// The plugin's own bound on how much of the arguments a person needs to see.
constexpr int kArgsPreviewLength = 260;
// blockedAttemptsByRun grows with every run in the plugin; here it is dropped wholesale now and
// then, which at worst grants one run two more blocked tries.
constexpr qsizetype kMaxCountedRuns = 10000;

// The plugin's message target: the first of these that is a non-empty string once trimmed.
QString messageTarget(const QString &argsJson)
{
    const QJsonObject params = QJsonDocument::fromJson(argsJson.toUtf8()).object();
    for (const char *key : {"channel", "to", "target", "threadId", "channelId"}) {
        const QJsonValue value = params.value(QLatin1String(key));
        if (value.isString()) {
            QString trimmed = jsTrim(value.toString());
            if (!trimmed.isEmpty())
                return trimmed;
        }
    }
    return {};
}

} // namespace

PolicyWatch::PolicyWatch(const EngineConfig &config, const OrchestratorRegistry &orchestrators,
                         ChangeSet &changes, QList<DomainAction> &actions)
    : m_config(config)
    , m_orchestrators(orchestrators)
    , m_changes(changes)
    , m_actions(actions)
{}

void PolicyWatch::judge(const ToolStarted &call, TimeMs now)
{
    if (call.sessionKey.isEmpty() || call.toolName.isEmpty())
        return;
    if (const std::optional<Verdict> verdict = verdictFor(call))
        record(call, *verdict, now);
}

// The plugin's order: retired first, then the channel rule, then the front session, then the
// orchestrator. The first rule that blocks decides.
std::optional<PolicyWatch::Verdict> PolicyWatch::verdictFor(const ToolStarted &call)
{
    if (m_orchestrators.isRetired(call.sessionKey))
        return Verdict{PolicyRule::RetiredOrchestrator, retiredOrchestratorBlockReason()};
    const bool isOrchestrator = m_orchestrators.isOrchestrator(call.sessionKey);
    const bool isFront = isFrontControllerSessionKey(call.sessionKey) && !isOrchestrator;
    if (m_config.enforceFridayChannels && call.toolName == QLatin1String("message")) {
        const QString target = messageTarget(call.argsJson);
        if (!target.isEmpty() && !isAllowedFridayTarget(target))
            return Verdict{PolicyRule::FridayChannel, fridayChannelBlockReason(target)};
    }
    if (m_config.enforceMainDelegation && isFront &&
        !m_config.allowedMainTools.contains(call.toolName)) {
        return Verdict{PolicyRule::MainDelegation,
                       mainDelegationBlockReason(call.toolName,
                                                 m_orchestrators.orchestratorFor(call.sessionKey))};
    }
    if (isOrchestrator && !m_config.allowedOrchestratorTools.contains(call.toolName))
        return orchestratorVerdict(call);
    return std::nullopt;
}

std::optional<PolicyWatch::Verdict> PolicyWatch::orchestratorVerdict(const ToolStarted &call)
{
    if (m_blockedAttempts.size() > kMaxCountedRuns)
        m_blockedAttempts.clear();
    const QString runId = countedRun(call);
    const QString blockKey = QStringLiteral("%1|%2|%3")
                                 .arg(runId.isEmpty() ? QStringLiteral("run") : runId,
                                      call.sessionKey.str(), call.toolName);
    const int attempts = ++m_blockedAttempts[blockKey];
    if (attempts >= 3) {
        qCInfo(lcCore).noquote() << "policy: direct tool fallback after repeated policy blocks ("
                                 << call.toolName << ", attempts=" << attempts << ") in"
                                 << call.sessionKey.str();
        return std::nullopt;
    }
    return Verdict{PolicyRule::OrchestratorDelegation,
                   buildDelegationHint(call.toolName, call.argsJson)};
}

// The plugin counts blocks per run: a blocked call returns to the model inside the same run, which
// tries again there. An aborted run ends instead, and the hint we send starts the next one, so
// that next run is counted as the aborted one; otherwise the third try would never come.
QString PolicyWatch::countedRun(const ToolStarted &call)
{
    if (const auto it = m_continues.constFind(call.runId); it != m_continues.cend())
        return it.value();
    const auto aborted = m_abortedRun.constFind(call.sessionKey);
    if (aborted == m_abortedRun.cend() || aborted.value() == call.runId || call.runId.isEmpty())
        return call.runId;
    QString continued = aborted.value(); // a copy: the erase below frees the entry
    m_abortedRun.erase(aborted);
    if (m_continues.size() > kMaxCountedRuns)
        m_continues.clear();
    m_continues.insert(call.runId, continued);
    return continued;
}

void PolicyWatch::record(const ToolStarted &call, const Verdict &verdict, TimeMs now)
{
    PolicyViolationRecord violation;
    violation.at = now;
    violation.sessionKey = call.sessionKey;
    violation.runId = call.runId;
    violation.toolCallId = call.toolCallId;
    violation.toolName = call.toolName;
    if (!call.argsJson.isEmpty())
        violation.argsPreview = taskPreview(call.argsJson, kArgsPreviewLength);
    violation.rule = verdict.rule;
    violation.reason = verdict.reason;
    violation.action = m_config.policyAction;
    m_changes.policyViolations.append(violation);
    qCInfo(lcCore).noquote() << "policy:" << policyRuleText(verdict.rule) << call.toolName << "in"
                             << call.sessionKey.str();
    if (m_config.policyAction != PolicyAction::Abort)
        return;
    if (!call.runId.isEmpty())
        m_abortedRun.insert(call.sessionKey, countedRun(call));
    AbortRun abort;
    abort.sessionKey = call.sessionKey;
    abort.runId = call.runId;
    abort.text = verdict.reason;
    abort.idempotencyKey = QStringLiteral("policy:%1:%2").arg(call.runId, call.toolCallId);
    m_actions.append(abort);
}

} // namespace clawops::core
