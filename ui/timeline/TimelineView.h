#pragma once

#include "TimeWindow.h"
#include "TimelineData.h"

#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QLayout;
class QMouseEvent;
class QScrollBar;
class QTimer;
class QToolButton;
class QWheelEvent;

namespace clawops::ui {

class TimelineBars;

// The Timeline tab: a lane per worker session grouped under its orchestrator, a bar per attempt
// coloured by what became of it, over a window that follows the present until the operator pans
// or zooms the time axis (wheel: zoom, drag: pan, Shift+wheel: scroll lanes). Hovering a bar
// tells its story; clicking it selects the task. Replots are coalesced and stop while the tab
// is hidden.
class TimelineView final : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineView(TimelineData *timeline, QWidget *parent = nullptr);
    ~TimelineView() override;

    void setNowFunction(std::function<qint64()> now);
    const TimeWindow &window() const { return m_window; }
    void setSpanMs(qint64 spanMs);
    void followNow();
    // Pans/zooms as the operator would (the window stops following unless it reaches now).
    void setVisibleRange(qint64 fromMs, qint64 toMs);

    QString selectedTaskId() const { return m_selected; }
    std::optional<TimelineBar> selectedBar() const;
    // Highlights the task's bar (when it is on screen) without emitting taskSelected.
    void setSelectedTask(const QString &taskId);

    const TimelineLayout &currentLayout() const { return m_layout; }
    QCustomPlot *plot() const { return m_plot; }
    // Where the bar of the task is drawn, in the plot's coordinates; null when not on screen.
    QPoint barCenter(const QString &taskId) const;
    int replotCount() const { return m_replots; }
    // Rebuilds and replots now instead of at the next coalesced moment.
    void replotNow();

Q_SIGNALS:
    void taskSelected(const QString &taskId);
    void taskActivated(const QString &taskId); // double click: open the detail
    void followingChanged(bool following);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QLayout *buildBar();
    void setUpPlot();
    struct Row
    {
        int lane = -1; // -1: an orchestrator header row
        int group = -1;
    };

    void scheduleReplot();
    void rebuild();
    void applyRange();
    void updateScrollBar();
    void restyle();
    int rowAt(double pixelY) const;
    const TimelineBar *barAtPixel(const QPoint &pos) const;
    QString tooltipFor(const TimelineBar &bar) const;
    void onMouseMove(QMouseEvent *event);
    void onMousePress(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void onMouseDoubleClick(QMouseEvent *event);
    void onWheel(QWheelEvent *event);
    void onUserRange();
    int visibleRows() const;

    TimelineData *m_data;
    std::function<qint64()> m_now;
    TimeWindow m_window;
    TimelineLayout m_layout;
    QList<Row> m_rows;
    QString m_selected;

    QCustomPlot *m_plot;
    TimelineBars *m_bars;
    QCPItemStraightLine *m_nowLine;
    QCPItemText *m_empty;
    QScrollBar *m_scroll;
    QToolButton *m_live;
    QComboBox *m_span;
    QLabel *m_summary;
    QTimer *m_replotTimer;
    QTimer *m_clock;
    QPoint m_pressPos;
    bool m_applyingRange = false;
    int m_replots = 0;
};

} // namespace clawops::ui
