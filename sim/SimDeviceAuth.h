#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace clawops::sim {

// The gateway side of device authentication, written independently of the engine's client so
// that a mistake in one is caught by the other in the loopback tests.

struct SimSignedFields
{
    QString deviceId;
    QString clientId;
    QString clientMode;
    QString role;
    QStringList scopes;
    qint64 signedAtMs = 0;
    QString token;
    QString nonce;
    QString platform;
    QString deviceFamily;
};

QString simPayloadV3(const SimSignedFields &fields);
QString simPayloadV2(const SimSignedFields &fields);

// Raw 32-byte Ed25519 key from base64url (no padding) or a PEM SPKI block; empty when invalid.
QByteArray simDecodePublicKey(const QString &publicKey);
QByteArray simDecodeBase64Url(const QString &text, bool *ok);
QString simDeviceIdFor(const QByteArray &rawPublicKey);
bool simVerifyEd25519(const QByteArray &rawPublicKey, const QByteArray &message,
                      const QByteArray &signature);

} // namespace clawops::sim
