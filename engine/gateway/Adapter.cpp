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
    , m_toolStarts(m_config.maxTrackedSessions)
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
    // Most frames are agent and chat traffic; test those first. The handlers read the frame's
    // clock in the same pass over the payload as the rest.
    qint64 eventTs = 0;
    if (name == QLatin1String("agent")) {
        eventTs = onAgent(payload, out);
    } else if (name == QLatin1String("chat")) {
        eventTs = onChat(payload, out);
    } else if (name == QLatin1String("sessions.changed")) {
        eventTs = onSessionsChanged(payload, out);
    } else if (name == QLatin1String("session.message")) {
        eventTs = onSessionMessage(payload, out);
    } else if (name == QLatin1String("session.tool")) {
        onToolEvent(payload, out);
        eventTs = eventTime(payload);
    } else if (name == QLatin1String("task")) {
        // The clock of a task event is in its task object.
        const JsonRef task = payload.value(QLatin1String("task")).toObject();
        onTask(task, false, out);
        eventTs = eventTime(task);
    } else if (name == QLatin1String("exec.approval.requested")) {
        onApprovalRequested(payload, QStringLiteral("exec"), out);
    } else if (name == QLatin1String("plugin.approval.requested")) {
        onApprovalRequested(payload, QStringLiteral("plugin"), out);
    } else if (name == QLatin1String("exec.approval.resolved") ||
               name == QLatin1String("plugin.approval.resolved")) {
        onApprovalResolved(payload, out);
        eventTime(payload);
    } else {
        // Everything else (tick, health, presence, heartbeat, chat.metadata.changed, …) carries
        // nothing for the core beyond the clock.
        eventTs = eventTime(payload);
    }
    const qint64 seenBeforeThisFrame = m_lastEventTs;
    if (eventTs > m_lastEventTs)
        m_lastEventTs = eventTs;

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
            m_callsSearched.clear();
            m_listPagesAsked.clear();
            out.calls.append(resyncCalls());
        }
        m_lastSeq = frame.seq;
    }
}

qint64 GatewayAdapter::eventTime(const JsonRef &ts, const JsonRef &updatedAt)
{
    const qint64 at = msValue(ts);
    return at != 0 ? at : msValue(updatedAt);
}

qint64 GatewayAdapter::eventTime(const JsonRef &payload)
{
    const auto [ts, updatedAt] = payload.values({QLatin1String("ts"), QLatin1String("updatedAt")});
    return eventTime(ts, updatedAt);
}

void GatewayAdapter::noteParent(const QString &sessionKey, const JsonRef &spawnedBy,
                                const JsonRef &parentSessionKey)
{
    if (!isSubagentKey(sessionKey))
        return;
    QString parent = asString(spawnedBy);
    if (parent.isEmpty())
        parent = asString(parentSessionKey);
    if (!parent.isEmpty())
        m_graph.noteParent(sessionKey, parent);
}

void GatewayAdapter::noteParentFrom(const QString &sessionKey, const JsonRef &payloadOrRow)
{
    if (!isSubagentKey(sessionKey))
        return;
    const auto [spawnedBy, parentSessionKey] =
        payloadOrRow.values({QLatin1String("spawnedBy"), QLatin1String("parentSessionKey")});
    noteParent(sessionKey, spawnedBy, parentSessionKey);
}

qint64 GatewayAdapter::onAgent(const JsonRef &payload, AdapterOutput &out)
{
    // What a lifecycle frame needs comes in the same pass as the stream.
    const auto [stream, sessionKeyValue, runIdValue, dataValue, spawnedBy, parentSessionKey, ts,
                updatedAt] =
        payload.values({QLatin1String("stream"), QLatin1String("sessionKey"),
                        QLatin1String("runId"), QLatin1String("data"), QLatin1String("spawnedBy"),
                        QLatin1String("parentSessionKey"), QLatin1String("ts"),
                        QLatin1String("updatedAt")});
    const qint64 at = eventTime(ts, updatedAt);
    if (stream.equals(QLatin1String("tool"))) {
        onToolEvent(payload, out);
        return at;
    }
    // Only the lifecycle says anything about runs; assistant/item/usage/run_status frames (most
    // of the traffic) are skipped without copying anything out. A run_status "retrying" is
    // deliberately nothing: the gateway is still retrying the provider.
    if (!stream.equals(QLatin1String("lifecycle")))
        return at;
    const QString sessionKey = sessionKeyValue.toString();
    if (!m_policyAborts.isEmpty() && adaptersignals::lifecycleOutcome(dataValue.toObject()))
        notePolicyRunEnded(sessionKey, runIdValue.toString(), out);
    if (!isSubagentKey(sessionKey))
        return at; // only subagent sessions have endings the core tracks
    ChildState *child = trackedChild(sessionKey);
    if (!child) {
        noteParent(sessionKey, spawnedBy, parentSessionKey);
        return at;
    }
    const QString runId = runIdValue.toString();
    const JsonRef data = dataValue.toObject();
    const std::optional<core::WorkerOutcome> outcome = adaptersignals::lifecycleOutcome(data);
    if (!outcome) {
        noteRun(*child, runId);
        return at;
    }
    endRun(*child, runId, *outcome, stringField(data, QLatin1String("error")), out);
    return at;
}

qint64 GatewayAdapter::onChat(const JsonRef &payload, AdapterOutput &out)
{
    const auto [state, errorKind, sessionKeyValue, runId, errorMessage, message, spawnedBy,
                parentSessionKey, ts, updatedAt] =
        payload.values({QLatin1String("state"), QLatin1String("errorKind"),
                        QLatin1String("sessionKey"), QLatin1String("runId"),
                        QLatin1String("errorMessage"), QLatin1String("message"),
                        QLatin1String("spawnedBy"), QLatin1String("parentSessionKey"),
                        QLatin1String("ts"), QLatin1String("updatedAt")});
    const qint64 at = eventTime(ts, updatedAt);
    // Deltas and status frames carry nothing the core needs; the run they belong to was
    // announced by its lifecycle start.
    const std::optional<core::WorkerOutcome> outcome =
        adaptersignals::chatOutcome(state, errorKind);
    if (!outcome)
        return at;
    const QString sessionKey = sessionKeyValue.toString();
    if (!m_policyAborts.isEmpty())
        notePolicyRunEnded(sessionKey, runId.toString(), out);
    if (!isSubagentKey(sessionKey))
        return at;
    ChildState *child = trackedChild(sessionKey);
    if (!child) {
        noteParent(sessionKey, spawnedBy, parentSessionKey);
        return at;
    }
    endRun(*child, runId.toString(), *outcome, asString(errorMessage), out);
    if (outcome == core::WorkerOutcome::Ok) {
        // The worker's own final reply: where its receipt is. The whole reply, as the gateway
        // assembled it for the chat, not just the last message.
        const QString text = messageText(message.toObject().value(QLatin1String("content")));
        if (!text.isEmpty())
            emitSessionText(sessionKey, text, sessionKey, out);
    }
    return at;
}

qint64 GatewayAdapter::onSessionMessage(const JsonRef &payload, AdapterOutput &out)
{
    const auto [sessionKeyValue, messageValue, ts, updatedAt] =
        payload.values({QLatin1String("sessionKey"), QLatin1String("message"), QLatin1String("ts"),
                        QLatin1String("updatedAt")});
    const qint64 at = eventTime(ts, updatedAt);
    const QString sessionKey = sessionKeyValue.toString();
    if (sessionKey.isEmpty())
        return at;
    const auto [role, content] =
        messageValue.toObject().values({QLatin1String("role"), QLatin1String("content")});
    if (role.equals(QLatin1String("assistant"))) {
        // Heartbeat and wake runs show their spawns only here: the toolCall block, with the full
        // arguments. Recorded now, turned into events when the child appears.
        for (const JsonRef value : content) {
            const auto [type, name, id, arguments] =
                value.toObject().values({QLatin1String("type"), QLatin1String("name"),
                                         QLatin1String("id"), QLatin1String("arguments")});
            if (!type.equals(QLatin1String("toolCall")) ||
                !name.equals(QLatin1String("sessions_spawn")))
                continue;
            recordTranscriptCall(sessionKey, asString(id), arguments.toQJsonObject(), false);
        }
    } else if (role.equals(QLatin1String("user"))) {
        const QString text = messageText(content);
        if (!text.isEmpty())
            scanCompletionTurn(sessionKey, text, out);
    }
    return at;
}

qint64 GatewayAdapter::onSessionsChanged(const JsonRef &payload, AdapterOutput &out)
{
    // One pass over the row (30-50 members) for everything below.
    const auto [sessionKeyValue, reason, sessionId, spawnedBy, parentSessionKey, label, ts,
                updatedAt, activeRunIds, status, hasActiveRun, runId, lastRunId, lastRunError] =
        payload.values(
            {QLatin1String("sessionKey"), QLatin1String("reason"), QLatin1String("sessionId"),
             QLatin1String("spawnedBy"), QLatin1String("parentSessionKey"), QLatin1String("label"),
             QLatin1String("ts"), QLatin1String("updatedAt"), QLatin1String("activeRunIds"),
             QLatin1String("status"), QLatin1String("hasActiveRun"), QLatin1String("runId"),
             QLatin1String("lastRunId"), QLatin1String("lastRunError")});
    const qint64 at = eventTime(ts, updatedAt);
    const QString sessionKey = sessionKeyValue.toString();
    if (sessionKey.isEmpty())
        return at; // the keyless companion of a delete, or a bare invalidation
    if (reason.equals(QLatin1String("delete"))) {
        onDeleted(sessionKey, out);
        return at;
    }
    if (reason.equals(QLatin1String("reset")) || reason.equals(QLatin1String("new"))) {
        onReset(sessionKey, asString(sessionId), out);
        return at;
    }
    if (!isSubagentKey(sessionKey))
        return at;
    if (!trackedChild(sessionKey))
        noteParent(sessionKey, spawnedBy, parentSessionKey);
    if (reason.equals(QLatin1String("create"))) {
        QString parent = asString(parentSessionKey);
        if (parent.isEmpty())
            parent = asString(spawnedBy);
        const JsonRef active = activeRunIds.toArray();
        onChildAppeared(sessionKey, parent, asString(label),
                        active.isEmpty() ? QString() : active.first().toString(), QString(), true,
                        false, out);
    }
    applyRow(sessionKey,
             RowStatus{activeRunIds, status, hasActiveRun, runId, lastRunId, lastRunError}, out);
    return at;
}

void GatewayAdapter::deadlinePassed(const QString &key, AdapterOutput &out)
{
    if (!policyAbortDeadline(key, out))
        answerDeadline(key, out);
}

AdapterOutput GatewayAdapter::deadlinePassed(const QString &key)
{
    AdapterOutput out;
    deadlinePassed(key, out);
    return out;
}

QList<RpcCall> GatewayAdapter::onConnected(const GatewayOffer &offer)
{
    m_offer = offer;
    m_refused.clear();
    m_lastSeq = -1;
    // Frozen here: the events that arrive while the resync's reads are answered carry the
    // current time and would otherwise make everything created while we were away look old.
    m_resyncFrom = m_lastEventTs;
    m_resyncRunning = true;
    m_heldBackLists.clear();
    m_callsSearched.clear();
    m_listPagesAsked.clear();
    m_repliesToRead.removeIf([this](const QString &key) { return !trackedChild(key); });
    return resyncCalls();
}

void GatewayAdapter::noteRefused(const QString &method)
{
    if (!method.isEmpty() && !m_refused.contains(method)) {
        qCInfo(lcAdapter) << "gateway refused" << method << "; not calling it on this connection";
        m_refused.insert(method);
    }
}

bool GatewayAdapter::canCall(const QString &method) const
{
    return m_offer.offers(method) && !m_refused.contains(method);
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
        if (parent)
            SessionGraph::listChild(*parent, child, childSessionKey, parentSessionKey);
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
