#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace clawops::sim {

// Builds gateway event frames with the names, nesting and order recorded from a real OpenClaw
// 2026.9.6 gateway (tests/data/traces/), for the simulated gateway and the benchmark. It knows
// nothing of the engine: frames are plain JSON objects, {type:"event", event, payload, seq}.
//
// Every event gets the next connection sequence number. Timestamps come from a clock the caller
// moves (advance()/setNow()), so a scenario is reproducible to the byte.
class FrameFactory
{
public:
    struct Options
    {
        // The recorded sessions.changed and tool frames carry the whole session row twice (under
        // `session` and flattened). Off keeps only the fields a consumer acts on, for benchmarks
        // that want to measure the pipeline rather than the JSON parser.
        bool sessionRows = true;
        QString agentId = QStringLiteral("main");
    };

    // One agent run in one session (payload.seq counts per run, like the gateway's).
    struct Run
    {
        QString sessionKey;
        QString sessionId;
        QString runId;
        QString spawnedBy; // set on child runs: child agent/chat payloads carry it
        bool isHeartbeat = false;
        bool hasHeartbeatFlag =
            true; // main-session agent payloads carry isHeartbeat, child ones not
    };

    // What the session row of a child says.
    struct Session
    {
        QString key;
        QString sessionId;
        QString parentKey; // empty for a front session
        QString label;
        QString status = QStringLiteral("running"); // running|done|failed|timeout|killed
        QString activeRunId;                        // empty when idle
        QString lastRunId;
        QString lastRunError;
        qint64 createdAt = 0;
        qint64 startedAt = 0;
        qint64 endedAt = 0;
        bool abortedLastRun = false;
    };

    FrameFactory();
    explicit FrameFactory(qint64 startMs);
    FrameFactory(qint64 startMs, Options options);

    qint64 now() const { return m_now; }
    void setNow(qint64 ms) { m_now = ms; }
    void advance(qint64 ms) { m_now += ms; }
    qint64 lastSeq() const { return m_seq; }
    const Options &options() const { return m_options; }

    static QByteArray toText(const QJsonObject &frame);

    // Any event, numbered.
    QJsonObject event(const QString &name, const QJsonObject &payload);

    // agent stream lifecycle / run_status / assistant / item / usage / tool.
    QJsonObject agentLifecycleStart(const Run &run);
    QJsonObject agentLifecycleModel(const Run &run, bool cleared = false);
    QJsonObject agentLifecycleFinishing(const Run &run);
    // The finishing frame of a provider attempt that failed and will be retried
    // (livenessState "blocked").
    QJsonObject agentLifecycleFinishingBlocked(const Run &run, const QString &error);
    QJsonObject agentLifecycleEnd(const Run &run, const QString &terminalText);
    // chat.abort: end{status:"cancelled", aborted} (an error frame follows).
    QJsonObject agentLifecycleEndCancelled(const Run &run);
    enum class ErrorKind
    {
        Error,   // the provider failed for good
        Timeout, // runTimeoutSeconds hit
        Aborted, // tasks.cancel / chat.abort
    };
    QJsonObject agentLifecycleError(const Run &run, const QString &error, ErrorKind kind);
    QJsonObject agentRunStatus(const Run &run, const QString &phase);
    QJsonObject agentRunStatusRetrying(const Run &run, int retryAttempt, int maxRetries,
                                       int delayMs);
    QJsonObject agentAssistant(const Run &run, const QString &cumulative, const QString &delta,
                               const QString &itemId);
    QJsonObject agentItemTool(const Run &run, const QString &toolCallId, const QString &label,
                              const QString &phase);
    QJsonObject agentItemPreamble(const Run &run, const QString &text, const QString &phase);
    QJsonObject agentUsage(const Run &run, int outputTokens);
    // sessions_spawn start/result as `agent` stream "tool" (runs this socket started, cap
    // tool-events) or as `session.tool` (everyone else subscribed), same data.
    QJsonObject agentToolStart(const Run &run, const Session &caller, const QString &toolCallId,
                               const QJsonObject &args);
    QJsonObject agentToolResult(const Run &run, const Session &caller, const QString &toolCallId,
                                const QString &label, const QString &childKey,
                                const QString &childRunId);
    QJsonObject sessionToolStart(const Run &run, const Session &caller, const QString &toolCallId,
                                 const QJsonObject &args);
    QJsonObject sessionToolResult(const Run &run, const Session &caller, const QString &toolCallId,
                                  const QString &label, const QString &childKey,
                                  const QString &childRunId);
    // Any other tool's start as `session.tool` (what the engine's policy watch judges).
    QJsonObject sessionOtherToolStart(const Run &run, const Session &caller,
                                      const QString &toolCallId, const QString &name,
                                      const QJsonObject &args);

    // chat
    QJsonObject chatStatus(const Run &run, const QString &phase);
    QJsonObject chatDelta(const Run &run, const QString &deltaText, const QString &cumulative);
    QJsonObject chatFinal(const Run &run, const QString &text);
    QJsonObject chatError(const Run &run, const QString &message, bool timeout);
    QJsonObject chatAborted(const Run &run, const QString &partial, const QString &stopReason);

    // task {action:"upserted", task:{…}}
    struct Task
    {
        QString id;
        QString parentKey;
        QString childKey;
        QString runId;
        QString title;
        QString status = QStringLiteral("running"); // running|completed|failed|timed_out|cancelled
        QString executionState = QStringLiteral("unknown"); // unknown|running|finished
        QString deliveryStatus = QStringLiteral("pending");
        QString error;
        QString progressSummary;
        qint64 createdAt = 0;
    };
    QJsonObject task(const Task &task);

    // sessions.changed: reason rows (create, send, agent.run.started, agent.input.settled,
    // subagent-status, participants), phase rows (start, model, end, error with runId), delete.
    QJsonObject sessionsChangedReason(const Session &session, const QString &reason);
    QJsonObject sessionsChangedPhase(const Session &session, const QString &phase,
                                     const QString &runId);
    QJsonObject sessionsChangedDelete(const QString &key, const QString &sessionId);
    QJsonObject sessionsChangedDeleteKeyless();

    // session.message (transcript rows)
    QJsonObject sessionMessageUser(const Session &session, const QString &text);
    QJsonObject sessionMessageToolCall(const Session &session, const QString &toolCallId,
                                       const QJsonObject &args);
    QJsonObject sessionMessageAssistantText(const Session &session, const QString &text);

    // Texts as the gateway writes them.
    static QString spawnResultText(const QString &childKey, const QString &childRunId);
    static QString subagentTaskMessage(const QString &task, int depth = 1);
    static QString announceText(const QString &childKey, const QString &childSessionId,
                                const QString &label, const QString &statusLine,
                                const QString &result);

    // One whole spawn, as trace.jsonl's run A shows it: the parent's turn that calls
    // sessions_spawn, the child's run to its ending, and the parent's announce turn.
    struct SpawnScenario
    {
        enum class Visibility
        {
            ToolEvents,     // agent stream "tool" (this socket started the run, cap tool-events)
            SessionTool,    // session.tool (another socket's run)
            TranscriptOnly, // heartbeat/wake run: only the transcript toolCall
        };
        enum class Ending
        {
            Ok,
            Error,   // provider failure after `providerRetries` retries
            Timeout, // runTimeoutSeconds
            Killed,  // tasks.cancel
        };
        QString parentKey = QStringLiteral("agent:main:main");
        QString parentSessionId;
        QString parentRunId;
        QString toolCallId;
        QString childKey;
        QString childSessionId;
        QString childRunId;
        QString taskId;
        QString task;
        QString label;
        QString finalText; // Ok: the child's reply (put the receipt here)
        QString errorText; // Error/Timeout/Killed: the gateway's message
        Visibility visibility = Visibility::ToolEvents;
        Ending ending = Ending::Ok;
        int providerRetries = 0;
        bool announce = true;     // the parent's announce turn (none after a kill)
        bool deleteAfter = false; // sessions.delete of the child at the end
    };
    QList<QJsonObject> spawnLifecycle(const SpawnScenario &scenario);

private:
    QJsonObject agentPayload(const Run &run, const QString &stream, const QJsonObject &data,
                             bool withSessionId);
    QJsonObject chatPayload(const Run &run, const QString &state);
    QJsonObject sessionRow(const Session &session) const;
    QJsonObject withRow(QJsonObject payload, const Session &session) const;
    QJsonObject toolPayload(const Run &run, const Session &caller, const QJsonObject &data);
    QJsonObject spawnResultData(const QString &toolCallId, const QString &label,
                                const QString &childKey, const QString &childRunId) const;
    int nextRunSeq(const QString &runId);
    QJsonObject transcriptMessage(const Session &session, QJsonObject message);

    Options m_options;
    qint64 m_now = 0;
    qint64 m_seq = 0;
    QHash<QString, int> m_runSeq;
    QHash<QString, int> m_messageSeq;
};

} // namespace clawops::sim
