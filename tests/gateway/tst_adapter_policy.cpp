// The policy watch at the gateway's edge: every recorded tool start reaches the core once, with
// its arguments as the agent wrote them, and an AbortRun becomes the abort, then the hint once the
// run is seen to end.
#include "AdapterTestSupport.h"
#include "core/Orchestrator.h"
#include "gateway/FrameDecoder.h"

#include <QJsonArray>
#include <QTest>

using namespace adaptertest;
using namespace clawops;

namespace {

class FixedClock final : public core::Clock
{
public:
    core::TimeMs now() const override { return 1'796'395'800'000; }
};

class ZeroRandom final : public core::RandomSource
{
public:
    double uniform01() override { return 0; }
};

QString sub(const char *id)
{
    return QStringLiteral("agent:main:subagent:") + QLatin1String(id);
}

core::AbortRun abortOf(const QString &session)
{
    return core::AbortRun{core::SessionKey(session), QStringLiteral("run-1"),
                          QStringLiteral("Front-controller session tool 'exec' blocked."),
                          QStringLiteral("policy:run-1:call-1")};
}

// The frames that end an aborted run, as recorded (P4/P5): chat aborted, then lifecycle end.
gateway::Frame abortedChat(const QString &session, const QString &runId)
{
    return gateway::Frame::event(QStringLiteral("chat"),
                                 {{QStringLiteral("runId"), runId},
                                  {QStringLiteral("sessionKey"), session},
                                  {QStringLiteral("state"), QStringLiteral("aborted")},
                                  {QStringLiteral("stopReason"), QStringLiteral("rpc")}});
}

gateway::Frame cancelledEnd(const QString &session, const QString &runId)
{
    QJsonObject payload{{QStringLiteral("runId"), runId},
                        {QStringLiteral("stream"), QStringLiteral("lifecycle")},
                        {QStringLiteral("data"),
                         QJsonObject{{QStringLiteral("phase"), QStringLiteral("end")},
                                     {QStringLiteral("status"), QStringLiteral("cancelled")},
                                     {QStringLiteral("aborted"), true},
                                     {QStringLiteral("stopReason"), QStringLiteral("rpc")}}}};
    if (!session.isEmpty())
        payload.insert(QStringLiteral("sessionKey"), session);
    return gateway::Frame::event(QStringLiteral("agent"), payload);
}

QJsonObject abortedAnswer(const QString &runId)
{
    return {{QStringLiteral("ok"), true},
            {QStringLiteral("abortedRunId"), runId},
            {QStringLiteral("status"), QStringLiteral("aborted")}};
}

} // namespace

class TestAdapterPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRecordedToolStartOnce();
    void argumentsKeepTheAgentsOrder();
    void recordedTraceGivesThePluginsViolations();
    void abortThenHint();
    void hintWaitsForTheRunsEnd();
    void abortAnsweredButRunGoesOnIsSentAgain();
    void hintGoesWhenNoAbortIsSeenToWork();
    void hintFollowsAFailedAbortToo();
    void chatAbortWhenSessionsAbortIsNotOffered();
};

void TestAdapterPolicy::everyRecordedToolStartOnce()
{
    // Both sockets of the recording in one adapter: each start arrives on agent/tool and on
    // session.tool, or on session.tool twice.
    gateway::GatewayAdapter adapter;
    const QList<core::ToolStarted> starts =
        toolStarts(feed(adapter, loadTrace(QStringLiteral("trace-policy.jsonl"))));
    QStringList actual;
    for (const core::ToolStarted &start : starts)
        actual.append(start.sessionKey.str() + QLatin1Char(' ') + start.toolName +
                      QLatin1Char(' ') + start.toolCallId);
    const QStringList expected = {
        QStringLiteral("agent:main:pol-msg-b41b message call_1_0"),
        QStringLiteral("agent:main:pol-exec-b41b exec call_3_0"),
        QStringLiteral("agent:main:pol-sub-b41b sessions_spawn call_5_0"),
        sub("6b350f2d-c080-49d0-8b78-dd22deac7731") + QStringLiteral(" message call_7_0"),
        QStringLiteral("agent:main:pol-abort-chat-b41b exec call_10_0"),
        QStringLiteral("agent:main:pol-abort-steer-b41b exec call_12_0"),
        QStringLiteral("agent:main:pol-abort-clear-b41b exec call_13_0"),
        QStringLiteral("agent:main:pol-abort-keep-b41b exec call_14_0"),
        QStringLiteral("agent:main:pol-sub-abort-b41b sessions_spawn call_15_0"),
        sub("19d1c11c-98a8-4e6c-91da-a51619e1f81e") + QStringLiteral(" exec call_17_0"),
        QStringLiteral("agent:main:pol-sub-chatabort-b41b sessions_spawn call_18_0"),
        sub("0b0b1b28-35ad-43e0-954c-e96835e28107") + QStringLiteral(" exec call_20_0"),
    };
    QCOMPARE(actual, expected);
    QCOMPARE(starts.first().runId, QStringLiteral("rec-fee0-1796395780007"));
}

void TestAdapterPolicy::argumentsKeepTheAgentsOrder()
{
    // P1's start as the socket delivers it (the traces hold Qt objects, whose members are
    // sorted): "action" before "target", JSON.stringify's order, which the plugin's hint quotes.
    const QByteArray text =
        R"({"type":"event","event":"session.tool","payload":{"runId":"rec-fee0","stream":"tool",)"
        R"("data":{"phase":"start","name":"message","toolCallId":"call_1_0","args":{"action":)"
        R"("send","target":"#friday","message":"clawops  policy probe"}},"sessionKey":)"
        R"("agent:main:pol-msg-b41b","seq":11,"ts":1796395786956}})";
    gateway::FrameDecoder decoder;
    gateway::FrameParseError error = gateway::FrameParseError::None;
    const gateway::Frame frame = decoder.decode(text, &error);
    QCOMPARE(error, gateway::FrameParseError::None);
    gateway::GatewayAdapter adapter;
    const QList<core::ToolStarted> starts = toolStarts(adapter.handleEvent(frame).events);
    QCOMPARE(starts.size(), 1);
    QCOMPARE(starts.first().argsJson, QStringLiteral(R"({"action":"send","target":"#friday",)"
                                                     R"("message":"clawops  policy probe"})"));
    // The same start on the other stream is not told again.
    QVERIFY(toolStarts(adapter.handleEvent(frame).events).isEmpty());
}

void TestAdapterPolicy::recordedTraceGivesThePluginsViolations()
{
    core::EngineConfig config;
    config.enforceMainDelegation = true;
    config.enforceFridayChannels = true;
    FixedClock clock;
    ZeroRandom random;
    core::Orchestrator orchestrator(config, clock, random);
    orchestrator.handle(core::GatewayReachability{true});
    gateway::GatewayAdapter adapter;
    for (const core::DomainEvent &event :
         feed(adapter, loadTrace(QStringLiteral("trace-policy.jsonl"))))
        orchestrator.handle(event);
    QStringList actual;
    for (const core::PolicyViolationRecord &violation : orchestrator.takeChanges().policyViolations)
        actual.append(core::policyRuleText(violation.rule) + QLatin1Char(' ') +
                      violation.toolCallId);
    // `message` is no front-session tool even to #friday; the worker's message to #general breaks
    // the channel rule; the workers' exec breaks nothing.
    QCOMPARE(actual, QStringList({QStringLiteral("main-delegation call_1_0"),
                                  QStringLiteral("main-delegation call_3_0"),
                                  QStringLiteral("friday-channel call_7_0"),
                                  QStringLiteral("main-delegation call_10_0"),
                                  QStringLiteral("main-delegation call_12_0"),
                                  QStringLiteral("main-delegation call_13_0"),
                                  QStringLiteral("main-delegation call_14_0")}));
}

void TestAdapterPolicy::abortThenHint()
{
    gateway::GatewayAdapter adapter;
    const QString front = QStringLiteral("agent:main:pol-exec");
    const gateway::AdapterOutput asked = adapter.handleAction(abortOf(front));
    QCOMPARE(asked.calls.size(), 1);
    const gateway::RpcCall abort = asked.calls.first();
    QCOMPARE(abort.method, QStringLiteral("sessions.abort"));
    QCOMPARE(abort.role, gateway::CallRole::PolicyAbort);
    // Only the run: what the operator queued for the session is not dropped.
    QCOMPARE(abort.params, QJsonObject({{QStringLiteral("key"), front}}));

    // As recorded (P5): the run's end comes before the answer, so the answer settles it.
    QVERIFY(adapter.handleEvent(abortedChat(front, QStringLiteral("run-1"))).calls.isEmpty());
    QVERIFY(adapter.handleEvent(cancelledEnd(front, QStringLiteral("run-1"))).calls.isEmpty());
    const gateway::AdapterOutput answered =
        adapter.handleResult(abort, true, abortedAnswer(QStringLiteral("rec-277f")));
    QVERIFY(answered.deadlines.isEmpty());
    QCOMPARE(answered.outcomes.size(), 1);
    QVERIFY(answered.outcomes.first().ok);
    QCOMPARE(answered.outcomes.first().outcome, QStringLiteral("aborted"));
    QCOMPARE(answered.calls.size(), 1);
    const gateway::RpcCall hint = answered.calls.first();
    QCOMPARE(hint.method, QStringLiteral("sessions.send"));
    QCOMPARE(hint.params.value(QLatin1String("key")).toString(), front);
    QCOMPARE(hint.params.value(QLatin1String("message")).toString(), abortOf(front).text);
    QCOMPARE(hint.idempotencyKey, QStringLiteral("policy:run-1:call-1:hint"));
}

// Answered first, ended later: the hint waits for the run's end, which may come without its
// session key (a lifecycle frame of a run names only the run), and an ending of another run of
// the same session (a message sent meanwhile, P5) is not it.
void TestAdapterPolicy::hintWaitsForTheRunsEnd()
{
    gateway::GatewayAdapter adapter;
    const QString front = QStringLiteral("agent:main:pol-exec");
    const gateway::RpcCall abort = adapter.handleAction(abortOf(front)).calls.first();
    const gateway::AdapterOutput answered =
        adapter.handleResult(abort, true, abortedAnswer(QStringLiteral("run-1")));
    QVERIFY(answered.calls.isEmpty());
    QVERIFY(answered.outcomes.isEmpty());
    QCOMPARE(answered.deadlines.size(), 1);
    QCOMPARE(answered.deadlines.first().afterMs, adapter.config().policyAbortConfirmMs);

    QVERIFY(adapter.handleEvent(abortedChat(front, QStringLiteral("run-2"))).isEmpty());
    QVERIFY(adapter.handleEvent(cancelledEnd(sub("other"), QStringLiteral("run-1x"))).isEmpty());
    const gateway::AdapterOutput ended =
        adapter.handleEvent(cancelledEnd(QString(), QStringLiteral("run-1")));
    QCOMPARE(ended.outcomes.size(), 1);
    QVERIFY(ended.outcomes.first().ok);
    QCOMPARE(ended.outcomes.first().outcome, QStringLiteral("aborted"));
    QCOMPARE(ended.outcomes.first().detail, QStringLiteral("sessions.abort"));
    QCOMPARE(ended.calls.size(), 1);
    QCOMPARE(ended.calls.first().method, QStringLiteral("sessions.send"));
    QCOMPARE(ended.calls.first().idempotencyKey, QStringLiteral("policy:run-1:call-1:hint"));

    // Settled: the deadline and a repeated ending change nothing.
    QVERIFY(adapter.deadlinePassed(answered.deadlines.first().key).isEmpty());
    QVERIFY(adapter.handleEvent(abortedChat(front, QStringLiteral("run-1"))).isEmpty());
}

// What the live ring saw under load: "aborted", and the run went on. The abort goes again, now
// naming the run; when that one stops it, the hint follows.
void TestAdapterPolicy::abortAnsweredButRunGoesOnIsSentAgain()
{
    gateway::GatewayAdapter adapter;
    const QString front = QStringLiteral("agent:main:pol-exec");
    const gateway::RpcCall first = adapter.handleAction(abortOf(front)).calls.first();
    const gateway::AdapterOutput answered =
        adapter.handleResult(first, true, abortedAnswer(QStringLiteral("queued-7")));
    QCOMPARE(answered.deadlines.size(), 1);

    const gateway::AdapterOutput late = adapter.deadlinePassed(answered.deadlines.first().key);
    QVERIFY(late.outcomes.isEmpty());
    QCOMPARE(late.calls.size(), 1);
    const gateway::RpcCall second = late.calls.first();
    QCOMPARE(second.method, QStringLiteral("sessions.abort"));
    QCOMPARE(second.role, gateway::CallRole::PolicyAbort);
    QCOMPARE(second.params, QJsonObject({{QStringLiteral("key"), front},
                                         {QStringLiteral("runId"), QStringLiteral("run-1")}}));
    QCOMPARE(second.idempotencyKey, QStringLiteral("policy:run-1:call-1:abort:2"));
    QCOMPARE(second.actionKey, first.actionKey);
    // The first attempt's deadline again (a timer fired twice) starts no third attempt.
    QVERIFY(adapter.deadlinePassed(answered.deadlines.first().key).isEmpty());

    QVERIFY(adapter.handleEvent(cancelledEnd(front, QStringLiteral("run-1"))).isEmpty());
    const gateway::AdapterOutput stopped =
        adapter.handleResult(second, true, abortedAnswer(QStringLiteral("run-1")));
    QCOMPARE(stopped.outcomes.size(), 1);
    QVERIFY(stopped.outcomes.first().ok);
    QCOMPARE(stopped.calls.size(), 1);
    QCOMPARE(stopped.calls.first().method, QStringLiteral("sessions.send"));

    // A second attempt that finds nothing left to abort: the run ended since the first answer.
    gateway::GatewayAdapter other;
    const gateway::RpcCall again = other.handleAction(abortOf(front)).calls.first();
    const QString deadline =
        other.handleResult(again, true, abortedAnswer(QStringLiteral("queued-7")))
            .deadlines.first()
            .key;
    const gateway::RpcCall retry = other.deadlinePassed(deadline).calls.first();
    const gateway::AdapterOutput gone = other.handleResult(
        retry, true,
        QJsonObject{{QStringLiteral("ok"), true},
                    {QStringLiteral("abortedRunId"), QJsonValue()},
                    {QStringLiteral("status"), QStringLiteral("no-active-run")}});
    QCOMPARE(gone.outcomes.size(), 1);
    QVERIFY(gone.outcomes.first().ok);
    QCOMPARE(gone.calls.size(), 1);
    QCOMPARE(gone.calls.first().method, QStringLiteral("sessions.send"));
}

// Every attempt answered, none seen to work: the last goes by chat.abort, and then the hint goes
// anyway, with an outcome that says the run was not seen to stop.
void TestAdapterPolicy::hintGoesWhenNoAbortIsSeenToWork()
{
    gateway::GatewayAdapter adapter;
    const QString front = QStringLiteral("agent:main:pol-exec");
    gateway::RpcCall call = adapter.handleAction(abortOf(front)).calls.first();
    QStringList methods;
    gateway::AdapterOutput last;
    for (int attempt = 1; attempt <= adapter.config().policyAbortAttempts; ++attempt) {
        methods.append(call.method);
        const gateway::AdapterOutput answered =
            adapter.handleResult(call, true, abortedAnswer(QStringLiteral("queued-7")));
        QVERIFY(answered.calls.isEmpty());
        QCOMPARE(answered.deadlines.size(), 1);
        last = adapter.deadlinePassed(answered.deadlines.first().key);
        if (attempt < adapter.config().policyAbortAttempts) {
            QCOMPARE(last.calls.size(), 1);
            call = last.calls.first();
        }
    }
    QCOMPARE(methods,
             QStringList({QStringLiteral("sessions.abort"), QStringLiteral("sessions.abort"),
                          QStringLiteral("chat.abort")}));
    QCOMPARE(call.params, QJsonObject({{QStringLiteral("sessionKey"), front},
                                       {QStringLiteral("runId"), QStringLiteral("run-1")}}));
    QCOMPARE(last.outcomes.size(), 1);
    QVERIFY(!last.outcomes.first().ok);
    QCOMPARE(last.outcomes.first().outcome, QStringLiteral("cancel-failed"));
    QVERIFY2(last.outcomes.first().detail.contains(QLatin1String("not seen to end")),
             qPrintable(last.outcomes.first().detail));
    QCOMPARE(last.calls.size(), 1);
    QCOMPARE(last.calls.first().method, QStringLiteral("sessions.send"));
    QCOMPARE(last.calls.first().params.value(QLatin1String("message")).toString(),
             abortOf(front).text);
}

void TestAdapterPolicy::hintFollowsAFailedAbortToo()
{
    gateway::GatewayAdapter adapter;
    const QString front = QStringLiteral("agent:main:pol-exec");
    const gateway::RpcCall abort = adapter.handleAction(abortOf(front)).calls.first();
    // The run ended before the abort arrived (F4): nothing stopped, the agent still hears why.
    const gateway::AdapterOutput answered = adapter.handleResult(
        abort, true,
        QJsonObject{{QStringLiteral("ok"), true},
                    {QStringLiteral("abortedRunId"), QJsonValue()},
                    {QStringLiteral("status"), QStringLiteral("no-active-run")}});
    QCOMPARE(answered.outcomes.size(), 1);
    QVERIFY(!answered.outcomes.first().ok);
    QCOMPARE(answered.calls.size(), 1);
    QCOMPARE(answered.calls.first().method, QStringLiteral("sessions.send"));
}

void TestAdapterPolicy::chatAbortWhenSessionsAbortIsNotOffered()
{
    gateway::GatewayAdapter adapter;
    const QString front = QStringLiteral("agent:main:pol-exec");
    adapter.onConnected(gateway::GatewayOffer::of(
        {QStringLiteral("chat.abort"), QStringLiteral("sessions.send")}, {}));
    const gateway::AdapterOutput asked = adapter.handleAction(abortOf(front));
    QCOMPARE(asked.calls.size(), 1);
    QCOMPARE(asked.calls.first().method, QStringLiteral("chat.abort"));
    QCOMPARE(asked.calls.first().params, QJsonObject({{QStringLiteral("sessionKey"), front}}));

    // Neither offered: the hint alone, and an outcome saying the run was not stopped.
    gateway::GatewayAdapter bare;
    bare.onConnected(gateway::GatewayOffer::of({QStringLiteral("sessions.send")}, {}));
    const gateway::AdapterOutput hintOnly = bare.handleAction(abortOf(front));
    QCOMPARE(hintOnly.calls.size(), 1);
    QCOMPARE(hintOnly.calls.first().method, QStringLiteral("sessions.send"));
    QCOMPARE(hintOnly.outcomes.size(), 1);
    QVERIFY(!hintOnly.outcomes.first().ok);
}

QTEST_GUILESS_MAIN(TestAdapterPolicy)
#include "tst_adapter_policy.moc"
