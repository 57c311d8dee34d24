#pragma once

#include "AdapterSessionGraph.h"
#include "AdapterTypes.h"
#include "Frame.h"
#include "core/DomainActions.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

namespace clawops::gateway {

// Pure translation between gateway frames and the engine core's domain events and actions.
//
// Frames in (events, and the results of the RPCs the adapter asked for) become core::DomainEvent
// values, in order; core::DomainAction values become RpcCall values for the host to send. There
// is no socket, timer or clock in here: the same inputs always give the same outputs, which is
// what lets the recorded gateway traces drive it in tests. Everything the adapter remembers is
// bounded (see AdapterConfig::maxTrackedSessions).
//
// What it guarantees to the core:
// - A spawn becomes SpawnRequested then SpawnAccepted or SpawnRejected, keyed by the toolCallId,
//   once, whichever of agent/tool, session.tool, the transcript toolCall, the task event or the
//   create row told about it, in whatever order.
// - A hidden-orchestrator spawn becomes OrchestratorBound instead; a subagent that spawns for the
//   first time is bound to its parent (OrchestratorBound before its first SpawnRequested). From
//   then on its endings are OrchestratorEnded, once, when a run of it ends with none of its
//   workers still running.
// - Each run of a worker ends once (WorkerEnded), at the earliest terminal signal; a later run of
//   the same child (an operator answer) ends again. Provider retries are not endings.
// - SessionText only for the final replies of tracked children and for announce/settle turns,
//   each text once per session.
class GatewayAdapter
{
public:
    explicit GatewayAdapter(AdapterConfig config = {});

    GatewayAdapter(const GatewayAdapter &) = delete;
    GatewayAdapter &operator=(const GatewayAdapter &) = delete;

    const AdapterConfig &config() const { return m_config; }

    // An event frame from the gateway. Frames of other types are ignored.
    void handleEvent(const Frame &frame, AdapterOutput &out);
    AdapterOutput handleEvent(const Frame &frame);

    // The result of a call this adapter produced (resync read or action). `payload` is the res
    // payload when ok, `error` the gateway's (or the client's) message when not.
    void handleResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                      const QString &error, AdapterOutput &out);
    AdapterOutput handleResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                               const QString &error = {});

    // A domain action from the core: the RPCs to send (outcomes follow with their results).
    void handleAction(const core::DomainAction &action, AdapterOutput &out);
    AdapterOutput handleAction(const core::DomainAction &action);

    // A deadline this adapter asked for (AdapterOutput::deadlines) has passed.
    void deadlinePassed(const QString &key, AdapterOutput &out);
    AdapterOutput deadlinePassed(const QString &key);

    // After every (re)connect: forgets the old connection's sequence numbers and refusals, takes
    // what this connection offers (hello-ok.features), and returns the reads that recover what
    // was missed (the same as resyncCalls()).
    QList<RpcCall> onConnected(const GatewayOffer &offer = {});
    // The gateway refused a method on this connection (FORBIDDEN for a missing scope, or an
    // unknown method): it is not called again until the next connection.
    void noteRefused(const QString &method);
    // Offered by this connection and not refused on it.
    bool canCall(const QString &method) const;
    // The reads of a resync, in the order their results are best applied: subscriptions, parent
    // histories (announces, spawn calls), session and task lists, child histories. Any order is
    // safe; applying the same results twice yields nothing the second time.
    QList<RpcCall> resyncCalls() const;
    // A paged list's answer may name its next page: asked for in the same resync, up to a bound.
    static constexpr int kListPageRows = 500;
    static constexpr int kMaxListPages = 20;
    // Every read of the resync has been answered (or has failed). The session and task lists
    // are held back until then: results arrive in any order, and a child listed before the
    // parent history that holds its spawn call would otherwise be announced without its spec,
    // as a task of its own.
    void finishResync(AdapterOutput &out);
    AdapterOutput finishResync();

    // Start-up rehydration and subscriptions: a front session the operator watches, and the
    // workers and orchestrators the core already tracks from its store (in any order).
    void watchSession(const QString &sessionKey);
    void trackWorker(const QString &childSessionKey, const QString &parentSessionKey,
                     const QString &gatewayTaskId = {}, const QString &spawnRef = {});
    void trackOrchestrator(const QString &orchestratorSessionKey,
                           const QString &requesterSessionKey);
    // After a restart of ClawOps itself: the newest time the store recorded anything, and the
    // workers of tasks that finished around then. Children the gateway created after that
    // moment (a respawn while ClawOps was away) are then new to the resync, and the recent
    // finished ones are not mistaken for new.
    void resumeAfter(qint64 lastActivityMs, const QStringList &recentlyFinishedWorkers);

    qsizetype knownSessionCount() const { return m_graph.childCount(); }

private:
    // What applyRow() reads of a session row.
    struct RowStatus
    {
        JsonRef activeRunIds;
        JsonRef status;
        JsonRef hasActiveRun;
        JsonRef runId;
        JsonRef lastRunId;
        JsonRef lastRunError;

        static RowStatus of(const JsonRef &row);
    };

    // Events (Adapter.cpp). Each returns the frame's time (eventTime()), read in the same pass
    // over the payload as the rest: a pass over a 30-50 member payload costs about what the
    // parse of it did.
    qint64 onAgent(const JsonRef &payload, AdapterOutput &out);
    qint64 onChat(const JsonRef &payload, AdapterOutput &out);
    qint64 onSessionMessage(const JsonRef &payload, AdapterOutput &out);
    qint64 onSessionsChanged(const JsonRef &payload, AdapterOutput &out);
    // An event's time: its `ts`, else its `updatedAt` (ms; 0 when neither).
    static qint64 eventTime(const JsonRef &ts, const JsonRef &updatedAt);
    static qint64 eventTime(const JsonRef &payload);
    void noteParent(const QString &sessionKey, const JsonRef &spawnedBy,
                    const JsonRef &parentSessionKey);
    void noteParentFrom(const QString &sessionKey, const JsonRef &payloadOrRow);

    // Every tool start, once, for the policy watch (AdapterPolicy.cpp).
    void noteToolStart(const QString &caller, const JsonRef &payload, const JsonRef &name,
                       const JsonRef &toolCallId, const JsonRef &args, AdapterOutput &out);

    // Spawns (AdapterSpawns.cpp).
    void onToolEvent(const JsonRef &payload, AdapterOutput &out);
    void onToolStart(const QString &caller, const QString &toolCallId, const JsonRef &args,
                     AdapterOutput &out);
    void onToolResult(const QString &caller, const QString &toolCallId, const JsonRef &data,
                      AdapterOutput &out);
    void applySpawnResult(SpawnCall &call, const JsonRef &result, bool isError, AdapterOutput &out);
    void recordTranscriptCall(const QString &caller, const QString &toolCallId,
                              const QJsonObject &args, bool fromHistory);
    void ensureRequested(SpawnCall &call, AdapterOutput &out);
    bool linkOrphan(SpawnCall &call);
    void acceptChild(SpawnCall &call, const QString &childKey, const QString &runId,
                     AdapterOutput &out);
    void bindSubagentCaller(const QString &caller, AdapterOutput &out);
    void onChildAppeared(const QString &childKey, const QString &parentKey, const QString &label,
                         const QString &runId, const QString &taskId, bool allowSynthesis,
                         bool resync, AdapterOutput &out);
    void synthesizeOrphan(ChildState &child, AdapterOutput &out);
    bool holdForArguments(SpawnCall &call, const QString &childKey, const QString &runId,
                          AdapterOutput &out);
    void awaitParentHistory(const QString &childKey, const QString &parentKey, AdapterOutput &out);
    // A history of the parent was read: children whose call it holds are announced with it;
    // the others too, from their own record, when it was the deep read they waited for.
    void settleChildrenAwaiting(const QString &parentKey, bool searchedDeep, AdapterOutput &out);
    void noteGatewayTask(ChildState &child, const QString &taskId, AdapterOutput &out);
    bool isOrchestratorSpawn(const QString &label, const QString &task, const QString &kind) const;
    QString requesterFor(const QString &caller);
    void onTask(const JsonRef &task, bool resync, AdapterOutput &out);

    // Endings (AdapterEndings.cpp).
    ChildState *trackedChild(const QString &key);
    void noteRun(ChildState &child, const QString &runId);
    void endRun(ChildState &child, const QString &runId, core::WorkerOutcome outcome,
                const QString &detail, AdapterOutput &out);
    void maybeEndOrchestrator(ChildState &orchestrator, AdapterOutput &out, bool force = false);
    bool hasActiveWorkers(ChildState &orchestrator);
    void applyRow(const QString &key, const JsonRef &row, AdapterOutput &out);
    void applyRow(const QString &key, const RowStatus &row, AdapterOutput &out);
    void onDeleted(const QString &key, AdapterOutput &out);
    void onReset(const QString &key, const QString &sessionId, AdapterOutput &out);

    // Receipts (AdapterReceipts.cpp).
    void emitSessionText(const QString &sessionKey, const QString &text, const QString &about,
                         AdapterOutput &out);
    void scanCompletionTurn(const QString &sessionKey, const QString &text, AdapterOutput &out);

    // Resync (AdapterResync.cpp).
    static RpcCall resyncRead(const QString &method, const QJsonObject &params);
    RpcCall historyRead(const QString &sessionKey) const;
    // A parent's history read deep enough to find a spawn call made a while ago on a busy parent.
    RpcCall callSearchRead(const QString &sessionKey) const;
    bool isCallSearch(const RpcCall &call) const;
    void askForNextPage(const RpcCall &call, const QJsonObject &payload, AdapterOutput &out);
    void applyResyncResult(const RpcCall &call, const QJsonObject &payload, AdapterOutput &out);
    void applyRows(const QJsonArray &rows, AdapterOutput &out);
    void noteReplyUnread(const QString &sessionKey);
    void applyHistory(const QJsonObject &history, bool searchedDeep, AdapterOutput &out);
    bool isNewSinceWatermark(qint64 createdAtMs) const;
    void requestChildReads(const QString &childKey, AdapterOutput &out);

    // Gateway approvals (AdapterApprovals.cpp).
    static std::optional<core::ApprovalRequest> parseApproval(const JsonRef &payload,
                                                              const QString &kind);
    void onApprovalRequested(const JsonRef &payload, const QString &kind, AdapterOutput &out);
    void onApprovalResolved(const JsonRef &payload, AdapterOutput &out);
    QList<RpcCall> approvalReads() const;
    void applyApprovalList(const RpcCall &call, const QJsonObject &payload, AdapterOutput &out);
    void resolveApprovalAction(const core::ResolveApproval &resolve, AdapterOutput &out);
    void approvalResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                        const QString &error, AdapterOutput &out);

    // Actions (AdapterActions.cpp).
    void sendAction(const core::SendToSession &send, AdapterOutput &out);
    void cancelAction(const core::CancelWorker &cancel, AdapterOutput &out);
    // A policy abort (AdapterPolicyAbort.cpp): sent, answered, then confirmed by the run's own
    // ending before the hint goes; sent again when the ending does not come.
    struct PendingPolicyAbort
    {
        QString sessionKey;
        QString runId; // the run to stop; empty when the violation did not name one
        QString text;  // the hint
        int attempt = 1;
        bool answered = false; // the gateway answered the latest attempt as done
        bool runEnded = false; // the run's ending was seen
        QString answeredBy;    // the method whose answer said so
    };
    void abortRunAction(const core::AbortRun &abort, AdapterOutput &out);
    RpcCall policyAbortCall(const QString &actionKey, const PendingPolicyAbort &abort) const;
    void policyAbortResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                           const QString &error, AdapterOutput &out);
    bool policyAbortDeadline(const QString &key, AdapterOutput &out);
    void notePolicyRunEnded(const QString &sessionKey, const QString &runId, AdapterOutput &out);
    // An operator's answer to a worker (AdapterAnswers.cpp): the gateway may abort the run the
    // answer starts while it still settles the worker's last run; the answer then goes again.
    struct PendingAnswer
    {
        QString actionKey;
        QString taskId;
        QString text;
        QString runId; // the run the latest send started (its idempotency key, as on the gateway)
        int attempt = 1;
        bool resendDue = false; // aborted; the next send waits for its deadline
    };
    void noteAnswerSent(const RpcCall &call);
    void answerSendResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                          AdapterOutput &out);
    bool answerAbortedAtOnce(const ChildState &child, AdapterOutput &out);
    bool answerDeadline(const QString &key, AdapterOutput &out);
    void finishPolicyAbort(const QString &actionKey, bool stopped, const QString &detail,
                           AdapterOutput &out);
    void actionResult(const RpcCall &call, bool ok, const QJsonObject &payload,
                      const QString &error, AdapterOutput &out);

    AdapterConfig m_config;
    GatewayOffer m_offer;
    QSet<QString> m_refused;
    SessionGraph m_graph;
    GenerationalSet m_seenTexts;
    GenerationalSet m_toolStarts; // runId|toolCallId of the tool starts told to the core
    GenerationalSet m_sessionEnds;
    QSet<QString> m_watched;
    qint64 m_lastSeq = -1;
    qint64 m_lastEventTs = 0;
    qint64 m_resyncFrom = 0; // m_lastEventTs when the running resync began
    bool m_resyncRunning = false;
    QList<QPair<RpcCall, QJsonObject>> m_heldBackLists;
    // Children whose spawn call was not seen, by the parent whose history may still hold it:
    // they are announced once that history was read (with the call's spec when it is there).
    QHash<QString, QStringList> m_childrenAwaitingHistory;
    // Workers that finished well whose history read (their reply) was lost, most often with the
    // connection: the next resync reads it again, their run having ended or not.
    QSet<QString> m_repliesToRead;
    // Sessions whose history the running (or last) resync searched for spawn calls (deep).
    QSet<QString> m_callsSearched;
    // Pages of each paged list the running (or last) resync asked for, by method and filter.
    QHash<QString, int> m_listPagesAsked;
    // Policy aborts whose hint has not gone yet, by action key. A handful at most.
    QHash<QString, PendingPolicyAbort> m_policyAborts;
    // Answers to workers whose run may still be aborted by the gateway, by worker session.
    QHash<QString, PendingAnswer> m_answers;
};

} // namespace clawops::gateway
