// Domain actions to RPCs, and what their results mean.
#include "Adapter.h"
#include "AdapterCalls.h"
#include "AdapterJson.h"
#include "core/Logging.h"

#include <QJsonArray>

namespace clawops::gateway {

using namespace adaptercalls;
using namespace adapterjson;

namespace {

QString purposeName(core::SendToSession::Purpose purpose)
{
    switch (purpose) {
    case core::SendToSession::Purpose::Retry:
        return QStringLiteral("retry");
    case core::SendToSession::Purpose::Status:
        return QStringLiteral("status");
    case core::SendToSession::Purpose::Incident:
        return QStringLiteral("incident");
    case core::SendToSession::Purpose::Answer:
        return QStringLiteral("answer");
    case core::SendToSession::Purpose::DuplicateNotice:
        return QStringLiteral("duplicate-notice");
    }
    return QStringLiteral("send");
}

// clearQueued: a killed worker must not run what was queued for it after the abort.
RpcCall sessionsAbort(const QString &actionKey, const QString &sessionKey, const QString &taskId)
{
    RpcCall call =
        actionCall(CallRole::Abort, QStringLiteral("sessions.abort"),
                   {{QStringLiteral("key"), sessionKey}, {QStringLiteral("clearQueued"), true}},
                   actionKey + QStringLiteral(":abort"), actionKey);
    call.sessionKey = sessionKey;
    call.taskId = taskId;
    return call;
}

} // namespace

AdapterOutput GatewayAdapter::handleAction(const core::DomainAction &action)
{
    AdapterOutput out;
    handleAction(action, out);
    return out;
}

void GatewayAdapter::handleAction(const core::DomainAction &action, AdapterOutput &out)
{
    if (const auto *send = std::get_if<core::SendToSession>(&action))
        sendAction(*send, out);
    else if (const auto *cancel = std::get_if<core::CancelWorker>(&action))
        cancelAction(*cancel, out);
    else if (const auto *abort = std::get_if<core::AbortRun>(&action))
        abortRunAction(*abort, out);
    else if (const auto *resolve = std::get_if<core::ResolveApproval>(&action))
        resolveApprovalAction(*resolve, out);
}

void GatewayAdapter::sendAction(const core::SendToSession &send, AdapterOutput &out)
{
    if (send.sessionKey.isEmpty()) {
        qCWarning(lcAdapter) << "send without a session key dropped";
        return;
    }
    const QString actionKey =
        !send.idempotencyKey.isEmpty()
            ? send.idempotencyKey
            : derivedKey(QLatin1String("send"), {purposeName(send.purpose), send.sessionKey.str(),
                                                 send.taskId.str(), send.text});
    // wake hands its text to the model as data inside a heartbeat turn and refuses subagent keys,
    // so it is used only when configured, only for retries, and only for front sessions.
    const bool wake = send.purpose == core::SendToSession::Purpose::Retry &&
                      m_config.retryDelivery == QLatin1String("wake") &&
                      !isSubagentKey(send.sessionKey.str());
    RpcCall call = wake ? actionCall(CallRole::Wake, QStringLiteral("wake"),
                                     {{QStringLiteral("mode"), QStringLiteral("now")},
                                      {QStringLiteral("sessionKey"), send.sessionKey.str()},
                                      {QStringLiteral("text"), send.text}},
                                     actionKey, actionKey)
                        : sessionsSend(actionKey, send.sessionKey, send.text);
    call.sessionKey = send.sessionKey;
    call.taskId = send.taskId;
    call.text = send.text;
    if (send.purpose == core::SendToSession::Purpose::Answer)
        noteAnswerSent(call);
    out.calls.append(call);
}

void GatewayAdapter::cancelAction(const core::CancelWorker &cancel, AdapterOutput &out)
{
    QString gatewayTaskId = cancel.gatewayTaskId;
    if (gatewayTaskId.isEmpty()) {
        if (const ChildState *child = m_graph.child(cancel.childSessionKey))
            gatewayTaskId = child->gatewayTaskId;
    }
    // A kill aborts the run an answer started: that abort is the operator's, not the race.
    m_answers.remove(cancel.childSessionKey.str());
    const QString actionKey =
        derivedKey(QLatin1String("cancel"), {cancel.childSessionKey.str(), cancel.taskId.str(),
                                             core::cancelReasonText(cancel.reason)});
    RpcCall call;
    if (!gatewayTaskId.isEmpty() && canCall(QStringLiteral("tasks.cancel"))) {
        // tasks.cancel kills the child session and answers synchronously and finally.
        call = actionCall(CallRole::Cancel, QStringLiteral("tasks.cancel"),
                          {{QStringLiteral("taskId"), gatewayTaskId}}, actionKey, actionKey);
    } else if (!cancel.childSessionKey.isEmpty()) {
        call = sessionsAbort(actionKey, cancel.childSessionKey, cancel.taskId);
    } else {
        qCWarning(lcAdapter) << "cancel without child or task id dropped" << cancel.taskId;
        return;
    }
    call.sessionKey = cancel.childSessionKey;
    call.taskId = cancel.taskId;
    out.calls.append(call);
}

AdapterOutput GatewayAdapter::handleResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                                           const QString &error)
{
    AdapterOutput out;
    handleResult(call, ok, payload, error, out);
    return out;
}

void GatewayAdapter::handleResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                                  const QString &error, AdapterOutput &out)
{
    if (call.role == CallRole::ResolveApproval) {
        approvalResult(call, ok, payload, error, out);
        return;
    }
    if (call.role == CallRole::Resync) {
        if (ok) {
            askForNextPage(call, payload, out);
            applyResyncResult(call, payload, out);
            return;
        }
        qCInfo(lcAdapter) << "resync read failed" << call.method << error;
        if (call.method == QLatin1String("chat.history"))
            noteReplyUnread(call.params.value(QLatin1String("sessionKey")).toString());
        // Children waiting for this history wait for the next resync, which reads it again
        // (most failures are a lost connection); a gateway that refuses it altogether gets them
        // announced without it rather than not at all.
        if (call.method == QLatin1String("chat.history") && !canCall(call.method))
            settleChildrenAwaiting(call.params.value(QLatin1String("sessionKey")).toString(), true,
                                   out);
        return;
    }
    actionResult(call, ok, payload, error, out);
}

void GatewayAdapter::actionResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                                  const QString &error, AdapterOutput &out)
{
    const auto outcome = [&](ActionOutcome::Kind kind, bool success, const QString &what,
                             const QString &detail) {
        out.outcomes.append(ActionOutcome{kind, call.actionKey, call.sessionKey, call.taskId,
                                          success, what, detail});
    };
    switch (call.role) {
    case CallRole::Resync:
    case CallRole::ResolveApproval: // approvalResult()
        return;
    case CallRole::Send:
        if (!m_answers.isEmpty())
            answerSendResult(call, ok, payload, out);
        if (ok)
            outcome(ActionOutcome::Kind::Send, true, QStringLiteral("sent"),
                    stringField(payload, QLatin1String("runId")));
        else
            outcome(ActionOutcome::Kind::Send, false, QStringLiteral("send-failed"), error);
        return;
    case CallRole::Wake:
        if (ok) {
            outcome(ActionOutcome::Kind::Send, true, QStringLiteral("sent"),
                    QStringLiteral("wake"));
            return;
        }
        // The gateway refused the wake: deliver the same text as a message instead.
        qCInfo(lcAdapter) << "wake refused, sending as a message" << call.sessionKey << error;
        out.calls.append(sessionsSend(call.actionKey, call.sessionKey, call.text));
        out.calls.last().taskId = call.taskId;
        return;
    case CallRole::Cancel: {
        // `ok` only says the request was understood; `cancelled` says whether anything was.
        if (ok && payload.value(QLatin1String("cancelled")).toBool(false)) {
            outcome(ActionOutcome::Kind::Cancel, true, QStringLiteral("cancelled"),
                    stringField(payload.value(QLatin1String("task")).toObject(),
                                QLatin1String("status")));
            return;
        }
        const QString reason = stringField(payload, QLatin1String("reason"));
        if (ok && payload.value(QLatin1String("found")).toBool(false) &&
            reason.contains(QLatin1String("already terminal"), Qt::CaseInsensitive)) {
            outcome(ActionOutcome::Kind::Cancel, true, QStringLiteral("already-terminal"), reason);
            return;
        }
        if (call.sessionKey.isEmpty()) {
            outcome(ActionOutcome::Kind::Cancel, false, QStringLiteral("cancel-failed"),
                    errorOr(error, payload, QStringLiteral("tasks.cancel did not cancel")));
            return;
        }
        out.calls.append(sessionsAbort(call.actionKey, call.sessionKey, call.taskId));
        return;
    }
    case CallRole::Abort: {
        if (abortSucceeded(ok, payload)) {
            outcome(ActionOutcome::Kind::Cancel, true, QStringLiteral("aborted"),
                    QStringLiteral("sessions.abort"));
            return;
        }
        RpcCall chatAbort =
            actionCall(CallRole::ChatAbort, QStringLiteral("chat.abort"),
                       {{QStringLiteral("sessionKey"), call.sessionKey}},
                       call.actionKey + QStringLiteral(":chat-abort"), call.actionKey);
        chatAbort.sessionKey = call.sessionKey;
        chatAbort.taskId = call.taskId;
        out.calls.append(chatAbort);
        return;
    }
    case CallRole::PolicyAbort:
        policyAbortResult(call, ok, payload, error, out);
        return;
    case CallRole::ChatAbort:
        if (abortSucceeded(ok, payload))
            outcome(ActionOutcome::Kind::Cancel, true, QStringLiteral("aborted"),
                    QStringLiteral("chat.abort"));
        else
            outcome(ActionOutcome::Kind::Cancel, false, QStringLiteral("cancel-failed"),
                    errorOr(error, payload, QStringLiteral("no active run to abort")));
        return;
    }
}

} // namespace clawops::gateway
