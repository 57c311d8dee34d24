#pragma once

#include "AdapterTypes.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>
#include <QStringList>

#include <optional>

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

// The key of an AdapterDeadline: what waits (`kind`), for which attempt, about what. An attempt
// in the key lets a deadline that outlived its attempt be told apart and ignored.
QString deadlineKey(QLatin1StringView kind, int attempt, const QString &subject);
struct DeadlineKey
{
    int attempt = 0;
    QString subject;
};
std::optional<DeadlineKey> parseDeadlineKey(QLatin1StringView kind, const QString &key);

} // namespace clawops::gateway::adaptercalls
