// Resync after a reconnect or a sequence gap, with the RPC results recorded from the real
// gateway: only the missed domain events come out, and applying the same results again yields
// nothing.
#include "AdapterTestSupport.h"

#include <QJsonArray>
#include <QTest>

using namespace clawops;
using namespace adaptertest;
using gateway::CallRole;
using gateway::RpcCall;

namespace {

const QString kMain = QStringLiteral("agent:main:main");
const QString kChildA = QStringLiteral("agent:main:subagent:738176dd-3577-41f4-a414-c288c68fe0c1");

QString receiptT42()
{
    return QStringLiteral(
        "Work done for T-42.\n\n```json\n{\n  \"task_id\": \"T-42\",\n  \"status\": "
        "\"completed\",\n  \"verification\": [\n    \"mock check 1 passed\",\n    "
        "\"mock check 2 passed\"\n  ]\n}\n```");
}

RpcCall read(const QString &method, const QJsonObject &params)
{
    RpcCall call;
    call.method = method;
    call.params = params;
    call.role = CallRole::Resync;
    return call;
}

QStringList callLines(const QList<RpcCall> &calls)
{
    QStringList lines;
    for (const RpcCall &call : calls) {
        QStringList params;
        for (auto it = call.params.constBegin(); it != call.params.constEnd(); ++it)
            params << it.key() + QLatin1Char('=') + it.value().toVariant().toString();
        lines << call.method + QLatin1Char(' ') + params.join(QLatin1Char(','));
    }
    return lines;
}

struct Summary
{
    QJsonObject root = loadJsonFile(QStringLiteral("trace-summary.json"));
    QJsonObject get(const char *name) const { return root.value(QLatin1String(name)).toObject(); }
};

QJsonObject pathsRpcPayload(const char *scenario, const char *name)
{
    return loadJsonFile(QStringLiteral("trace-paths-summary.json"))
        .value(QLatin1String(scenario))
        .toObject()
        .value(QLatin1String("rpc"))
        .toObject()
        .value(QLatin1String(name))
        .toObject()
        .value(QLatin1String("payload"))
        .toObject();
}

QJsonObject childRowList(const char *scenario)
{
    const QJsonObject row = loadJsonFile(QStringLiteral("trace-paths-summary.json"))
                                .value(QLatin1String(scenario))
                                .toObject()
                                .value(QLatin1String("childRow"))
                                .toObject();
    return {{QStringLiteral("sessions"), QJsonArray{row}}};
}

// Applies results as the host would, in order, collecting events and follow-up calls.
struct Applied
{
    QStringList events;
    QList<RpcCall> followUps;
};

Applied applyResults(gateway::GatewayAdapter &adapter,
                     const QList<QPair<RpcCall, QJsonObject>> &results)
{
    Applied applied;
    for (const QPair<RpcCall, QJsonObject> &result : results) {
        const gateway::AdapterOutput out = adapter.handleResult(result.first, true, result.second);
        applied.events += describeAll(out.events);
        applied.followUps += out.calls;
    }
    // All reads answered, as the host reports it: the held-back lists are applied now.
    const gateway::AdapterOutput finished = adapter.finishResync();
    applied.events += describeAll(finished.events);
    applied.followUps += finished.calls;
    return applied;
}

} // namespace

class TestAdapterResync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missedEndingAndReceiptRecoveredOnce();
    void replyReadLostWithTheConnectionIsReadAgain();
    void missedSpawnRecoveredFromHistoryAndLists();
    void eventsDuringTheResyncDoNotHideWhatWasMissed();
    void recordedChildRowsEndRunsOnce_data();
    void recordedChildRowsEndRunsOnce();
    void listsOfOldChildrenAreHistory();
    void sequenceGapRequestsResync();
    void resyncReadsOnlyWhatTheGatewayOffers();
    void listsAreReadInPagesUpToABound();
};

void TestAdapterResync::missedEndingAndReceiptRecoveredOnce()
{
    // The connection drops after the spawn was accepted, before the child ended.
    gateway::GatewayAdapter adapter;
    FeedOptions options;
    options.untilT = 9784; // the child's lifecycle end
    QCOMPARE(describeAll(feed(adapter, loadTrace(QStringLiteral("trace.jsonl")), options)).size(),
             2);

    const QList<RpcCall> calls = adapter.onConnected();
    const QStringList expectedCalls = {
        QStringLiteral("sessions.subscribe "),
        QStringLiteral("sessions.messages.subscribe key=") + kMain,
        QStringLiteral("sessions.messages.subscribe key=") + kChildA,
        QStringLiteral("chat.history limit=20,sessionKey=") + kMain,
        QStringLiteral("sessions.list limit=500,spawnedBy=") + kMain,
        QStringLiteral("tasks.list limit=500"),
        QStringLiteral("chat.history limit=20,sessionKey=") + kChildA,
    };
    QCOMPARE(callLines(calls), expectedCalls);
    for (const RpcCall &call : calls)
        QCOMPARE(call.role, CallRole::Resync);

    const Summary summary;
    const QList<QPair<RpcCall, QJsonObject>> results = {
        {calls.at(3), summary.get("mainHistoryA")},
        {calls.at(4), summary.get("listA")},
        {calls.at(5), summary.get("tasksA")},
        {calls.at(6), summary.get("childHistoryA")},
    };
    const Applied first = applyResults(adapter, results);
    QVERIFY(sameLines(first.events, {ended(kChildA, QStringLiteral("ok")),
                                     text(kChildA, kChildA, receiptT42())}));
    QVERIFY(applyResults(adapter, results).events.isEmpty());
    // And the live frames that arrive late change nothing either.
    FeedOptions rest;
    rest.fromT = 9784;
    rest.untilT = 14200; // run A's remaining frames, before run B
    const QStringList late =
        describeAll(feed(adapter, loadTrace(QStringLiteral("trace.jsonl")), rest));
    QVERIFY2(late.isEmpty(), qPrintable(late.join(QLatin1Char('\n'))));
}

void TestAdapterResync::replyReadLostWithTheConnectionIsReadAgain()
{
    gateway::GatewayAdapter adapter;
    FeedOptions options;
    options.untilT = 9784; // the child's lifecycle end
    feed(adapter, loadTrace(QStringLiteral("trace.jsonl")), options);

    // The resync's reads are answered except the child's history, lost with the connection;
    // the list then says the child finished, and its reply is asked for.
    const QList<RpcCall> calls = adapter.onConnected();
    const Summary summary;
    QVERIFY(adapter.handleResult(calls.at(3), true, summary.get("mainHistoryA")).events.isEmpty());
    adapter.handleResult(calls.at(4), true, summary.get("listA"));
    adapter.handleResult(calls.at(5), true, summary.get("tasksA"));
    adapter.handleResult(calls.at(6), false, {}, QStringLiteral("CONNECTION_LOST"));
    const gateway::AdapterOutput finished = adapter.finishResync();
    QVERIFY(sameLines(describeAll(finished.events), {ended(kChildA, QStringLiteral("ok"))}));
    const QString childHistory = QStringLiteral("chat.history limit=20,sessionKey=") + kChildA;
    QCOMPARE(callLines(finished.calls), QStringList{childHistory});

    // That read is lost too: the next connection's resync reads the child's history again,
    // although the child's run has ended, and its receipt comes out once.
    adapter.handleResult(finished.calls.first(), false, {}, QStringLiteral("CONNECTION_LOST"));
    const QList<RpcCall> again = adapter.onConnected();
    const QStringList againLines = callLines(again);
    QVERIFY2(againLines.contains(childHistory), qPrintable(againLines.join(u'\n')));
    const RpcCall &reread = again.at(againLines.indexOf(childHistory));
    const QStringList events =
        describeAll(adapter.handleResult(reread, true, summary.get("childHistoryA")).events);
    QVERIFY2(sameLines(events, {text(kChildA, kChildA, receiptT42())}),
             qPrintable(events.join(u'\n')));

    // Read back, it is not asked for again.
    QVERIFY(!callLines(adapter.onConnected()).contains(childHistory));
}

void TestAdapterResync::missedSpawnRecoveredFromHistoryAndLists()
{
    // The connection drops before the spawn; the child is created, finishes and is announced
    // while we are away. The parent's history has the call (full arguments) and its result;
    // the lists have the child; its own history has the receipt.
    gateway::GatewayAdapter adapter;
    adapter.watchSession(kMain);
    FeedOptions options;
    options.untilT = 7600; // before the transcript toolCall
    QVERIFY(feed(adapter, loadTrace(QStringLiteral("trace.jsonl")), options).isEmpty());

    const QList<RpcCall> calls = adapter.onConnected();
    QCOMPARE(callLines(calls),
             (QStringList{QStringLiteral("sessions.subscribe "),
                          QStringLiteral("sessions.messages.subscribe key=") + kMain,
                          QStringLiteral("chat.history limit=20,sessionKey=") + kMain,
                          QStringLiteral("sessions.list limit=500,spawnedBy=") + kMain,
                          QStringLiteral("tasks.list limit=500")}));
    const Summary summary;
    const QList<QPair<RpcCall, QJsonObject>> results = {
        {calls.at(2), summary.get("mainHistoryA")},
        {calls.at(3), summary.get("listA")},
        {calls.at(4), summary.get("tasksA")},
    };
    const Applied first = applyResults(adapter, results);
    const QString task = QStringLiteral("task_id=T-42. Verify the mock build and reply with a "
                                        "fenced json receipt {task_id,status,verification}.");
    QVERIFY(sameLines(
        first.events,
        {requested(QStringLiteral("call_1"), kMain, kMain, task, QStringLiteral("worker-T-42")),
         accepted(QStringLiteral("call_1"), kChildA,
                  QStringLiteral("58305a4b-3f24-4b4e-99de-13376ff84319"), QString()),
         ended(kChildA, QStringLiteral("ok")),
         taskSeen(kChildA, QStringLiteral("199653af-5280-4504-ae5c-b168519a9c31"))}));
    // The newly found child's own reads follow.
    QCOMPARE(callLines(first.followUps),
             (QStringList{QStringLiteral("sessions.messages.subscribe key=") + kChildA,
                          QStringLiteral("chat.history limit=20,sessionKey=") + kChildA}));
    const Applied history =
        applyResults(adapter, {{first.followUps.at(1), summary.get("childHistoryA")}});
    QVERIFY(sameLines(history.events, {text(kChildA, kChildA, receiptT42())}));

    // Twice: nothing.
    QVERIFY(applyResults(adapter, results).events.isEmpty());
    QVERIFY(applyResults(adapter, {{first.followUps.at(1), summary.get("childHistoryA")}})
                .events.isEmpty());
}

// A busy gateway keeps sending events (ticks, other sessions) while the resync's reads are
// answered; their current time must not make the child created while we were away look old.
void TestAdapterResync::eventsDuringTheResyncDoNotHideWhatWasMissed()
{
    gateway::GatewayAdapter adapter;
    adapter.watchSession(kMain);
    FeedOptions options;
    options.untilT = 7600;
    QVERIFY(feed(adapter, loadTrace(QStringLiteral("trace.jsonl")), options).isEmpty());

    const QList<RpcCall> calls = adapter.onConnected();
    const Summary summary;
    const qint64 childCreatedAt = summary.get("listA")
                                      .value(QLatin1String("sessions"))
                                      .toArray()
                                      .first()
                                      .toObject()
                                      .value(QLatin1String("createdAt"))
                                      .toInteger();
    QVERIFY(childCreatedAt > 0);
    gateway::Frame tick;
    tick.type = gateway::Frame::Type::Event;
    tick.name = QStringLiteral("tick");
    tick.payload = QJsonObject{{QStringLiteral("ts"), childCreatedAt + qint64(10) * 60 * 1000}};
    QVERIFY(adapter.handleEvent(tick).events.isEmpty());

    const Applied applied = applyResults(
        adapter, {{calls.at(2), summary.get("mainHistoryA")}, {calls.at(3), summary.get("listA")}});
    QVERIFY2(applied.events.contains(
                 accepted(QStringLiteral("call_1"), kChildA,
                          QStringLiteral("58305a4b-3f24-4b4e-99de-13376ff84319"), QString())),
             qPrintable(applied.events.join(QLatin1Char('\n'))));
}

void TestAdapterResync::recordedChildRowsEndRunsOnce_data()
{
    QTest::addColumn<QString>("trace");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<qint64>("dropAt");
    QTest::addColumn<QString>("child");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("detail");
    QTest::newRow("HTTP 500")
        << QStringLiteral("trace-failure-500.jsonl") << QStringLiteral("fail500") << qint64(81988)
        << QStringLiteral("agent:main:subagent:7c3be034-7f49-4075-9ca8-ce1ac1375e16")
        << QStringLiteral("error")
        << QStringLiteral("⚠️ mock/mock-1 request failed (provider internal error, "
                          "HTTP 500). This is usually temporary — try again shortly.");
    QTest::newRow("timeout") << QStringLiteral("trace-timeout.jsonl") << QStringLiteral("timeout")
                             << qint64(13168)
                             << QStringLiteral(
                                    "agent:main:subagent:1b5e7d08-339b-49fb-bbf8-d6e0ace9594c")
                             << QStringLiteral("timeout")
                             << QStringLiteral("Request timed out before a response was generated. "
                                               "Please try again, or increase "
                                               "`agents.defaults.timeoutSeconds` in your config.");
    QTest::newRow("cancel") << QStringLiteral("trace-cancel.jsonl") << QStringLiteral("cancel")
                            << qint64(2973)
                            << QStringLiteral(
                                   "agent:main:subagent:4499450c-2d46-42c9-8498-6459e5897de9")
                            << QStringLiteral("killed") << QString();
}

void TestAdapterResync::recordedChildRowsEndRunsOnce()
{
    QFETCH(QString, trace);
    QFETCH(QString, scenario);
    QFETCH(qint64, dropAt);
    QFETCH(QString, child);
    QFETCH(QString, outcome);
    QFETCH(QString, detail);
    const QByteArray name = scenario.toLatin1();

    gateway::GatewayAdapter adapter;
    FeedOptions options;
    options.untilT = dropAt;
    QCOMPARE(describeAll(feed(adapter, loadTrace(trace), options)).size(), 2);

    const RpcCall list =
        read(QStringLiteral("sessions.list"), {{QStringLiteral("spawnedBy"), kMain}});
    const RpcCall history =
        read(QStringLiteral("chat.history"), {{QStringLiteral("sessionKey"), child}});
    const RpcCall taskGet = read(QStringLiteral("tasks.get"), {});
    QList<QPair<RpcCall, QJsonObject>> results = {
        {list, childRowList(name.constData())},
        {history, pathsRpcPayload(name.constData(), "history.child")},
    };
    const QJsonObject task = pathsRpcPayload(name.constData(), "tasks.get");
    if (!task.isEmpty())
        results.append(qMakePair(taskGet, task));
    // A failed or killed child has no final reply: its history adds no SessionText.
    QVERIFY(sameLines(applyResults(adapter, results).events, {ended(child, outcome, detail)}));
    QVERIFY(applyResults(adapter, results).events.isEmpty());
}

void TestAdapterResync::listsOfOldChildrenAreHistory()
{
    // A fresh adapter (nothing seen yet) must not turn old children into spawns.
    gateway::GatewayAdapter adapter;
    const Summary summary;
    const QList<QPair<RpcCall, QJsonObject>> results = {
        {read(QStringLiteral("sessions.list"), {}), summary.get("listB")},
        {read(QStringLiteral("tasks.list"), {}), summary.get("tasksA")},
        {read(QStringLiteral("chat.history"), {}), summary.get("mainHistoryA")},
        {read(QStringLiteral("chat.history"), {}), summary.get("childHistoryA")},
    };
    const Applied applied = applyResults(adapter, results);
    QVERIFY(applied.events.isEmpty());
    QVERIFY(applied.followUps.isEmpty());
    QCOMPARE(callLines(adapter.resyncCalls()), QStringList{QStringLiteral("sessions.subscribe ")});
}

void TestAdapterResync::sequenceGapRequestsResync()
{
    gateway::GatewayAdapter adapter;
    adapter.watchSession(kMain);
    const auto tick = [](qint64 seq) {
        return gateway::Frame::event(QStringLiteral("tick"), {{QStringLiteral("ts"), 1000 + seq}},
                                     seq);
    };
    QVERIFY(!adapter.handleEvent(tick(1)).resyncRequested);
    QVERIFY(!adapter.handleEvent(tick(2)).resyncRequested);
    const gateway::AdapterOutput gap = adapter.handleEvent(tick(5));
    QVERIFY(gap.resyncRequested);
    QCOMPARE(callLines(gap.calls), callLines(adapter.resyncCalls()));
    QVERIFY(!adapter.handleEvent(tick(6)).resyncRequested);
    // A new connection numbers from 1 again.
    adapter.onConnected();
    QVERIFY(!adapter.handleEvent(tick(1)).resyncRequested);
    QVERIFY(!adapter.handleEvent(gateway::Frame::event(QStringLiteral("tick"), {}, -1))
                 .resyncRequested);
}

// 2026.9.7 has no task ledger: the resync reads the session lists and histories only, and an
// admin-only ledger refused once is not read again on that connection.
void TestAdapterResync::resyncReadsOnlyWhatTheGatewayOffers()
{
    gateway::GatewayAdapter adapter;
    adapter.watchSession(kMain);
    const QStringList newer = {QStringLiteral("sessions.subscribe"),
                               QStringLiteral("sessions.messages.subscribe"),
                               QStringLiteral("chat.history"), QStringLiteral("sessions.list")};
    const QStringList methods =
        callLines(adapter.onConnected(gateway::GatewayOffer::of(newer, {})));
    QVERIFY2(!methods.contains(QStringLiteral("tasks.list limit=500")),
             qPrintable(methods.join(u'|')));
    QVERIFY(methods.contains(QStringLiteral("sessions.list limit=500,spawnedBy=") + kMain));
    QVERIFY(methods.contains(QStringLiteral("chat.history limit=20,sessionKey=") + kMain));

    const QStringList recorded = callLines(adapter.onConnected(
        gateway::GatewayOffer::of(newer + QStringList{QStringLiteral("tasks.list")}, {})));
    QVERIFY(recorded.contains(QStringLiteral("tasks.list limit=500")));
    adapter.noteRefused(QStringLiteral("tasks.list"));
    QVERIFY(!callLines(adapter.resyncCalls()).contains(QStringLiteral("tasks.list limit=500")));
}

// A busy parent's children or a busy gateway's task ledger do not fit one answer: each page that
// says there is more is followed, in the same resync, once, and only so far.
void TestAdapterResync::listsAreReadInPagesUpToABound()
{
    gateway::GatewayAdapter adapter;
    adapter.watchSession(kMain);
    const QList<RpcCall> calls = adapter.onConnected();
    const auto find = [&calls](const QString &method) {
        return *std::find_if(calls.cbegin(), calls.cend(),
                             [&method](const RpcCall &call) { return call.method == method; });
    };
    const RpcCall sessions = find(QStringLiteral("sessions.list"));
    const RpcCall tasks = find(QStringLiteral("tasks.list"));

    // sessions.list: hasMore with a larger nextOffset asks for that offset; anything else stops.
    QCOMPARE(callLines(adapter
                           .handleResult(sessions, true,
                                         {{QStringLiteral("sessions"), QJsonArray{}},
                                          {QStringLiteral("hasMore"), true},
                                          {QStringLiteral("nextOffset"), 500}})
                           .calls),
             QStringList{QStringLiteral("sessions.list limit=500,offset=500,spawnedBy=") + kMain});
    RpcCall second = sessions;
    second.params.insert(QStringLiteral("offset"), 500);
    for (const QJsonObject &last :
         {QJsonObject{{QStringLiteral("hasMore"), false}, {QStringLiteral("nextOffset"), 1000}},
          QJsonObject{{QStringLiteral("hasMore"), true}, {QStringLiteral("nextOffset"), 500}},
          QJsonObject{{QStringLiteral("hasMore"), true}}})
        QVERIFY(adapter.handleResult(second, true, last).calls.isEmpty());

    // tasks.list: a nextCursor is followed with the same filter; none stops.
    QCOMPARE(callLines(adapter
                           .handleResult(tasks, true,
                                         {{QStringLiteral("tasks"), QJsonArray{}},
                                          {QStringLiteral("nextCursor"), QStringLiteral("v1.2")}})
                           .calls),
             QStringList{QStringLiteral("tasks.list cursor=v1.2,limit=500")});
    QVERIFY(adapter.handleResult(tasks, true, {{QStringLiteral("tasks"), QJsonArray{}}})
                .calls.isEmpty());

    // At most kMaxListPages pages of one list per resync; a new resync may read them again.
    const QJsonObject more{{QStringLiteral("nextCursor"), QStringLiteral("more")}};
    int followed = 1; // the page above
    while (!adapter.handleResult(tasks, true, more).calls.isEmpty())
        ++followed;
    QCOMPARE(followed + 1, gateway::GatewayAdapter::kMaxListPages); // and the first page
    adapter.onConnected();
    QCOMPARE(adapter.handleResult(tasks, true, more).calls.size(), 1);
}

QTEST_GUILESS_MAIN(TestAdapterResync)
#include "tst_adapter_resync.moc"
