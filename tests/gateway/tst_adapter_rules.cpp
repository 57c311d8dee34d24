// The adapter's rules one at a time, on small hand-made frames: rejections, orchestrators,
// deletes and resets, announce/settle receipts, the signal tables, and bad input.
#include "AdapterTestSupport.h"
#include "gateway/AdapterAnnounce.h"
#include "gateway/AdapterJson.h"
#include "gateway/AdapterSignals.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace clawops;
using namespace adaptertest;
using gateway::CallRole;
using gateway::Frame;
using gateway::RpcCall;

namespace {

const QString kMain = QStringLiteral("agent:main:main");
const QString kOrch = QStringLiteral("agent:main:subagent:0rc0");
const QString kWorker = QStringLiteral("agent:main:subagent:w0rk");

QJsonObject excerpt(const char *name, int index)
{
    return loadJsonFile(QStringLiteral("mock-request-excerpts.json"))
        .value(QLatin1String(name))
        .toObject()
        .value(QLatin1String("lastTwo"))
        .toArray()
        .at(index)
        .toObject();
}

Frame toolEvent(const QString &caller, const QJsonObject &data,
                const QString &runId = QStringLiteral("r"))
{
    return Frame::event(QStringLiteral("agent"),
                        {{QStringLiteral("runId"), runId},
                         {QStringLiteral("stream"), QStringLiteral("tool")},
                         {QStringLiteral("sessionKey"), caller},
                         {QStringLiteral("data"), data}});
}

Frame toolStart(const QString &caller, const QString &id, const QJsonObject &args)
{
    return toolEvent(caller, {{QStringLiteral("phase"), QStringLiteral("start")},
                              {QStringLiteral("name"), QStringLiteral("sessions_spawn")},
                              {QStringLiteral("toolCallId"), id},
                              {QStringLiteral("args"), args}});
}

Frame toolResult(const QString &caller, const QString &id, const QJsonObject &details,
                 bool isError = false)
{
    return toolEvent(
        caller, {{QStringLiteral("phase"), QStringLiteral("result")},
                 {QStringLiteral("name"), QStringLiteral("sessions_spawn")},
                 {QStringLiteral("toolCallId"), id},
                 {QStringLiteral("isError"), isError},
                 {QStringLiteral("result"), QJsonObject{{QStringLiteral("details"), details}}}});
}

QJsonObject acceptedDetails(const QString &child, const QString &run)
{
    return {{QStringLiteral("status"), QStringLiteral("accepted")},
            {QStringLiteral("childSessionKey"), child},
            {QStringLiteral("runId"), run}};
}

Frame lifecycle(const QString &key, const QString &runId, const QJsonObject &data)
{
    return Frame::event(QStringLiteral("agent"),
                        {{QStringLiteral("runId"), runId},
                         {QStringLiteral("stream"), QStringLiteral("lifecycle")},
                         {QStringLiteral("sessionKey"), key},
                         {QStringLiteral("data"), data}});
}

Frame lifecycleEnd(const QString &key, const QString &runId)
{
    return lifecycle(key, runId, {{QStringLiteral("phase"), QStringLiteral("end")}});
}

Frame userMessage(const QString &key, const QString &text)
{
    return Frame::event(
        QStringLiteral("session.message"),
        {{QStringLiteral("sessionKey"), key},
         {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                 {QStringLiteral("content"), text}}}});
}

QStringList run(gateway::GatewayAdapter &adapter, const QList<Frame> &frames)
{
    QStringList lines;
    for (const Frame &frame : frames)
        lines += describeAll(adapter.handleEvent(frame).events);
    return lines;
}

Frame createRow(const QString &child, const QString &parent, const QString &label,
                const QString &runId)
{
    return Frame::event(QStringLiteral("sessions.changed"),
                        {{QStringLiteral("sessionKey"), child},
                         {QStringLiteral("reason"), QStringLiteral("create")},
                         {QStringLiteral("parentSessionKey"), parent},
                         {QStringLiteral("label"), label},
                         {QStringLiteral("status"), QStringLiteral("running")},
                         {QStringLiteral("activeRunIds"), QJsonArray{runId}}});
}

// A parent's chat.history answer holding one sessions_spawn call and its accepted result.
QJsonObject historyWithSpawn(const QString &parent, const QString &callId, const QJsonObject &args,
                             const QString &child, const QString &runId)
{
    const QJsonObject call{{QStringLiteral("type"), QStringLiteral("toolCall")},
                           {QStringLiteral("name"), QStringLiteral("sessions_spawn")},
                           {QStringLiteral("id"), callId},
                           {QStringLiteral("arguments"), args}};
    const QByteArray result = QJsonDocument(acceptedDetails(child, runId)).toJson();
    const QJsonObject resultMessage{
        {QStringLiteral("role"), QStringLiteral("toolResult")},
        {QStringLiteral("toolCallId"), callId},
        {QStringLiteral("toolName"), QStringLiteral("sessions_spawn")},
        {QStringLiteral("content"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), QString::fromUtf8(result)}}}}};
    return {{QStringLiteral("sessionKey"), parent},
            {QStringLiteral("messages"),
             QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                    {QStringLiteral("content"), QJsonArray{call}}},
                        resultMessage}}};
}

QList<RpcCall> historyReadsOf(const QList<RpcCall> &calls, const QString &sessionKey)
{
    QList<RpcCall> reads;
    for (const RpcCall &call : calls) {
        if (call.method == QLatin1String("chat.history") &&
            call.params.value(QLatin1String("sessionKey")).toString() == sessionKey)
            reads.append(call);
    }
    return reads;
}

} // namespace

class TestAdapterRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejectedSpawns();
    void strippedResultTakesChildFromTask();
    void orchestratorSpawnBindsInsteadOfRequesting();
    void orchestratorDeletedEndsIt();
    void seededOrchestratorWaitsForItsWorkers();
    void orchestratorWaitsForItsWorkersWithoutKeepingTheEndedOnes();
    void resetEndsRunningWorker();
    void interruptedRowEndsWorkerOnce();
    void createRowBeforeItsCallWaitsForTheParentHistory();
    void resultBeforeItsStartWaitsForTheArguments();
    void childWithoutCallWaitsForTheNextResync();
    void announceTurnGivesReceiptText();
    void settleTurnNamesEachChild();
    void signalTables();
    void jsonHelpers();
    void badInputNeverCrashes();
};

void TestAdapterRules::rejectedSpawns()
{
    gateway::GatewayAdapter adapter;
    const QJsonObject args{{QStringLiteral("task"), QStringLiteral("x")},
                           {QStringLiteral("label"), QStringLiteral("w")}};
    const QStringList lines = run(
        adapter,
        {toolStart(kMain, QStringLiteral("c1"), args),
         toolResult(kMain, QStringLiteral("c1"),
                    {{QStringLiteral("status"), QStringLiteral("forbidden")},
                     {QStringLiteral("error"), QStringLiteral("max children")}}),
         toolStart(kMain, QStringLiteral("c2"), args),
         toolResult(kMain, QStringLiteral("c2"),
                    {{QStringLiteral("status"), QStringLiteral("accepted")}}),
         toolStart(kMain, QStringLiteral("c3"), args),
         toolResult(kMain, QStringLiteral("c3"), {}, true),
         // A result again for a rejected call changes nothing.
         toolResult(kMain, QStringLiteral("c1"), acceptedDetails(kWorker, QStringLiteral("r1")))});
    QVERIFY(sameLines(
        lines,
        {requested(QStringLiteral("c1"), kMain, kMain, QStringLiteral("x"), QStringLiteral("w")),
         rejected(QStringLiteral("c1"), QStringLiteral("spawn-not-accepted")),
         requested(QStringLiteral("c2"), kMain, kMain, QStringLiteral("x"), QStringLiteral("w")),
         rejected(QStringLiteral("c2"), QStringLiteral("missing-child-session-key")),
         requested(QStringLiteral("c3"), kMain, kMain, QStringLiteral("x"), QStringLiteral("w")),
         rejected(QStringLiteral("c3"), QStringLiteral("spawn-not-accepted"))}));
}

void TestAdapterRules::strippedResultTakesChildFromTask()
{
    // Older gateways strip the result for observers: the task event supplies the child.
    gateway::GatewayAdapter adapter;
    const QJsonObject args{{QStringLiteral("task"), QStringLiteral("x")},
                           {QStringLiteral("label"), QStringLiteral("W 1")}};
    const Frame stripped =
        toolEvent(kMain, {{QStringLiteral("phase"), QStringLiteral("result")},
                          {QStringLiteral("name"), QStringLiteral("sessions_spawn")},
                          {QStringLiteral("toolCallId"), QStringLiteral("c1")}});
    const Frame task = Frame::event(
        QStringLiteral("task"),
        {{QStringLiteral("task"), QJsonObject{{QStringLiteral("id"), QStringLiteral("t1")},
                                              {QStringLiteral("kind"), QStringLiteral("subagent")},
                                              {QStringLiteral("status"), QStringLiteral("running")},
                                              {QStringLiteral("title"), QStringLiteral("w-1")},
                                              {QStringLiteral("sessionKey"), kMain},
                                              {QStringLiteral("childSessionKey"), kWorker},
                                              {QStringLiteral("runId"), QStringLiteral("r1")}}}});
    QVERIFY(sameLines(
        run(adapter, {toolStart(kMain, QStringLiteral("c1"), args), stripped, task, task}),
        {requested(QStringLiteral("c1"), kMain, kMain, QStringLiteral("x"), QStringLiteral("W 1")),
         accepted(QStringLiteral("c1"), kWorker, QStringLiteral("r1"), QStringLiteral("t1"))}));
}

void TestAdapterRules::orchestratorSpawnBindsInsteadOfRequesting()
{
    gateway::GatewayAdapter adapter;
    const QStringList lines = run(
        adapter,
        {toolStart(
             kMain, QStringLiteral("c1"),
             {{QStringLiteral("task"), QStringLiteral("[Hidden Thread Orchestrator]\nrequester…")},
              {QStringLiteral("label"), QStringLiteral("Thread-Orchestrator-abc")}}),
         toolResult(kMain, QStringLiteral("c1"), acceptedDetails(kOrch, QStringLiteral("ro"))),
         toolStart(kOrch, QStringLiteral("c2"),
                   {{QStringLiteral("task"), QStringLiteral("work")},
                    {QStringLiteral("label"), QStringLiteral("w")}}),
         toolResult(kOrch, QStringLiteral("c2"), acceptedDetails(kWorker, QStringLiteral("rw"))),
         // The orchestrator's turn ends while its worker runs: not its end yet.
         lifecycleEnd(kOrch, QStringLiteral("ro")), lifecycleEnd(kWorker, QStringLiteral("rw")),
         // The turn that handles the worker's announce is.
         lifecycle(kOrch, QStringLiteral("announce:v1:w"),
                   {{QStringLiteral("phase"), QStringLiteral("start")}}),
         lifecycleEnd(kOrch, QStringLiteral("announce:v1:w")),
         lifecycleEnd(kOrch, QStringLiteral("later"))});
    QVERIFY(sameLines(
        lines,
        {bound(kMain, kOrch),
         requested(QStringLiteral("c2"), kMain, kOrch, QStringLiteral("work"), QStringLiteral("w")),
         accepted(QStringLiteral("c2"), kWorker, QStringLiteral("rw"), QString()),
         ended(kWorker, QStringLiteral("ok")), orchestratorEnded(kOrch)}));
}

void TestAdapterRules::orchestratorDeletedEndsIt()
{
    gateway::GatewayAdapter adapter;
    adapter.trackOrchestrator(kOrch, kMain);
    adapter.trackWorker(kWorker, kOrch, QStringLiteral("t1"));
    const Frame remove = Frame::event(QStringLiteral("sessions.changed"),
                                      {{QStringLiteral("sessionKey"), kOrch},
                                       {QStringLiteral("reason"), QStringLiteral("delete")}});
    QVERIFY(sameLines(run(adapter, {remove, remove}),
                      {orchestratorEnded(kOrch), sessionEnded(kOrch, QStringLiteral("deleted"))}));
    // Deleting a running worker ends it first.
    const Frame removeWorker = Frame::event(QStringLiteral("sessions.changed"),
                                            {{QStringLiteral("sessionKey"), kWorker},
                                             {QStringLiteral("reason"), QStringLiteral("delete")}});
    QVERIFY(sameLines(run(adapter, {removeWorker, lifecycleEnd(kWorker, QStringLiteral("late"))}),
                      {ended(kWorker, QStringLiteral("deleted")),
                       sessionEnded(kWorker, QStringLiteral("deleted"))}));
}

void TestAdapterRules::seededOrchestratorWaitsForItsWorkers()
{
    // After a restart the host seeds what the core knows, worker first (any order works).
    gateway::GatewayAdapter adapter;
    adapter.trackWorker(kWorker, kOrch, QStringLiteral("t1"));
    adapter.trackOrchestrator(kOrch, kMain);
    QVERIFY(sameLines(run(adapter, {lifecycleEnd(kOrch, QStringLiteral("o1")),
                                    lifecycleEnd(kWorker, QStringLiteral("w1")),
                                    lifecycleEnd(kOrch, QStringLiteral("announce:v1:x"))}),
                      {ended(kWorker, QStringLiteral("ok")), orchestratorEnded(kOrch)}));
    const QStringList reads = [&] {
        QStringList methods;
        for (const gateway::RpcCall &call : adapter.resyncCalls())
            methods << call.method + QLatin1Char(' ') +
                           call.params.value(QLatin1String("sessionKey")).toString();
        return methods;
    }();
    // Nothing of them is active any more: only the front session is read back.
    QVERIFY(!reads.join(QLatin1Char('|')).contains(kWorker));
}

// A long-lived orchestrator spawns thousands of workers. Each end of its turns asks whether one
// of them still runs: that must neither keep every ended worker in the session graph (which
// forgets what was not touched for two generations) nor miss the one that runs.
void TestAdapterRules::orchestratorWaitsForItsWorkersWithoutKeepingTheEndedOnes()
{
    gateway::AdapterConfig config;
    config.maxTrackedSessions = 256;
    gateway::GatewayAdapter adapter(config);
    adapter.trackOrchestrator(kOrch, kMain);
    const auto worker = [](int i) { return QStringLiteral("agent:main:subagent:w-%1").arg(i); };
    const int workers = 4000;
    QStringList lines;
    for (int i = 0; i < workers; ++i) {
        // Each worker runs until the next one is spawned: one always runs.
        adapter.trackWorker(worker(i), kOrch, QStringLiteral("t%1").arg(i));
        QList<Frame> frames;
        if (i > 0)
            frames.append(lifecycleEnd(worker(i - 1), QStringLiteral("w%1").arg(i - 1)));
        frames.append(lifecycleEnd(kOrch, QStringLiteral("o%1").arg(i)));
        lines.append(run(adapter, frames));
        QVERIFY2(adapter.knownSessionCount() <= 2 * config.maxTrackedSessions + 8,
                 qPrintable(QStringLiteral("%1 sessions known after %2 workers")
                                .arg(adapter.knownSessionCount())
                                .arg(i + 1)));
    }
    QVERIFY(!lines.contains(orchestratorEnded(kOrch)));
    const QStringList last =
        run(adapter, {lifecycleEnd(worker(workers - 1), QStringLiteral("w-last")),
                      lifecycleEnd(kOrch, QStringLiteral("announce"))});
    QCOMPARE(last.count(orchestratorEnded(kOrch)), 1);
}

void TestAdapterRules::resetEndsRunningWorker()
{
    gateway::GatewayAdapter adapter;
    adapter.trackWorker(kWorker, kMain);
    const auto reset = [](const QString &key, const QString &sessionId) {
        return Frame::event(QStringLiteral("sessions.changed"),
                            {{QStringLiteral("sessionKey"), key},
                             {QStringLiteral("sessionId"), sessionId},
                             {QStringLiteral("reason"), QStringLiteral("reset")}});
    };
    QVERIFY(sameLines(
        run(adapter, {reset(kWorker, QStringLiteral("s2")), reset(kWorker, QStringLiteral("s2")),
                      reset(kMain, QStringLiteral("m2"))}),
        {ended(kWorker, QStringLiteral("reset")), sessionEnded(kWorker, QStringLiteral("reset")),
         sessionEnded(kMain, QStringLiteral("reset"))}));
}

// 2026.9.7 says `interrupted` only in session rows (sessions.changed, sessions.list): a run cut
// off by a gateway restart, with no lifecycle or chat ending on the wire.
void TestAdapterRules::interruptedRowEndsWorkerOnce()
{
    gateway::GatewayAdapter adapter;
    adapter.trackWorker(kWorker, kMain);
    const auto row = [](const QString &status) {
        return Frame::event(QStringLiteral("sessions.changed"),
                            {{QStringLiteral("sessionKey"), kWorker},
                             {QStringLiteral("reason"), QStringLiteral("subagent-status")},
                             {QStringLiteral("status"), status},
                             {QStringLiteral("lastRunId"), QStringLiteral("run-1")}});
    };
    QVERIFY(
        sameLines(run(adapter, {row(QStringLiteral("running")), row(QStringLiteral("interrupted")),
                                row(QStringLiteral("interrupted"))}),
                  {ended(kWorker, QStringLiteral("interrupted"))}));
}

// Issue 12, gateway faults: a create row that comes before its spawn call (reordered or lost
// tool events) must not be announced with the fallback task text, which is another task key.
// The parent's transcript has the call; the child is announced once it was read.
void TestAdapterRules::createRowBeforeItsCallWaitsForTheParentHistory()
{
    gateway::GatewayAdapter adapter;
    const QJsonObject args{{QStringLiteral("task"), QStringLiteral("Index the archive")},
                           {QStringLiteral("label"), QStringLiteral("index")}};
    const auto created = adapter.handleEvent(
        createRow(kWorker, kMain, QStringLiteral("index"), QStringLiteral("r1")));
    QVERIFY2(created.events.isEmpty(), qPrintable(describeAll(created.events).join(u'\n')));
    const QList<RpcCall> reads = historyReadsOf(created.calls, kMain);
    QCOMPARE(reads.size(), 1);
    QCOMPARE(reads.first().role, CallRole::Resync);

    const auto answered = adapter.handleResult(
        reads.first(), true,
        historyWithSpawn(kMain, QStringLiteral("c1"), args, kWorker, QStringLiteral("r1")));
    QVERIFY(sameLines(describeAll(answered.events),
                      {requested(QStringLiteral("c1"), kMain, kMain,
                                 QStringLiteral("Index the archive"), QStringLiteral("index")),
                       accepted(QStringLiteral("c1"), kWorker, QStringLiteral("r1"), QString())}));
    // What the child did meanwhile is read back: its row, then its transcript.
    QStringList methods;
    for (const RpcCall &call : answered.calls)
        methods.append(call.method);
    QCOMPARE(methods, (QStringList{QStringLiteral("sessions.list"),
                                   QStringLiteral("sessions.messages.subscribe"),
                                   QStringLiteral("chat.history")}));
    // The live call arriving late changes nothing.
    QVERIFY(run(adapter, {toolStart(kMain, QStringLiteral("c1"), args)}).isEmpty());
}

void TestAdapterRules::resultBeforeItsStartWaitsForTheArguments()
{
    gateway::GatewayAdapter adapter;
    const QJsonObject args{{QStringLiteral("task"), QStringLiteral("Lint the tree")},
                           {QStringLiteral("label"), QStringLiteral("lint")}};
    const auto result = adapter.handleEvent(
        toolResult(kMain, QStringLiteral("c2"), acceptedDetails(kWorker, QStringLiteral("r2"))));
    QVERIFY(result.events.isEmpty());
    QCOMPARE(historyReadsOf(result.calls, kMain).size(), 1);
    // The create row in between is the same child, still waiting.
    QVERIFY(run(adapter, {createRow(kWorker, kMain, QStringLiteral("lint"), QStringLiteral("r2"))})
                .isEmpty());
    QVERIFY(sameLines(run(adapter, {toolStart(kMain, QStringLiteral("c2"), args)}),
                      {requested(QStringLiteral("c2"), kMain, kMain,
                                 QStringLiteral("Lint the tree"), QStringLiteral("lint")),
                       accepted(QStringLiteral("c2"), kWorker, QStringLiteral("r2"), QString())}));
}

// The history read failed with the connection: the child waits for the resync, which reads the
// parent's history again. A gateway that refuses the history gets the child announced without
// its call.
void TestAdapterRules::childWithoutCallWaitsForTheNextResync()
{
    gateway::GatewayAdapter adapter;
    const auto created = adapter.handleEvent(
        createRow(kWorker, kMain, QStringLiteral("index"), QStringLiteral("r1")));
    const RpcCall read = historyReadsOf(created.calls, kMain).value(0);
    QVERIFY(adapter.handleResult(read, false, {}, QStringLiteral("not connected")).isEmpty());
    // The resync searches the parent's transcript again, deeper than its usual read.
    const QList<RpcCall> again = historyReadsOf(adapter.onConnected(), kMain);
    QVERIFY(std::any_of(again.cbegin(), again.cend(),
                        [&](const RpcCall &call) { return call.params == read.params; }));
    QVERIFY(read.params.value(QLatin1String("limit")).toInt() > adapter.config().historyLimit);

    adapter.noteRefused(QStringLiteral("chat.history"));
    const auto refused = adapter.handleResult(read, false, {}, QStringLiteral("FORBIDDEN"));
    QVERIFY(sameLines(
        describeAll(refused.events),
        {requested(QStringLiteral("child:") + kWorker, kMain, kMain, QString(),
                   QStringLiteral("index")),
         accepted(QStringLiteral("child:") + kWorker, kWorker, QStringLiteral("r1"), QString())}));
}

void TestAdapterRules::announceTurnGivesReceiptText()
{
    // The announce text as the model received it (the gateway does not put it on the wire in
    // 2026.9.6; if a later version persists the turn, this is how it is read).
    const QString announce =
        excerpt("announceFailed500", 0).value(QLatin1String("text")).toString();
    QVERIFY(gateway::adapterannounce::isCompletionTurn(announce));
    const QString child =
        QStringLiteral("agent:main:subagent:7c3be034-7f49-4075-9ca8-ce1ac1375e16");
    const QString result =
        QStringLiteral("⚠️ LLM request failed (provider internal error, HTTP 500). This is "
                       "usually temporary — try again shortly.");
    gateway::GatewayAdapter adapter;
    QVERIFY(sameLines(run(adapter, {userMessage(kMain, announce), userMessage(kMain, announce)}),
                      {text(kMain, child, result)}));
    // The model's "ack:" echo of it is chatter.
    const Frame echo = Frame::event(
        QStringLiteral("session.message"),
        {{QStringLiteral("sessionKey"), kMain},
         {QStringLiteral("message"),
          QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                      {QStringLiteral("content"),
                       QJsonArray{QJsonObject{
                           {QStringLiteral("type"), QStringLiteral("text")},
                           {QStringLiteral("text"), QStringLiteral("ack: ") + announce}}}}}}});
    QVERIFY(run(adapter, {echo, userMessage(kMain, QStringLiteral("please SPAWN"))}).isEmpty());
    // "(no output)" carries nothing.
    const QString timedOut = excerpt("announceTimedOut", 0).value(QLatin1String("text")).toString();
    QVERIFY(gateway::adapterannounce::isCompletionTurn(timedOut));
    QVERIFY(gateway::adapterannounce::parseCompletionTurn(timedOut).isEmpty());
    // The same turn found again in chat.history: nothing new.
    gateway::RpcCall history;
    history.method = QStringLiteral("chat.history");
    const QJsonObject payload{
        {QStringLiteral("sessionKey"), kMain},
        {QStringLiteral("messages"),
         QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                {QStringLiteral("content"), announce}}}}};
    QVERIFY(adapter.handleResult(history, true, payload).events.isEmpty());
}

void TestAdapterRules::settleTurnNamesEachChild()
{
    const QString settle =
        excerpt("parentSettleAfterFollowup", 0).value(QLatin1String("text")).toString();
    QVERIFY(gateway::adapterannounce::isCompletionTurn(settle));
    const auto results = gateway::adapterannounce::parseCompletionTurn(settle);
    QCOMPARE(results.size(), 2);
    QCOMPARE(results.at(0).childSessionKey,
             QStringLiteral("agent:main:subagent:4177b9c2-1cf0-440d-97b1-0b8c54d01e92"));
    QVERIFY(results.at(0).text.startsWith(QLatin1String("Work done for T-50.")));
    QVERIFY(results.at(0).text.endsWith(QLatin1String("```")));
    // The completion-results block names its child only by label; the receipt's task_id tells.
    QCOMPARE(results.at(1).childSessionKey, QString());
    QVERIFY(results.at(1).text.startsWith(QLatin1String("child-followup: Operator answer")));
    gateway::GatewayAdapter adapter;
    QCOMPARE(run(adapter, {userMessage(kMain, settle)}).size(), 2);
}

void TestAdapterRules::signalTables()
{
    using namespace gateway::adaptersignals;
    using Outcome = std::optional<core::WorkerOutcome>;
    const Outcome none;
    const Outcome kOk = core::WorkerOutcome::Ok;
    const Outcome kError = core::WorkerOutcome::Error;
    const Outcome kTimeout = core::WorkerOutcome::Timeout;
    const Outcome kKilled = core::WorkerOutcome::Killed;
    const auto data = [](const char *phase) {
        return QJsonObject{{QStringLiteral("phase"), QLatin1String(phase)}};
    };
    QCOMPARE(lifecycleOutcome(data("start")), none);
    QCOMPARE(lifecycleOutcome(data("finishing")), none);
    QCOMPARE(lifecycleOutcome(data("end")), kOk);
    QJsonObject cancelled = data("end");
    cancelled.insert(QStringLiteral("status"), QStringLiteral("cancelled"));
    QCOMPARE(lifecycleOutcome(cancelled), kKilled);
    QCOMPARE(lifecycleOutcome(data("error")), kError);
    QJsonObject timedOut = data("error");
    timedOut.insert(QStringLiteral("timeoutPhase"), QStringLiteral("provider"));
    QCOMPARE(lifecycleOutcome(timedOut), kTimeout);
    QJsonObject aborted = data("error");
    aborted.insert(QStringLiteral("aborted"), true);
    QCOMPARE(lifecycleOutcome(aborted), kKilled);
    QCOMPARE(chatOutcome(QJsonObject{{QStringLiteral("state"), QStringLiteral("delta")}}), none);
    QCOMPARE(chatOutcome(QJsonObject{{QStringLiteral("state"), QStringLiteral("final")}}), kOk);
    QCOMPARE(chatOutcome(QJsonObject{{QStringLiteral("state"), QStringLiteral("aborted")}}),
             kKilled);
    QCOMPARE(chatOutcome(QJsonObject{{QStringLiteral("state"), QStringLiteral("error")}}), kError);
    QCOMPARE(chatOutcome(QJsonObject{{QStringLiteral("state"), QStringLiteral("error")},
                                     {QStringLiteral("errorKind"), QStringLiteral("timeout")}}),
             kTimeout);
    QCOMPARE(taskStatusOutcome(u"running"), none);
    QCOMPARE(taskStatusOutcome(u"queued"), none);
    QCOMPARE(taskStatusOutcome(u"completed"), kOk);
    QCOMPARE(taskStatusOutcome(u"succeeded"), kOk);
    QCOMPARE(taskStatusOutcome(u"failed"), kError);
    QCOMPARE(taskStatusOutcome(u"lost"), kError);
    QCOMPARE(taskStatusOutcome(u"timed_out"), kTimeout);
    QCOMPARE(taskStatusOutcome(u"cancelled"), kKilled);
    QCOMPARE(rowStatusOutcome(u"running"), none);
    QCOMPARE(rowStatusOutcome(u"done"), kOk);
    QCOMPARE(rowStatusOutcome(u"failed"), kError);
    QCOMPARE(rowStatusOutcome(u"timeout"), kTimeout);
    QCOMPARE(rowStatusOutcome(u"killed"), kKilled);
    QCOMPARE(rowStatusOutcome(u"interrupted"), Outcome(core::WorkerOutcome::Interrupted));
}

void TestAdapterRules::jsonHelpers()
{
    using namespace gateway::adapterjson;
    QJsonObject deep{{QStringLiteral("childSessionKey"), QStringLiteral("k")}};
    for (int i = 0; i < 4; ++i)
        deep = QJsonObject{{QStringLiteral("n"), deep}};
    QCOMPARE(extractChildSessionKey(deep), QStringLiteral("k"));
    QCOMPARE(extractChildSessionKey(QJsonObject{{QStringLiteral("n"), deep}}), QString());
    QCOMPARE(extractChildSessionKey(QJsonObject{
                 {QStringLiteral("a"), QJsonArray{QJsonObject{{QStringLiteral("childSessionKey"),
                                                               QStringLiteral("x")}}}}}),
             QString());
    QVERIFY(isSpawnAccepted(QJsonObject{}));
    QVERIFY(isSpawnAccepted(QJsonObject{{QStringLiteral("status"), QStringLiteral("OK")}}));
    QVERIFY(!isSpawnAccepted(QJsonObject{{QStringLiteral("isError"), true}}));
    // The tool event's isError counts unless the result says otherwise.
    QVERIFY(!isSpawnAccepted(QJsonObject{}, true));
    QVERIFY(isSpawnAccepted(QJsonObject{{QStringLiteral("isError"), false}}, true));
    QVERIFY(!isSpawnAccepted(
        QJsonObject{{QStringLiteral("details"),
                     QJsonObject{{QStringLiteral("error"), QStringLiteral("no")}}}}));
    QVERIFY(!isSpawnAccepted(
        QJsonObject{{QStringLiteral("details"),
                     QJsonObject{{QStringLiteral("status"), QStringLiteral("forbidden")}}}}));
    QCOMPARE(asString(QJsonValue(QStringLiteral("  a "))), QStringLiteral("a"));
    QVERIFY(asString(QJsonValue(QStringLiteral("   "))).isNull());
    QVERIFY(asString(QJsonValue(3)).isNull());
    QCOMPARE(msValue(QJsonValue(1764921600000.0)), Q_INT64_C(1764921600000));
    QCOMPARE(msValue(QJsonValue(QStringLiteral("1764921600000"))), 0);
    // Found by fuzz_adapter: a timestamp past what an integer holds is absent, not garbage.
    QCOMPARE(msValue(QJsonValue(1.7964e20)), 0);
    QCOMPARE(msValue(QJsonValue(-1.7964e20)), 0);
    QCOMPARE(msValue(QJsonDocument::fromJson("[1e400]").array().at(0)), 0);
    QCOMPARE(
        messageText(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                           {QStringLiteral("text"), QStringLiteral("a")}},
                               QJsonObject{{QStringLiteral("type"), QStringLiteral("toolCall")}},
                               QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                           {QStringLiteral("text"), QStringLiteral("b ")}}}),
        QStringLiteral("a\nb"));
    QCOMPARE(parentFromNestedKey(QStringLiteral("agent:a:subagent:x:subagent:y")),
             QStringLiteral("agent:a:subagent:x"));
    QCOMPARE(parentFromNestedKey(QStringLiteral("agent:a:subagent:x")), QString());
    QCOMPARE(labelKey(u" Worker  T-44 "), QStringLiteral("worker-t-44"));
    // A result whose details were stripped still reads from its JSON text.
    const QJsonObject textOnly{
        {QStringLiteral("content"),
         QJsonArray{QJsonObject{
             {QStringLiteral("type"), QStringLiteral("text")},
             {QStringLiteral("text"),
              QStringLiteral("{\"status\":\"accepted\",\"childSessionKey\":\"c\"}")}}}}};
    QCOMPARE(extractChildSessionKey(normalizedSpawnResult(textOnly)), QStringLiteral("c"));
}

void TestAdapterRules::badInputNeverCrashes()
{
    // Frames with every field of the wrong type, missing, or random: nothing crashes, and
    // whatever is emitted names its session.
    QRandomGenerator random(42);
    const QStringList events = {QStringLiteral("agent"),
                                QStringLiteral("chat"),
                                QStringLiteral("task"),
                                QStringLiteral("sessions.changed"),
                                QStringLiteral("session.message"),
                                QStringLiteral("session.tool"),
                                QStringLiteral("tick"),
                                QStringLiteral("x")};
    const QStringList keys = {QStringLiteral("sessionKey"), QStringLiteral("runId"),
                              QStringLiteral("stream"),     QStringLiteral("data"),
                              QStringLiteral("state"),      QStringLiteral("task"),
                              QStringLiteral("message"),    QStringLiteral("reason"),
                              QStringLiteral("phase"),      QStringLiteral("name"),
                              QStringLiteral("toolCallId"), QStringLiteral("result"),
                              QStringLiteral("status"),     QStringLiteral("childSessionKey"),
                              QStringLiteral("args"),       QStringLiteral("content"),
                              QStringLiteral("role")};
    const QList<QJsonValue> values = {QJsonValue(),
                                      QJsonValue(1.5),
                                      QJsonValue(true),
                                      QJsonValue(QStringLiteral("")),
                                      QJsonValue(QStringLiteral("agent:main:subagent:z")),
                                      QJsonValue(QStringLiteral("tool")),
                                      QJsonValue(QStringLiteral("lifecycle")),
                                      QJsonValue(QStringLiteral("sessions_spawn")),
                                      QJsonValue(QStringLiteral("start")),
                                      QJsonValue(QStringLiteral("result")),
                                      QJsonValue(QStringLiteral("final")),
                                      QJsonValue(QStringLiteral("delete")),
                                      QJsonValue(QJsonArray{1, QStringLiteral("a")}),
                                      QJsonValue(QJsonObject())};
    std::function<QJsonObject(int)> randomObject = [&](int depth) {
        QJsonObject object;
        const int n = int(random.bounded(6));
        for (int i = 0; i < n; ++i) {
            const QString &key = keys.at(int(random.bounded(keys.size())));
            if (depth < 3 && random.bounded(3) == 0)
                object.insert(key, randomObject(depth + 1));
            else
                object.insert(key, values.at(int(random.bounded(values.size()))));
        }
        return object;
    };
    gateway::GatewayAdapter adapter;
    for (int i = 0; i < 20000; ++i) {
        const Frame frame = Frame::event(events.at(int(random.bounded(events.size()))),
                                         randomObject(0), qint64(random.bounded(5)) - 1);
        const gateway::AdapterOutput out = adapter.handleEvent(frame);
        for (const core::DomainEvent &event : out.events) {
            // Whatever came out names a session.
            if (const auto *ended = std::get_if<core::WorkerEnded>(&event))
                QVERIFY(!ended->childSessionKey.isEmpty());
            if (const auto *accepted = std::get_if<core::SpawnAccepted>(&event))
                QVERIFY(!accepted->childSessionKey.isEmpty());
        }
    }
    gateway::RpcCall call;
    for (const char *method :
         {"chat.history", "sessions.list", "tasks.list", "tasks.get", "sessions.subscribe"}) {
        call.method = QLatin1String(method);
        for (int i = 0; i < 200; ++i)
            adapter.handleResult(call, true, randomObject(0));
    }
    QVERIFY(Frame::fromJson({}).type == Frame::Type::Unknown);
    QVERIFY(adapter.handleEvent(Frame::fromJson({{QStringLiteral("type"), 3}})).isEmpty());
}

QTEST_GUILESS_MAIN(TestAdapterRules)
#include "tst_adapter_rules.moc"
