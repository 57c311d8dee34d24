#pragma once

#include <QtGlobal>

#include <algorithm>

namespace clawops::ui {

// What the console can say of when a needs_verification task's grace window ends. The acting
// engine counts a window from the task's last change, or from the gateway link's last reconnect
// when that is later, and lets none run out while the link is down (a receipt sent meanwhile
// arrives with the resync). The console knows that link only when its own engine is the acting
// one; otherwise (Link::Unknown) it counts from the task's last change.
struct GraceClock
{
    enum class Link
    {
        Unknown,
        Live,
        Down,
    };

    qint64 graceMs = 120000;
    Link link = Link::Unknown;
    qint64 liveSinceMs = 0; // when the link last became live, with Link::Live

    // No window runs out until the link is back.
    bool held() const { return link == Link::Down; }
    qint64 deadline(qint64 updatedAt) const
    {
        return std::max(updatedAt, link == Link::Live ? liveSinceMs : 0) + graceMs;
    }
    bool operator==(const GraceClock &other) const = default;
};

} // namespace clawops::ui
