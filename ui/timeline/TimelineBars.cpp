#include "TimelineBars.h"

#include "plot/PlotStyle.h"

#include <QFontMetrics>

#include <algorithm>

namespace clawops::ui {

namespace {
constexpr double kBarHeight = 0.68; // of a row
constexpr double kMinBarPx = 2.0;   // a very short attempt stays visible
} // namespace

TimelineBars::TimelineBars(QCPAxis *keyAxis, QCPAxis *valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis)
{
    setSelectable(QCP::stNone);
    setAntialiasedFill(true);
}

void TimelineBars::setShapes(QList<TimelineBarShape> shapes)
{
    m_shapes = std::move(shapes);
}

void TimelineBars::setBands(QList<TimelineBand> bands)
{
    m_bands = std::move(bands);
}

double TimelineBars::selectTest(const QPointF &, bool, QVariant *) const
{
    return -1;
}

QCPRange TimelineBars::getKeyRange(bool &foundRange, QCP::SignDomain) const
{
    foundRange = !m_shapes.isEmpty();
    if (!foundRange)
        return {};
    QCPRange range(m_shapes.constFirst().startKey, m_shapes.constFirst().endKey);
    for (const TimelineBarShape &shape : m_shapes) {
        range.lower = std::min(range.lower, shape.startKey);
        range.upper = std::max(range.upper, shape.endKey);
    }
    return range;
}

QCPRange TimelineBars::getValueRange(bool &foundRange, QCP::SignDomain, const QCPRange &) const
{
    foundRange = !m_shapes.isEmpty() || !m_bands.isEmpty();
    double upper = 0;
    for (const TimelineBarShape &shape : m_shapes)
        upper = std::max(upper, shape.row);
    for (const TimelineBand &band : m_bands)
        upper = std::max(upper, band.row);
    return QCPRange(-0.5, upper + 0.5);
}

void TimelineBars::draw(QCPPainter *painter)
{
    QCPAxis *keyAxis = mKeyAxis.data();
    QCPAxis *valueAxis = mValueAxis.data();
    if (!keyAxis || !valueAxis)
        return;
    const QPalette palette = mParentPlot->palette();
    const QRect clip = clipRect();
    const double rowPx = std::abs(valueAxis->coordToPixel(1) - valueAxis->coordToPixel(0));

    // Orchestrator header rows: a band across the plot with the orchestrator's name on it.
    painter->setPen(Qt::NoPen);
    const QFontMetrics metrics(mParentPlot->font());
    for (const TimelineBand &band : std::as_const(m_bands)) {
        const double y = valueAxis->coordToPixel(band.row);
        const QRectF rect(clip.left(), y - rowPx / 2, clip.width(), rowPx);
        if (!rect.intersects(clip))
            continue;
        painter->setBrush(PlotStyle::bandColor(palette));
        painter->drawRect(rect);
    }
    QFont bold = mParentPlot->font();
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(palette.color(QPalette::Text));
    const QFontMetrics boldMetrics(bold);
    for (const TimelineBand &band : std::as_const(m_bands)) {
        const double y = valueAxis->coordToPixel(band.row);
        const QRectF rect(clip.left() + 6, y - rowPx / 2, clip.width() - 12, rowPx);
        if (rect.intersects(clip))
            painter->drawText(
                rect, Qt::AlignVCenter | Qt::AlignLeft,
                boldMetrics.elidedText(band.text, Qt::ElideMiddle, int(rect.width())));
    }

    painter->setFont(mParentPlot->font());
    for (const TimelineBarShape &shape : std::as_const(m_shapes)) {
        double left = keyAxis->coordToPixel(shape.startKey);
        double right = keyAxis->coordToPixel(shape.endKey);
        if (right - left < kMinBarPx)
            right = left + kMinBarPx;
        if (right < clip.left() || left > clip.right())
            continue;
        const double y = valueAxis->coordToPixel(shape.row);
        const QRectF rect(left, y - rowPx * kBarHeight / 2, right - left, rowPx * kBarHeight);
        if (!rect.intersects(clip))
            continue;
        if (shape.open) {
            // Still running: the colour fades towards "now", which keeps moving.
            QLinearGradient gradient(rect.topLeft(), rect.topRight());
            gradient.setColorAt(0, shape.fill);
            gradient.setColorAt(std::max(0.0, 1.0 - 24.0 / std::max(rect.width(), 1.0)),
                                shape.fill);
            QColor faded = shape.fill;
            faded.setAlpha(90);
            gradient.setColorAt(1, faded);
            painter->setBrush(gradient);
        } else {
            painter->setBrush(shape.fill);
        }
        painter->setPen(shape.selected ? QPen(palette.color(QPalette::Highlight), 2.5)
                                       : QPen(shape.fill.darker(130), 1));
        painter->drawRoundedRect(rect, 3, 3);
        if (!shape.text.isEmpty() && rect.width() > 36 && rowPx >= metrics.height()) {
            const QRectF textRect = rect.adjusted(5, 0, -4, 0).intersected(QRectF(clip));
            painter->setPen(shape.textColor);
            painter->drawText(
                textRect, Qt::AlignVCenter | Qt::AlignLeft,
                metrics.elidedText(shape.text, Qt::ElideRight, int(textRect.width())));
        }
    }
}

void TimelineBars::drawLegendIcon(QCPPainter *painter, const QRectF &rect) const
{
    if (m_shapes.isEmpty())
        return;
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_shapes.constFirst().fill);
    painter->drawRect(rect);
}

} // namespace clawops::ui
