#pragma once

#include "AdapterTypes.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>
#include <QStringList>

// Building the adapter's action RPCs and reading their results, shared by its parts.
namespace clawops::gateway::adaptercalls {

// A key that is the same every time the same logical action is derived again (after a restart,
// a replay), so the gateway's idempotency turns a resend into a no-op.
QString derivedKey(QLatin1StringView kind, const QStringList &parts);

RpcCall actionCall(CallRole role, const QString &method, const QJsonObject &params,
                   const QString &idempotencyKey, const QString &actionKey);

RpcCall sessionsSend(const QString &actionKey, const QString &sessionKey, const QString &text);

// Whether an abort's answer says a run was stopped, in either result shape (sessions.abort's
// abortedRunId/status, chat.abort's aborted/runIds).
bool abortSucceeded(bool ok, const QJsonObject &payload);

// The call's error, else the result's `reason`, else `fallback`.
QString errorOr(const QString &error, const QJsonObject &payload, const QString &fallback);

} // namespace clawops::gateway::adaptercalls
