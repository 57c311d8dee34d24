#include "EngineWords.h"

#include "StateStyle.h"

#include <QLocale>

namespace clawops::ui {

using core::TransitionCause;
using core::WorkerOutcome;

QString EngineWords::policyRule(core::PolicyRule rule)
{
    switch (rule) {
    case core::PolicyRule::RetiredOrchestrator:
        return tr("retired orchestrator used a tool");
    case core::PolicyRule::FridayChannel:
        return tr("message outside the #friday channels");
    case core::PolicyRule::MainDelegation:
        return tr("front session used a direct tool");
    case core::PolicyRule::OrchestratorDelegation:
        return tr("orchestrator did not delegate");
    }
    return {};
}

QString EngineWords::policyAction(core::PolicyAction action)
{
    return action == core::PolicyAction::Abort ? tr("run aborted, reason sent") : tr("flagged");
}

QString EngineWords::outcome(WorkerOutcome outcome)
{
    switch (outcome) {
    case WorkerOutcome::Ok:
        return tr("finished");
    case WorkerOutcome::Error:
        return tr("failed with an error");
    case WorkerOutcome::Timeout:
        return tr("timed out");
    case WorkerOutcome::Killed:
        return tr("was killed");
    case WorkerOutcome::Reset:
        return tr("was reset");
    case WorkerOutcome::Deleted:
        return tr("was deleted");
    case WorkerOutcome::Interrupted:
        return tr("was interrupted by a gateway restart");
    case WorkerOutcome::Unknown:
        return tr("ended for an unknown reason");
    }
    return {};
}

QString EngineWords::retryReason(const core::RetryReason &reason)
{
    using Kind = core::RetryReason::Kind;
    switch (reason.kind) {
    case Kind::WorkerEnded:
        return tr("worker %1").arg(outcome(reason.outcome));
    case Kind::OperatorRejected:
        return tr("result rejected by an operator");
    case Kind::OperatorAnswered:
        return tr("answered by an operator; the worker was gone");
    case Kind::OperatorForced:
        return tr("forced by an operator");
    case Kind::Restored:
        return tr("restored after a restart");
    case Kind::Carried:
        if (const std::optional<WorkerOutcome> ended = reason.workerOutcome())
            return tr("worker %1").arg(outcome(*ended));
        return cause(TransitionCause::fromText(reason.carried));
    }
    return {};
}

QString EngineWords::cause(const TransitionCause &cause)
{
    using Kind = TransitionCause::Kind;
    switch (cause.kind) {
    case Kind::None:
        return {};
    case Kind::SpawnRequested:
        return tr("spawn requested");
    case Kind::SpawnNotAccepted:
        return tr("the gateway did not accept the spawn");
    case Kind::MissingChildSessionKey:
        return tr("the spawn was accepted without a worker session");
    case Kind::WorkerStarted:
        return tr("worker started");
    case Kind::RespawnedAsNextAttempt:
        return tr("respawned as the next attempt");
    case Kind::WorkerEnded:
        return tr("worker %1").arg(outcome(cause.outcome));
    case Kind::RetryExhausted:
        return tr("out of retries; the last worker %1").arg(outcome(cause.outcome));
    case Kind::RetryQueued:
        return tr("retry %1 queued; the worker %2").arg(cause.attempt).arg(outcome(cause.outcome));
    case Kind::OperatorRetryQueued:
        return tr("retry %1 queued by an operator").arg(cause.attempt);
    case Kind::RetryDispatched:
        return tr("retry sent (%1)").arg(retryReason(cause.retry));
    case Kind::OperatorRetryDispatched:
        return tr("retry sent for an operator");
    case Kind::RespawnNotSeen:
        return tr("no respawn within %1 s after the retry to %2")
            .arg(QLocale().toString(cause.seconds), cause.target);
    case Kind::AutoVerified:
        return tr("verified automatically after the grace window");
    case Kind::VerificationTimeoutUnverified:
        return tr("grace window over; the receipt lists nothing to verify");
    case Kind::VerificationTimeoutMissingReceipt:
        return tr("grace window over without a receipt");
    case Kind::BecameOrchestrator:
        return tr("the worker became an orchestrator");
    case Kind::ReportedCompletedAwaitingVerification:
        return tr("worker reports done; verification listed");
    case Kind::ReportedCompletedNoVerification:
        return tr("worker reports done; nothing to verify");
    case Kind::ReportedCompletedMissingVerification:
        return tr("worker reports done without verification items");
    case Kind::ReportedBlocked:
        return tr("worker reports it is blocked");
    case Kind::ReportedFailed:
        return tr("worker reports it failed");
    case Kind::OperatorVerified:
        return tr("verified by an operator");
    case Kind::OperatorRejected:
        return tr("rejected by an operator");
    case Kind::OperatorAnswered:
        return tr("answered by an operator");
    case Kind::OperatorKilled:
        return tr("killed by an operator");
    case Kind::OperatorMarkedDead:
        return tr("marked dead by an operator");
    case Kind::OperatorCancelledRetry:
        return tr("retry cancelled by an operator");
    case Kind::Other:
        return cause.text;
    }
    return cause.toText();
}

QString EngineWords::states(const QList<core::TaskState> &states)
{
    QStringList labels;
    for (const core::TaskState state : states)
        labels.append(StateStyle::label(state));
    return QLocale().createSeparatedList(labels);
}

QString EngineWords::commandResult(const core::CommandResult &result)
{
    using Kind = core::CommandResult::Kind;
    const QString &id = result.taskId.str();
    switch (result.kind) {
    case Kind::Verified:
        return tr("Task %1 verified and done.").arg(id);
    case Kind::Rejected:
        return tr("Task %1 rejected.").arg(id);
    case Kind::RejectedAndRetryQueued:
        return tr("Task %1 rejected; a retry with your note is queued.").arg(id);
    case Kind::AnswerSentToWorker:
        return tr("Answer sent to worker %1; task %2 resumes.").arg(result.subject, id);
    case Kind::AnswerSentToOrchestrator:
        return tr("The worker is gone; the answer goes to orchestrator %1 with a respawn of "
                  "task %2.")
            .arg(result.subject, id);
    case Kind::RetrySent:
        return tr("Retry of task %1 sent to its orchestrator.").arg(id);
    case Kind::WorkerCancelled:
        return tr("Cancelling worker %1; task %2 is dead.").arg(result.subject, id);
    case Kind::KilledWithoutWorker:
        return tr("Task %1 is dead (no running worker).").arg(id);
    case Kind::MarkedDead:
        return tr("Task %1 is dead.").arg(id);
    case Kind::RetriesPaused:
        return tr("Automatic retries paused.");
    case Kind::RetriesResumed:
        return tr("Automatic retries resumed.");
    case Kind::ItemChecked:
        return tr("Check ticked on task %1: %2").arg(id, result.subject);
    case Kind::ItemUnchecked:
        return tr("Check unticked on task %1: %2").arg(id, result.subject);
    case Kind::ApprovalDecisionSent:
        return tr("Your decision went to the gateway: %1").arg(result.subject);
    case Kind::NoSuchApproval:
        return tr("That approval no longer waits.");
    case Kind::DecisionNotOffered:
        return tr("The gateway does not offer that decision for: %1").arg(result.subject);
    case Kind::GatewayNotLive:
        return tr("Not connected to the gateway; nothing was decided.");
    case Kind::Claimed:
        return tr("Task %1 is claimed by you; the other consoles show it.").arg(id);
    case Kind::ClaimReleased:
        return tr("Your claim on task %1 is released.").arg(id);
    case Kind::NoSuchTask:
        return tr("There is no task %1.").arg(id);
    case Kind::WrongState:
        return tr("Task %1 is %2; this needs %3.")
            .arg(id, StateStyle::label(result.state), states(result.wanted));
    case Kind::NoSpecToRetry:
        return tr("Task %1 has no stored spec to retry from.").arg(id);
    case Kind::NoWorkerNorSpec:
        return tr("Task %1 has no live worker and no stored spec.").arg(id);
    case Kind::EmptyAnswer:
        return tr("An answer needs some text.");
    case Kind::NoSuchItem:
        return tr("Task %1 has no such verification item.").arg(id);
    case Kind::KillBeforeRetry:
        return tr("Task %1 is %2; kill it before retrying.")
            .arg(id, StateStyle::label(result.state));
    case Kind::OtherTaskActive:
        return tr("Task %1 is already active for the same work.").arg(result.subject);
    case Kind::AlreadyDead:
        return tr("Task %1 is already dead.").arg(id);
    case Kind::AlreadyPaused:
        return tr("Automatic retries are already paused.");
    case Kind::AlreadyRunning:
        return tr("Automatic retries are already running.");
    case Kind::EngineNotRunning:
        return tr("The engine is not running.");
    case Kind::NotActing:
        return tr("This console's engine is not the one acting on the fleet.");
    case Kind::Withdrawn:
        return tr("No console is acting on the fleet; the command was withdrawn.");
    case Kind::StoreFailed:
        return tr("The store could not be read: %1").arg(result.subject);
    }
    return result.auditText();
}

QString EngineWords::role(host::EngineRole role)
{
    switch (role) {
    case host::EngineRole::Starting:
        return tr("starting");
    case host::EngineRole::Acting:
        return tr("acting");
    case host::EngineRole::Following:
        return tr("following");
    case host::EngineRole::StoreUnreachable:
        return tr("store unreachable");
    case host::EngineRole::Observer:
        return tr("observing");
    }
    return {};
}

} // namespace clawops::ui
