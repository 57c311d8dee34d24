// An operator's answer to a worker, and the gateway race that can abort it.
//
// A worker that ended blocked (needs_input) is answered with sessions.send to its session; the
// gateway starts a new run of it. When that send lands while 2026.9.6 still settles the worker's
// previous run (completion cleanup, the announce to its parent), the subagent registry refuses
// to hand the session over to the new run and aborts it with chat.abort: a chat `aborted` for
// the answer's run a moment after "started". Told to the core, that would end the answered task
// as killed. So an abort of the answer's run shortly after the send is kept from the core and
// the answer goes again, with a new idempotency key (the same key would only return the cached
// reply); the live smoke saw the race in 2 of 6 runs.
#include "Adapter.h"
#include "AdapterCalls.h"
#include "AdapterJson.h"
#include "core/Logging.h"

namespace clawops::gateway {

using namespace adaptercalls;
using namespace adapterjson;

namespace {

// The window after a send's result in which an abort of its run counts as the race.
const QLatin1StringView kAnswerWindow("answer-window");
// The delay before an aborted answer goes again.
const QLatin1StringView kAnswerAgain("answer-again");

} // namespace

void GatewayAdapter::noteAnswerSent(const RpcCall &call)
{
    if (!isSubagentKey(call.sessionKey))
        return;
    PendingAnswer answer;
    answer.actionKey = call.actionKey;
    answer.taskId = call.taskId;
    answer.text = call.text;
    answer.runId = call.idempotencyKey;
    m_answers.insert(call.sessionKey, answer);
}

void GatewayAdapter::answerSendResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                                      AdapterOutput &out)
{
    auto it = m_answers.find(call.sessionKey);
    if (it == m_answers.end() || it->runId != call.idempotencyKey)
        return;
    if (!ok) {
        m_answers.erase(it);
        return;
    }
    const QString runId = stringField(payload, QLatin1String("runId"));
    if (!runId.isEmpty())
        it->runId = runId;
    out.deadlines.append(AdapterDeadline{deadlineKey(kAnswerWindow, it->attempt, call.sessionKey),
                                         m_config.answerAbortWindowMs});
}

// From endRun(), for a worker's run that ended killed: true when it was an answer's run the
// gateway aborted at once, which then goes again instead of ending the task.
bool GatewayAdapter::answerAbortedAtOnce(const ChildState &child, AdapterOutput &out)
{
    auto it = m_answers.find(child.key);
    if (it == m_answers.end() || it->runId != child.currentRun)
        return false;
    if (it->attempt >= m_config.answerAttempts) {
        qCWarning(lcAdapter) << "the gateway aborted the answer to" << child.key << it->attempt
                             << "times; the worker's run ends killed";
        m_answers.erase(it);
        return false;
    }
    ++it->attempt;
    it->resendDue = true;
    qCInfo(lcAdapter) << "the gateway aborted the run of the answer to" << child.key
                      << "at once; sending it again (attempt" << it->attempt << ")";
    out.deadlines.append(AdapterDeadline{deadlineKey(kAnswerAgain, it->attempt, child.key),
                                         m_config.answerResendDelayMs});
    return true;
}

bool GatewayAdapter::answerDeadline(const QString &key, AdapterOutput &out)
{
    if (const std::optional<DeadlineKey> window = parseDeadlineKey(kAnswerWindow, key)) {
        const auto it = m_answers.constFind(window->subject);
        if (it != m_answers.cend() && it->attempt == window->attempt)
            m_answers.erase(it); // the answer's run got going
        return true;
    }
    const std::optional<DeadlineKey> again = parseDeadlineKey(kAnswerAgain, key);
    if (!again)
        return false;
    auto it = m_answers.find(again->subject);
    if (it == m_answers.end() || it->attempt != again->attempt || !it->resendDue)
        return true;
    it->resendDue = false;
    RpcCall call =
        sessionsSend(it->actionKey + QStringLiteral(":again-") + QString::number(it->attempt),
                     again->subject, it->text);
    call.taskId = it->taskId;
    it->runId = call.idempotencyKey;
    out.calls.append(call);
    return true;
}

} // namespace clawops::gateway
