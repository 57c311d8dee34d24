// Ring 1: the Ed25519 device identity, the signed payload strings, and owner-only storage of the
// key and of issued device tokens. Signatures are checked with OpenSSL directly, not with the
// code under test.

#include "gateway/DeviceIdentity.h"
#include "gateway/DeviceTokenStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <openssl/evp.h>
#include <sys/stat.h>

using namespace clawops::gateway;

namespace {

unsigned fileMode(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 0777u;
}

bool opensslVerifies(const QByteArray &publicKey, const QByteArray &message,
                     const QByteArray &signature)
{
    struct KeyFree
    {
        void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    };
    struct CtxFree
    {
        void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
    };
    std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char *>(publicKey.constData()),
        static_cast<size_t>(publicKey.size())));
    std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
    return key && ctx &&
           EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(),
                            reinterpret_cast<const unsigned char *>(signature.constData()),
                            static_cast<size_t>(signature.size()),
                            reinterpret_cast<const unsigned char *>(message.constData()),
                            static_cast<size_t>(message.size())) == 1;
}

// RFC 8032 §7.1, TEST 1: the private key as PKCS#8 PEM (fixed DER prefix + 32-byte seed).
QByteArray rfc8032Test1Pem()
{
    const QByteArray der =
        QByteArray::fromHex("302e020100300506032b657004220420") +
        QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    return "-----BEGIN PRIVATE KEY-----\n" + der.toBase64() + "\n-----END PRIVATE KEY-----\n";
}

DeviceAuthPayload samplePayload()
{
    DeviceAuthPayload payload;
    payload.deviceId = QStringLiteral("dev-1");
    payload.clientId = QStringLiteral("openclaw-linux");
    payload.clientMode = QStringLiteral("ui");
    payload.role = QStringLiteral("operator");
    payload.scopes = {QStringLiteral("operator.read"), QStringLiteral("operator.write"),
                      QStringLiteral("operator.admin")};
    payload.signedAtMs = 1795468823691;
    payload.token = QStringLiteral("tok");
    payload.nonce = QStringLiteral("3e1fe959-86e5-4a90-bd4c-bfa5a293ce4b");
    payload.platform = QStringLiteral(" Linux ");
    payload.deviceFamily = QStringLiteral("DeskTop");
    return payload;
}

} // namespace

class TestDeviceIdentity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generatesAnEd25519Key()
    {
        QString error;
        const auto identity = DeviceIdentity::generate(&error);
        QVERIFY2(identity, qPrintable(error));
        QCOMPARE(identity->publicKeyRaw().size(), 32);
        QCOMPARE(identity->deviceId().size(), 64);
        QCOMPARE(identity->deviceId(), identity->deviceId().toLower());
        QCOMPARE(identity->deviceId(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(identity->publicKeyRaw(), QCryptographicHash::Sha256)
                         .toHex()));
        const QString publicKey = identity->publicKeyBase64Url();
        QCOMPARE(publicKey.size(), 43); // 32 bytes, base64url, no padding
        QVERIFY(!publicKey.contains(QLatin1Char('=')) && !publicKey.contains(QLatin1Char('+')) &&
                !publicKey.contains(QLatin1Char('/')));
    }

    void persistsOwnerOnlyAndReloadsTheSameIdentity()
    {
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("config/gateway"));
        const QString path = dir + QStringLiteral("/device-ed25519.pem");
        QString error;
        const auto created = DeviceIdentity::loadOrCreate(path, &error);
        QVERIFY2(created, qPrintable(error));
        QCOMPARE(fileMode(path), 0600u);
        QCOMPARE(fileMode(dir), 0700u);
        QVERIFY(!QFile::exists(path + QStringLiteral(".tmp")));

        const auto reloaded = DeviceIdentity::loadOrCreate(path, &error);
        QVERIFY2(reloaded, qPrintable(error));
        QCOMPARE(reloaded->deviceId(), created->deviceId());
        QCOMPARE(reloaded->publicKeyRaw(), created->publicKeyRaw());
        const QByteArray message("same key");
        QVERIFY(opensslVerifies(created->publicKeyRaw(), message, reloaded->sign(message)));
    }

    void refusesAKeyOthersCanRead()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("key.pem"));
        QString error;
        const auto created = DeviceIdentity::loadOrCreate(path, &error);
        QVERIFY(created);
        QCOMPARE(fileMode(path), 0600u);
        QCOMPARE(fileMode(QFileInfo(path).absolutePath()), 0700u);
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner |
                                                QFile::ReadGroup | QFile::ReadOther));
        // Refused, with the command that fixes it; the key itself is left alone.
        QVERIFY(!DeviceIdentity::loadOrCreate(path, &error));
        QVERIFY2(error.contains(QStringLiteral("chmod 600")), qPrintable(error));
        QCOMPARE(fileMode(path), 0644u);
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
        const auto again = DeviceIdentity::loadOrCreate(path, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->deviceId(), created->deviceId());
    }

    void refusesToReplaceADamagedKey()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("key.pem"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a key at all");
        file.close();
        QString error;
        QVERIFY(!DeviceIdentity::loadOrCreate(path, &error));
        QVERIFY(error.contains(path));
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), QByteArray("not a key at all")); // untouched
    }

    void signatureVerifiesWithOpenSsl()
    {
        QString error;
        const auto identity = DeviceIdentity::generate(&error);
        QVERIFY(identity);
        DeviceAuthPayload fields = samplePayload();
        fields.deviceId = identity->deviceId();
        const QString payload = buildDeviceAuthPayloadV3(fields);
        bool ok = false;
        const QByteArray signature = base64UrlDecode(identity->signPayload(payload), &ok);
        QVERIFY(ok);
        QCOMPARE(signature.size(), 64);
        QVERIFY(opensslVerifies(identity->publicKeyRaw(), payload.toUtf8(), signature));
        QVERIFY(DeviceIdentity::verify(identity->publicKeyRaw(), payload.toUtf8(), signature));
        QVERIFY(!opensslVerifies(identity->publicKeyRaw(), (payload + QLatin1Char('x')).toUtf8(),
                                 signature));
    }

    void matchesTheRfc8032KnownAnswer()
    {
        QString error;
        const auto identity = DeviceIdentity::fromPrivateKeyPem(rfc8032Test1Pem(), &error);
        QVERIFY2(identity, qPrintable(error));
        QCOMPARE(identity->publicKeyRaw().toHex(),
                 QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        QCOMPARE(identity->sign(QByteArray()).toHex(),
                 QByteArray("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
    }

    void payloadV3IsExact()
    {
        QCOMPARE(buildDeviceAuthPayloadV3(samplePayload()),
                 QStringLiteral("v3|dev-1|openclaw-linux|ui|operator|"
                                "operator.read,operator.write,operator.admin|1795468823691|tok|"
                                "3e1fe959-86e5-4a90-bd4c-bfa5a293ce4b|linux|desktop"));
    }

    void payloadV3WithoutTokenOrFamily()
    {
        DeviceAuthPayload fields = samplePayload();
        fields.token.clear();
        fields.deviceFamily.clear();
        fields.scopes = {QStringLiteral("operator.read")};
        QCOMPARE(buildDeviceAuthPayloadV3(fields),
                 QStringLiteral("v3|dev-1|openclaw-linux|ui|operator|operator.read|1795468823691|"
                                "|3e1fe959-86e5-4a90-bd4c-bfa5a293ce4b|linux|"));
    }

    void payloadV2IsExact()
    {
        QCOMPARE(buildDeviceAuthPayloadV2(samplePayload()),
                 QStringLiteral("v2|dev-1|openclaw-linux|ui|operator|"
                                "operator.read,operator.write,operator.admin|1795468823691|tok|"
                                "3e1fe959-86e5-4a90-bd4c-bfa5a293ce4b"));
    }

    void normalizesOnlyAsciiLetters()
    {
        QCOMPARE(normalizeDeviceMetadata(QStringLiteral("  MacIntel\t")),
                 QStringLiteral("macintel"));
        // The gateway lowers A-Z only; other letters stay as they are.
        QCOMPARE(normalizeDeviceMetadata(QStringLiteral("ÉCRAN Desk")),
                 QStringLiteral("Écran desk"));
        QCOMPARE(normalizeDeviceMetadata(QString()), QString());
    }

    void recordedDeviceIdMatchesItsPublicKey()
    {
        QFile file(QStringLiteral(CLAWOPS_GATEWAY_DATA_DIR "/hello-challenge-connect.jsonl"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        const QJsonObject device = QJsonDocument::fromJson(lines.at(1))
                                       .object()
                                       .value(QLatin1String("frame"))
                                       .toObject()
                                       .value(QLatin1String("params"))
                                       .toObject()
                                       .value(QLatin1String("device"))
                                       .toObject();
        bool ok = false;
        const QByteArray raw =
            base64UrlDecode(device.value(QLatin1String("publicKey")).toString(), &ok);
        QVERIFY(ok);
        QCOMPARE(raw.size(), 32);
        QCOMPARE(DeviceIdentity::deviceIdForPublicKey(raw),
                 device.value(QLatin1String("id")).toString());
    }

    void base64UrlRoundTrips()
    {
        const QByteArray bytes = QByteArray::fromHex("fbff00fe3e3f");
        const QString text = base64UrlEncode(bytes);
        QCOMPARE(text, QStringLiteral("-_8A_j4_"));
        bool ok = false;
        QCOMPARE(base64UrlDecode(text, &ok), bytes);
        QVERIFY(ok);
        base64UrlDecode(QStringLiteral("not*base64"), &ok);
        QVERIFY(!ok);
    }

    void tokenStoreKeepsOneTokenPerGatewayDeviceAndRole()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("state/device-tokens.json"));
        DeviceTokenStore store(path);
        const QString gatewayA =
            DeviceTokenStore::gatewayKey(QUrl(QStringLiteral("ws://127.0.0.1:18789/")));
        const QString gatewayB =
            DeviceTokenStore::gatewayKey(QUrl(QStringLiteral("wss://gw.example/")));
        QVERIFY(!store.find(gatewayA, QStringLiteral("d1"), QStringLiteral("operator")));

        StoredDeviceToken entry{gatewayA,
                                QStringLiteral("d1"),
                                QStringLiteral("operator"),
                                QStringLiteral("t1"),
                                {QStringLiteral("operator.read")},
                                1234};
        QVERIFY(store.save(entry));
        entry.gateway = gatewayB;
        entry.token = QStringLiteral("t2");
        QVERIFY(store.save(entry));
        QCOMPARE(fileMode(path), 0600u);

        const auto a = store.find(gatewayA, QStringLiteral("d1"), QStringLiteral("operator"));
        QVERIFY(a);
        QCOMPARE(a->token, QStringLiteral("t1"));
        QCOMPARE(a->scopes, QStringList{QStringLiteral("operator.read")});
        QCOMPARE(a->issuedAtMs, 1234);
        QCOMPARE(store.find(gatewayB, QStringLiteral("d1"), QStringLiteral("operator"))->token,
                 QStringLiteral("t2"));
        QVERIFY(!store.find(gatewayA, QStringLiteral("d1"), QStringLiteral("node")));

        entry.gateway = gatewayA;
        entry.token = QStringLiteral("t3"); // re-issued: replaces, not appends
        QVERIFY(store.save(entry));
        QCOMPARE(store.find(gatewayA, QStringLiteral("d1"), QStringLiteral("operator"))->token,
                 QStringLiteral("t3"));
        QVERIFY(store.remove(gatewayA, QStringLiteral("d1"), QStringLiteral("operator")));
        QVERIFY(!store.find(gatewayA, QStringLiteral("d1"), QStringLiteral("operator")));
        QVERIFY(store.find(gatewayB, QStringLiteral("d1"), QStringLiteral("operator")));
    }

    void tokenStoreSurvivesADamagedFile()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("device-tokens.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"tokens\": [");
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        DeviceTokenStore store(path);
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("damaged device token file")));
        QVERIFY(!store.find(QStringLiteral("g"), QStringLiteral("d"), QStringLiteral("operator")));
    }

    void gatewayKeyNormalisesTheUrl()
    {
        QCOMPARE(DeviceTokenStore::gatewayKey(QUrl(QStringLiteral("ws://LocalHost/"))),
                 DeviceTokenStore::gatewayKey(QUrl(QStringLiteral("ws://localhost:80"))));
        QCOMPARE(DeviceTokenStore::gatewayKey(QUrl(QStringLiteral("wss://gw.example/a/?x=1"))),
                 QStringLiteral("wss://gw.example:443/a"));
        QVERIFY(DeviceTokenStore::gatewayKey(QUrl(QStringLiteral("ws://127.0.0.1:1/"))) !=
                DeviceTokenStore::gatewayKey(QUrl(QStringLiteral("ws://127.0.0.1:2/"))));
    }
};

QTEST_GUILESS_MAIN(TestDeviceIdentity)
#include "tst_device_identity.moc"
