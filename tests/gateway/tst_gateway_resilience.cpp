// Ring 3: staying connected. "Gateway starting" refusals, a gateway that stops ticking, restarts,
// dropped sockets, and garbage frames that must be dropped without losing the connection.

#include "GatewayTestRig.h"

#include <QRegularExpression>

using namespace clawops;
using gateway::ConnectionState;
using gateway::GatewayClient;
using gateway::GatewayError;
using gateway::RpcResult;

class TestGatewayResilience : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void retriesWhileTheGatewayIsStarting()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        server.failNextConnects(2);
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy errors(&client, &GatewayClient::connectError);
        QSignalSpy stopped(&client, &GatewayClient::stopped);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        QCOMPARE(server.connectRequestCount(), 3);
        QCOMPARE(errors.count(), 2);
        const GatewayError error = errors.at(0).at(0).value<GatewayError>();
        QCOMPARE(error.code, QStringLiteral("UNAVAILABLE"));
        QVERIFY(error.retryable);
        QCOMPARE(error.retryAfterMs, 50);
        QCOMPARE(error.details.value(QLatin1String("reason")).toString(),
                 QStringLiteral("startup-sidecars"));
        QCOMPARE(stopped.count(), 0);
    }

    void closesWith4000WhenTicksStopAndReconnects()
    {
        auto simConfig = test::quickSimConfig();
        simConfig.tickIntervalMs = 100;
        sim::SimGatewayServer server(simConfig);
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy connected(&client, &GatewayClient::connected);
        QSignalSpy disconnected(&client, &GatewayClient::disconnected);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        QCOMPARE(client.hello().policy.tickIntervalMs, 100);

        server.setTicking(false);
        QTRY_VERIFY_WITH_TIMEOUT(server.clientCloseCodes().contains(4000), test::kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(disconnected.count() >= 1, test::kWaitMs);
        server.setTicking(true);
        QTRY_VERIFY_WITH_TIMEOUT(connected.count() >= 2, test::kWaitMs);
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
    }

    // Frames are read and parsed on the socket's own thread: every event the gateway sent before
    // it closed reaches the owner, in order, before `disconnected`.
    void eventsSentBeforeACloseArriveBeforeDisconnected()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QStringList log;
        connect(&client, &GatewayClient::eventReceived, this, [&log](const gateway::Frame &frame) {
            if (frame.name == QLatin1String("test.burst"))
                log.append(QString::number(frame.payload.value(QLatin1String("n")).toInteger(-1)));
        });
        connect(&client, &GatewayClient::disconnected, this,
                [&log] { log.append(QStringLiteral("disconnected")); });
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        constexpr int kEvents = 2000;
        QStringList expected;
        for (int n = 0; n < kEvents; ++n) {
            QCOMPARE(server.broadcastEvent(QStringLiteral("test.burst"),
                                           QJsonObject{{QStringLiteral("n"), n}}),
                     1);
            expected.append(QString::number(n));
        }
        server.closeConnections(4001, QStringLiteral("burst done"));
        expected.append(QStringLiteral("disconnected"));
        QTRY_VERIFY_WITH_TIMEOUT(log.contains(QStringLiteral("disconnected")), test::kWaitMs);
        QCOMPARE(log, expected);
    }

    void reconnectsAfterAServerRestart()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        server.registerMethod(QStringLiteral("test.never"),
                              [](const sim::SimRequest &, const sim::SimReply &) {});
        CLAWOPS_START_SIM(server);
        const quint16 port = server.port();
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy connected(&client, &GatewayClient::connected);
        QSignalSpy shutdown(&client, &GatewayClient::shutdownAnnounced);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        const QString firstConn = client.connId();

        std::optional<RpcResult> pendingResult;
        client.request(QStringLiteral("test.never"), {}, {},
                       [&](const RpcResult &result) { pendingResult = result; });
        QTRY_COMPARE_WITH_TIMEOUT(client.pendingCount(), 1, test::kWaitMs);

        server.announceShutdown(QStringLiteral("restart"), 100);
        QTRY_COMPARE_WITH_TIMEOUT(shutdown.count(), 1, test::kWaitMs);
        QVERIFY(server.restart(300));
        QCOMPARE(server.port(), port);

        // The request in flight fails clearly; nothing is replayed.
        QTRY_VERIFY_WITH_TIMEOUT(pendingResult.has_value(), test::kWaitMs);
        QVERIFY(!pendingResult->ok);
        QCOMPARE(pendingResult->error.code, gateway::ClientErrorCode::ConnectionLost);
        QVERIFY(pendingResult->error.message.contains(QLatin1String("test.never")));

        QTRY_VERIFY_WITH_TIMEOUT(connected.count() >= 2, test::kWaitMs);
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        QVERIFY(client.connId() != firstConn);
        QCOMPARE(client.pendingCount(), 0);
    }

    void reconnectsAfterADroppedSocket()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy connected(&client, &GatewayClient::connected);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        server.dropConnections();
        QTRY_VERIFY_WITH_TIMEOUT(connected.count() >= 2, test::kWaitMs);
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
    }

    void keepsRetryingWhileTheGatewayIsDown()
    {
        sim::SimGatewayServer server(test::quickSimConfig());
        CLAWOPS_START_SIM(server);
        const quint16 port = server.port();
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy connected(&client, &GatewayClient::connected);
        QSignalSpy connectErrors(&client, &GatewayClient::connectError);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        server.close();
        QTRY_VERIFY_WITH_TIMEOUT(connectErrors.count() >= 2, test::kWaitMs); // refused, retried
        QVERIFY(client.state() != ConnectionState::Stopped);
        QVERIFY(server.listen(port));
        QTRY_VERIFY_WITH_TIMEOUT(connected.count() >= 2, test::kWaitMs);
    }

    void dropsBadFramesAndStaysConnected()
    {
        auto simConfig = test::quickSimConfig();
        simConfig.maxPayload = qint64(64) * 1024;
        sim::SimGatewayServer server(simConfig);
        CLAWOPS_START_SIM(server);
        QTemporaryDir state;
        GatewayClient client(test::quickClientConfig(server.url(), state.path()));
        QSignalSpy connected(&client, &GatewayClient::connected);
        QSignalSpy events(&client, &GatewayClient::eventReceived);
        client.start();
        CLAWOPS_WAIT_STATE(client, ConnectionState::Connected);
        QCOMPARE(client.hello().policy.maxPayload, 64 * 1024);

        const QRegularExpression unparsable(
            QStringLiteral("^dropped frame from the gateway: unparsable"));
        QTest::ignoreMessage(QtWarningMsg, unparsable); // malformed
        QTest::ignoreMessage(QtWarningMsg, unparsable); // truncated
        QTest::ignoreMessage(QtWarningMsg, unparsable); // an array, not an object
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("^dropped frame from the gateway: oversized frame")));
        QCOMPARE(server.sendMalformedFrame(), 1);
        QCOMPARE(server.sendTruncatedFrame(), 1);
        QCOMPARE(server.sendNonObjectFrame(), 1);
        QCOMPARE(server.sendOversizedFrame(qint64(100) * 1024), 1);
        QCOMPARE(server.broadcastEvent(QStringLiteral("test.after"),
                                       QJsonObject{{QStringLiteral("n"), 1}}),
                 1);

        QTRY_COMPARE_WITH_TIMEOUT(events.count(), 1, test::kWaitMs);
        const gateway::Frame received = events.at(0).at(0).value<gateway::Frame>();
        QCOMPARE(received.name, QStringLiteral("test.after"));
        QCOMPARE(received.payload.value(QLatin1String("n")).toInteger(), 1);
        QCOMPARE(client.state(), ConnectionState::Connected);
        QCOMPARE(connected.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestGatewayResilience)
#include "tst_gateway_resilience.moc"
