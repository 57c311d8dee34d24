#include "SimDeviceAuth.h"

#include <QCryptographicHash>

#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace clawops::sim {

namespace {

// trim + lowercase A-Z, as the gateway normalises platform and deviceFamily.
QString normalized(const QString &value)
{
    QString out;
    for (QChar c : value.trimmed())
        out.append((c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ? QChar(c.unicode() + 32) : c);
    return out;
}

struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};

} // namespace

QString simPayloadV3(const SimSignedFields &f)
{
    return QStringList{QStringLiteral("v3"),
                       f.deviceId,
                       f.clientId,
                       f.clientMode,
                       f.role,
                       f.scopes.join(QLatin1Char(',')),
                       QString::number(f.signedAtMs),
                       f.token,
                       f.nonce,
                       normalized(f.platform),
                       normalized(f.deviceFamily)}
        .join(QLatin1Char('|'));
}

QString simPayloadV2(const SimSignedFields &f)
{
    return QStringList{QStringLiteral("v2"),
                       f.deviceId,
                       f.clientId,
                       f.clientMode,
                       f.role,
                       f.scopes.join(QLatin1Char(',')),
                       QString::number(f.signedAtMs),
                       f.token,
                       f.nonce}
        .join(QLatin1Char('|'));
}

QByteArray simDecodeBase64Url(const QString &text, bool *ok)
{
    QByteArray input = text.toLatin1();
    while (input.endsWith('='))
        input.chop(1);
    auto result = QByteArray::fromBase64Encoding(
        input, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    *ok = static_cast<bool>(result) && !input.isEmpty();
    return *ok ? result.decoded : QByteArray();
}

QByteArray simDecodePublicKey(const QString &publicKey)
{
    if (publicKey.startsWith(QLatin1String("-----BEGIN"))) {
        const QByteArray pem = publicKey.toLatin1();
        std::unique_ptr<BIO, BioFree> bio(
            BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
        std::unique_ptr<EVP_PKEY, PkeyFree> key(
            bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
        unsigned char raw[32] = {};
        size_t length = sizeof raw;
        const bool ok = key && EVP_PKEY_get_id(key.get()) == EVP_PKEY_ED25519 &&
                        EVP_PKEY_get_raw_public_key(key.get(), raw, &length) == 1 &&
                        length == sizeof raw;
        ERR_clear_error();
        return ok ? QByteArray(reinterpret_cast<const char *>(raw), sizeof raw) : QByteArray();
    }
    bool ok = false;
    const QByteArray raw = simDecodeBase64Url(publicKey, &ok);
    return ok && raw.size() == 32 ? raw : QByteArray();
}

QString simDeviceIdFor(const QByteArray &rawPublicKey)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(rawPublicKey, QCryptographicHash::Sha256).toHex());
}

bool simVerifyEd25519(const QByteArray &rawPublicKey, const QByteArray &message,
                      const QByteArray &signature)
{
    if (rawPublicKey.size() != 32 || signature.size() != 64)
        return false;
    std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr,
        reinterpret_cast<const unsigned char *>(rawPublicKey.constData()), 32));
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    const bool ok =
        key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                         64, reinterpret_cast<const unsigned char *>(message.constData()),
                         static_cast<size_t>(message.size())) == 1;
    ERR_clear_error();
    return ok;
}

} // namespace clawops::sim
