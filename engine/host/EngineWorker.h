#pragma once

#include "HostTypes.h"
#include "core/Clock.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace clawops::core {
class Orchestrator;
}
namespace clawops::store {
class Store;
}

namespace clawops::host {

class GatewayLink;

// The engine as it runs inside its thread: the store (its SQL connection opened here), the core,
// the gateway link, and the timers that drive them. Events are applied to the core as they
// arrive; their changes are committed in one transaction per batch, and one delta per batch goes
// out to the console.
class EngineWorker : public QObject
{
    Q_OBJECT

public:
    explicit EngineWorker(QObject *parent = nullptr);
    ~EngineWorker() override;

    // Used by the link and by tests running the worker without a thread.
    core::Orchestrator *orchestrator() const { return m_core.get(); }
    store::Store *store() const { return m_store.get(); }
    // The gateway side feeds events straight into the core, then asks for a batch commit.
    void scheduleFlush();
    qint64 nowMs() const { return m_clock.now(); }

public Q_SLOTS:
    void start(const clawops::host::EngineSettings &settings);
    void shutdown();
    void executeCommand(quint64 requestId, const clawops::core::OperatorCommand &command);
    void fetchTaskPage(quint64 requestId, const clawops::host::TaskPageRequest &request);
    void fetchTaskDetail(quint64 requestId, const QString &taskId);
    void fetchTranscript(quint64 requestId, const QString &sessionKey, int maxLines);
    void fetchActivity(quint64 requestId, const clawops::host::ActivityRequest &request);
    void reconnectGateway(const QUrl &gatewayUrl, const QString &token);
    void disconnectGateway();
    void applyConfig(const clawops::core::EngineConfig &config);
    // Commits whatever the core changed and publishes it; also called by the batch timer.
    void flush();

Q_SIGNALS:
    void started(const QString &databasePath);
    void failed(const QString &message);
    void delta(const clawops::host::EngineDelta &delta);
    void connectionChanged(const clawops::host::ConnectionStatus &status);
    void commandFinished(quint64 requestId, const clawops::core::OperatorCommand &command,
                         const clawops::core::CommandResult &result);
    void taskPageReady(quint64 requestId, const clawops::host::TaskPage &page);
    void taskDetailReady(quint64 requestId, const clawops::host::TaskDetail &detail);
    void transcriptReady(quint64 requestId, const clawops::host::Transcript &transcript);
    void activityReady(quint64 requestId, const clawops::host::ActivitySnapshot &activity);
    void shutdownFinished();

private:
    void tick();
    void dispatchActions();
    void publishRetryQueue(EngineDelta &delta);

    core::SystemClock m_clock;
    core::SystemRandom m_random;
    EngineSettings m_settings;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<core::Orchestrator> m_core;
    std::unique_ptr<GatewayLink> m_link;
    QTimer *m_tickTimer = nullptr;
    QTimer *m_flushTimer = nullptr;
    QHash<int, int> m_stateCounts;
    quint64 m_publishedRetryRevision = ~quint64(0);
    bool m_failedToStart = false;
};

} // namespace clawops::host
