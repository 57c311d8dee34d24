#include "ConnectParams.h"

#include "DeviceIdentity.h"

#include <QJsonArray>

#include <cmath>

namespace clawops::gateway {

bool parseConnectChallenge(const QJsonObject &payload, ConnectChallenge *out, QString *error)
{
    const QString nonce = payload.value(QLatin1String("nonce")).toString().trimmed();
    const QJsonValue ts = payload.value(QLatin1String("ts"));
    if (nonce.isEmpty()) {
        *error = QStringLiteral("connect challenge missing nonce");
        return false;
    }
    const double number = ts.toDouble(-1);
    if (!ts.isDouble() || number < 0 || number > 9.0e15 || std::floor(number) != number) {
        *error = QStringLiteral("connect challenge without an integer ts");
        return false;
    }
    out->nonce = nonce;
    out->ts = static_cast<qint64>(number);
    return true;
}

ConnectAuth selectConnectAuth(const QString &sharedToken,
                              const std::optional<StoredDeviceToken> &stored,
                              const QStringList &requestedScopes, AuthStage stage)
{
    const bool haveStored = stored && !stored->token.isEmpty();
    bool storedCoversScopes = haveStored;
    for (const QString &scope : requestedScopes) {
        if (haveStored && !stored->scopes.contains(scope))
            storedCoversScopes = false;
    }
    ConnectAuth auth;
    switch (stage) {
    case AuthStage::Preferred:
        if (haveStored && (storedCoversScopes || sharedToken.isEmpty())) {
            auth.source = AuthSource::DeviceToken;
            auth.token = stored->token; // the field older gateways read for device tokens
            auth.deviceToken = stored->token;
            return auth;
        }
        break;
    case AuthStage::DeviceTokenRetry:
        if (haveStored && !sharedToken.isEmpty()) {
            auth.source = AuthSource::SharedWithDevice;
            auth.token = sharedToken;
            auth.deviceToken = stored->token;
            return auth;
        }
        break;
    case AuthStage::SharedOnly:
        break;
    }
    if (!sharedToken.isEmpty()) {
        auth.source = AuthSource::SharedToken;
        auth.token = sharedToken;
    }
    return auth;
}

QJsonObject buildConnectParams(const GatewayClientConfig &config, const ConnectChallenge &challenge,
                               const ConnectAuth &auth, const DeviceIdentity *identity)
{
    QJsonObject client{
        {QStringLiteral("id"), config.clientId},
        {QStringLiteral("version"), config.clientVersion},
        {QStringLiteral("platform"), config.platform},
        {QStringLiteral("mode"), config.clientMode},
    };
    if (!config.displayName.isEmpty())
        client.insert(QStringLiteral("displayName"), config.displayName);
    if (!config.deviceFamily.isEmpty())
        client.insert(QStringLiteral("deviceFamily"), config.deviceFamily);
    if (!config.instanceId.isEmpty())
        client.insert(QStringLiteral("instanceId"), config.instanceId);

    QJsonObject params{
        {QStringLiteral("minProtocol"), kProtocolVersion},
        {QStringLiteral("maxProtocol"), kProtocolVersion},
        {QStringLiteral("client"), client},
        {QStringLiteral("role"), config.role},
        {QStringLiteral("scopes"), QJsonArray::fromStringList(config.scopes)},
        {QStringLiteral("caps"), QJsonArray::fromStringList(config.caps)},
    };
    QJsonObject authObject;
    if (!auth.token.isEmpty())
        authObject.insert(QStringLiteral("token"), auth.token);
    if (!auth.deviceToken.isEmpty())
        authObject.insert(QStringLiteral("deviceToken"), auth.deviceToken);
    if (!authObject.isEmpty())
        params.insert(QStringLiteral("auth"), authObject);

    if (identity) {
        DeviceAuthPayload payload;
        payload.deviceId = identity->deviceId();
        payload.clientId = config.clientId;
        payload.clientMode = config.clientMode;
        payload.role = config.role;
        payload.scopes = config.scopes;
        payload.signedAtMs = challenge.ts; // the gateway requires the challenge's own ts
        payload.token = auth.signatureToken();
        payload.nonce = challenge.nonce;
        payload.platform = config.platform;
        payload.deviceFamily = config.deviceFamily;
        params.insert(QStringLiteral("device"),
                      QJsonObject{
                          {QStringLiteral("id"), identity->deviceId()},
                          {QStringLiteral("publicKey"), identity->publicKeyBase64Url()},
                          {QStringLiteral("signature"),
                           identity->signPayload(buildDeviceAuthPayloadV3(payload))},
                          {QStringLiteral("signedAt"), QJsonValue(challenge.ts)},
                          {QStringLiteral("nonce"), challenge.nonce},
                      });
    }
    if (!config.locale.isEmpty())
        params.insert(QStringLiteral("locale"), config.locale);
    if (!config.userAgent.isEmpty())
        params.insert(QStringLiteral("userAgent"), config.userAgent);
    return params;
}

} // namespace clawops::gateway
