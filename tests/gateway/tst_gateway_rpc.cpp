// Ring 3: requests and events over a live loopback connection. Correlation, timeouts with
// cancel, two-stage (accepted, then final) answers, payload limits, seq gaps, round-trip time.

#include "GatewayTestRig.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimer>

using namespace clawops;
using gateway::ConnectionState;
using gateway::GatewayClient;
using gateway::RequestOptions;
using gateway::RpcResult;

namespace {

struct Connected
{
    sim::SimGatewayServer server{test::quickSimConfig()};
    QTemporaryDir state;
    std::unique_ptr<GatewayClient> client;
};

} // namespace

class TestGatewayRpc : public QObject
{
    Q_OBJECT

private:
    // Starts the server (as the test configured it) and a client, and waits for hello-ok.
    static bool connectRig(Connected &rig,
                           const std::function<void(gateway::GatewayClientConfig &)> &tune = {})
    {
        if (!rig.server.listen(0))
            return false;
        auto config = test::quickClientConfig(rig.server.url(), rig.state.path());
        if (tune)
            tune(config);
        rig.client = std::make_unique<GatewayClient>(config);
        rig.client->start();
        return QTest::qWaitFor([&] { return rig.client->state() == ConnectionState::Connected; },
                               test::kWaitMs);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void correlatesResponses()
    {
        Connected rig;
        rig.server.registerMethod(QStringLiteral("test.echo"), [](const sim::SimRequest &request,
                                                                  const sim::SimReply &reply) {
            reply.ok(QJsonObject{{QStringLiteral("echo"), request.params}});
        });
        QVERIFY(connectRig(rig));
        std::optional<RpcResult> a;
        std::optional<RpcResult> b;
        QSignalSpy finished(rig.client.get(), &GatewayClient::requestFinished);
        const QString idA =
            rig.client->request(QStringLiteral("test.echo"), QJsonObject{{QStringLiteral("n"), 1}},
                                {}, [&](const RpcResult &result) { a = result; });
        const QString idB =
            rig.client->request(QStringLiteral("test.echo"), QJsonObject{{QStringLiteral("n"), 2}},
                                {}, [&](const RpcResult &result) { b = result; });
        QVERIFY(idA != idB);
        QTRY_VERIFY_WITH_TIMEOUT(a && b, test::kWaitMs);
        QVERIFY(a->ok && b->ok);
        QCOMPARE(a->payloadObject()
                     .value(QLatin1String("echo"))
                     .toObject()
                     .value(QLatin1String("n"))
                     .toInt(),
                 1);
        QCOMPARE(b->payloadObject()
                     .value(QLatin1String("echo"))
                     .toObject()
                     .value(QLatin1String("n"))
                     .toInt(),
                 2);
        QCOMPARE(finished.count(), 2);
        QCOMPARE(rig.client->pendingCount(), 0);
    }

    void unknownMethodIsAGatewayError()
    {
        Connected rig;
        QVERIFY(connectRig(rig));
        std::optional<RpcResult> result;
        rig.client->request(QStringLiteral("nope.nothing"), {}, {},
                            [&](const RpcResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), test::kWaitMs);
        QVERIFY(!result->ok);
        QCOMPARE(result->error.code, QStringLiteral("INVALID_REQUEST"));
        QCOMPARE(result->error.message, QStringLiteral("unknown method: nope.nothing"));
    }

    void defaultSubscriptionHandlers()
    {
        Connected rig;
        QVERIFY(connectRig(rig));
        std::optional<RpcResult> subscribed;
        std::optional<RpcResult> messages;
        rig.client->request(QStringLiteral("sessions.subscribe"), {}, {},
                            [&](const RpcResult &r) { subscribed = r; });
        rig.client->request(QStringLiteral("sessions.messages.subscribe"),
                            QJsonObject{{QStringLiteral("key"), QStringLiteral("agent:main:main")}},
                            {}, [&](const RpcResult &r) { messages = r; });
        QTRY_VERIFY_WITH_TIMEOUT(subscribed && messages, test::kWaitMs);
        QVERIFY(subscribed->ok && messages->ok);
        QVERIFY(rig.server.isSessionsSubscriber(rig.client->connId()));

        QSignalSpy events(rig.client.get(), &GatewayClient::eventReceived);
        QCOMPARE(rig.server.broadcastEvent(QStringLiteral("sessions.changed"), {},
                                           sim::SimAudience::SessionSubscribers),
                 1);
        QCOMPARE(rig.server.broadcastEvent(QStringLiteral("session.message"), {},
                                           sim::SimAudience::MessageSubscribers,
                                           QStringLiteral("agent:main:main")),
                 1);
        QCOMPARE(rig.server.broadcastEvent(QStringLiteral("session.message"), {},
                                           sim::SimAudience::MessageSubscribers,
                                           QStringLiteral("agent:other:main")),
                 0);
        QTRY_COMPARE_WITH_TIMEOUT(events.count(), 2, test::kWaitMs);
    }

    void timesOutAndTellsTheGateway()
    {
        Connected rig;
        rig.server.registerMethod(QStringLiteral("test.never"),
                                  [](const sim::SimRequest &, const sim::SimReply &) {});
        QVERIFY(connectRig(rig));
        std::optional<RpcResult> result;
        RequestOptions options;
        options.timeoutMs = 200;
        const QString id = rig.client->request(QStringLiteral("test.never"), {}, options,
                                               [&](const RpcResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), test::kWaitMs);
        QVERIFY(!result->ok);
        QCOMPARE(result->error.code, gateway::ClientErrorCode::Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(rig.server.cancelledRequestIds().contains(id), test::kWaitMs);
        QCOMPARE(rig.client->state(), ConnectionState::Connected);
    }

    void twoStageAnswers()
    {
        Connected rig;
        rig.server.registerMethod(
            QStringLiteral("test.agent"),
            [&rig](const sim::SimRequest &, const sim::SimReply &reply) {
                reply.accepted(QJsonObject{{QStringLiteral("runId"), QStringLiteral("run-1")}});
                QTimer::singleShot(300, &rig.server, [reply] {
                    reply.ok(QJsonObject{{QStringLiteral("runId"), QStringLiteral("run-1")},
                                         {QStringLiteral("status"), QStringLiteral("ok")}});
                });
            },
            QStringLiteral("operator.write"));
        QVERIFY(connectRig(rig));

        QSignalSpy accepted(rig.client.get(), &GatewayClient::requestAccepted);
        std::optional<RpcResult> finalResult;
        RequestOptions expectFinal;
        expectFinal.expectFinal = true;
        expectFinal.timeoutMs = 5000;
        const QString id = rig.client->request(QStringLiteral("test.agent"), {}, expectFinal,
                                               [&](const RpcResult &r) { finalResult = r; });
        QTRY_VERIFY_WITH_TIMEOUT(finalResult.has_value(), test::kWaitMs);
        QCOMPARE(accepted.count(), 1);
        QCOMPARE(accepted.at(0).at(0).toString(), id);
        QVERIFY(finalResult->ok);
        QCOMPARE(finalResult->payloadObject().value(QLatin1String("status")).toString(),
                 QStringLiteral("ok"));

        // Without expectFinal the ack is the answer; the late final is ignored.
        std::optional<RpcResult> ack;
        rig.client->request(QStringLiteral("test.agent"), {}, {},
                            [&](const RpcResult &r) { ack = r; });
        QTRY_VERIFY_WITH_TIMEOUT(ack.has_value(), test::kWaitMs);
        QCOMPARE(ack->payloadObject().value(QLatin1String("status")).toString(),
                 QStringLiteral("accepted"));
    }

    void finalAnswerTimesOutAfterTheAck()
    {
        Connected rig;
        rig.server.registerMethod(
            QStringLiteral("test.stuck"),
            [](const sim::SimRequest &, const sim::SimReply &reply) { reply.accepted(); });
        QVERIFY(connectRig(rig));
        std::optional<RpcResult> result;
        RequestOptions options;
        options.expectFinal = true;
        options.timeoutMs = 5000;
        options.finalTimeoutMs = 200;
        rig.client->request(QStringLiteral("test.stuck"), {}, options,
                            [&](const RpcResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), test::kWaitMs);
        QCOMPARE(result->error.code, gateway::ClientErrorCode::Timeout);
        QVERIFY(result->error.message.contains(QLatin1String("final")));
    }

    void refusesToSendOversizedRequests()
    {
        Connected rig;
        rig.server.setMaxPayload(qint64(64) * 1024);
        QVERIFY(connectRig(rig));
        QSignalSpy received(&rig.server, &sim::SimGatewayServer::requestReceived);
        std::optional<RpcResult> result;
        const QJsonObject big{
            {QStringLiteral("blob"), QString(qsizetype(100) * 1024, QLatin1Char('x'))}};
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^refusing to send")));
        rig.client->request(QStringLiteral("health"), big, {},
                            [&](const RpcResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), test::kWaitMs);
        QCOMPARE(result->error.code, gateway::ClientErrorCode::PayloadTooLarge);
        QCOMPARE(received.count(), 0);
        QCOMPARE(rig.client->state(), ConnectionState::Connected);
    }

    void requestsWhileDisconnectedFailAtOnce()
    {
        QTemporaryDir state;
        GatewayClient client(
            test::quickClientConfig(QUrl(QStringLiteral("ws://127.0.0.1:1/")), state.path()));
        std::optional<RpcResult> result;
        client.request(QStringLiteral("health"), {}, {}, [&](const RpcResult &r) { result = r; });
        QVERIFY(!result.has_value()); // never from inside request()
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), test::kWaitMs);
        QCOMPARE(result->error.code, gateway::ClientErrorCode::NotConnected);
    }

    void reportsSeqGaps()
    {
        Connected rig;
        QVERIFY(connectRig(rig));
        QSignalSpy events(rig.client.get(), &GatewayClient::eventReceived);
        QSignalSpy gaps(rig.client.get(), &GatewayClient::seqGap);
        rig.server.broadcastEvent(QStringLiteral("test.one"), {});
        rig.server.skipSeq(2);
        rig.server.broadcastEvent(QStringLiteral("test.two"), {});
        rig.server.broadcastEvent(QStringLiteral("test.three"), {});
        QTRY_COMPARE_WITH_TIMEOUT(events.count(), 3, test::kWaitMs);
        QCOMPARE(gaps.count(), 1);
        const qint64 first = events.at(0).at(0).value<gateway::Frame>().seq;
        QCOMPARE(gaps.at(0).at(0).toLongLong(), first + 1);
        QCOMPARE(gaps.at(0).at(1).toLongLong(), first + 3);
        QCOMPARE(events.at(2).at(0).value<gateway::Frame>().seq, first + 4);
        QVERIFY(rig.client->lastEventAtMs() > 0);
    }

    void measuresRoundTrips()
    {
        Connected rig;
        QVERIFY(connectRig(
            rig, [](gateway::GatewayClientConfig &config) { config.rttIntervalMs = 100; }));
        QSignalSpy rtt(rig.client.get(), &GatewayClient::roundTripMeasured);
        QTRY_VERIFY_WITH_TIMEOUT(rtt.count() >= 1, test::kWaitMs);
        QVERIFY(rig.client->roundTripMs() >= 0);
    }

    void stopFailsPendingRequests()
    {
        Connected rig;
        rig.server.registerMethod(QStringLiteral("test.never"),
                                  [](const sim::SimRequest &, const sim::SimReply &) {});
        QVERIFY(connectRig(rig));
        std::optional<RpcResult> result;
        rig.client->request(QStringLiteral("test.never"), {}, {},
                            [&](const RpcResult &r) { result = r; });
        rig.client->stop();
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), test::kWaitMs);
        QCOMPARE(result->error.code, gateway::ClientErrorCode::ConnectionLost);
        QCOMPARE(rig.client->state(), ConnectionState::Disconnected);
        QTest::qWait(300);
        QCOMPARE(rig.client->state(), ConnectionState::Disconnected); // no reconnect
    }
};

QTEST_GUILESS_MAIN(TestGatewayRpc)
#include "tst_gateway_rpc.moc"
