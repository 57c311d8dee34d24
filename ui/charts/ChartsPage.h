#pragma once

#include <QWidget>

#include <functional>

class QComboBox;
class QCPBars;
class QCPGraph;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QTimer;

namespace clawops::ui {

class ChartsData;

// The Charts tab: active tasks by state over time, completions and failures per minute, retries
// per minute against new attempts, and how long tasks wait for a human. Follows the present over
// a chosen span; replots are coalesced and stop while the tab is hidden.
class ChartsPage final : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPage(ChartsData *charts, QWidget *parent = nullptr);
    ~ChartsPage() override;

    void setNowFunction(std::function<qint64()> now);
    void setSpanMs(qint64 spanMs);
    qint64 spanMs() const { return m_spanMs; }
    int replotCount() const { return m_replots; }
    void replotNow();

    QCustomPlot *statesPlot() const { return m_states; }
    QCustomPlot *throughputPlot() const { return m_throughput; }
    QCustomPlot *retriesPlot() const { return m_retries; }
    QCustomPlot *waitsPlot() const { return m_waits; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QCustomPlot *makePlot(const QString &objectName, const QString &title);
    void buildStates();
    void buildThroughput();
    void buildRetries();
    void buildWaits();
    void scheduleReplot();
    void refreshStates(qint64 fromMs, qint64 nowMs);
    void refreshThroughput(qint64 fromMs, qint64 nowMs);
    void refreshRetries(qint64 fromMs, qint64 nowMs);
    void refreshWaits(qint64 nowMs);
    void restyle();

    ChartsData *m_data;
    std::function<qint64()> m_now;
    qint64 m_spanMs;
    QComboBox *m_span;
    QLabel *m_summary;
    QCustomPlot *m_states = nullptr;
    QCustomPlot *m_throughput = nullptr;
    QCustomPlot *m_retries = nullptr;
    QCustomPlot *m_waits = nullptr;
    QList<QCPGraph *> m_stateGraphs; // stacked, bottom first
    QCPBars *m_completed = nullptr;
    QCPBars *m_failed = nullptr;
    QCPBars *m_dead = nullptr;
    QCPBars *m_retried = nullptr;
    QCPGraph *m_spawned = nullptr;
    QCPBars *m_inputFinished = nullptr;
    QCPBars *m_inputWaiting = nullptr;
    QCPBars *m_verifyFinished = nullptr;
    QCPBars *m_verifyWaiting = nullptr;
    QCPTextElement *m_retriesTitle = nullptr;
    QCPTextElement *m_waitsTitle = nullptr;
    QTimer *m_replotTimer;
    QTimer *m_clock;
    int m_replots = 0;
};

} // namespace clawops::ui
