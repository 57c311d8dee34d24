#pragma once

// One client socket of the simulated gateway (private to the server's own source files).

#include "SimGatewayServer.h"

#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTcpSocket>
#include <QWebSocket>

namespace clawops::sim {

struct SimGatewayServer::Connection
{
    QString connId;
    QWebSocket *socket = nullptr;
    // The TCP socket under `socket`, for faults below the WebSocket framing (a frame cut off).
    QPointer<QTcpSocket> tcp;
    QString nonce;
    qint64 challengeTs = 0;
    bool authenticated = false;
    bool serverClosed = false;
    qint64 seq = 0;
    int pendingSkip = 0;
    QString role;
    QStringList scopes;
    QString deviceId;
    bool sessionsSubscribed = false;
    QSet<QString> messageKeys;
    // Frames written while the gateway stalls, sent when it resumes (if the socket still lives).
    QStringList held;
};

// A close reason cut to the 123 bytes a close frame may carry, on a UTF-8 character boundary.
QString simCloseReason(const QString &reason);

} // namespace clawops::sim
