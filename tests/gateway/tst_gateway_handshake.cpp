// Ring 3: the handshake against the simulated gateway. Device signature, scopes, device-token
// reuse, and the refusals the gateway really sends (auth-probe.json), which must stop the client
// instead of looping.

#include "GatewayTestRig.h"
#include "gateway/DeviceTokenStore.h"

#include <QDir>
#include <QJsonArray>

#include <sys/stat.h>

using namespace clawops;
using gateway::ConnectionState;
using gateway::GatewayClient;
using gateway::GatewayError;

namespace {

unsigned fileMode(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 0777u;
}

QJsonObject recordedRejection(const QString &probeCase)
{
    return test::readJsonFile(test::gatewayDataFile(QStringLiteral("auth-probe.json")))
        .value(probeCase)
        .toObject()
        .value(QLatin1String("rejected"))
        .toObject();
}

// Waits a little and checks that no further connect request arrived: a stopped client must not
// hammer the gateway.
void expectNoFurtherConnects(const sim::SimGatewayServer &server, int expected)
{
    QTest::qWait(600);
    QCOMPARE(server.connectRequestCount(), expected);
}

} // namespace

class TestGatewayHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void connectsWithSignedDeviceIdentity()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy connected(&client, &GatewayClient::connected);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);

        QCOMPARE(connected.count(), 1);
        QCOMPARE(client.serverVersion(), QStringLiteral("sim-0.1.0"));
        QVERIFY(!client.connId().isEmpty());
        QCOMPARE(client.hello().protocol, 4);
        QVERIFY(client.hello().scopes.contains(QStringLiteral("operator.read")));
        QVERIFY(client.hello().scopes.contains(QStringLiteral("operator.admin")));
        QCOMPARE(server.lastAuthMethod(), QStringLiteral("token"));

        // What went over the wire: the Linux desktop client, no Origin header, a device block.
        const QJsonObject params = server.lastConnectParams();
        const QJsonObject clientInfo = params.value(QLatin1String("client")).toObject();
        QCOMPARE(clientInfo.value(QLatin1String("id")).toString(),
                 QStringLiteral("openclaw-linux"));
        QCOMPARE(clientInfo.value(QLatin1String("mode")).toString(), QStringLiteral("ui"));
        QCOMPARE(clientInfo.value(QLatin1String("platform")).toString(), QStringLiteral("linux"));
        QCOMPARE(params.value(QLatin1String("role")).toString(), QStringLiteral("operator"));
        QCOMPARE(params.value(QLatin1String("caps")).toArray(),
                 QJsonArray{QStringLiteral("tool-events")});
        QCOMPARE(
            params.value(QLatin1String("device")).toObject().value(QLatin1String("id")).toString(),
            client.deviceId());
        QCOMPARE(server.origins(), QStringList{QString()});

        // The key and the issued device token are stored owner-only.
        QCOMPARE(fileMode(state.filePath(QStringLiteral("device-ed25519.pem"))), 0600u);
        QCOMPARE(fileMode(state.filePath(QStringLiteral("device-tokens.json"))), 0600u);
        QCOMPARE(fileMode(state.path()), 0700u);
        gateway::DeviceTokenStore store(state.filePath(QStringLiteral("device-tokens.json")));
        const auto stored = store.find(gateway::DeviceTokenStore::gatewayKey(server.url()),
                                       client.deviceId(), QStringLiteral("operator"));
        QVERIFY(stored);
        QCOMPARE(stored->token, server.deviceTokenFor(client.deviceId()));
        QVERIFY(stored->scopes.contains(QStringLiteral("operator.read")));
    }

    void reusesTheIssuedDeviceToken()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        QString deviceId;
        {
            GatewayClient first(test::quickClientConfig(server.url(), state.path()));
            first.start();
            CLAWOPS_WAIT_STATE(first, ConnectionState::Connected);
            deviceId = first.deviceId();
            first.stop();
        }
        GatewayClient second(test::quickClientConfig(server.url(), state.path()));
        second.start();
        CLAWOPS_WAIT_STATE(second, ConnectionState::Connected);
        QCOMPARE(second.deviceId(), deviceId); // same key, reloaded
        QCOMPARE(server.lastAuthMethod(), QStringLiteral("device-token"));
        QCOMPARE(second.hello().authMethod, QStringLiteral("device-token"));
        const QJsonObject auth = server.lastConnectParams().value(QLatin1String("auth")).toObject();
        QCOMPARE(auth.value(QLatin1String("deviceToken")).toString(),
                 server.deviceTokenFor(deviceId));
    }

    void staleDeviceTokenFallsBackToSharedTokenOnce()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        {
            GatewayClient first(test::quickClientConfig(server.url(), state.path()));
            first.start();
            CLAWOPS_WAIT_STATE(first, ConnectionState::Connected);
        }
        server.revokeDeviceTokens(); // e.g. the gateway's state was reset
        const int before = server.connectRequestCount();
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy errors(&client, &GatewayClient::connectError);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        QCOMPARE(server.connectRequestCount() - before, 2);
        QCOMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).value<GatewayError>().detailCode,
                 QStringLiteral("AUTH_DEVICE_TOKEN_MISMATCH"));
        QCOMPARE(server.lastAuthMethod(), QStringLiteral("token"));
    }

    void wrongTokenStopsWithTheGatewaysReason()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        auto config = test::quickClientConfig(server.url(), state.path());
        config.sharedToken = QStringLiteral("not-the-token");
        GatewayClient client(config);
        QSignalSpy stopped(&client, &GatewayClient::stopped);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Stopped);
        QCOMPARE(stopped.count(), 1);

        const GatewayError error = client.lastError();
        const QJsonObject recorded = recordedRejection(QStringLiteral("no-device,wrong-token"));
        QCOMPARE(error.code, recorded.value(QLatin1String("code")).toString());
        QCOMPARE(error.detailCode, QStringLiteral("AUTH_TOKEN_MISMATCH"));
        QCOMPARE(error.message, recorded.value(QLatin1String("message")).toString());
        QCOMPARE(error.details, recorded.value(QLatin1String("details")).toObject());
        QCOMPARE(error.recommendedNextStep, QStringLiteral("update_auth_credentials"));
        QVERIFY(!error.retryable);
        expectNoFurtherConnects(server, 1);
    }

    void wrongTokenAfterRevokedDeviceTokenStopsAfterOneRetry()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        {
            GatewayClient first(test::quickClientConfig(server.url(), state.path()));
            first.start();
            CLAWOPS_WAIT_STATE(first, ConnectionState::Connected);
        }
        server.revokeDeviceTokens();
        const int before = server.connectRequestCount();
        auto config = test::quickClientConfig(server.url(), state.path());
        config.sharedToken = QStringLiteral("rotated-away");
        GatewayClient client(config);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Stopped);
        QCOMPARE(client.lastError().detailCode, QStringLiteral("AUTH_TOKEN_MISMATCH"));
        expectNoFurtherConnects(server, before + 2);
    }

    void emptyTokenStops()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        auto config = test::quickClientConfig(server.url(), state.path());
        config.sharedToken.clear();
        GatewayClient client(config);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Stopped);
        const QJsonObject recorded = recordedRejection(QStringLiteral("device,no-token"));
        QCOMPARE(client.lastError().detailCode, QStringLiteral("AUTH_TOKEN_MISSING"));
        QCOMPARE(client.lastError().message, recorded.value(QLatin1String("message")).toString());
        QCOMPARE(client.lastError().details, recorded.value(QLatin1String("details")).toObject());
        expectNoFurtherConnects(server, 1);
    }

    void unknownClientIdIsRejectedWithTheRealText()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        auto config = test::quickClientConfig(server.url(), state.path());
        config.clientId = QStringLiteral("my-cpp-client");
        GatewayClient client(config);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Stopped);
        const QJsonObject recorded = recordedRejection(QStringLiteral("client.id=unknown-thing"));
        QCOMPARE(client.lastError().code, QStringLiteral("INVALID_REQUEST"));
        QCOMPARE(client.lastError().message, recorded.value(QLatin1String("message")).toString());
        expectNoFurtherConnects(server, 1);
    }

    void pairingRequiredStopsWithTheRequestId()
    {
        auto simConfig = test::quickSimConfig();
        simConfig.requirePairing = true;
        sim::SimGatewayServer server(simConfig);
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy stopped(&client, &GatewayClient::stopped);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Stopped);
        QCOMPARE(stopped.count(), 1);
        const GatewayError error = stopped.at(0).at(0).value<GatewayError>();
        QCOMPARE(error.code, QStringLiteral("NOT_PAIRED"));
        QCOMPARE(error.detailCode, QStringLiteral("PAIRING_REQUIRED"));
        QVERIFY(error.pauseReconnect);
        QCOMPARE(server.pendingPairingRequests(), QStringList{error.requestId});
        QVERIFY(!error.requestId.isEmpty());
        expectNoFurtherConnects(server, 1);

        // The operator approves on the gateway, then asks the console to retry.
        QVERIFY(server.approvePairing(error.requestId));
        client.retryNow();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
    }

    void deviceLessScopeClearingIsAnError()
    {
        sim::SimGatewayServer server(test::quickSimConfig()); // clears scopes without a device
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        auto config = test::quickClientConfig(server.url(), state.path());
        config.useDeviceIdentity = false;
        GatewayClient client(config);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Stopped);
        QCOMPARE(client.lastError().code, gateway::ClientErrorCode::MissingScopes);
        QVERIFY(client.lastError().message.contains(QLatin1String("no read scope")));
        expectNoFurtherConnects(server, 1);
    }

    void writeScopeImpliesRead()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        server.setGrantedScopesOverride(QStringList{QStringLiteral("operator.write")});
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        QCOMPARE(client.hello().scopes, QStringList{QStringLiteral("operator.write")});
    }
};

QTEST_GUILESS_MAIN(TestGatewayHandshake)
#include "tst_gateway_handshake.moc"
