#include "TransitionList.h"

#include <algorithm>

namespace clawops::ui {

bool TransitionList::insert(QList<core::TransitionRecord> &list,
                            const core::TransitionRecord &transition)
{
    const auto it = std::upper_bound(
        list.begin(), list.end(), transition.at,
        [](qint64 at, const core::TransitionRecord &other) { return at < other.at; });
    for (auto back = it; back != list.begin();) {
        --back;
        if (back->at != transition.at)
            break;
        if (*back == transition)
            return false;
    }
    // A task makes a handful of transitions and thousands of tasks are held for hours: grow by
    // two, not by QList's doubling, which left most of every list's buffer empty.
    const qsizetype at = it - list.begin();
    if (list.size() == list.capacity())
        list.reserve(list.size() + 2);
    list.insert(at, transition);
    return true;
}

} // namespace clawops::ui
