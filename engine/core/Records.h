#pragma once

#include "Approvals.h"
#include "Clock.h"
#include "Ids.h"
#include "Messages.h"
#include "Policy.h"
#include "ReadResult.h"
#include "Receipts.h"
#include "SpawnSpec.h"
#include "StateCounts.h"
#include "TaskState.h"
#include "TransitionCause.h"
#include "WorkerOutcome.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace clawops::core {

// One row of orchestrator_tasks: the plugin's columns first, then the ClawOps additions.
struct TaskRecord
{
    TaskId taskId;
    TaskKey taskKey;
    SessionKey requesterSessionKey;
    SessionKey orchestratorSessionKey;
    QString label;
    QString taskPreview;
    TaskState state = TaskState::Queued;
    int attempt = 1;
    int maxRetries = 0;
    std::optional<TimeMs> nextRunAt;
    TransitionCause lastOutcome; // the plugin's last_outcome
    SpawnSpec spec;
    bool receiptSeen = false;
    int verificationItems = 0;
    bool explicitNoVerification = false;
    TimeMs createdAt = 0;
    TimeMs updatedAt = 0;

    // ClawOps columns.
    SessionKey workerSessionKey; // the child session of this attempt
    QString gatewayTaskId;       // the gateway's task ledger id, for tasks.cancel
    QString receiptJson;         // the last receipt object as the worker wrote it
    QString receiptStatus;       // completed|blocked|failed of that receipt
    QString receiptTaskRef;      // the task_id the worker put in its receipt

    bool operator==(const TaskRecord &) const = default;
};

// One row of orchestrator_workers.
struct WorkerRecord
{
    SessionKey childSessionKey;
    TaskId taskId;
    TaskKey taskKey;
    SessionKey orchestratorSessionKey;
    QString label;
    QString taskPreview;
    // The status column: "running" while the run lasts (nullopt), then how it ended.
    std::optional<WorkerOutcome> ended;
    int attempt = 1;
    TimeMs startedAt = 0;
    TimeMs updatedAt = 0;
    // The outcome column: the ending as the gateway reported it; empty while running.
    QString outcome;

    bool running() const { return !ended.has_value(); }

    bool operator==(const WorkerRecord &) const = default;
};

struct BindingRecord
{
    SessionKey requesterSessionKey;
    SessionKey orchestratorSessionKey;
    TimeMs updatedAt = 0;

    bool operator==(const BindingRecord &) const = default;
};

struct RetryCountRecord
{
    TaskKey taskKey;
    int retries = 0;
    TimeMs updatedAt = 0;

    bool operator==(const RetryCountRecord &) const = default;
};

// task_transitions: every state change of every task, for timelines and the audit view.
struct TransitionRecord
{
    TaskId taskId;
    TimeMs at = 0;
    std::optional<TaskState> from; // nullopt when the task was created
    TaskState to = TaskState::Queued;
    TransitionCause cause;

    bool operator==(const TransitionRecord &) const = default;
};

// The task waited for an operator and no longer does: its Inbox item is resolved. Moving between
// needs_input and needs_verification keeps it in the Inbox.
inline bool leavesTheInbox(const TransitionRecord &transition)
{
    return transition.from && waitsOnOperator(*transition.from) && !waitsOnOperator(transition.to);
}

// operator_actions: what an operator asked for and what came of it.
// A verification item the operator ticked or unticked (OperatorCommand::Kind::CheckItem), kept
// typed so the console rebuilds its checklist from the audit log without reading its sentences.
struct CheckMark
{
    int index = 0;
    bool ticked = false;

    bool operator==(const CheckMark &) const = default;
};

struct AuditRecord
{
    TimeMs at = 0;
    QString operatorName;
    QString action; // verify|reject|answer|force_retry|kill|mark_dead|cancel_retry|pause|resume
    TaskId taskId;
    QString reason;
    QString result;                 // "ok" or the refusal / failure message
    QString detail;                 // e.g. the answer text or the note
    std::optional<CheckMark> check; // a check_item that took effect
    QString consoleHost;            // the host of the console the operator used; empty before 6

    bool operator==(const AuditRecord &) const = default;
};

// suppressed_spawns: duplicates of an active task that the gateway accepted and we cancelled.
struct SuppressedSpawnRecord
{
    TimeMs at = 0;
    TaskKey taskKey;
    TaskId activeTaskId;
    SessionKey requesterSessionKey;
    SessionKey orchestratorSessionKey;
    QString label;
    QString spawnRef;
    SessionKey childSessionKey;

    bool operator==(const SuppressedSpawnRecord &) const = default;
};

// clawops_claims: an operator said they are handling an Inbox item. An annotation for the other
// consoles, not a fleet action: any console writes its own, and it goes when the item is resolved.
struct ClaimRecord
{
    TaskId taskId;
    QString operatorName;
    QString consoleHost;
    TimeMs claimedAt = 0;

    bool operator==(const ClaimRecord &) const = default;
};

// A command another console queued in clawops_commands, as the acting engine ran it: written in
// the transaction that holds the command's changes, so it is done exactly when they are.
struct CommandCompletion
{
    qint64 commandId = 0;
    bool ok = false;
    QString result; // the CommandResult (commandResultToJson)
    TimeMs at = 0;

    bool operator==(const CommandCompletion &) const = default;
};

struct WorkerChange
{
    enum class Kind
    {
        Upsert,
        Delete, // the row keyed by record.childSessionKey
        // Every row filed under record.orchestratorSessionKey: a retired orchestrator's workers,
        // including the ended ones the core no longer holds (WorkerRegistry keeps only the newest).
        DeleteByOrchestrator,
    };
    Kind kind = Kind::Upsert;
    WorkerRecord record; // only the keys a deletion needs are used

    bool operator==(const WorkerChange &) const = default;
};

struct BindingChange
{
    enum class Kind
    {
        // The plugin's setBinding: drop other requesters of this orchestrator, then upsert.
        Bind,
        DeleteByRequester,
        DeleteByOrchestrator,
    };
    Kind kind = Kind::Bind;
    BindingRecord record; // only the keys the kind needs are used

    bool operator==(const BindingChange &) const = default;
};

// Everything one batch of events changed, in the order it happened. The store applies a change
// set in one transaction; the host turns it into deltas for the GUI.
struct ChangeSet
{
    QList<TaskRecord> taskUpserts;       // full rows, last write per task wins
    QList<WorkerChange> workerChanges;   // in order: an upsert and a delete may meet in a batch
    QList<BindingChange> bindingChanges; // in order, for the same reason
    QList<RetryCountRecord> retryCounts;
    QList<TransitionRecord> transitions;
    QList<AuditRecord> audits;
    QList<SuppressedSpawnRecord> suppressed;
    QList<PolicyViolationRecord> policyViolations;
    // Gateway approvals that appeared or closed: for the console only, never stored (the gateway
    // keeps them; a restart lists the pending ones again).
    QList<ApprovalRecord> approvals{};
    // Queued commands of other consoles that this batch's changes carry out.
    QList<CommandCompletion> commandCompletions{};

    bool isEmpty() const
    {
        return taskUpserts.isEmpty() && workerChanges.isEmpty() && bindingChanges.isEmpty() &&
               retryCounts.isEmpty() && transitions.isEmpty() && audits.isEmpty() &&
               suppressed.isEmpty() && policyViolations.isEmpty() && approvals.isEmpty() &&
               commandCompletions.isEmpty();
    }
    void append(ChangeSet &&other);
    void clear() { *this = ChangeSet{}; }
};

// What the core needs from the store at start-up (the plugin's rehydration, plus the active tasks
// that ClawOps keeps in memory).
struct Snapshot
{
    QList<BindingRecord> bindings;
    QList<RetryCountRecord> retryCounts;
    QList<WorkerRecord> workers;   // the running ones
    QList<TaskRecord> activeTasks; // every task in an active state
    // Task counts per state for each orchestrator over every stored task (status blocks count
    // done, failed and dead tasks too). Empty only for a store without tasks; the core then
    // counts the active tasks it is given.
    QHash<SessionKey, StatusSummary> summaries;
    // Spawn calls suppressed as duplicates lately, and the task each repeated: after a restart
    // the adapter can read such a call again from its parent's transcript, and it must stay a
    // duplicate instead of becoming a task of its own once the task it repeated has ended.
    QHash<SpawnRef, TaskId> suppressedSpawns;
};

// Read access to tasks the core no longer holds in memory (terminal ones). The store implements
// it; tests use an in-memory one.
class TaskArchive
{
public:
    virtual ~TaskArchive() = default;
    virtual ReadResult<TaskRecord> findTask(const TaskId &taskId) const = 0;
    // The highest attempt stored for the key; found(0) when it has no rows.
    virtual ReadResult<int> highestAttempt(const TaskKey &taskKey) const = 0;
};

} // namespace clawops::core
