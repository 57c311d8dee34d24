#include "TimeTicker.h"

#include <QDateTime>

#include <algorithm>
#include <array>

namespace clawops::ui {

TimeTicker::TimeTicker()
{
    setDateTimeSpec(Qt::LocalTime);
    setTickCount(6);
}

double TimeTicker::getTickStep(const QCPRange &range)
{
    static constexpr std::array<double, 19> kSteps = {1,     2,     5,     10,    15,    30,   60,
                                                      120,   300,   600,   900,   1800,  3600, 7200,
                                                      10800, 21600, 43200, 86400, 172800};
    const double wanted = range.size() / std::max(1, tickCount());
    const auto it = std::find_if(kSteps.cbegin(), kSteps.cend(),
                                 [wanted](double step) { return step >= wanted; });
    m_step = it != kSteps.cend() ? *it : QCPAxisTickerDateTime::getTickStep(range);
    return m_step;
}

QString TimeTicker::getTickLabel(double tick, const QLocale &locale, QChar formatChar,
                                 int precision)
{
    if (m_step >= 86400)
        return QCPAxisTickerDateTime::getTickLabel(tick, locale, formatChar, precision);
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(qint64(tick * 1000.0));
    return locale.toString(at.time(),
                           m_step < 60 ? QStringLiteral("hh:mm:ss") : QStringLiteral("hh:mm"));
}

} // namespace clawops::ui
