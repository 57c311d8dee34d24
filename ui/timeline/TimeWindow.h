#pragma once

#include <QtGlobal>

namespace clawops::ui {

// The time range a live chart shows. It follows "now" (the right edge a little ahead of the
// present, the span fixed) until the operator pans or zooms away from the present; panning back
// to the present, or follow(), makes it follow again. Pure arithmetic, so that the behaviour can
// be tested without a widget.
class TimeWindow
{
public:
    explicit TimeWindow(qint64 spanMs = qint64(15) * 60 * 1000);

    qint64 fromMs() const { return m_from; }
    qint64 toMs() const { return m_to; }
    qint64 spanMs() const { return m_to - m_from; }
    bool isFollowing() const { return m_following; }

    // Slides the window to the present when it follows; otherwise leaves it where it is.
    void advance(qint64 nowMs);
    // Back to the present with the current span.
    void follow(qint64 nowMs);
    // Keeps the right edge (at the present when following) and changes the span.
    void setSpan(qint64 spanMs, qint64 nowMs);
    // The operator moved or zoomed the axis. The window follows again if the new right edge
    // reaches the present.
    void setRange(qint64 fromMs, qint64 toMs, qint64 nowMs);

    // How far the right edge stays ahead of now while following, so that the open bars do not
    // touch the border.
    qint64 leadMs() const { return spanMs() / 30; }

    static constexpr qint64 kMinSpanMs = qint64(10) * 1000;
    static constexpr qint64 kMaxSpanMs = qint64(24) * 60 * 60 * 1000;

private:
    qint64 m_from = 0;
    qint64 m_to = 0;
    bool m_following = true;
};

} // namespace clawops::ui
