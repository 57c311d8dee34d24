#pragma once

#include "HostTypes.h"
#include "core/DomainActions.h"
#include "gateway/Adapter.h"
#include "gateway/GatewayTypes.h"

#include <QObject>

#include <memory>

namespace clawops::gateway {
class GatewayClient;
}

namespace clawops::host {

class EngineWorker;

// The engine's side of the gateway: the protocol client and the adapter, joined to the core.
// Frames become domain events for the core; the core's actions become RPCs; after every
// (re)connect the adapter's resync reads run before the connection counts as live.
class GatewayLink : public QObject
{
    Q_OBJECT

public:
    GatewayLink(EngineWorker &worker, const EngineSettings &settings);
    ~GatewayLink() override;

    void connectToGateway();
    void reconnect(const QUrl &url, const QString &token);
    void disconnectFromGateway();
    void shutdown();
    void publishOffline();
    void setConfig(const core::EngineConfig &config);

    void perform(const QList<core::DomainAction> &actions);
    void fetchTranscript(quint64 requestId, const QString &sessionKey, int maxLines);

Q_SIGNALS:
    void statusChanged(const clawops::host::ConnectionStatus &status);
    void transcriptReady(quint64 requestId, const clawops::host::Transcript &transcript);

private:
    void createClient();
    void noteTransport();
    void trackWhatTheCoreKnows();
    void resumeWhereTheStoreLeftOff();
    void onConnected(const gateway::HelloInfo &hello);
    void onEvent(const gateway::Frame &frame);
    void send(const gateway::RpcCall &call);
    void absorb(gateway::AdapterOutput &output);
    void startResync(const QList<gateway::RpcCall> &calls);
    void publishStatus(bool force = true);
    ConnectionPhase phaseFor(gateway::ConnectionState state) const;

    EngineWorker &m_worker;
    EngineSettings m_settings;
    std::unique_ptr<gateway::GatewayAdapter> m_adapter;
    gateway::GatewayClient *m_client = nullptr;
    ConnectionStatus m_status;
    int m_resyncOutstanding = 0;
    qint64 m_lastStatusPublishMs = 0;
};

} // namespace clawops::host
