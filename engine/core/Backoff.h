#pragma once

#include "Clock.h"

namespace clawops::core {

// min(maxMs, baseMs * 2^(attempt-1) + floor(random * max(250, floor(baseMs/4)))), as the plugin.
qint64 computeRetryDelayMs(qint64 baseMs, qint64 maxMs, int attempt, RandomSource &random);
// The same without the jitter: min(maxMs, baseMs * 2^(attempt-1)).
qint64 nominalRetryDelayMs(qint64 baseMs, qint64 maxMs, int attempt);

} // namespace clawops::core
