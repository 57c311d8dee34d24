#pragma once

#include "core/DomainEvents.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

namespace clawops::core {
struct EngineConfig;
}

namespace clawops::gateway {

// Settings of the gateway adapter. The two behaviour keys mirror EngineConfig; the rest bound the
// adapter's memory.
struct AdapterConfig
{
    // A spawn whose label starts with this (case-insensitively) is a hidden-orchestrator spawn.
    QString orchestratorLabelPrefix = QStringLiteral("thread-orchestrator");
    // How a Retry SendToSession travels: "message" (sessions.send) or "wake".
    QString retryDelivery = QStringLiteral("message");
    // Sessions, spawn calls and dedupe keys remembered per generation of the adapter's LRU. An
    // ended child survives at least one full generation after its last signal, so late or
    // duplicate frames about it are still recognised; running children are never forgotten.
    int maxTrackedSessions = 4096;
    // chat.history limit used by resync.
    int historyLimit = 20;
    // Children created up to this long before the newest event the adapter saw still count as
    // "new" when a resync finds them (the frame that announced them may have been lost with the
    // connection).
    qint64 resyncSlackMs = 5000;
    // A policy abort the gateway answered as done, but whose run shows no ending within this
    // long, is sent again (up to policyAbortAttempts in all) before its hint goes: a hint sent to
    // a session whose run goes on waits behind that run.
    int policyAbortConfirmMs = 4000;
    int policyAbortAttempts = 3;
    // 2026.9.6 may abort the run that an answer to a worker starts while it still settles the
    // worker's previous run (its subagent registry refuses the handover and calls chat.abort on
    // the new run). An abort of that run within answerAbortWindowMs of the send's result sends
    // the answer again answerResendDelayMs later, up to answerAttempts sends in all.
    int answerAbortWindowMs = 5000;
    int answerResendDelayMs = 750;
    int answerAttempts = 3;

    static AdapterConfig fromEngineConfig(const core::EngineConfig &config);
};

// What the gateway offers on one connection (hello-ok.features). A gateway that lists no methods
// (an older one, or a test that skips the handshake) is taken to offer everything; one that lists
// them offers only those: 2026.9.7 drops tasks.* and the `task` event.
struct GatewayOffer
{
    QSet<QString> methods;
    QSet<QString> events;

    static GatewayOffer of(const QStringList &methods, const QStringList &events)
    {
        return GatewayOffer{QSet<QString>(methods.begin(), methods.end()),
                            QSet<QString>(events.begin(), events.end())};
    }
    bool offers(const QString &method) const
    {
        return methods.isEmpty() || methods.contains(method);
    }
    // Listed by name: what is used only where a gateway says it has it (approvals).
    bool lists(const QString &method) const { return methods.contains(method); }
};

// Why a call was produced, so that its result can be routed back to the right follow-up.
enum class CallRole
{
    Resync,      // a read after (re)connect or a sequence gap; its result may yield missed events
    Send,        // sessions.send of a SendToSession
    Wake,        // wake of a Retry SendToSession (retryDelivery "wake")
    Cancel,      // tasks.cancel of a CancelWorker
    Abort,       // sessions.abort: CancelWorker without a (usable) tasks.cancel, or its fallback
    ChatAbort,   // chat.abort: the last resort of a CancelWorker
    PolicyAbort, // sessions.abort / chat.abort of an AbortRun; its hint follows the run's end
    ResolveApproval, // approval.resolve (or <kind>.approval.resolve) of a ResolveApproval
};

// One RPC the host should send. The context of the logical action travels with the call, so the
// adapter keeps no table of requests in flight: the host hands the same value back with the result.
struct RpcCall
{
    QString method;
    QJsonObject params;
    QString idempotencyKey; // stable for the same logical request; the host may dedupe on it
    CallRole role = CallRole::Resync;

    QString actionKey;  // the logical action (shared by its fallbacks); empty for resync reads
    QString sessionKey; // the target session (send) or the child (cancel)
    QString taskId;     // the core task the action concerns, if any
    QString text;       // the text of a send, kept for the wake → sessions.send fallback

    bool operator==(const RpcCall &) const = default;
};

// A moment the adapter wants to hear about: the host calls GatewayAdapter::deadlinePassed(key)
// once `afterMs` have passed. The adapter keeps no clock; this is how it waits.
struct AdapterDeadline
{
    QString key;
    int afterMs = 0;

    bool operator==(const AdapterDeadline &) const = default;
};

// What became of a domain action, for the host's audit trail and the console.
struct ActionOutcome
{
    enum class Kind
    {
        Send,
        Cancel,
        Approval, // an operator's decision on a gateway approval; actionKey is its id
    };
    Kind kind = Kind::Send;
    QString actionKey;
    QString sessionKey;
    QString taskId;
    bool ok = false;
    // sent | send-failed | cancelled | already-terminal | aborted | cancel-failed | resolved |
    // already-resolved | resolve-failed | resolve-not-offered
    QString outcome;
    QString detail;

    bool operator==(const ActionOutcome &) const = default;
};

// Everything one input produced, in order. Appended to, never cleared, by the adapter.
struct AdapterOutput
{
    QList<core::DomainEvent> events;
    QList<RpcCall> calls;
    QList<ActionOutcome> outcomes;
    QList<AdapterDeadline> deadlines;
    bool resyncRequested = false; // a sequence gap was seen; `calls` holds the resync reads

    bool isEmpty() const
    {
        return events.isEmpty() && calls.isEmpty() && outcomes.isEmpty() && deadlines.isEmpty();
    }
    void clear()
    {
        events.clear();
        calls.clear();
        outcomes.clear();
        deadlines.clear();
        resyncRequested = false;
    }
};

} // namespace clawops::gateway
