// Arbitrary gateway input → GatewayAdapter.
//
// The input is read as lines (at most kMaxLines). Each line goes to the adapter
// - as a whole frame, as the client would receive it;
// - as the payload of every event the adapter handles, and of one it ignores, wrapped in an event
//   frame with the next sequence number;
// - as the result of the reads the adapter asks for after a connect, and of the calls of two
//   actions (a kill and a retry send), ok and failed.
// The adapter is primed with a watched front session, a tracked orchestrator and worker, so that
// lines naming them reach the paths of known sessions; state builds up from line to line.
//
// Two adapters see the same frames: one as FrameDecoder decodes them (events read in place by
// simdjson), one as Qt objects from GatewayJson's parseFrame(). Their outputs must be the same
// (the promise of JsonRef: it reads as QJsonValue does).
#include "AdapterTestSupport.h"
#include "FuzzSupport.h"
#include "gateway/Adapter.h"
#include "gateway/FrameDecoder.h"
#include "gateway/GatewayJson.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <array>

using namespace clawops;
using namespace clawops::gateway;
using clawops::fuzz::fail;

namespace {

constexpr int kMaxLines = 32;
constexpr qsizetype kMaxResultCalls = 8;

const QString kFront = QStringLiteral("agent:main:main");
const QString kOrchestrator = QStringLiteral("agent:main:subagent:orchestrator-1");
const QString kWorker = QStringLiteral("agent:main:subagent:worker-1");

// What one input produced, in a form that compares whole.
QStringList describe(const AdapterOutput &out)
{
    QStringList lines = adaptertest::describeAll(out.events);
    for (const RpcCall &call : out.calls) {
        lines.append(
            QStringLiteral("call %1 %2 key=%3 action=%4")
                .arg(call.method,
                     QString::fromUtf8(QJsonDocument(call.params).toJson(QJsonDocument::Compact)),
                     call.idempotencyKey, call.actionKey));
    }
    for (const ActionOutcome &outcome : out.outcomes) {
        lines.append(QStringLiteral("outcome %1 %2 %3 %4")
                         .arg(outcome.actionKey, outcome.outcome, outcome.detail,
                              outcome.ok ? QStringLiteral("ok") : QStringLiteral("failed")));
    }
    if (out.resyncRequested)
        lines.append(QStringLiteral("resync requested"));
    return lines;
}

// One adapter and how its frames are decoded.
struct Lane
{
    explicit Lane(bool inPlace)
        : inPlace(inPlace)
    {
        adapter.watchSession(kFront);
        adapter.trackOrchestrator(kOrchestrator, kFront);
        adapter.trackWorker(kWorker, kOrchestrator, QStringLiteral("gateway-task-1"),
                            QStringLiteral("call-1"));
    }

    Frame decode(const QByteArray &text, FrameParseError *error)
    {
        if (inPlace)
            return decoder.decode(text, error);
        return Frame::fromJson(parseFrame(text, error));
    }

    bool inPlace;
    FrameDecoder decoder;
    GatewayAdapter adapter;
};

class Run
{
public:
    Run()
        : m_lanes{Lane(true), Lane(false)}
    {
        step("connect",
             [](Lane &lane, AdapterOutput &out) { out.calls.append(lane.adapter.onConnected()); });
        step("actions", [](Lane &lane, AdapterOutput &out) {
            lane.adapter.handleAction(core::CancelWorker{core::SessionKey(kWorker),
                                                         QStringLiteral("gateway-task-1"),
                                                         core::TaskId(QStringLiteral("task-1")),
                                                         core::CancelWorker::Reason::OperatorKill},
                                      out);
            lane.adapter.handleAction(core::SendToSession{core::SendToSession::Purpose::Retry,
                                                          core::SessionKey(kOrchestrator),
                                                          QStringLiteral("retry task-1"),
                                                          core::TaskId(QStringLiteral("task-1")),
                                                          QStringLiteral("retry-task-1-2")},
                                      out);
        });
    }

    void feedLine(const QByteArray &line)
    {
        feedFrame(line);
        static const std::array kinds = {
            "agent", "chat", "sessions.changed", "session.message", "session.tool", "task", "tick"};
        for (const char *kind : kinds) {
            feedFrame(QByteArray("{\"type\":\"event\",\"event\":\"") + kind +
                      "\",\"seq\":" + QByteArray::number(++m_seq) + ",\"payload\":" + line + "}");
        }
        feedResults(line);
    }

private:
    template<class Feed> void step(const char *what, Feed feed)
    {
        QStringList first;
        for (size_t i = 0; i < m_lanes.size(); ++i) {
            AdapterOutput out;
            feed(m_lanes[i], out);
            if (i == 0) {
                first = describe(out);
                if (m_pending.size() < 64)
                    m_pending.append(out.calls);
            } else if (describe(out) != first) {
                fail(what, (QStringLiteral("lane %1 differs from the decoder's:\n").arg(i) +
                            describe(out).join(QLatin1Char('\n')) + QStringLiteral("\n---\n") +
                            first.join(QLatin1Char('\n')))
                               .toUtf8());
            }
        }
    }

    void feedFrame(const QByteArray &text)
    {
        step("a frame gives different outputs", [&text](Lane &lane, AdapterOutput &out) {
            FrameParseError error = FrameParseError::None;
            const Frame frame = lane.decode(text, &error);
            if (error == FrameParseError::None)
                lane.adapter.handleEvent(frame, out);
        });
    }

    // The line as the answer to calls the adapter made: the reads after the connect (and any a
    // sequence gap asked for) and the actions' calls, ok and then failed.
    void feedResults(const QByteArray &line)
    {
        const QJsonObject payload = QJsonDocument::fromJson(line).object();
        const QString error = QString::fromUtf8(line.left(200));
        const QList<RpcCall> calls = m_pending.mid(0, kMaxResultCalls);
        for (const RpcCall &call : calls) {
            step("a result gives different outputs", [&](Lane &lane, AdapterOutput &out) {
                lane.adapter.handleResult(call, true, payload, QString(), out);
                lane.adapter.handleResult(call, false, QJsonObject(), error, out);
            });
        }
        step("finishResync gives different outputs",
             [](Lane &lane, AdapterOutput &out) { lane.adapter.finishResync(out); });
        // The next line answers what this one asked for (a fallback, a resync).
        m_pending = m_pending.mid(calls.size());
    }

    std::array<Lane, 2> m_lanes;
    QList<RpcCall> m_pending;
    qint64 m_seq = 0;
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    clawops::fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Run run;
    for (const QByteArray &line :
         clawops::fuzz::splitLines(clawops::fuzz::toBytes(data, size), kMaxLines))
        run.feedLine(line);
    return 0;
}
