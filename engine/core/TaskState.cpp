#include "TaskState.h"

#include "StateCounts.h"

#include <array>

namespace clawops::core {

namespace {
constexpr std::array<const char *, kTaskStateCount> kNames = {
    "queued", "leased", "running", "needs_input", "needs_verification", "done", "failed", "dead",
};
} // namespace

QString stateName(TaskState state)
{
    return QString::fromLatin1(kNames.at(static_cast<std::size_t>(state)));
}

std::optional<TaskState> taskStateFromString(const QString &text)
{
    const QString wanted = text.trimmed().toLower();
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (wanted == QLatin1String(kNames[i]))
            return static_cast<TaskState>(i);
    }
    return std::nullopt;
}

bool isActive(TaskState state)
{
    return state == TaskState::Queued || state == TaskState::Leased ||
           state == TaskState::Running || state == TaskState::NeedsInput ||
           state == TaskState::NeedsVerification;
}

bool isTerminal(TaskState state)
{
    return !isActive(state);
}

bool waitsOnOperator(TaskState state)
{
    return state == TaskState::NeedsInput || state == TaskState::NeedsVerification;
}

int StateCounts::active() const
{
    int sum = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (isActive(TaskState(i)))
            sum += m_counts[i];
    }
    return sum;
}

int StateCounts::total() const
{
    int sum = 0;
    for (const int count : m_counts)
        sum += count;
    return sum;
}

} // namespace clawops::core
