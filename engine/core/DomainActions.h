#pragma once

#include "Ids.h"

#include <QString>

#include <variant>

namespace clawops::core {

// What the core asks the outside world to do. The adapter turns these into RPCs.

// Deliver text to a session. purpose says why, so the adapter can pick the delivery method
// (a retry may go by `wake` when configured) and the console can show it.
struct SendToSession
{
    enum class Purpose
    {
        Retry,
        Status,
        Incident,
        Answer,
        DuplicateNotice, // why the spawner's duplicate was cancelled, in the plugin's words
    };
    Purpose purpose = Purpose::Retry;
    SessionKey sessionKey;
    QString text;
    TaskId taskId;          // the task it concerns, if any
    QString idempotencyKey; // stable for the same logical send, so a resend is harmless
};

// Stop a worker: tasks.cancel by gatewayTaskId when known, else abort the child session.
struct CancelWorker
{
    enum class Reason
    {
        OperatorKill,
        DuplicateSuppressed,
    };
    SessionKey childSessionKey;
    QString gatewayTaskId;
    TaskId taskId;
    Reason reason = Reason::OperatorKill;
};

// "operator-kill" / "duplicate-suppressed": how the audit log names the reason.
QString cancelReasonText(CancelWorker::Reason reason);

// policyAction "abort": stop the run that broke a policy, then tell its session why. The plugin
// blocked the call and handed the agent its reason; from outside the gateway the run can only be
// stopped, and the reason goes in as the next turn. The adapter sends the text once the abort is
// answered, so that it starts a new turn instead of being swallowed by the run it stops.
struct AbortRun
{
    SessionKey sessionKey;
    QString runId;
    QString text;           // the plugin's block reason (for an orchestrator, its delegation hint)
    QString idempotencyKey; // names this abort and its hint
};

// An operator's answer to a gateway approval (approval.resolve, or exec.approval.resolve where
// only that is offered).
struct ResolveApproval
{
    QString approvalId;
    QString kind; // exec | plugin
    QString decision;
    TaskId taskId; // the task it concerns, if known, for the audit log
};

using DomainAction = std::variant<SendToSession, CancelWorker, AbortRun, ResolveApproval>;

} // namespace clawops::core
