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
    list.insert(it, transition);
    return true;
}

} // namespace clawops::ui
