#include "Backoff.h"

#include <algorithm>
#include <cmath>

namespace clawops::core {

qint64 computeRetryDelayMs(qint64 baseMs, qint64 maxMs, int attempt, RandomSource &random)
{
    // The same double arithmetic as the plugin, so that results match to the millisecond.
    // ldexp overflows to +Infinity where `2 ** exp` does, and the cap then wins, as in
    // Math.min(maxMs, Infinity).
    const int exponent = attempt > 1 ? attempt - 1 : 0;
    const double raw = std::ldexp(static_cast<double>(baseMs), exponent);
    const double span = std::max(250.0, std::floor(static_cast<double>(baseMs) / 4.0));
    const double jitter = std::floor(random.uniform01() * span);
    const double delay = raw + jitter;
    if (!(delay < static_cast<double>(maxMs)))
        return maxMs;
    // Only a non-positive base (never produced by resolveConfig) gets here below zero.
    return delay <= 0 ? 0 : static_cast<qint64>(delay);
}

qint64 nominalRetryDelayMs(qint64 baseMs, qint64 maxMs, int attempt)
{
    const int exponent = attempt > 1 ? attempt - 1 : 0;
    const double raw = std::ldexp(static_cast<double>(baseMs), exponent);
    if (!(raw < static_cast<double>(maxMs)))
        return maxMs;
    return raw <= 0 ? 0 : static_cast<qint64>(raw);
}

} // namespace clawops::core
