#pragma once

#include "Clock.h"

namespace clawops::core {

// min(maxMs, baseMs * 2^(attempt-1) + floor(random * max(250, floor(baseMs/4)))), as the plugin.
qint64 computeRetryDelayMs(qint64 baseMs, qint64 maxMs, int attempt, RandomSource &random);

} // namespace clawops::core
