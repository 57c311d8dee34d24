#include "LogThrottle.h"

namespace clawops::gateway {

LogThrottle::LogThrottle(int burst, qint64 windowMs)
    : m_burst(burst)
    , m_windowMs(windowMs)
{}

bool LogThrottle::allow(int *suppressed)
{
    if (!m_window.isValid() || m_window.elapsed() >= m_windowMs) {
        m_window.start();
        m_inWindow = 0;
    }
    if (m_inWindow >= m_burst) {
        ++m_suppressed;
        return false;
    }
    ++m_inWindow;
    *suppressed = m_suppressed;
    m_suppressed = 0;
    return true;
}

} // namespace clawops::gateway
