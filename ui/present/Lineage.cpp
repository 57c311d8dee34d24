#include "Lineage.h"

#include "EngineWords.h"
#include "ReceiptSummary.h"
#include "StateStyle.h"
#include "TimeFormat.h"

#include <algorithm>

namespace clawops::ui {

namespace {

using Cause = core::TransitionCause::Kind;

// The transitions that are messages to the orchestrator (or the lack of its answer), which is
// what links one attempt to the next.
bool isRetryMessage(const core::TransitionCause &cause)
{
    switch (cause.kind) {
    case Cause::RetryQueued:
    case Cause::OperatorRetryQueued:
    case Cause::RetryDispatched:
    case Cause::OperatorRetryDispatched:
    case Cause::RespawnNotSeen:
        return true;
    default:
        return false;
    }
}

LineageStep receiptStep(const core::TaskRecord &attempt)
{
    const ReceiptSummary receipt = ReceiptSummary::fromJson(attempt.receiptJson);
    LineageStep step;
    step.kind = LineageStep::Kind::Receipt;
    step.title = LineageStep::tr("Receipt");
    const QString status = receipt.present ? receipt.status : attempt.receiptStatus;
    const QString taskRef = receipt.present ? receipt.taskId : attempt.receiptTaskRef;
    step.subject = taskRef.isEmpty() ? status : LineageStep::tr("%1 for %2").arg(status, taskRef);
    if (receipt.present) {
        step.detail =
            LineageStep::tr("%n verification item(s)", nullptr, int(receipt.verification.size()));
        if (!receipt.artifacts.isEmpty())
            step.detail +=
                LineageStep::tr(", %n artifact(s)", nullptr, int(receipt.artifacts.size()));
    }
    return step;
}

} // namespace

QList<LineageStep> LineageStep::of(const host::TaskDetail &detail)
{
    if (!detail.found)
        return {};
    QList<core::TaskRecord> attempts = detail.attempts;
    if (attempts.isEmpty())
        attempts.append(detail.task);
    std::stable_sort(
        attempts.begin(), attempts.end(),
        [](const core::TaskRecord &a, const core::TaskRecord &b) { return a.attempt < b.attempt; });
    const core::TaskRecord &first = attempts.constFirst();

    QList<LineageStep> out;
    if (!first.requesterSessionKey.isEmpty()) {
        out.append({Kind::FrontSession, tr("Front session"), first.requesterSessionKey.str(),
                    tr("asked for the work"), std::nullopt, false});
    }
    if (!first.orchestratorSessionKey.isEmpty() &&
        first.orchestratorSessionKey != first.requesterSessionKey) {
        out.append({Kind::Orchestrator, tr("Orchestrator"), first.orchestratorSessionKey.str(),
                    tr("spawned the workers"), std::nullopt, false});
    }
    for (const core::TaskRecord &attempt : std::as_const(attempts)) {
        const QString cause = EngineWords::cause(attempt.lastOutcome);
        out.append({Kind::Attempt, tr("Attempt %1").arg(attempt.attempt),
                    attempt.workerSessionKey.isEmpty() ? tr("no worker session yet")
                                                       : attempt.workerSessionKey.str(),
                    cause.isEmpty() ? StateStyle::label(attempt.state)
                                    : tr("%1 — %2").arg(StateStyle::label(attempt.state), cause),
                    attempt.state, attempt.taskId == detail.task.taskId});
        if (attempt.receiptSeen || !attempt.receiptJson.isEmpty())
            out.append(receiptStep(attempt));
        for (const core::TransitionRecord &transition : detail.attemptTransitions) {
            if (transition.taskId != attempt.taskId || !isRetryMessage(transition.cause))
                continue;
            out.append({Kind::RetryMessage, tr("Retry message"),
                        EngineWords::cause(transition.cause), TimeFormat::absolute(transition.at),
                        std::nullopt, false});
        }
    }
    return out;
}

} // namespace clawops::ui
