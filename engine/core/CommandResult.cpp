#include "OperatorCommand.h"

#include <QStringList>

namespace clawops::core {

namespace {

QString statesText(const QList<TaskState> &states)
{
    QStringList names;
    for (const TaskState state : states)
        names.append(stateName(state));
    return names.join(QStringLiteral(" or "));
}

} // namespace

QString CommandResult::auditText() const
{
    const QString &id = taskId.str();
    switch (kind) {
    case Kind::Verified:
        return QStringLiteral("Task %1 verified and done.").arg(id);
    case Kind::Rejected:
        return QStringLiteral("Task %1 rejected.").arg(id);
    case Kind::RejectedAndRetryQueued:
        return QStringLiteral("Task %1 rejected; a retry with your note is queued.").arg(id);
    case Kind::AnswerSentToWorker:
        return QStringLiteral("Answer sent to worker %1; task %2 resumes.").arg(subject, id);
    case Kind::AnswerSentToOrchestrator:
        return QStringLiteral("The worker is gone; the answer goes to orchestrator %1 with a "
                              "respawn of task %2.")
            .arg(subject, id);
    case Kind::RetrySent:
        return QStringLiteral("Retry of task %1 sent to its orchestrator.").arg(id);
    case Kind::WorkerCancelled:
        return QStringLiteral("Cancelling worker %1; task %2 is dead.").arg(subject, id);
    case Kind::KilledWithoutWorker:
        return QStringLiteral("Task %1 is dead (no running worker).").arg(id);
    case Kind::MarkedDead:
        return QStringLiteral("Task %1 is dead.").arg(id);
    case Kind::RetriesPaused:
        return QStringLiteral("Automatic retries paused.");
    case Kind::RetriesResumed:
        return QStringLiteral("Automatic retries resumed.");
    case Kind::ItemChecked:
        return QStringLiteral("Verification item of task %1 ticked: %2").arg(id, subject);
    case Kind::ItemUnchecked:
        return QStringLiteral("Verification item of task %1 unticked: %2").arg(id, subject);
    case Kind::Claimed:
        return QStringLiteral("Task %1 claimed.").arg(id);
    case Kind::ClaimReleased:
        return QStringLiteral("Claim on task %1 released.").arg(id);
    case Kind::NoSuchTask:
        return QStringLiteral("No task %1.").arg(id);
    case Kind::WrongState:
        return QStringLiteral("Task %1 is %2; this needs %3.")
            .arg(id, stateName(state), statesText(wanted));
    case Kind::NoSpecToRetry:
        return QStringLiteral("Task %1 has no stored spec to retry from.").arg(id);
    case Kind::NoWorkerNorSpec:
        return QStringLiteral("Task %1 has no live worker and no stored spec.").arg(id);
    case Kind::EmptyAnswer:
        return QStringLiteral("An answer needs some text.");
    case Kind::NoSuchItem:
        return QStringLiteral("Task %1 has no such verification item.").arg(id);
    case Kind::KillBeforeRetry:
        return QStringLiteral("Task %1 is %2; kill it before retrying.").arg(id, stateName(state));
    case Kind::OtherTaskActive:
        return QStringLiteral("Task %1 is already active for the same work.").arg(subject);
    case Kind::AlreadyDead:
        return QStringLiteral("Task %1 is already dead.").arg(id);
    case Kind::AlreadyPaused:
        return QStringLiteral("Automatic retries are already paused.");
    case Kind::AlreadyRunning:
        return QStringLiteral("Automatic retries are already running.");
    case Kind::EngineNotRunning:
        return QStringLiteral("The engine is not running.");
    case Kind::NotActing:
        return QStringLiteral("This console's engine is not acting on the fleet.");
    case Kind::Withdrawn:
        return QStringLiteral("No console is acting on the fleet; the command was withdrawn.");
    case Kind::StoreFailed:
        return QStringLiteral("The store could not be read: %1").arg(subject);
    case Kind::ApprovalDecisionSent:
        return QStringLiteral("Decision sent to the gateway for: %1").arg(subject);
    case Kind::NoSuchApproval:
        return QStringLiteral("No approval waits for: %1").arg(subject);
    case Kind::DecisionNotOffered:
        return QStringLiteral("The gateway does not offer that decision for: %1").arg(subject);
    case Kind::GatewayNotLive:
        return QStringLiteral("Not connected to the gateway; nothing was decided.");
    }
    return {};
}

} // namespace clawops::core
