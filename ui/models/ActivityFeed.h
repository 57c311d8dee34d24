#pragma once

#include "host/HostTypes.h"

#include <QObject>

#include <functional>

class QTimer;

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

class ChartsData;
class TimelineData;

// Feeds the timeline and the charts: the engine's deltas as they come, and on reload() the
// recent history from the store, so that both show the last hours as soon as the console opens.
// Old entries are pruned once a minute.
class ActivityFeed final : public QObject
{
    Q_OBJECT

public:
    explicit ActivityFeed(host::EngineApi &engine, QObject *parent = nullptr);

    TimelineData *timeline() const { return m_timeline; }
    ChartsData *charts() const { return m_charts; }

    void setNowFunction(std::function<qint64()> now);
    void setHistoryMs(qint64 ms);
    qint64 historyMs() const { return m_historyMs; }
    // Asks the engine for the history again (after start-up or a reload).
    void reload();
    bool isLoading() const { return m_request != 0; }

Q_SIGNALS:
    void loaded(bool truncated);

private:
    void onActivity(quint64 requestId, const host::ActivitySnapshot &activity);
    void prune();

    host::EngineApi &m_engine;
    TimelineData *m_timeline;
    ChartsData *m_charts;
    QTimer *m_prune;
    std::function<qint64()> m_now;
    qint64 m_historyMs = qint64(2) * 60 * 60 * 1000;
    quint64 m_request = 0;
};

} // namespace clawops::ui
