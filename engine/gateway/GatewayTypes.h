#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>

namespace clawops::gateway {

// Wire protocol spoken by this client. Operators must speak exactly v4 (the gateway's
// MIN_CLIENT_PROTOCOL_VERSION), so min and max are the same.
inline constexpr int kProtocolVersion = 4;

// The operator scopes the console asks for, in the order they are sent and signed. Admin is
// needed for sessions.delete, sessions.reset and verbose session patches; write for sends,
// aborts, cancels and wake; read for everything the console shows. Keep the list here only.
QStringList defaultOperatorScopes();
// True when `granted` lets this connection read (operator.read, or write/admin which imply it).
bool scopesAllowRead(const QStringList &granted);

enum class ConnectionState
{
    Disconnected, // not started, or stopped by the owner
    Connecting,   // TCP + WebSocket upgrade in progress
    Handshaking,  // socket open, waiting for connect.challenge / hello-ok
    Connected,    // hello-ok received, scopes verified
    Backoff,      // waiting to reconnect
    Stopped,      // gave up: an error the operator must fix (see lastError())
};
QString connectionStateName(ConnectionState state);

// Codes the client itself produces (the gateway's own codes pass through unchanged).
namespace ClientErrorCode {
inline const QString ConnectFailed = QStringLiteral("CONNECT_FAILED");
inline const QString ConnectionLost = QStringLiteral("CONNECTION_LOST");
inline const QString NotConnected = QStringLiteral("NOT_CONNECTED");
inline const QString Timeout = QStringLiteral("TIMEOUT");
inline const QString PayloadTooLarge = QStringLiteral("PAYLOAD_TOO_LARGE");
inline const QString HandshakeTimeout = QStringLiteral("HANDSHAKE_TIMEOUT");
inline const QString HandshakeInvalid = QStringLiteral("HANDSHAKE_INVALID");
inline const QString MissingScopes = QStringLiteral("MISSING_SCOPES");
inline const QString DeviceIdentity = QStringLiteral("DEVICE_IDENTITY_UNAVAILABLE");
inline const QString InsecureTransport = QStringLiteral("INSECURE_TRANSPORT");
inline const QString InvalidResponse = QStringLiteral("INVALID_RESPONSE");
inline const QString Cancelled = QStringLiteral("CANCELLED");
} // namespace ClientErrorCode

// An error as a value, so the console can explain it in plain words. `message` is the
// gateway's own reason when the gateway produced the error.
struct GatewayError
{
    QString code;                // error.code: INVALID_REQUEST, UNAVAILABLE, NOT_PAIRED, ...
    QString detailCode;          // error.details.code: AUTH_TOKEN_MISMATCH, PAIRING_REQUIRED, ...
    QString message;             // the gateway's (or client's) own wording
    QString requestId;           // details.requestId (pairing requests)
    QString recommendedNextStep; // details.recommendedNextStep
    bool retryable = false;
    qint64 retryAfterMs = -1; // -1 = not given
    bool pauseReconnect = false;
    QJsonObject details; // everything the gateway sent, for display

    bool isValid() const { return !code.isEmpty(); }
    // The code the console should branch on: details.code when present, else code.
    QString effectiveCode() const { return detailCode.isEmpty() ? code : detailCode; }
    // One line for logs and status bars.
    QString describe() const;
    // The gateway will not run this method for this connection however often it is asked:
    // FORBIDDEN (a missing scope), or an unknown method (a method a newer gateway dropped,
    // answered so to an admin).
    bool refusesMethod() const;

    static GatewayError fromJson(const QJsonValue &error);
    static GatewayError local(const QString &code, const QString &message, bool retryable = false);
};

struct RpcResult
{
    bool ok = false;
    QJsonValue payload; // usually an object; any JSON value is allowed by the protocol
    GatewayError error; // set when !ok

    QJsonObject payloadObject() const { return payload.toObject(); }
};

struct RequestOptions
{
    int timeoutMs = 30000;
    // Agent-style methods answer twice: {status:"accepted"} first, the final result later. With
    // expectFinal the request stays pending after the ack until the final res (or timeout).
    bool expectFinal = false;
    // Timeout for the final answer, counted from the ack; 0 = timeoutMs again.
    int finalTimeoutMs = 0;
};

using RpcCallback = std::function<void(const RpcResult &)>;

// hello-ok.policy, with the protocol's defaults for anything missing.
struct ServerPolicy
{
    qint64 maxPayload = qint64(25) * 1024 * 1024;
    qint64 maxBufferedBytes = qint64(50) * 1024 * 1024;
    int tickIntervalMs = 30000;
};

// What the console needs from hello-ok.
struct HelloInfo
{
    int protocol = 0;
    QString serverVersion;
    QString connId;
    QStringList methods;
    QStringList events;
    QString authMethod; // "token", "device-token", ...
    QString role;
    QStringList scopes; // live scopes of this socket
    bool deviceTokenIssued = false;
    ServerPolicy policy;
    QJsonObject snapshot;

    bool hasMethod(const QString &method) const { return methods.contains(method); }
};

// Parses a hello-ok payload; false (with a reason) when it is not one.
bool parseHelloOk(const QJsonObject &payload, HelloInfo *out, QString *error);

} // namespace clawops::gateway

Q_DECLARE_METATYPE(clawops::gateway::ConnectionState)
Q_DECLARE_METATYPE(clawops::gateway::GatewayError)
Q_DECLARE_METATYPE(clawops::gateway::RpcResult)
Q_DECLARE_METATYPE(clawops::gateway::HelloInfo)
