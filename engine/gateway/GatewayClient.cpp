#include "GatewayClient.h"

#include "ConnectErrorPolicy.h"
#include "DeviceTokenStore.h"
#include "GatewayJson.h"
#include "core/Logging.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace clawops::gateway {

namespace {

constexpr int kTickTimeoutFactor = 2; // watchdog fires after this many silent tick intervals
constexpr qint64 kMinHardFrameCap = 64LL * 1024 * 1024;
constexpr int kCredentialRetryDelayMs = 250;
constexpr qint64 kNoDeadline = std::numeric_limits<qint64>::max();

const QString kIdentityFile = QStringLiteral("device-ed25519.pem");
const QString kTokenFile = QStringLiteral("device-tokens.json");

QString authSourceName(AuthSource source)
{
    switch (source) {
    case AuthSource::None:
        return QStringLiteral("no credentials");
    case AuthSource::SharedToken:
        return QStringLiteral("shared token");
    case AuthSource::DeviceToken:
        return QStringLiteral("device token");
    case AuthSource::SharedWithDevice:
        return QStringLiteral("shared token + device token");
    }
    return {};
}

// Scopes imply each other on the gateway (admin ⊇ write ⊇ read).
bool scopeGranted(const QString &scope, const QStringList &granted)
{
    if (granted.contains(scope) || granted.contains(QStringLiteral("operator.admin")))
        return true;
    return scope == QLatin1String("operator.read") &&
           granted.contains(QStringLiteral("operator.write"));
}

// Qt's own limit closes the socket; the protocol limit (maxPayload) only drops the frame. This
// backstop stays well above maxPayload so that only a runaway frame trips it.
quint64 hardFrameCap(const ServerPolicy &policy)
{
    return static_cast<quint64>(std::max(kMinHardFrameCap, policy.maxPayload * 2));
}

} // namespace

GatewayClient::GatewayClient(GatewayClientConfig config, QObject *parent)
    : QObject(parent)
    , m_config(resolveClientConfig(std::move(config)))
    , m_backoff(m_config.reconnect, m_random)
    , m_gatewayKey(DeviceTokenStore::gatewayKey(m_config.url))
{
    m_monotonic.start();

    m_socket = new FrameSocket(this);
    connect(m_socket, &FrameSocket::opened, this, [this](quint64 connection) {
        if (connection != m_connection)
            return;
        m_socketOpen = true;
        onSocketConnected();
    });
    connect(m_socket, &FrameSocket::received, this, &GatewayClient::onReceived);
    connect(m_socket, &FrameSocket::closed, this,
            [this](quint64 connection, const SocketClosed &how) {
                if (connection == m_connection)
                    socketGone(how);
            });
    connect(m_socket, &FrameSocket::pong, this, [this](quint64 connection, qint64 ms) {
        if (connection != m_connection)
            return;
        m_roundTripMs = ms;
        Q_EMIT roundTripMeasured(m_roundTripMs);
    });

    // Timers are children, so they follow the client if it is moved to the engine thread
    // before start(); none runs until then.
    m_handshakeTimer = new QTimer(this);
    m_handshakeTimer->setSingleShot(true);
    connect(m_handshakeTimer, &QTimer::timeout, this, [this] {
        const bool sawSocket = m_state == ConnectionState::Handshaking;
        const GatewayError error = GatewayError::local(
            ClientErrorCode::HandshakeTimeout,
            sawSocket ? QStringLiteral("the gateway did not complete the handshake within %1 ms")
                            .arg(m_config.handshakeTimeoutMs)
                      : QStringLiteral("no WebSocket connection to %1 within %2 ms")
                            .arg(m_config.url.toDisplayString())
                            .arg(m_config.handshakeTimeoutMs),
            true);
        m_lastError = error;
        qCWarning(lcGateway) << error.message;
        Q_EMIT connectError(error);
        closeSocket(1000, QStringLiteral("handshake timeout"),
                    Outcome{Outcome::Kind::Reconnect, -1, error});
    });

    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &GatewayClient::openSocket);

    m_watchdogTimer = new QTimer(this);
    connect(m_watchdogTimer, &QTimer::timeout, this, &GatewayClient::checkWatchdog);

    m_requestTimer = new QTimer(this);
    m_requestTimer->setSingleShot(true);
    connect(m_requestTimer, &QTimer::timeout, this, &GatewayClient::expireRequests);

    m_pingTimer = new QTimer(this);
    connect(m_pingTimer, &QTimer::timeout, this, &GatewayClient::sendPing);

    // A peer that never answers our close frame must not keep a dead socket around.
    m_closeTimer = new QTimer(this);
    m_closeTimer->setSingleShot(true);
    connect(m_closeTimer, &QTimer::timeout, this, [this] {
        if (m_connection)
            abortSocket(m_closeSent.code, m_closeSent.reason);
    });
}

GatewayClient::~GatewayClient()
{
    m_running = false;
    // No callbacks into a half-destroyed client; the socket goes with its thread.
    m_socket->disconnect(this);
}

DeviceTokenStore *GatewayClient::tokenStore()
{
    if (!m_tokenStore)
        m_tokenStore =
            std::make_unique<DeviceTokenStore>(QDir(m_config.stateDir).filePath(kTokenFile));
    return m_tokenStore.get();
}

bool GatewayClient::ensureIdentity()
{
    if (!m_config.useDeviceIdentity || m_identity)
        return true;
    QString error;
    m_identity =
        DeviceIdentity::loadOrCreate(QDir(m_config.stateDir).filePath(kIdentityFile), &error);
    if (m_identity) {
        qCInfo(lcGateway) << "device identity" << m_identity->deviceId();
        return true;
    }
    stopWith(
        GatewayError::local(ClientErrorCode::DeviceIdentity,
                            QStringLiteral("cannot load or create the device key: %1").arg(error)));
    return false;
}

void GatewayClient::start()
{
    if (m_running && m_state != ConnectionState::Stopped)
        return;
    retryNow();
}

void GatewayClient::retryNow()
{
    m_running = true;
    m_backoff.reset();
    m_authStage = AuthStage::Preferred;
    m_authFallbackUsed = false;
    m_reconnectTimer->stop();
    if (m_connection)
        return; // a connection (attempt) is already under way
    openSocket();
}

void GatewayClient::stop()
{
    m_running = false;
    m_reconnectTimer->stop();
    if (m_connection)
        closeSocket(1000, QStringLiteral("client stopping"), Outcome{Outcome::Kind::Idle, -1, {}});
    setState(ConnectionState::Disconnected, QStringLiteral("stopped"));
}

void GatewayClient::setSharedToken(const QString &token)
{
    m_config.sharedToken = token;
}

void GatewayClient::openSocket()
{
    if (!m_running)
        return;
    if (m_connection) {
        // Only reachable when a previous socket is still closing: finish it off first.
        m_socket->abort();
        m_connection = 0;
        m_socketOpen = false;
        failAllPending(GatewayError::local(ClientErrorCode::ConnectionLost,
                                           QStringLiteral("connection replaced"), true));
    }
    if (const TransportCheck check = checkTransport(m_config.url, m_config.transport); !check) {
        stopWith(GatewayError::local(ClientErrorCode::InsecureTransport, check.message));
        return;
    }
    if (!ensureIdentity())
        return;

    m_outcome.reset();
    m_connectId.clear();
    m_hello.policy = ServerPolicy();
    m_lastSeq = -1;
    m_roundTripMs = -1;

    const bool uncheckedTls =
        !m_config.transport.verifyCertificates &&
        m_config.url.scheme().compare(QLatin1String("wss"), Qt::CaseInsensitive) == 0;
    if (uncheckedTls) {
        // Said on every connect, not once: nobody should forget that this one is unchecked.
        qCWarning(lcGateway).noquote()
            << "certificate checks are OFF for" << m_config.url.host()
            << "(--no-verify-tls): anyone on the path can read the token";
    }
    setState(ConnectionState::Connecting, m_config.url.toDisplayString());
    m_handshakeTimer->start(std::max(1, m_config.handshakeTimeoutMs));
    m_socketOpen = false;
    m_closeSent = SocketClosed();
    m_connection = m_socket->open(m_config.url, static_cast<qint64>(hardFrameCap(m_hello.policy)),
                                  !uncheckedTls);
}

void GatewayClient::onSocketConnected()
{
    m_lastFrameAt = now();
    setState(ConnectionState::Handshaking, QStringLiteral("waiting for connect.challenge"));
}

void GatewayClient::onReceived(quint64 connection, const QList<ReceivedFrame> &frames)
{
    for (const ReceivedFrame &received : frames) {
        // Checked for every frame: one of them may have ended the connection.
        if (connection != m_connection)
            return;
        if (received.binary) {
            logDroppedFrame(QStringLiteral("binary frame of %1 bytes").arg(received.bytes));
            continue;
        }
        // Any frame proves the gateway alive, even one we drop below.
        m_lastFrameAt = now();
        if (received.bytes > m_hello.policy.maxPayload) {
            logDroppedFrame(QStringLiteral("oversized frame: %1 bytes, maxPayload %2")
                                .arg(received.bytes)
                                .arg(m_hello.policy.maxPayload));
            continue;
        }
        if (received.error != FrameParseError::None) {
            logDroppedFrame(QStringLiteral("unparsable frame of %1 bytes (%2)")
                                .arg(received.bytes)
                                .arg(received.detail));
            continue;
        }
        handleFrame(received.frame);
    }
}

void GatewayClient::handleFrame(const Frame &frame)
{
    if (frame.isEvent())
        handleEvent(frame);
    else if (frame.isResponse())
        handleResponse(frame);
    else
        qCDebug(lcGateway) << "ignoring a frame that is neither an event nor a response";
}

void GatewayClient::handleEvent(const Frame &frame)
{
    const QString &event = frame.name;
    if (event.isEmpty()) {
        logDroppedFrame(QStringLiteral("event frame without an event name"));
        return;
    }
    const JsonRef payload = frame.payload.toObject();
    if (event == QLatin1String("connect.challenge")) {
        handleChallenge(payload.toQJsonObject());
        return;
    }
    if (m_state != ConnectionState::Connected) {
        qCDebug(lcGateway) << "dropping event before hello-ok:" << event;
        return;
    }

    const qint64 seq = frame.seq;
    if (seq >= 0) {
        if (m_lastSeq >= 0 && seq > m_lastSeq + 1) {
            qCWarning(lcGateway) << "event seq gap: expected" << m_lastSeq + 1 << "got" << seq;
            Q_EMIT seqGap(m_lastSeq + 1, seq);
        }
        m_lastSeq = seq;
    }
    m_lastEventAtMs = QDateTime::currentMSecsSinceEpoch();

    if (event == QLatin1String("shutdown")) {
        const QString reason = payload.value(QLatin1String("reason")).toString();
        const qint64 restart = payload.value(QLatin1String("restartExpectedMs")).toInteger(-1);
        m_shutdownRestartHintMs = restart;
        qCInfo(lcGateway) << "gateway announced shutdown:" << reason << "restart expected in"
                          << restart << "ms";
        Q_EMIT shutdownAnnounced(reason, restart);
    }
    Q_EMIT eventReceived(frame);
}

void GatewayClient::handleChallenge(const QJsonObject &payload)
{
    if (m_state != ConnectionState::Handshaking || !m_connectId.isEmpty()) {
        qCDebug(lcGateway) << "ignoring unexpected connect.challenge";
        return;
    }
    ConnectChallenge challenge;
    QString why;
    if (!parseConnectChallenge(payload, &challenge, &why)) {
        const GatewayError error =
            GatewayError::local(ClientErrorCode::HandshakeInvalid, why, true);
        m_lastError = error;
        qCWarning(lcGateway) << why;
        Q_EMIT connectError(error);
        closeSocket(1008, why, Outcome{Outcome::Kind::Reconnect, -1, error});
        return;
    }

    std::optional<StoredDeviceToken> stored;
    if (m_identity && m_config.useDeviceToken)
        stored = tokenStore()->find(m_gatewayKey, m_identity->deviceId(), m_config.role);
    m_haveStoredToken = stored.has_value();
    m_connectAuth = selectConnectAuth(m_config.sharedToken, stored, m_config.scopes, m_authStage);
    const QJsonObject params =
        buildConnectParams(m_config, challenge, m_connectAuth, m_identity ? &*m_identity : nullptr);
    m_connectId = QStringLiteral("connect-%1").arg(++m_connectCount);
    qCInfo(lcGateway) << "connect as" << m_config.clientId << "/" << m_config.clientMode << "with"
                      << authSourceName(m_connectAuth.source);
    // Names what went into the request, never its values: the params carry the token.
    qCDebug(lcGateway).noquote() << "connect request" << m_connectId << "params"
                                 << QStringList(params.keys()).join(QLatin1Char(','));
    sendFrame(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("req")},
        {QStringLiteral("id"), m_connectId},
        {QStringLiteral("method"), QStringLiteral("connect")},
        {QStringLiteral("params"), params},
    });
}

void GatewayClient::handleResponse(const Frame &frame)
{
    const QString &id = frame.id;
    const bool ok = frame.ok;
    const QJsonValue payload = frame.payload.toQJsonValue();
    GatewayError error;
    if (!ok) {
        error = GatewayError::fromJson(frame.error.toQJsonValue());
        if (error.message.isEmpty() && frame.error.isUndefined())
            error.message = QStringLiteral("the gateway answered ok:false without an error");
    }

    if (!m_connectId.isEmpty() && id == m_connectId) {
        handleConnectResponse(ok, payload.toObject(), error);
        return;
    }
    auto it = m_pending.find(id);
    if (it == m_pending.end()) {
        qCDebug(lcGateway) << "response for unknown or expired request" << id;
        return;
    }
    if (ok && it->options.expectFinal &&
        payload.toObject().value(QLatin1String("status")).toString() == QLatin1String("accepted")) {
        if (!it->accepted) {
            it->accepted = true;
            const int timeout =
                it->options.finalTimeoutMs > 0 ? it->options.finalTimeoutMs : it->options.timeoutMs;
            it->deadline = timeout > 0 ? now() + timeout : kNoDeadline;
            armRequestTimer();
            Q_EMIT requestAccepted(id, payload.toObject());
        }
        return;
    }
    const Pending pending = it.value();
    m_pending.erase(it);
    armRequestTimer();
    deliver(id, RpcResult{ok, payload, error}, pending.callback);
}

void GatewayClient::handleConnectResponse(bool ok, const QJsonObject &payload,
                                          const GatewayError &error)
{
    m_connectId.clear();
    m_handshakeTimer->stop();
    if (!ok) {
        handleConnectRefused(error);
        return;
    }
    HelloInfo hello;
    QString why;
    if (!parseHelloOk(payload, &hello, &why)) {
        const GatewayError invalid =
            GatewayError::local(ClientErrorCode::HandshakeInvalid, why, true);
        m_lastError = invalid;
        Q_EMIT connectError(invalid);
        closeSocket(1002, why, Outcome{Outcome::Kind::Reconnect, -1, invalid});
        return;
    }
    if (hello.protocol != kProtocolVersion) {
        GatewayError mismatch = GatewayError::local(
            QStringLiteral("INVALID_REQUEST"),
            QStringLiteral("the gateway speaks protocol %1, this console speaks %2")
                .arg(hello.protocol)
                .arg(kProtocolVersion));
        mismatch.detailCode = QStringLiteral("PROTOCOL_MISMATCH");
        Q_EMIT connectError(mismatch);
        closeSocket(1002, QStringLiteral("protocol mismatch"),
                    Outcome{Outcome::Kind::Stop, -1, mismatch});
        return;
    }
    if (!scopesAllowRead(hello.scopes)) {
        // Gateways clear the scopes of operators without a verified device identity; a
        // connection without read would look healthy and show nothing.
        const GatewayError missing = GatewayError::local(
            ClientErrorCode::MissingScopes,
            QStringLiteral("the gateway accepted the connection but granted no read scope "
                           "(granted: [%1], asked for: [%2]); it does not trust this device's "
                           "identity: check the device key and its pairing on the gateway")
                .arg(hello.scopes.join(QStringLiteral(", ")),
                     m_config.scopes.join(QStringLiteral(", "))));
        Q_EMIT connectError(missing);
        closeSocket(1000, QStringLiteral("missing scopes"),
                    Outcome{Outcome::Kind::Stop, -1, missing});
        return;
    }
    acceptHello(hello, payload);
}

void GatewayClient::handleConnectRefused(const GatewayError &error)
{
    m_lastError = error;
    qCWarning(lcGateway) << "gateway refused connect:" << error.describe();
    Q_EMIT connectError(error);
    const ConnectErrorDecision decision =
        decideAfterConnectError(error, m_connectAuth.source, !m_config.sharedToken.isEmpty(),
                                m_haveStoredToken, m_authFallbackUsed);
    const qint64 quick = std::min(kCredentialRetryDelayMs, m_config.reconnect.initialDelayMs);
    const QString reason = QStringLiteral("connect failed");
    switch (decision.kind) {
    case ConnectErrorDecision::Kind::RetryWithSharedToken:
        qCInfo(lcGateway) << "device token refused; retrying once with the shared token";
        m_authFallbackUsed = true;
        m_authStage = AuthStage::SharedOnly;
        if (m_identity) {
            QString removeError;
            if (!tokenStore()->remove(m_gatewayKey, m_identity->deviceId(), m_config.role,
                                      &removeError))
                qCWarning(lcGateway) << "cannot forget the refused device token:" << removeError;
        }
        closeSocket(1000, reason, Outcome{Outcome::Kind::Reconnect, quick, error});
        return;
    case ConnectErrorDecision::Kind::RetryWithDeviceToken:
        qCInfo(lcGateway) << "shared token refused; retrying once with the device token";
        m_authFallbackUsed = true;
        m_authStage = AuthStage::DeviceTokenRetry;
        closeSocket(1000, reason, Outcome{Outcome::Kind::Reconnect, quick, error});
        return;
    case ConnectErrorDecision::Kind::Stop:
        closeSocket(1000, reason, Outcome{Outcome::Kind::Stop, -1, error});
        return;
    case ConnectErrorDecision::Kind::Reconnect:
        closeSocket(1000, reason, Outcome{Outcome::Kind::Reconnect, decision.delayHintMs, error});
        return;
    }
}

void GatewayClient::acceptHello(const HelloInfo &hello, const QJsonObject &payload)
{
    persistDeviceToken(payload.value(QLatin1String("auth")).toObject());
    QStringList missing;
    for (const QString &scope : m_config.scopes) {
        if (!scopeGranted(scope, hello.scopes))
            missing.append(scope);
    }
    if (!missing.isEmpty())
        qCWarning(lcGateway) << "gateway granted fewer scopes than asked; missing:" << missing;

    m_hello = hello;
    m_lastSeq = -1;
    m_roundTripMs = -1;
    m_shutdownRestartHintMs = -1;
    m_connectedAt = now();
    m_lastFrameAt = now();
    m_authStage = AuthStage::Preferred;
    m_authFallbackUsed = false;
    m_lastError = GatewayError();
    if (m_connection)
        m_socket->setMaxMessageBytes(static_cast<qint64>(hardFrameCap(hello.policy)));
    m_watchdogTimer->start(std::clamp(hello.policy.tickIntervalMs / 4, 25, 1000));
    if (m_config.rttIntervalMs > 0) {
        m_pingTimer->start(m_config.rttIntervalMs);
        sendPing();
    }
    setState(ConnectionState::Connected,
             QStringLiteral("%1 (gateway %2, %3)")
                 .arg(m_config.url.toDisplayString(), hello.serverVersion, hello.authMethod));
    Q_EMIT connected(m_hello);
}

void GatewayClient::persistDeviceToken(const QJsonObject &auth)
{
    const QString token = auth.value(QLatin1String("deviceToken")).toString();
    if (!m_identity || !m_config.useDeviceToken || token.isEmpty())
        return;
    StoredDeviceToken entry;
    entry.gateway = m_gatewayKey;
    entry.deviceId = m_identity->deviceId();
    entry.role = m_config.role;
    entry.token = token;
    for (const QJsonValue scope : auth.value(QLatin1String("scopes")).toArray())
        entry.scopes.append(scope.toString());
    entry.issuedAtMs = auth.value(QLatin1String("issuedAtMs")).toInteger(0);
    const auto existing = tokenStore()->find(entry.gateway, entry.deviceId, entry.role);
    if (existing && existing->token == entry.token && existing->scopes == entry.scopes)
        return;
    QString error;
    if (!tokenStore()->save(entry, &error))
        qCWarning(lcGateway) << "cannot store the device token:" << error;
}

void GatewayClient::closeSocket(int code, const QString &reason, const Outcome &outcome)
{
    m_outcome = outcome;
    m_handshakeTimer->stop();
    m_watchdogTimer->stop();
    m_pingTimer->stop();
    if (!m_connection)
        return;
    if (m_socketOpen) {
        m_closeSent.code = code;
        m_closeSent.reason = reason;
        m_socket->close(code, reason);
        m_closeTimer->start(std::max(1, m_config.closeTimeoutMs));
    } else {
        abortSocket(1000, QString());
    }
}

void GatewayClient::abortSocket(int code, const QString &reason)
{
    // Gone now, for this thread: what the reader thread still reports of it is ignored. Described
    // as QWebSocket describes a socket aborted after close(code, reason) (or never opened).
    m_socket->abort();
    SocketClosed how;
    how.code = code;
    how.reason = reason;
    how.description = reason.isEmpty() ? QStringLiteral("close code %1").arg(code)
                                       : QStringLiteral("close code %1: %2").arg(code).arg(reason);
    socketGone(how);
}

void GatewayClient::socketGone(const SocketClosed &how)
{
    if (!m_connection)
        return;
    const QString &closeInfo = how.description;
    const int closeCode = how.code;
    const QString &closeReason = how.reason;
    m_connection = 0;
    m_socketOpen = false;
    m_handshakeTimer->stop();
    m_watchdogTimer->stop();
    m_pingTimer->stop();
    m_closeTimer->stop();
    m_connectId.clear();

    // m_connectedAt rather than the state: stop() already moved the state on.
    const bool wasConnected = m_connectedAt >= 0;
    const bool neverOpened = m_state == ConnectionState::Connecting;
    const bool healthy = wasConnected && m_connectedAt >= 0 &&
                         now() - m_connectedAt >= m_config.reconnect.healthyAfterMs;
    m_connectedAt = -1;
    if (healthy)
        m_backoff.reset();

    failAllPending(GatewayError::local(ClientErrorCode::ConnectionLost, closeInfo, true));
    if (wasConnected) {
        qCInfo(lcGateway) << "disconnected:" << closeInfo;
        Q_EMIT disconnected(closeInfo);
    }

    const bool decided = m_outcome.has_value();
    Outcome outcome = m_outcome.value_or(Outcome{});
    m_outcome.reset();
    // Older gateways close 1008 "pairing required" without a structured error first.
    if (!decided && outcome.kind == Outcome::Kind::Reconnect && !outcome.error.isValid() &&
        closeCode == 1008 && closeReason.contains(QLatin1String("pairing required"))) {
        outcome.kind = Outcome::Kind::Stop;
        outcome.error = GatewayError::local(QStringLiteral("NOT_PAIRED"), closeReason);
        outcome.error.detailCode = QStringLiteral("PAIRING_REQUIRED");
    }
    if (!decided && neverOpened && m_running) {
        outcome.error = GatewayError::local(ClientErrorCode::ConnectFailed,
                                            QStringLiteral("cannot reach the gateway at %1: %2")
                                                .arg(m_config.url.toDisplayString(), closeInfo),
                                            true);
        m_lastError = outcome.error;
        Q_EMIT connectError(outcome.error);
    }
    if (!m_running)
        outcome.kind = Outcome::Kind::Idle;

    switch (outcome.kind) {
    case Outcome::Kind::Idle:
        setState(ConnectionState::Disconnected, QStringLiteral("stopped"));
        return;
    case Outcome::Kind::Stop:
        stopWith(outcome.error);
        return;
    case Outcome::Kind::Reconnect: {
        qint64 delay = m_backoff.nextDelayMs();
        if (outcome.delayMs >= 0)
            delay = outcome.delayMs; // the gateway's retryAfterMs, or a credential retry
        else if (m_shutdownRestartHintMs >= 0)
            delay = m_shutdownRestartHintMs;
        m_shutdownRestartHintMs = -1;
        delay = std::clamp<qint64>(delay, 0, m_config.reconnect.maxDelayMs);
        scheduleReconnect(delay, outcome.error.isValid() ? outcome.error.describe() : closeInfo);
        return;
    }
    }
}

void GatewayClient::scheduleReconnect(qint64 delayMs, const QString &why)
{
    setState(ConnectionState::Backoff,
             QStringLiteral("reconnecting in %1 ms after %2").arg(delayMs).arg(why));
    m_reconnectTimer->start(static_cast<int>(delayMs));
}

void GatewayClient::stopWith(const GatewayError &error)
{
    m_running = false;
    m_lastError = error;
    m_reconnectTimer->stop();
    qCWarning(lcGateway) << "not reconnecting:" << error.describe();
    setState(ConnectionState::Stopped, error.describe());
    Q_EMIT stopped(error);
}

void GatewayClient::setState(ConnectionState state, const QString &reason)
{
    if (state == m_state && reason == m_stateReason)
        return;
    m_state = state;
    m_stateReason = reason;
    qCInfo(lcGateway).noquote() << "gateway" << connectionStateName(state) << "-" << reason;
    Q_EMIT stateChanged(state, reason);
}

bool GatewayClient::sendFrame(const QJsonObject &frame)
{
    if (!m_connection || !m_socketOpen)
        return false;
    const QByteArray bytes = serializeFrame(frame);
    if (bytes.size() > m_hello.policy.maxPayload) {
        qCWarning(lcGateway) << "refusing to send a frame of" << bytes.size() << "bytes (maxPayload"
                             << m_hello.policy.maxPayload << ")";
        return false;
    }
    m_socket->send(bytes);
    return true;
}

QString GatewayClient::request(const QString &method, const QJsonObject &params,
                               const RequestOptions &options, RpcCallback callback)
{
    QString id = QStringLiteral("r%1").arg(++m_nextRequestId);
    if (m_state != ConnectionState::Connected || !m_connection) {
        deliverLater(id,
                     RpcResult{false,
                               {},
                               GatewayError::local(ClientErrorCode::NotConnected,
                                                   QStringLiteral("not connected to the gateway "
                                                                  "(%1); %2 was not sent")
                                                       .arg(connectionStateName(m_state), method),
                                                   true)},
                     std::move(callback));
        return id;
    }
    const QJsonObject frame{
        {QStringLiteral("type"), QStringLiteral("req")},
        {QStringLiteral("id"), id},
        {QStringLiteral("method"), method},
        {QStringLiteral("params"), params},
    };
    const QByteArray bytes = serializeFrame(frame);
    if (bytes.size() > m_hello.policy.maxPayload) {
        qCWarning(lcGateway) << "refusing to send" << method << "of" << bytes.size() << "bytes";
        deliverLater(id,
                     RpcResult{false,
                               {},
                               GatewayError::local(
                                   ClientErrorCode::PayloadTooLarge,
                                   QStringLiteral("%1 is %2 bytes, more than the gateway accepts "
                                                  "(maxPayload %3); it was not sent")
                                       .arg(method)
                                       .arg(bytes.size())
                                       .arg(m_hello.policy.maxPayload))},
                     std::move(callback));
        return id;
    }
    m_socket->send(bytes);
    Pending pending;
    pending.method = method;
    pending.options = options;
    pending.callback = std::move(callback);
    pending.deadline = options.timeoutMs > 0 ? now() + options.timeoutMs : kNoDeadline;
    m_pending.emplace(id, std::move(pending));
    armRequestTimer();
    return id;
}

bool GatewayClient::abandon(const QString &id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return false;
    const Pending pending = it.value();
    m_pending.erase(it);
    armRequestTimer();
    sendFrame(QJsonObject{{QStringLiteral("type"), QStringLiteral("cancel")},
                          {QStringLiteral("id"), id}});
    deliverLater(
        id,
        RpcResult{false,
                  {},
                  GatewayError::local(
                      ClientErrorCode::Cancelled,
                      QStringLiteral("%1 was abandoned by the console").arg(pending.method))},
        pending.callback);
    return true;
}

void GatewayClient::deliver(const QString &id, const RpcResult &result, const RpcCallback &callback)
{
    Q_EMIT requestFinished(id, result);
    if (callback)
        callback(result);
}

void GatewayClient::deliverLater(const QString &id, const RpcResult &result, RpcCallback callback)
{
    QMetaObject::invokeMethod(
        this, [this, id, result, callback = std::move(callback)] { deliver(id, result, callback); },
        Qt::QueuedConnection);
}

void GatewayClient::failAllPending(const GatewayError &cause)
{
    const QHash<QString, Pending> pending = std::exchange(m_pending, {});
    m_requestTimer->stop();
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        GatewayError error = cause;
        error.message = QStringLiteral("the connection to the gateway was lost before %1 was "
                                       "answered (%2); it may or may not have run")
                            .arg(it->method, cause.message);
        deliverLater(it.key(), RpcResult{false, {}, error}, it->callback);
    }
}

void GatewayClient::armRequestTimer()
{
    qint64 earliest = kNoDeadline;
    for (const Pending &pending : std::as_const(m_pending))
        earliest = std::min(earliest, pending.deadline);
    if (earliest == kNoDeadline) {
        m_requestTimer->stop();
        return;
    }
    const qint64 wait = std::clamp<qint64>(earliest - now(), 0, std::numeric_limits<int>::max());
    m_requestTimer->start(static_cast<int>(wait));
}

void GatewayClient::expireRequests()
{
    const qint64 current = now();
    QStringList expired;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->deadline <= current)
            expired.append(it.key());
    }
    for (const QString &id : std::as_const(expired)) {
        const Pending pending = m_pending.take(id);
        // Tell the gateway the answer is no longer wanted; older gateways ignore this frame.
        sendFrame(QJsonObject{{QStringLiteral("type"), QStringLiteral("cancel")},
                              {QStringLiteral("id"), id}});
        const int waited = pending.accepted && pending.options.finalTimeoutMs > 0
                               ? pending.options.finalTimeoutMs
                               : pending.options.timeoutMs;
        qCWarning(lcGateway) << pending.method << id << "timed out after" << waited << "ms";
        deliver(id,
                RpcResult{false,
                          {},
                          GatewayError::local(
                              ClientErrorCode::Timeout,
                              QStringLiteral("%1 got no %2answer within %3 ms")
                                  .arg(pending.method,
                                       pending.accepted ? QStringLiteral("final ") : QString())
                                  .arg(waited),
                              true)},
                pending.callback);
    }
    armRequestTimer();
}

void GatewayClient::checkWatchdog()
{
    if (m_state != ConnectionState::Connected)
        return;
    const qint64 silentMs = now() - m_lastFrameAt;
    const qint64 limit = static_cast<qint64>(kTickTimeoutFactor) * m_hello.policy.tickIntervalMs;
    if (silentMs <= limit)
        return;
    const GatewayError error = GatewayError::local(
        ClientErrorCode::ConnectionLost,
        QStringLiteral("no frame from the gateway for %1 ms (tick interval %2 ms)")
            .arg(silentMs)
            .arg(m_hello.policy.tickIntervalMs),
        true);
    qCWarning(lcGateway) << error.message << "- closing with 4000 and reconnecting";
    m_lastError = error;
    closeSocket(4000, QStringLiteral("tick timeout"), Outcome{Outcome::Kind::Reconnect, -1, error});
}

void GatewayClient::sendPing()
{
    if (m_connection && m_socketOpen)
        m_socket->ping();
}

void GatewayClient::logDroppedFrame(const QString &why)
{
    int suppressed = 0;
    if (!m_frameLog.allow(&suppressed))
        return;
    if (suppressed > 0)
        qCWarning(lcGateway).noquote()
            << "dropped frame from the gateway:" << why
            << QStringLiteral("(and %1 more not logged)").arg(suppressed);
    else
        qCWarning(lcGateway).noquote() << "dropped frame from the gateway:" << why;
}

} // namespace clawops::gateway
