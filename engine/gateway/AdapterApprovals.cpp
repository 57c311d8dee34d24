// Gateway approvals: exec.approval.* / plugin.approval.* events and reads into the core's
// approval events, and the operator's decision into approval.resolve (or the older per-kind
// resolve where only that is offered). Nothing of it is used unless the gateway lists it.
#include "Adapter.h"
#include "AdapterJson.h"
#include "core/Logging.h"

#include <QJsonArray>

namespace clawops::gateway {

using namespace adapterjson;

namespace {

QStringList stringList(const JsonRef &array)
{
    QStringList out;
    for (const JsonRef item : array.toArray()) {
        const QString text = asString(item);
        if (!text.isEmpty())
            out.append(text);
    }
    return out;
}

void readExecRequest(const JsonRef &request, core::ApprovalRequest &out)
{
    const auto [command, cwd, host, nodeId, security, ask, warningText, analysis, allowed,
                resolvedPath] =
        request.values({QLatin1String("command"), QLatin1String("cwd"), QLatin1String("host"),
                        QLatin1String("nodeId"), QLatin1String("security"), QLatin1String("ask"),
                        QLatin1String("warningText"), QLatin1String("commandAnalysis"),
                        QLatin1String("allowedDecisions"), QLatin1String("resolvedPath")});
    out.command = asString(command);
    out.cwd = asString(cwd);
    out.host = asString(host);
    out.nodeId = asString(nodeId);
    out.security = asString(security);
    out.ask = asString(ask);
    out.warningText = asString(warningText);
    out.resolvedPath = asString(resolvedPath);
    out.allowedDecisions = stringList(allowed);
    const JsonRef analysisObject = analysis.toObject();
    out.riskKinds = stringList(analysisObject.value(QLatin1String("riskKinds")));
    out.warningLines = stringList(analysisObject.value(QLatin1String("warningLines")));
}

void readPluginRequest(const JsonRef &request, core::ApprovalRequest &out)
{
    const auto [title, description, severity, pluginId, toolName, allowed] = request.values(
        {QLatin1String("title"), QLatin1String("description"), QLatin1String("severity"),
         QLatin1String("pluginId"), QLatin1String("toolName"), QLatin1String("allowedDecisions")});
    out.command = asString(title);
    out.warningText = asString(description);
    out.severity = asString(severity);
    out.pluginId = asString(pluginId);
    out.toolName = asString(toolName);
    out.allowedDecisions = stringList(allowed);
    if (out.command.isEmpty())
        out.command = out.toolName;
}

} // namespace

std::optional<core::ApprovalRequest> GatewayAdapter::parseApproval(const JsonRef &payload,
                                                                   const QString &kind)
{
    const auto [id, approvalKind, request, createdAtMs, expiresAtMs] = payload.values(
        {QLatin1String("id"), QLatin1String("approvalKind"), QLatin1String("request"),
         QLatin1String("createdAtMs"), QLatin1String("expiresAtMs")});
    core::ApprovalRequest out;
    out.id = asString(id);
    if (out.id.isEmpty())
        return std::nullopt;
    const QString statedKind = asString(approvalKind);
    out.kind = statedKind.isEmpty() ? kind : statedKind;
    const JsonRef body = request.toObject();
    if (out.kind == QLatin1String("plugin"))
        readPluginRequest(body, out);
    else
        readExecRequest(body, out);
    const auto [agentId, sessionKey] =
        body.values({QLatin1String("agentId"), QLatin1String("sessionKey")});
    out.agentId = asString(agentId);
    out.sessionKey = core::SessionKey(asString(sessionKey));
    out.createdAtMs = msValue(createdAtMs);
    out.expiresAtMs = msValue(expiresAtMs);
    return out;
}

void GatewayAdapter::onApprovalRequested(const JsonRef &payload, const QString &kind,
                                         AdapterOutput &out)
{
    if (const std::optional<core::ApprovalRequest> request = parseApproval(payload, kind))
        out.events.append(core::ApprovalRequested{*request});
}

void GatewayAdapter::onApprovalResolved(const JsonRef &payload, AdapterOutput &out)
{
    const auto [id, decision, resolvedBy] = payload.values(
        {QLatin1String("id"), QLatin1String("decision"), QLatin1String("resolvedBy")});
    const QString approvalId = asString(id);
    if (!approvalId.isEmpty())
        out.events.append(
            core::ApprovalResolved{approvalId, asString(decision), asString(resolvedBy), false});
}

QList<RpcCall> GatewayAdapter::approvalReads() const
{
    QList<RpcCall> calls;
    for (const QLatin1String method :
         {QLatin1String("exec.approval.list"), QLatin1String("plugin.approval.list")}) {
        if (m_offer.lists(method) && !m_refused.contains(method))
            calls.append(resyncRead(method, {}));
    }
    return calls;
}

void GatewayAdapter::applyApprovalList(const RpcCall &call, const QJsonObject &payload,
                                       AdapterOutput &out)
{
    const QString kind = call.method.startsWith(QLatin1String("plugin.")) ? QStringLiteral("plugin")
                                                                          : QStringLiteral("exec");
    // The gateway answers with a bare array, which the link hands over as `items`.
    QJsonArray rows = payload.value(QLatin1String("items")).toArray();
    if (rows.isEmpty())
        rows = payload.value(QLatin1String("approvals")).toArray();
    core::ApprovalsListed listed;
    listed.kind = kind;
    for (const QJsonValue row : rows) {
        if (std::optional<core::ApprovalRequest> request = parseApproval(row.toObject(), kind))
            listed.pending.append(std::move(*request));
    }
    out.events.append(listed);
}

void GatewayAdapter::resolveApprovalAction(const core::ResolveApproval &resolve, AdapterOutput &out)
{
    RpcCall call;
    call.role = CallRole::ResolveApproval;
    call.actionKey = resolve.approvalId;
    call.taskId = resolve.taskId.str();
    call.text = resolve.decision;
    const QString perKind = resolve.kind + QStringLiteral(".approval.resolve");
    if (canCall(QStringLiteral("approval.resolve")) &&
        m_offer.lists(QStringLiteral("approval.resolve"))) {
        call.method = QStringLiteral("approval.resolve");
        call.params = {{QStringLiteral("id"), resolve.approvalId},
                       {QStringLiteral("kind"), resolve.kind},
                       {QStringLiteral("decision"), resolve.decision}};
    } else if (canCall(perKind) && m_offer.lists(perKind)) {
        call.method = perKind;
        call.params = {{QStringLiteral("id"), resolve.approvalId},
                       {QStringLiteral("decision"), resolve.decision}};
    } else {
        out.events.append(core::ApprovalDecisionFailed{
            resolve.approvalId, QStringLiteral("the gateway offers no way to resolve approvals")});
        out.outcomes.append(ActionOutcome{ActionOutcome::Kind::Approval,
                                          resolve.approvalId,
                                          {},
                                          resolve.taskId.str(),
                                          false,
                                          QStringLiteral("resolve-not-offered"),
                                          resolve.decision});
        return;
    }
    out.calls.append(call);
}

void GatewayAdapter::approvalResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                                    const QString &error, AdapterOutput &out)
{
    const QString &id = call.actionKey;
    const auto outcome = [&](bool success, const QString &what, const QString &detail) {
        out.outcomes.append(ActionOutcome{ActionOutcome::Kind::Approval,
                                          id,
                                          {},
                                          call.taskId,
                                          success,
                                          what,
                                          call.method + QLatin1Char(' ') + detail});
    };
    if (!ok) {
        // Another client's answer came first: its .resolved event closes the approval here.
        if (error.contains(QLatin1String("APPROVAL_ALREADY_RESOLVED")) ||
            error.contains(QLatin1String("already resolved"))) {
            outcome(true, QStringLiteral("already-resolved"),
                    call.text + QStringLiteral(": ") + error);
            return;
        }
        out.events.append(core::ApprovalDecisionFailed{id, error});
        outcome(false, QStringLiteral("resolve-failed"), call.text + QStringLiteral(": ") + error);
        return;
    }
    const QJsonValue applied = payload.value(QLatin1String("applied"));
    if (applied.isBool() && !applied.toBool()) {
        // Decided before ours arrived; the record says how.
        const QJsonObject approval = payload.value(QLatin1String("approval")).toObject();
        const QString status = approval.value(QLatin1String("status")).toString();
        QString decision = approval.value(QLatin1String("decision")).toString();
        QString resolvedBy;
        if (status == QLatin1String("cancelled"))
            resolvedBy = QStringLiteral("approval-scope-closed");
        if (decision.isEmpty())
            decision = core::kDeny;
        out.events.append(core::ApprovalResolved{id, decision, resolvedBy, false});
        outcome(true, QStringLiteral("already-resolved"),
                call.text + QStringLiteral(" → ") + status + QLatin1Char(' ') + decision);
        return;
    }
    // What the gateway recorded can differ from what was sent (an allow-always it did not offer
    // becomes a deny).
    const QJsonObject approval = payload.value(QLatin1String("approval")).toObject();
    QString decision = approval.value(QLatin1String("decision")).toString();
    if (decision.isEmpty())
        decision = call.text;
    out.events.append(core::ApprovalResolved{id, decision, {}, true});
    outcome(true, QStringLiteral("resolved"), decision);
}

} // namespace clawops::gateway
