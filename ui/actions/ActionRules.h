#pragma once

#include "core/OperatorCommand.h"
#include "core/Records.h"
#include "core/TaskState.h"
#include "present/Claims.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace clawops::ui {

// What an operator can do to a task, from the UI's side. Reject-and-retry and verify-with-note
// are separate entries because they ask for different things; each maps onto one engine command.
enum class TaskAction
{
    Verify,
    VerifyWithNote,
    Reject,
    Answer,
    ForceRetry,
    Kill,
    MarkDead,
    CancelRetry,
    // Not a fleet action: the operator tells the other consoles they handle an Inbox item.
    Claim,
    ReleaseClaim,
};

inline constexpr int kTaskActionCount = 10;

// A selected task as the actions see it: enough to decide and to show in a preview.
struct TaskRef
{
    QString taskId;
    QString label;
    core::TaskState state = core::TaskState::Queued;
    bool pending = false;      // another command on it is still in flight
    int verificationItems = 0; // the receipt's verification items, as the engine counted them
    // Of the checklist the detail panel showed for it, how many items are not ticked; -1 when the
    // console has not loaded its checklist (then verificationItems stands in).
    int uncheckedItems = -1;
    // Who claims it, when anyone does (the engine's deltas carry every claim).
    std::optional<core::ClaimRecord> claim{};
};

// Which tasks a (bulk) action will touch and which it will leave alone, and why.
struct ActionPlan
{
    TaskAction action = TaskAction::Verify;
    QList<TaskRef> eligible;
    struct Skip
    {
        TaskRef task;
        QString reason;
    };
    QList<Skip> skipped;

    bool isEmpty() const { return eligible.isEmpty(); }
};

class ActionRules
{
    Q_DECLARE_TR_FUNCTIONS(ActionRules)

public:
    // The engine's own state checks (OrchestratorCommands.cpp), so the UI offers only what the
    // engine would accept. `whyNot` receives the reason when the answer is no.
    static bool allows(TaskAction action, core::TaskState state, QString *whyNot = nullptr);
    // With requireAllChecks, Verify skips a task whose verification checklist is not all ticked.
    // Claim skips the tasks `me` claims already, ReleaseClaim the ones nobody claims.
    static ActionPlan plan(TaskAction action, const QList<TaskRef> &tasks,
                           bool requireAllChecks = false, const ConsoleIdentity &me = {});
    // The tasks of the plan another operator claims (one's own claims do not count).
    static QList<TaskRef> claimedByOthers(const ActionPlan &plan, const ConsoleIdentity &me);
    // What to ask before acting on tasks someone else claims, so that two operators do not
    // handle one item at once; empty when no task of the plan is claimed by someone else.
    static QString claimQuestion(const ActionPlan &plan, const ConsoleIdentity &me, qint64 nowMs);
    static bool checksOpen(const TaskRef &task, QString *whyNot = nullptr);

    static core::OperatorCommand::Kind commandKind(TaskAction action);
    static bool isDestructive(TaskAction action);
    // Answer needs text; Reject and VerifyWithNote offer it.
    static bool needsText(TaskAction action);
    static bool offersText(TaskAction action);

    static QString title(TaskAction action);       // "Kill"
    static QString explanation(TaskAction action); // what happens, one or two sentences
};

} // namespace clawops::ui
