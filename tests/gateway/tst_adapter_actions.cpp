// Domain actions to RPCs, and the follow-ups their (recorded) results call for.
#include "AdapterTestSupport.h"

#include <QJsonArray>
#include <QTest>

using namespace clawops;
using gateway::CallRole;
using gateway::RpcCall;

namespace {

const QString kMain = QStringLiteral("agent:main:main");
const QString kChild = QStringLiteral("agent:main:subagent:4499450c-2d46-42c9-8498-6459e5897de9");
const QString kTask = QStringLiteral("93104f17-7b57-483b-82c7-152c4add1a6d");

// A recorded RPC result from trace-paths-summary.json.
QJsonObject recordedRpc(const char *scenario, const char *name)
{
    return adaptertest::loadJsonFile(QStringLiteral("trace-paths-summary.json"))
        .value(QLatin1String(scenario))
        .toObject()
        .value(QLatin1String("rpc"))
        .toObject()
        .value(QLatin1String(name))
        .toObject();
}

core::SendToSession send(core::SendToSession::Purpose purpose, const QString &key,
                         const QString &text, const QString &idempotencyKey = {})
{
    core::SendToSession action;
    action.purpose = purpose;
    action.sessionKey = core::SessionKey(key);
    action.text = text;
    action.taskId = core::TaskId(QStringLiteral("abc123-a1"));
    action.idempotencyKey = idempotencyKey;
    return action;
}

core::CancelWorker cancel(const QString &gatewayTaskId)
{
    core::CancelWorker action;
    action.childSessionKey = core::SessionKey(kChild);
    action.gatewayTaskId = gatewayTaskId;
    action.taskId = core::TaskId(QStringLiteral("abc123-a1"));
    action.reason = core::CancelWorker::Reason::OperatorKill;
    return action;
}

} // namespace

class TestAdapterActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendDefaultsToSessionsSend();
    void derivedIdempotencyKeysAreStable();
    void retryByWakeOnlyForFrontSessions_data();
    void retryByWakeOnlyForFrontSessions();
    void refusedWakeFallsBackToMessage();
    void sendResults();
    void cancelUsesTasksCancelAndChecksCancelled();
    void cancelAlreadyTerminalHasNoFallback();
    void cancelNotFoundFallsBackToAbortThenChatAbort();
    void cancelFindsTaskIdLearnedFromFrames();
    void cancelWithoutTaskIdAbortsSession();
    void cancelUsesOnlyWhatTheGatewayOffers_data();
    void cancelUsesOnlyWhatTheGatewayOffers();
    void refusedTasksCancelIsNotCalledAgain();
};

void TestAdapterActions::sendDefaultsToSessionsSend()
{
    gateway::GatewayAdapter adapter;
    const auto out = adapter.handleAction(send(core::SendToSession::Purpose::Retry, kMain,
                                               QStringLiteral("<orchestrator-retry>…"),
                                               QStringLiteral("idem-1")));
    QCOMPARE(out.calls.size(), 1);
    const RpcCall &call = out.calls.first();
    QCOMPARE(call.method, QStringLiteral("sessions.send"));
    QCOMPARE(call.role, CallRole::Send);
    QCOMPARE(call.params,
             (QJsonObject{{QStringLiteral("key"), kMain},
                          {QStringLiteral("message"), QStringLiteral("<orchestrator-retry>…")},
                          {QStringLiteral("idempotencyKey"), QStringLiteral("idem-1")}}));
    QCOMPARE(call.idempotencyKey, QStringLiteral("idem-1"));
    QVERIFY(out.events.isEmpty());
}

void TestAdapterActions::derivedIdempotencyKeysAreStable()
{
    gateway::GatewayAdapter a;
    gateway::GatewayAdapter b;
    const auto action = send(core::SendToSession::Purpose::Status, kMain, QStringLiteral("status"));
    const QString key = a.handleAction(action).calls.first().idempotencyKey;
    QVERIFY(key.startsWith(QLatin1String("clawops-send-")));
    QCOMPARE(b.handleAction(action).calls.first().idempotencyKey, key);
    QCOMPARE(a.handleAction(action)
                 .calls.first()
                 .params.value(QLatin1String("idempotencyKey"))
                 .toString(),
             key);
    const auto other =
        send(core::SendToSession::Purpose::Status, kMain, QStringLiteral("status 2"));
    QVERIFY(a.handleAction(other).calls.first().idempotencyKey != key);
    QCOMPARE(a.handleAction(cancel(kTask)).calls.first().idempotencyKey,
             b.handleAction(cancel(kTask)).calls.first().idempotencyKey);
}

void TestAdapterActions::retryByWakeOnlyForFrontSessions_data()
{
    QTest::addColumn<int>("purpose");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("method");
    QTest::newRow("retry to main")
        << int(core::SendToSession::Purpose::Retry) << kMain << QStringLiteral("wake");
    QTest::newRow("retry to a subagent (wake refuses them)")
        << int(core::SendToSession::Purpose::Retry) << kChild << QStringLiteral("sessions.send");
    QTest::newRow("status stays a message")
        << int(core::SendToSession::Purpose::Status) << kMain << QStringLiteral("sessions.send");
    QTest::newRow("answer stays a message")
        << int(core::SendToSession::Purpose::Answer) << kChild << QStringLiteral("sessions.send");
    QTest::newRow("a duplicate notice stays a message")
        << int(core::SendToSession::Purpose::DuplicateNotice) << kMain
        << QStringLiteral("sessions.send");
}

void TestAdapterActions::retryByWakeOnlyForFrontSessions()
{
    QFETCH(int, purpose);
    QFETCH(QString, key);
    QFETCH(QString, method);
    gateway::AdapterConfig config;
    config.retryDelivery = QStringLiteral("wake");
    gateway::GatewayAdapter adapter(config);
    const auto out = adapter.handleAction(send(core::SendToSession::Purpose(purpose), key,
                                               QStringLiteral("block"), QStringLiteral("k")));
    QCOMPARE(out.calls.size(), 1);
    QCOMPARE(out.calls.first().method, method);
    if (method == QLatin1String("wake")) {
        QCOMPARE(out.calls.first().params,
                 (QJsonObject{{QStringLiteral("mode"), QStringLiteral("now")},
                              {QStringLiteral("sessionKey"), key},
                              {QStringLiteral("text"), QStringLiteral("block")}}));
    }
}

void TestAdapterActions::refusedWakeFallsBackToMessage()
{
    gateway::AdapterConfig config;
    config.retryDelivery = QStringLiteral("wake");
    gateway::GatewayAdapter adapter(config);
    const RpcCall wake = adapter
                             .handleAction(send(core::SendToSession::Purpose::Retry, kMain,
                                                QStringLiteral("block"), QStringLiteral("k")))
                             .calls.first();
    // The recorded refusal (for a subagent key; any refusal is handled the same way).
    const QJsonObject refused = recordedRpc("retry", "wake.subagent");
    QCOMPARE(refused.value(QLatin1String("ok")).toBool(true), false);
    const auto out = adapter.handleResult(wake, false, {},
                                          refused.value(QLatin1String("error"))
                                              .toObject()
                                              .value(QLatin1String("message"))
                                              .toString());
    QCOMPARE(out.calls.size(), 1);
    QCOMPARE(out.calls.first().method, QStringLiteral("sessions.send"));
    QCOMPARE(out.calls.first().params.value(QLatin1String("message")).toString(),
             QStringLiteral("block"));
    QCOMPARE(out.calls.first().actionKey, wake.actionKey);
    QVERIFY(out.outcomes.isEmpty());
    // The recorded wake on main succeeds: a "sent" outcome.
    const QJsonObject ok = recordedRpc("retry", "wake.main");
    const auto sent =
        adapter.handleResult(wake, true, ok.value(QLatin1String("payload")).toObject());
    QCOMPARE(sent.outcomes.size(), 1);
    QCOMPARE(sent.outcomes.first().outcome, QStringLiteral("sent"));
}

void TestAdapterActions::sendResults()
{
    gateway::GatewayAdapter adapter;
    const RpcCall call =
        adapter
            .handleAction(send(core::SendToSession::Purpose::Answer, kChild,
                               QStringLiteral("Operator answer"), QStringLiteral("idem-send-1")))
            .calls.first();
    const QJsonObject recorded = recordedRpc("retry", "sessions.send.child");
    auto out =
        adapter.handleResult(call, true, recorded.value(QLatin1String("payload")).toObject());
    QCOMPARE(out.outcomes.size(), 1);
    QCOMPARE(out.outcomes.first().outcome, QStringLiteral("sent"));
    QCOMPARE(out.outcomes.first().detail, QStringLiteral("idem-send-1795470226416"));
    QCOMPARE(out.outcomes.first().sessionKey, kChild);
    QCOMPARE(out.outcomes.first().taskId, QStringLiteral("abc123-a1"));
    out = adapter.handleResult(call, false, {}, QStringLiteral("UNAVAILABLE"));
    QCOMPARE(out.outcomes.first().outcome, QStringLiteral("send-failed"));
    QVERIFY(!out.outcomes.first().ok);
    QVERIFY(out.calls.isEmpty());
}

void TestAdapterActions::cancelUsesTasksCancelAndChecksCancelled()
{
    gateway::GatewayAdapter adapter;
    const auto out = adapter.handleAction(cancel(kTask));
    QCOMPARE(out.calls.size(), 1);
    const RpcCall call = out.calls.first();
    QCOMPARE(call.method, QStringLiteral("tasks.cancel"));
    QCOMPARE(call.params, (QJsonObject{{QStringLiteral("taskId"), kTask}}));
    const QJsonObject recorded = recordedRpc("cancel", "tasks.cancel");
    const auto result =
        adapter.handleResult(call, true, recorded.value(QLatin1String("payload")).toObject());
    QCOMPARE(result.outcomes.size(), 1);
    QCOMPARE(result.outcomes.first().outcome, QStringLiteral("cancelled"));
    QVERIFY(result.outcomes.first().ok);
    QCOMPARE(result.outcomes.first().kind, gateway::ActionOutcome::Kind::Cancel);
    QVERIFY(result.calls.isEmpty());
}

void TestAdapterActions::cancelAlreadyTerminalHasNoFallback()
{
    gateway::GatewayAdapter adapter;
    const RpcCall call = adapter.handleAction(cancel(kTask)).calls.first();
    const QJsonObject recorded = recordedRpc("cancel", "tasks.cancel.again");
    // ok:true but cancelled:false: `ok` alone would lie.
    QCOMPARE(recorded.value(QLatin1String("ok")).toBool(), true);
    const auto result =
        adapter.handleResult(call, true, recorded.value(QLatin1String("payload")).toObject());
    QCOMPARE(result.outcomes.size(), 1);
    QCOMPARE(result.outcomes.first().outcome, QStringLiteral("already-terminal"));
    QVERIFY(result.calls.isEmpty());
}

void TestAdapterActions::cancelNotFoundFallsBackToAbortThenChatAbort()
{
    gateway::GatewayAdapter adapter;
    const RpcCall call = adapter.handleAction(cancel(QStringLiteral("no-such-task"))).calls.first();
    const QJsonObject recorded = recordedRpc("cancel", "tasks.cancel.bogus");
    auto out =
        adapter.handleResult(call, true, recorded.value(QLatin1String("payload")).toObject());
    QVERIFY(out.outcomes.isEmpty());
    QCOMPARE(out.calls.size(), 1);
    const RpcCall abort = out.calls.first();
    QCOMPARE(abort.method, QStringLiteral("sessions.abort"));
    QCOMPARE(abort.params,
             (QJsonObject{{QStringLiteral("key"), kChild}, {QStringLiteral("clearQueued"), true}}));
    QCOMPARE(abort.actionKey, call.actionKey);
    QVERIFY(abort.idempotencyKey != call.idempotencyKey);

    // Nothing was running: try chat.abort.
    out = adapter.handleResult(abort, true,
                               {{QStringLiteral("ok"), true},
                                {QStringLiteral("aborted"), false},
                                {QStringLiteral("runIds"), QJsonArray()}});
    QCOMPARE(out.calls.size(), 1);
    const RpcCall chatAbort = out.calls.first();
    QCOMPARE(chatAbort.method, QStringLiteral("chat.abort"));
    QCOMPARE(chatAbort.params, (QJsonObject{{QStringLiteral("sessionKey"), kChild}}));

    // The recorded chat.abort answer.
    const QJsonObject abortB = adaptertest::loadJsonFile(QStringLiteral("trace-summary.json"))
                                   .value(QLatin1String("abortB"))
                                   .toObject();
    out = adapter.handleResult(chatAbort, true, abortB);
    QCOMPARE(out.outcomes.size(), 1);
    QCOMPARE(out.outcomes.first().outcome, QStringLiteral("aborted"));
    QVERIFY(out.outcomes.first().ok);

    out = adapter.handleResult(chatAbort, false, {}, QStringLiteral("NOT_FOUND"));
    QCOMPARE(out.outcomes.first().outcome, QStringLiteral("cancel-failed"));
    QCOMPARE(out.outcomes.first().detail, QStringLiteral("NOT_FOUND"));
}

void TestAdapterActions::cancelFindsTaskIdLearnedFromFrames()
{
    gateway::GatewayAdapter adapter;
    adaptertest::FeedOptions options;
    options.untilT = 2000; // spawn accepted, child still streaming
    adaptertest::feed(adapter, adaptertest::loadTrace(QStringLiteral("trace-cancel.jsonl")),
                      options);
    const auto out = adapter.handleAction(cancel(QString()));
    QCOMPARE(out.calls.size(), 1);
    QCOMPARE(out.calls.first().method, QStringLiteral("tasks.cancel"));
    QCOMPARE(out.calls.first().params.value(QLatin1String("taskId")).toString(), kTask);
}

void TestAdapterActions::cancelWithoutTaskIdAbortsSession()
{
    gateway::GatewayAdapter adapter;
    const auto out = adapter.handleAction(cancel(QString()));
    QCOMPARE(out.calls.size(), 1);
    QCOMPARE(out.calls.first().method, QStringLiteral("sessions.abort"));
    QCOMPARE(out.calls.first().role, CallRole::Abort);
    const auto done =
        adapter.handleResult(out.calls.first(), true,
                             {{QStringLiteral("ok"), true},
                              {QStringLiteral("aborted"), true},
                              {QStringLiteral("runIds"), QJsonArray{QStringLiteral("r")}}});
    QCOMPARE(done.outcomes.first().outcome, QStringLiteral("aborted"));
}

void TestAdapterActions::cancelUsesOnlyWhatTheGatewayOffers_data()
{
    QTest::addColumn<QStringList>("methods");
    QTest::addColumn<QString>("expected");
    const QString abort = QStringLiteral("sessions.abort");
    const QString tasksCancel = QStringLiteral("tasks.cancel");
    // 2026.9.7 lists its methods without tasks.*.
    QTest::newRow("without tasks.cancel")
        << QStringList{abort, QStringLiteral("chat.abort")} << abort;
    QTest::newRow("with tasks.cancel") << QStringList{abort, tasksCancel} << tasksCancel;
    // A gateway that lists nothing is taken to offer everything.
    QTest::newRow("nothing listed") << QStringList{} << tasksCancel;
}

void TestAdapterActions::cancelUsesOnlyWhatTheGatewayOffers()
{
    QFETCH(QStringList, methods);
    QFETCH(QString, expected);
    gateway::GatewayAdapter adapter;
    adapter.onConnected(gateway::GatewayOffer::of(methods, {}));
    const auto out = adapter.handleAction(cancel(kTask));
    QCOMPARE(out.calls.size(), 1);
    const RpcCall call = out.calls.first();
    QCOMPARE(call.method, expected);
    if (expected == QLatin1String("sessions.abort")) {
        QCOMPARE(call.role, CallRole::Abort);
        QCOMPARE(call.params, (QJsonObject{{QStringLiteral("key"), kChild},
                                           {QStringLiteral("clearQueued"), true}}));
    }
}

// tasks-admin-only: tasks.cancel is advertised but FORBIDDEN without operator.admin. The kill
// falls back to sessions.abort, and the next kill on the same connection goes there directly;
// a new connection (perhaps with other scopes) tries tasks.cancel again.
void TestAdapterActions::refusedTasksCancelIsNotCalledAgain()
{
    gateway::GatewayAdapter adapter;
    adapter.onConnected(gateway::GatewayOffer::of(
        {QStringLiteral("tasks.cancel"), QStringLiteral("sessions.abort")}, {}));
    const RpcCall first = adapter.handleAction(cancel(kTask)).calls.first();
    QCOMPARE(first.method, QStringLiteral("tasks.cancel"));
    adapter.noteRefused(first.method);
    const auto fallback = adapter.handleResult(first, false, {},
                                               QStringLiteral("FORBIDDEN: missing scope: "
                                                              "operator.admin"));
    QCOMPARE(fallback.calls.size(), 1);
    QCOMPARE(fallback.calls.first().method, QStringLiteral("sessions.abort"));
    QCOMPARE(fallback.calls.first().params.value(QLatin1String("clearQueued")), QJsonValue(true));

    QVERIFY(!adapter.canCall(QStringLiteral("tasks.cancel")));
    QCOMPARE(adapter.handleAction(cancel(kTask)).calls.first().method,
             QStringLiteral("sessions.abort"));
    adapter.onConnected();
    QCOMPARE(adapter.handleAction(cancel(kTask)).calls.first().method,
             QStringLiteral("tasks.cancel"));
}

QTEST_GUILESS_MAIN(TestAdapterActions)
#include "tst_adapter_actions.moc"
