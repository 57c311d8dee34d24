#pragma once

#include "plot/CustomPlot.h"

#include <QColor>
#include <QList>
#include <QString>

namespace clawops::ui {

// One bar as drawn: a row (the value axis, one unit per row) and a time span (the key axis, in
// seconds since the epoch, as QCustomPlot's date-time axis expects).
struct TimelineBarShape
{
    double row = 0;
    double startKey = 0;
    double endKey = 0;
    QColor fill;
    QColor textColor;
    QString text;
    bool open = false; // still running: drawn with a soft right edge
    bool selected = false;
};

// A shaded row band behind the bars: the orchestrator header rows.
struct TimelineBand
{
    double row = 0;
    QString text;
};

// Draws all bars of the timeline in one pass. QCustomPlot's own items would be one QObject per
// bar, which gets slow with a few hundred attempts on screen; this plottable stays cheap. Hit
// tests are done by the view on TimelineLayout, so the plottable takes no mouse input (it never
// steals the axis drag).
class TimelineBars final : public QCPAbstractPlottable
{
public:
    TimelineBars(QCPAxis *keyAxis, QCPAxis *valueAxis);

    void setShapes(QList<TimelineBarShape> shapes);
    void setBands(QList<TimelineBand> bands);
    const QList<TimelineBarShape> &shapes() const { return m_shapes; }

    double selectTest(const QPointF &pos, bool onlySelectable,
                      QVariant *details = nullptr) const override;
    QCPRange getKeyRange(bool &foundRange,
                         QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange &inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;

private:
    QList<TimelineBarShape> m_shapes;
    QList<TimelineBand> m_bands;
};

} // namespace clawops::ui
