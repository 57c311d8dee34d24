// The ingest path never builds the whole payload of an event: FrameDecoder parses the frame text
// with simdjson and the adapter reads the payload in place (JsonRef). That is only sound if the
// adapter cannot tell: every recorded trace, and lifecycles from the simulated gateway's
// FrameFactory, must give exactly the same domain events (and calls) decoded from text as from
// the recorded Qt objects.
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
    return QDir(traceDir()).entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
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

class TestAdapterDecoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Traces with several sockets interleave their sequence numbers; the gap notices are
        // expected and the same on both sides.
        QLoggingCategory::setFilterRules(QStringLiteral("clawops.*.info=false"));
    }

    void tracesGiveTheSameEventsDecoded_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = traceFiles();
        QVERIFY(files.size() >= 8);
        for (const QString &file : files)
            QTest::addRow("%s", qPrintable(file)) << file;
    }

    // Events and resync results together, per connection and all interleaved.
    void tracesGiveTheSameEventsDecoded()
    {
        QFETCH(QString, file);
        const QList<TraceRow> rows = loadTrace(file);
        QVERIFY(!rows.isEmpty());
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
            FeedOptions decoded = options;
            decoded.decodeText = true;
            QVERIFY2(sameLines(feedAll(rows, decoded), reference), qPrintable(options.conn));
        }
    }

    // Frame by frame, including the calls a sequence gap asks for.
    void tracesGiveTheSameOutputsFrameByFrame()
    {
        for (const QString &file : traceFiles()) {
            gateway::FrameDecoder decoder;
            gateway::GatewayAdapter reference;
            gateway::GatewayAdapter inPlaceAdapter;
            int frames = 0;
            int events = 0;
            int readInPlace = 0;
            for (const TraceRow &row : loadTrace(file)) {
                if (row.dir != QLatin1String("in"))
                    continue;
                const QByteArray text = QJsonDocument(row.frame).toJson(QJsonDocument::Compact);
                const QString expected =
                    describeOutput(reference.handleEvent(gateway::Frame::fromJson(row.frame)));
                gateway::FrameParseError error = gateway::FrameParseError::None;
                const gateway::Frame parsed = decoder.decode(text, &error);
                QCOMPARE(error, gateway::FrameParseError::None);
                if (parsed.isEvent())
                    ++events;
                if (parsed.document)
                    ++readInPlace;
                QCOMPARE(describeOutput(inPlaceAdapter.handleEvent(parsed)), expected);
                ++frames;
            }
            QVERIFY2(frames >= 20, qPrintable(file));
            // Every event is read in place; responses go to QJsonDocument.
            QVERIFY2(events > 0 && readInPlace == events, qPrintable(file));
        }
    }

    void lifecyclesGiveTheSameEventsDecoded_data()
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

    void lifecyclesGiveTheSameEventsDecoded()
    {
        QFETCH(int, visibility);
        QFETCH(int, ending);
        QFETCH(bool, rows);
        sim::FrameFactory::Options options;
        options.sessionRows = rows;
        sim::FrameFactory factory(1'795'468'800'000, options);
        gateway::FrameDecoder decoder;
        gateway::GatewayAdapter reference;
        gateway::GatewayAdapter inPlaceAdapter;
        QStringList expected;
        QStringList actual;
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
                actual.append(
                    describeOutput(inPlaceAdapter.handleEvent(decoder.decode(text, &error))));
            }
            factory.advance(50);
        }
        QVERIFY(expected.join(QString()).contains(QLatin1String("WorkerEnded")));
        QVERIFY(sameLines(actual, expected));
    }
};

QTEST_GUILESS_MAIN(TestAdapterDecoding)
#include "tst_adapter_decoding.moc"
