#pragma once

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
    };
    Purpose purpose = Purpose::Retry;
    QString sessionKey;
    QString text;
    QString taskId;         // the task it concerns, if any
    QString idempotencyKey; // stable for the same logical send, so a resend is harmless
};

// Stop a worker: tasks.cancel by gatewayTaskId when known, else abort the child session.
struct CancelWorker
{
    QString childSessionKey;
    QString gatewayTaskId;
    QString taskId;
    QString reason; // "operator-kill" or "duplicate-suppressed"
};

using DomainAction = std::variant<SendToSession, CancelWorker>;

} // namespace clawops::core
