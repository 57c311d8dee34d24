#pragma once

#include "GatewayTypes.h"
#include "ReconnectBackoff.h"
#include "TransportPolicy.h"

#include <QString>
#include <QStringList>
#include <QUrl>

namespace clawops::gateway {

// How the console presents itself to a gateway and how hard it tries to stay connected.
struct GatewayClientConfig
{
    QUrl url; // ws://127.0.0.1:18789/ and the like
    TransportOptions transport;
    QString sharedToken; // gateway.auth.token; empty when only a device token is available

    // connect.client. id and mode are closed enums on the gateway: "openclaw-linux" is the
    // Linux desktop client, "ui" an interactive operator console.
    QString clientId = QStringLiteral("openclaw-linux");
    QString clientMode = QStringLiteral("ui");
    QString clientVersion; // empty = the application's version
    QString platform = QStringLiteral("linux");
    QString displayName = QStringLiteral("ClawOps");
    QString deviceFamily = QStringLiteral("desktop"); // empty = not sent
    // Copied by the gateway into this connection's presence entry; ClawOps puts its engine
    // marker here (ClawOpsPresence.h). Empty = not sent.
    QString instanceId;

    QString role = QStringLiteral("operator");
    QStringList scopes = defaultOperatorScopes();
    // Structured tool events for runs this socket starts. Advertise only what we implement.
    QStringList caps = {QStringLiteral("tool-events")};
    QString locale;    // empty = the system locale (BCP 47)
    QString userAgent; // empty = "ClawOps/<version>"

    // Without a device identity gateways clear the scopes of token-authenticated operators.
    bool useDeviceIdentity = true;
    // Reconnect with the device token the gateway issued, rather than the shared token.
    bool useDeviceToken = true;
    // Where the device key and issued device tokens live; empty = AppConfigLocation/gateway.
    QString stateDir;

    int handshakeTimeoutMs = 15000; // socket open → hello-ok
    int closeTimeoutMs = 3000;      // closing handshake grace before the socket is aborted
    // Round-trip time is measured with WebSocket pings at this interval (0 = off): no RPC, no
    // JSON, answered by every gateway without scope checks.
    int rttIntervalMs = 15000;
    ReconnectPolicy reconnect;
};

// Fills the "empty = default" fields (version, locale, user agent, state dir).
GatewayClientConfig resolveClientConfig(GatewayClientConfig config);

} // namespace clawops::gateway
