#pragma once

#include "ConnectParams.h"
#include "DeviceIdentity.h"
#include "FrameSocket.h"
#include "GatewayClientConfig.h"
#include "GatewayTypes.h"
#include "LogThrottle.h"
#include "ReconnectBackoff.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>

class QTimer;

namespace clawops::gateway {

class DeviceTokenStore;

// The OpenClaw gateway protocol client (WebSocket, protocol v4, Ed25519 device identity).
//
// Lives in the thread that owns it: create it in the engine thread (or move it there before
// start()); its timers are children. Its socket and the parsing of frames run on a thread of
// their own (FrameSocket): this thread receives parsed frames. It connects,
// answers the challenge, verifies hello-ok, keeps the connection alive (tick watchdog,
// reconnect with backoff) and correlates requests with responses. It never replays requests or
// events: after every `connected` the owner resubscribes and resyncs.
class GatewayClient : public QObject
{
    Q_OBJECT

public:
    explicit GatewayClient(GatewayClientConfig config, QObject *parent = nullptr);
    ~GatewayClient() override;

    // Connect, and keep reconnecting until stop() or an error that needs the operator.
    void start();
    // Close the connection and stop reconnecting. Pending requests fail with CONNECTION_LOST.
    void stop();
    // Connect again now: after Stopped (the operator fixed the token or approved the device),
    // or to cut a backoff short. Restarts the backoff ramp and the credential fallback.
    void retryNow();
    // For an operator who just pasted a new token; takes effect on the next connect.
    void setSharedToken(const QString &token);

    // Sends {type:"req"} and returns its id (unique for this client). The callback (and
    // requestFinished) always comes later from the event loop, never from inside request():
    // with the result, a gateway error, TIMEOUT, CONNECTION_LOST, NOT_CONNECTED or
    // PAYLOAD_TOO_LARGE.
    QString request(const QString &method, const QJsonObject &params = {},
                    const RequestOptions &options = {}, RpcCallback callback = {});
    // Gives up on a pending request: it fails with CANCELLED and the gateway is told
    // ({type:"cancel"}; older gateways ignore it). False when `id` is not pending.
    bool abandon(const QString &id);

    ConnectionState state() const { return m_state; }
    QString stateReason() const { return m_stateReason; }
    GatewayError lastError() const { return m_lastError; }
    // hello-ok of the current (or last) connection.
    const HelloInfo &hello() const { return m_hello; }
    QString serverVersion() const { return m_hello.serverVersion; }
    QString connId() const { return m_hello.connId; }
    // WebSocket ping round trip in ms; -1 until measured on this connection.
    qint64 roundTripMs() const { return m_roundTripMs; }
    // Wall-clock ms of the last event frame; 0 = none yet.
    qint64 lastEventAtMs() const { return m_lastEventAtMs; }
    QString deviceId() const { return m_identity ? m_identity->deviceId() : QString(); }
    int pendingCount() const { return static_cast<int>(m_pending.size()); }
    const GatewayClientConfig &config() const { return m_config; }

Q_SIGNALS:
    void stateChanged(clawops::gateway::ConnectionState state, const QString &reason);
    // After every successful handshake: resubscribe and resync now.
    void connected(const clawops::gateway::HelloInfo &hello);
    void disconnected(const QString &reason);
    // Every refused handshake or connection failure, retryable or not.
    void connectError(const clawops::gateway::GatewayError &error);
    // No more reconnects until retryNow(): the error says what the operator must do.
    void stopped(const clawops::gateway::GatewayError &error);
    // Every event frame after hello-ok. `seq` is the outer per-connection seq, -1 when absent.
    // An event after hello-ok; its payload is read in place (valid while the frame is: keep Qt
    // copies of what outlives it).
    void eventReceived(const clawops::gateway::Frame &frame);
    // Events were lost on this connection (never replayed): resync.
    void seqGap(qint64 expected, qint64 received);
    void requestAccepted(const QString &id, const QJsonObject &payload);
    void requestFinished(const QString &id, const clawops::gateway::RpcResult &result);
    // The gateway announced a stop or restart (shutdown event); a reconnect will follow.
    void shutdownAnnounced(const QString &reason, qint64 restartExpectedMs);
    void roundTripMeasured(qint64 ms);

private:
    struct Pending
    {
        QString method;
        RequestOptions options;
        RpcCallback callback;
        qint64 deadline = 0; // on m_monotonic
        bool accepted = false;
    };
    // What happens once the current socket is gone.
    struct Outcome
    {
        enum class Kind
        {
            Reconnect,
            Stop,
            Idle,
        };
        Kind kind = Kind::Reconnect;
        qint64 delayMs = -1; // -1 = backoff
        GatewayError error;
    };

    bool ensureIdentity();
    void openSocket();
    void onSocketConnected();
    void onReceived(quint64 connection, const QList<ReceivedFrame> &frames);
    void handleFrame(const Frame &frame);
    void handleEvent(const Frame &frame);
    void handleChallenge(const QJsonObject &payload);
    void handleResponse(const Frame &frame);
    void handleConnectResponse(bool ok, const QJsonObject &payload, const GatewayError &error);
    void handleConnectRefused(const GatewayError &error);
    void acceptHello(const HelloInfo &hello, const QJsonObject &payload);
    void persistDeviceToken(const QJsonObject &auth);

    void closeSocket(int code, const QString &reason, const Outcome &outcome);
    void abortSocket(int code, const QString &reason);
    void socketGone(const SocketClosed &how);
    void scheduleReconnect(qint64 delayMs, const QString &why);
    void stopWith(const GatewayError &error);
    void setState(ConnectionState state, const QString &reason);

    bool sendFrame(const QJsonObject &frame);
    void deliver(const QString &id, const RpcResult &result, const RpcCallback &callback);
    void deliverLater(const QString &id, const RpcResult &result, RpcCallback callback);
    void failAllPending(const GatewayError &error);
    void armRequestTimer();
    void expireRequests();
    void checkWatchdog();
    void sendPing();
    void logDroppedFrame(const QString &why);
    qint64 now() const { return m_monotonic.elapsed(); }
    DeviceTokenStore *tokenStore();

    GatewayClientConfig m_config;
    core::SystemRandom m_random;
    ReconnectBackoff m_backoff;
    std::optional<DeviceIdentity> m_identity;
    std::unique_ptr<DeviceTokenStore> m_tokenStore;
    QString m_gatewayKey;

    FrameSocket *m_socket = nullptr;
    quint64 m_connection = 0;  // the socket's current connection; 0 = none
    bool m_socketOpen = false; // the WebSocket of m_connection is open
    SocketClosed m_closeSent;  // what closeSocket() asked the peer for
    QTimer *m_handshakeTimer = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_watchdogTimer = nullptr;
    QTimer *m_requestTimer = nullptr;
    QTimer *m_pingTimer = nullptr;
    QTimer *m_closeTimer = nullptr;
    QElapsedTimer m_monotonic;
    qint64 m_lastFrameAt = 0;
    qint64 m_connectedAt = -1;

    bool m_running = false;
    ConnectionState m_state = ConnectionState::Disconnected;
    QString m_stateReason;
    GatewayError m_lastError;
    std::optional<Outcome> m_outcome; // decided before the socket closed

    QString m_connectId;
    ConnectAuth m_connectAuth;
    AuthStage m_authStage = AuthStage::Preferred;
    bool m_authFallbackUsed = false;
    bool m_haveStoredToken = false;

    HelloInfo m_hello;
    qint64 m_lastSeq = -1;
    qint64 m_roundTripMs = -1;
    qint64 m_lastEventAtMs = 0;
    qint64 m_shutdownRestartHintMs = -1;

    QHash<QString, Pending> m_pending;
    quint64 m_nextRequestId = 0;
    quint64 m_connectCount = 0;
    LogThrottle m_frameLog;
};

} // namespace clawops::gateway
