#include "SimConnectValidator.h"

#include <QJsonArray>

#include <cmath>

namespace clawops::sim {

namespace {

SimError invalidParams(const QString &path, const QString &what)
{
    SimError error;
    error.code = QStringLiteral("INVALID_REQUEST");
    error.message = path.isEmpty()
                        ? QStringLiteral("invalid connect params: %1").arg(what)
                        : QStringLiteral("invalid connect params: at %1: %2").arg(path, what);
    error.closeCode = 1008;
    error.closeReason = QStringLiteral("invalid connect params");
    return error;
}

bool isInteger(const QJsonValue &value)
{
    return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
}

std::optional<SimError> checkKeys(const QJsonObject &object, const QString &path,
                                  const QStringList &allowed, const QStringList &required)
{
    for (const QString &key : required) {
        if (!object.contains(key))
            return invalidParams(path, QStringLiteral("must have required property '%1'").arg(key));
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!allowed.contains(it.key()))
            return invalidParams(
                path.isEmpty() ? QStringLiteral("/") : path,
                QStringLiteral("must NOT have additional properties ('%1')").arg(it.key()));
    }
    return std::nullopt;
}

std::optional<SimError> checkString(const QJsonObject &object, const QString &path,
                                    const QString &key)
{
    if (object.contains(key) && !object.value(key).isString())
        return invalidParams(path + QLatin1Char('/') + key, QStringLiteral("must be string"));
    return std::nullopt;
}

std::optional<SimError> checkStringArray(const QJsonObject &object, const QString &key)
{
    if (!object.contains(key))
        return std::nullopt;
    if (!object.value(key).isArray())
        return invalidParams(QLatin1Char('/') + key, QStringLiteral("must be array"));
    const QJsonArray array = object.value(key).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return invalidParams(QStringLiteral("/%1/%2").arg(key).arg(i),
                                 QStringLiteral("must be string"));
    }
    return std::nullopt;
}

} // namespace

const QStringList &simAllowedClientIds()
{
    static const QStringList ids = {
        QStringLiteral("webchat-ui"),
        QStringLiteral("openclaw-control-ui"),
        QStringLiteral("openclaw-browser-copilot"),
        QStringLiteral("openclaw-tui"),
        QStringLiteral("webchat"),
        QStringLiteral("cli"),
        QStringLiteral("gateway-client"),
        QStringLiteral("openclaw-macos"),
        QStringLiteral("openclaw-linux"),
        QStringLiteral("openclaw-ios"),
        QStringLiteral("openclaw-watchos"),
        QStringLiteral("openclaw-android"),
        QStringLiteral("node-host"),
        QStringLiteral("openclaw-worker"),
        QStringLiteral("test"),
        QStringLiteral("fingerprint"),
        QStringLiteral("openclaw-probe"),
    };
    return ids;
}

const QStringList &simAllowedClientModes()
{
    static const QStringList modes = {
        QStringLiteral("webchat"), QStringLiteral("cli"),  QStringLiteral("ui"),
        QStringLiteral("backend"), QStringLiteral("node"), QStringLiteral("worker"),
        QStringLiteral("probe"),   QStringLiteral("test"),
    };
    return modes;
}

const QStringList &simOperatorScopes()
{
    static const QStringList scopes = {
        QStringLiteral("operator.read"),    QStringLiteral("operator.write"),
        QStringLiteral("operator.admin"),   QStringLiteral("operator.approvals"),
        QStringLiteral("operator.pairing"), QStringLiteral("operator.questions"),
        QStringLiteral("operator.talk"),    QStringLiteral("operator.talk.secrets"),
    };
    return scopes;
}

namespace {

std::optional<SimError> validateClient(const QJsonObject &params)
{
    static const QStringList clientKeys = {
        QStringLiteral("id"),
        QStringLiteral("version"),
        QStringLiteral("platform"),
        QStringLiteral("mode"),
        QStringLiteral("displayName"),
        QStringLiteral("deviceFamily"),
        QStringLiteral("modelIdentifier"),
        QStringLiteral("instanceId"),
    };
    if (!params.value(QLatin1String("client")).isObject())
        return invalidParams(QStringLiteral("/client"), QStringLiteral("must be object"));
    const QJsonObject client = params.value(QLatin1String("client")).toObject();
    if (auto error = checkKeys(client, QStringLiteral("/client"), clientKeys,
                               {QStringLiteral("id"), QStringLiteral("version"),
                                QStringLiteral("platform"), QStringLiteral("mode")}))
        return error;
    for (const QString &key : clientKeys) {
        if (auto error = checkString(client, QStringLiteral("/client"), key))
            return error;
    }
    if (!simAllowedClientIds().contains(client.value(QLatin1String("id")).toString()))
        return invalidParams(QStringLiteral("/client/id"),
                             QStringLiteral("must be equal to one of the allowed values"));
    if (!simAllowedClientModes().contains(client.value(QLatin1String("mode")).toString()))
        return invalidParams(QStringLiteral("/client/mode"),
                             QStringLiteral("must be equal to one of the allowed values"));
    return std::nullopt;
}

std::optional<SimError> validateAuth(const QJsonObject &params)
{
    static const QStringList authKeys = {QStringLiteral("token"), QStringLiteral("password"),
                                         QStringLiteral("deviceToken"),
                                         QStringLiteral("bootstrapToken")};
    if (!params.contains(QLatin1String("auth")))
        return std::nullopt;
    if (!params.value(QLatin1String("auth")).isObject())
        return invalidParams(QStringLiteral("/auth"), QStringLiteral("must be object"));
    const QJsonObject auth = params.value(QLatin1String("auth")).toObject();
    if (auto error = checkKeys(auth, QStringLiteral("/auth"), authKeys, {}))
        return error;
    for (const QString &key : authKeys) {
        if (auto error = checkString(auth, QStringLiteral("/auth"), key))
            return error;
    }
    return std::nullopt;
}

std::optional<SimError> validateDevice(const QJsonObject &params)
{
    static const QStringList deviceKeys = {QStringLiteral("id"), QStringLiteral("publicKey"),
                                           QStringLiteral("signature"), QStringLiteral("signedAt"),
                                           QStringLiteral("nonce")};
    if (!params.contains(QLatin1String("device")))
        return std::nullopt;
    if (!params.value(QLatin1String("device")).isObject())
        return invalidParams(QStringLiteral("/device"), QStringLiteral("must be object"));
    const QJsonObject device = params.value(QLatin1String("device")).toObject();
    if (auto error = checkKeys(device, QStringLiteral("/device"), deviceKeys,
                               {QStringLiteral("id"), QStringLiteral("publicKey"),
                                QStringLiteral("signature"), QStringLiteral("signedAt")}))
        return error;
    for (const char *key : {"id", "publicKey", "signature", "nonce"}) {
        if (auto error = checkString(device, QStringLiteral("/device"), QLatin1String(key)))
            return error;
    }
    if (!isInteger(device.value(QLatin1String("signedAt"))))
        return invalidParams(QStringLiteral("/device/signedAt"), QStringLiteral("must be integer"));
    return std::nullopt;
}

} // namespace

std::optional<SimError> validateConnectSchema(const QJsonObject &params)
{
    static const QStringList topLevel = {
        QStringLiteral("minProtocol"), QStringLiteral("maxProtocol"), QStringLiteral("client"),
        QStringLiteral("role"),        QStringLiteral("scopes"),      QStringLiteral("caps"),
        QStringLiteral("commands"),    QStringLiteral("permissions"), QStringLiteral("pathEnv"),
        QStringLiteral("auth"),        QStringLiteral("device"),      QStringLiteral("locale"),
        QStringLiteral("userAgent"),
    };
    if (auto error = checkKeys(params, QString(), topLevel,
                               {QStringLiteral("minProtocol"), QStringLiteral("maxProtocol"),
                                QStringLiteral("client")}))
        return error;
    for (const char *key : {"minProtocol", "maxProtocol"}) {
        if (!isInteger(params.value(QLatin1String(key))))
            return invalidParams(QStringLiteral("/%1").arg(QLatin1String(key)),
                                 QStringLiteral("must be integer"));
    }
    if (auto error = validateClient(params))
        return error;
    if (params.contains(QLatin1String("role"))) {
        const QString role = params.value(QLatin1String("role")).toString();
        if (role != QLatin1String("operator") && role != QLatin1String("node"))
            return invalidParams(QStringLiteral("/role"),
                                 QStringLiteral("must be equal to one of the allowed values"));
    }
    for (const char *key : {"scopes", "caps", "commands"}) {
        if (auto error = checkStringArray(params, QLatin1String(key)))
            return error;
    }
    for (const char *key : {"locale", "userAgent", "pathEnv"}) {
        if (auto error = checkString(params, QString(), QLatin1String(key)))
            return error;
    }
    if (auto error = validateAuth(params))
        return error;
    return validateDevice(params);
}

std::optional<SimError> validateProtocolRange(const QJsonObject &params, int serverProtocol)
{
    const int minProtocol = params.value(QLatin1String("minProtocol")).toInt();
    const int maxProtocol = params.value(QLatin1String("maxProtocol")).toInt();
    if (minProtocol <= serverProtocol && serverProtocol <= maxProtocol)
        return std::nullopt;
    SimError error;
    error.code = QStringLiteral("INVALID_REQUEST");
    error.message = QStringLiteral("protocol mismatch");
    error.details = QJsonObject{{QStringLiteral("code"), QStringLiteral("PROTOCOL_MISMATCH")},
                                {QStringLiteral("expectedProtocol"), serverProtocol}};
    error.closeCode = 1002;
    error.closeReason = QStringLiteral("protocol mismatch");
    return error;
}

} // namespace clawops::sim
