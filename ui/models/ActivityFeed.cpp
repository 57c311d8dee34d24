#include "ActivityFeed.h"

#include "UiLogging.h"
#include "charts/ChartsData.h"
#include "host/EngineApi.h"
#include "timeline/TimelineData.h"

#include <QDateTime>
#include <QTimer>

namespace clawops::ui {

namespace {
constexpr int kPruneIntervalMs = 60 * 1000;
}

ActivityFeed::ActivityFeed(host::EngineApi &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_timeline(new TimelineData(this))
    , m_charts(new ChartsData(this))
    , m_prune(new QTimer(this))
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    setHistoryMs(m_historyMs);
    connect(&m_engine, &host::EngineApi::delta, this, [this](const host::EngineDelta &delta) {
        m_timeline->applyDelta(delta);
        m_charts->applyDelta(delta);
    });
    connect(&m_engine, &host::EngineApi::activityReady, this, &ActivityFeed::onActivity);
    m_prune->setInterval(kPruneIntervalMs);
    connect(m_prune, &QTimer::timeout, this, &ActivityFeed::prune);
    m_prune->start();
}

void ActivityFeed::setNowFunction(std::function<qint64()> now)
{
    m_now = std::move(now);
}

void ActivityFeed::setHistoryMs(qint64 ms)
{
    m_historyMs = ms;
    m_timeline->setRetentionMs(ms);
    m_charts->setRetentionMs(ms);
}

void ActivityFeed::reload()
{
    host::ActivityRequest request;
    request.sinceMs = m_now() - m_historyMs;
    m_request = m_engine.requestActivity(request);
}

void ActivityFeed::onActivity(quint64 requestId, const host::ActivitySnapshot &activity)
{
    if (requestId != m_request)
        return; // an answer to a request a later reload replaced
    m_request = 0;
    if (!activity.error.isEmpty()) {
        qCWarning(lcUiModels).noquote() << "activity history not available:" << activity.error;
        return;
    }
    qCDebug(lcUiModels) << "activity history:" << activity.transitions.size() << "transitions,"
                        << activity.tasks.size() << "tasks" << (activity.truncated ? "(cut)" : "");
    m_timeline->applyActivity(activity);
    m_charts->applyActivity(activity);
    Q_EMIT loaded(activity.truncated);
}

void ActivityFeed::prune()
{
    const qint64 now = m_now();
    m_timeline->prune(now);
    m_charts->prune(now);
}

} // namespace clawops::ui
