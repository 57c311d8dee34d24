#include "Adapter.h"

#include "AdapterJson.h"
#include "AdapterSignals.h"
#include "core/Logging.h"

#include <QJsonArray>

namespace clawops::gateway {

using namespace adapterjson;

GatewayAdapter::GatewayAdapter(AdapterConfig config)
    : m_config(std::move(config))
    , m_graph(m_config.maxTrackedSessions)
    , m_seenTexts(m_config.maxTrackedSessions)
    , m_sessionEnds(m_config.maxTrackedSessions)
{}

AdapterOutput GatewayAdapter::handleEvent(const Frame &frame)
{
    AdapterOutput out;
    handleEvent(frame, out);
    return out;
}

void GatewayAdapter::handleEvent(const Frame &frame, AdapterOutput &out)
{
    if (!frame.isEvent())
        return;
    const QString &name = frame.name;
    const JsonRef payload = frame.payload.toObject();
    // Most frames are agent and chat traffic; test those first.
    if (name == QLatin1String("agent")) {
        onAgent(payload, out);
    } else if (name == QLatin1String("chat")) {
        onChat(payload, out);
    } else if (name == QLatin1String("sessions.changed")) {
        onSessionsChanged(payload, out);
    } else if (name == QLatin1String("session.message")) {
        onSessionMessage(payload, out);
    } else if (name == QLatin1String("session.tool")) {
        onToolEvent(payload, out);
    } else if (name == QLatin1String("task")) {
        onTask(payload.value(QLatin1String("task")).toObject(), false, out);
    }
    // Everything else (tick, health, presence, heartbeat, chat.metadata.changed, …) carries
    // nothing for the core beyond the clock.
    const qint64 seenBeforeThisFrame = m_lastEventTs;
    noteEventTime(name == QLatin1String("task") ? payload.value(QLatin1String("task")).toObject()
                                                : payload);

    if (frame.seq >= 0) {
        // Events are numbered per connection without holes; a hole means frames were dropped
        // (the gateway drops for slow consumers) and only a resync can recover them. A smaller
        // number means a new connection the host did not announce: start counting again.
        if (m_lastSeq >= 0 && frame.seq > m_lastSeq + 1) {
            qCInfo(lcAdapter) << "event sequence gap" << m_lastSeq << "->" << frame.seq
                              << "; resyncing";
            out.resyncRequested = true;
            m_resyncFrom = seenBeforeThisFrame;
            m_resyncRunning = true;
            out.calls.append(resyncCalls());
        }
        m_lastSeq = frame.seq;
    }
}

void GatewayAdapter::noteEventTime(const JsonRef &payload)
{
    qint64 ts = msField(payload, QLatin1String("ts"));
    if (ts == 0)
        ts = msField(payload, QLatin1String("updatedAt"));
    if (ts > m_lastEventTs)
        m_lastEventTs = ts;
}

void GatewayAdapter::noteParentFrom(const QString &sessionKey, const JsonRef &payloadOrRow)
{
    if (!isSubagentKey(sessionKey))
        return;
    QString parent = stringField(payloadOrRow, QLatin1String("spawnedBy"));
    if (parent.isEmpty())
        parent = stringField(payloadOrRow, QLatin1String("parentSessionKey"));
    if (!parent.isEmpty())
        m_graph.noteParent(sessionKey, parent);
}

void GatewayAdapter::onAgent(const JsonRef &payload, AdapterOutput &out)
{
    const QString stream = payload.value(QLatin1String("stream")).toString();
    if (stream == QLatin1String("tool")) {
        onToolEvent(payload, out);
        return;
    }
    // Only the lifecycle says anything about runs; assistant/item/usage/run_status frames (most
    // of the traffic) are skipped before any other field is read. A run_status "retrying" is
    // deliberately nothing: the gateway is still retrying the provider.
    if (stream != QLatin1String("lifecycle"))
        return;
    const QString sessionKey = payload.value(QLatin1String("sessionKey")).toString();
    if (!isSubagentKey(sessionKey))
        return; // only subagent sessions have endings the core tracks
    ChildState *child = trackedChild(sessionKey);
    if (!child) {
        noteParentFrom(sessionKey, payload);
        return;
    }
    const QString runId = payload.value(QLatin1String("runId")).toString();
    const JsonRef data = payload.value(QLatin1String("data")).toObject();
    const std::optional<core::WorkerOutcome> outcome = adaptersignals::lifecycleOutcome(data);
    if (!outcome) {
        noteRun(*child, runId);
        return;
    }
    endRun(*child, runId, *outcome, stringField(data, QLatin1String("error")), out);
}

void GatewayAdapter::onChat(const JsonRef &payload, AdapterOutput &out)
{
    // Deltas and status frames carry nothing the core needs; the run they belong to was
    // announced by its lifecycle start.
    const std::optional<core::WorkerOutcome> outcome = adaptersignals::chatOutcome(payload);
    if (!outcome)
        return;
    const QString sessionKey = payload.value(QLatin1String("sessionKey")).toString();
    if (!isSubagentKey(sessionKey))
        return;
    ChildState *child = trackedChild(sessionKey);
    if (!child) {
        noteParentFrom(sessionKey, payload);
        return;
    }
    const QString runId = payload.value(QLatin1String("runId")).toString();
    endRun(*child, runId, *outcome, stringField(payload, QLatin1String("errorMessage")), out);
    if (outcome == core::WorkerOutcome::Ok) {
        // The worker's own final reply: where its receipt is. The whole reply, as the gateway
        // assembled it for the chat, not just the last message.
        const QString text = messageText(
            payload.value(QLatin1String("message")).toObject().value(QLatin1String("content")));
        if (!text.isEmpty())
            emitSessionText(sessionKey, text, sessionKey, out);
    }
}

void GatewayAdapter::onSessionMessage(const JsonRef &payload, AdapterOutput &out)
{
    const QString sessionKey = payload.value(QLatin1String("sessionKey")).toString();
    if (sessionKey.isEmpty())
        return;
    const JsonRef message = payload.value(QLatin1String("message")).toObject();
    const QString role = message.value(QLatin1String("role")).toString();
    const JsonRef content = message.value(QLatin1String("content"));
    if (role == QLatin1String("assistant")) {
        // Heartbeat and wake runs show their spawns only here: the toolCall block, with the full
        // arguments. Recorded now, turned into events when the child appears.
        if (!content.isArray())
            return;
        for (const JsonRef value : content) {
            const JsonRef block = value.toObject();
            if (block.value(QLatin1String("type")).toString() != QLatin1String("toolCall") ||
                block.value(QLatin1String("name")).toString() != QLatin1String("sessions_spawn"))
                continue;
            recordTranscriptCall(sessionKey, stringField(block, QLatin1String("id")),
                                 block.value(QLatin1String("arguments")).toQJsonObject(), false);
        }
    } else if (role == QLatin1String("user")) {
        const QString text = messageText(content);
        if (!text.isEmpty())
            scanCompletionTurn(sessionKey, text, out);
    }
}

void GatewayAdapter::onSessionsChanged(const JsonRef &payload, AdapterOutput &out)
{
    const QString sessionKey = payload.value(QLatin1String("sessionKey")).toString();
    if (sessionKey.isEmpty())
        return; // the keyless companion of a delete, or a bare invalidation
    const QString reason = payload.value(QLatin1String("reason")).toString();
    if (reason == QLatin1String("delete")) {
        onDeleted(sessionKey, out);
        return;
    }
    if (reason == QLatin1String("reset") || reason == QLatin1String("new")) {
        onReset(sessionKey, stringField(payload, QLatin1String("sessionId")), out);
        return;
    }
    if (!isSubagentKey(sessionKey))
        return;
    if (!trackedChild(sessionKey))
        noteParentFrom(sessionKey, payload);
    if (reason == QLatin1String("create")) {
        QString parent = stringField(payload, QLatin1String("parentSessionKey"));
        if (parent.isEmpty())
            parent = stringField(payload, QLatin1String("spawnedBy"));
        const JsonRef active = payload.value(QLatin1String("activeRunIds")).toArray();
        onChildAppeared(sessionKey, parent, stringField(payload, QLatin1String("label")),
                        active.isEmpty() ? QString() : active.first().toString(), QString(), true,
                        false, out);
    }
    applyRow(sessionKey, payload, out);
}

QList<RpcCall> GatewayAdapter::onConnected()
{
    m_lastSeq = -1;
    // Frozen here: the events that arrive while the resync's reads are answered carry the
    // current time and would otherwise make everything created while we were away look old.
    m_resyncFrom = m_lastEventTs;
    m_resyncRunning = true;
    m_heldBackLists.clear();
    return resyncCalls();
}

void GatewayAdapter::watchSession(const QString &sessionKey)
{
    if (!sessionKey.isEmpty())
        m_watched.insert(sessionKey);
}

void GatewayAdapter::trackWorker(const QString &childSessionKey, const QString &parentSessionKey,
                                 const QString &gatewayTaskId, const QString &spawnRef)
{
    if (childSessionKey.isEmpty())
        return;
    ChildState &child = m_graph.ensureChild(childSessionKey);
    child.accepted = true;
    child.role = ChildRole::Worker;
    if (!parentSessionKey.isEmpty()) {
        child.parentKey = parentSessionKey;
        m_graph.noteParent(childSessionKey, parentSessionKey);
        // The orchestrator may be tracked after its workers (any order works): keep the link on
        // a placeholder that trackOrchestrator() completes.
        ChildState *parent = m_graph.child(parentSessionKey);
        if (!parent && isSubagentKey(parentSessionKey))
            parent = &m_graph.ensureChild(parentSessionKey);
        if (parent && !parent->childKeys.contains(childSessionKey))
            parent->childKeys.append(childSessionKey);
    }
    if (!gatewayTaskId.isEmpty())
        child.gatewayTaskId = gatewayTaskId;
    if (!spawnRef.isEmpty())
        child.spawnRef = spawnRef;
}

void GatewayAdapter::trackOrchestrator(const QString &orchestratorSessionKey,
                                       const QString &requesterSessionKey)
{
    if (orchestratorSessionKey.isEmpty())
        return;
    ChildState &orchestrator = m_graph.ensureChild(orchestratorSessionKey);
    orchestrator.accepted = true;
    orchestrator.role = ChildRole::Orchestrator;
    orchestrator.orchestratorBound = true;
    orchestrator.boundRequester = requesterSessionKey;
    if (orchestrator.parentKey.isEmpty())
        orchestrator.parentKey = requesterSessionKey;
    m_graph.noteParent(orchestratorSessionKey, requesterSessionKey);
    m_watched.insert(requesterSessionKey);
}

void GatewayAdapter::resumeAfter(qint64 lastActivityMs, const QStringList &recentlyFinishedWorkers)
{
    if (lastActivityMs > m_lastEventTs)
        m_lastEventTs = lastActivityMs;
    for (const QString &key : recentlyFinishedWorkers) {
        if (key.isEmpty() || m_graph.child(key))
            continue;
        ChildState &child = m_graph.ensureChild(key);
        child.accepted = true;
        child.runEnded = true;
    }
}

} // namespace clawops::gateway
