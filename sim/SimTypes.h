#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace clawops::sim {

class SimGatewayServer;

// How a gateway offers the Tasks runtime (`tasks.*` methods and the `task` event).
enum class SimTasksApi
{
    Offered,   // 2026.9.6: tasks.list/get need operator.read, tasks.cancel operator.write
    AdminOnly, // advertised, but every tasks.* call needs operator.admin (FORBIDDEN otherwise)
    Removed,   // 2026.9.7: neither advertised nor sent; calls are unknown methods
};

struct SimGatewayConfig
{
    // Shared gateway token (gateway.auth.token). Empty = auth mode "none": any connect passes.
    QString sharedToken = QStringLiteral("sim-token");
    QString version = QStringLiteral("sim-0.1.0"); // server.version in hello-ok
    int tickIntervalMs = 30000;
    qint64 maxPayload = 25LL * 1024 * 1024;
    qint64 maxBufferedBytes = 50LL * 1024 * 1024;
    // Unknown devices must be approved (approvePairing) before they may connect, as a remote
    // gateway does. Off = loopback behaviour: new devices are paired silently.
    bool requirePairing = false;
    // Without a device identity, token-authenticated operators get no scopes (the documented
    // gateway rule; set false to mimic 2026.9.6 on loopback, which kept them).
    bool clearScopesWithoutDevice = true;
    // Issue hello-ok.auth.deviceToken to devices, and accept it on later connects.
    bool issueDeviceTokens = true;
    // Scopes to grant regardless of what was asked (e.g. {} to test scope clearing).
    std::optional<QStringList> grantedScopesOverride;
    int retryAfterMs = 500; // for the "gateway starting" refusal
    SimTasksApi tasksApi = SimTasksApi::Offered;
    // Session rows may say "interrupted" (2026.9.7): a run that died with a gateway restart.
    // Off, such a run is "failed" with the restart error, as 2026.9.6 reports it.
    bool interruptedStatus = false;
    // Scopes never granted, whatever is asked (a device approved for read/write only).
    QStringList withheldScopes;
};

// The gateway behaviours the simulator can take on, by version or name:
//   "2026.9.6" / "standard"   the recorded gateway (default)
//   "2026.9.7" / "no-tasks"   no tasks.* and no `task` event; `interrupted` session rows
//   "tasks-admin-only"        tasks.* advertised but FORBIDDEN without operator.admin, which
//                             this gateway does not grant
// Returns false (and says why in *error) for a name it does not know.
bool applyGatewayMode(SimGatewayConfig &config, const QString &mode, QString *error = nullptr);
QStringList gatewayModeNames();
// The mode named by $CLAWOPS_SIM_GATEWAY_MODE, which every SimGatewayServer of the process takes
// on: the existing test rings run in each mode by being registered again with that variable
// set (tests/host, tests/gateway). Empty when unset.
QString gatewayModeFromEnvironment();

// An error response's `error` object: {code, message, details?, retryable?, retryAfterMs?}.
struct SimError
{
    SimError() = default;
    SimError(QString errorCode, QString errorMessage)
        : code(std::move(errorCode))
        , message(std::move(errorMessage))
    {}

    QString code;
    QString message;
    QJsonObject details;
    bool retryable = false;
    qint64 retryAfterMs = -1;
    // For handshake errors: how the socket is closed afterwards (0 = left open).
    int closeCode = 0;
    QString closeReason;

    QJsonObject toJson() const;
};

// One RPC as a handler sees it.
struct SimRequest
{
    QString connId;
    QString id;
    QString method;
    QJsonObject params;
    QString role;
    QStringList scopes; // granted to the connection
    QString deviceId;   // empty for device-less connections
};

// Answers one request. Copyable and safe to keep: answering after the connection went away is
// a no-op. A handler may answer later (from a timer), twice for agent-style methods (accepted,
// then final), or never (to test client timeouts).
class SimReply
{
public:
    SimReply(SimGatewayServer *server, QString connId, QString requestId);

    void ok(const QJsonValue &payload = QJsonObject()) const;
    void accepted(const QJsonObject &extra = {}) const; // ok + {status:"accepted", ...extra}
    void error(const QString &code, const QString &message, const QJsonObject &details = {}) const;
    void error(const SimError &error) const;

    QString connId() const { return m_connId; }
    QString requestId() const { return m_requestId; }
    bool connectionAlive() const;

private:
    QPointer<SimGatewayServer> m_server;
    QString m_connId;
    QString m_requestId;
};

using SimMethodHandler = std::function<void(const SimRequest &, const SimReply &)>;

// Who receives a broadcast event.
enum class SimAudience
{
    Authenticated,      // every connection past hello-ok (tick, presence, agent, chat, ...)
    SessionSubscribers, // connections that called sessions.subscribe (sessions.changed, ...)
    MessageSubscribers, // connections subscribed to one session key (session.message, ...)
    ApprovalClients,    // operator.approvals or operator.admin (exec.approval.*)
};

} // namespace clawops::sim
