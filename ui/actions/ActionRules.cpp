#include "ActionRules.h"

#include "present/StateStyle.h"
#include "present/TimeFormat.h"

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
    case TaskAction::Claim:
        ok = state == TaskState::NeedsInput || state == TaskState::NeedsVerification;
        needs = tr("only tasks in the Inbox (needs input or verification) can be claimed");
        break;
    case TaskAction::ReleaseClaim:
        ok = true; // the engine takes a claim off whatever the task's state
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

ActionPlan ActionRules::plan(TaskAction action, const QList<TaskRef> &tasks, bool requireAllChecks,
                             const ConsoleIdentity &me)
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
        else if (action == TaskAction::Claim && task.claim && me.owns(*task.claim))
            plan.skipped.append({task, tr("you claim it already")});
        else if (action == TaskAction::ReleaseClaim && !task.claim)
            plan.skipped.append({task, tr("nobody claims it")});
        else
            plan.eligible.append(task);
    }
    return plan;
}

QList<TaskRef> ActionRules::claimedByOthers(const ActionPlan &plan, const ConsoleIdentity &me)
{
    QList<TaskRef> others;
    for (const TaskRef &task : plan.eligible) {
        if (task.claim && !me.owns(*task.claim))
            others.append(task);
    }
    return others;
}

QString ActionRules::claimQuestion(const ActionPlan &plan, const ConsoleIdentity &me, qint64 nowMs)
{
    const QList<TaskRef> others = claimedByOthers(plan, me);
    if (others.isEmpty())
        return {};
    if (plan.eligible.size() == 1) {
        const core::ClaimRecord &claim = *others.constFirst().claim;
        return tr("%1 claimed this task %2 ago. Act anyway?")
            .arg(ClaimWords::claimant(claim, me), TimeFormat::duration(nowMs - claim.claimedAt));
    }
    QStringList who;
    for (const TaskRef &task : others) {
        const QString name = ClaimWords::claimant(*task.claim, me);
        if (!who.contains(name))
            who.append(name);
    }
    return tr("Claimed by someone else: %1 of these %n task(s) (%2). Act on them anyway?", nullptr,
              int(plan.eligible.size()))
        .arg(others.size())
        .arg(who.join(QStringLiteral(", ")));
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
    case TaskAction::Claim:
        return Kind::Claim;
    case TaskAction::ReleaseClaim:
        return Kind::ReleaseClaim;
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
    case TaskAction::Claim:
        return tr("Claim");
    case TaskAction::ReleaseClaim:
        return tr("Release Claim");
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
    case TaskAction::Claim:
        return tr("Tells the other consoles that you handle this Inbox item; they see your name "
                  "on it and are asked before they act on it.");
    case TaskAction::ReleaseClaim:
        return tr("Takes the claim off the task, so that it is anyone's again.");
    }
    return {};
}

} // namespace clawops::ui
