#pragma once

#include "SimTypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <atomic>
#include <memory>

class QTcpServer;
class QTcpSocket;
class QTimer;
class QWebSocket;
class QWebSocketServer;

namespace clawops::sim {

// A real WebSocket server on 127.0.0.1 speaking the OpenClaw gateway protocol (v4): challenge,
// connect validation with the gateway's own error shapes, Ed25519 device signatures, device
// tokens, pairing, hello-ok, ticks, per-connection event seq, and an RPC dispatch table that the
// world simulation fills. Faults can be injected for the client's resilience tests.
class SimGatewayServer : public QObject
{
    Q_OBJECT

public:
    static constexpr int kProtocol = 4;

    explicit SimGatewayServer(SimGatewayConfig config = {}, QObject *parent = nullptr);
    ~SimGatewayServer() override;

    // Listens on 127.0.0.1 only; port 0 = an ephemeral port (see port()).
    bool listen(quint16 port = 0);
    // Stops listening and closes every connection (1001 "going away").
    void close();
    bool isListening() const;
    quint16 port() const { return m_port; }
    QUrl url() const;
    const SimGatewayConfig &config() const { return m_config; }

    // --- RPC -------------------------------------------------------------------------------
    // `requiredScope` is checked like the gateway does (admin ⊇ write ⊇ read); empty = none.
    // A method that is not `advertised` works but is missing from hello-ok.features (the
    // simulator's own sim.* methods).
    void registerMethod(const QString &method, SimMethodHandler handler,
                        const QString &requiredScope = QStringLiteral("operator.read"),
                        bool advertised = true);
    void unregisterMethod(const QString &method);
    QStringList methods() const; // as advertised in hello-ok.features.methods
    QStringList events() const;  // as advertised in hello-ok.features.events
    // Extra hello-ok.snapshot fields (merged over the defaults), e.g. sessionDefaults.
    void setSnapshotExtra(const QJsonObject &extra) { m_snapshotExtra = extra; }
    // The presence list as hello-ok.snapshot.presence and `presence` events carry it: the
    // gateway's own entry, then one per connection that is not a CLI client, built from its
    // connect `client` fields; a closed connection's entry stays with reason "disconnect".
    QJsonArray presence() const;
    // What sessions.subscribe answers under `list` (the gateway's sessions.list result for the
    // request's params); without a provider the answer has no list.
    using SessionListProvider = std::function<QJsonObject(const QJsonObject &params)>;
    void setSessionListProvider(SessionListProvider provider)
    {
        m_sessionList = std::move(provider);
    }

    // --- Events ----------------------------------------------------------------------------
    // Sends to every matching authenticated connection with its own outer seq; returns how many
    // connections got it. `sessionKey` selects MessageSubscribers.
    int broadcastEvent(const QString &event, const QJsonObject &payload,
                       SimAudience audience = SimAudience::Authenticated,
                       const QString &sessionKey = {});
    bool sendEvent(const QString &connId, const QString &event, const QJsonObject &payload);
    // The next event on every current connection skips `count` seq numbers (nothing is lost).
    void skipSeq(int count = 1);
    // shutdown {reason, restartExpectedMs} to everyone, as before a restart.
    void announceShutdown(const QString &reason, qint64 restartExpectedMs = -1);

    // --- Configuration and faults ----------------------------------------------------------
    void setTickIntervalMs(int ms);
    void setTicking(bool ticking); // false = the "gateway stopped ticking" fault
    void setMaxPayload(qint64 bytes);
    void setSharedToken(const QString &token) { m_config.sharedToken = token; }
    void setRequirePairing(bool required) { m_config.requirePairing = required; }
    void setGrantedScopesOverride(std::optional<QStringList> scopes)
    {
        m_config.grantedScopesOverride = std::move(scopes);
    }
    // The next `count` connect requests are refused as "gateway starting" (UNAVAILABLE,
    // retryable, retryAfterMs) and closed with 1013.
    void failNextConnects(int count) { m_startupFailuresLeft = count; }
    // Raw text to authenticated connections (all, or one): for malformed/truncated frames.
    int sendRaw(const QString &text, const QString &connId = {});
    int sendMalformedFrame();             // not JSON at all
    int sendTruncatedFrame();             // a valid event frame cut in half
    int sendNonObjectFrame();             // valid JSON, but an array
    int sendOversizedFrame(qint64 bytes); // a well-formed event frame of about `bytes`
    void dropConnections();               // TCP abort, no close handshake
    void closeConnections(int code, const QString &reason);
    // Stops listening, closes every connection (1012 "service restart") and listens again on
    // the same port after `downtimeMs` (0 = at once) as a new instance (a new boot id). Paired
    // devices and tokens survive. World::restartGateway also decides what happens to runs.
    bool restart(int downtimeMs = 0);

    // Event faults: each applies to the next `count` broadcast events.
    // Lost: never sent, but every connection that would have got one skips its seq number, so
    // the client can tell that something is missing.
    void loseEvents(int count = 1);
    // Sent twice, the copy with the next seq number.
    void duplicateEvents(int count = 1);
    // Held back and then sent in reverse order (seq numbers stay increasing; the payloads do
    // not arrive in the order they happened). Flushed after `count` events or 50 ms.
    void reorderEvents(int count = 3);
    // The next broadcast event is cut off half-way through its WebSocket frame, and the TCP
    // connection is reset right after: the client sees a partial frame, then a dead socket.
    void dropMidFrame();
    // No tick and no frame of any kind for `ms` (the gateway process hangs); what it would
    // have sent meanwhile goes out afterwards to sockets that are still open.
    void stall(int ms);
    bool isStalled() const { return m_stalled; }
    // How many of each fault were injected, the calls to methods the gateway does not offer
    // and those refused for a missing scope, as {faults:{name:n}, unadvertisedCalls:{method:n},
    // refusedCalls:{method:n}, connectRequests, ...}.
    QJsonObject counters() const;

    // --- Pairing and tokens ----------------------------------------------------------------
    QStringList pendingPairingRequests() const;
    bool approvePairing(const QString &requestId);
    void pairDevice(const QString &deviceId) { m_pairedDevices.insert(deviceId); }
    QString deviceTokenFor(const QString &deviceId,
                           const QString &role = QStringLiteral("operator")) const;
    void revokeDeviceTokens() { m_deviceTokens.clear(); }

    // --- Introspection for tests -----------------------------------------------------------
    QStringList connectionIds() const; // authenticated connections
    int connectionCount() const { return static_cast<int>(m_connections.size()); }
    // Frames handed to sockets so far; readable from any thread (a benchmark's rate).
    qint64 framesSent() const { return m_framesSent.load(std::memory_order_relaxed); }
    int connectRequestCount() const { return m_connectRequests; }
    QJsonObject lastConnectParams() const { return m_lastConnectParams; }
    QString lastAuthMethod() const { return m_lastAuthMethod; }
    QStringList origins() const { return m_origins; } // Origin header of each accepted socket
    QList<int> clientCloseCodes() const { return m_clientCloseCodes; }
    QStringList cancelledRequestIds() const { return m_cancelledIds; }
    bool isSessionsSubscriber(const QString &connId) const;

Q_SIGNALS:
    void clientAuthenticated(const QString &connId, const QString &deviceId,
                             const QString &authMethod);
    void connectRejected(const QString &code, const QString &detailCode);
    void clientDisconnected(const QString &connId, int closeCode, const QString &reason);
    void requestReceived(const QString &connId, const QString &id, const QString &method);
    void cancelReceived(const QString &connId, const QString &id);
    // Something a test's counters follow changed (a fault, a connection, an odd call).
    void countersChanged();

private:
    friend class SimReply;
    struct Connection;
    struct RegisteredMethod
    {
        SimMethodHandler handler;
        QString requiredScope;
        bool advertised = true;
    };
    struct HeldEvent
    {
        QString event;
        QJsonObject payload;
        SimAudience audience;
        QString sessionKey;
    };
    struct IssuedToken
    {
        QString token;
        QStringList scopes;
        qint64 issuedAtMs = 0;
    };

    void onTcpConnection();
    void onNewConnection();
    void onText(Connection *connection, const QString &text);
    void onGone(QWebSocket *socket);
    void handleConnect(Connection *connection, const QString &id, const QJsonObject &params);
    std::optional<SimError> authenticate(Connection *connection, const QJsonObject &params,
                                         QString *method, QStringList *tokenScopes);
    std::optional<SimError> verifyDevice(const Connection *connection, const QJsonObject &params);
    SimError startingError() const;
    std::optional<SimError> checkPairing(const QString &deviceId, const QString &role);
    QStringList grantedScopes(const QJsonObject &params, const QString &deviceId,
                              const QString &authMethod, const QStringList &tokenScopes) const;
    QJsonObject issueDeviceToken(const QString &deviceId, const QString &role,
                                 const QStringList &scopes);
    void dispatch(Connection *connection, const QString &id, const QString &method,
                  const QJsonObject &params);
    QJsonObject helloOk(const Connection *connection, const QString &authMethod,
                        const QJsonObject &authExtra) const;
    void refuse(Connection *connection, const QString &id, const SimError &error);

    void sendFrame(Connection *connection, const QJsonObject &frame);
    void sendResponse(const QString &connId, const QString &id, bool ok, const QJsonValue &payload,
                      const QJsonObject &error);
    void sendEventTo(Connection *connection, const QString &event, const QJsonObject &payload);
    QList<Connection *> audienceOf(SimAudience audience, const QString &sessionKey) const;
    int deliver(const HeldEvent &event);
    void cutFrame(Connection *connection, const QString &event, const QJsonObject &payload);
    void flushReordered();
    void resume();
    void countFault(const QString &name);
    void tick();
    void installDefaultMethods();
    void notePresence(const Connection *connection, const QJsonObject &params);
    void presenceGone(const QString &connId);
    // To every open connection, around the fault injector: presence is not the traffic the
    // faults are aimed at.
    void publishPresence(const QString &exceptConnId = {});
    Connection *connectionById(const QString &connId) const;

    SimGatewayConfig m_config;
    QWebSocketServer *m_server = nullptr;
    QTcpServer *m_tcpServer = nullptr;
    // Accepted TCP sockets by peer port, until the WebSocket made from them is taken.
    QHash<quint16, QPointer<QTcpSocket>> m_tcpByPeerPort;
    QTimer *m_tickTimer = nullptr;
    quint16 m_port = 0;
    bool m_ticking = true;
    QHash<QWebSocket *, std::shared_ptr<Connection>> m_connections;
    QHash<QString, RegisteredMethod> m_methods;
    QJsonObject m_snapshotExtra;
    QStringList m_presenceOrder; // connection ids, oldest first
    QHash<QString, QJsonObject> m_presenceEntries;
    int m_presenceVersion = 1;
    SessionListProvider m_sessionList;
    QElapsedTimer m_uptime;
    QString m_bootId;

    int m_startupFailuresLeft = 0;
    QSet<QString> m_pairedDevices;
    QHash<QString, QString> m_pendingPairing;   // requestId -> deviceId
    QHash<QString, IssuedToken> m_deviceTokens; // deviceId|role -> token

    int m_connectRequests = 0;
    std::atomic<qint64> m_framesSent{0};
    QJsonObject m_lastConnectParams;
    QString m_lastAuthMethod;
    QStringList m_origins;
    QList<int> m_clientCloseCodes;
    QStringList m_cancelledIds;

    int m_loseLeft = 0;
    int m_duplicateLeft = 0;
    int m_reorderLeft = 0;
    bool m_cutNextFrame = false;
    QList<HeldEvent> m_reorderHeld;
    QTimer *m_reorderTimer = nullptr;
    bool m_stalled = false;
    QTimer *m_stallTimer = nullptr;
    QHash<QString, int> m_faultCounts;
    QHash<QString, int> m_unadvertisedCalls;
    QHash<QString, int> m_refusedCalls; // FORBIDDEN for a missing scope
};

} // namespace clawops::sim
