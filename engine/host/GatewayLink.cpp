#include "GatewayLink.h"

#include "GatewaySink.h"
#include "core/Logging.h"
#include "core/Orchestrator.h"
#include "gateway/ConnectFailure.h"
#include "gateway/GatewayClient.h"
#include "gateway/GatewayClientConfig.h"
#include "gateway/GatewayJson.h"
#include "store/Store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

namespace clawops::host {

namespace {

// Resync reads may return whole histories; give them more time than an ordinary call.
constexpr int kResyncTimeoutMs = 60000;

QString messageText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue part : content.toArray()) {
        const QJsonObject block = part.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text"))
            parts.append(block.value(QLatin1String("text")).toString());
        else if (type == QLatin1String("toolCall") || type == QLatin1String("tool_use"))
            parts.append(QStringLiteral("[%1]").arg(block.value(QLatin1String("name")).toString()));
    }
    return parts.join(QLatin1Char('\n'));
}

} // namespace

GatewayLink::GatewayLink(GatewaySink &sink, const EngineSettings &settings)
    : m_sink(sink)
    , m_settings(settings)
    , m_adapter(std::make_unique<gateway::GatewayAdapter>(
          gateway::AdapterConfig::fromEngineConfig(settings.config)))
{
    noteTransport();
}

GatewayLink::~GatewayLink()
{
    shutdown();
}

void GatewayLink::trackWhatTheEngineKnows(const core::Orchestrator &core, const store::Store &store)
{
    for (const core::TaskRecord &task : core.activeTasks()) {
        m_adapter->watchSession(task.orchestratorSessionKey);
        if (!task.workerSessionKey.isEmpty())
            m_adapter->trackWorker(task.workerSessionKey, task.orchestratorSessionKey,
                                   task.gatewayTaskId);
        if (task.requesterSessionKey != task.orchestratorSessionKey)
            m_adapter->trackOrchestrator(task.orchestratorSessionKey, task.requesterSessionKey);
    }
    resumeWhereTheStoreLeftOff(store);
}

void GatewayLink::resumeWhereTheStoreLeftOff(const store::Store &store)
{
    const QList<core::TaskRecord> newest = store.tasksUpdatedSince(0, 1).value();
    if (newest.isEmpty())
        return;
    const core::TimeMs lastActivity = newest.first().updatedAt;
    // Children created up to a few minutes before the last write may show up in the session
    // lists with a creation time inside the resync's slack: name the finished ones so they are
    // not announced again. Bounded, because a busy store writes thousands of rows a minute.
    constexpr core::TimeMs kFinishedLookBackMs = core::TimeMs(10) * 60 * 1000;
    constexpr int kFinishedLimit = 20000;
    QStringList finishedWorkers;
    const QList<core::TaskRecord> recent =
        store.tasksUpdatedSince(lastActivity - kFinishedLookBackMs, kFinishedLimit).value();
    for (const core::TaskRecord &task : recent) {
        if (!task.workerSessionKey.isEmpty())
            finishedWorkers.append(task.workerSessionKey);
    }
    m_adapter->resumeAfter(lastActivity, finishedWorkers);
}

void GatewayLink::noteTransport()
{
    const QUrl &url = m_settings.gatewayUrl;
    m_status.gatewayUrl = url.toString();
    m_status.certificatesUnchecked = m_settings.insecureTls();
    m_status.unencryptedRemote =
        url.scheme().compare(QLatin1String("ws"), Qt::CaseInsensitive) == 0 &&
        !gateway::isLoopbackHost(url.host());
}

void GatewayLink::createClient()
{
    gateway::GatewayClientConfig config;
    config.url = m_settings.gatewayUrl;
    config.transport = m_settings.transport;
    config.sharedToken = m_settings.token;
    config.stateDir = m_settings.identityDir;
    // Gateway approvals: operator.approvals to see and decide them, cap `approvals` to be sent
    // them. The gateway names the deciding client by its display name in .resolved events, so
    // other consoles can say who decided.
    if (!config.scopes.contains(QStringLiteral("operator.approvals")))
        config.scopes.append(QStringLiteral("operator.approvals"));
    if (!config.caps.contains(QStringLiteral("approvals")))
        config.caps.append(QStringLiteral("approvals"));
    if (!m_settings.operatorName.isEmpty())
        config.displayName = QStringLiteral("ClawOps (%1)").arg(m_settings.operatorName);
    if (m_marker)
        config.instanceId = gateway::formatPresenceMarker(*m_marker);
    m_client = new gateway::GatewayClient(gateway::resolveClientConfig(config), this);
    connect(m_client, &gateway::GatewayClient::stateChanged, this,
            [this](gateway::ConnectionState state, const QString &reason) {
                if (state != gateway::ConnectionState::Connected && !m_observeOnly) {
                    m_resyncOutstanding = 0;
                    m_sink.feed({core::GatewayReachability{false}}, {});
                }
                m_status.phase = phaseFor(state);
                m_status.detail = reason;
                if (state == gateway::ConnectionState::Connected)
                    m_status.phase = ConnectionPhase::Resyncing;
                publishStatus();
            });
    connect(m_client, &gateway::GatewayClient::connected, this, &GatewayLink::onConnected);
    connect(m_client, &gateway::GatewayClient::eventReceived, this, &GatewayLink::onEvent);
    connect(m_client, &gateway::GatewayClient::seqGap, this, [](qint64 expected, qint64 got) {
        qCWarning(lcHost) << "events lost (seq" << expected << "expected," << got
                          << "received); resyncing";
    });
    auto showError = [this](const gateway::GatewayError &error) {
        m_status.errorCode = error.effectiveCode();
        m_status.failure = gateway::classifyConnectFailure(m_status.errorCode);
        m_status.errorMessage = error.message;
        m_status.requestId = error.requestId;
        m_status.nextStep = error.recommendedNextStep;
        publishStatus();
    };
    connect(m_client, &gateway::GatewayClient::connectError, this, showError);
    connect(m_client, &gateway::GatewayClient::stopped, this, showError);
    connect(m_client, &gateway::GatewayClient::roundTripMeasured, this, [this](qint64 ms) {
        m_status.roundTripMs = ms;
        publishStatus();
    });
}

void GatewayLink::setPresence(const gateway::PresenceMarker &marker, bool observeOnly)
{
    m_marker = marker;
    m_observeOnly = observeOnly;
}

void GatewayLink::connectToGateway()
{
    if (!m_client)
        createClient();
    m_client->start();
}

void GatewayLink::reconnect(const QUrl &url, const QString &token)
{
    m_settings.gatewayUrl = url;
    m_settings.token = token;
    m_status = ConnectionStatus{};
    noteTransport();
    if (m_client) {
        m_client->stop();
        m_client->deleteLater();
        m_client = nullptr;
    }
    connectToGateway();
}

void GatewayLink::disconnectFromGateway()
{
    if (m_client)
        m_client->stop();
    publishOffline();
}

void GatewayLink::shutdown()
{
    if (m_client) {
        m_client->stop();
        delete m_client;
        m_client = nullptr;
    }
}

void GatewayLink::publishOffline()
{
    m_status.phase = ConnectionPhase::Offline;
    m_status.detail.clear();
    publishStatus();
}

void GatewayLink::setConfig(const core::EngineConfig &config)
{
    // The adapter's two behaviour keys (retryDelivery, orchestratorLabelPrefix) apply from the
    // next start: its memory of sessions and runs must survive, so it is not rebuilt here.
    m_settings.config = config;
}

ConnectionPhase GatewayLink::phaseFor(gateway::ConnectionState state) const
{
    switch (state) {
    case gateway::ConnectionState::Disconnected:
        return ConnectionPhase::Offline;
    case gateway::ConnectionState::Connecting:
        return ConnectionPhase::Connecting;
    case gateway::ConnectionState::Handshaking:
        return ConnectionPhase::Handshaking;
    case gateway::ConnectionState::Connected:
        return ConnectionPhase::Live;
    case gateway::ConnectionState::Backoff:
        return ConnectionPhase::Backoff;
    case gateway::ConnectionState::Stopped:
        return ConnectionPhase::Stopped;
    }
    return ConnectionPhase::Offline;
}

void GatewayLink::onConnected(const gateway::HelloInfo &hello)
{
    m_status.serverVersion = hello.serverVersion;
    m_status.errorCode.clear();
    m_status.failure = gateway::ConnectFailure::None;
    m_status.errorMessage.clear();
    m_status.requestId.clear();
    m_status.nextStep.clear();
    qCInfo(lcHost).noquote() << "connected to gateway" << hello.serverVersion << "as"
                             << hello.authMethod << "scopes" << hello.scopes.join(u',');
    // Before any resync read: an engine that must not act learns it here, first thing.
    if (hello.events.contains(QLatin1String("presence")))
        reportPresence(hello.snapshot);
    else
        qCWarning(lcHost) << "the gateway offers no presence: another ClawOps acting on it "
                             "cannot be seen";
    if (m_observeOnly) {
        m_status.phase = ConnectionPhase::Live;
        publishStatus();
        return;
    }
    startResync(m_adapter->onConnected(gateway::GatewayOffer::of(hello.methods, hello.events)));
}

void GatewayLink::startResync(const QList<gateway::RpcCall> &calls)
{
    m_status.phase = ConnectionPhase::Resyncing;
    m_resyncOutstanding += int(calls.size());
    publishStatus();
    for (const gateway::RpcCall &call : calls)
        send(call);
    if (m_resyncOutstanding == 0) {
        gateway::AdapterOutput output;
        m_adapter->finishResync(output);
        absorb(output);
        m_status.phase = ConnectionPhase::Live;
        m_sink.feed({core::GatewayReachability{true}}, {});
        publishStatus();
    }
}

void GatewayLink::reportPresence(const QJsonObject &snapshotOrPayload)
{
    if (const std::optional<QJsonArray> list = gateway::presenceList(snapshotOrPayload))
        m_sink.presenceSeen(gateway::clawOpsPeers(*list));
}

void GatewayLink::onEvent(const gateway::Frame &frame)
{
    if (frame.name == QLatin1String("presence"))
        reportPresence(frame.payload.toQJsonObject());
    if (m_observeOnly)
        return;
    gateway::AdapterOutput output;
    m_adapter->handleEvent(frame, output);
    m_status.lastEventAtMs = m_sink.nowMs();
    absorb(output);
    publishStatus(false);
}

void GatewayLink::perform(const QList<core::DomainAction> &actions)
{
    if (m_observeOnly)
        return;
    gateway::AdapterOutput output;
    for (const core::DomainAction &action : actions)
        m_adapter->handleAction(action, output);
    absorb(output);
}

void GatewayLink::absorb(gateway::AdapterOutput &output)
{
    if (!output.events.isEmpty() || !output.outcomes.isEmpty())
        m_sink.feed(output.events, output.outcomes);
    for (const gateway::AdapterDeadline &deadline : std::as_const(output.deadlines))
        QTimer::singleShot(deadline.afterMs, this, [this, key = deadline.key] {
            gateway::AdapterOutput passed;
            m_adapter->deadlinePassed(key, passed);
            absorb(passed);
        });
    if (output.resyncRequested) {
        qCInfo(lcHost) << "sequence gap: resyncing";
        startResync(output.calls);
    } else {
        for (const gateway::RpcCall &call : std::as_const(output.calls))
            send(call);
    }
}

void GatewayLink::send(const gateway::RpcCall &call)
{
    const bool isResync = call.role == gateway::CallRole::Resync;
    if (!m_client) {
        gateway::AdapterOutput output;
        m_adapter->handleResult(call, false, {}, tr("not connected"), output);
        absorb(output);
        return;
    }
    gateway::RequestOptions options;
    if (isResync)
        options.timeoutMs = kResyncTimeoutMs;
    QJsonObject params = call.params;
    m_client->request(
        call.method, params, options, [this, call, isResync](const gateway::RpcResult &result) {
            gateway::AdapterOutput output;
            if (!result.ok && result.error.refusesMethod())
                m_adapter->noteRefused(call.method);
            // A list answered as a bare array (exec.approval.list) reaches the adapter as `items`.
            const QJsonObject payload =
                result.payload.isArray()
                    ? QJsonObject{{QStringLiteral("items"), result.payload.toArray()}}
                    : result.payloadObject();
            m_adapter->handleResult(call, result.ok, payload,
                                    result.ok ? QString() : result.error.describe(), output);
            if (isResync && m_resyncOutstanding > 0 && --m_resyncOutstanding == 0) {
                m_adapter->finishResync(output);
                if (m_status.phase == ConnectionPhase::Resyncing) {
                    m_status.phase = ConnectionPhase::Live;
                    m_sink.feed({core::GatewayReachability{true}}, {});
                    publishStatus();
                }
            }
            absorb(output);
        });
}

void GatewayLink::fetchTranscript(quint64 requestId, const QString &sessionKey, int maxLines)
{
    if (!m_client || m_client->state() != gateway::ConnectionState::Connected) {
        m_sink.deliverTranscript(requestId,
                                 Transcript{sessionKey, {}, tr("Not connected to a gateway.")});
        return;
    }
    const QJsonObject params{{QStringLiteral("sessionKey"), sessionKey},
                             {QStringLiteral("limit"), maxLines}};
    m_client->request(QStringLiteral("chat.history"), params, {},
                      [this, requestId, sessionKey](const gateway::RpcResult &result) {
                          Transcript transcript;
                          transcript.sessionKey = sessionKey;
                          if (!result.ok) {
                              transcript.error = result.error.describe();
                          } else {
                              const QJsonArray messages =
                                  result.payloadObject().value(QLatin1String("messages")).toArray();
                              for (const QJsonValue value : messages) {
                                  const QJsonObject message = value.toObject();
                                  TranscriptLine line;
                                  line.role = message.value(QLatin1String("role")).toString();
                                  line.text = messageText(message.value(QLatin1String("content")));
                                  line.atMs = gateway::wholeNumber(
                                      message.value(QLatin1String("timestamp")));
                                  transcript.lines.append(line);
                              }
                          }
                          m_sink.deliverTranscript(requestId, transcript);
                      });
}

void GatewayLink::publishStatus(bool force)
{
    const qint64 now = m_sink.nowMs();
    // Event arrival alone refreshes the status bar about once a second, not once per frame.
    if (!force && now - m_lastStatusPublishMs < 1000)
        return;
    m_lastStatusPublishMs = now;
    if (m_client && m_status.roundTripMs < 0)
        m_status.roundTripMs = m_client->roundTripMs();
    m_sink.reportStatus(m_status);
}

} // namespace clawops::host
