#include "ConnectErrorPolicy.h"

namespace clawops::gateway {

namespace {

bool isNonRetryableDetail(const QString &detail)
{
    static const QStringList codes = {
        QStringLiteral("AUTH_TOKEN_MISSING"),
        QStringLiteral("AUTH_TOKEN_MISMATCH"),
        QStringLiteral("AUTH_DEVICE_TOKEN_MISMATCH"),
        QStringLiteral("AUTH_PASSWORD_MISSING"),
        QStringLiteral("AUTH_PASSWORD_MISMATCH"),
        QStringLiteral("AUTH_BOOTSTRAP_TOKEN_INVALID"),
        QStringLiteral("AUTH_RATE_LIMITED"),
        QStringLiteral("AUTH_SCOPE_MISMATCH"),
        QStringLiteral("DEVICE_IDENTITY_REQUIRED"),
        QStringLiteral("CONTROL_UI_DEVICE_IDENTITY_REQUIRED"),
        QStringLiteral("PAIRING_REQUIRED"),
        QStringLiteral("PAIRING_REJECTED"),
        QStringLiteral("PAIRING_EXPIRED"),
        QStringLiteral("PROTOCOL_MISMATCH"),
        QStringLiteral("CLIENT_VERSION_MISMATCH"),
    };
    return codes.contains(detail) || detail.startsWith(QLatin1String("DEVICE_AUTH_"));
}

} // namespace

ConnectErrorDecision decideAfterConnectError(const GatewayError &error, AuthSource usedAuth,
                                             bool haveSharedToken, bool haveStoredDeviceToken,
                                             bool fallbackUsed)
{
    using Kind = ConnectErrorDecision::Kind;
    const QString detail = error.detailCode;

    const bool tokenRefused = detail == QLatin1String("AUTH_TOKEN_MISMATCH") ||
                              detail == QLatin1String("AUTH_DEVICE_TOKEN_MISMATCH") ||
                              detail == QLatin1String("AUTH_SCOPE_MISMATCH");
    if (tokenRefused && !fallbackUsed) {
        // A stale device token (gateway state reset, token revoked) must not lock out an
        // operator who still has the shared token.
        if (usedAuth == AuthSource::DeviceToken && haveSharedToken)
            return {Kind::RetryWithSharedToken, -1};
        // A rotated shared token: the device token may still be good.
        const bool gatewayAllows =
            error.details.value(QLatin1String("canRetryWithDeviceToken")).toBool(true);
        if (usedAuth == AuthSource::SharedToken && haveStoredDeviceToken && gatewayAllows &&
            detail == QLatin1String("AUTH_TOKEN_MISMATCH"))
            return {Kind::RetryWithDeviceToken, -1};
    }

    if (detail == QLatin1String("PAIRING_REQUIRED")) {
        // A gateway may say "wait, an approval is on its way"; only then keep trying.
        const QJsonValue pause = error.details.value(QLatin1String("pauseReconnect"));
        if ((pause.isBool() && !pause.toBool()) ||
            error.recommendedNextStep == QLatin1String("wait_then_retry"))
            return {Kind::Reconnect, error.retryAfterMs};
        return {Kind::Stop, -1};
    }
    if (error.pauseReconnect || isNonRetryableDetail(detail))
        return {Kind::Stop, -1};
    if (error.code == QLatin1String("UNAVAILABLE") || error.retryable)
        return {Kind::Reconnect, error.retryAfterMs};
    // Schema errors ("invalid connect params: ...") come without a detail code; sending the same
    // params again cannot succeed.
    if (error.code == QLatin1String("INVALID_REQUEST") && detail.isEmpty())
        return {Kind::Stop, -1};
    return {Kind::Reconnect, error.retryAfterMs};
}

} // namespace clawops::gateway
