#pragma once

#include "TaskState.h"

#include <array>

namespace clawops::core {

// Task counts per lifecycle state: the plugin's status summary for one orchestrator, and the
// console's totals over the whole store. Indexed by state, so a count can never be filed under
// the wrong one.
class StateCounts
{
public:
    int operator[](TaskState state) const { return m_counts[index(state)]; }
    int &operator[](TaskState state) { return m_counts[index(state)]; }
    // Moves one task from `from` to `to` (a new task has no `from`).
    void move(std::optional<TaskState> from, TaskState to)
    {
        if (from)
            --(*this)[*from];
        ++(*this)[to];
    }
    int active() const;
    int total() const;
    bool isEmpty() const { return total() == 0; }

    bool operator==(const StateCounts &) const = default;

private:
    static std::size_t index(TaskState state) { return std::size_t(state); }

    std::array<int, kTaskStateCount> m_counts{};
};

// The plugin calls it FridayStatusSummary.
using StatusSummary = StateCounts;

} // namespace clawops::core
