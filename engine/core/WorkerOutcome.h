#pragma once

#include <QString>

#include <optional>

namespace clawops::core {

// How a worker's run ended: the plugin's WorkerStatus without "running". The gateway adapter
// maps each gateway signal (lifecycle, chat, task ledger, session row) onto one of these.
enum class WorkerOutcome
{
    Ok,
    Error,
    Timeout,
    Killed,
    Reset,
    Deleted,
    // The run died with the gateway process that owned it (a session row `interrupted`,
    // 2026.9.7). The gateway does not relaunch it, and neither does ClawOps: the task waits for
    // an operator.
    Interrupted,
    Unknown,
};

// The plugin's text for the outcome ("ok", "timeout", ...): what the worker row's status and
// outcome columns hold, and what the retry block tells the orchestrator.
QString outcomeText(WorkerOutcome outcome);
// Trimmed and case-insensitive; "success" and "completed" read as ok (the plugin accepts all
// three as a good ending). nullopt for anything else.
std::optional<WorkerOutcome> outcomeFromText(const QString &text);

} // namespace clawops::core
