#include "TimeFormat.h"

#include <QDateTime>

#include <algorithm>

namespace clawops::ui {

namespace {
constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

QString twoDigits(qint64 value)
{
    return QStringLiteral("%1").arg(value, 2, 10, QLatin1Char('0'));
}
} // namespace

QString TimeFormat::relative(qint64 atMs, qint64 nowMs)
{
    const qint64 age = nowMs - atMs;
    if (age < -5 * kSecond)
        return tr("in %1").arg(duration(-age));
    if (age < 5 * kSecond)
        return tr("just now");
    if (age < kMinute)
        return tr("%1 s ago").arg(age / kSecond);
    if (age < kHour)
        return tr("%1 min ago").arg(age / kMinute);
    if (age < kDay)
        return tr("%1 h ago").arg(age / kHour);
    return tr("%1 d ago").arg(age / kDay);
}

QString TimeFormat::duration(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    if (ms < kMinute)
        return tr("%1 s").arg(ms / kSecond);
    if (ms < kHour)
        return tr("%1 min").arg(ms / kMinute);
    if (ms < kDay)
        return tr("%1 h %2 min").arg(ms / kHour).arg(twoDigits((ms % kHour) / kMinute));
    return tr("%1 d %2 h").arg(ms / kDay).arg((ms % kDay) / kHour);
}

QString TimeFormat::countdown(qint64 targetMs, qint64 nowMs)
{
    const qint64 remaining = targetMs - nowMs;
    if (remaining <= 0)
        return tr("due");
    const qint64 seconds = (remaining + kSecond - 1) / kSecond;
    if (seconds >= kDay / kSecond)
        return tr("%1 d %2 h").arg(seconds / 86400).arg((seconds % 86400) / 3600);
    if (seconds >= 3600) {
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg(twoDigits((seconds % 3600) / 60), twoDigits(seconds % 60));
    }
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(twoDigits(seconds % 60));
}

QString TimeFormat::absolute(qint64 atMs)
{
    if (atMs <= 0)
        return tr("never");
    return QDateTime::fromMSecsSinceEpoch(atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace clawops::ui
