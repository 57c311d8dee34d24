// The simulated gateway's faults: what a client must survive (lost, doubled and reordered
// events, a frame cut off by a reset, a hang, a restart) and the bad frames it must drop.
#include "SimConnection.h"
#include "SimLogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTimer>
#include <QUuid>
#include <QtEndian>

#include <algorithm>

namespace clawops::sim {

namespace {

// The header of one unmasked, final text frame (RFC 6455 §5.2) carrying `length` bytes.
QByteArray textFrameHeader(quint64 length)
{
    QByteArray header;
    header.append(char(0x81));
    if (length < 126) {
        header.append(char(length));
    } else if (length <= 0xFFFF) {
        header.append(char(126));
        char size[2];
        qToBigEndian(quint16(length), size);
        header.append(size, 2);
    } else {
        header.append(char(127));
        char size[8];
        qToBigEndian(length, size);
        header.append(size, 8);
    }
    return header;
}

} // namespace

// --- faults ----------------------------------------------------------------------------------

void SimGatewayServer::setTickIntervalMs(int ms)
{
    m_config.tickIntervalMs = std::max(1, ms);
    if (m_tickTimer->isActive())
        m_tickTimer->start(m_config.tickIntervalMs);
}

void SimGatewayServer::setTicking(bool ticking)
{
    m_ticking = ticking;
}

void SimGatewayServer::setMaxPayload(qint64 bytes)
{
    m_config.maxPayload = bytes;
}

int SimGatewayServer::sendRaw(const QString &text, const QString &connId)
{
    int sent = 0;
    for (const auto &connection : std::as_const(m_connections)) {
        if (!connection->authenticated || connection->serverClosed ||
            (!connId.isEmpty() && connection->connId != connId))
            continue;
        connection->socket->sendTextMessage(text);
        ++sent;
    }
    return sent;
}

int SimGatewayServer::sendMalformedFrame()
{
    return sendRaw(QStringLiteral("{this is not json"));
}

int SimGatewayServer::sendTruncatedFrame()
{
    const QString whole = QStringLiteral(
        "{\"type\":\"event\",\"event\":\"sim.truncated\",\"payload\":{\"text\":\"cut here\"}}");
    return sendRaw(whole.left(whole.size() / 2));
}

int SimGatewayServer::sendNonObjectFrame()
{
    return sendRaw(QStringLiteral("[1,2,3]"));
}

int SimGatewayServer::sendOversizedFrame(qint64 bytes)
{
    const QJsonObject frame{
        {QStringLiteral("type"), QStringLiteral("event")},
        {QStringLiteral("event"), QStringLiteral("sim.oversized")},
        {QStringLiteral("payload"),
         QJsonObject{
             {QStringLiteral("blob"),
              QString(static_cast<qsizetype>(std::max<qint64>(bytes, 1)), QLatin1Char('x'))}}},
    };
    return sendRaw(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void SimGatewayServer::dropConnections()
{
    countFault(QStringLiteral("connection-reset"));
    const auto sockets = m_connections.keys();
    for (QWebSocket *socket : sockets) {
        if (auto connection = m_connections.value(socket))
            connection->serverClosed = true;
        socket->abort();
    }
}

void SimGatewayServer::closeConnections(int code, const QString &reason)
{
    const auto sockets = m_connections.keys();
    for (QWebSocket *socket : sockets) {
        if (auto connection = m_connections.value(socket))
            connection->serverClosed = true;
        socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), simCloseReason(reason));
    }
}

bool SimGatewayServer::restart(int downtimeMs)
{
    const quint16 port = m_port;
    m_tcpServer->close();
    m_tickTimer->stop();
    closeConnections(1012, QStringLiteral("service restart"));
    m_bootId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_uptime.restart();
    countFault(QStringLiteral("restart"));
    qCInfo(lcSim) << "restarting; back on port" << port << "in" << downtimeMs << "ms";
    if (downtimeMs <= 0)
        return listen(port);
    QTimer::singleShot(downtimeMs, this, [this, port] { listen(port); });
    return true;
}

void SimGatewayServer::loseEvents(int count)
{
    m_loseLeft += std::max(0, count);
}

void SimGatewayServer::duplicateEvents(int count)
{
    m_duplicateLeft += std::max(0, count);
}

void SimGatewayServer::reorderEvents(int count)
{
    m_reorderLeft += std::max(0, count);
}

void SimGatewayServer::dropMidFrame()
{
    m_cutNextFrame = true;
}

void SimGatewayServer::flushReordered()
{
    m_reorderTimer->stop();
    QList<HeldEvent> held = std::move(m_reorderHeld);
    m_reorderHeld.clear();
    std::reverse(held.begin(), held.end());
    for (const HeldEvent &event : std::as_const(held))
        deliver(event);
}

void SimGatewayServer::cutFrame(Connection *connection, const QString &event,
                                const QJsonObject &payload)
{
    connection->seq += 1 + connection->pendingSkip;
    connection->pendingSkip = 0;
    const QByteArray text = QJsonDocument(QJsonObject{
                                              {QStringLiteral("type"), QStringLiteral("event")},
                                              {QStringLiteral("event"), event},
                                              {QStringLiteral("payload"), payload},
                                              {QStringLiteral("seq"), QJsonValue(connection->seq)},
                                          })
                                .toJson(QJsonDocument::Compact);
    connection->serverClosed = true;
    if (!connection->tcp) {
        connection->socket->abort();
        return;
    }
    // Whatever the WebSocket already queued goes first, then half a frame, then a reset.
    connection->socket->flush();
    connection->tcp->write(textFrameHeader(quint64(text.size())) + text.left(text.size() / 2));
    connection->tcp->flush();
    connection->socket->abort();
}

void SimGatewayServer::stall(int ms)
{
    m_stalled = true;
    countFault(QStringLiteral("stall"));
    m_stallTimer->start(std::max(0, ms));
}

void SimGatewayServer::resume()
{
    m_stalled = false;
    for (const auto &connection : std::as_const(m_connections)) {
        const QStringList held = std::move(connection->held);
        connection->held.clear();
        if (connection->socket->state() != QAbstractSocket::ConnectedState)
            continue;
        for (const QString &text : held)
            connection->socket->sendTextMessage(text);
    }
}

void SimGatewayServer::countFault(const QString &name)
{
    ++m_faultCounts[name];
    qCInfo(lcSim) << "fault injected:" << name;
    Q_EMIT countersChanged();
}

QJsonObject SimGatewayServer::counters() const
{
    QJsonObject faults;
    for (auto it = m_faultCounts.constBegin(); it != m_faultCounts.constEnd(); ++it)
        faults.insert(it.key(), it.value());
    QJsonObject unadvertised;
    for (auto it = m_unadvertisedCalls.constBegin(); it != m_unadvertisedCalls.constEnd(); ++it)
        unadvertised.insert(it.key(), it.value());
    QJsonObject refused;
    for (auto it = m_refusedCalls.constBegin(); it != m_refusedCalls.constEnd(); ++it)
        refused.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("faults"), faults},
        {QStringLiteral("unadvertisedCalls"), unadvertised},
        {QStringLiteral("refusedCalls"), refused},
        {QStringLiteral("connectRequests"), m_connectRequests},
        {QStringLiteral("bootId"), m_bootId},
        {QStringLiteral("version"), m_config.version},
    };
}

} // namespace clawops::sim
