// The adapter fed the real frames recorded from an OpenClaw 2026.9.6 gateway
// (tests/data/traces/, copied from the shared gateway-traces) must produce exactly these domain
// events. Each expectation was derived by hand from the trace's timeline.
#include "AdapterTestSupport.h"

#include <QJsonArray>
#include <QTest>

using namespace clawops;
using namespace adaptertest;

namespace {

const QString kMain = QStringLiteral("agent:main:main");
const QString kSub = QStringLiteral("agent:main:subagent:");

QString sub(const char *uuid)
{
    return kSub + QString::fromLatin1(uuid);
}

QString standardTask(const QString &head)
{
    return head + QStringLiteral(". Verify the mock build and reply with a fenced json receipt "
                                 "{task_id,status,verification}.");
}

QString mockReceiptReply(const QString &taskId)
{
    return QStringLiteral(
               "Work done for %1.\n\n```json\n{\n  \"task_id\": \"%1\",\n  \"status\": "
               "\"completed\",\n  \"verification\": [\n    \"mock check 1 passed\",\n    "
               "\"mock check 2 passed\"\n  ]\n}\n```")
        .arg(taskId);
}

// The final text the trace's chat event carries for `sessionKey` in `runId`.
QString recordedFinal(const QList<TraceRow> &rows, const QString &sessionKey, const QString &runId)
{
    for (const TraceRow &row : rows) {
        const QJsonObject payload = row.frame.value(QLatin1String("payload")).toObject();
        if (row.frame.value(QLatin1String("event")).toString() != QLatin1String("chat") ||
            payload.value(QLatin1String("state")).toString() != QLatin1String("final") ||
            payload.value(QLatin1String("sessionKey")).toString() != sessionKey ||
            payload.value(QLatin1String("runId")).toString() != runId)
            continue;
        return payload.value(QLatin1String("message"))
            .toObject()
            .value(QLatin1String("content"))
            .toArray()
            .first()
            .toObject()
            .value(QLatin1String("text"))
            .toString();
    }
    return {};
}

} // namespace

class TestAdapterTraces : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void toolEventsSpawnReceiptAbortDelete();
    void noCapsSessionToolNoDoubleCount();
    void secondObserverSameEventsPerConnection_data();
    void secondObserverSameEventsPerConnection();
    void retryWakeHeartbeatSpawnAndFollowUp();
    void failure500RetryingIsNotFailure();
    void timeout();
    void cancel();
    void pluginOrchestratorBinding();
    void replayIntoSameAdapterYieldsNothing();
};

void TestAdapterTraces::toolEventsSpawnReceiptAbortDelete()
{
    // Run A: tool-events spawn, the worker's fenced receipt in its chat final; run B: a slow
    // worker aborted by chat.abort (chat aborted comes first: killed), then sessions.delete.
    // The parent's announce turn itself never reaches an operator socket in this gateway
    // version (only the model's "ack:" echo does), so run A has one SessionText.
    const QList<TraceRow> rows = loadTrace(QStringLiteral("trace.jsonl"));
    QVERIFY(!rows.isEmpty());
    gateway::GatewayAdapter adapter;
    const QStringList actual = describeAll(feed(adapter, rows));

    const QString childA = sub("738176dd-3577-41f4-a414-c288c68fe0c1");
    const QString childB = sub("e15c3ce2-44aa-40ff-b5fd-f839304098dd");
    const QStringList expected = {
        requested(QStringLiteral("call_1"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-42")), QStringLiteral("worker-T-42")),
        accepted(QStringLiteral("call_1"), childA,
                 QStringLiteral("58305a4b-3f24-4b4e-99de-13376ff84319"),
                 QStringLiteral("199653af-5280-4504-ae5c-b168519a9c31")),
        ended(childA, QStringLiteral("ok")),
        text(childA, childA, mockReceiptReply(QStringLiteral("T-42"))),
        requested(QStringLiteral("call_5"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-43 SLOW")), QStringLiteral("worker-T-43")),
        accepted(QStringLiteral("call_5"), childB,
                 QStringLiteral("be4c9b26-d41b-44b5-85b0-75454fbff54a"),
                 QStringLiteral("e413ceba-2bcd-4021-b139-bfa799e9997b")),
        ended(childB, QStringLiteral("killed")),
        sessionEnded(childB, QStringLiteral("deleted")),
    };
    QVERIFY(sameLines(actual, expected));
    // The receipt the core will parse: T-42 completed, with verification items.
    const QString receipt = mockReceiptReply(QStringLiteral("T-42"));
    QVERIFY(receipt.contains(QLatin1String("\"task_id\": \"T-42\"")));
    QVERIFY(receipt.contains(QLatin1String("\"verification\"")));
}

void TestAdapterTraces::noCapsSessionToolNoDoubleCount()
{
    // Without caps the spawn arrives as session.tool, besides the transcript toolCall, the task
    // event and the create row: still one request and one acceptance. The driver's reads at the
    // end (including a history of an older child) add nothing.
    const QList<TraceRow> rows = loadTrace(QStringLiteral("trace-nocaps.jsonl"));
    gateway::GatewayAdapter adapter;
    const QStringList actual = describeAll(feed(adapter, rows));
    const QString child = sub("f45532e4-29d8-410e-8fa5-a4bac6db4743");
    const QStringList expected = {
        requested(QStringLiteral("call_8"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-42")), QStringLiteral("worker-T-42")),
        accepted(QStringLiteral("call_8"), child,
                 QStringLiteral("34b7a57a-af3a-44b8-8810-a658e0546e2a"),
                 QStringLiteral("e5d3c5ab-fd5e-4a09-82bf-a0ff383c4934")),
        ended(child, QStringLiteral("ok")),
        text(child, child, mockReceiptReply(QStringLiteral("T-42"))),
    };
    QVERIFY(sameLines(actual, expected));
}

void TestAdapterTraces::secondObserverSameEventsPerConnection_data()
{
    QTest::addColumn<QString>("conn");
    QTest::newRow("driver (agent/tool)") << QStringLiteral("driver");
    QTest::newRow("observer (session.tool, no message subscription at first)")
        << QStringLiteral("observer");
    QTest::newRow("nocaps (session.tool)") << QStringLiteral("nocaps");
}

void TestAdapterTraces::secondObserverSameEventsPerConnection()
{
    QFETCH(QString, conn);
    const QList<TraceRow> rows = loadTrace(QStringLiteral("trace-second-observer.jsonl"));
    gateway::GatewayAdapter adapter;
    FeedOptions options;
    options.conn = conn;
    const QStringList actual = describeAll(feed(adapter, rows, options));
    const QString child1 = sub("18877ec7-9197-4458-a8f6-f253d2a1cd33");
    const QString child2 = sub("e3c2edb8-b000-4329-8bc5-060f714b1155");
    const QStringList expected = {
        requested(QStringLiteral("call_30"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-54")), QStringLiteral("worker-T-54")),
        accepted(QStringLiteral("call_30"), child1,
                 QStringLiteral("cb7f5d3c-c212-4bfc-9c56-b3499825976c"),
                 QStringLiteral("1f15db59-b773-4007-8ca4-687afcc08280")),
        ended(child1, QStringLiteral("ok")),
        text(child1, child1, mockReceiptReply(QStringLiteral("T-54"))),
        requested(QStringLiteral("call_34"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-55")), QStringLiteral("worker-T-55")),
        accepted(QStringLiteral("call_34"), child2,
                 QStringLiteral("ae29307e-638b-478d-97f0-ea2a324b0361"),
                 QStringLiteral("eeb84b18-5aa1-4a32-bd78-9f59068fecb4")),
        ended(child2, QStringLiteral("ok")),
        text(child2, child2, mockReceiptReply(QStringLiteral("T-55"))),
    };
    QVERIFY(sameLines(actual, expected));
}

void TestAdapterTraces::retryWakeHeartbeatSpawnAndFollowUp()
{
    // First spawn with tool events; then a wake whose heartbeat run respawns: no agent/tool, no
    // session.tool, only the transcript toolCall + task + create row, synthesized exactly once
    // with the full arguments; then sessions.send to the first (finished) child starts a second
    // run there, which ends again with a new reply. The aborted announce run and the settle run
    // on main are not child endings.
    const QList<TraceRow> rows = loadTrace(QStringLiteral("trace-retry-wake.jsonl"));
    gateway::GatewayAdapter adapter;
    const QStringList actual = describeAll(feed(adapter, rows));
    const QString first = sub("4c98fddd-34b7-4de8-bc09-6d437df25db0");
    const QString respawn = sub("4177b9c2-1cf0-440d-97b1-0b8c54d01e92");
    const QStringList expected = {
        requested(QStringLiteral("call_1"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-50")), QStringLiteral("worker-T-50")),
        accepted(QStringLiteral("call_1"), first,
                 QStringLiteral("a3b0c263-51f9-4ece-b030-c892ed820869"),
                 QStringLiteral("8886df55-665f-4781-ae9e-e3a2fe95c423")),
        ended(first, QStringLiteral("ok")),
        text(first, first, mockReceiptReply(QStringLiteral("T-50"))),
        requested(QStringLiteral("call_5"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-50 (retry 1)")),
                  QStringLiteral("worker-T-50")),
        accepted(QStringLiteral("call_5"), respawn,
                 QStringLiteral("bc4bedca-e640-4930-87ac-bd531f21f7b8"),
                 QStringLiteral("f88ab18f-e9db-49d8-88d8-a777dad7709b")),
        ended(respawn, QStringLiteral("ok")),
        text(respawn, respawn, mockReceiptReply(QStringLiteral("T-50"))),
        ended(first, QStringLiteral("ok")),
        text(first, first,
             QStringLiteral("child-followup: Operator answer: use option B for T-50.\n\n```json\n"
                            "{\"task_id\":\"T-50\",\"status\":\"completed\",\"operator_answer\":"
                            "\"Operator answer: use option B for T-50.\"}\n```")),
    };
    QVERIFY(sameLines(actual, expected));
}

void TestAdapterTraces::failure500RetryingIsNotFailure()
{
    // Seven provider retries over ~80 s (lifecycle finishing with livenessState blocked,
    // run_status retrying, lifecycle start again on the same run) are not endings; the final
    // lifecycle error is, once, despite chat error, task failed and the failed rows after it.
    const QList<TraceRow> rows = loadTrace(QStringLiteral("trace-failure-500.jsonl"));
    gateway::GatewayAdapter adapter;
    const QStringList actual = describeAll(feed(adapter, rows));
    const QString child = sub("7c3be034-7f49-4075-9ca8-ce1ac1375e16");
    const QStringList expected = {
        requested(QStringLiteral("call_11"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-51 FAIL500")),
                  QStringLiteral("worker-T-51")),
        accepted(QStringLiteral("call_11"), child,
                 QStringLiteral("13cfb3c3-6517-4d84-9fb7-74e99b7f804c"),
                 QStringLiteral("39ee0bd8-b65b-4402-864e-ab3fafe07e89")),
        ended(child, QStringLiteral("error"),
              QStringLiteral(
                  "⚠️ mock/mock-1 request failed (provider internal error, HTTP 500). This "
                  "is usually temporary — try again shortly.")),
    };
    QVERIFY(sameLines(actual, expected));

    // Nothing before the terminal lifecycle error is an ending.
    qint64 errorAt = -1;
    for (const TraceRow &row : rows) {
        const QJsonObject payload = row.frame.value(QLatin1String("payload")).toObject();
        if (payload.value(QLatin1String("stream")).toString() == QLatin1String("lifecycle") &&
            payload.value(QLatin1String("data")).toObject().value(QLatin1String("phase")) ==
                QLatin1String("error")) {
            errorAt = row.t;
            break;
        }
    }
    QVERIFY(errorAt > 80000);
    gateway::GatewayAdapter partial;
    FeedOptions until;
    until.untilT = errorAt;
    QCOMPARE(describeAll(feed(partial, rows, until)).size(), 2);
}

void TestAdapterTraces::timeout()
{
    const QList<TraceRow> rows = loadTrace(QStringLiteral("trace-timeout.jsonl"));
    gateway::GatewayAdapter adapter;
    const QStringList actual = describeAll(feed(adapter, rows));
    const QString child = sub("1b5e7d08-339b-49fb-bbf8-d6e0ace9594c");
    const QStringList expected = {
        requested(QStringLiteral("call_22"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-52 HANG")), QStringLiteral("worker-T-52")),
        accepted(QStringLiteral("call_22"), child,
                 QStringLiteral("1ac790ce-01cb-410f-bcfd-a6f20586fdfd"),
                 QStringLiteral("42f59b45-8039-46ab-9bd2-4558923a5ce6")),
        ended(child, QStringLiteral("timeout"),
              QStringLiteral("Request timed out before a response was generated. Please try again, "
                             "or increase `agents.defaults.timeoutSeconds` in your config.")),
    };
    QVERIFY(sameLines(actual, expected));
}

void TestAdapterTraces::cancel()
{
    // tasks.cancel: lifecycle error with aborted:true comes first; the parent's heartbeat run
    // that follows is not a spawn or an ending.
    const QList<TraceRow> rows = loadTrace(QStringLiteral("trace-cancel.jsonl"));
    gateway::GatewayAdapter adapter;
    const QStringList actual = describeAll(feed(adapter, rows));
    const QString child = sub("4499450c-2d46-42c9-8498-6459e5897de9");
    const QStringList expected = {
        requested(QStringLiteral("call_26"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-53 SLOW")), QStringLiteral("worker-T-53")),
        accepted(QStringLiteral("call_26"), child,
                 QStringLiteral("5d0c978d-a337-4afc-b04a-506794c5d6b9"),
                 QStringLiteral("93104f17-7b57-483b-82c7-152c4add1a6d")),
        ended(child, QStringLiteral("killed"), QStringLiteral("agent run aborted")),
    };
    QVERIFY(sameLines(actual, expected));
}

void TestAdapterTraces::pluginOrchestratorBinding()
{
    // With the seed plugin in the gateway: main spawns (the tool start shows the arguments
    // before the plugin rewrote them into a hidden-orchestrator task), the child then spawns a
    // worker itself, which binds it as main's orchestrator before its own spawn is reported; the
    // worker's requester is main. The orchestrator's first turn ends while its worker runs, so it
    // ends with the turn that processed the worker's announce; its later wake turn adds only text.
    const QList<TraceRow> rows = loadTrace(QStringLiteral("trace-plugin.jsonl"));
    gateway::GatewayAdapter adapter;
    const QStringList actual = describeAll(feed(adapter, rows));
    const QString orchestrator = sub("6f4eb4b8-92ef-4b70-b61a-bc0d7317b22d");
    const QString worker = sub("7f8811e7-ef37-4755-b563-3279f7efd581");
    const QString workerRun = QStringLiteral("b4317dfa-53b8-40c4-a877-3acd5821b4e3");
    const QString workerReply = recordedFinal(rows, worker, workerRun);
    QVERIFY(workerReply.contains(QLatin1String("\"task_id\": \"7ef53ebce7d1-a1\"")));
    const QStringList expected = {
        requested(QStringLiteral("call_1"), kMain, kMain,
                  standardTask(QStringLiteral("task_id=T-44")), QStringLiteral("worker-T-44")),
        accepted(QStringLiteral("call_1"), orchestrator,
                 QStringLiteral("33113edf-9a17-4d0e-a82b-40a5d0789267"),
                 QStringLiteral("e3bf4fc0-2495-4d41-91c9-e10dae5f6e24")),
        bound(kMain, orchestrator),
        requested(QStringLiteral("call_3"), kMain, orchestrator,
                  QStringLiteral("Run the mock checks for T-44 and report."),
                  QStringLiteral("worker-T-44")),
        accepted(QStringLiteral("call_3"), worker, workerRun,
                 QStringLiteral("0a285d10-e2ac-49ba-b1dc-68c3a1500389")),
        text(orchestrator, orchestrator,
             QStringLiteral("Delegating to a subagent.\n\nWorker dispatched for T-44.")),
        ended(worker, QStringLiteral("ok")),
        text(worker, worker, workerReply),
        orchestratorEnded(orchestrator),
        text(orchestrator, orchestrator, QStringLiteral("All workers finished for T-44.")),
        text(orchestrator, orchestrator, QStringLiteral("Worker dispatched for T-44.")),
    };
    QVERIFY(sameLines(actual, expected));
}

void TestAdapterTraces::replayIntoSameAdapterYieldsNothing()
{
    // Every frame delivered twice (a reconnect that re-sends, a duplicated subscription) must not
    // count anything twice.
    for (const char *name : {"trace.jsonl", "trace-retry-wake.jsonl", "trace-plugin.jsonl",
                             "trace-failure-500.jsonl"}) {
        const QList<TraceRow> rows = loadTrace(QString::fromLatin1(name));
        gateway::GatewayAdapter adapter;
        const QList<core::DomainEvent> first = feed(adapter, rows);
        QVERIFY(!first.isEmpty());
        const QStringList second = describeAll(feed(adapter, rows));
        QVERIFY2(second.isEmpty(), qPrintable(QString::fromLatin1(name) + QLatin1String(": ") +
                                              second.join(QLatin1Char('\n'))));
    }
}

QTEST_GUILESS_MAIN(TestAdapterTraces)
#include "tst_adapter_traces.moc"
