#pragma once

#include <QtGlobal>

namespace clawops::core {

// Milliseconds since the Unix epoch, like the plugin's Date.now().
using TimeMs = qint64;

// The core never reads the wall clock or a global random source itself, so that tests can drive
// time and jitter exactly.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual TimeMs now() const = 0;
};

class RandomSource
{
public:
    virtual ~RandomSource() = default;
    // A double in [0, 1), like Math.random().
    virtual double uniform01() = 0;
};

class SystemClock final : public Clock
{
public:
    TimeMs now() const override;
};

class SystemRandom final : public RandomSource
{
public:
    double uniform01() override;
};

} // namespace clawops::core
