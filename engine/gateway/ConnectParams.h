#pragma once

#include "DeviceTokenStore.h"
#include "GatewayClientConfig.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace clawops::gateway {

class DeviceIdentity;

// connect.challenge payload.
struct ConnectChallenge
{
    QString nonce;
    qint64 ts = 0;
};
// A challenge without a non-empty nonce or an integer ts is invalid (protocol §2).
bool parseConnectChallenge(const QJsonObject &payload, ConnectChallenge *out, QString *error);

// Which credential a connect attempt presents.
enum class AuthSource
{
    None,             // nothing configured: the gateway will answer AUTH_TOKEN_MISSING
    SharedToken,      // auth.token = shared token
    DeviceToken,      // auth.token = auth.deviceToken = the stored device token
    SharedWithDevice, // auth.token = shared, auth.deviceToken = stored (one retry after a mismatch)
};

enum class AuthStage
{
    Preferred,        // stored device token when it covers the scopes, else the shared token
    SharedOnly,       // the device token was rejected: shared token only
    DeviceTokenRetry, // the shared token was rejected: add the stored device token once
};

struct ConnectAuth
{
    AuthSource source = AuthSource::None;
    QString token;
    QString deviceToken;
    // The token bound into the device signature: auth.token ?? auth.deviceToken ?? "".
    QString signatureToken() const { return token.isEmpty() ? deviceToken : token; }
};

// The gateway reuses a device token only for the scopes it was issued with; asking for more
// with it fails, so such a token is not preferred.
ConnectAuth selectConnectAuth(const QString &sharedToken,
                              const std::optional<StoredDeviceToken> &stored,
                              const QStringList &requestedScopes, AuthStage stage);

// connect params exactly within the gateway's closed schema (ConnectParamsSchema):
// minProtocol, maxProtocol, client, role, scopes, caps, auth?, device?, locale, userAgent.
// `config` must be resolved (resolveClientConfig). `identity` null = no device block.
QJsonObject buildConnectParams(const GatewayClientConfig &config, const ConnectChallenge &challenge,
                               const ConnectAuth &auth, const DeviceIdentity *identity);

} // namespace clawops::gateway
