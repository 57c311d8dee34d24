#pragma once

#include <QString>

#include <optional>

namespace clawops::core {

// The plugin's lifecycle states, in the plugin's order. "Active" is the first five.
enum class TaskState
{
    Queued,
    Leased,
    Running,
    NeedsInput,
    NeedsVerification,
    Done,
    Failed,
    Dead,
};

inline constexpr int kTaskStateCount = 8;

QString stateName(TaskState state);
// Like the plugin's normalizeTaskState: trimmed, case-insensitive; unknown text gives nullopt.
std::optional<TaskState> taskStateFromString(const QString &text);
bool isActive(TaskState state);
bool isTerminal(TaskState state);
// needs_input or needs_verification: the task waits for an operator (the console's Inbox).
bool waitsOnOperator(TaskState state);

} // namespace clawops::core
