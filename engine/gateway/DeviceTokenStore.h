#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace clawops::gateway {

// A device token the gateway issued in hello-ok.auth.deviceToken, with the scopes it carries.
struct StoredDeviceToken
{
    QString gateway; // DeviceTokenStore::gatewayKey(url)
    QString deviceId;
    QString role;
    QString token;
    QStringList scopes;
    qint64 issuedAtMs = 0;
};

// Device tokens per (gateway, deviceId, role) in one owner-only JSON file. The file is small and
// touched once per handshake, so every call reads or rewrites it whole.
class DeviceTokenStore
{
public:
    explicit DeviceTokenStore(QString filePath);

    QString filePath() const { return m_filePath; }

    std::optional<StoredDeviceToken> find(const QString &gateway, const QString &deviceId,
                                          const QString &role) const;
    bool save(const StoredDeviceToken &entry, QString *error = nullptr);
    bool remove(const QString &gateway, const QString &deviceId, const QString &role,
                QString *error = nullptr);

    // scheme://host:port/path, lowercased host, default ports filled in, no trailing slash, no
    // query or credentials: the same gateway under two spellings shares its token.
    static QString gatewayKey(const QUrl &url);

private:
    QList<StoredDeviceToken> readAll() const;
    bool writeAll(const QList<StoredDeviceToken> &entries, QString *error);

    QString m_filePath;
};

} // namespace clawops::gateway
