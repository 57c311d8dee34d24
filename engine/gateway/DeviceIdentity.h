#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

struct evp_pkey_st; // OpenSSL's EVP_PKEY, kept out of this header

namespace clawops::gateway {

// The fields the gateway binds into a device signature (docs/gateway/protocol.md, "device
// identity and signing rules"). `token` is auth.token ?? auth.deviceToken ?? "" as sent.
struct DeviceAuthPayload
{
    QString deviceId;
    QString clientId;
    QString clientMode;
    QString role;
    QStringList scopes; // exactly in the order sent
    qint64 signedAtMs = 0;
    QString token;
    QString nonce;
    QString platform;
    QString deviceFamily;
};

// "v3|deviceId|clientId|mode|role|scopes,joined|signedAt|token|nonce|platform|deviceFamily" with
// platform/deviceFamily trimmed and ASCII-lowercased (the gateway's preferred payload).
QString buildDeviceAuthPayloadV3(const DeviceAuthPayload &payload);
// The same without the last two fields and with prefix "v2" (still accepted by gateways).
QString buildDeviceAuthPayloadV2(const DeviceAuthPayload &payload);
// Trim, then lower A-Z only (the gateway's normalisation; non-ASCII letters stay as they are).
QString normalizeDeviceMetadata(const QString &value);

QString base64UrlEncode(const QByteArray &bytes); // no padding
QByteArray base64UrlDecode(const QString &text, bool *ok);

// An Ed25519 device key pair. The private key lives in a PEM (PKCS#8) file readable by its owner
// only; it is generated once and then reused, because the gateway pairs devices by key.
class DeviceIdentity
{
public:
    // Loads the key at `pemPath`, or generates and stores one when the file does not exist.
    // A file that exists but is not an Ed25519 key is an error: silently replacing it would
    // turn this console into a new, unpaired device.
    static std::optional<DeviceIdentity> loadOrCreate(const QString &pemPath, QString *error);
    static std::optional<DeviceIdentity> generate(QString *error);
    static std::optional<DeviceIdentity> fromPrivateKeyPem(const QByteArray &pem, QString *error);

    // Lowercase hex SHA-256 of the raw 32-byte public key.
    QString deviceId() const { return m_deviceId; }
    QByteArray publicKeyRaw() const { return m_publicKeyRaw; }
    QString publicKeyBase64Url() const { return base64UrlEncode(m_publicKeyRaw); }
    QByteArray privateKeyPem() const;

    // Raw 64-byte Ed25519 signature; empty on failure.
    QByteArray sign(const QByteArray &message) const;
    // base64url(no pad) signature over the UTF-8 bytes of `payload`, as device.signature.
    QString signPayload(const QString &payload) const;

    static QString deviceIdForPublicKey(const QByteArray &publicKeyRaw);
    static bool verify(const QByteArray &publicKeyRaw, const QByteArray &message,
                       const QByteArray &signature);

private:
    DeviceIdentity() = default;
    static std::optional<DeviceIdentity> fromKey(evp_pkey_st *key, QString *error);

    std::shared_ptr<evp_pkey_st> m_key;
    QByteArray m_publicKeyRaw;
    QString m_deviceId;
};

} // namespace clawops::gateway
