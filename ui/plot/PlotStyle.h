#pragma once

#include <QColor>

class QCPAxis;
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
};

} // namespace clawops::ui
