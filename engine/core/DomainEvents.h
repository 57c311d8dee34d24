#pragma once

#include "SpawnSpec.h"

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
    QString requesterSessionKey;    // whose work this is (the front session)
    QString orchestratorSessionKey; // the session that called sessions_spawn
    SpawnSpec spec;                 // as the caller passed it; the core strips any packet
};

struct SpawnAccepted
{
    QString spawnRef;
    QString childSessionKey;
    QString runId;
    QString gatewayTaskId; // may be empty; GatewayTaskSeen can supply it later
};

struct SpawnRejected
{
    QString spawnRef;
    QString outcome; // "spawn-not-accepted" or "missing-child-session-key", as the plugin
};

// The gateway's task ledger id for a child, learned from a `task` event.
struct GatewayTaskSeen
{
    QString childSessionKey;
    QString gatewayTaskId;
};

// The plugin's subagent_ended: outcome is ok|error|timeout|killed|reset|deleted|unknown.
struct WorkerEnded
{
    QString childSessionKey;
    QString outcome;
    QString detail; // the gateway's error text, if any
};

// Text a session produced or received that may hold worker receipts: a worker's final reply, or
// the announce turn in its parent. aboutChildSessionKey names the worker the text is about when
// the adapter knows it (the announce names the child), so receipts whose task_id the core does
// not know can still be attributed.
struct SessionText
{
    QString sessionKey;
    QString text;
    QString aboutChildSessionKey;
};

// The plugin's session_end: the session was deleted, or reset to a new transcript.
struct SessionEnded
{
    QString sessionKey;
    QString reason; // "deleted" or "reset"
};

struct OrchestratorBound
{
    QString requesterSessionKey;
    QString orchestratorSessionKey;
};

// The orchestrator session's own subagent run ended (the plugin retires it).
struct OrchestratorEnded
{
    QString orchestratorSessionKey;
};

// A scheduler turn: retries, verification grace, idle orchestrators, respawn windows.
struct Tick
{
};

using DomainEvent =
    std::variant<SpawnRequested, SpawnAccepted, SpawnRejected, GatewayTaskSeen, WorkerEnded,
                 SessionText, SessionEnded, OrchestratorBound, OrchestratorEnded, Tick>;

} // namespace clawops::core
