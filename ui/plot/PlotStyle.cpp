#include "PlotStyle.h"

#include "CustomPlot.h"
#include "TimeTicker.h"

#include <QApplication>
#include <QPalette>

namespace clawops::ui {

QColor PlotStyle::gridColor(const QPalette &palette)
{
    QColor color = palette.color(QPalette::Text);
    color.setAlpha(28);
    return color;
}

QColor PlotStyle::bandColor(const QPalette &palette)
{
    QColor color = palette.color(QPalette::Text);
    color.setAlpha(12);
    return color;
}

void PlotStyle::styleAxis(QCPAxis *axis, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    QColor line = text;
    line.setAlpha(110);
    axis->setBasePen(QPen(line));
    axis->setTickPen(QPen(line));
    axis->setSubTickPen(QPen(line));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->setTickLabelFont(QApplication::font());
    axis->setLabelFont(QApplication::font());
    axis->grid()->setPen(QPen(gridColor(palette), 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

void PlotStyle::apply(QCustomPlot *plot, const QPalette &palette)
{
    plot->setBackground(palette.brush(QPalette::Base));
    plot->axisRect()->setBackground(palette.brush(QPalette::Base));
    for (QCPAxis *axis : plot->axisRect()->axes())
        styleAxis(axis, palette);
    // Slightly see-through, so that data passing under a legend is not hidden by it.
    QColor legendFill = palette.color(QPalette::Base);
    legendFill.setAlpha(215);
    plot->legend->setBrush(legendFill);
    plot->legend->setBorderPen(QPen(gridColor(palette)));
    plot->legend->setTextColor(palette.color(QPalette::Text));
    plot->legend->setFont(QApplication::font());
    // Bars and grids are axis-aligned; antialiasing them only blurs edges and costs time.
    plot->setNotAntialiasedElements(QCP::aeGrid | QCP::aeAxes | QCP::aeZeroLine);
}

void PlotStyle::setTimeAxis(QCPAxis *axis)
{
    if (!qSharedPointerDynamicCast<TimeTicker>(axis->ticker()))
        axis->setTicker(QSharedPointer<TimeTicker>::create());
}

void PlotStyle::setTextAxis(QCPAxis *axis, const QSharedPointer<QCPAxisTickerText> &ticker)
{
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("g"));
}

} // namespace clawops::ui
