#pragma once

#include "core/TaskState.h"

#include <QList>
#include <QtGlobal>

#include <algorithm>
#include <optional>

namespace clawops::ui {

// What the timeline and the charts keep of a transition: when, and between which states. Their
// tasks are kept for hours, by the ten thousand; the record's task id is their key, and its cause
// (most of its bytes) is kept only where it is shown. Two transitions of one task between the
// same states in the same millisecond therefore count once.
struct StateStep
{
    qint64 at = 0;
    std::optional<core::TaskState> from;
    core::TaskState to = core::TaskState::Queued;
    bool operator==(const StateStep &) const = default;
};

// A task's transitions in time order without duplicates. The activity history and the live
// deltas overlap and arrive in either order; both the timeline and the charts merge them here,
// each into a list of what it keeps of a transition (anything with an `at` and an ==).
class TransitionList
{
public:
    // Inserts in time order; returns false (and changes nothing) when the list already holds it.
    template<typename Transition>
    static bool insert(QList<Transition> &list, const Transition &transition)
    {
        const auto it =
            std::upper_bound(list.begin(), list.end(), transition.at,
                             [](qint64 at, const Transition &other) { return at < other.at; });
        for (auto back = it; back != list.begin();) {
            --back;
            if (back->at != transition.at)
                break;
            if (*back == transition)
                return false;
        }
        // A task makes a handful of transitions and thousands of tasks are held for hours: grow
        // by two, not by QList's doubling, which left most of every list's buffer empty.
        const qsizetype at = it - list.begin();
        if (list.size() == list.capacity())
            list.reserve(list.size() + 2);
        list.insert(at, transition);
        return true;
    }
};

} // namespace clawops::ui
