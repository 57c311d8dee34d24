#include "TimelineView.h"

#include "TimelineBars.h"
#include "plot/CustomPlot.h"
#include "plot/PlotStyle.h"
#include "present/EngineWords.h"
#include "present/SessionKeys.h"
#include "present/StateStyle.h"
#include "present/TimeFormat.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QMap>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace clawops::ui {

using core::TaskState;

namespace {
constexpr int kReplotIntervalMs = 250; // at most four data-driven replots a second
constexpr int kClockIntervalMs = 1000;
constexpr int kRowPx = 24;
constexpr int kClickSlopPx = 4;
constexpr int kHitTolerancePx = 3;
constexpr qint64 kMinute = qint64(60) * 1000;

double toKey(qint64 ms)
{
    return double(ms) / 1000.0;
}

QString legendHtml()
{
    QStringList parts;
    for (TaskState state : {TaskState::Leased, TaskState::Running, TaskState::NeedsVerification,
                            TaskState::NeedsInput, TaskState::Done, TaskState::Queued,
                            TaskState::Failed, TaskState::Dead}) {
        parts.append(QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2")
                         .arg(StateStyle::color(state).name(), StateStyle::label(state)));
    }
    return parts.join(QStringLiteral("&nbsp;&nbsp; "));
}
} // namespace

TimelineView::TimelineView(TimelineData *timeline, QWidget *parent)
    : QWidget(parent)
    , m_data(timeline)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_plot(new QCustomPlot(this))
    , m_scroll(new QScrollBar(Qt::Vertical, this))
    , m_live(new QToolButton(this))
    , m_span(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_replotTimer(new QTimer(this))
    , m_clock(new QTimer(this))
{
    setObjectName(QStringLiteral("timelinePage"));
    m_plot->setObjectName(QStringLiteral("timeline.plot"));
    m_live->setObjectName(QStringLiteral("timeline.live"));
    m_span->setObjectName(QStringLiteral("timeline.span"));
    m_summary->setObjectName(QStringLiteral("timeline.summary"));
    m_scroll->setObjectName(QStringLiteral("timeline.scroll"));

    QLayout *bar = buildBar();
    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    body->addWidget(m_plot, 1);
    body->addWidget(m_scroll);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addLayout(body, 1);

    setUpPlot();

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotIntervalMs);
    connect(m_replotTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            replotNow();
    });
    m_clock->setInterval(kClockIntervalMs);
    connect(m_clock, &QTimer::timeout, this, &TimelineView::scheduleReplot);
    connect(m_data, &TimelineData::changed, this, &TimelineView::scheduleReplot);

    m_window.setSpan(15 * kMinute, m_now());
    m_window.follow(m_now());
    restyle();
}

// Live, the span, the summary and the legend above the plot.
QLayout *TimelineView::buildBar()
{
    m_live->setText(tr("Live"));
    m_live->setCheckable(true);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Follow the present. Panning or zooming away from it stops following; "
                          "click to come back."));
    connect(m_live, &QToolButton::clicked, this, [this] { followNow(); });

    const QList<QPair<QString, qint64>> spans = {{tr("5 min"), 5 * kMinute},
                                                 {tr("15 min"), 15 * kMinute},
                                                 {tr("1 h"), 60 * kMinute},
                                                 {tr("2 h"), 120 * kMinute}};
    for (const auto &[text, ms] : spans)
        m_span->addItem(text, ms);
    m_span->setCurrentIndex(1);
    m_span->setToolTip(tr("How much time the window shows"));
    connect(m_span, &QComboBox::activated, this,
            [this](int index) { setSpanMs(m_span->itemData(index).toLongLong()); });

    auto *legend = new QLabel(legendHtml(), this);
    legend->setObjectName(QStringLiteral("timeline.legend"));
    legend->setTextFormat(Qt::RichText);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_live);
    bar->addWidget(m_span);
    bar->addSpacing(8);
    bar->addWidget(m_summary, 1);
    bar->addWidget(legend);
    return bar;
}

// Lanes top to bottom, time along x; the user drags only in time, and the lanes scroll with the
// scroll bar.
void TimelineView::setUpPlot()
{
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setInteractions(QCP::iRangeDrag);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeDragAxes(m_plot->xAxis, m_plot->yAxis);
    m_plot->yAxis->setRangeReversed(true);
    PlotStyle::setTextAxis(m_plot->yAxis, QSharedPointer<QCPAxisTickerText>::create());
    m_plot->yAxis->setTickLength(0, 0);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->xAxis->setSubTicks(false);
    PlotStyle::setTimeAxis(m_plot->xAxis);

    m_bars = new TimelineBars(m_plot->xAxis, m_plot->yAxis);
    m_nowLine = new QCPItemStraightLine(m_plot);
    m_nowLine->setSelectable(false);
    m_empty = new QCPItemText(m_plot);
    m_empty->setSelectable(false);
    m_empty->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_empty->position->setCoords(0.5, 0.5);
    m_empty->setText(tr("No worker activity in this time window."));

    connect(m_plot, &QCustomPlot::mouseMove, this, &TimelineView::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &TimelineView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &TimelineView::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &TimelineView::onMouseDoubleClick);
    connect(m_plot, &QCustomPlot::mouseWheel, this, &TimelineView::onWheel);
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            &TimelineView::onUserRange);
    connect(m_scroll, &QScrollBar::valueChanged, this, [this] {
        applyRange();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
}

TimelineView::~TimelineView() = default;

void TimelineView::setNowFunction(std::function<qint64()> now)
{
    m_now = std::move(now);
    m_window.advance(m_now());
    scheduleReplot();
}

void TimelineView::setSpanMs(qint64 spanMs)
{
    m_window.setSpan(spanMs, m_now());
    for (int i = 0; i < m_span->count(); ++i) {
        if (m_span->itemData(i).toLongLong() == m_window.spanMs())
            m_span->setCurrentIndex(i);
    }
    replotNow();
}

void TimelineView::followNow()
{
    m_window.follow(m_now());
    m_live->setChecked(true);
    Q_EMIT followingChanged(true);
    replotNow();
}

void TimelineView::setVisibleRange(qint64 fromMs, qint64 toMs)
{
    const bool wasFollowing = m_window.isFollowing();
    m_window.setRange(fromMs, toMs, m_now());
    m_live->setChecked(m_window.isFollowing());
    if (wasFollowing != m_window.isFollowing())
        Q_EMIT followingChanged(m_window.isFollowing());
    applyRange();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    scheduleReplot(); // lanes that came into view
}

std::optional<TimelineBar> TimelineView::selectedBar() const
{
    if (m_selected.isEmpty())
        return std::nullopt;
    return m_data->bar(m_selected);
}

void TimelineView::setSelectedTask(const QString &taskId)
{
    if (taskId == m_selected)
        return;
    m_selected = taskId;
    scheduleReplot();
}

void TimelineView::scheduleReplot()
{
    if (!isVisible())
        return; // showEvent catches up
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void TimelineView::replotNow()
{
    m_replotTimer->stop();
    rebuild();
    m_plot->replot();
    ++m_replots;
}

void TimelineView::rebuild()
{
    const qint64 now = m_now();
    m_window.advance(now);
    m_layout = m_data->layout(m_window.fromMs(), m_window.toMs(), now);

    m_rows.clear();
    QList<TimelineBarShape> shapes;
    QList<TimelineBand> bands;
    QMap<double, QString> ticks;
    int attempts = 0;
    for (int g = 0; g < int(m_layout.groups.size()); ++g) {
        const TimelineGroup &group = m_layout.groups.at(g);
        const double headerRow = double(m_rows.size());
        m_rows.append({-1, g});
        const QString orchestrator = group.orchestratorSessionKey.isEmpty()
                                         ? tr("without orchestrator")
                                         : shortSessionKey(group.orchestratorSessionKey);
        bands.append({headerRow,
                      tr("%1 — %n worker session(s)", nullptr, group.laneCount).arg(orchestrator)});
        for (int lane = group.firstLane; lane < group.firstLane + group.laneCount; ++lane) {
            const double row = double(m_rows.size());
            m_rows.append({lane, g});
            const TimelineLane &info = m_layout.lanes.at(lane);
            ticks.insert(row, info.workerSessionKey.isEmpty()
                                  ? tr("spawn requested")
                                  : shortSessionKey(info.workerSessionKey));
            for (const TimelineBar &bar : info.bars) {
                TimelineBarShape shape;
                shape.row = row;
                shape.startKey = toKey(bar.startMs);
                shape.endKey = toKey(bar.endOr(now));
                shape.fill = StateStyle::color(bar.outcome);
                shape.textColor = StateStyle::textColor(bar.outcome);
                shape.text = bar.label.isEmpty() ? bar.taskId : bar.label;
                shape.open = bar.isOpen();
                shape.selected = bar.taskId == m_selected;
                shapes.append(shape);
                ++attempts;
            }
        }
    }
    m_bars->setShapes(shapes);
    m_bars->setBands(bands);
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(m_plot->yAxis->ticker());
    ticker->setTicks(ticks);

    m_nowLine->point1->setCoords(toKey(now), 0);
    m_nowLine->point2->setCoords(toKey(now), 1);
    m_empty->setVisible(m_rows.isEmpty());
    m_summary->setText(
        m_rows.isEmpty()
            ? QString()
            : tr("%n worker session(s)", nullptr, int(m_layout.lanes.size())) +
                  QStringLiteral(" · ") + tr("%n attempt(s)", nullptr, attempts) +
                  (m_window.isFollowing()
                       ? QString()
                       : QStringLiteral(" · ") +
                             tr("paused at %1").arg(TimeFormat::absolute(m_window.toMs()))));
    updateScrollBar();
    applyRange();
}

int TimelineView::visibleRows() const
{
    int height = m_plot->axisRect()->height();
    if (height <= 0)
        height = m_plot->height() - 40;
    return std::max(1, height / kRowPx);
}

void TimelineView::updateScrollBar()
{
    const int rows = int(m_rows.size());
    const int visible = visibleRows();
    const QSignalBlocker blocker(m_scroll);
    m_scroll->setRange(0, std::max(0, rows - visible));
    m_scroll->setPageStep(visible);
    m_scroll->setVisible(rows > visible);
}

void TimelineView::applyRange()
{
    m_applyingRange = true;
    m_plot->xAxis->setRange(toKey(m_window.fromMs()), toKey(m_window.toMs()));
    const double top = m_scroll->isVisible() ? m_scroll->value() : 0;
    m_plot->yAxis->setRange(top - 0.5, top + visibleRows() - 0.5);
    m_applyingRange = false;
}

void TimelineView::onUserRange()
{
    if (m_applyingRange)
        return;
    const QCPRange range = m_plot->xAxis->range();
    const bool wasFollowing = m_window.isFollowing();
    m_window.setRange(qint64(range.lower * 1000), qint64(range.upper * 1000), m_now());
    m_live->setChecked(m_window.isFollowing());
    if (wasFollowing != m_window.isFollowing())
        Q_EMIT followingChanged(m_window.isFollowing());
    if (m_window.isFollowing()) {
        // Dragged back into the present: snap to it rather than drift into the future.
        applyRange();
    }
    scheduleReplot();
}

void TimelineView::restyle()
{
    PlotStyle::apply(m_plot, palette());
    QPen pen(palette().color(QPalette::Highlight), 1.5, Qt::DashLine);
    m_nowLine->setPen(pen);
    m_empty->setColor(palette().color(QPalette::PlaceholderText));
    m_empty->setFont(font());
}

int TimelineView::rowAt(double pixelY) const
{
    const int row = int(std::lround(m_plot->yAxis->pixelToCoord(pixelY)));
    return row >= 0 && row < int(m_rows.size()) ? row : -1;
}

const TimelineBar *TimelineView::barAtPixel(const QPoint &pos) const
{
    if (!m_plot->axisRect()->rect().contains(pos))
        return nullptr;
    const int row = rowAt(pos.y());
    if (row < 0 || m_rows.at(row).lane < 0)
        return nullptr;
    const double width = std::max(1, m_plot->axisRect()->width());
    const qint64 tolerance = qint64(kHitTolerancePx * double(m_window.spanMs()) / width);
    const qint64 at = qint64(m_plot->xAxis->pixelToCoord(pos.x()) * 1000);
    return m_layout.barAt(m_rows.at(row).lane, at, tolerance, m_now());
}

QPoint TimelineView::barCenter(const QString &taskId) const
{
    const int lane = m_layout.laneOf(taskId);
    if (lane < 0)
        return {};
    int row = -1;
    for (int i = 0; i < int(m_rows.size()); ++i) {
        if (m_rows.at(i).lane == lane)
            row = i;
    }
    const qint64 now = m_now();
    for (const TimelineBar &bar : m_layout.lanes.at(lane).bars) {
        if (bar.taskId != taskId)
            continue;
        const qint64 start = std::max(bar.startMs, m_window.fromMs());
        const qint64 end = std::min(bar.endOr(now), m_window.toMs());
        const double x = m_plot->xAxis->coordToPixel(toKey((start + end) / 2));
        const double y = m_plot->yAxis->coordToPixel(row);
        const QPoint point(int(std::lround(x)), int(std::lround(y)));
        return m_plot->axisRect()->rect().contains(point) ? point : QPoint();
    }
    return {};
}

QString TimelineView::tooltipFor(const TimelineBar &bar) const
{
    const qint64 now = m_now();
    QString outcome = StateStyle::label(bar.outcome);
    if (!bar.endReason.isNone())
        outcome = tr("%1 (%2)").arg(outcome, EngineWords::cause(bar.endReason));
    const QString ended =
        bar.isOpen() ? tr("still working, %1 so far").arg(TimeFormat::duration(now - bar.startMs))
                     : tr("%1 (after %2)")
                           .arg(TimeFormat::absolute(bar.endMs),
                                TimeFormat::duration(bar.endMs - bar.startMs));
    const QString title = bar.label.isEmpty() ? tr("(no label)") : bar.label;
    return QStringLiteral("<b>%1</b><table>"
                          "<tr><td>%2</td><td><tt>%3</tt></td></tr>"
                          "<tr><td>%4</td><td>%5</td></tr>"
                          "<tr><td>%6</td><td>%7</td></tr>"
                          "<tr><td>%8</td><td>%9</td></tr>"
                          "<tr><td>%10</td><td>%11</td></tr>"
                          "<tr><td>%12</td><td>%13</td></tr>"
                          "</table>")
        .arg(title.toHtmlEscaped(), tr("Task"), bar.taskId.toHtmlEscaped(), tr("Attempt"),
             tr("%1 of %2").arg(bar.attempt).arg(bar.maxRetries + 1), tr("Outcome"),
             outcome.toHtmlEscaped(), tr("Started"), TimeFormat::absolute(bar.startMs), tr("Ended"),
             ended.toHtmlEscaped(), tr("Worker"))
        .arg(bar.workerSessionKey.isEmpty() ? tr("not accepted yet")
                                            : bar.workerSessionKey.toHtmlEscaped());
}

void TimelineView::onMouseMove(QMouseEvent *event)
{
    if (event->buttons() != Qt::NoButton)
        return; // dragging
    const QPoint pos = event->position().toPoint();
    if (const TimelineBar *bar = barAtPixel(pos)) {
        m_plot->setCursor(Qt::PointingHandCursor);
        QToolTip::showText(event->globalPosition().toPoint(), tooltipFor(*bar), m_plot);
    } else {
        m_plot->unsetCursor();
        QToolTip::hideText();
    }
}

void TimelineView::onMousePress(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
}

void TimelineView::onMouseRelease(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const QPoint pos = event->position().toPoint();
    if ((pos - m_pressPos).manhattanLength() > kClickSlopPx)
        return; // that was a pan
    const TimelineBar *bar = barAtPixel(pos);
    if (!bar)
        return;
    const QString taskId = bar->taskId;
    m_selected = taskId;
    replotNow();
    Q_EMIT taskSelected(taskId);
}

void TimelineView::onMouseDoubleClick(QMouseEvent *event)
{
    if (const TimelineBar *bar = barAtPixel(event->position().toPoint())) {
        const QString taskId = bar->taskId;
        Q_EMIT taskActivated(taskId);
    }
}

void TimelineView::onWheel(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    if (event->modifiers() & Qt::ShiftModifier) {
        m_scroll->setValue(m_scroll->value() - int(std::lround(steps * 3)));
        return;
    }
    // Zoom around the cursor; while following, around the present so that it stays in view.
    const double factor = std::pow(0.85, steps);
    const qint64 now = m_now();
    const qint64 center = m_window.isFollowing()
                              ? now
                              : qint64(m_plot->xAxis->pixelToCoord(event->position().x()) * 1000);
    const qint64 from = center - qint64(double(center - m_window.fromMs()) * factor);
    const qint64 to = center + qint64(double(m_window.toMs() - center) * factor);
    setVisibleRange(from, to);
}

void TimelineView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_clock->start();
    replotNow();
}

void TimelineView::hideEvent(QHideEvent *event)
{
    m_clock->stop();
    m_replotTimer->stop();
    QToolTip::hideText();
    QWidget::hideEvent(event);
}

void TimelineView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        restyle();
        scheduleReplot();
    }
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    scheduleReplot();
}

} // namespace clawops::ui
