// The spawn side of the adapter: sessions_spawn calls seen as tool events, transcript toolCall
// blocks, task events and create rows, merged into one SpawnRequested/Accepted/Rejected (or
// OrchestratorBound) per call.
#include "Adapter.h"
#include "AdapterJson.h"
#include "AdapterSignals.h"
#include "core/Logging.h"
#include "core/SpawnSpec.h"

namespace clawops::gateway {

using namespace adapterjson;

namespace {

const QLatin1String kHiddenOrchestratorTask("[Hidden Thread Orchestrator]");

} // namespace

void GatewayAdapter::onToolEvent(const JsonRef &payload, AdapterOutput &out)
{
    const auto [dataValue, callerValue] =
        payload.values({QLatin1String("data"), QLatin1String("sessionKey")});
    const JsonRef data = dataValue.toObject();
    const auto [name, toolCallIdValue, phase, args] =
        data.values({QLatin1String("name"), QLatin1String("toolCallId"), QLatin1String("phase"),
                     QLatin1String("args")});
    if (phase.equals(QLatin1String("start")))
        noteToolStart(callerValue.toString(), payload, name, toolCallIdValue, args, out);
    if (!name.equals(QLatin1String("sessions_spawn")))
        return;
    const QString caller = callerValue.toString();
    const QString toolCallId = asString(toolCallIdValue);
    if (caller.isEmpty() || toolCallId.isEmpty())
        return;
    // The tool events carry the caller's session row: its own parent, if it is a subagent.
    noteParentFrom(caller, payload);
    const bool start = phase.equals(QLatin1String("start"));
    if (!start && !phase.equals(QLatin1String("result")))
        return;
    // The caller's run scopes a planner spawn, as the plugin's event.runId.
    if (SpawnCall &call = m_graph.ensureCall(toolCallId, caller); call.runId.isEmpty())
        call.runId = stringField(payload, QLatin1String("runId"));
    if (start)
        onToolStart(caller, toolCallId, args, out);
    else
        onToolResult(caller, toolCallId, data, out);
}

void GatewayAdapter::onToolStart(const QString &caller, const QString &toolCallId,
                                 const JsonRef &args, AdapterOutput &out)
{
    SpawnCall &call = m_graph.ensureCall(toolCallId, caller);
    // The start's arguments are what the tool really got. Both streams carry the same start:
    // the second one need not copy them again.
    const bool haveStartArgs = call.startSeen && !call.args.isEmpty();
    call.startSeen = true;
    call.fromHistory = false;
    if (!haveStartArgs && args.isObject() && !args.isEmpty())
        call.args = args.toQJsonObject();
    if (call.awaitingHistory && !call.resolved && !call.args.isEmpty()) {
        // Its result came first (reordered frames): the arguments were all it waited for.
        call.awaitingHistory = false;
        ensureRequested(call, out);
        if (const ChildState *child = m_graph.child(call.childKey))
            acceptChild(call, call.childKey, child->spawnRunId, out);
        return;
    }
    if (call.resolved || call.requested || linkOrphan(call))
        return;
    ensureRequested(call, out);
}

void GatewayAdapter::onToolResult(const QString &caller, const QString &toolCallId,
                                  const JsonRef &data, AdapterOutput &out)
{
    SpawnCall &call = m_graph.ensureCall(toolCallId, caller);
    call.fromHistory = false;
    if (call.resolved)
        return;
    const auto [result, isError] = data.values({QLatin1String("result"), QLatin1String("isError")});
    if (!result.isObject() || result.isEmpty()) {
        // Older gateways strip the result for observers. The call is still on record; the child
        // it made is taken from its task event or create row.
        ensureRequested(call, out);
        call.awaitingChild = true;
        qCDebug(lcAdapter) << "sessions_spawn result without a body" << toolCallId;
        return;
    }
    // Read in place: nothing of the result outlives this frame but the child's key and run.
    applySpawnResult(call, result, isError.toBool(false), out);
}

void GatewayAdapter::applySpawnResult(SpawnCall &call, const JsonRef &rawResult, bool isError,
                                      AdapterOutput &out)
{
    const JsonRef result = normalizedSpawnResult(rawResult);
    if (!call.requested && call.args.isEmpty() && isSpawnAccepted(result, isError)) {
        const JsonRef details = result.value(QLatin1String("details")).toObject();
        QString runId = stringField(details, QLatin1String("runId"));
        if (runId.isEmpty())
            runId = stringField(result, QLatin1String("runId"));
        if (holdForArguments(call, extractChildSessionKey(result), runId, out))
            return;
    }
    ensureRequested(call, out);
    const bool announce = !call.orchestratorSpawn;
    if (!isSpawnAccepted(result, isError)) {
        m_graph.resolveCall(call, {});
        qCInfo(lcAdapter) << "sessions_spawn not accepted" << call.toolCallId << call.callerKey;
        if (announce)
            out.events.append(
                core::SpawnRejected{call.toolCallId, core::SpawnRejected::Reason::NotAccepted});
        return;
    }
    const QString childKey = extractChildSessionKey(result);
    if (childKey.isEmpty()) {
        m_graph.resolveCall(call, {});
        qCWarning(lcAdapter) << "sessions_spawn accepted without childSessionKey"
                             << call.toolCallId;
        if (announce)
            out.events.append(core::SpawnRejected{
                call.toolCallId, core::SpawnRejected::Reason::MissingChildSessionKey});
        return;
    }
    const JsonRef details = result.value(QLatin1String("details")).toObject();
    QString runId = stringField(details, QLatin1String("runId"));
    if (runId.isEmpty())
        runId = stringField(result, QLatin1String("runId"));
    acceptChild(call, childKey, runId, out);
}

// An accepted result without the call's arguments (the start frame lost or still to come):
// requested now, the spawn would get the fallback task text and so another task key. The
// arguments are in the parent's transcript, or in the start frame if it is only late.
bool GatewayAdapter::holdForArguments(SpawnCall &call, const QString &childKey,
                                      const QString &runId, AdapterOutput &out)
{
    if (childKey.isEmpty())
        return false;
    ChildState &child = m_graph.ensureChild(childKey);
    if (child.accepted || child.deleted)
        return false;
    call.childKey = childKey;
    call.awaitingHistory = true;
    if (child.parentKey.isEmpty())
        child.parentKey = call.callerKey;
    if (child.spawnRunId.isEmpty())
        child.spawnRunId = runId;
    m_graph.noteParent(childKey, call.callerKey);
    awaitParentHistory(childKey, call.callerKey, out);
    return true;
}

void GatewayAdapter::recordTranscriptCall(const QString &caller, const QString &toolCallId,
                                          const QJsonObject &args, bool fromHistory)
{
    if (caller.isEmpty() || toolCallId.isEmpty())
        return;
    const bool known = m_graph.call(toolCallId) != nullptr;
    SpawnCall &call = m_graph.ensureCall(toolCallId, caller);
    if (!known || !fromHistory)
        call.fromHistory = fromHistory; // seen live at least once: a current call
    if (call.args.isEmpty())
        call.args = args;
    if (!call.resolved && !call.requested)
        linkOrphan(call);
}

bool GatewayAdapter::isOrchestratorSpawn(const QString &label, const QString &task,
                                         const QString &kind) const
{
    if (!m_config.orchestratorLabelPrefix.isEmpty() &&
        label.startsWith(m_config.orchestratorLabelPrefix, Qt::CaseInsensitive))
        return true;
    if (task.startsWith(kHiddenOrchestratorTask))
        return true;
    return kind.compare(QLatin1String("orchestrator"), Qt::CaseInsensitive) == 0;
}

QString GatewayAdapter::requesterFor(const QString &caller)
{
    if (ChildState *state = m_graph.child(caller);
        state && state->orchestratorBound && !state->boundRequester.isEmpty())
        return state->boundRequester;
    if (isSubagentKey(caller)) {
        QString parent = m_graph.parentOf(caller);
        if (!parent.isEmpty())
            return parent;
    }
    return caller;
}

void GatewayAdapter::ensureRequested(SpawnCall &call, AdapterOutput &out)
{
    if (call.requested)
        return;
    call.requested = true;
    core::SpawnSpec spec = core::specFromJsonObject(call.args);
    call.orchestratorSpawn = isOrchestratorSpawn(spec.label, spec.task, spec.kind);
    if (call.orchestratorSpawn) {
        // The core hears of a hidden orchestrator only once it exists (OrchestratorBound).
        qCDebug(lcAdapter) << "orchestrator spawn" << call.toolCallId << "by" << call.callerKey;
        return;
    }
    bindSubagentCaller(call.callerKey, out);
    out.events.append(core::SpawnRequested{call.toolCallId,
                                           core::SessionKey(requesterFor(call.callerKey)),
                                           core::SessionKey(call.callerKey),
                                           std::move(spec),
                                           call.runId,
                                           {}});
}

void GatewayAdapter::bindSubagentCaller(const QString &caller, AdapterOutput &out)
{
    if (!isSubagentKey(caller))
        return;
    if (const ChildState *known = m_graph.child(caller); known && known->orchestratorBound)
        return;
    const QString parent = m_graph.parentOf(caller);
    if (parent.isEmpty()) {
        qCDebug(lcAdapter) << "subagent" << caller << "spawns but its parent is unknown; not bound";
        return;
    }
    // A subagent that delegates is an orchestrator: the plugin bound it when it spawned it as
    // one; from outside we learn it here, at its first spawn.
    ChildState &state = m_graph.ensureChild(caller);
    state.role = ChildRole::Orchestrator;
    state.accepted = true;
    state.orchestratorBound = true;
    state.boundRequester = parent;
    if (state.parentKey.isEmpty())
        state.parentKey = parent;
    out.events.append(core::OrchestratorBound{core::SessionKey(parent), core::SessionKey(caller)});
}

bool GatewayAdapter::linkOrphan(SpawnCall &call)
{
    const QString label = stringField(call.args, QLatin1String("label"));
    const QString orphan = m_graph.takeOrphan(call.callerKey, label);
    if (orphan.isEmpty())
        return false;
    // Its child was already announced from the task event or create row; this call is that
    // spawn arriving late, not a new one.
    call.requested = true;
    m_graph.resolveCall(call, orphan);
    qCDebug(lcAdapter) << "late spawn call" << call.toolCallId << "linked to" << orphan;
    return true;
}

void GatewayAdapter::acceptChild(SpawnCall &call, const QString &childKey, const QString &runId,
                                 AdapterOutput &out)
{
    m_graph.resolveCall(call, childKey);
    ChildState &child = m_graph.ensureChild(childKey);
    if (child.accepted)
        return; // already announced from another source
    child.accepted = true;
    child.parentKey = call.callerKey;
    child.spawnRef = call.toolCallId;
    if (child.spawnRunId.isEmpty())
        child.spawnRunId = runId;
    if (child.currentRun.isEmpty())
        child.currentRun = child.spawnRunId;
    if (child.label.isEmpty())
        child.label = stringField(call.args, QLatin1String("label"));
    m_graph.noteParent(childKey, call.callerKey);
    if (ChildState *parent = m_graph.child(call.callerKey))
        SessionGraph::listChild(*parent, child, childKey, call.callerKey);

    if (call.orchestratorSpawn) {
        child.role = ChildRole::Orchestrator;
        child.orchestratorBound = true;
        child.boundRequester = call.callerKey;
        out.events.append(
            core::OrchestratorBound{core::SessionKey(call.callerKey), core::SessionKey(childKey)});
        return;
    }
    out.events.append(core::SpawnAccepted{call.toolCallId, core::SessionKey(childKey),
                                          runId.isEmpty() ? child.spawnRunId : runId,
                                          child.gatewayTaskId});
}

void GatewayAdapter::noteGatewayTask(ChildState &child, const QString &taskId, AdapterOutput &out)
{
    if (taskId.isEmpty() || child.gatewayTaskId == taskId)
        return;
    child.gatewayTaskId = taskId;
    // Before acceptance the id rides along in SpawnAccepted.
    if (child.accepted && child.role == ChildRole::Worker)
        out.events.append(core::GatewayTaskSeen{core::SessionKey(child.key), taskId});
}

void GatewayAdapter::onChildAppeared(const QString &childKey, const QString &parentKey,
                                     const QString &label, const QString &runId,
                                     const QString &taskId, bool allowSynthesis, bool resync,
                                     AdapterOutput &out)
{
    if (!isSubagentKey(childKey))
        return;
    if (!parentKey.isEmpty())
        m_graph.noteParent(childKey, parentKey);
    ChildState &child = m_graph.ensureChild(childKey);
    noteGatewayTask(child, taskId, out);
    if (child.label.isEmpty())
        child.label = label;
    if (child.spawnRunId.isEmpty())
        child.spawnRunId = runId;
    if (child.accepted || child.deleted)
        return;
    const QString caller = parentKey.isEmpty() ? m_graph.parentOf(childKey) : parentKey;
    if (caller.isEmpty())
        return;
    if (child.parentKey.isEmpty())
        child.parentKey = caller;
    if (SpawnCall *call = m_graph.matchPendingCall(caller, label, childKey)) {
        if (call->awaitingHistory)
            return; // announced once the parent's transcript gave the call's arguments
        // A started call's own result is on its way (the task event comes before it); only a
        // call seen in the transcript alone (heartbeat/wake runs), one whose result came
        // without a body, or a resync (the result was lost) is completed from here.
        if (call->startSeen && !call->awaitingChild && !resync)
            return;
        ensureRequested(*call, out);
        acceptChild(*call, childKey, runId, out);
        return;
    }
    if (!allowSynthesis)
        return;
    // Announced without its call, the child would get the fallback task text and so another
    // task key than its spawn's: a reordered or lost tool event, or a parent whose history this
    // resync did not read. Its parent's transcript has the call; read it first.
    if (resync && m_callsSearched.contains(caller))
        synthesizeOrphan(child, out);
    else
        awaitParentHistory(childKey, caller, out);
}

void GatewayAdapter::awaitParentHistory(const QString &childKey, const QString &parentKey,
                                        AdapterOutput &out)
{
    QStringList &waiting = m_childrenAwaitingHistory[parentKey];
    if (waiting.contains(childKey))
        return;
    const bool readRequested = !waiting.isEmpty();
    waiting.append(childKey);
    qCDebug(lcAdapter) << "spawn call of" << childKey << "not seen yet; reading" << parentKey;
    if (!readRequested)
        out.calls.append(callSearchRead(parentKey));
}

void GatewayAdapter::settleChildrenAwaiting(const QString &parentKey, bool searchedDeep,
                                            AdapterOutput &out)
{
    const auto found = m_childrenAwaitingHistory.find(parentKey);
    if (found == m_childrenAwaitingHistory.end())
        return;
    QStringList stillWaiting;
    QStringList announced;
    for (const QString &key : std::as_const(*found)) {
        ChildState *child = m_graph.child(key);
        if (!child || child->accepted || child->deleted)
            continue;
        SpawnCall *call = m_graph.matchPendingCall(parentKey, child->label, key);
        // A call known only from its result (no arguments yet) is complete after the search.
        if (call && (call->args.isEmpty() && !searchedDeep))
            call = nullptr;
        if (call) {
            call->awaitingHistory = false;
            ensureRequested(*call, out);
            acceptChild(*call, key, child->spawnRunId, out);
        } else if (searchedDeep) {
            synthesizeOrphan(*child, out);
        } else {
            stillWaiting.append(key); // the search asked for is still to come
            continue;
        }
        if (trackedChild(key))
            announced.append(key);
    }
    if (stillWaiting.isEmpty())
        m_childrenAwaitingHistory.erase(found);
    else
        *found = stillWaiting;
    if (announced.isEmpty())
        return;
    // What they did meanwhile went by while they were not tracked: their rows (endings) first,
    // then their transcripts (a finished worker's reply).
    out.calls.append(
        resyncRead(QStringLiteral("sessions.list"), {{QStringLiteral("spawnedBy"), parentKey}}));
    for (const QString &key : std::as_const(announced))
        requestChildReads(key, out);
}

void GatewayAdapter::synthesizeOrphan(ChildState &child, AdapterOutput &out)
{
    // Nothing of the call itself was seen: announce the spawn from the child's own record, with
    // a reference derived from the child so that it is stable across replays.
    core::SpawnSpec spec;
    spec.label = child.label;
    const QString ref = QStringLiteral("child:") + child.key;
    const QString caller = child.parentKey;
    qCDebug(lcAdapter) << "spawn call of" << child.key
                       << "not found; announced from its own record";
    child.synthesizedWithoutCall = true;
    m_graph.addOrphan(child.key);
    if (isOrchestratorSpawn(spec.label, spec.task, spec.kind)) {
        SpawnCall &call = m_graph.ensureCall(ref, caller);
        call.requested = true;
        call.orchestratorSpawn = true;
        acceptChild(call, child.key, child.spawnRunId, out);
        return;
    }
    bindSubagentCaller(caller, out);
    out.events.append(core::SpawnRequested{ref,
                                           core::SessionKey(requesterFor(caller)),
                                           core::SessionKey(caller),
                                           spec,
                                           {},
                                           core::SessionKey(child.key)});
    SpawnCall &call = m_graph.ensureCall(ref, caller);
    call.requested = true;
    acceptChild(call, child.key, child.spawnRunId, out);
}

void GatewayAdapter::onTask(const JsonRef &task, bool resync, AdapterOutput &out)
{
    const auto [childKeyValue, sessionKey, ownerKey, id, taskIdValue, runIdValue, titleValue,
                statusValue, createdAt, error] =
        task.values({QLatin1String("childSessionKey"), QLatin1String("sessionKey"),
                     QLatin1String("ownerKey"), QLatin1String("id"), QLatin1String("taskId"),
                     QLatin1String("runId"), QLatin1String("title"), QLatin1String("status"),
                     QLatin1String("createdAt"), QLatin1String("error")});
    const QString childKey = asString(childKeyValue);
    if (!isSubagentKey(childKey))
        return; // cron and other task kinds have no child session
    QString parent = asString(sessionKey);
    if (parent.isEmpty())
        parent = asString(ownerKey);
    QString taskId = asString(id);
    if (taskId.isEmpty())
        taskId = asString(taskIdValue);
    const QString runId = asString(runIdValue);
    const QString title = asString(titleValue);
    const QString status = statusValue.toString();
    const std::optional<core::WorkerOutcome> outcome = adaptersignals::taskStatusOutcome(status);
    const bool isNew = !resync || isNewSinceWatermark(msValue(createdAt));

    if (!outcome) {
        // Queued or running: the child exists. Live, that is news; in a resync list only when
        // it was created after what this adapter last saw.
        onChildAppeared(childKey, parent, title, runId, taskId, isNew, resync, out);
        return;
    }
    ChildState *child = trackedChild(childKey);
    if (!child) {
        // A terminal task for a child the core never heard of is history, unless a resync finds
        // it was spawned and finished while the connection was down.
        if (!resync || !isNew)
            return;
        onChildAppeared(childKey, parent, title, runId, taskId, true, true, out);
        child = trackedChild(childKey);
        if (!child)
            return;
        requestChildReads(childKey, out);
    } else {
        noteGatewayTask(*child, taskId, out);
    }
    QString detail = asString(error);
    if (detail.isEmpty() && status == QLatin1String("lost"))
        detail = QStringLiteral("lost");
    endRun(*child, runId, *outcome, detail, out);
}

} // namespace clawops::gateway
