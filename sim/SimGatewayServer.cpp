#include "SimGatewayServer.h"

#include "SimConnectValidator.h"
#include "SimConnection.h"
#include "SimDeviceAuth.h"
#include "SimLogging.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTimer>
#include <QUuid>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>

namespace clawops::sim {

namespace {

constexpr qint64 kPreAuthMaxPayload = qint64(64) * 1024; // MAX_PREAUTH_PAYLOAD_BYTES

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString tokenKey(const QString &deviceId, const QString &role)
{
    return deviceId + QLatin1Char('|') + role;
}

// The gateway's implication rules: admin grants everything, write grants read.
bool scopeAllows(const QStringList &granted, const QString &required)
{
    if (required.isEmpty() || granted.contains(required) ||
        granted.contains(QStringLiteral("operator.admin")))
        return true;
    return required == QLatin1String("operator.read") &&
           granted.contains(QStringLiteral("operator.write"));
}

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue item : value.toArray())
        out.append(item.toString());
    return out;
}

SimError authError(const QString &detailCode, const QString &message, const QString &authReason,
                   bool canRetryWithDeviceToken, const QString &nextStep)
{
    SimError error;
    error.code = QStringLiteral("INVALID_REQUEST");
    error.message = message;
    error.details = QJsonObject{
        {QStringLiteral("code"), detailCode},
        {QStringLiteral("authReason"), authReason},
        {QStringLiteral("canRetryWithDeviceToken"), canRetryWithDeviceToken},
        {QStringLiteral("recommendedNextStep"), nextStep},
    };
    error.closeCode = 1008;
    error.closeReason = message;
    return error;
}

// FORBIDDEN as the gateway builds it (missingScopeErrorShape).
SimError missingScope(const QString &scope)
{
    SimError error{QStringLiteral("FORBIDDEN"), QStringLiteral("missing scope: %1").arg(scope)};
    error.details = QJsonObject{
        {QStringLiteral("code"), QStringLiteral("MISSING_SCOPE")},
        {QStringLiteral("missingScope"), scope},
        {QStringLiteral("requiredScopes"), QJsonArray{scope}},
    };
    return error;
}

SimError deviceError(const QString &detailCode, const QString &message, const QString &reason)
{
    SimError error;
    error.code = QStringLiteral("INVALID_REQUEST");
    error.message = message;
    error.details =
        QJsonObject{{QStringLiteral("code"), detailCode}, {QStringLiteral("reason"), reason}};
    error.closeCode = 1008;
    error.closeReason = message;
    return error;
}

} // namespace

// ---------------------------------------------------------------------------------------------

QString simCloseReason(const QString &reason)
{
    constexpr qsizetype kMaxBytes = 123; // RFC 6455 control frame limit
    QByteArray utf8 = reason.toUtf8();
    if (utf8.size() <= kMaxBytes)
        return reason;
    utf8.truncate(kMaxBytes);
    // Do not leave half a UTF-8 sequence at the end.
    while (!utf8.isEmpty() && (static_cast<unsigned char>(utf8.back()) & 0xC0) == 0x80)
        utf8.chop(1);
    if (!utf8.isEmpty() && (static_cast<unsigned char>(utf8.back()) & 0x80))
        utf8.chop(1);
    return QString::fromUtf8(utf8);
}

QJsonObject SimError::toJson() const
{
    QJsonObject object{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!details.isEmpty())
        object.insert(QStringLiteral("details"), details);
    if (retryable)
        object.insert(QStringLiteral("retryable"), true);
    if (retryAfterMs >= 0)
        object.insert(QStringLiteral("retryAfterMs"), QJsonValue(retryAfterMs));
    return object;
}

SimReply::SimReply(SimGatewayServer *server, QString connId, QString requestId)
    : m_server(server)
    , m_connId(std::move(connId))
    , m_requestId(std::move(requestId))
{}

void SimReply::ok(const QJsonValue &payload) const
{
    if (m_server)
        m_server->sendResponse(m_connId, m_requestId, true, payload, {});
}

void SimReply::accepted(const QJsonObject &extra) const
{
    QJsonObject payload = extra;
    payload.insert(QStringLiteral("status"), QStringLiteral("accepted"));
    ok(payload);
}

void SimReply::error(const QString &code, const QString &message, const QJsonObject &details) const
{
    SimError error;
    error.code = code;
    error.message = message;
    error.details = details;
    this->error(error);
}

void SimReply::error(const SimError &error) const
{
    if (m_server)
        m_server->sendResponse(m_connId, m_requestId, false, {}, error.toJson());
}

bool SimReply::connectionAlive() const
{
    return m_server && m_server->connectionById(m_connId) != nullptr;
}

// ---------------------------------------------------------------------------------------------

SimGatewayServer::SimGatewayServer(SimGatewayConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_bootId(newUuid())
{
    if (const QString mode = gatewayModeFromEnvironment(); !mode.isEmpty()) {
        QString error;
        if (!applyGatewayMode(m_config, mode, &error))
            qCWarning(lcSim).noquote() << "CLAWOPS_SIM_GATEWAY_MODE:" << error;
    }
    m_server =
        new QWebSocketServer(QStringLiteral("clawops-sim"), QWebSocketServer::NonSecureMode, this);
    connect(m_server, &QWebSocketServer::newConnection, this, &SimGatewayServer::onNewConnection);
    // Accepting TCP ourselves keeps a handle on each socket below its WebSocket, which the
    // fault "connection reset in the middle of a frame" writes to directly.
    m_tcpServer = new QTcpServer(this);
    connect(m_tcpServer, &QTcpServer::newConnection, this, &SimGatewayServer::onTcpConnection);
    m_tickTimer = new QTimer(this);
    connect(m_tickTimer, &QTimer::timeout, this, &SimGatewayServer::tick);
    m_reorderTimer = new QTimer(this);
    m_reorderTimer->setSingleShot(true);
    connect(m_reorderTimer, &QTimer::timeout, this, &SimGatewayServer::flushReordered);
    m_stallTimer = new QTimer(this);
    m_stallTimer->setSingleShot(true);
    connect(m_stallTimer, &QTimer::timeout, this, &SimGatewayServer::resume);
    installDefaultMethods();
    m_uptime.start();
}

SimGatewayServer::~SimGatewayServer()
{
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
    }
}

bool SimGatewayServer::listen(quint16 port)
{
    if (m_tcpServer->isListening())
        return true;
    if (!m_tcpServer->listen(QHostAddress::LocalHost, port)) {
        qCWarning(lcSim) << "cannot listen on 127.0.0.1:" << port << m_tcpServer->errorString();
        return false;
    }
    m_port = m_tcpServer->serverPort();
    m_tickTimer->start(std::max(1, m_config.tickIntervalMs));
    qCInfo(lcSim) << "simulated gateway listening on" << url().toString();
    return true;
}

void SimGatewayServer::close()
{
    m_tcpServer->close();
    m_tickTimer->stop();
    closeConnections(1001, QStringLiteral("going away"));
}

bool SimGatewayServer::isListening() const
{
    return m_tcpServer->isListening();
}

QUrl SimGatewayServer::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_port));
}

// --- connections -----------------------------------------------------------------------------

void SimGatewayServer::onTcpConnection()
{
    while (m_tcpServer->hasPendingConnections()) {
        QTcpSocket *tcp = m_tcpServer->nextPendingConnection();
        if (!tcp)
            return;
        m_tcpByPeerPort.insert(tcp->peerPort(), tcp);
        // A socket that never completes the upgrade is forgotten when it goes.
        connect(tcp, &QObject::destroyed, this,
                [this, port = tcp->peerPort()] { m_tcpByPeerPort.remove(port); });
        m_server->handleConnection(tcp);
    }
}

void SimGatewayServer::onNewConnection()
{
    while (m_server->hasPendingConnections()) {
        QWebSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            return;
        socket->setParent(this);
        socket->setMaxAllowedIncomingMessageSize(kPreAuthMaxPayload);
        auto connection = std::make_shared<Connection>();
        connection->connId = newUuid();
        connection->socket = socket;
        connection->tcp = m_tcpByPeerPort.take(socket->peerPort());
        connection->nonce = newUuid();
        connection->challengeTs = nowMs();
        m_connections.insert(socket, connection);
        m_origins.append(socket->origin());

        Connection *raw = connection.get();
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, raw](const QString &text) { onText(raw, text); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { onGone(socket); });

        sendFrame(raw, QJsonObject{
                           {QStringLiteral("type"), QStringLiteral("event")},
                           {QStringLiteral("event"), QStringLiteral("connect.challenge")},
                           {QStringLiteral("payload"),
                            QJsonObject{
                                {QStringLiteral("nonce"), raw->nonce},
                                {QStringLiteral("ts"), QJsonValue(raw->challengeTs)},
                                {QStringLiteral("capabilities"),
                                 QJsonArray{QStringLiteral("model-catalog-snapshot")}},
                            }},
                       });
    }
}

void SimGatewayServer::onGone(QWebSocket *socket)
{
    const std::shared_ptr<Connection> connection = m_connections.take(socket);
    socket->disconnect(this);
    socket->deleteLater();
    if (!connection)
        return;
    const int code = static_cast<int>(socket->closeCode());
    if (!connection->serverClosed)
        m_clientCloseCodes.append(code);
    qCDebug(lcSim) << "connection" << connection->connId << "closed" << code
                   << socket->closeReason();
    Q_EMIT clientDisconnected(connection->connId, code, socket->closeReason());
    presenceGone(connection->connId);
}

void SimGatewayServer::notePresence(const Connection *connection, const QJsonObject &params)
{
    const QJsonObject client = params.value(QLatin1String("client")).toObject();
    // As the gateway: CLI connections are one-off commands and get no entry.
    if (client.value(QLatin1String("mode")).toString() == QLatin1String("cli"))
        return;
    QJsonObject entry{
        {QStringLiteral("host"), client.value(QLatin1String("displayName"))
                                     .toString(client.value(QLatin1String("id")).toString())},
        {QStringLiteral("version"), client.value(QLatin1String("version"))},
        {QStringLiteral("mode"), client.value(QLatin1String("mode"))},
        {QStringLiteral("roles"), QJsonArray{connection->role}},
        {QStringLiteral("scopes"), QJsonArray::fromStringList(connection->scopes)},
        {QStringLiteral("reason"), QStringLiteral("connect")},
        {QStringLiteral("ts"), QJsonValue(nowMs())},
    };
    for (const char *key : {"platform", "deviceFamily", "modelIdentifier", "instanceId"}) {
        if (client.contains(QLatin1String(key)))
            entry.insert(QLatin1String(key), client.value(QLatin1String(key)));
    }
    if (!connection->deviceId.isEmpty())
        entry.insert(QStringLiteral("deviceId"), connection->deviceId);
    m_presenceOrder.append(connection->connId);
    m_presenceEntries.insert(connection->connId, entry);
    ++m_presenceVersion;
}

void SimGatewayServer::presenceGone(const QString &connId)
{
    const auto found = m_presenceEntries.find(connId);
    if (found == m_presenceEntries.end())
        return;
    found->insert(QStringLiteral("reason"), QStringLiteral("disconnect"));
    found->insert(QStringLiteral("ts"), QJsonValue(nowMs()));
    ++m_presenceVersion;
    publishPresence();
}

QJsonArray SimGatewayServer::presence() const
{
    QJsonArray list{QJsonObject{{QStringLiteral("host"), QStringLiteral("sim")},
                                {QStringLiteral("version"), m_config.version},
                                {QStringLiteral("platform"), QStringLiteral("linux")},
                                {QStringLiteral("mode"), QStringLiteral("gateway")},
                                {QStringLiteral("reason"), QStringLiteral("self")},
                                {QStringLiteral("ts"), QJsonValue(nowMs())}}};
    for (const QString &connId : m_presenceOrder)
        list.append(m_presenceEntries.value(connId));
    return list;
}

void SimGatewayServer::publishPresence(const QString &exceptConnId)
{
    const QJsonObject payload{{QStringLiteral("presence"), presence()}};
    for (const auto &connection : std::as_const(m_connections)) {
        if (connection->authenticated && !connection->serverClosed &&
            connection->connId != exceptConnId)
            sendEventTo(connection.get(), QStringLiteral("presence"), payload);
    }
}

void SimGatewayServer::onText(Connection *connection, const QString &text)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        qCInfo(lcSim) << "unparsable frame from" << connection->connId;
        if (!connection->authenticated) {
            connection->serverClosed = true;
            connection->socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                      QStringLiteral("invalid handshake"));
        }
        return;
    }
    const QJsonObject frame = document.object();
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type == QLatin1String("cancel")) {
        const QString id = frame.value(QLatin1String("id")).toString();
        m_cancelledIds.append(id);
        Q_EMIT cancelReceived(connection->connId, id);
        return;
    }
    if (type != QLatin1String("req"))
        return; // tolerated, like unknown frames on the real gateway
    const QString id = frame.value(QLatin1String("id")).toString();
    const QString method = frame.value(QLatin1String("method")).toString();
    const QJsonValue params = frame.value(QLatin1String("params"));
    if (id.isEmpty() || method.isEmpty() || (!params.isUndefined() && !params.isObject())) {
        SimError error{QStringLiteral("INVALID_REQUEST"), QStringLiteral("invalid request frame")};
        if (!connection->authenticated) {
            error.closeCode = 1008;
            error.closeReason = QStringLiteral("invalid handshake");
        }
        refuse(connection, id, error);
        return;
    }
    if (!connection->authenticated) {
        if (method != QLatin1String("connect")) {
            SimError error{QStringLiteral("INVALID_REQUEST"),
                           QStringLiteral("invalid handshake: first request must be connect")};
            error.closeCode = 1008;
            error.closeReason = QStringLiteral("invalid handshake");
            refuse(connection, id, error);
            return;
        }
        handleConnect(connection, id, params.toObject());
        return;
    }
    if (method == QLatin1String("connect")) {
        sendResponse(
            connection->connId, id, false, {},
            SimError{QStringLiteral("INVALID_REQUEST"), QStringLiteral("already connected")}
                .toJson());
        return;
    }
    dispatch(connection, id, method, params.toObject());
}

// --- handshake -------------------------------------------------------------------------------

void SimGatewayServer::refuse(Connection *connection, const QString &id, const SimError &error)
{
    sendResponse(connection->connId, id, false, {}, error.toJson());
    Q_EMIT connectRejected(error.code, error.details.value(QLatin1String("code")).toString());
    if (error.closeCode != 0) {
        connection->serverClosed = true;
        connection->socket->close(static_cast<QWebSocketProtocol::CloseCode>(error.closeCode),
                                  simCloseReason(error.closeReason));
    }
}

void SimGatewayServer::handleConnect(Connection *connection, const QString &id,
                                     const QJsonObject &params)
{
    ++m_connectRequests;
    m_lastConnectParams = params;

    if (m_startupFailuresLeft > 0) {
        --m_startupFailuresLeft;
        refuse(connection, id, startingError());
        return;
    }
    if (auto error = validateConnectSchema(params)) {
        refuse(connection, id, *error);
        return;
    }
    if (auto error = validateProtocolRange(params, kProtocol)) {
        refuse(connection, id, *error);
        return;
    }
    if (auto error = verifyDevice(connection, params)) {
        refuse(connection, id, *error);
        return;
    }
    QString authMethod;
    QStringList tokenScopes;
    if (auto error = authenticate(connection, params, &authMethod, &tokenScopes)) {
        refuse(connection, id, *error);
        return;
    }

    const QString role = params.value(QLatin1String("role")).toString(QStringLiteral("operator"));
    const QJsonObject device = params.value(QLatin1String("device")).toObject();
    const QString deviceId = device.value(QLatin1String("id")).toString();
    if (auto error = checkPairing(deviceId, role)) {
        refuse(connection, id, *error);
        return;
    }
    const QStringList scopes = grantedScopes(params, deviceId, authMethod, tokenScopes);
    const QJsonObject authExtra = issueDeviceToken(deviceId, role, scopes);

    connection->authenticated = true;
    connection->role = role;
    connection->scopes = scopes;
    connection->deviceId = deviceId;
    connection->socket->setMaxAllowedIncomingMessageSize(
        static_cast<quint64>(std::max<qint64>(m_config.maxPayload, kPreAuthMaxPayload)));
    m_lastAuthMethod = authMethod;
    notePresence(connection, params);
    sendResponse(connection->connId, id, true, helloOk(connection, authMethod, authExtra), {});
    // The new connection has the list in its hello-ok already, as on the gateway.
    if (m_presenceEntries.contains(connection->connId))
        publishPresence(connection->connId);
    qCInfo(lcSim) << "client" << connection->connId << "authenticated via" << authMethod << "scopes"
                  << scopes;
    Q_EMIT clientAuthenticated(connection->connId, deviceId, authMethod);
}

SimError SimGatewayServer::startingError() const
{
    SimError error;
    error.code = QStringLiteral("UNAVAILABLE");
    error.message = QStringLiteral("gateway starting");
    error.details = QJsonObject{{QStringLiteral("reason"), QStringLiteral("startup-sidecars")}};
    error.retryable = true;
    error.retryAfterMs = m_config.retryAfterMs;
    error.closeCode = 1013;
    error.closeReason = QStringLiteral("gateway starting");
    return error;
}

// With pairing required, an unknown device gets a pairing request (the same one on every retry)
// and is refused until approved; on loopback without it, new devices are approved silently.
std::optional<SimError> SimGatewayServer::checkPairing(const QString &deviceId, const QString &role)
{
    if (!m_config.requirePairing) {
        if (!deviceId.isEmpty())
            m_pairedDevices.insert(deviceId);
        return std::nullopt;
    }
    if (deviceId.isEmpty()) {
        return deviceError(QStringLiteral("DEVICE_IDENTITY_REQUIRED"),
                           QStringLiteral("device identity required"),
                           QStringLiteral("device-identity-required"));
    }
    if (m_pairedDevices.contains(deviceId))
        return std::nullopt;
    QString requestId = m_pendingPairing.key(deviceId);
    if (requestId.isEmpty()) {
        requestId = newUuid();
        m_pendingPairing.insert(requestId, deviceId);
    }
    SimError error;
    error.code = QStringLiteral("NOT_PAIRED");
    error.message = QStringLiteral("pairing required: device is not approved yet");
    error.details = QJsonObject{
        {QStringLiteral("code"), QStringLiteral("PAIRING_REQUIRED")},
        {QStringLiteral("reason"), QStringLiteral("not-paired")},
        {QStringLiteral("requestId"), requestId},
        {QStringLiteral("requestedRole"), role},
        {QStringLiteral("recommendedNextStep"), QStringLiteral("approve_device")},
        {QStringLiteral("retryable"), false},
        {QStringLiteral("pauseReconnect"), true},
    };
    error.closeCode = 1008;
    error.closeReason = QStringLiteral("pairing required");
    return error;
}

// The scopes asked for that an operator may have, less what the configuration withholds and, for
// a device token, what the token was not issued for.
QStringList SimGatewayServer::grantedScopes(const QJsonObject &params, const QString &deviceId,
                                            const QString &authMethod,
                                            const QStringList &tokenScopes) const
{
    QStringList scopes;
    for (const QString &scope : stringList(params.value(QLatin1String("scopes")))) {
        if (simOperatorScopes().contains(scope) && !scopes.contains(scope))
            scopes.append(scope);
    }
    if (deviceId.isEmpty() && m_config.clearScopesWithoutDevice && !m_config.sharedToken.isEmpty())
        scopes.clear();
    if (authMethod == QLatin1String("device-token"))
        scopes.removeIf([&](const QString &scope) { return !tokenScopes.contains(scope); });
    if (m_config.grantedScopesOverride)
        scopes = *m_config.grantedScopesOverride;
    for (const QString &withheld : std::as_const(m_config.withheldScopes))
        scopes.removeAll(withheld);
    return scopes;
}

// The hello's auth members for a device: its token for this role (issued once, its scopes only
// ever growing), or nothing when tokens are not issued.
QJsonObject SimGatewayServer::issueDeviceToken(const QString &deviceId, const QString &role,
                                               const QStringList &scopes)
{
    QJsonObject authExtra;
    if (deviceId.isEmpty() || !m_config.issueDeviceTokens)
        return authExtra;
    IssuedToken &issued = m_deviceTokens[tokenKey(deviceId, role)];
    if (issued.token.isEmpty()) {
        QByteArray random(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()),
                                              random.size() / 4);
        issued.token = QString::fromLatin1(
            random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        issued.issuedAtMs = nowMs();
    }
    for (const QString &scope : scopes) {
        if (!issued.scopes.contains(scope))
            issued.scopes.append(scope);
    }
    authExtra.insert(QStringLiteral("deviceToken"), issued.token);
    authExtra.insert(QStringLiteral("issuedAtMs"), QJsonValue(issued.issuedAtMs));
    return authExtra;
}

std::optional<SimError> SimGatewayServer::verifyDevice(const Connection *connection,
                                                       const QJsonObject &params)
{
    if (!params.contains(QLatin1String("device")))
        return std::nullopt;
    const QJsonObject device = params.value(QLatin1String("device")).toObject();
    const QByteArray publicKey =
        simDecodePublicKey(device.value(QLatin1String("publicKey")).toString());
    if (publicKey.isEmpty())
        return deviceError(QStringLiteral("DEVICE_AUTH_PUBLIC_KEY_INVALID"),
                           QStringLiteral("device public key invalid"),
                           QStringLiteral("device-public-key"));
    const QString deviceId = device.value(QLatin1String("id")).toString();
    if (simDeviceIdFor(publicKey) != deviceId)
        return deviceError(QStringLiteral("DEVICE_AUTH_DEVICE_ID_MISMATCH"),
                           QStringLiteral("device identity mismatch"),
                           QStringLiteral("device-id-mismatch"));
    const QString nonce = device.value(QLatin1String("nonce")).toString();
    if (nonce.trimmed().isEmpty())
        return deviceError(QStringLiteral("DEVICE_AUTH_NONCE_REQUIRED"),
                           QStringLiteral("device nonce required"),
                           QStringLiteral("device-nonce-missing"));
    if (nonce != connection->nonce)
        return deviceError(QStringLiteral("DEVICE_AUTH_NONCE_MISMATCH"),
                           QStringLiteral("device nonce mismatch"),
                           QStringLiteral("device-nonce-mismatch"));
    const qint64 signedAt = device.value(QLatin1String("signedAt")).toInteger(-1);
    if (signedAt != connection->challengeTs)
        return deviceError(QStringLiteral("DEVICE_AUTH_SIGNATURE_EXPIRED"),
                           QStringLiteral("device signature expired"),
                           QStringLiteral("device-signature-stale"));

    const QJsonObject client = params.value(QLatin1String("client")).toObject();
    const QJsonObject auth = params.value(QLatin1String("auth")).toObject();
    SimSignedFields fields;
    fields.deviceId = deviceId;
    fields.clientId = client.value(QLatin1String("id")).toString();
    fields.clientMode = client.value(QLatin1String("mode")).toString();
    fields.role = params.value(QLatin1String("role")).toString(QStringLiteral("operator"));
    fields.scopes = stringList(params.value(QLatin1String("scopes")));
    fields.signedAtMs = signedAt;
    // auth.token ?? auth.deviceToken ?? auth.bootstrapToken ?? "" (present-but-empty counts).
    for (const char *key : {"token", "deviceToken", "bootstrapToken"}) {
        if (auth.contains(QLatin1String(key))) {
            fields.token = auth.value(QLatin1String(key)).toString();
            break;
        }
    }
    fields.nonce = nonce;
    fields.platform = client.value(QLatin1String("platform")).toString();
    fields.deviceFamily = client.value(QLatin1String("deviceFamily")).toString();
    bool signatureOk = false;
    const QByteArray signature =
        simDecodeBase64Url(device.value(QLatin1String("signature")).toString(), &signatureOk);
    if (signatureOk && (simVerifyEd25519(publicKey, simPayloadV3(fields).toUtf8(), signature) ||
                        simVerifyEd25519(publicKey, simPayloadV2(fields).toUtf8(), signature)))
        return std::nullopt;
    return deviceError(QStringLiteral("DEVICE_AUTH_SIGNATURE_INVALID"),
                       QStringLiteral("device signature invalid"),
                       QStringLiteral("device-signature"));
}

std::optional<SimError> SimGatewayServer::authenticate(Connection *connection,
                                                       const QJsonObject &params, QString *method,
                                                       QStringList *tokenScopes)
{
    Q_UNUSED(connection)
    if (m_config.sharedToken.isEmpty()) {
        *method = QStringLiteral("none");
        return std::nullopt;
    }
    const QJsonObject auth = params.value(QLatin1String("auth")).toObject();
    const QString token = auth.value(QLatin1String("token")).toString();
    const QString deviceToken = auth.value(QLatin1String("deviceToken")).toString();
    if (!token.isEmpty() && token == m_config.sharedToken) {
        *method = QStringLiteral("token");
        return std::nullopt;
    }
    const QString role = params.value(QLatin1String("role")).toString(QStringLiteral("operator"));
    const QString deviceId =
        params.value(QLatin1String("device")).toObject().value(QLatin1String("id")).toString();
    const QString candidate = deviceToken.isEmpty() ? token : deviceToken;
    const auto issued = m_deviceTokens.constFind(tokenKey(deviceId, role));
    const bool deviceHasToken = !deviceId.isEmpty() && issued != m_deviceTokens.constEnd();
    if (deviceHasToken && !candidate.isEmpty() && issued->token == candidate) {
        *method = QStringLiteral("device-token");
        *tokenScopes = issued->scopes;
        return std::nullopt;
    }
    if (token.isEmpty() && deviceToken.isEmpty())
        return authError(QStringLiteral("AUTH_TOKEN_MISSING"),
                         QStringLiteral("unauthorized: gateway token missing (use this gateway's "
                                        "gateway.auth.token or pair the device)"),
                         QStringLiteral("token_missing"), false,
                         QStringLiteral("update_auth_configuration"));
    if (!deviceToken.isEmpty() && (token.isEmpty() || token == deviceToken))
        return authError(QStringLiteral("AUTH_DEVICE_TOKEN_MISMATCH"),
                         QStringLiteral("unauthorized: device token mismatch (rotate/reissue "
                                        "device token)"),
                         QStringLiteral("device_token_mismatch"), false,
                         QStringLiteral("update_auth_credentials"));
    return authError(QStringLiteral("AUTH_TOKEN_MISMATCH"),
                     QStringLiteral("unauthorized: gateway token mismatch (use this gateway's "
                                    "gateway.auth.token or pair the device)"),
                     QStringLiteral("token_mismatch"), deviceHasToken,
                     deviceHasToken ? QStringLiteral("retry_with_device_token")
                                    : QStringLiteral("update_auth_credentials"));
}

QJsonObject SimGatewayServer::helloOk(const Connection *connection, const QString &authMethod,
                                      const QJsonObject &authExtra) const
{
    const qint64 now = nowMs();
    QJsonObject snapshot{
        {QStringLiteral("presence"), presence()},
        {QStringLiteral("health"),
         QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("ts"), QJsonValue(now)}}},
        {QStringLiteral("stateVersion"),
         QJsonObject{{QStringLiteral("presence"), m_presenceVersion},
                     {QStringLiteral("health"), 1}}},
        {QStringLiteral("uptimeMs"), QJsonValue(m_uptime.elapsed())},
        {QStringLiteral("sessionDefaults"),
         QJsonObject{{QStringLiteral("defaultAgentId"), QStringLiteral("main")},
                     {QStringLiteral("mainKey"), QStringLiteral("main")},
                     {QStringLiteral("mainSessionKey"), QStringLiteral("agent:main:main")},
                     {QStringLiteral("scope"), QStringLiteral("per-sender")}}},
        {QStringLiteral("authMode"),
         m_config.sharedToken.isEmpty() ? QStringLiteral("none") : QStringLiteral("token")},
    };
    for (auto it = m_snapshotExtra.begin(); it != m_snapshotExtra.end(); ++it)
        snapshot.insert(it.key(), it.value());

    QJsonObject auth{
        {QStringLiteral("method"), authMethod},
        {QStringLiteral("role"), connection->role},
        {QStringLiteral("scopes"), QJsonArray::fromStringList(connection->scopes)},
    };
    for (auto it = authExtra.begin(); it != authExtra.end(); ++it)
        auth.insert(it.key(), it.value());

    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("hello-ok")},
        {QStringLiteral("protocol"), kProtocol},
        {QStringLiteral("server"), QJsonObject{{QStringLiteral("version"), m_config.version},
                                               {QStringLiteral("bootId"), m_bootId},
                                               {QStringLiteral("connId"), connection->connId}}},
        {QStringLiteral("features"),
         QJsonObject{{QStringLiteral("methods"), QJsonArray::fromStringList(methods())},
                     {QStringLiteral("events"), QJsonArray::fromStringList(events())}}},
        {QStringLiteral("snapshot"), snapshot},
        {QStringLiteral("auth"), auth},
        {QStringLiteral("policy"),
         QJsonObject{{QStringLiteral("maxPayload"), QJsonValue(m_config.maxPayload)},
                     {QStringLiteral("maxBufferedBytes"), QJsonValue(m_config.maxBufferedBytes)},
                     {QStringLiteral("tickIntervalMs"), m_config.tickIntervalMs}}},
    };
}

// --- RPC -------------------------------------------------------------------------------------

void SimGatewayServer::registerMethod(const QString &method, SimMethodHandler handler,
                                      const QString &requiredScope, bool advertised)
{
    m_methods.insert(method, RegisteredMethod{std::move(handler), requiredScope, advertised});
}

void SimGatewayServer::unregisterMethod(const QString &method)
{
    m_methods.remove(method);
}

QStringList SimGatewayServer::methods() const
{
    QStringList names;
    for (auto it = m_methods.constBegin(); it != m_methods.constEnd(); ++it) {
        if (it->advertised)
            names.append(it.key());
    }
    names.sort();
    return names;
}

QStringList SimGatewayServer::events() const
{
    QStringList names = {
        QStringLiteral("connect.challenge"),
        QStringLiteral("agent"),
        QStringLiteral("chat"),
        QStringLiteral("session.message"),
        QStringLiteral("session.tool"),
        QStringLiteral("sessions.changed"),
        QStringLiteral("presence"),
        QStringLiteral("tick"),
        QStringLiteral("shutdown"),
        QStringLiteral("health"),
        QStringLiteral("heartbeat"),
        QStringLiteral("exec.approval.requested"),
        QStringLiteral("exec.approval.resolved"),
    };
    if (m_config.tasksApi != SimTasksApi::Removed)
        names.append(QStringLiteral("task"));
    return names;
}

void SimGatewayServer::dispatch(Connection *connection, const QString &id, const QString &method,
                                const QJsonObject &params)
{
    Q_EMIT requestReceived(connection->connId, id, method);
    const auto registered = m_methods.constFind(method);
    if (registered == m_methods.constEnd() || !registered->advertised) {
        ++m_unadvertisedCalls[method];
        Q_EMIT countersChanged();
    }
    if (registered == m_methods.constEnd()) {
        // The gateway classifies a method it does not know as admin-only, so only an admin
        // learns that it is unknown (recorded: trace-forbidden.jsonl F1).
        if (!scopeAllows(connection->scopes, QStringLiteral("operator.admin"))) {
            ++m_refusedCalls[method];
            sendResponse(connection->connId, id, false, {},
                         missingScope(QStringLiteral("operator.admin")).toJson());
        } else {
            sendResponse(connection->connId, id, false, {},
                         SimError{QStringLiteral("INVALID_REQUEST"),
                                  QStringLiteral("unknown method: %1").arg(method)}
                             .toJson());
        }
        return;
    }
    if (!scopeAllows(connection->scopes, registered->requiredScope)) {
        ++m_refusedCalls[method];
        Q_EMIT countersChanged();
        sendResponse(connection->connId, id, false, {},
                     missingScope(registered->requiredScope).toJson());
        return;
    }
    SimRequest request{
        connection->connId,  id, method, params, connection->role, connection->scopes,
        connection->deviceId};
    // Copy the handler: it may unregister itself.
    const SimMethodHandler handler = registered->handler;
    handler(request, SimReply(this, connection->connId, id));
}

void SimGatewayServer::installDefaultMethods()
{
    registerMethod(QStringLiteral("health"), [](const SimRequest &, const SimReply &reply) {
        reply.ok(
            QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("ts"), QJsonValue(nowMs())}});
    });
    registerMethod(QStringLiteral("sessions.subscribe"),
                   [this](const SimRequest &request, const SimReply &reply) {
                       if (Connection *connection = connectionById(request.connId))
                           connection->sessionsSubscribed = true;
                       QJsonObject answer{{QStringLiteral("subscribed"), true}};
                       if (m_sessionList)
                           answer.insert(QStringLiteral("list"), m_sessionList(request.params));
                       reply.ok(answer);
                   });
    registerMethod(QStringLiteral("sessions.unsubscribe"),
                   [this](const SimRequest &request, const SimReply &reply) {
                       if (Connection *connection = connectionById(request.connId))
                           connection->sessionsSubscribed = false;
                       reply.ok(QJsonObject{{QStringLiteral("subscribed"), false}});
                   });
    registerMethod(QStringLiteral("sessions.messages.subscribe"), [this](const SimRequest &request,
                                                                         const SimReply &reply) {
        const QString key = request.params.value(QLatin1String("key")).toString();
        if (key.isEmpty()) {
            reply.error(QStringLiteral("INVALID_REQUEST"),
                        QStringLiteral("invalid sessions.messages.subscribe params: "
                                       "must have required property 'key'"));
            return;
        }
        if (Connection *connection = connectionById(request.connId))
            connection->messageKeys.insert(key);
        reply.ok(QJsonObject{{QStringLiteral("subscribed"), true}, {QStringLiteral("key"), key}});
    });
    registerMethod(QStringLiteral("sessions.messages.unsubscribe"), [this](
                                                                        const SimRequest &request,
                                                                        const SimReply &reply) {
        const QString key = request.params.value(QLatin1String("key")).toString();
        if (Connection *connection = connectionById(request.connId))
            connection->messageKeys.remove(key);
        reply.ok(QJsonObject{{QStringLiteral("subscribed"), false}, {QStringLiteral("key"), key}});
    });
}

// --- sending ---------------------------------------------------------------------------------

void SimGatewayServer::sendFrame(Connection *connection, const QJsonObject &frame)
{
    const QString text = QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact));
    if (m_stalled) {
        connection->held.append(text);
        return;
    }
    connection->socket->sendTextMessage(text);
    m_framesSent.fetch_add(1, std::memory_order_relaxed);
}

void SimGatewayServer::sendResponse(const QString &connId, const QString &id, bool ok,
                                    const QJsonValue &payload, const QJsonObject &error)
{
    Connection *connection = connectionById(connId);
    if (!connection)
        return;
    QJsonObject frame{{QStringLiteral("type"), QStringLiteral("res")},
                      {QStringLiteral("id"), id},
                      {QStringLiteral("ok"), ok}};
    if (ok && !payload.isUndefined())
        frame.insert(QStringLiteral("payload"), payload);
    if (!ok)
        frame.insert(QStringLiteral("error"), error);
    sendFrame(connection, frame);
}

void SimGatewayServer::sendEventTo(Connection *connection, const QString &event,
                                   const QJsonObject &payload)
{
    connection->seq += 1 + connection->pendingSkip;
    connection->pendingSkip = 0;
    sendFrame(connection, QJsonObject{
                              {QStringLiteral("type"), QStringLiteral("event")},
                              {QStringLiteral("event"), event},
                              {QStringLiteral("payload"), payload},
                              {QStringLiteral("seq"), QJsonValue(connection->seq)},
                          });
}

QList<SimGatewayServer::Connection *> SimGatewayServer::audienceOf(SimAudience audience,
                                                                   const QString &sessionKey) const
{
    QList<Connection *> out;
    for (const auto &connection : std::as_const(m_connections)) {
        if (!connection->authenticated || connection->serverClosed)
            continue;
        if (audience == SimAudience::SessionSubscribers && !connection->sessionsSubscribed)
            continue;
        if (audience == SimAudience::MessageSubscribers &&
            !connection->messageKeys.contains(sessionKey))
            continue;
        if (audience == SimAudience::ApprovalClients &&
            !connection->scopes.contains(QStringLiteral("operator.approvals")) &&
            !connection->scopes.contains(QStringLiteral("operator.admin")))
            continue;
        out.append(connection.get());
    }
    return out;
}

int SimGatewayServer::broadcastEvent(const QString &event, const QJsonObject &payload,
                                     SimAudience audience, const QString &sessionKey)
{
    const HeldEvent held{event, payload, audience, sessionKey};
    if (m_loseLeft > 0) {
        --m_loseLeft;
        countFault(QStringLiteral("lost-event"));
        const QList<Connection *> audienceNow = audienceOf(audience, sessionKey);
        for (Connection *connection : audienceNow)
            connection->pendingSkip += 1;
        return 0;
    }
    if (m_reorderLeft > 0) {
        --m_reorderLeft;
        countFault(QStringLiteral("reordered-event"));
        m_reorderHeld.append(held);
        if (m_reorderLeft == 0)
            flushReordered();
        else if (!m_reorderTimer->isActive())
            m_reorderTimer->start(50);
        return int(audienceOf(audience, sessionKey).size());
    }
    const int sent = deliver(held);
    if (m_duplicateLeft > 0) {
        --m_duplicateLeft;
        countFault(QStringLiteral("duplicated-event"));
        deliver(held);
    }
    return sent;
}

int SimGatewayServer::deliver(const HeldEvent &event)
{
    const QList<Connection *> targets = audienceOf(event.audience, event.sessionKey);
    const bool cut = m_cutNextFrame && !targets.isEmpty();
    if (cut)
        m_cutNextFrame = false;
    for (Connection *connection : targets) {
        if (cut)
            cutFrame(connection, event.event, event.payload);
        else
            sendEventTo(connection, event.event, event.payload);
    }
    if (cut)
        countFault(QStringLiteral("dropped-mid-frame"));
    return int(targets.size());
}

bool SimGatewayServer::sendEvent(const QString &connId, const QString &event,
                                 const QJsonObject &payload)
{
    Connection *connection = connectionById(connId);
    if (!connection || !connection->authenticated)
        return false;
    sendEventTo(connection, event, payload);
    return true;
}

void SimGatewayServer::skipSeq(int count)
{
    for (const auto &connection : std::as_const(m_connections))
        connection->pendingSkip += count;
}

void SimGatewayServer::announceShutdown(const QString &reason, qint64 restartExpectedMs)
{
    QJsonObject payload{{QStringLiteral("reason"), reason}};
    if (restartExpectedMs >= 0)
        payload.insert(QStringLiteral("restartExpectedMs"), QJsonValue(restartExpectedMs));
    broadcastEvent(QStringLiteral("shutdown"), payload);
}

void SimGatewayServer::tick()
{
    if (!m_ticking || m_stalled)
        return;
    broadcastEvent(QStringLiteral("tick"),
                   QJsonObject{{QStringLiteral("ts"), QJsonValue(nowMs())}});
}

// --- pairing, tokens, introspection ----------------------------------------------------------

QStringList SimGatewayServer::pendingPairingRequests() const
{
    return m_pendingPairing.keys();
}

bool SimGatewayServer::approvePairing(const QString &requestId)
{
    const QString deviceId = m_pendingPairing.take(requestId);
    if (deviceId.isEmpty())
        return false;
    m_pairedDevices.insert(deviceId);
    return true;
}

QString SimGatewayServer::deviceTokenFor(const QString &deviceId, const QString &role) const
{
    return m_deviceTokens.value(tokenKey(deviceId, role)).token;
}

QStringList SimGatewayServer::connectionIds() const
{
    QStringList ids;
    for (const auto &connection : std::as_const(m_connections)) {
        if (connection->authenticated && !connection->serverClosed)
            ids.append(connection->connId);
    }
    return ids;
}

bool SimGatewayServer::isSessionsSubscriber(const QString &connId) const
{
    const Connection *connection = connectionById(connId);
    return connection && connection->sessionsSubscribed;
}

SimGatewayServer::Connection *SimGatewayServer::connectionById(const QString &connId) const
{
    for (const auto &connection : std::as_const(m_connections)) {
        if (connection->connId == connId)
            return connection.get();
    }
    return nullptr;
}

} // namespace clawops::sim
