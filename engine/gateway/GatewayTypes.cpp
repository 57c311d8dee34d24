#include "GatewayTypes.h"

#include "GatewayJson.h"

#include <QJsonArray>

namespace clawops::gateway {

namespace {

QStringList toStringList(const QJsonValue &value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    out.reserve(array.size());
    for (const QJsonValue item : array) {
        if (item.isString())
            out.append(item.toString());
    }
    return out;
}

} // namespace

QStringList defaultOperatorScopes()
{
    return {QStringLiteral("operator.read"), QStringLiteral("operator.write"),
            QStringLiteral("operator.admin")};
}

bool scopesAllowRead(const QStringList &granted)
{
    return granted.contains(QStringLiteral("operator.read")) ||
           granted.contains(QStringLiteral("operator.write")) ||
           granted.contains(QStringLiteral("operator.admin"));
}

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected:
        return QStringLiteral("disconnected");
    case ConnectionState::Connecting:
        return QStringLiteral("connecting");
    case ConnectionState::Handshaking:
        return QStringLiteral("handshaking");
    case ConnectionState::Connected:
        return QStringLiteral("connected");
    case ConnectionState::Backoff:
        return QStringLiteral("backoff");
    case ConnectionState::Stopped:
        return QStringLiteral("stopped");
    }
    return QStringLiteral("unknown");
}

QString GatewayError::describe() const
{
    QString text = code;
    if (!detailCode.isEmpty())
        text += QLatin1Char('/') + detailCode;
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    if (!requestId.isEmpty())
        text += QStringLiteral(" (request %1)").arg(requestId);
    if (!recommendedNextStep.isEmpty())
        text += QStringLiteral(" [next step: %1]").arg(recommendedNextStep);
    return text;
}

bool GatewayError::refusesMethod() const
{
    if (code == QLatin1String("FORBIDDEN"))
        return true;
    return code == QLatin1String("INVALID_REQUEST") &&
           message.startsWith(QLatin1String("unknown method"), Qt::CaseInsensitive);
}

GatewayError GatewayError::fromJson(const QJsonValue &value)
{
    GatewayError error;
    const QJsonObject object = value.toObject();
    error.code = object.value(QLatin1String("code")).toString();
    if (error.code.isEmpty())
        error.code = ClientErrorCode::InvalidResponse;
    error.message = object.value(QLatin1String("message")).toString();
    error.retryable = object.value(QLatin1String("retryable")).toBool(false);
    error.retryAfterMs = wholeNumber(object.value(QLatin1String("retryAfterMs")), -1);
    error.details = object.value(QLatin1String("details")).toObject();
    error.detailCode = error.details.value(QLatin1String("code")).toString();
    error.requestId = error.details.value(QLatin1String("requestId")).toString();
    error.recommendedNextStep =
        error.details.value(QLatin1String("recommendedNextStep")).toString();
    error.pauseReconnect = error.details.value(QLatin1String("pauseReconnect")).toBool(false);
    if (error.retryAfterMs < 0)
        error.retryAfterMs = wholeNumber(error.details.value(QLatin1String("retryAfterMs")), -1);
    return error;
}

GatewayError GatewayError::local(const QString &code, const QString &message, bool retryable)
{
    GatewayError error;
    error.code = code;
    error.message = message;
    error.retryable = retryable;
    return error;
}

bool parseHelloOk(const QJsonObject &payload, HelloInfo *out, QString *error)
{
    if (payload.value(QLatin1String("type")).toString() != QLatin1String("hello-ok")) {
        if (error)
            *error = QStringLiteral("connect answered without a hello-ok payload");
        return false;
    }
    HelloInfo hello;
    hello.protocol = static_cast<int>(wholeNumber(payload.value(QLatin1String("protocol")), 0));
    const QJsonObject server = payload.value(QLatin1String("server")).toObject();
    hello.serverVersion = server.value(QLatin1String("version")).toString();
    hello.connId = server.value(QLatin1String("connId")).toString();
    const QJsonObject features = payload.value(QLatin1String("features")).toObject();
    hello.methods = toStringList(features.value(QLatin1String("methods")));
    hello.events = toStringList(features.value(QLatin1String("events")));
    const QJsonObject auth = payload.value(QLatin1String("auth")).toObject();
    hello.authMethod = auth.value(QLatin1String("method")).toString();
    hello.role = auth.value(QLatin1String("role")).toString();
    hello.scopes = toStringList(auth.value(QLatin1String("scopes")));
    hello.deviceTokenIssued = !auth.value(QLatin1String("deviceToken")).toString().isEmpty();
    const QJsonObject policy = payload.value(QLatin1String("policy")).toObject();
    ServerPolicy defaults;
    hello.policy.maxPayload =
        wholeNumber(policy.value(QLatin1String("maxPayload")), defaults.maxPayload);
    hello.policy.maxBufferedBytes =
        wholeNumber(policy.value(QLatin1String("maxBufferedBytes")), defaults.maxBufferedBytes);
    hello.policy.tickIntervalMs = static_cast<int>(
        wholeNumber(policy.value(QLatin1String("tickIntervalMs")), defaults.tickIntervalMs));
    // Nonsense limits would disable the watchdog or drop every frame; keep the defaults instead.
    if (hello.policy.maxPayload <= 0)
        hello.policy.maxPayload = defaults.maxPayload;
    if (hello.policy.tickIntervalMs <= 0)
        hello.policy.tickIntervalMs = defaults.tickIntervalMs;
    hello.snapshot = payload.value(QLatin1String("snapshot")).toObject();
    *out = hello;
    return true;
}

} // namespace clawops::gateway
