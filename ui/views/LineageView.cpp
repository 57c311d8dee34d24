#include "LineageView.h"

#include "present/Accent.h"
#include "present/StateStyle.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

namespace clawops::ui {

namespace {

constexpr int kMargin = 8;
constexpr int kStripe = 6;  // the state colour down an attempt's left edge
constexpr int kIndent = 24; // receipts and retry messages hang off their attempt

bool indented(LineageStep::Kind kind)
{
    return kind == LineageStep::Kind::Receipt || kind == LineageStep::Kind::RetryMessage;
}

} // namespace

LineageView::LineageView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("detail.lineage"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void LineageView::setSteps(const QList<LineageStep> &steps)
{
    if (steps == m_steps)
        return;
    m_steps = steps;
    updateGeometry();
    update();
}

int LineageView::boxHeight() const
{
    // Three lines: title, subject, detail.
    return 3 * fontMetrics().lineSpacing() + 2 * kMargin;
}

int LineageView::gap() const
{
    return fontMetrics().lineSpacing() + kMargin;
}

QSize LineageView::sizeHint() const
{
    const int count = int(m_steps.size());
    const int height =
        count == 0 ? boxHeight() : count * boxHeight() + (count - 1) * gap() + 2 * kMargin;
    return {fontMetrics().averageCharWidth() * 48, height};
}

QSize LineageView::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 24, sizeHint().height()};
}

void LineageView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void LineageView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_steps.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No lineage for this task."));
        return;
    }
    // One line of arrows, inside both the attempts' boxes and the indented ones below them.
    const int arrowX = kMargin + kIndent + kIndent / 2;
    int y = kMargin;
    int previousBottom = -1;
    for (const LineageStep &step : std::as_const(m_steps)) {
        const int left = kMargin + (indented(step.kind) ? kIndent : 0);
        const QRect box(left, y, width() - left - kMargin, boxHeight());
        if (previousBottom >= 0)
            paintArrow(painter, arrowX, previousBottom, box.top());
        paintStep(painter, step, box);
        previousBottom = box.bottom();
        y += boxHeight() + gap();
    }
}

void LineageView::paintStep(QPainter &painter, const LineageStep &step, const QRect &box) const
{
    const QPalette &colours = palette();
    QPainterPath outline;
    outline.addRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    painter.fillPath(outline,
                     colours.color(step.current ? QPalette::AlternateBase : QPalette::Base));
    QPen border(colours.color(QPalette::Mid));
    border.setWidthF(step.current ? 2.0 : 1.0);
    if (step.current)
        border.setColor(colours.color(QPalette::Highlight));
    painter.setPen(border);
    painter.drawPath(outline);

    int textLeft = box.left() + kMargin;
    if (step.state) {
        painter.save();
        painter.setClipPath(outline);
        painter.fillRect(QRect(box.left(), box.top(), kStripe, box.height()),
                         StateStyle::color(*step.state));
        painter.restore();
        textLeft += kStripe;
    } else if (step.kind == LineageStep::Kind::RetryMessage) {
        painter.save();
        painter.setClipPath(outline);
        painter.fillRect(QRect(box.left(), box.top(), kStripe, box.height()),
                         accentColor(Accent::Warning, colours));
        painter.restore();
        textLeft += kStripe;
    }
    const int lineHeight = fontMetrics().lineSpacing();
    const int textWidth = box.right() - kMargin - textLeft;
    QRect line(textLeft, box.top() + kMargin, textWidth, lineHeight);

    QFont titleFont = font();
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(colours.color(QPalette::Text));
    painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetrics(titleFont).elidedText(step.title, Qt::ElideRight, textWidth));

    QFont subjectFont = font();
    subjectFont.setFamilies({QStringLiteral("monospace")});
    subjectFont.setStyleHint(QFont::Monospace);
    painter.setFont(subjectFont);
    line.translate(0, lineHeight);
    // Session keys differ at their end (the random part): elide in the middle.
    painter.drawText(
        line, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(subjectFont).elidedText(step.subject, Qt::ElideMiddle, textWidth));

    painter.setFont(font());
    painter.setPen(colours.color(QPalette::PlaceholderText));
    line.translate(0, lineHeight);
    painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                     fontMetrics().elidedText(step.detail, Qt::ElideRight, textWidth));
}

void LineageView::paintArrow(QPainter &painter, int x, int fromY, int toY) const
{
    const QColor colour = palette().color(QPalette::Mid);
    painter.setPen(QPen(colour, 1.5));
    const int tip = toY - 1;
    painter.drawLine(QPointF(x, fromY + 1), QPointF(x, tip - 4));
    QPainterPath head;
    head.moveTo(x, tip);
    head.lineTo(x - 4, tip - 6);
    head.lineTo(x + 4, tip - 6);
    head.closeSubpath();
    painter.fillPath(head, colour);
}

} // namespace clawops::ui
