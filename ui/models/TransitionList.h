#pragma once

#include "core/Records.h"

#include <QList>

namespace clawops::ui {

// A task's transitions in time order without duplicates. The activity history and the live
// deltas overlap and arrive in either order; both the timeline and the charts merge them here.
class TransitionList
{
public:
    // Inserts in time order; returns false (and changes nothing) when the list already holds it.
    static bool insert(QList<core::TransitionRecord> &list,
                       const core::TransitionRecord &transition);
};

} // namespace clawops::ui
