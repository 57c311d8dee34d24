#pragma once

#include <QColor>
#include <QSharedPointer>

class QCPAxis;
class QCPAxisTickerText;
class QCustomPlot;
class QPalette;

namespace clawops::ui {

// The console's look for QCustomPlot: colours from the widget's palette (so the light and dark
// themes both read), the application font, no antialiasing where it only costs time.
class PlotStyle
{
public:
    static void apply(QCustomPlot *plot, const QPalette &palette);
    static void styleAxis(QCPAxis *axis, const QPalette &palette);
    static QColor gridColor(const QPalette &palette);
    static QColor bandColor(const QPalette &palette); // alternating row / group shading
    // A time axis in local wall-clock time (TimeTicker); keys are seconds since the epoch.
    static void setTimeAxis(QCPAxis *axis);
    // An axis whose ticks carry the ticker's labels. They are text: QCustomPlot's default number
    // format ("gbd") typesets any digit-e-digit in them as a power of ten, so that a session key
    // like "864e848f" read "864·10^848f".
    static void setTextAxis(QCPAxis *axis, const QSharedPointer<QCPAxisTickerText> &ticker);
};

} // namespace clawops::ui
