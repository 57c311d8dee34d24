#include "AdapterTestSupport.h"

#include "gateway/FrameDecoder.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonValue>
#include <QTest>

using namespace clawops;

namespace adaptertest {

namespace {

QString escaped(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return text;
}

QString specLine(const core::SpawnSpec &spec)
{
    QString line = QStringLiteral(" task=%1 label=%2").arg(escaped(spec.task), spec.label);
    const auto add = [&line](const char *name, const QString &value) {
        if (!value.isEmpty())
            line += QStringLiteral(" %1=%2").arg(QString::fromLatin1(name), value);
    };
    add("agentId", spec.agentId);
    add("model", spec.model);
    add("thinking", spec.thinking);
    add("mode", spec.mode);
    if (spec.thread.has_value())
        add("thread", *spec.thread ? QStringLiteral("true") : QStringLiteral("false"));
    add("kind", spec.kind);
    add("requestId", spec.requestId);
    add("idempotencyKey", spec.idempotencyKey);
    return line;
}

} // namespace

QString traceDir()
{
    return QStringLiteral(CLAWOPS_TRACE_DIR);
}

QList<TraceRow> loadTrace(const QString &fileName)
{
    QFile file(traceDir() + QLatin1Char('/') + fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot open trace %s", qPrintable(file.fileName()));
        return {};
    }
    QList<TraceRow> rows;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        TraceRow row;
        row.t = object.value(QLatin1String("t")).toInteger();
        row.dir = object.value(QLatin1String("dir")).toString();
        row.conn = object.value(QLatin1String("conn")).toString();
        row.label = object.value(QLatin1String("label")).toString();
        row.frame = object.value(QLatin1String("frame")).toObject();
        rows.append(row);
    }
    return rows;
}

QJsonObject loadJsonFile(const QString &fileName)
{
    QFile file(traceDir() + QLatin1Char('/') + fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QList<core::DomainEvent> feed(gateway::GatewayAdapter &adapter, const QList<TraceRow> &rows,
                              const FeedOptions &options)
{
    static const QStringList readMethods = {
        QStringLiteral("sessions.list"),      QStringLiteral("tasks.list"),
        QStringLiteral("tasks.get"),          QStringLiteral("chat.history"),
        QStringLiteral("sessions.subscribe"),
    };
    QList<core::DomainEvent> events;
    QHash<QString, gateway::Frame> requests; // "<conn>|<id>" → the driver's request
    gateway::FrameDecoder decoder;
    for (const TraceRow &row : rows) {
        if (!options.conn.isEmpty() && !row.conn.isEmpty() && row.conn != options.conn)
            continue;
        if (options.fromT >= 0 && row.t < options.fromT)
            continue;
        if (options.untilT >= 0 && row.t >= options.untilT)
            continue;
        gateway::Frame frame = gateway::Frame::fromJson(row.frame);
        if (options.decodeText && row.dir == QLatin1String("in")) {
            gateway::FrameParseError error = gateway::FrameParseError::None;
            frame = decoder.decode(QJsonDocument(row.frame).toJson(QJsonDocument::Compact), &error);
            if (error != gateway::FrameParseError::None)
                qWarning("recorded frame not decoded");
        }
        if (row.dir == QLatin1String("out") && frame.type == gateway::Frame::Type::Request) {
            requests.insert(row.conn + QLatin1Char('|') + frame.id, frame);
            continue;
        }
        if (row.dir != QLatin1String("in"))
            continue;
        gateway::AdapterOutput out;
        if (frame.isEvent()) {
            adapter.handleEvent(frame, out);
        } else if (frame.isResponse() && options.feedResults) {
            const auto request = requests.constFind(row.conn + QLatin1Char('|') + frame.id);
            if (request == requests.constEnd() || !readMethods.contains(request->name))
                continue;
            gateway::RpcCall call;
            call.method = request->name;
            call.params = request->payload.toQJsonObject();
            call.role = gateway::CallRole::Resync;
            adapter.handleResult(call, frame.ok, frame.payload.toQJsonObject(), {}, out);
        }
        events.append(out.events);
    }
    return events;
}

QString describe(const core::DomainEvent &event)
{
    return std::visit(
        [](const auto &e) -> QString {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, core::SpawnRequested>)
                return QStringLiteral("SpawnRequested ref=%1 requester=%2 orchestrator=%3")
                           .arg(e.spawnRef, e.requesterSessionKey.str(),
                                e.orchestratorSessionKey.str()) +
                       specLine(e.spec);
            else if constexpr (std::is_same_v<T, core::SpawnAccepted>)
                return accepted(e.spawnRef, e.childSessionKey, e.runId, e.gatewayTaskId);
            else if constexpr (std::is_same_v<T, core::SpawnRejected>)
                return rejected(e.spawnRef,
                                e.reason == core::SpawnRejected::Reason::MissingChildSessionKey
                                    ? QStringLiteral("missing-child-session-key")
                                    : QStringLiteral("spawn-not-accepted"));
            else if constexpr (std::is_same_v<T, core::GatewayTaskSeen>)
                return taskSeen(e.childSessionKey, e.gatewayTaskId);
            else if constexpr (std::is_same_v<T, core::WorkerEnded>)
                return ended(e.childSessionKey, core::outcomeText(e.outcome), e.detail);
            else if constexpr (std::is_same_v<T, core::SessionText>)
                return text(e.sessionKey, e.aboutChildSessionKey, e.text);
            else if constexpr (std::is_same_v<T, core::SessionEnded>)
                return sessionEnded(e.sessionKey, e.reason == core::SessionEnded::Reason::Reset
                                                      ? QStringLiteral("reset")
                                                      : QStringLiteral("deleted"));
            else if constexpr (std::is_same_v<T, core::OrchestratorBound>)
                return bound(e.requesterSessionKey, e.orchestratorSessionKey);
            else if constexpr (std::is_same_v<T, core::OrchestratorEnded>)
                return orchestratorEnded(e.orchestratorSessionKey);
            else if constexpr (std::is_same_v<T, core::ToolStarted>)
                return QStringLiteral("ToolStarted session=%1 run=%2 call=%3 tool=%4 args=%5")
                    .arg(e.sessionKey.str(), e.runId, e.toolCallId, e.toolName, e.argsJson);
            else
                return QStringLiteral("Tick");
        },
        event);
}

QStringList describeAll(const QList<core::DomainEvent> &events)
{
    QStringList lines;
    for (const core::DomainEvent &event : events) {
        // Tool starts and gateway approvals have tests of their own.
        if (!std::holds_alternative<core::ToolStarted>(event) &&
            !std::holds_alternative<core::ApprovalRequested>(event) &&
            !std::holds_alternative<core::ApprovalResolved>(event) &&
            !std::holds_alternative<core::ApprovalsListed>(event) &&
            !std::holds_alternative<core::ApprovalDecisionFailed>(event))
            lines.append(describe(event));
    }
    return lines;
}

QList<core::ToolStarted> toolStarts(const QList<core::DomainEvent> &events)
{
    QList<core::ToolStarted> out;
    for (const core::DomainEvent &event : events) {
        if (const auto *start = std::get_if<core::ToolStarted>(&event))
            out.append(*start);
    }
    return out;
}

QString requested(const QString &ref, const QString &requester, const QString &orchestrator,
                  const QString &task, const QString &label)
{
    core::SpawnSpec spec;
    spec.task = task;
    spec.label = label;
    return QStringLiteral("SpawnRequested ref=%1 requester=%2 orchestrator=%3")
               .arg(ref, requester, orchestrator) +
           specLine(spec);
}

QString accepted(const QString &ref, const QString &child, const QString &run,
                 const QString &gatewayTask)
{
    return QStringLiteral("SpawnAccepted ref=%1 child=%2 run=%3 gatewayTask=%4")
        .arg(ref, child, run, gatewayTask);
}

QString rejected(const QString &ref, const QString &outcome)
{
    return QStringLiteral("SpawnRejected ref=%1 outcome=%2").arg(ref, outcome);
}

QString taskSeen(const QString &child, const QString &gatewayTask)
{
    return QStringLiteral("GatewayTaskSeen child=%1 gatewayTask=%2").arg(child, gatewayTask);
}

QString ended(const QString &child, const QString &outcome, const QString &detail)
{
    return QStringLiteral("WorkerEnded child=%1 outcome=%2 detail=%3")
        .arg(child, outcome, escaped(detail));
}

QString text(const QString &session, const QString &about, const QString &body)
{
    return QStringLiteral("SessionText session=%1 about=%2 text=%3")
        .arg(session, about, escaped(body));
}

QString sessionEnded(const QString &key, const QString &reason)
{
    return QStringLiteral("SessionEnded key=%1 reason=%2").arg(key, reason);
}

QString bound(const QString &requester, const QString &orchestrator)
{
    return QStringLiteral("OrchestratorBound requester=%1 orchestrator=%2")
        .arg(requester, orchestrator);
}

QString orchestratorEnded(const QString &key)
{
    return QStringLiteral("OrchestratorEnded key=%1").arg(key);
}

bool sameLines(const QStringList &actual, const QStringList &expected)
{
    if (actual == expected)
        return true;
    qWarning("domain events differ; actual (%lld):", qlonglong(actual.size()));
    for (const QString &line : actual)
        qWarning("  %s", qPrintable(line));
    qWarning("expected (%lld):", qlonglong(expected.size()));
    for (const QString &line : expected)
        qWarning("  %s", qPrintable(line));
    return false;
}

} // namespace adaptertest
