// The ending side of the adapter: many frames say a child run is over (lifecycle end/error, chat
// final/error/aborted, task status, row status, delete/reset); the earliest one is reported, once
// per run.
#include "Adapter.h"
#include "AdapterJson.h"
#include "AdapterSignals.h"
#include "core/Logging.h"

#include <QJsonArray>

namespace clawops::gateway {

using namespace adapterjson;

namespace {

// A child rarely has more than a couple of runs (the spawn, an operator answer or two); these
// are only kept to recognise late frames of runs already reported.
constexpr qsizetype kEndedRunsKept = 8;

bool isDeliveryRun(const QString &runId)
{
    // The gateway's own turns that deliver a child's result into this session.
    return runId.startsWith(QLatin1String("announce:"));
}

} // namespace

ChildState *GatewayAdapter::trackedChild(const QString &key)
{
    ChildState *child = m_graph.child(key);
    return child && child->accepted && !child->deleted ? child : nullptr;
}

void GatewayAdapter::noteRun(ChildState &child, const QString &runId)
{
    if (runId.isEmpty() || runId == child.currentRun || child.endedRuns.contains(runId))
        return;
    // A run id not seen before on this session: a new run (sessions.send to a finished child,
    // the announce turn of an orchestrator). It can end again.
    child.currentRun = runId;
    child.runEnded = false;
}

void GatewayAdapter::endRun(ChildState &child, const QString &runId, core::WorkerOutcome outcome,
                            const QString &detail, AdapterOutput &out)
{
    if (child.deleted)
        return;
    if (!runId.isEmpty()) {
        noteRun(child, runId);
        if (runId != child.currentRun)
            return; // a late frame about a run already reported
    }
    if (child.runEnded)
        return;
    child.runEnded = true;
    child.lastOutcome = outcome;
    if (!child.currentRun.isEmpty()) {
        child.endedRuns.append(child.currentRun);
        if (child.endedRuns.size() > kEndedRunsKept)
            child.endedRuns.removeFirst();
    }
    if (outcome == core::WorkerOutcome::Killed && isDeliveryRun(child.currentRun)) {
        // The gateway aborts a delivery turn when it replaces it with a settle turn; the session
        // itself goes on.
        qCDebug(lcAdapter) << "delivery run aborted in" << child.key << child.currentRun;
        return;
    }
    if (outcome == core::WorkerOutcome::Killed && !m_answers.isEmpty() &&
        answerAbortedAtOnce(child, out))
        return;
    if (child.role == ChildRole::Orchestrator) {
        maybeEndOrchestrator(child, out);
        return;
    }
    qCDebug(lcAdapter) << "worker ended" << child.key << core::outcomeText(outcome)
                       << child.currentRun;
    out.events.append(core::WorkerEnded{core::SessionKey(child.key), outcome, detail});
}

// Asked at every end of an orchestrator's turn, so it must not cost the orchestrator's history.
// Newest first: the workers still running are among the latest spawned. Looked at without
// keeping them alive, so that the graph forgets ended workers as it should. Running workers are
// pinned in the graph, so a key it no longer holds, or a deleted worker, cannot be running under
// this orchestrator again: such keys are dropped whenever the list has doubled since the last
// time, which keeps it within the graph's bound at a constant cost per worker.
bool GatewayAdapter::hasActiveWorkers(ChildState &orchestrator)
{
    QStringList &keys = orchestrator.childKeys;
    if (keys.size() > 2 * orchestrator.childKeysAfterPrune + 64) {
        keys.removeIf([this](const QString &key) {
            const ChildState *worker = m_graph.peekChild(key);
            return !worker || worker->deleted;
        });
        orchestrator.childKeysAfterPrune = keys.size();
    }
    for (qsizetype i = keys.size() - 1; i >= 0; --i) {
        const ChildState *worker = m_graph.peekChild(keys.at(i));
        if (worker && worker->accepted && !worker->deleted && !worker->runEnded)
            return true;
    }
    return false;
}

void GatewayAdapter::maybeEndOrchestrator(ChildState &orchestrator, AdapterOutput &out, bool force)
{
    if (!orchestrator.orchestratorBound || orchestrator.orchestratorEnded)
        return;
    if (!force && !orchestrator.deleted && hasActiveWorkers(orchestrator)) {
        // Its turn ended while workers still run: their announces will wake it again, and the
        // end of that later turn is the orchestrator's end.
        qCDebug(lcAdapter) << "orchestrator" << orchestrator.key << "idle with workers running";
        return;
    }
    orchestrator.orchestratorEnded = true;
    out.events.append(core::OrchestratorEnded{core::SessionKey(orchestrator.key)});
}

GatewayAdapter::RowStatus GatewayAdapter::RowStatus::of(const JsonRef &row)
{
    const auto [activeRunIds, status, hasActiveRun, runId, lastRunId, lastRunError] = row.values(
        {QLatin1String("activeRunIds"), QLatin1String("status"), QLatin1String("hasActiveRun"),
         QLatin1String("runId"), QLatin1String("lastRunId"), QLatin1String("lastRunError")});
    return RowStatus{activeRunIds, status, hasActiveRun, runId, lastRunId, lastRunError};
}

void GatewayAdapter::applyRow(const QString &key, const JsonRef &row, AdapterOutput &out)
{
    if (trackedChild(key))
        applyRow(key, RowStatus::of(row), out);
}

void GatewayAdapter::applyRow(const QString &key, const RowStatus &row, AdapterOutput &out)
{
    ChildState *child = trackedChild(key);
    if (!child)
        return;
    // Runs the row says are active start here if no agent frame announced them yet.
    for (const JsonRef run : row.activeRunIds.toArray())
        noteRun(*child, run.toString());
    const std::optional<core::WorkerOutcome> outcome =
        adaptersignals::rowStatusOutcome(row.status.toString());
    if (!outcome || row.hasActiveRun.toBool(false))
        return;
    // Phase rows name their run; status rows name the last one. Either tells whether this is
    // news about the current run or a late echo of an earlier one.
    QString runId = asString(row.runId);
    if (runId.isEmpty())
        runId = asString(row.lastRunId);
    endRun(*child, runId, *outcome, asString(row.lastRunError), out);
}

void GatewayAdapter::onDeleted(const QString &key, AdapterOutput &out)
{
    if (!m_sessionEnds.insert(QStringLiteral("deleted|") + key))
        return;
    if (ChildState *child = trackedChild(key)) {
        if (child->role == ChildRole::Worker)
            endRun(*child, {}, core::WorkerOutcome::Deleted, {}, out);
        child->deleted = true;
        if (child->role == ChildRole::Orchestrator)
            maybeEndOrchestrator(*child, out);
    } else if (ChildState *known = m_graph.child(key)) {
        known->deleted = true;
    }
    out.events.append(
        core::SessionEnded{core::SessionKey(key), core::SessionEnded::Reason::Deleted});
}

void GatewayAdapter::onReset(const QString &key, const QString &sessionId, AdapterOutput &out)
{
    // The same reset is echoed by several frames; a reset is new when it names a transcript
    // generation (sessionId) not reported yet.
    if (!m_sessionEnds.insert(QStringLiteral("reset|") + key + QLatin1Char('|') + sessionId))
        return;
    if (ChildState *child = trackedChild(key)) {
        if (child->role == ChildRole::Worker)
            endRun(*child, {}, core::WorkerOutcome::Reset, {}, out);
        else
            maybeEndOrchestrator(*child, out, true);
    }
    out.events.append(core::SessionEnded{core::SessionKey(key), core::SessionEnded::Reason::Reset});
}

} // namespace clawops::gateway
