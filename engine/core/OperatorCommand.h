#pragma once

#include "Ids.h"
#include "TaskState.h"

#include <QList>
#include <QString>

namespace clawops::core {

// An operator's request, as the console sends it to the engine. Every command is audited,
// whether it succeeds or is refused.
struct OperatorCommand
{
    enum class Kind
    {
        Verify,        // needs_verification → done
        Reject,        // → failed, or → queued retry carrying `text` as the operator's note
        Answer,        // needs_input: deliver `text`; the task resumes
        ForceRetry,    // dispatch now, ignoring backoff and the retry budget
        Kill,          // cancel the worker; → dead
        MarkDead,      // → dead without touching the worker
        CancelRetry,   // a queued retry is dropped; → dead
        PauseRetries,  // stop dispatching automatic retries (operator-forced ones still go)
        ResumeRetries, // dispatch them again
        // needs_verification: the operator ticked or unticked one of the receipt's verification
        // items. Changes nothing; the audit row is the record the console's checklist reads back.
        CheckItem,
        // A gateway approval: `approvalId`, and the decision (allow-once, allow-always, deny) in
        // `text`. `taskId` is the task whose session asked, when known.
        DecideApproval,
        // An Inbox item (needs_input, needs_verification): the operator says they handle it, or
        // no longer. No fleet action: the console's own engine writes it to the store, acting or
        // not, and the other consoles show it.
        Claim,
        ReleaseClaim,
    };
    Kind kind = Kind::Verify;
    TaskId taskId;
    QString operatorName;
    QString reason;     // why, in the operator's words (optional)
    QString text;       // the answer, or the note that goes with a reject-and-retry
    bool retry = false; // for Reject: queue a retry instead of failing for good
    // For CheckItem: which of the receipt's verification items (0-based, in the receipt's order),
    // and whether it is now ticked. `text` carries the item's own words, for a reader of the log.
    int itemIndex = -1;
    bool ticked = false;
    QString approvalId{}; // for DecideApproval
    // Where the operator sits: the host of the console that sent it (its engine stamps it).
    QString consoleHost{};

    bool operator==(const OperatorCommand &) const = default;
};

QString commandName(OperatorCommand::Kind kind);

// What came of a command, as a value: the console words it in the operator's language, the audit
// log keeps the English sentence auditText() makes.
struct CommandResult
{
    enum class Kind
    {
        // Done.
        Verified,
        Rejected,
        RejectedAndRetryQueued,
        AnswerSentToWorker,       // subject: the worker session
        AnswerSentToOrchestrator, // subject: the orchestrator that respawns the task
        RetrySent,
        WorkerCancelled, // subject: the worker session; the task is dead
        KilledWithoutWorker,
        MarkedDead,
        RetriesPaused,
        RetriesResumed,
        ItemChecked,   // subject: the item's text
        ItemUnchecked, // subject: the item's text
        Claimed,
        ClaimReleased,
        // Refused.
        NoSuchTask,
        WrongState,      // state is not one of `wanted`
        NoSpecToRetry,   // the task has no stored spec
        NoWorkerNorSpec, // an answer, but no live worker and no spec to respawn
        EmptyAnswer,
        NoSuchItem,      // a CheckItem without a valid item index
        KillBeforeRetry, // the task is still leased or running
        OtherTaskActive, // subject: the active task of the same work
        AlreadyDead,
        AlreadyPaused,
        AlreadyRunning,
        EngineNotRunning,
        NotActing,            // this console's engine is not the one acting on the fleet
        Withdrawn,            // queued through the store while no engine acted: it never runs
        StoreFailed,          // subject: the store's error
                              // Gateway approvals (subject: the approval's command).
        ApprovalDecisionSent, // the decision went to the gateway; its .resolved event follows
        NoSuchApproval,       // not (or no longer) waiting
        DecisionNotOffered,   // the gateway does not accept that decision for it
        GatewayNotLive,       // the decision cannot reach the gateway now
    };
    Kind kind = Kind::NoSuchTask;
    bool ok = false;
    TaskId taskId;
    TaskState state = TaskState::Queued;
    QList<TaskState> wanted;
    QString subject;

    static CommandResult done(Kind kind, const TaskId &taskId, const QString &subject = {})
    {
        return {kind, true, taskId, TaskState::Queued, {}, subject};
    }
    static CommandResult refused(Kind kind, const TaskId &taskId = {}, const QString &subject = {})
    {
        return {kind, false, taskId, TaskState::Queued, {}, subject};
    }
    static CommandResult wrongState(const TaskId &taskId, TaskState state, QList<TaskState> wanted)
    {
        return {Kind::WrongState, false, taskId, state, std::move(wanted), {}};
    }

    // One English sentence: the audit log's result column and the engine's log.
    QString auditText() const;
};

} // namespace clawops::core