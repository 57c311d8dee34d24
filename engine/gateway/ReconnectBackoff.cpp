#include "ReconnectBackoff.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace clawops::gateway {

ReconnectBackoff::ReconnectBackoff(ReconnectPolicy policy, core::RandomSource &random)
    : m_policy(policy)
    , m_random(random)
{
    m_policy.initialDelayMs = std::max(0, m_policy.initialDelayMs);
    m_policy.maxDelayMs = std::max(m_policy.initialDelayMs, m_policy.maxDelayMs);
    m_policy.jitter = std::clamp(m_policy.jitter, 0.0, 1.0);
}

int ReconnectBackoff::nextDelayMs()
{
    // Cap the exponent too, so a long outage never overflows the double.
    const int exponent = std::min(m_attempt, 30);
    ++m_attempt;
    const double step = std::min(static_cast<double>(m_policy.maxDelayMs),
                                 m_policy.initialDelayMs * std::pow(2.0, exponent));
    const double factor = 1.0 + m_policy.jitter * (2.0 * m_random.uniform01() - 1.0);
    const double delay = std::min(static_cast<double>(m_policy.maxDelayMs), step * factor);
    return static_cast<int>(std::max(0.0, std::floor(delay)));
}

} // namespace clawops::gateway
