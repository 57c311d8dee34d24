#include "ActionRules.h"

#include "present/StateStyle.h"

#include <QStringList>

namespace clawops::ui {

using core::TaskState;

bool ActionRules::allows(TaskAction action, TaskState state, QString *whyNot)
{
    bool ok = false;
    QString needs;
    switch (action) {
    case TaskAction::Verify:
    case TaskAction::VerifyWithNote:
        ok = state == TaskState::NeedsVerification;
        needs = tr("only tasks that need verification can be verified");
        break;
    case TaskAction::Reject:
        ok = state == TaskState::NeedsVerification || state == TaskState::NeedsInput;
        needs = tr("only tasks that need verification or input can be rejected");
        break;
    case TaskAction::Answer:
        ok = state == TaskState::NeedsInput;
        needs = tr("only tasks that need input can be answered");
        break;
    case TaskAction::ForceRetry:
        ok = state != TaskState::Leased && state != TaskState::Running;
        needs = tr("a worker is on it; kill it before retrying");
        break;
    case TaskAction::Kill:
        ok = core::isActive(state);
        needs = tr("it is already finished");
        break;
    case TaskAction::MarkDead:
        ok = state != TaskState::Dead;
        needs = tr("it is already dead");
        break;
    case TaskAction::CancelRetry:
        ok = state == TaskState::Queued;
        needs = tr("no retry is queued");
        break;
    }
    if (!ok && whyNot)
        *whyNot = tr("%1: %2").arg(StateStyle::label(state), needs);
    return ok;
}

bool ActionRules::checksOpen(const TaskRef &task, QString *whyNot)
{
    // A checklist never loaded cannot have been ticked; a receipt with nothing to tick (or none
    // the console could read) never holds Verify back.
    if (task.uncheckedItems > 0) {
        if (whyNot)
            *whyNot = tr("%n verification check(s) not ticked yet", nullptr, task.uncheckedItems);
        return true;
    }
    if (task.uncheckedItems < 0 && task.verificationItems > 0) {
        if (whyNot)
            *whyNot = tr("open it and tick its verification checks first");
        return true;
    }
    return false;
}

ActionPlan ActionRules::plan(TaskAction action, const QList<TaskRef> &tasks, bool requireAllChecks)
{
    ActionPlan plan;
    plan.action = action;
    QStringList seen;
    for (const TaskRef &task : tasks) {
        if (seen.contains(task.taskId))
            continue;
        seen.append(task.taskId);
        QString why;
        if (task.pending)
            plan.skipped.append({task, tr("another action on it is still pending")});
        else if (!allows(action, task.state, &why))
            plan.skipped.append({task, why});
        else if (requireAllChecks &&
                 (action == TaskAction::Verify || action == TaskAction::VerifyWithNote) &&
                 checksOpen(task, &why))
            plan.skipped.append({task, why});
        else
            plan.eligible.append(task);
    }
    return plan;
}

core::OperatorCommand::Kind ActionRules::commandKind(TaskAction action)
{
    using Kind = core::OperatorCommand::Kind;
    switch (action) {
    case TaskAction::Verify:
    case TaskAction::VerifyWithNote:
        return Kind::Verify;
    case TaskAction::Reject:
        return Kind::Reject;
    case TaskAction::Answer:
        return Kind::Answer;
    case TaskAction::ForceRetry:
        return Kind::ForceRetry;
    case TaskAction::Kill:
        return Kind::Kill;
    case TaskAction::MarkDead:
        return Kind::MarkDead;
    case TaskAction::CancelRetry:
        return Kind::CancelRetry;
    }
    return Kind::Verify;
}

bool ActionRules::isDestructive(TaskAction action)
{
    return action == TaskAction::Kill || action == TaskAction::MarkDead ||
           action == TaskAction::Reject || action == TaskAction::CancelRetry;
}

bool ActionRules::needsText(TaskAction action)
{
    return action == TaskAction::Answer;
}

bool ActionRules::offersText(TaskAction action)
{
    return action == TaskAction::Answer || action == TaskAction::Reject ||
           action == TaskAction::VerifyWithNote || action == TaskAction::ForceRetry ||
           action == TaskAction::Kill || action == TaskAction::MarkDead ||
           action == TaskAction::CancelRetry;
}

QString ActionRules::title(TaskAction action)
{
    switch (action) {
    case TaskAction::Verify:
        return tr("Verify");
    case TaskAction::VerifyWithNote:
        return tr("Verify with Note");
    case TaskAction::Reject:
        return tr("Reject");
    case TaskAction::Answer:
        return tr("Answer");
    case TaskAction::ForceRetry:
        return tr("Force Retry");
    case TaskAction::Kill:
        return tr("Kill");
    case TaskAction::MarkDead:
        return tr("Mark Dead");
    case TaskAction::CancelRetry:
        return tr("Cancel Retry");
    }
    return {};
}

QString ActionRules::explanation(TaskAction action)
{
    switch (action) {
    case TaskAction::Verify:
    case TaskAction::VerifyWithNote:
        return tr("Marks the task done: you checked the worker's result.");
    case TaskAction::Reject:
        return tr("Fails the task, or, with \"retry\", queues a new attempt now that carries "
                  "your note to the orchestrator.");
    case TaskAction::Answer:
        return tr("Sends your answer to the worker session if it is still alive, otherwise to "
                  "its orchestrator with a respawn of the task.");
    case TaskAction::ForceRetry:
        return tr("Dispatches a retry right away, ignoring the backoff and the retry budget.");
    case TaskAction::Kill:
        return tr("Cancels the worker session (if one is running) and marks the task dead.");
    case TaskAction::MarkDead:
        return tr("Marks the task dead without touching any worker session.");
    case TaskAction::CancelRetry:
        return tr("Drops the queued retry; the task becomes dead.");
    }
    return {};
}

} // namespace clawops::ui
