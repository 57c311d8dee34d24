#pragma once

#include "CustomPlot.h"

namespace clawops::ui {

// Local wall-clock ticks at steps an operator reads at a glance (10 s, 1 min, 5 min, 15 min,
// 1 h …) rather than QCustomPlot's generic 2.5-minute steps; seconds are shown only when the
// step is shorter than a minute.
class TimeTicker final : public QCPAxisTickerDateTime
{
public:
    TimeTicker();

protected:
    double getTickStep(const QCPRange &range) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar,
                         int precision) override;

private:
    double m_step = 60;
};

} // namespace clawops::ui
