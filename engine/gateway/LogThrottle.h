#pragma once

#include <QElapsedTimer>

namespace clawops::gateway {

// Lets through at most `burst` messages per `windowMs`, then counts what it held back, so a
// gateway sending garbage in a loop cannot flood the log.
class LogThrottle
{
public:
    explicit LogThrottle(int burst = 5, qint64 windowMs = 10000);

    // True when this message may be logged. `suppressed` receives how many were held back since
    // the last message that got through (report it alongside).
    bool allow(int *suppressed);

private:
    int m_burst;
    qint64 m_windowMs;
    QElapsedTimer m_window;
    int m_inWindow = 0;
    int m_suppressed = 0;
};

} // namespace clawops::gateway
