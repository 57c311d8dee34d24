#pragma once

#include "WorkerOutcome.h"

#include <QString>

namespace clawops::core {

// Why a queued retry exists: what the retry block tells the orchestrator on its `outcome:` line,
// and what the console shows as the attempt's failure.
struct RetryReason
{
    enum class Kind
    {
        WorkerEnded,      // the worker's run ended with `outcome` (the automatic retry)
        OperatorRejected, // an operator rejected the result and asked for another attempt
        OperatorAnswered, // an operator answered a task whose worker was gone
        OperatorForced,   // an operator forced a retry of a task with no recorded cause
        Restored,         // read back from a store row that carried no cause
        Carried,          // the task's stored cause, carried over as it stands (`carried`)
    };
    Kind kind = Kind::WorkerEnded;
    WorkerOutcome outcome = WorkerOutcome::Unknown;
    QString carried; // for Carried: the stored text, exactly

    static RetryReason workerEnded(WorkerOutcome outcome)
    {
        RetryReason reason;
        reason.outcome = outcome;
        return reason;
    }
    static RetryReason of(Kind kind)
    {
        RetryReason reason;
        reason.kind = kind;
        return reason;
    }

    // The plugin's text ("timeout", "rejected", "needs-input-answered", "operator", "restored",
    // or the carried text).
    QString toText() const;
    static RetryReason fromText(const QString &text);
    // The worker outcome behind the retry, when there is one (also inside a carried cause).
    std::optional<WorkerOutcome> workerOutcome() const;

    bool operator==(const RetryReason &) const = default;
};

// Why a task changed state: the plugin's `last_outcome` text as a value. The text is made in one
// place (toText) for the store column and the transition log; the console turns the kind into
// its own words. Text that ClawOps did not write (a plugin store, an older ClawOps) reads back as
// Kind::Other and keeps its exact text.
struct TransitionCause
{
    enum class Kind
    {
        None, // no cause recorded (a NULL last_outcome)
        SpawnRequested,
        SpawnNotAccepted,
        MissingChildSessionKey,
        WorkerStarted,
        RespawnedAsNextAttempt,
        WorkerEnded,         // outcome
        RetryExhausted,      // outcome
        RetryQueued,         // attempt, outcome
        OperatorRetryQueued, // attempt
        RetryDispatched,     // retry
        OperatorRetryDispatched,
        RespawnNotSeen, // seconds, target
        AutoVerified,
        VerificationTimeoutUnverified,
        VerificationTimeoutMissingReceipt,
        BecameOrchestrator,
        ReportedCompletedAwaitingVerification,
        ReportedCompletedNoVerification,
        ReportedCompletedMissingVerification,
        ReportedBlocked,
        ReportedFailed,
        OperatorVerified,
        OperatorRejected,
        OperatorAnswered,
        OperatorKilled,
        OperatorMarkedDead,
        OperatorCancelledRetry,
        Other, // text
    };
    Kind kind = Kind::None;
    WorkerOutcome outcome = WorkerOutcome::Unknown;
    int attempt = 0;
    qint64 seconds = 0;
    QString target;    // RespawnNotSeen: the session the retry went to
    RetryReason retry; // RetryDispatched
    QString text;      // Other: exactly as stored

    static TransitionCause of(Kind kind)
    {
        TransitionCause cause;
        cause.kind = kind;
        return cause;
    }
    static TransitionCause workerEnded(WorkerOutcome outcome);
    static TransitionCause retryExhausted(WorkerOutcome outcome);
    static TransitionCause retryQueued(int attempt, WorkerOutcome outcome);
    static TransitionCause operatorRetryQueued(int attempt);
    static TransitionCause retryDispatched(const RetryReason &reason);
    static TransitionCause respawnNotSeen(qint64 seconds, const QString &target);
    static TransitionCause other(const QString &text);

    bool isNone() const { return kind == Kind::None; }
    // Caused by an operator's command rather than by the gateway or the scheduler.
    bool byOperator() const;
    // The worker outcome it names, if any (ended, exhausted, queued, dispatched).
    std::optional<WorkerOutcome> workerOutcome() const;

    // The plugin's exact text; empty for None.
    QString toText() const;
    // The inverse of toText() for every text it makes; any other text is Other (empty is None).
    static TransitionCause fromText(const QString &text);

    bool operator==(const TransitionCause &) const = default;
};

} // namespace clawops::core
