#include "ChartsPage.h"

#include "ChartsData.h"
#include "plot/CustomPlot.h"
#include "plot/PlotStyle.h"
#include "present/StateStyle.h"
#include "present/TimeFormat.h"

#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace clawops::ui {

using core::TaskState;

namespace {
constexpr int kReplotIntervalMs = 250; // at most four data-driven replots a second
constexpr int kClockIntervalMs = 5000; // slides the window while nothing happens
constexpr qint64 kMinute = qint64(60) * 1000;

// Bottom to top in the stacked chart: the states a worker is on first, then what waits for
// a human on top, where it is easiest to read.
const QList<TaskState> &stackedStates()
{
    static const QList<TaskState> states = {TaskState::Running, TaskState::Leased,
                                            TaskState::Queued, TaskState::NeedsVerification,
                                            TaskState::NeedsInput};
    return states;
}

double toKey(qint64 ms)
{
    return double(ms) / 1000.0;
}

QSharedPointer<QCPAxisTickerFixed> wholeNumbers()
{
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    return ticker;
}

void fitCounts(QCPAxis *axis, double highest)
{
    axis->setRange(0, std::max(4.0, highest * 1.15));
}

QCPBars *makeBars(QCustomPlot *plot, const QString &name, const QColor &color)
{
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setPen(QPen(color.darker(120)));
    bars->setBrush(color);
    return bars;
}

QColor lighter(const QColor &color)
{
    QColor out = color;
    out.setAlpha(110);
    return out;
}
} // namespace

ChartsPage::ChartsPage(ChartsData *charts, QWidget *parent)
    : QWidget(parent)
    , m_data(charts)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_spanMs(60 * kMinute)
    , m_span(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_replotTimer(new QTimer(this))
    , m_clock(new QTimer(this))
{
    setObjectName(QStringLiteral("chartsPage"));
    m_span->setObjectName(QStringLiteral("charts.span"));
    m_summary->setObjectName(QStringLiteral("charts.summary"));
    const QList<QPair<QString, qint64>> spans = {{tr("Last 15 min"), 15 * kMinute},
                                                 {tr("Last 30 min"), 30 * kMinute},
                                                 {tr("Last hour"), 60 * kMinute},
                                                 {tr("Last 2 h"), 120 * kMinute}};
    for (const auto &[text, ms] : spans)
        m_span->addItem(text, ms);
    m_span->setCurrentIndex(2);
    connect(m_span, &QComboBox::activated, this,
            [this](int index) { setSpanMs(m_span->itemData(index).toLongLong()); });

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_span);
    bar->addSpacing(8);
    bar->addWidget(m_summary, 1);

    buildStates();
    buildThroughput();
    buildRetries();
    buildWaits();

    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    grid->addWidget(m_states, 0, 0);
    grid->addWidget(m_throughput, 0, 1);
    grid->addWidget(m_retries, 1, 0);
    grid->addWidget(m_waits, 1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addLayout(grid, 1);

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotIntervalMs);
    connect(m_replotTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            replotNow();
    });
    m_clock->setInterval(kClockIntervalMs);
    connect(m_clock, &QTimer::timeout, this, &ChartsPage::scheduleReplot);
    connect(m_data, &ChartsData::changed, this, &ChartsPage::scheduleReplot);
    restyle();
}

ChartsPage::~ChartsPage() = default;

QCustomPlot *ChartsPage::makePlot(const QString &objectName, const QString &title)
{
    auto *plot = new QCustomPlot(this);
    plot->setObjectName(objectName);
    plot->setMinimumSize(280, 200);
    plot->plotLayout()->insertRow(0);
    auto *text = new QCPTextElement(plot, title);
    text->setObjectName(objectName + QStringLiteral(".title"));
    plot->plotLayout()->addElement(0, 0, text);
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    plot->xAxis->setSubTicks(false);
    plot->yAxis->setSubTicks(false);
    plot->yAxis->setTicker(wholeNumbers());
    return plot;
}

void ChartsPage::buildStates()
{
    m_states = makePlot(QStringLiteral("charts.states"), tr("Active tasks by state"));
    PlotStyle::setTimeAxis(m_states->xAxis);
    QCPGraph *below = nullptr;
    for (TaskState state : stackedStates()) {
        QCPGraph *graph = m_states->addGraph();
        graph->setName(StateStyle::label(state));
        const QColor color = StateStyle::color(state);
        graph->setPen(QPen(color, 1.5));
        QColor fill = color;
        fill.setAlpha(150);
        graph->setBrush(fill);
        graph->setLineStyle(QCPGraph::lsStepLeft);
        if (below)
            graph->setChannelFillGraph(below);
        below = graph;
        m_stateGraphs.append(graph);
    }
    // The top of the stack first in the legend, as it is drawn.
    m_states->legend->setFillOrder(QCPLegend::foRowsFirst);
}

void ChartsPage::buildThroughput()
{
    m_throughput =
        makePlot(QStringLiteral("charts.throughput"), tr("Completions and failures per minute"));
    PlotStyle::setTimeAxis(m_throughput->xAxis);
    m_completed = makeBars(m_throughput, tr("done"), StateStyle::color(TaskState::Done));
    m_failed = makeBars(m_throughput, tr("failed"), StateStyle::color(TaskState::Failed));
    m_dead = makeBars(m_throughput, tr("given up (dead)"), StateStyle::color(TaskState::Dead));
    m_failed->moveAbove(m_completed);
    m_dead->moveAbove(m_failed);
}

void ChartsPage::buildRetries()
{
    m_retries = makePlot(QStringLiteral("charts.retries"), tr("Retries per minute"));
    PlotStyle::setTimeAxis(m_retries->xAxis);
    m_retriesTitle = qobject_cast<QCPTextElement *>(m_retries->plotLayout()->element(0, 0));
    m_retried = makeBars(m_retries, tr("retries queued"), StateStyle::color(TaskState::Queued));
    m_spawned = m_retries->addGraph();
    m_spawned->setName(tr("new attempts"));
    m_spawned->setPen(QPen(StateStyle::color(TaskState::Running), 2));
    m_spawned->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
}

void ChartsPage::buildWaits()
{
    m_waits = makePlot(QStringLiteral("charts.waits"), tr("Waiting for a human"));
    m_waitsTitle = qobject_cast<QCPTextElement *>(m_waits->plotLayout()->element(0, 0));
    const QColor input = StateStyle::color(TaskState::NeedsInput);
    const QColor verify = StateStyle::color(TaskState::NeedsVerification);
    m_inputFinished = makeBars(m_waits, tr("needs input, answered"), input);
    m_inputWaiting = makeBars(m_waits, tr("needs input, still waiting"), lighter(input));
    m_verifyFinished = makeBars(m_waits, tr("needs verification, settled"), verify);
    m_verifyWaiting = makeBars(m_waits, tr("needs verification, still waiting"), lighter(verify));
    for (QCPBars *bars : {m_inputFinished, m_inputWaiting, m_verifyFinished, m_verifyWaiting})
        bars->setWidth(0.38);
    m_inputWaiting->moveAbove(m_inputFinished);
    m_verifyWaiting->moveAbove(m_verifyFinished);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < int(ChartsData::waitBucketBoundsMs().size()); ++i)
        ticker->addTick(i, ChartsData::waitBucketLabel(i));
    PlotStyle::setTextAxis(m_waits->xAxis, ticker);
    m_waits->xAxis->setTickLength(0, 0);
    m_waits->xAxis->grid()->setVisible(false);
    m_waits->xAxis->setRange(-0.6, double(ChartsData::waitBucketBoundsMs().size()) - 0.4);
    m_waits->xAxis->setLabel(tr("how long"));
    m_waits->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

void ChartsPage::setNowFunction(std::function<qint64()> now)
{
    m_now = std::move(now);
    scheduleReplot();
}

void ChartsPage::setSpanMs(qint64 spanMs)
{
    m_spanMs = std::max<qint64>(kMinute, spanMs);
    for (int i = 0; i < m_span->count(); ++i) {
        if (m_span->itemData(i).toLongLong() == m_spanMs)
            m_span->setCurrentIndex(i);
    }
    replotNow();
}

void ChartsPage::scheduleReplot()
{
    if (!isVisible())
        return; // showEvent catches up
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void ChartsPage::replotNow()
{
    m_replotTimer->stop();
    const qint64 now = m_now();
    const qint64 from = now - m_spanMs;
    refreshStates(from, now);
    refreshThroughput(from, now);
    refreshRetries(from, now);
    refreshWaits(now);
    const MinuteActivity totals = m_data->totalsSince(from);
    m_summary->setText(tr("In this window: %1 done · %2 failed · %3 given up · %4 retries "
                          "queued · %5 new attempts")
                           .arg(totals.completed)
                           .arg(totals.failed)
                           .arg(totals.dead)
                           .arg(totals.retried)
                           .arg(totals.spawned));
    for (QCustomPlot *plot : {m_states, m_throughput, m_retries, m_waits})
        plot->replot();
    ++m_replots;
}

void ChartsPage::refreshStates(qint64 fromMs, qint64 nowMs)
{
    const QMap<qint64, StateCounts> &series = m_data->stateSeries();
    QVector<double> keys;
    QList<QVector<double>> values(stackedStates().size());
    auto append = [&](qint64 atMs, const StateCounts &counts) {
        keys.append(toKey(atMs));
        double sum = 0;
        for (int i = 0; i < int(stackedStates().size()); ++i) {
            sum += counts[int(stackedStates().at(i))];
            values[i].append(sum);
        }
    };
    // The sample just before the window carries the level at its left edge.
    auto it = series.upperBound(fromMs);
    if (it != series.cbegin())
        --it;
    StateCounts last{};
    bool any = false;
    for (; it != series.cend(); ++it) {
        append(std::max(it.key(), fromMs), it.value());
        last = it.value();
        any = true;
    }
    if (any)
        append(nowMs, last); // flat to the present when nothing changed since
    double highest = 0;
    for (int i = 0; i < int(m_stateGraphs.size()); ++i) {
        m_stateGraphs.at(i)->setData(keys, values.at(i), true);
        if (!values.at(i).isEmpty())
            highest =
                std::max(highest, *std::max_element(values.at(i).cbegin(), values.at(i).cend()));
    }
    m_states->xAxis->setRange(toKey(fromMs), toKey(nowMs));
    fitCounts(m_states->yAxis, highest);
}

void ChartsPage::refreshThroughput(qint64 fromMs, qint64 nowMs)
{
    QVector<double> keys, completed, failed, dead;
    double highest = 0;
    const QMap<qint64, MinuteActivity> &minutes = m_data->perMinute();
    for (auto it = minutes.lowerBound(fromMs - kMinute); it != minutes.cend(); ++it) {
        keys.append(toKey(it.key() + kMinute / 2));
        completed.append(it->completed);
        failed.append(it->failed);
        dead.append(it->dead);
        highest = std::max(highest, double(it->completed + it->failed + it->dead));
    }
    for (QCPBars *bars : {m_completed, m_failed, m_dead})
        bars->setWidth(50);
    m_completed->setData(keys, completed, true);
    m_failed->setData(keys, failed, true);
    m_dead->setData(keys, dead, true);
    m_throughput->xAxis->setRange(toKey(fromMs), toKey(nowMs + kMinute / 2));
    fitCounts(m_throughput->yAxis, highest);
}

void ChartsPage::refreshRetries(qint64 fromMs, qint64 nowMs)
{
    QVector<double> keys, retried, spawned;
    double highest = 0;
    const QMap<qint64, MinuteActivity> &minutes = m_data->perMinute();
    for (auto it = minutes.lowerBound(fromMs - kMinute); it != minutes.cend(); ++it) {
        keys.append(toKey(it.key() + kMinute / 2));
        retried.append(it->retried);
        spawned.append(it->spawned);
        highest = std::max(highest, double(std::max(it->retried, it->spawned)));
    }
    m_retried->setWidth(50);
    m_retried->setData(keys, retried, true);
    m_spawned->setData(keys, spawned, true);
    m_retries->xAxis->setRange(toKey(fromMs), toKey(nowMs + kMinute / 2));
    fitCounts(m_retries->yAxis, highest);
    const MinuteActivity totals = m_data->totalsSince(fromMs);
    m_retriesTitle->setText(totals.spawned > 0
                                ? tr("Retries per minute — %1 per 100 new attempts")
                                      .arg(std::lround(100.0 * totals.retried / totals.spawned))
                                : tr("Retries per minute"));
}

void ChartsPage::refreshWaits(qint64 nowMs)
{
    const WaitDistribution input = m_data->waitDistribution(TaskState::NeedsInput, nowMs);
    const WaitDistribution verify = m_data->waitDistribution(TaskState::NeedsVerification, nowMs);
    QVector<double> inputKeys, verifyKeys;
    for (int i = 0; i < int(input.finished.size()); ++i) {
        inputKeys.append(i - 0.2);
        verifyKeys.append(i + 0.2);
    }
    auto toValues = [](const QList<int> &counts) {
        QVector<double> out;
        for (int count : counts)
            out.append(count);
        return out;
    };
    m_inputFinished->setData(inputKeys, toValues(input.finished), true);
    m_inputWaiting->setData(inputKeys, toValues(input.current), true);
    m_verifyFinished->setData(verifyKeys, toValues(verify.finished), true);
    m_verifyWaiting->setData(verifyKeys, toValues(verify.current), true);
    double highest = 0;
    for (int i = 0; i < int(input.finished.size()); ++i)
        highest = std::max({highest, double(input.finished.at(i) + input.current.at(i)),
                            double(verify.finished.at(i) + verify.current.at(i))});
    fitCounts(m_waits->yAxis, highest);

    auto median = [](qint64 ms) { return ms < 0 ? QStringLiteral("–") : TimeFormat::duration(ms); };
    m_waitsTitle->setText(
        tr("Waiting for a human — median: %1 for input, %2 for verification")
            .arg(median(input.medianFinishedMs), median(verify.medianFinishedMs)));
}

void ChartsPage::restyle()
{
    for (QCustomPlot *plot : {m_states, m_throughput, m_retries, m_waits}) {
        PlotStyle::apply(plot, palette());
        if (auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0))) {
            QFont bold = font();
            bold.setBold(true);
            title->setFont(bold);
            title->setTextColor(palette().color(QPalette::Text));
        }
    }
}

void ChartsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_clock->start();
    replotNow();
}

void ChartsPage::hideEvent(QHideEvent *event)
{
    m_clock->stop();
    m_replotTimer->stop();
    QWidget::hideEvent(event);
}

void ChartsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        restyle();
        scheduleReplot();
    }
}

} // namespace clawops::ui
