#pragma once

#include "HostTypes.h"
#include "core/DomainActions.h"
#include "core/Records.h"
#include "gateway/Adapter.h"
#include "gateway/ClawOpsPresence.h"
#include "gateway/GatewayTypes.h"

#include <QObject>

#include <memory>
#include <optional>

namespace clawops::core {
class Orchestrator;
}
namespace clawops::gateway {
class GatewayClient;
}
namespace clawops::store {
class Store;
}

namespace clawops::host {

class GatewaySink;

// The engine's side of the gateway: the protocol client and the adapter, joined to the core.
// Frames become domain events for the core; the core's actions become RPCs; after every
// (re)connect the adapter's resync reads run before the connection counts as live. It reaches the
// engine only through its GatewaySink.
class GatewayLink : public QObject
{
    Q_OBJECT

public:
    GatewayLink(GatewaySink &sink, const EngineSettings &settings);
    ~GatewayLink() override;

    // Once, before connecting: the sessions the engine already tracks, and where the store left
    // off, so that a restart neither loses running workers nor announces finished ones again.
    void trackWhatTheEngineKnows(const core::Orchestrator &core, const store::Store &store);

    // Before connecting: the marker the connect carries (client.instanceId), and whether this
    // link only watches presence for an observing engine: then nothing is read, fed or sent.
    void setPresence(const gateway::PresenceMarker &marker, bool observeOnly);
    void connectToGateway();
    void reconnect(const QUrl &url, const QString &token);
    void disconnectFromGateway();
    void shutdown();
    void publishOffline();
    void setConfig(const core::EngineConfig &config);

    void perform(const QList<core::DomainAction> &actions);
    void fetchTranscript(quint64 requestId, const QString &sessionKey, int maxLines);

private:
    void createClient();
    void noteTransport();
    void resumeWhereTheStoreLeftOff(const store::Store &store);
    void onConnected(const gateway::HelloInfo &hello);
    void onEvent(const gateway::Frame &frame);
    void reportPresence(const QJsonObject &snapshotOrPayload);
    void send(const gateway::RpcCall &call);
    void absorb(gateway::AdapterOutput &output);
    void startResync(const QList<gateway::RpcCall> &calls);
    void publishStatus(bool force = true);
    ConnectionPhase phaseFor(gateway::ConnectionState state) const;

    GatewaySink &m_sink;
    EngineSettings m_settings;
    std::unique_ptr<gateway::GatewayAdapter> m_adapter;
    gateway::GatewayClient *m_client = nullptr;
    ConnectionStatus m_status;
    int m_resyncOutstanding = 0;
    std::optional<gateway::PresenceMarker> m_marker;
    bool m_observeOnly = false;
    qint64 m_lastStatusPublishMs = 0;
};

} // namespace clawops::host
