// Recovering after a (re)connect or a sequence gap: events are best-effort and never replayed, so
// the adapter reads the gateway's state and reports only what it had not reported yet.
#include "Adapter.h"
#include "AdapterJson.h"
#include "AdapterSignals.h"
#include "core/Logging.h"

#include <QJsonArray>

#include <algorithm>
#include <utility>

namespace clawops::gateway {

using namespace adapterjson;

namespace {

QStringList sorted(QSet<QString> keys)
{
    keys.remove(QString());
    QStringList list(keys.begin(), keys.end());
    std::sort(list.begin(), list.end());
    return list;
}

// The final reply of the newest run in a transcript: the assistant texts after the last user
// message, joined the way the chat final joins them.
QString lastRunReply(const QJsonArray &messages)
{
    QStringList parts;
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject message = messages.at(i).toObject();
        const QString role = message.value(QLatin1String("role")).toString();
        if (role == QLatin1String("user"))
            break;
        if (role != QLatin1String("assistant"))
            continue;
        const QString text = messageText(message.value(QLatin1String("content")));
        if (!text.isEmpty())
            parts.prepend(text);
    }
    return parts.join(QLatin1String("\n\n"));
}

} // namespace

RpcCall GatewayAdapter::resyncRead(const QString &method, const QJsonObject &params)
{
    RpcCall call;
    call.method = method;
    call.params = params;
    call.role = CallRole::Resync;
    return call;
}

RpcCall GatewayAdapter::historyRead(const QString &sessionKey) const
{
    return resyncRead(QStringLiteral("chat.history"),
                      {{QStringLiteral("sessionKey"), sessionKey},
                       {QStringLiteral("limit"), m_config.historyLimit}});
}

RpcCall GatewayAdapter::callSearchRead(const QString &sessionKey) const
{
    // chat.history allows up to 1000; a busy parent makes a few messages per spawn.
    constexpr int kCallSearchLimit = 200;
    return resyncRead(
        QStringLiteral("chat.history"),
        {{QStringLiteral("sessionKey"), sessionKey},
         {QStringLiteral("limit"), std::max(m_config.historyLimit, kCallSearchLimit)}});
}

bool GatewayAdapter::isCallSearch(const RpcCall &call) const
{
    return call.method == QLatin1String("chat.history") &&
           call.params.value(QLatin1String("limit")).toInt() >=
               callSearchRead(QString()).params.value(QLatin1String("limit")).toInt();
}

QList<RpcCall> GatewayAdapter::resyncCalls() const
{
    QSet<QString> parents = m_watched;
    // Parents searched for the calls of children announced without one: the answer may have
    // been lost with the connection, so they are searched again (below).
    for (auto it = m_childrenAwaitingHistory.constBegin();
         it != m_childrenAwaitingHistory.constEnd(); ++it)
        parents.insert(it.key());
    QSet<QString> activeChildren;
    QStringList unreadReplies; // of children no longer active (their run ended meanwhile)
    m_graph.forEachChild([&](const QString &key, const ChildState &child) {
        if (!child.isActive()) {
            if (child.accepted && !child.deleted && m_repliesToRead.contains(key))
                unreadReplies.append(key);
            return;
        }
        activeChildren.insert(key);
        parents.insert(child.parentKey);
        if (child.role == ChildRole::Orchestrator)
            parents.insert(child.boundRequester);
    });
    const QStringList parentList = sorted(parents);
    const QStringList childList = sorted(activeChildren);
    QSet<QString> subscribed = parents;
    subscribed.unite(activeChildren);

    QList<RpcCall> calls;
    calls.append(resyncRead(QStringLiteral("sessions.subscribe"), {}));
    for (const QString &key : sorted(subscribed))
        calls.append(resyncRead(QStringLiteral("sessions.messages.subscribe"),
                                {{QStringLiteral("key"), key}}));
    const int limit = m_config.historyLimit;
    for (const QString &parent : parentList)
        calls.append(
            resyncRead(QStringLiteral("chat.history"),
                       {{QStringLiteral("sessionKey"), parent}, {QStringLiteral("limit"), limit}}));
    for (auto it = m_childrenAwaitingHistory.constBegin();
         it != m_childrenAwaitingHistory.constEnd(); ++it)
        calls.append(callSearchRead(it.key()));
    // Lists are read in pages (askForNextPage): a busy parent's children, or a busy gateway's
    // task ledger, in one answer can pass the frame size limit, and an answer dropped for that
    // holds the resync up until its read times out.
    for (const QString &parent : parentList)
        calls.append(resyncRead(
            QStringLiteral("sessions.list"),
            {{QStringLiteral("spawnedBy"), parent}, {QStringLiteral("limit"), kListPageRows}}));
    // The task ledger only adds gateway task ids; sessions.list and chat.history carry the
    // endings, so a gateway without it (2026.9.7) loses nothing here.
    if (!parentList.isEmpty() && canCall(QStringLiteral("tasks.list")))
        calls.append(
            resyncRead(QStringLiteral("tasks.list"), {{QStringLiteral("limit"), kListPageRows}}));
    for (const QString &child : childList)
        calls.append(
            resyncRead(QStringLiteral("chat.history"),
                       {{QStringLiteral("sessionKey"), child}, {QStringLiteral("limit"), limit}}));
    unreadReplies.sort();
    for (const QString &child : std::as_const(unreadReplies))
        calls.append(historyRead(child));
    calls.append(approvalReads());
    return calls;
}

bool GatewayAdapter::isNewSinceWatermark(qint64 createdAtMs) const
{
    // Nothing seen yet means everything listed is history (the core rehydrates its own).
    return m_resyncFrom > 0 && createdAtMs > 0 &&
           createdAtMs >= m_resyncFrom - m_config.resyncSlackMs;
}

void GatewayAdapter::requestChildReads(const QString &childKey, AdapterOutput &out)
{
    out.calls.append(resyncRead(QStringLiteral("sessions.messages.subscribe"),
                                {{QStringLiteral("key"), childKey}}));
    out.calls.append(historyRead(childKey));
}

void GatewayAdapter::applyResyncResult(const RpcCall &call, const QJsonObject &payload,
                                       AdapterOutput &out)
{
    const QString &method = call.method;
    const bool isList =
        method == QLatin1String("sessions.list") || method == QLatin1String("sessions.subscribe") ||
        method == QLatin1String("tasks.list") || method == QLatin1String("tasks.get");
    if (isList && m_resyncRunning) {
        m_heldBackLists.append({call, payload});
        return;
    }
    if (method == QLatin1String("sessions.list")) {
        applyRows(payload.value(QLatin1String("sessions")).toArray(), out);
    } else if (method == QLatin1String("sessions.subscribe")) {
        applyRows(payload.value(QLatin1String("list"))
                      .toObject()
                      .value(QLatin1String("sessions"))
                      .toArray(),
                  out);
    } else if (method == QLatin1String("tasks.list")) {
        const QJsonArray tasks = payload.value(QLatin1String("tasks")).toArray();
        for (const QJsonValue task : tasks)
            onTask(task.toObject(), true, out);
    } else if (method == QLatin1String("tasks.get")) {
        onTask(payload.value(QLatin1String("task")).toObject(), true, out);
    } else if (method == QLatin1String("chat.history")) {
        applyHistory(payload, isCallSearch(call), out);
    } else if (method == QLatin1String("exec.approval.list") ||
               method == QLatin1String("plugin.approval.list")) {
        applyApprovalList(call, payload, out);
    }
}

// sessions.list says `hasMore` and `nextOffset`; tasks.list gives a `nextCursor` (and an error
// for a cursor gone stale, which ends the paging like any failed read). The next page is asked
// for as soon as an answer arrives, even one held back until the resync's other reads are in.
void GatewayAdapter::askForNextPage(const RpcCall &call, const QJsonObject &payload,
                                    AdapterOutput &out)
{
    QJsonObject next = call.params;
    if (call.method == QLatin1String("sessions.list")) {
        const QJsonValue offset = payload.value(QLatin1String("nextOffset"));
        if (!payload.value(QLatin1String("hasMore")).toBool() || !offset.isDouble() ||
            offset.toDouble() <= call.params.value(QLatin1String("offset")).toDouble())
            return;
        next.insert(QStringLiteral("offset"), offset);
    } else if (call.method == QLatin1String("tasks.list")) {
        const QString cursor = payload.value(QLatin1String("nextCursor")).toString();
        if (cursor.isEmpty())
            return;
        next.insert(QStringLiteral("cursor"), cursor);
    } else {
        return;
    }
    const QString list =
        call.method + QLatin1Char(' ') + call.params.value(QLatin1String("spawnedBy")).toString();
    int &asked = m_listPagesAsked[list];
    if (asked + 1 >= kMaxListPages) {
        qCInfo(lcAdapter).noquote()
            << "resync: stopped reading" << list << "after" << asked + 1 << "pages";
        return;
    }
    ++asked;
    out.calls.append(resyncRead(call.method, next));
}

void GatewayAdapter::finishResync(AdapterOutput &out)
{
    m_resyncRunning = false;
    const QList<QPair<RpcCall, QJsonObject>> lists = std::exchange(m_heldBackLists, {});
    for (const QPair<RpcCall, QJsonObject> &list : lists)
        applyResyncResult(list.first, list.second, out);
}

AdapterOutput GatewayAdapter::finishResync()
{
    AdapterOutput out;
    finishResync(out);
    return out;
}

void GatewayAdapter::applyRows(const QJsonArray &rows, AdapterOutput &out)
{
    for (const QJsonValue value : rows) {
        const QJsonObject row = value.toObject();
        const QString key = stringField(row, QLatin1String("key"));
        if (!isSubagentKey(key))
            continue;
        noteParentFrom(key, row);
        // Tracked before this row (a child found here reads its history anyway).
        const ChildState *known = trackedChild(key);
        const bool endedBefore = known && known->runEnded;
        bool readsRequested = false; // for a child first seen here, read after this row
        if (!known && isNewSinceWatermark(msField(row, QLatin1String("createdAt")))) {
            QString parent = stringField(row, QLatin1String("spawnedBy"));
            if (parent.isEmpty())
                parent = stringField(row, QLatin1String("parentSessionKey"));
            QString runId = stringField(row, QLatin1String("lastRunId"));
            if (runId.isEmpty()) {
                const QJsonArray active = row.value(QLatin1String("activeRunIds")).toArray();
                runId = active.isEmpty() ? QString() : active.first().toString();
            }
            onChildAppeared(key, parent, stringField(row, QLatin1String("label")), runId, {}, true,
                            true, out);
            if (trackedChild(key)) {
                requestChildReads(key, out);
                readsRequested = true;
            }
        }
        applyRow(key, row, out);
        // A worker that finished well while we were away: its reply went with the lost frames,
        // and its history, if read at all in this resync (it may have been found only now, its
        // call in the parent's transcript), was read before this row ended the run. Read it again.
        if (const ChildState *child = trackedChild(key);
            !endedBefore && !readsRequested && child && child->runEnded &&
            child->role == ChildRole::Worker && child->lastOutcome == core::WorkerOutcome::Ok) {
            qCDebug(lcAdapter) << "worker" << key << "finished while away; reading its reply";
            out.calls.append(historyRead(key));
        }
    }
}

void GatewayAdapter::noteReplyUnread(const QString &sessionKey)
{
    const ChildState *child = trackedChild(sessionKey);
    if (child && child->role == ChildRole::Worker &&
        (!child->runEnded || child->lastOutcome == core::WorkerOutcome::Ok))
        m_repliesToRead.insert(sessionKey);
}

void GatewayAdapter::applyHistory(const QJsonObject &history, bool searchedDeep, AdapterOutput &out)
{
    QString sessionKey = stringField(history, QLatin1String("sessionKey"));
    const QJsonObject info = history.value(QLatin1String("sessionInfo")).toObject();
    if (sessionKey.isEmpty())
        sessionKey = stringField(info, QLatin1String("key"));
    if (sessionKey.isEmpty())
        return;
    const QJsonArray messages = history.value(QLatin1String("messages")).toArray();
    if (searchedDeep)
        m_callsSearched.insert(sessionKey);
    m_repliesToRead.remove(sessionKey);

    if (!info.isEmpty() && isSubagentKey(sessionKey)) {
        noteParentFrom(sessionKey, info);
        applyRow(sessionKey, info, out);
    }
    // A worker that finished well while we were away: its reply, as chat final would have
    // carried it. Failed runs have no final reply (the gateway writes its error text instead).
    if (ChildState *child = trackedChild(sessionKey);
        child && child->runEnded && child->lastOutcome == core::WorkerOutcome::Ok) {
        const QString reply = lastRunReply(messages);
        if (!reply.isEmpty())
            emitSessionText(sessionKey, reply, sessionKey, out);
    }
    // As a parent: announce/settle turns, and the spawn calls with their results.
    for (const QJsonValue value : messages) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(QLatin1String("role")).toString();
        if (role == QLatin1String("user")) {
            const QString text = messageText(message.value(QLatin1String("content")));
            if (!text.isEmpty())
                scanCompletionTurn(sessionKey, text, out);
        } else if (role == QLatin1String("assistant")) {
            const QJsonArray blocks = message.value(QLatin1String("content")).toArray();
            for (const QJsonValue blockValue : blocks) {
                const QJsonObject block = blockValue.toObject();
                if (block.value(QLatin1String("type")).toString() == QLatin1String("toolCall") &&
                    block.value(QLatin1String("name")).toString() ==
                        QLatin1String("sessions_spawn"))
                    recordTranscriptCall(sessionKey, stringField(block, QLatin1String("id")),
                                         block.value(QLatin1String("arguments")).toObject(), true);
            }
        } else if (role == QLatin1String("toolResult") &&
                   message.value(QLatin1String("toolName")).toString() ==
                       QLatin1String("sessions_spawn")) {
            SpawnCall *call = m_graph.call(stringField(message, QLatin1String("toolCallId")));
            if (!call || call->resolved)
                continue;
            const JsonRef result = normalizedSpawnResult(
                QJsonObject{{QStringLiteral("content"), message.value(QLatin1String("content"))}});
            if (call->requested || call->startSeen) {
                // We saw the call start but lost its result with the connection.
                applySpawnResult(*call, result, message.value(QLatin1String("isError")).toBool(),
                                 out);
            } else {
                // Only the transcript knows this call: remember which child it made, so that the
                // session and task lists can tell whether it is new.
                call->childKey = extractChildSessionKey(result);
            }
        }
    }
    settleChildrenAwaiting(sessionKey, searchedDeep, out);
}

} // namespace clawops::gateway
