#pragma once

#include "Approvals.h"
#include "Ids.h"
#include "SpawnSpec.h"
#include "WorkerOutcome.h"

#include <QString>

#include <variant>

namespace clawops::core {

// What the gateway adapter tells the core. Events carry no time of their own: the core reads its
// injected clock, so a recorded list of events replays identically.

// A session called sessions_spawn. spawnRef identifies the call (the gateway's toolCallId) so
// that the later acceptance or rejection can be matched to it.
struct SpawnRequested
{
    QString spawnRef;
    SessionKey requesterSessionKey;    // whose work this is (the front session)
    SessionKey orchestratorSessionKey; // the session that called sessions_spawn
    SpawnSpec spec;                    // as the caller passed it; the core strips any packet
    QString callerRunId;               // the caller's agent run that made the call, if known
    // Set when the spawn call itself was never seen and the child was announced from its own
    // record (empty spec): such a child keys a task of its own, so that two of them with the same
    // (or no) label are never taken for duplicates of each other.
    SessionKey childWithoutCall;
};

struct SpawnAccepted
{
    QString spawnRef;
    SessionKey childSessionKey;
    QString runId;
    QString gatewayTaskId; // may be empty; GatewayTaskSeen can supply it later
};

struct SpawnRejected
{
    enum class Reason
    {
        NotAccepted,            // the tool result said something other than "accepted"
        MissingChildSessionKey, // accepted, but without the child's session key
    };
    QString spawnRef;
    Reason reason = Reason::NotAccepted;
};

// The gateway's task ledger id for a child, learned from a `task` event.
struct GatewayTaskSeen
{
    SessionKey childSessionKey;
    QString gatewayTaskId;
};

// The plugin's subagent_ended.
struct WorkerEnded
{
    SessionKey childSessionKey;
    WorkerOutcome outcome = WorkerOutcome::Unknown;
    QString detail; // the gateway's error text, if any
};

// Text a session produced or received that may hold worker receipts: a worker's final reply, or
// the announce turn in its parent. aboutChildSessionKey names the worker the text is about when
// the adapter knows it (the announce names the child), so receipts whose task_id the core does
// not know can still be attributed.
struct SessionText
{
    SessionKey sessionKey;
    QString text;
    SessionKey aboutChildSessionKey;
};

// The plugin's session_end: the session was deleted, or reset to a new transcript.
struct SessionEnded
{
    enum class Reason
    {
        Deleted,
        Reset, // a new transcript under the same key
    };
    SessionKey sessionKey;
    Reason reason = Reason::Deleted;
};

struct OrchestratorBound
{
    SessionKey requesterSessionKey;
    SessionKey orchestratorSessionKey;
};

// The orchestrator session's own subagent run ended (the plugin retires it).
struct OrchestratorEnded
{
    SessionKey orchestratorSessionKey;
};

// A scheduler turn: retries, verification grace, idle orchestrators, respawn windows.
struct Tick
{
};

// Whether the gateway can be talked to: live once connected and caught up, not live as soon as
// the link drops. The core starts not live, so retries restored from the store wait for the
// first connect, and it dispatches retries only while live.
struct GatewayReachability
{
    bool live = false;
};

// A send the core asked for did not reach its session (the link was down, the gateway refused
// it). idempotencyKey is the SendToSession's, which names the logical send.
struct SendFailed
{
    TaskId taskId;
    QString idempotencyKey;
    QString error;
};

// A session started a tool, any tool (sessions_spawn too): what the policy watch judges. Told
// once per call however many streams carried it.
struct ToolStarted
{
    SessionKey sessionKey;
    QString runId;
    QString toolCallId;
    QString toolName;
    // The arguments as compact JSON in the order the agent wrote them (the plugin's
    // JSON.stringify(params) quotes them in its hint); empty when the call had none.
    QString argsJson;
};

// The gateway waits for a human to allow or deny something a run asked for.
struct ApprovalRequested
{
    ApprovalRequest request;
};

// The gateway closed an approval: a client decided it (resolvedBy names that client), its timeout
// ran out (resolvedBy empty, decision deny), or the run ended (resolvedBy
// "approval-scope-closed"). thisConsole: the answer to this console's own decision said it was
// applied.
struct ApprovalResolved
{
    QString id;
    QString decision;
    QString resolvedBy;
    bool thisConsole = false;
};

// After a (re)connect: every approval the gateway lists as pending. Those the core had and that
// are not listed were closed while the link was down.
struct ApprovalsListed
{
    QString kind; // exec | plugin: the list reconciles the approvals of its kind only
    QList<ApprovalRequest> pending;
};

// This console's decision did not reach the gateway (the link was down, the gateway refused it):
// the approval is still open.
struct ApprovalDecisionFailed
{
    QString id;
    QString error;
};

using DomainEvent =
    std::variant<SpawnRequested, SpawnAccepted, SpawnRejected, GatewayTaskSeen, WorkerEnded,
                 SessionText, SessionEnded, OrchestratorBound, OrchestratorEnded, Tick,
                 GatewayReachability, SendFailed, ToolStarted, ApprovalRequested, ApprovalResolved,
                 ApprovalsListed, ApprovalDecisionFailed>;

} // namespace clawops::core
