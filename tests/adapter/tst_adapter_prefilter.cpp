// The ingest path never builds the whole payload of an event: with simdjson the adapter reads it in
// place (FrameDecoder::decodeEvent(), JsonRef); with the Qt parser it gets only the members it
// reads (GatewayAdapter::payloadFilter()). That is only sound if the adapter cannot tell: every
// recorded trace, and lifecycles from the simulated gateway's FrameFactory, must give exactly the
// same domain events (and calls) as from whole Qt-parsed frames, either way.
#include "AdapterTestSupport.h"
#include "FrameFactory.h"
#include "gateway/FrameDecoder.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>
#include <QTest>

using namespace clawops;
using namespace adaptertest;
using Scenario = sim::FrameFactory::SpawnScenario;

namespace {

QStringList traceFiles()
{
    QStringList files =
        QDir(traceDir()).entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
    // Error responses to a non-admin caller, no event traffic: nothing for a filter to cut.
    files.removeAll(QStringLiteral("trace-forbidden.jsonl"));
    return files;
}

// The frames as the socket would carry them, decoded the way the host does.
QList<TraceRow> decodedRows(const QList<TraceRow> &rows, gateway::FrameDecoder &decoder)
{
    QList<TraceRow> out = rows;
    for (TraceRow &row : out) {
        if (row.dir != QLatin1String("in"))
            continue;
        gateway::FrameParseError error = gateway::FrameParseError::None;
        row.frame = decoder.decode(QJsonDocument(row.frame).toJson(QJsonDocument::Compact), &error);
        if (error != gateway::FrameParseError::None)
            qWarning("frame not decoded");
    }
    return out;
}

QStringList feedAll(const QList<TraceRow> &rows, const FeedOptions &options)
{
    gateway::GatewayAdapter adapter;
    return describeAll(feed(adapter, rows, options));
}

QStringList connections(const QList<TraceRow> &rows)
{
    QSet<QString> seen;
    QStringList out;
    for (const TraceRow &row : rows) {
        if (!row.conn.isEmpty() && !seen.contains(row.conn)) {
            seen.insert(row.conn);
            out.append(row.conn);
        }
    }
    return out;
}

qsizetype decodedSize(const QList<TraceRow> &rows)
{
    qsizetype size = 0;
    for (const TraceRow &row : rows)
        size += QJsonDocument(row.frame).toJson(QJsonDocument::Compact).size();
    return size;
}

QString describeOutput(const gateway::AdapterOutput &out)
{
    QStringList lines = describeAll(out.events);
    for (const gateway::RpcCall &call : out.calls)
        lines.append(
            QStringLiteral("call %1 %2")
                .arg(call.method,
                     QString::fromUtf8(QJsonDocument(call.params).toJson(QJsonDocument::Compact))));
    if (out.resyncRequested)
        lines.append(QStringLiteral("resync"));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestAdapterPrefilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Traces with several sockets interleave their sequence numbers; the gap notices are
        // expected and the same on both sides.
        QLoggingCategory::setFilterRules(QStringLiteral("clawops.*.info=false"));
    }

    void tracesGiveTheSameEventsFiltered_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("parser");
        const QStringList files = traceFiles();
        QVERIFY(files.size() >= 8);
        for (const QString &file : files) {
            QTest::addRow("%s simdjson", qPrintable(file))
                << file << int(gateway::JsonParser::Simdjson);
            QTest::addRow("%s qjson", qPrintable(file)) << file << int(gateway::JsonParser::Qt);
        }
    }

    void tracesGiveTheSameEventsFiltered()
    {
        QFETCH(QString, file);
        QFETCH(int, parser);
        const QList<TraceRow> rows = loadTrace(file);
        QVERIFY(!rows.isEmpty());
        gateway::FrameDecoder whole(static_cast<gateway::JsonParser>(parser));
        gateway::FrameDecoder filtered(static_cast<gateway::JsonParser>(parser));
        filtered.setEventFilter(&gateway::GatewayAdapter::payloadFilter());
        const QList<TraceRow> wholeRows = decodedRows(rows, whole);
        const QList<TraceRow> filteredRows = decodedRows(rows, filtered);
        // The filter really left most of the text out (else this proves little).
        QVERIFY(decodedSize(filteredRows) < decodedSize(wholeRows) / 2);

        QList<FeedOptions> runs = {FeedOptions{}};
        FeedOptions eventsOnly;
        eventsOnly.feedResults = false;
        runs.append(eventsOnly);
        for (const QString &conn : connections(rows)) {
            FeedOptions one;
            one.conn = conn;
            runs.append(one);
        }
        for (const FeedOptions &options : std::as_const(runs)) {
            const QStringList reference = feedAll(rows, options);
            QVERIFY2(sameLines(feedAll(wholeRows, options), reference), qPrintable(options.conn));
            QVERIFY2(sameLines(feedAll(filteredRows, options), reference),
                     qPrintable(options.conn));
        }
    }

    // Frame by frame, including the calls a sequence gap asks for.
    void tracesGiveTheSameOutputsFrameByFrame()
    {
        for (const QString &file : traceFiles()) {
            gateway::FrameDecoder filtered;
            filtered.setEventFilter(&gateway::GatewayAdapter::payloadFilter());
            gateway::FrameDecoder inPlace(gateway::JsonParser::Simdjson);
            gateway::GatewayAdapter reference;
            gateway::GatewayAdapter adapter;
            gateway::GatewayAdapter inPlaceAdapter;
            int frames = 0;
            int readInPlace = 0;
            for (const TraceRow &row : loadTrace(file)) {
                if (row.dir != QLatin1String("in"))
                    continue;
                const QByteArray text = QJsonDocument(row.frame).toJson(QJsonDocument::Compact);
                gateway::FrameParseError error = gateway::FrameParseError::None;
                const gateway::Frame frame =
                    gateway::Frame::fromJson(filtered.decode(text, &error));
                const QString expected =
                    describeOutput(reference.handleEvent(gateway::Frame::fromJson(row.frame)));
                QCOMPARE(describeOutput(adapter.handleEvent(frame)), expected);
                const gateway::Frame parsed = inPlace.decodeFrame(text, &error);
                QCOMPARE(error, gateway::FrameParseError::None);
                if (parsed.document)
                    ++readInPlace;
                QCOMPARE(describeOutput(inPlaceAdapter.handleEvent(parsed)), expected);
                ++frames;
            }
            QVERIFY2(frames > 50, qPrintable(file));
            QVERIFY2(readInPlace > frames / 2, qPrintable(file));
        }
    }

    void lifecyclesGiveTheSameEventsFiltered_data()
    {
        QTest::addColumn<int>("visibility");
        QTest::addColumn<int>("ending");
        QTest::addColumn<bool>("rows");
        for (int visibility = 0; visibility < 3; ++visibility) {
            for (int ending = 0; ending < 4; ++ending) {
                for (const bool rows : {true, false})
                    QTest::addRow("v%d e%d rows=%d", visibility, ending, int(rows))
                        << visibility << ending << rows;
            }
        }
    }

    void lifecyclesGiveTheSameEventsFiltered()
    {
        QFETCH(int, visibility);
        QFETCH(int, ending);
        QFETCH(bool, rows);
        sim::FrameFactory::Options options;
        options.sessionRows = rows;
        sim::FrameFactory factory(1'795'468'800'000, options);
        gateway::FrameDecoder filtered;
        filtered.setEventFilter(&gateway::GatewayAdapter::payloadFilter());
        gateway::FrameDecoder inPlace(gateway::JsonParser::Simdjson);
        gateway::GatewayAdapter reference;
        gateway::GatewayAdapter adapter;
        gateway::GatewayAdapter inPlaceAdapter;
        QStringList expected;
        QStringList actual;
        QStringList actualInPlace;
        for (int i = 0; i < 3; ++i) {
            Scenario s;
            s.parentSessionId = QStringLiteral("ps");
            s.parentRunId = QStringLiteral("pr-%1").arg(i);
            s.toolCallId = QStringLiteral("call_%1").arg(i);
            s.childKey = QStringLiteral("agent:main:subagent:c-%1").arg(i);
            s.childSessionId = QStringLiteral("cs-%1").arg(i);
            s.childRunId = QStringLiteral("cr-%1").arg(i);
            s.taskId = QStringLiteral("gt-%1").arg(i);
            s.label = QStringLiteral("worker-%1").arg(i);
            s.task = QStringLiteral("task_id=T-%1 Run the checks.").arg(i);
            s.visibility = static_cast<Scenario::Visibility>(visibility);
            s.ending = static_cast<Scenario::Ending>(ending);
            s.providerRetries = s.ending == Scenario::Ending::Error ? 2 : 0;
            s.finalText = QStringLiteral("Done.\n\n```json\n{\"task_id\":\"T-%1\",\"status\":"
                                         "\"completed\",\"verification\":[]}\n```")
                              .arg(i);
            s.errorText = QStringLiteral("failed");
            s.announce = s.ending != Scenario::Ending::Killed;
            s.deleteAfter = i == 2;
            for (const QJsonObject &object : factory.spawnLifecycle(s)) {
                gateway::FrameParseError error = gateway::FrameParseError::None;
                expected.append(
                    describeOutput(reference.handleEvent(gateway::Frame::fromJson(object))));
                const QByteArray text = sim::FrameFactory::toText(object);
                actual.append(describeOutput(
                    adapter.handleEvent(gateway::Frame::fromJson(filtered.decode(text, &error)))));
                actualInPlace.append(
                    describeOutput(inPlaceAdapter.handleEvent(inPlace.decodeFrame(text, &error))));
            }
            factory.advance(50);
        }
        QVERIFY(expected.join(QString()).contains(QLatin1String("WorkerEnded")));
        QVERIFY(sameLines(actual, expected));
        QVERIFY(sameLines(actualInPlace, expected));
    }

    // The filter must actually leave things out, or the tests above prove nothing useful.
    void filterLeavesOutWhatTheAdapterDoesNotRead()
    {
        const gateway::PayloadFilter &filter = gateway::GatewayAdapter::payloadFilter();
        const QJsonObject delta{
            {QStringLiteral("stream"), QStringLiteral("assistant")},
            {QStringLiteral("sessionKey"), QStringLiteral("agent:main:main")},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("text"), QStringLiteral("hi")}}},
            {QStringLiteral("ts"), 5}};
        QCOMPARE(filter.apply(u"agent", delta),
                 (QJsonObject{{QStringLiteral("stream"), QStringLiteral("assistant")},
                              {QStringLiteral("ts"), 5}}));
        const QString child = QStringLiteral("agent:main:subagent:c-1");
        const QJsonObject row{{QStringLiteral("sessionKey"), child},
                              {QStringLiteral("session"), QJsonObject{{QStringLiteral("a"), 1}}},
                              {QStringLiteral("status"), QStringLiteral("done")},
                              {QStringLiteral("model"), QStringLiteral("mock-1")}};
        QCOMPARE(filter.apply(u"sessions.changed", row),
                 (QJsonObject{{QStringLiteral("sessionKey"), child},
                              {QStringLiteral("status"), QStringLiteral("done")}}));
        // Rows of sessions that are not subagents' keep only what is read before the key test.
        QJsonObject mainRow = row;
        mainRow.insert(QStringLiteral("sessionKey"), QStringLiteral("agent:main:main"));
        mainRow.insert(QStringLiteral("reason"), QStringLiteral("send"));
        QCOMPARE(filter.apply(u"sessions.changed", mainRow),
                 (QJsonObject{{QStringLiteral("sessionKey"), QStringLiteral("agent:main:main")},
                              {QStringLiteral("reason"), QStringLiteral("send")}}));
        // An assistant's text blocks are left out, its toolCall blocks kept.
        const QJsonObject message{
            {QStringLiteral("sessionKey"), QStringLiteral("agent:main:main")},
            {QStringLiteral("message"),
             QJsonObject{
                 {QStringLiteral("role"), QStringLiteral("assistant")},
                 {QStringLiteral("content"),
                  QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("text"), QStringLiteral("long")}},
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("toolCall")},
                                         {QStringLiteral("name"), QStringLiteral("x")}}}}}}};
        QCOMPARE(
            filter.apply(u"session.message", message),
            (QJsonObject{
                {QStringLiteral("sessionKey"), QStringLiteral("agent:main:main")},
                {QStringLiteral("message"),
                 QJsonObject{
                     {QStringLiteral("role"), QStringLiteral("assistant")},
                     {QStringLiteral("content"),
                      QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}},
                                 QJsonObject{{QStringLiteral("type"), QStringLiteral("toolCall")},
                                             {QStringLiteral("name"), QStringLiteral("x")}}}}}}}));
        // Events it does not name stay whole (the client reads shutdown and the challenge).
        QCOMPARE(filter.apply(u"shutdown", row), row);
        QVERIFY(!filter.ruleFor(QStringView(u"connect.challenge")));
    }
};

QTEST_GUILESS_MAIN(TestAdapterPrefilter)
#include "tst_adapter_prefilter.moc"
