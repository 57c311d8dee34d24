#include "DeviceIdentity.h"

#include "OwnerOnlyFile.h"

#include <QCryptographicHash>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace clawops::gateway {

namespace {

constexpr size_t kEd25519KeyBytes = 32;
constexpr size_t kEd25519SignatureBytes = 64;

QString openSslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QString::fromLatin1(what);
    char buffer[256] = {};
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QStringLiteral("%1 (%2)").arg(QString::fromLatin1(what), QString::fromLatin1(buffer));
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

struct BioDeleter
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
struct PkeyCtxDeleter
{
    void operator()(EVP_PKEY_CTX *ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct PkeyDeleter
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};

QString joinPayload(const QStringList &parts)
{
    return parts.join(QLatin1Char('|'));
}

} // namespace

QString normalizeDeviceMetadata(const QString &value)
{
    QString out = value.trimmed();
    for (QChar &c : out) {
        if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            c = QChar(c.unicode() + ('a' - 'A'));
    }
    return out;
}

QString buildDeviceAuthPayloadV3(const DeviceAuthPayload &p)
{
    return joinPayload({QStringLiteral("v3"), p.deviceId, p.clientId, p.clientMode, p.role,
                        p.scopes.join(QLatin1Char(',')), QString::number(p.signedAtMs), p.token,
                        p.nonce, normalizeDeviceMetadata(p.platform),
                        normalizeDeviceMetadata(p.deviceFamily)});
}

QString buildDeviceAuthPayloadV2(const DeviceAuthPayload &p)
{
    return joinPayload({QStringLiteral("v2"), p.deviceId, p.clientId, p.clientMode, p.role,
                        p.scopes.join(QLatin1Char(',')), QString::number(p.signedAtMs), p.token,
                        p.nonce});
}

QString base64UrlEncode(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray base64UrlDecode(const QString &text, bool *ok)
{
    QByteArray input = text.toLatin1();
    while (input.endsWith('='))
        input.chop(1);
    auto result = QByteArray::fromBase64Encoding(
        input, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    *ok = static_cast<bool>(result) && !text.isEmpty();
    return *ok ? result.decoded : QByteArray();
}

std::optional<DeviceIdentity> DeviceIdentity::fromKey(EVP_PKEY *key, QString *error)
{
    std::shared_ptr<EVP_PKEY> owned(key, PkeyDeleter());
    if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
        setError(error, QStringLiteral("the device key is not an Ed25519 key"));
        return std::nullopt;
    }
    unsigned char raw[kEd25519KeyBytes] = {};
    size_t length = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key, raw, &length) != 1 || length != kEd25519KeyBytes) {
        setError(error, openSslError("cannot read the device public key"));
        return std::nullopt;
    }
    DeviceIdentity identity;
    identity.m_key = std::move(owned);
    identity.m_publicKeyRaw =
        QByteArray(reinterpret_cast<const char *>(raw), static_cast<qsizetype>(length));
    identity.m_deviceId = deviceIdForPublicKey(identity.m_publicKeyRaw);
    return identity;
}

std::optional<DeviceIdentity> DeviceIdentity::generate(QString *error)
{
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
        EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    EVP_PKEY *key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &key) != 1) {
        setError(error, openSslError("cannot generate an Ed25519 key"));
        return std::nullopt;
    }
    return fromKey(key, error);
}

std::optional<DeviceIdentity> DeviceIdentity::fromPrivateKeyPem(const QByteArray &pem,
                                                                QString *error)
{
    std::unique_ptr<BIO, BioDeleter> bio(
        BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!key) {
        setError(error, openSslError("the device key file does not hold a PEM private key"));
        return std::nullopt;
    }
    return fromKey(key, error);
}

std::optional<DeviceIdentity> DeviceIdentity::loadOrCreate(const QString &pemPath, QString *error)
{
    QByteArray pem;
    bool exists = false;
    QString readError;
    if (!readOwnerOnlyFile(pemPath, &pem, &exists, &readError)) {
        setError(error, readError);
        return std::nullopt;
    }
    if (exists) {
        QString parseError;
        auto identity = fromPrivateKeyPem(pem, &parseError);
        if (!identity)
            setError(error, QStringLiteral("%1: %2").arg(pemPath, parseError));
        return identity;
    }
    auto identity = generate(error);
    if (!identity)
        return std::nullopt;
    QString writeError;
    if (!writeOwnerOnlyFile(pemPath, identity->privateKeyPem(), &writeError)) {
        setError(error, writeError);
        return std::nullopt;
    }
    return identity;
}

QByteArray DeviceIdentity::privateKeyPem() const
{
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1)
        return {};
    char *data = nullptr;
    // BIO_get_mem_data() is a macro with a C cast; call what it expands to.
    const long length = BIO_ctrl(bio.get(), BIO_CTRL_INFO, 0, &data);
    return QByteArray(data, static_cast<qsizetype>(length));
}

QByteArray DeviceIdentity::sign(const QByteArray &message) const
{
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    unsigned char signature[kEd25519SignatureBytes] = {};
    size_t length = sizeof signature;
    // Ed25519 signs the message itself (no pre-hash), hence the null digest.
    if (!ctx || !m_key ||
        EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature, &length,
                       reinterpret_cast<const unsigned char *>(message.constData()),
                       static_cast<size_t>(message.size())) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(signature), static_cast<qsizetype>(length));
}

QString DeviceIdentity::signPayload(const QString &payload) const
{
    const QByteArray signature = sign(payload.toUtf8());
    return signature.isEmpty() ? QString() : base64UrlEncode(signature);
}

QString DeviceIdentity::deviceIdForPublicKey(const QByteArray &publicKeyRaw)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(publicKeyRaw, QCryptographicHash::Sha256).toHex());
}

bool DeviceIdentity::verify(const QByteArray &publicKeyRaw, const QByteArray &message,
                            const QByteArray &signature)
{
    if (publicKeyRaw.size() != static_cast<qsizetype>(kEd25519KeyBytes) ||
        signature.size() != static_cast<qsizetype>(kEd25519SignatureBytes))
        return false;
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr,
        reinterpret_cast<const unsigned char *>(publicKeyRaw.constData()), kEd25519KeyBytes));
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    const bool ok =
        key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                         kEd25519SignatureBytes,
                         reinterpret_cast<const unsigned char *>(message.constData()),
                         static_cast<size_t>(message.size())) == 1;
    ERR_clear_error();
    return ok;
}

} // namespace clawops::gateway
