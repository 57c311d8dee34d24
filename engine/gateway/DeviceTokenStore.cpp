#include "DeviceTokenStore.h"

#include "GatewayJson.h"
#include "OwnerOnlyFile.h"
#include "core/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace clawops::gateway {

namespace {

bool sameKey(const StoredDeviceToken &entry, const QString &gateway, const QString &deviceId,
             const QString &role)
{
    return entry.gateway == gateway && entry.deviceId == deviceId && entry.role == role;
}

} // namespace

DeviceTokenStore::DeviceTokenStore(QString filePath)
    : m_filePath(std::move(filePath))
{}

QString DeviceTokenStore::gatewayKey(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    int port = url.port();
    if (port < 0)
        port = (scheme == QLatin1String("wss") || scheme == QLatin1String("https")) ? 443 : 80;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return QStringLiteral("%1://%2:%3%4").arg(scheme, url.host().toLower()).arg(port).arg(path);
}

QList<StoredDeviceToken> DeviceTokenStore::readAll() const
{
    QByteArray data;
    bool exists = false;
    QString error;
    if (!readOwnerOnlyFile(m_filePath, &data, &exists, &error)) {
        qCWarning(lcGateway) << "device tokens unreadable:" << error;
        return {};
    }
    if (!exists)
        return {};
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        // A damaged cache only costs a reconnect with the shared token, which re-issues it.
        qCWarning(lcGateway) << "ignoring damaged device token file" << m_filePath;
        return {};
    }
    QList<StoredDeviceToken> entries;
    const QJsonArray tokens = document.object().value(QLatin1String("tokens")).toArray();
    for (const QJsonValue value : tokens) {
        const QJsonObject object = value.toObject();
        StoredDeviceToken entry;
        entry.gateway = object.value(QLatin1String("gateway")).toString();
        entry.deviceId = object.value(QLatin1String("deviceId")).toString();
        entry.role = object.value(QLatin1String("role")).toString();
        entry.token = object.value(QLatin1String("token")).toString();
        for (const QJsonValue scope : object.value(QLatin1String("scopes")).toArray())
            entry.scopes.append(scope.toString());
        entry.issuedAtMs = wholeNumber(object.value(QLatin1String("issuedAtMs")));
        if (!entry.token.isEmpty())
            entries.append(entry);
    }
    return entries;
}

bool DeviceTokenStore::writeAll(const QList<StoredDeviceToken> &entries, QString *error)
{
    QJsonArray tokens;
    for (const StoredDeviceToken &entry : entries) {
        tokens.append(QJsonObject{
            {QStringLiteral("gateway"), entry.gateway},
            {QStringLiteral("deviceId"), entry.deviceId},
            {QStringLiteral("role"), entry.role},
            {QStringLiteral("token"), entry.token},
            {QStringLiteral("scopes"), QJsonArray::fromStringList(entry.scopes)},
            {QStringLiteral("issuedAtMs"), QJsonValue(entry.issuedAtMs)},
        });
    }
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("tokens"), tokens}};
    return writeOwnerOnlyFile(m_filePath, QJsonDocument(root).toJson(QJsonDocument::Indented),
                              error);
}

std::optional<StoredDeviceToken>
DeviceTokenStore::find(const QString &gateway, const QString &deviceId, const QString &role) const
{
    for (const StoredDeviceToken &entry : readAll()) {
        if (sameKey(entry, gateway, deviceId, role))
            return entry;
    }
    return std::nullopt;
}

bool DeviceTokenStore::save(const StoredDeviceToken &entry, QString *error)
{
    QList<StoredDeviceToken> entries = readAll();
    entries.removeIf([&](const StoredDeviceToken &existing) {
        return sameKey(existing, entry.gateway, entry.deviceId, entry.role);
    });
    entries.append(entry);
    return writeAll(entries, error);
}

bool DeviceTokenStore::remove(const QString &gateway, const QString &deviceId, const QString &role,
                              QString *error)
{
    QList<StoredDeviceToken> entries = readAll();
    const auto removed = entries.removeIf([&](const StoredDeviceToken &existing) {
        return sameKey(existing, gateway, deviceId, role);
    });
    return removed == 0 || writeAll(entries, error);
}

} // namespace clawops::gateway
