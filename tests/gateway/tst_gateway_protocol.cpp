// Ring 1: the protocol client's pure parts against recorded frames. hello-ok and the challenge
// as a real gateway sent them, the connect params' closed schema, which credential is presented,
// what happens after each refusal, and the reconnect ramp.

#include "SimConnectValidator.h"
#include "SimDeviceAuth.h"
#include "gateway/ConnectErrorPolicy.h"
#include "gateway/ConnectParams.h"
#include "gateway/DeviceIdentity.h"
#include "gateway/GatewayJson.h"
#include "gateway/GatewayTypes.h"
#include "gateway/LogThrottle.h"
#include "gateway/ReconnectBackoff.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace clawops;
using namespace clawops::gateway;

Q_DECLARE_METATYPE(clawops::gateway::AuthSource)
Q_DECLARE_METATYPE(clawops::gateway::AuthStage)
Q_DECLARE_METATYPE(clawops::gateway::ConnectErrorDecision::Kind)

namespace {

QByteArray readData(const QString &name)
{
    QFile file(QStringLiteral(CLAWOPS_GATEWAY_DATA_DIR "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject recordedFrame(int line)
{
    return QJsonDocument::fromJson(
               readData(QStringLiteral("hello-challenge-connect.jsonl")).split('\n').at(line))
        .object()
        .value(QLatin1String("frame"))
        .toObject();
}

QJsonObject recordedRejection(const QString &probeCase)
{
    return QJsonDocument::fromJson(readData(QStringLiteral("auth-probe.json")))
        .object()
        .value(probeCase)
        .toObject()
        .value(QLatin1String("rejected"))
        .toObject();
}

QSet<QString> keysOf(const QJsonObject &object)
{
    const QStringList keys = object.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

class FixedRandom final : public core::RandomSource
{
public:
    explicit FixedRandom(double value)
        : m_value(value)
    {}
    double uniform01() override { return m_value; }

private:
    double m_value;
};

StoredDeviceToken storedToken(QStringList scopes)
{
    StoredDeviceToken token;
    token.token = QStringLiteral("device-tok");
    token.scopes = std::move(scopes);
    return token;
}

} // namespace

class TestGatewayProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheRecordedHelloOk()
    {
        const QJsonObject payload =
            QJsonDocument::fromJson(readData(QStringLiteral("hello-ok.json"))).object();
        HelloInfo hello;
        QString error;
        QVERIFY2(parseHelloOk(payload, &hello, &error), qPrintable(error));
        QCOMPARE(hello.protocol, 4);
        QCOMPARE(hello.serverVersion, QStringLiteral("2026.9.6"));
        QCOMPARE(hello.connId, QStringLiteral("269a0e6f-9356-4669-9b9c-1bbf8bdebfaf"));
        QCOMPARE(hello.methods.size(), 466);
        QCOMPARE(hello.events.size(), 64);
        QVERIFY(hello.hasMethod(QStringLiteral("sessions.subscribe")));
        QVERIFY(hello.hasMethod(QStringLiteral("tasks.cancel")));
        QCOMPARE(hello.authMethod, QStringLiteral("token"));
        QCOMPARE(hello.role, QStringLiteral("operator"));
        QVERIFY(scopesAllowRead(hello.scopes));
        QVERIFY(hello.deviceTokenIssued);
        QCOMPARE(hello.policy.maxPayload, Q_INT64_C(26214400));
        QCOMPARE(hello.policy.maxBufferedBytes, Q_INT64_C(52428800));
        QCOMPARE(hello.policy.tickIntervalMs, 30000);
        QCOMPARE(hello.snapshot.value(QLatin1String("sessionDefaults"))
                     .toObject()
                     .value(QLatin1String("mainSessionKey"))
                     .toString(),
                 QStringLiteral("agent:main:main"));
    }

    void rejectsWhatIsNotHelloOk()
    {
        HelloInfo hello;
        QString error;
        QVERIFY(!parseHelloOk(QJsonObject{{QStringLiteral("type"), QStringLiteral("hello")}},
                              &hello, &error));
        QVERIFY(!error.isEmpty());
    }

    void missingPolicyFallsBackToDefaults()
    {
        HelloInfo hello;
        QString error;
        QVERIFY(parseHelloOk(QJsonObject{{QStringLiteral("type"), QStringLiteral("hello-ok")},
                                         {QStringLiteral("policy"),
                                          QJsonObject{{QStringLiteral("tickIntervalMs"), -5}}}},
                             &hello, &error));
        QCOMPARE(hello.policy.tickIntervalMs, 30000);
        QCOMPARE(hello.policy.maxPayload, Q_INT64_C(25) * 1024 * 1024);
        QVERIFY(!scopesAllowRead(hello.scopes));
    }

    void parsesTheRecordedChallenge()
    {
        const QJsonObject frame = recordedFrame(0);
        QCOMPARE(frame.value(QLatin1String("event")).toString(),
                 QStringLiteral("connect.challenge"));
        ConnectChallenge challenge;
        QString error;
        QVERIFY(parseConnectChallenge(frame.value(QLatin1String("payload")).toObject(), &challenge,
                                      &error));
        QCOMPARE(challenge.nonce, QStringLiteral("3e1fe959-86e5-4a90-bd4c-bfa5a293ce4b"));
        QCOMPARE(challenge.ts, Q_INT64_C(1795468823691));
    }

    void rejectsInvalidChallenges_data()
    {
        QTest::addColumn<QJsonObject>("payload");
        QTest::newRow("no nonce") << QJsonObject{{QStringLiteral("ts"), 1}};
        QTest::newRow("blank nonce") << QJsonObject{{QStringLiteral("nonce"), QStringLiteral(" ")},
                                                    {QStringLiteral("ts"), 1}};
        QTest::newRow("no ts") << QJsonObject{{QStringLiteral("nonce"), QStringLiteral("n")}};
        QTest::newRow("string ts") << QJsonObject{{QStringLiteral("nonce"), QStringLiteral("n")},
                                                  {QStringLiteral("ts"), QStringLiteral("1")}};
        QTest::newRow("fractional ts") << QJsonObject{
            {QStringLiteral("nonce"), QStringLiteral("n")}, {QStringLiteral("ts"), 1.5}};
    }

    void rejectsInvalidChallenges()
    {
        QFETCH(QJsonObject, payload);
        ConnectChallenge challenge;
        QString error;
        QVERIFY(!parseConnectChallenge(payload, &challenge, &error));
        QVERIFY(!error.isEmpty());
    }

    void connectParamsStayWithinTheSchema()
    {
        QString error;
        const auto identity = DeviceIdentity::generate(&error);
        QVERIFY(identity);
        GatewayClientConfig config;
        config.url = QUrl(QStringLiteral("ws://127.0.0.1:18789/"));
        config.clientVersion = QStringLiteral("1.2.3");
        config.locale = QStringLiteral("en-US");
        config.userAgent = QStringLiteral("ClawOps/1.2.3");
        const ConnectChallenge challenge{QStringLiteral("nonce-1"), 1795468823691};
        ConnectAuth auth;
        auth.source = AuthSource::SharedToken;
        auth.token = QStringLiteral("shared");
        const QJsonObject params = buildConnectParams(config, challenge, auth, &*identity);

        // The same top-level fields as the recorded connect frame of the official client path.
        const QJsonObject recorded = recordedFrame(1).value(QLatin1String("params")).toObject();
        QCOMPARE(keysOf(params), keysOf(recorded));
        QCOMPARE(keysOf(params.value(QLatin1String("device")).toObject()),
                 keysOf(recorded.value(QLatin1String("device")).toObject()));
        QCOMPARE(keysOf(params.value(QLatin1String("auth")).toObject()),
                 QSet<QString>{QStringLiteral("token")});
        QCOMPARE(keysOf(params.value(QLatin1String("client")).toObject()),
                 (QSet<QString>{QStringLiteral("id"), QStringLiteral("version"),
                                QStringLiteral("platform"), QStringLiteral("mode"),
                                QStringLiteral("displayName"), QStringLiteral("deviceFamily")}));
        QCOMPARE(params.value(QLatin1String("minProtocol")).toInt(), 4);
        QCOMPARE(params.value(QLatin1String("maxProtocol")).toInt(), 4);
        QCOMPARE(params.value(QLatin1String("scopes")).toArray(),
                 QJsonArray::fromStringList(defaultOperatorScopes()));
        // And the simulated gateway's closed-schema check accepts them.
        QVERIFY(!sim::validateConnectSchema(params).has_value());

        // The signature covers the v3 payload with the challenge's ts and nonce and the token.
        const QJsonObject device = params.value(QLatin1String("device")).toObject();
        QCOMPARE(device.value(QLatin1String("signedAt")).toInteger(), challenge.ts);
        QCOMPARE(device.value(QLatin1String("nonce")).toString(), challenge.nonce);
        QCOMPARE(device.value(QLatin1String("id")).toString(), identity->deviceId());
        const QString expected =
            QStringLiteral("v3|%1|openclaw-linux|ui|operator|operator.read,operator.write,"
                           "operator.admin|1795468823691|shared|nonce-1|linux|desktop")
                .arg(identity->deviceId());
        bool ok = false;
        const QByteArray signature =
            sim::simDecodeBase64Url(device.value(QLatin1String("signature")).toString(), &ok);
        QVERIFY(ok);
        QVERIFY(sim::simVerifyEd25519(
            sim::simDecodePublicKey(device.value(QLatin1String("publicKey")).toString()),
            expected.toUtf8(), signature));
    }

    void connectParamsOmitWhatIsNotThere()
    {
        GatewayClientConfig config;
        config.clientVersion = QStringLiteral("1");
        config.deviceFamily.clear();
        config.displayName.clear();
        const QJsonObject params = buildConnectParams(
            config, ConnectChallenge{QStringLiteral("n"), 1}, ConnectAuth{}, nullptr);
        QVERIFY(!params.contains(QLatin1String("auth")));
        QVERIFY(!params.contains(QLatin1String("device")));
        QVERIFY(!params.contains(QLatin1String("locale")));
        const QJsonObject client = params.value(QLatin1String("client")).toObject();
        QVERIFY(!client.contains(QLatin1String("deviceFamily")));
        QVERIFY(!client.contains(QLatin1String("displayName")));
        QVERIFY(!sim::validateConnectSchema(params).has_value());
    }

    void selectsTheCredential_data()
    {
        QTest::addColumn<QString>("shared");
        QTest::addColumn<bool>("haveStored");
        QTest::addColumn<QStringList>("storedScopes");
        QTest::addColumn<AuthStage>("stage");
        QTest::addColumn<AuthSource>("source");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("deviceToken");

        const QStringList all = defaultOperatorScopes();
        const QStringList readOnly{QStringLiteral("operator.read")};
        const QString shared = QStringLiteral("shared");
        const QString device = QStringLiteral("device-tok");
        QTest::newRow("shared only") << shared << false << QStringList() << AuthStage::Preferred
                                     << AuthSource::SharedToken << shared << QString();
        QTest::newRow("stored preferred") << shared << true << all << AuthStage::Preferred
                                          << AuthSource::DeviceToken << device << device;
        QTest::newRow("stored lacks scopes") << shared << true << readOnly << AuthStage::Preferred
                                             << AuthSource::SharedToken << shared << QString();
        QTest::newRow("stored is all there is")
            << QString() << true << readOnly << AuthStage::Preferred << AuthSource::DeviceToken
            << device << device;
        QTest::newRow("after device token refused")
            << shared << true << all << AuthStage::SharedOnly << AuthSource::SharedToken << shared
            << QString();
        QTest::newRow("after shared token refused")
            << shared << true << all << AuthStage::DeviceTokenRetry << AuthSource::SharedWithDevice
            << shared << device;
        QTest::newRow("nothing") << QString() << false << QStringList() << AuthStage::Preferred
                                 << AuthSource::None << QString() << QString();
    }

    void selectsTheCredential()
    {
        QFETCH(QString, shared);
        QFETCH(bool, haveStored);
        QFETCH(QStringList, storedScopes);
        QFETCH(AuthStage, stage);
        QFETCH(AuthSource, source);
        QFETCH(QString, token);
        QFETCH(QString, deviceToken);
        const std::optional<StoredDeviceToken> stored =
            haveStored ? std::optional(storedToken(storedScopes)) : std::nullopt;
        const ConnectAuth auth = selectConnectAuth(shared, stored, defaultOperatorScopes(), stage);
        QVERIFY(auth.source == source);
        QCOMPARE(auth.token, token);
        QCOMPARE(auth.deviceToken, deviceToken);
        QCOMPARE(auth.signatureToken(), token.isEmpty() ? deviceToken : token);
    }

    void decidesAfterARefusal_data()
    {
        using Kind = ConnectErrorDecision::Kind;
        QTest::addColumn<QJsonObject>("error");
        QTest::addColumn<AuthSource>("used");
        QTest::addColumn<bool>("haveShared");
        QTest::addColumn<bool>("haveStored");
        QTest::addColumn<bool>("fallbackUsed");
        QTest::addColumn<Kind>("kind");

        const QJsonObject mismatch = recordedRejection(QStringLiteral("device,wrong-token"));
        const QJsonObject mismatchNoRetry =
            recordedRejection(QStringLiteral("no-device,wrong-token"));
        const QJsonObject missing = recordedRejection(QStringLiteral("device,no-token"));
        const QJsonObject badClient = recordedRejection(QStringLiteral("client.id=unknown-thing"));
        const QJsonObject starting{
            {QStringLiteral("code"), QStringLiteral("UNAVAILABLE")},
            {QStringLiteral("message"), QStringLiteral("gateway starting")},
            {QStringLiteral("retryable"), true},
            {QStringLiteral("retryAfterMs"), 500},
            {QStringLiteral("details"),
             QJsonObject{{QStringLiteral("reason"), QStringLiteral("startup-sidecars")}}}};
        auto pairing = [](const QJsonValue &pause, const QString &next) {
            QJsonObject details{{QStringLiteral("code"), QStringLiteral("PAIRING_REQUIRED")},
                                {QStringLiteral("requestId"), QStringLiteral("r1")},
                                {QStringLiteral("recommendedNextStep"), next}};
            if (!pause.isUndefined())
                details.insert(QStringLiteral("pauseReconnect"), pause);
            return QJsonObject{{QStringLiteral("code"), QStringLiteral("NOT_PAIRED")},
                               {QStringLiteral("message"), QStringLiteral("pairing required")},
                               {QStringLiteral("details"), details}};
        };
        const QJsonObject deviceTokenMismatch{
            {QStringLiteral("code"), QStringLiteral("INVALID_REQUEST")},
            {QStringLiteral("details"),
             QJsonObject{{QStringLiteral("code"), QStringLiteral("AUTH_DEVICE_TOKEN_MISMATCH")}}}};
        const QJsonObject signature{
            {QStringLiteral("code"), QStringLiteral("INVALID_REQUEST")},
            {QStringLiteral("details"),
             QJsonObject{
                 {QStringLiteral("code"), QStringLiteral("DEVICE_AUTH_SIGNATURE_INVALID")}}}};
        const QJsonObject protocol{
            {QStringLiteral("code"), QStringLiteral("INVALID_REQUEST")},
            {QStringLiteral("details"),
             QJsonObject{{QStringLiteral("code"), QStringLiteral("PROTOCOL_MISMATCH")}}}};
        const QJsonObject unknown{{QStringLiteral("code"), QStringLiteral("INTERNAL")},
                                  {QStringLiteral("message"), QStringLiteral("boom")}};

        QTest::newRow("device token refused → shared once")
            << deviceTokenMismatch << AuthSource::DeviceToken << true << true << false
            << Kind::RetryWithSharedToken;
        QTest::newRow("device token refused, no shared → stop")
            << deviceTokenMismatch << AuthSource::DeviceToken << false << true << false
            << Kind::Stop;
        QTest::newRow("mismatch with device token → shared once")
            << mismatch << AuthSource::DeviceToken << true << true << false
            << Kind::RetryWithSharedToken;
        QTest::newRow("shared refused, device token allowed → retry with it")
            << mismatch << AuthSource::SharedToken << true << true << false
            << Kind::RetryWithDeviceToken;
        QTest::newRow("shared refused, gateway says no device retry → stop")
            << mismatchNoRetry << AuthSource::SharedToken << true << true << false << Kind::Stop;
        QTest::newRow("mismatch after the one fallback → stop")
            << mismatch << AuthSource::SharedToken << true << true << true << Kind::Stop;
        QTest::newRow("token missing → stop")
            << missing << AuthSource::None << false << false << false << Kind::Stop;
        QTest::newRow("schema error → stop")
            << badClient << AuthSource::SharedToken << true << false << false << Kind::Stop;
        QTest::newRow("gateway starting → reconnect")
            << starting << AuthSource::SharedToken << true << false << false << Kind::Reconnect;
        QTest::newRow("pairing required → stop")
            << pairing(true, QStringLiteral("approve_device")) << AuthSource::SharedToken << true
            << false << false << Kind::Stop;
        QTest::newRow("pairing without pause flag → stop")
            << pairing(QJsonValue(QJsonValue::Undefined), QStringLiteral("approve_device"))
            << AuthSource::SharedToken << true << false << false << Kind::Stop;
        QTest::newRow("pairing, wait then retry → reconnect")
            << pairing(false, QStringLiteral("wait_then_retry")) << AuthSource::SharedToken << true
            << false << false << Kind::Reconnect;
        QTest::newRow("bad signature → stop")
            << signature << AuthSource::SharedToken << true << false << false << Kind::Stop;
        QTest::newRow("protocol mismatch → stop")
            << protocol << AuthSource::SharedToken << true << false << false << Kind::Stop;
        QTest::newRow("unknown error → reconnect")
            << unknown << AuthSource::SharedToken << true << false << false << Kind::Reconnect;
    }

    void decidesAfterARefusal()
    {
        QFETCH(QJsonObject, error);
        QFETCH(AuthSource, used);
        QFETCH(bool, haveShared);
        QFETCH(bool, haveStored);
        QFETCH(bool, fallbackUsed);
        QFETCH(ConnectErrorDecision::Kind, kind);
        const ConnectErrorDecision decision = decideAfterConnectError(
            GatewayError::fromJson(error), used, haveShared, haveStored, fallbackUsed);
        QVERIFY(decision.kind == kind);
    }

    void readsTheRecordedErrorShape()
    {
        const GatewayError error =
            GatewayError::fromJson(recordedRejection(QStringLiteral("device,wrong-token")));
        QCOMPARE(error.code, QStringLiteral("INVALID_REQUEST"));
        QCOMPARE(error.detailCode, QStringLiteral("AUTH_TOKEN_MISMATCH"));
        QCOMPARE(error.effectiveCode(), QStringLiteral("AUTH_TOKEN_MISMATCH"));
        QCOMPARE(error.recommendedNextStep, QStringLiteral("retry_with_device_token"));
        QVERIFY(error.message.startsWith(QLatin1String("unauthorized: gateway token mismatch")));
        QVERIFY(!error.retryable);
        QCOMPARE(error.retryAfterMs, Q_INT64_C(-1));
        QVERIFY(error.describe().contains(QLatin1String("AUTH_TOKEN_MISMATCH")));

        const GatewayError empty = GatewayError::fromJson(QJsonValue());
        QCOMPARE(empty.code, ClientErrorCode::InvalidResponse);
    }

    void backoffDoublesToTheCap()
    {
        FixedRandom middle(0.5); // jitter factor exactly 1
        ReconnectPolicy policy;
        ReconnectBackoff backoff(policy, middle);
        QList<int> delays;
        for (int i = 0; i < 8; ++i)
            delays.append(backoff.nextDelayMs());
        QCOMPARE(delays, (QList<int>{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000}));
        backoff.reset();
        QCOMPARE(backoff.nextDelayMs(), 1000);
    }

    void backoffJitterStaysInRange()
    {
        FixedRandom low(0.0);
        FixedRandom high(0.999999);
        ReconnectPolicy policy;
        ReconnectBackoff a(policy, low);
        ReconnectBackoff b(policy, high);
        QCOMPARE(a.nextDelayMs(), 800);
        QVERIFY(b.nextDelayMs() >= 1199);
        for (int i = 0; i < 20; ++i)
            QVERIFY(b.nextDelayMs() <= policy.maxDelayMs);
    }

    void parseFrameClassifiesInput()
    {
        FrameParseError error = FrameParseError::None;
        QString detail;
        QCOMPARE(parseFrame("{\"type\":\"event\"}", &error, &detail)
                     .value(QLatin1String("type"))
                     .toString(),
                 QStringLiteral("event"));
        QVERIFY(error == FrameParseError::None);
        parseFrame("{\"type\":", &error, &detail);
        QVERIFY(error == FrameParseError::Malformed);
        QVERIFY(!detail.isEmpty());
        parseFrame("[1]", &error, &detail);
        QVERIFY(error == FrameParseError::NotObject);
        parseFrame("\"text\"", &error, &detail); // a bare scalar: dropped either way
        QVERIFY(error != FrameParseError::None);
        parseFrame(QByteArray(), &error, &detail);
        QVERIFY(error != FrameParseError::None);
    }

    void logThrottleHoldsBackBursts()
    {
        LogThrottle throttle(2, 60000);
        int suppressed = -1;
        QVERIFY(throttle.allow(&suppressed));
        QCOMPARE(suppressed, 0);
        QVERIFY(throttle.allow(&suppressed));
        QVERIFY(!throttle.allow(&suppressed));
        QVERIFY(!throttle.allow(&suppressed));
    }
};

QTEST_GUILESS_MAIN(TestGatewayProtocol)
#include "tst_gateway_protocol.moc"
