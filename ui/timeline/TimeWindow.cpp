#include "TimeWindow.h"

#include <algorithm>

namespace clawops::ui {

TimeWindow::TimeWindow(qint64 spanMs)
    : m_from(0)
    , m_to(std::clamp(spanMs, kMinSpanMs, kMaxSpanMs))
{}

void TimeWindow::advance(qint64 nowMs)
{
    if (m_following)
        follow(nowMs);
}

void TimeWindow::follow(qint64 nowMs)
{
    const qint64 span = spanMs();
    m_following = true;
    m_to = nowMs + span / 30;
    m_from = m_to - span;
}

void TimeWindow::setSpan(qint64 spanMs, qint64 nowMs)
{
    const qint64 span = std::clamp(spanMs, kMinSpanMs, kMaxSpanMs);
    if (m_following) {
        m_from = m_to - span;
        follow(nowMs);
    } else {
        m_from = m_to - span;
    }
}

void TimeWindow::setRange(qint64 fromMs, qint64 toMs, qint64 nowMs)
{
    if (toMs < fromMs)
        std::swap(fromMs, toMs);
    qint64 span = std::clamp(toMs - fromMs, kMinSpanMs, kMaxSpanMs);
    // A drag that ends within a small margin of the present means "back to live", which is
    // easier to hit than the exact pixel.
    const qint64 margin = span / 50;
    if (toMs >= nowMs - margin) {
        m_from = toMs - span;
        m_to = toMs;
        follow(nowMs);
        return;
    }
    m_following = false;
    m_to = toMs;
    m_from = toMs - span;
}

} // namespace clawops::ui
