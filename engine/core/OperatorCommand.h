#pragma once

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
    };
    Kind kind = Kind::Verify;
    QString taskId;
    QString operatorName;
    QString reason;     // why, in the operator's words (optional)
    QString text;       // the answer, or the note that goes with a reject-and-retry
    bool retry = false; // for Reject: queue a retry instead of failing for good
};

QString commandName(OperatorCommand::Kind kind);

struct CommandResult
{
    bool ok = false;
    QString message; // for the operator: what happened, or why nothing did

    static CommandResult success(const QString &message) { return {true, message}; }
    static CommandResult refused(const QString &message) { return {false, message}; }
};

} // namespace clawops::core
