// An operator's answer to a worker when the gateway aborts the run it starts: 2026.9.6 does that
// when the answer lands while it still settles the worker's previous run. The answer goes again;
// the task is not ended as killed by the race, and is by a real kill.
#include "AdapterTestSupport.h"

#include <QTest>

using namespace clawops;
using adaptertest::describeAll;
using adaptertest::ended;

namespace {

const QString kMain = QStringLiteral("agent:main:main");
const QString kWorker = QStringLiteral("agent:main:subagent:7c0d5e1a-answer");

core::SendToSession answer()
{
    core::SendToSession action;
    action.purpose = core::SendToSession::Purpose::Answer;
    action.sessionKey = core::SessionKey(kWorker);
    action.text = QStringLiteral("Operator answer: use option B.");
    action.taskId = core::TaskId(QStringLiteral("abc123-a1"));
    action.idempotencyKey = QStringLiteral("answer:abc123-a1:1");
    return action;
}

QJsonObject started(const QString &runId)
{
    return {{QStringLiteral("runId"), runId},
            {QStringLiteral("status"), QStringLiteral("started")}};
}

// What the smoke recorded: chat `aborted` (stopReason rpc, no error) for the answer's run.
gateway::Frame chat(const QString &runId, const QString &state)
{
    return gateway::Frame::event(QStringLiteral("chat"),
                                 {{QStringLiteral("runId"), runId},
                                  {QStringLiteral("sessionKey"), kWorker},
                                  {QStringLiteral("state"), state},
                                  {QStringLiteral("stopReason"), QStringLiteral("rpc")}});
}

gateway::Frame cancelledEnd(const QString &runId)
{
    return gateway::Frame::event(
        QStringLiteral("agent"),
        {{QStringLiteral("runId"), runId},
         {QStringLiteral("sessionKey"), kWorker},
         {QStringLiteral("stream"), QStringLiteral("lifecycle")},
         {QStringLiteral("data"),
          QJsonObject{{QStringLiteral("phase"), QStringLiteral("end")},
                      {QStringLiteral("status"), QStringLiteral("cancelled")},
                      {QStringLiteral("aborted"), true}}}});
}

QString keyOf(const gateway::AdapterOutput &out)
{
    return out.deadlines.isEmpty() ? QString() : out.deadlines.first().key;
}

} // namespace

class TestAdapterAnswers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void abortedAnswerGoesAgain();
    void answerAbortedEveryTimeEndsTheRunKilled();
    void abortAfterTheWindowIsAKill();
    void operatorKillIsNotTheRace();
};

void TestAdapterAnswers::abortedAnswerGoesAgain()
{
    gateway::GatewayAdapter adapter;
    adapter.trackWorker(kWorker, kMain);
    const gateway::RpcCall first = adapter.handleAction(answer()).calls.first();
    QCOMPARE(first.method, QStringLiteral("sessions.send"));
    const gateway::AdapterOutput sent =
        adapter.handleResult(first, true, started(first.idempotencyKey));
    QCOMPARE(sent.outcomes.size(), 1);
    QCOMPARE(sent.outcomes.first().outcome, QStringLiteral("sent"));
    QCOMPARE(sent.deadlines.size(), 1);
    QCOMPARE(sent.deadlines.first().afterMs, adapter.config().answerAbortWindowMs);

    const gateway::AdapterOutput aborted =
        adapter.handleEvent(chat(first.idempotencyKey, QStringLiteral("aborted")));
    QVERIFY2(aborted.events.isEmpty(), qPrintable(describeAll(aborted.events).join(u'\n')));
    QCOMPARE(aborted.deadlines.size(), 1);
    QCOMPARE(aborted.deadlines.first().afterMs, adapter.config().answerResendDelayMs);
    QVERIFY(adapter.handleEvent(cancelledEnd(first.idempotencyKey)).events.isEmpty());
    // The first send's window closing meanwhile changes nothing.
    QVERIFY(adapter.deadlinePassed(keyOf(sent)).isEmpty());

    const gateway::AdapterOutput again = adapter.deadlinePassed(keyOf(aborted));
    QCOMPARE(again.calls.size(), 1);
    const gateway::RpcCall second = again.calls.first();
    QCOMPARE(second.method, QStringLiteral("sessions.send"));
    QCOMPARE(second.params.value(QLatin1String("key")).toString(), kWorker);
    QCOMPARE(second.params.value(QLatin1String("message")).toString(), answer().text);
    // A new key: the gateway answers a repeated one from its cache and starts nothing.
    QCOMPARE(second.idempotencyKey, QStringLiteral("answer:abc123-a1:1:again-2"));
    QCOMPARE(second.params.value(QLatin1String("idempotencyKey")).toString(),
             second.idempotencyKey);
    QCOMPARE(second.taskId, QStringLiteral("abc123-a1"));
    QVERIFY(adapter.deadlinePassed(keyOf(aborted)).isEmpty()); // a timer firing twice

    adapter.handleResult(second, true, started(second.idempotencyKey));
    const gateway::AdapterOutput done =
        adapter.handleEvent(chat(second.idempotencyKey, QStringLiteral("final")));
    QCOMPARE(describeAll(done.events), QStringList({ended(kWorker, QStringLiteral("ok"))}));
}

void TestAdapterAnswers::answerAbortedEveryTimeEndsTheRunKilled()
{
    gateway::GatewayAdapter adapter;
    adapter.trackWorker(kWorker, kMain);
    gateway::RpcCall call = adapter.handleAction(answer()).calls.first();
    int sends = 1;
    gateway::AdapterOutput aborted;
    for (;;) {
        adapter.handleResult(call, true, started(call.idempotencyKey));
        aborted = adapter.handleEvent(chat(call.idempotencyKey, QStringLiteral("aborted")));
        if (aborted.deadlines.isEmpty())
            break;
        call = adapter.deadlinePassed(keyOf(aborted)).calls.first();
        ++sends;
    }
    QCOMPARE(sends, adapter.config().answerAttempts);
    QCOMPARE(describeAll(aborted.events), QStringList({ended(kWorker, QStringLiteral("killed"))}));
}

// Once the answer's run got going, an abort of it is somebody's kill, told to the core.
void TestAdapterAnswers::abortAfterTheWindowIsAKill()
{
    gateway::GatewayAdapter adapter;
    adapter.trackWorker(kWorker, kMain);
    const gateway::RpcCall call = adapter.handleAction(answer()).calls.first();
    const gateway::AdapterOutput sent =
        adapter.handleResult(call, true, started(call.idempotencyKey));
    QVERIFY(adapter.deadlinePassed(keyOf(sent)).isEmpty());
    const gateway::AdapterOutput aborted =
        adapter.handleEvent(chat(call.idempotencyKey, QStringLiteral("aborted")));
    QVERIFY(aborted.deadlines.isEmpty());
    QCOMPARE(describeAll(aborted.events), QStringList({ended(kWorker, QStringLiteral("killed"))}));
}

void TestAdapterAnswers::operatorKillIsNotTheRace()
{
    gateway::GatewayAdapter adapter;
    adapter.trackWorker(kWorker, kMain);
    const gateway::RpcCall call = adapter.handleAction(answer()).calls.first();
    adapter.handleResult(call, true, started(call.idempotencyKey));
    core::CancelWorker kill;
    kill.childSessionKey = core::SessionKey(kWorker);
    kill.taskId = core::TaskId(QStringLiteral("abc123-a1"));
    kill.reason = core::CancelWorker::Reason::OperatorKill;
    QCOMPARE(adapter.handleAction(kill).calls.size(), 1);
    const gateway::AdapterOutput aborted =
        adapter.handleEvent(chat(call.idempotencyKey, QStringLiteral("aborted")));
    QVERIFY(aborted.deadlines.isEmpty());
    QCOMPARE(describeAll(aborted.events), QStringList({ended(kWorker, QStringLiteral("killed"))}));
}

QTEST_GUILESS_MAIN(TestAdapterAnswers)
#include "tst_adapter_answers.moc"
