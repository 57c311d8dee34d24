// A policy abort: stop the offending run, see it end, then tell the agent why.
//
// The gateway's answer alone is not enough. Under load, 2026.9.6 once answered sessions.abort
// {status:"aborted"} while the run with the offending exec went on, and the hint sent on that
// answer waited behind the run. So the hint goes when the run's own ending is seen (lifecycle
// end/error or a terminal chat state, which the gateway sends before it answers the abort); an
// answer without that ending is followed by another abort, naming the run, and after the last
// attempt the hint goes anyway with an outcome that says the run was not seen to stop.
#include "Adapter.h"
#include "AdapterCalls.h"
#include "AdapterJson.h"
#include "core/Logging.h"

namespace clawops::gateway {

using namespace adaptercalls;
using namespace adapterjson;

namespace {

const QLatin1StringView kPolicyAbortDeadline("policy-abort");

} // namespace

// No clearQueued here, unlike a kill: only the offending run is stopped; what the operator queued
// for the session still runs.
void GatewayAdapter::abortRunAction(const core::AbortRun &abort, AdapterOutput &out)
{
    if (abort.sessionKey.isEmpty())
        return;
    const QString actionKey =
        !abort.idempotencyKey.isEmpty()
            ? abort.idempotencyKey
            : derivedKey(QLatin1String("policy"), {abort.sessionKey.str(), abort.runId});
    const QString key = abort.sessionKey.str();
    PendingPolicyAbort pending;
    pending.sessionKey = key;
    pending.runId = abort.runId;
    pending.text = abort.text;
    m_policyAborts.insert(actionKey, pending);
    if (!canCall(QStringLiteral("sessions.abort")) && !canCall(QStringLiteral("chat.abort"))) {
        qCInfo(lcAdapter) << "no abort offered; policy hint sent without stopping the run" << key;
        finishPolicyAbort(actionKey, false, QStringLiteral("no abort method offered"), out);
        return;
    }
    out.calls.append(policyAbortCall(actionKey, pending));
}

// The first attempt names only the session, as every recording did. Later ones name the run as
// well, so that the gateway looks it up by id rather than taking whatever it finds under the
// session's key; the last goes by chat.abort, the gateway's other way in, where it is offered.
RpcCall GatewayAdapter::policyAbortCall(const QString &actionKey,
                                        const PendingPolicyAbort &abort) const
{
    const bool again = abort.attempt > 1;
    const bool last = again && abort.attempt >= m_config.policyAbortAttempts;
    const bool viaSessions = canCall(QStringLiteral("sessions.abort")) &&
                             !(last && canCall(QStringLiteral("chat.abort")));
    const QString suffix = again ? QLatin1Char(':') + QString::number(abort.attempt) : QString();
    QJsonObject params{
        {viaSessions ? QStringLiteral("key") : QStringLiteral("sessionKey"), abort.sessionKey}};
    if (again && !abort.runId.isEmpty())
        params.insert(QStringLiteral("runId"), abort.runId);
    RpcCall call = viaSessions
                       ? actionCall(CallRole::PolicyAbort, QStringLiteral("sessions.abort"), params,
                                    actionKey + QStringLiteral(":abort") + suffix, actionKey)
                       : actionCall(CallRole::PolicyAbort, QStringLiteral("chat.abort"), params,
                                    actionKey + QStringLiteral(":chat-abort") + suffix, actionKey);
    call.sessionKey = abort.sessionKey;
    call.text = abort.text;
    return call;
}

void GatewayAdapter::policyAbortResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                                       const QString &error, AdapterOutput &out)
{
    auto it = m_policyAborts.find(call.actionKey);
    if (it == m_policyAborts.end()) {
        // Not (or no longer) waited for: a late answer of an attempt already settled.
        return;
    }
    PendingPolicyAbort &abort = *it;
    const bool stopped = abortSucceeded(ok, payload) &&
                         payload.value(QLatin1String("status")) != QLatin1String("no-active-run");
    if (stopped) {
        abort.answered = true;
        abort.answeredBy = call.method;
        if (abort.runEnded)
            finishPolicyAbort(call.actionKey, true, call.method, out);
        else
            out.deadlines.append(
                AdapterDeadline{deadlineKey(kPolicyAbortDeadline, abort.attempt, call.actionKey),
                                m_config.policyAbortConfirmMs});
        return;
    }
    if (abort.attempt == 1) {
        // The run ended before the abort arrived (F4), or the gateway refused: nothing was
        // stopped, and the agent still hears why before its next turn.
        finishPolicyAbort(call.actionKey, false,
                          errorOr(error, payload, QStringLiteral("no active run to abort")), out);
        return;
    }
    if (ok) {
        // Nothing left to abort on a later attempt: the run has ended since the first answer.
        finishPolicyAbort(call.actionKey, true,
                          QStringLiteral("%1; the run had ended by attempt %2")
                              .arg(abort.answeredBy, QString::number(abort.attempt)),
                          out);
        return;
    }
    if (abort.attempt < m_config.policyAbortAttempts) {
        ++abort.attempt;
        abort.answered = false;
        out.calls.append(policyAbortCall(call.actionKey, abort));
        return;
    }
    finishPolicyAbort(call.actionKey, false, error, out);
}

bool GatewayAdapter::policyAbortDeadline(const QString &key, AdapterOutput &out)
{
    const std::optional<DeadlineKey> deadline = parseDeadlineKey(kPolicyAbortDeadline, key);
    if (!deadline)
        return false;
    const int attempt = deadline->attempt;
    const QString &actionKey = deadline->subject;
    auto it = m_policyAborts.find(actionKey);
    if (it == m_policyAborts.end() || it->attempt != attempt || !it->answered)
        return true; // settled meanwhile, or a later attempt is under way
    if (it->attempt >= m_config.policyAbortAttempts) {
        qCWarning(lcAdapter) << "policy abort of" << it->sessionKey << "answered" << attempt
                             << "times, but run" << it->runId << "went on; sending the hint";
        finishPolicyAbort(actionKey, false,
                          QStringLiteral("the gateway answered %1 aborts, but the run was not "
                                         "seen to end; the hint may wait behind it")
                              .arg(attempt),
                          out);
        return true;
    }
    qCInfo(lcAdapter) << "policy abort of" << it->sessionKey << "answered, but run" << it->runId
                      << "went on; aborting again";
    ++it->attempt;
    it->answered = false;
    out.calls.append(policyAbortCall(actionKey, *it));
    return true;
}

// A terminal signal of a run. Lifecycle frames of a run may come without their session key, so
// the run's id decides where both sides have one.
void GatewayAdapter::notePolicyRunEnded(const QString &sessionKey, const QString &runId,
                                        AdapterOutput &out)
{
    QStringList settled;
    for (auto it = m_policyAborts.begin(); it != m_policyAborts.end(); ++it) {
        const bool sameRun = !runId.isEmpty() && !it->runId.isEmpty()
                                 ? runId == it->runId
                                 : !sessionKey.isEmpty() && sessionKey == it->sessionKey;
        if (!sameRun)
            continue;
        it->runEnded = true;
        if (it->answered)
            settled.append(it.key());
    }
    for (const QString &actionKey : std::as_const(settled))
        finishPolicyAbort(actionKey, true, m_policyAborts.value(actionKey).answeredBy, out);
}

void GatewayAdapter::finishPolicyAbort(const QString &actionKey, bool stopped,
                                       const QString &detail, AdapterOutput &out)
{
    const PendingPolicyAbort abort = m_policyAborts.take(actionKey);
    out.outcomes.append(ActionOutcome{
        ActionOutcome::Kind::Cancel, actionKey, abort.sessionKey, QString(), stopped,
        stopped ? QStringLiteral("aborted") : QStringLiteral("cancel-failed"), detail});
    if (!abort.text.isEmpty())
        out.calls.append(
            sessionsSend(actionKey + QStringLiteral(":hint"), abort.sessionKey, abort.text));
}

} // namespace clawops::gateway
