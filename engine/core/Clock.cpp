#include "Clock.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace clawops::core {

TimeMs SystemClock::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

double SystemRandom::uniform01()
{
    return QRandomGenerator::global()->generateDouble();
}

} // namespace clawops::core
