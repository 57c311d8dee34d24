#pragma once

#include "core/Clock.h"

namespace clawops::gateway {

struct ReconnectPolicy
{
    int initialDelayMs = 1000;
    int maxDelayMs = 30000;
    // Each delay is the exponential step times a factor in [1 - jitter, 1 + jitter], so that a
    // fleet of consoles does not reconnect in lockstep after a gateway restart.
    double jitter = 0.2;
    // A connection that stayed up this long counts as healthy: the next reconnect starts again
    // from initialDelayMs instead of continuing the ramp.
    int healthyAfterMs = 10000;
};

// Exponential reconnect delays (initial → max, doubling), with jitter.
class ReconnectBackoff
{
public:
    ReconnectBackoff(ReconnectPolicy policy, core::RandomSource &random);

    // The delay before the next attempt; advances the ramp.
    int nextDelayMs();
    void reset() { m_attempt = 0; }
    int attempt() const { return m_attempt; }
    const ReconnectPolicy &policy() const { return m_policy; }

private:
    ReconnectPolicy m_policy;
    core::RandomSource &m_random;
    int m_attempt = 0;
};

} // namespace clawops::gateway
