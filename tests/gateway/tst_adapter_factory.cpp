// The simulated gateway's FrameFactory must produce frames the adapter reads exactly like the
// recorded ones: the same spawn, seen the same way, ends the same way.
#include "AdapterTestSupport.h"
#include "FrameFactory.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace clawops;
using namespace adaptertest;
using Scenario = sim::FrameFactory::SpawnScenario;

namespace {

const QString kMain = QStringLiteral("agent:main:main");

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

QList<core::DomainEvent> run(gateway::GatewayAdapter &adapter, const QList<QJsonObject> &frames)
{
    QList<core::DomainEvent> events;
    for (const QJsonObject &object : frames) {
        // Through text and back, as the simulated gateway sends it.
        const QJsonObject parsed =
            QJsonDocument::fromJson(sim::FrameFactory::toText(object)).object();
        events.append(adapter.handleEvent(gateway::Frame::fromJson(parsed)).events);
    }
    return events;
}

QStringList recorded(const char *trace, const QString &conn = {})
{
    gateway::GatewayAdapter adapter;
    FeedOptions options;
    options.conn = conn;
    return describeAll(feed(adapter, loadTrace(QString::fromLatin1(trace)), options));
}

Scenario base()
{
    Scenario s;
    s.parentSessionId = QStringLiteral("457108c0-0d46-4264-86a1-43244631bbc5");
    s.parentRunId = QStringLiteral("idem-A-1795468824277");
    s.childSessionId = QStringLiteral("49f065f1-994c-4b32-9155-e8ae7f2c78e9");
    return s;
}

} // namespace

class TestAdapterFactory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void toolEventsOkMatchesRecordedRunA();
    void sessionToolMatchesRecordedNoCaps();
    void transcriptOnlyMatchesRecordedHeartbeatRespawn();
    void providerFailureMatchesRecorded500();
    void timeoutMatchesRecorded();
    void killMatchesRecordedCancel();
    void framesLookRecorded();
    void compactRowsGiveSameEvents();
    void throughput();
};

void TestAdapterFactory::toolEventsOkMatchesRecordedRunA()
{
    Scenario s = base();
    s.toolCallId = QStringLiteral("call_1");
    s.childKey = QStringLiteral("agent:main:subagent:738176dd-3577-41f4-a414-c288c68fe0c1");
    s.childRunId = QStringLiteral("58305a4b-3f24-4b4e-99de-13376ff84319");
    s.taskId = QStringLiteral("199653af-5280-4504-ae5c-b168519a9c31");
    s.task = standardTask(QStringLiteral("task_id=T-42"));
    s.label = QStringLiteral("worker-T-42");
    s.finalText = mockReceiptReply(QStringLiteral("T-42"));
    sim::FrameFactory factory;
    const QList<QJsonObject> frames = factory.spawnLifecycle(s);
    QVERIFY2(frames.size() >= 30 && frames.size() <= 70,
             qPrintable(QString::number(frames.size())));
    gateway::GatewayAdapter adapter;
    const QStringList actual = describeAll(run(adapter, frames));
    QVERIFY(sameLines(actual, recorded("trace.jsonl").mid(0, 4)));
}

void TestAdapterFactory::sessionToolMatchesRecordedNoCaps()
{
    Scenario s = base();
    s.visibility = Scenario::Visibility::SessionTool;
    s.toolCallId = QStringLiteral("call_8");
    s.childKey = QStringLiteral("agent:main:subagent:f45532e4-29d8-410e-8fa5-a4bac6db4743");
    s.childRunId = QStringLiteral("34b7a57a-af3a-44b8-8810-a658e0546e2a");
    s.taskId = QStringLiteral("e5d3c5ab-fd5e-4a09-82bf-a0ff383c4934");
    s.task = standardTask(QStringLiteral("task_id=T-42"));
    s.label = QStringLiteral("worker-T-42");
    s.finalText = mockReceiptReply(QStringLiteral("T-42"));
    sim::FrameFactory factory;
    gateway::GatewayAdapter adapter;
    QVERIFY(sameLines(describeAll(run(adapter, factory.spawnLifecycle(s))),
                      recorded("trace-nocaps.jsonl")));
}

void TestAdapterFactory::transcriptOnlyMatchesRecordedHeartbeatRespawn()
{
    Scenario s = base();
    s.visibility = Scenario::Visibility::TranscriptOnly;
    s.parentRunId = QStringLiteral("0f1d37bc-afa9-42f6-9d73-5e93367379d8");
    s.toolCallId = QStringLiteral("call_5");
    s.childKey = QStringLiteral("agent:main:subagent:4177b9c2-1cf0-440d-97b1-0b8c54d01e92");
    s.childRunId = QStringLiteral("bc4bedca-e640-4930-87ac-bd531f21f7b8");
    s.taskId = QStringLiteral("f88ab18f-e9db-49d8-88d8-a777dad7709b");
    s.task = standardTask(QStringLiteral("task_id=T-50 (retry 1)"));
    s.label = QStringLiteral("worker-T-50");
    s.finalText = mockReceiptReply(QStringLiteral("T-50"));
    sim::FrameFactory factory;
    gateway::GatewayAdapter adapter;
    // The recorded respawn: events 4..7 of the retry-wake trace.
    QVERIFY(sameLines(describeAll(run(adapter, factory.spawnLifecycle(s))),
                      recorded("trace-retry-wake.jsonl").mid(4, 4)));
}

void TestAdapterFactory::providerFailureMatchesRecorded500()
{
    Scenario s = base();
    s.toolCallId = QStringLiteral("call_11");
    s.childKey = QStringLiteral("agent:main:subagent:7c3be034-7f49-4075-9ca8-ce1ac1375e16");
    s.childRunId = QStringLiteral("13cfb3c3-6517-4d84-9fb7-74e99b7f804c");
    s.taskId = QStringLiteral("39ee0bd8-b65b-4402-864e-ab3fafe07e89");
    s.task = standardTask(QStringLiteral("task_id=T-51 FAIL500"));
    s.label = QStringLiteral("worker-T-51");
    s.ending = Scenario::Ending::Error;
    s.providerRetries = 7;
    s.errorText =
        QStringLiteral("⚠️ mock/mock-1 request failed (provider internal error, HTTP 500). "
                       "This is usually temporary — try again shortly.");
    sim::FrameFactory factory;
    gateway::GatewayAdapter adapter;
    QVERIFY(sameLines(describeAll(run(adapter, factory.spawnLifecycle(s))),
                      recorded("trace-failure-500.jsonl")));
}

void TestAdapterFactory::timeoutMatchesRecorded()
{
    Scenario s = base();
    s.toolCallId = QStringLiteral("call_22");
    s.childKey = QStringLiteral("agent:main:subagent:1b5e7d08-339b-49fb-bbf8-d6e0ace9594c");
    s.childRunId = QStringLiteral("1ac790ce-01cb-410f-bcfd-a6f20586fdfd");
    s.taskId = QStringLiteral("42f59b45-8039-46ab-9bd2-4558923a5ce6");
    s.task = standardTask(QStringLiteral("task_id=T-52 HANG"));
    s.label = QStringLiteral("worker-T-52");
    s.ending = Scenario::Ending::Timeout;
    s.errorText =
        QStringLiteral("Request timed out before a response was generated. Please try "
                       "again, or increase `agents.defaults.timeoutSeconds` in your config.");
    sim::FrameFactory factory;
    gateway::GatewayAdapter adapter;
    QVERIFY(sameLines(describeAll(run(adapter, factory.spawnLifecycle(s))),
                      recorded("trace-timeout.jsonl")));
}

void TestAdapterFactory::killMatchesRecordedCancel()
{
    Scenario s = base();
    s.toolCallId = QStringLiteral("call_26");
    s.childKey = QStringLiteral("agent:main:subagent:4499450c-2d46-42c9-8498-6459e5897de9");
    s.childRunId = QStringLiteral("5d0c978d-a337-4afc-b04a-506794c5d6b9");
    s.taskId = QStringLiteral("93104f17-7b57-483b-82c7-152c4add1a6d");
    s.task = standardTask(QStringLiteral("task_id=T-53 SLOW"));
    s.label = QStringLiteral("worker-T-53");
    s.ending = Scenario::Ending::Killed;
    s.errorText = QStringLiteral("agent run aborted");
    sim::FrameFactory factory;
    gateway::GatewayAdapter adapter;
    QVERIFY(sameLines(describeAll(run(adapter, factory.spawnLifecycle(s))),
                      recorded("trace-cancel.jsonl")));
}

void TestAdapterFactory::framesLookRecorded()
{
    // Every (event, stream/state/reason, data.phase) combination the factory makes also occurs in
    // the recorded traces, and the frames carry the recorded top-level fields.
    QSet<QString> recordedShapes;
    const auto shape = [](const QJsonObject &frame) {
        const QJsonObject p = frame.value(QLatin1String("payload")).toObject();
        QString kind = p.value(QLatin1String("stream")).toString();
        if (kind.isEmpty())
            kind = p.value(QLatin1String("state")).toString();
        if (kind.isEmpty())
            kind = p.value(QLatin1String("reason")).toString();
        if (kind.isEmpty() && p.contains(QLatin1String("phase")))
            kind = QStringLiteral("phase:") + p.value(QLatin1String("phase")).toString();
        return frame.value(QLatin1String("event")).toString() + QLatin1Char('/') + kind +
               QLatin1Char('/') +
               p.value(QLatin1String("data")).toObject().value(QLatin1String("phase")).toString();
    };
    for (const char *trace :
         {"trace.jsonl", "trace-nocaps.jsonl", "trace-retry-wake.jsonl", "trace-failure-500.jsonl",
          "trace-timeout.jsonl", "trace-cancel.jsonl"}) {
        for (const TraceRow &row : loadTrace(QString::fromLatin1(trace))) {
            if (row.dir == QLatin1String("in") &&
                row.frame.value(QLatin1String("type")).toString() == QLatin1String("event"))
                recordedShapes.insert(shape(row.frame));
        }
    }
    Scenario s = base();
    s.toolCallId = QStringLiteral("call_x");
    s.childKey = QStringLiteral("agent:main:subagent:00000000-0000-4000-8000-000000000001");
    s.childRunId = QStringLiteral("run-x");
    s.taskId = QStringLiteral("task-x");
    s.task = QStringLiteral("do x");
    s.label = QStringLiteral("worker-x");
    s.finalText = QStringLiteral("done x");
    s.deleteAfter = true;
    sim::FrameFactory factory;
    QList<QJsonObject> frames = factory.spawnLifecycle(s);
    s.visibility = Scenario::Visibility::SessionTool;
    s.ending = Scenario::Ending::Error;
    s.providerRetries = 2;
    s.errorText = QStringLiteral("boom");
    frames += factory.spawnLifecycle(s);
    s.ending = Scenario::Ending::Timeout;
    frames += factory.spawnLifecycle(s);
    s.ending = Scenario::Ending::Killed;
    frames += factory.spawnLifecycle(s);
    qint64 lastSeq = 0;
    for (const QJsonObject &frame : frames) {
        QVERIFY2(recordedShapes.contains(shape(frame)), qPrintable(shape(frame)));
        const qint64 seq = frame.value(QLatin1String("seq")).toInteger();
        QCOMPARE(seq, lastSeq + 1);
        lastSeq = seq;
        const QJsonObject payload = frame.value(QLatin1String("payload")).toObject();
        const QString event = frame.value(QLatin1String("event")).toString();
        if (event == QLatin1String("agent")) {
            for (const char *key :
                 {"runId", "stream", "data", "sessionKey", "agentId", "seq", "ts"})
                QVERIFY2(payload.contains(QLatin1String(key)), key);
        } else if (event == QLatin1String("chat")) {
            for (const char *key : {"runId", "sessionKey", "agentId", "seq", "state"})
                QVERIFY2(payload.contains(QLatin1String(key)), key);
        } else if (event == QLatin1String("task")) {
            const QJsonObject task = payload.value(QLatin1String("task")).toObject();
            for (const char *key : {"id", "taskId", "kind", "status", "title", "sessionKey",
                                    "childSessionKey", "runId", "deliveryStatus"})
                QVERIFY2(task.contains(QLatin1String(key)), key);
        }
    }
}

void TestAdapterFactory::compactRowsGiveSameEvents()
{
    Scenario s = base();
    s.toolCallId = QStringLiteral("call_1");
    s.childKey = QStringLiteral("agent:main:subagent:738176dd-3577-41f4-a414-c288c68fe0c1");
    s.childRunId = QStringLiteral("58305a4b-3f24-4b4e-99de-13376ff84319");
    s.taskId = QStringLiteral("199653af-5280-4504-ae5c-b168519a9c31");
    s.task = standardTask(QStringLiteral("task_id=T-42"));
    s.label = QStringLiteral("worker-T-42");
    s.finalText = mockReceiptReply(QStringLiteral("T-42"));
    s.ending = Scenario::Ending::Error;
    s.errorText = QStringLiteral("x");
    sim::FrameFactory full;
    sim::FrameFactory::Options options;
    options.sessionRows = false;
    sim::FrameFactory compact(full.now(), options);
    gateway::GatewayAdapter a;
    gateway::GatewayAdapter b;
    QCOMPARE(describeAll(run(b, compact.spawnLifecycle(s))),
             describeAll(run(a, full.spawnLifecycle(s))));
}

void TestAdapterFactory::throughput()
{
    // The adapter's share of the ≥5,000 lifecycles/s pipeline budget: frames already parsed.
    // Printed for the record; the bound only catches a pathological regression on a busy machine.
    for (const bool rows : {false, true}) {
        sim::FrameFactory::Options options;
        options.sessionRows = rows;
        sim::FrameFactory factory(1795468824000, options);
        QList<gateway::Frame> frames;
        const int lifecycles = 2000;
        for (int i = 0; i < lifecycles; ++i) {
            Scenario s = base();
            const QString n = QString::number(i);
            s.toolCallId = QStringLiteral("call_") + n;
            s.childKey = QStringLiteral("agent:main:subagent:bench-") + n;
            s.childRunId = QStringLiteral("run-") + n;
            s.parentRunId = QStringLiteral("parent-run-") + n;
            s.taskId = QStringLiteral("task-") + n;
            s.task = QStringLiteral("task_id=B-") + n;
            s.label = QStringLiteral("worker-B-") + n;
            s.finalText = mockReceiptReply(QStringLiteral("B-") + n);
            for (const QJsonObject &object : factory.spawnLifecycle(s))
                frames.append(gateway::Frame::fromJson(object));
        }
        gateway::AdapterConfig config;
        config.maxTrackedSessions = 1024;
        gateway::GatewayAdapter adapter(config);
        gateway::AdapterOutput out;
        qsizetype events = 0;
        QElapsedTimer timer;
        timer.start();
        for (const gateway::Frame &frame : frames) {
            adapter.handleEvent(frame, out);
            events += out.events.size();
            out.clear();
        }
        const qint64 ns = qMax<qint64>(1, timer.nsecsElapsed());
        const double perSecond = double(lifecycles) * 1e9 / double(ns);
        qInfo("adapter (session rows %s): %lld frames, %.0f lifecycles/s, %.0f ns/frame",
              rows ? "on" : "off", qlonglong(frames.size()), perSecond,
              double(ns) / double(frames.size()));
        // Four for the lifecycle, and the spawn's tool start for the policy watch.
        QCOMPARE(events, qsizetype(lifecycles) * 5);
        QVERIFY(perSecond > 250);
        // Bounded memory: ended children beyond two generations are forgotten.
        QVERIFY(adapter.knownSessionCount() <= 2 * config.maxTrackedSessions + 8);
    }
}

QTEST_GUILESS_MAIN(TestAdapterFactory)
#include "tst_adapter_factory.moc"
