#pragma once

#include "JsonRef.h"

#include <QString>
#include <QStringView>

// How each gateway signal maps to the plugin's subagent_ended outcome
// (ok|error|timeout|killed|reset|deleted). A null QString means "not a terminal signal".
namespace clawops::gateway::adaptersignals {

inline const QString kOk = QStringLiteral("ok");
inline const QString kError = QStringLiteral("error");
inline const QString kTimeout = QStringLiteral("timeout");
inline const QString kKilled = QStringLiteral("killed");
inline const QString kReset = QStringLiteral("reset");
inline const QString kDeleted = QStringLiteral("deleted");

// agent stream "lifecycle" data. Only `end` and `error` are terminal: `finishing` (also with
// livenessState "blocked" while the gateway retries a failing provider) and `start`/`model` are
// not. end → ok, or killed when aborted/cancelled; error → killed when aborted, timeout when the
// gateway timed the run out (timeoutPhase, errorKind "timeout"), else error.
QString lifecycleOutcome(const JsonRef &data);
// chat payload: final → ok, aborted → killed, error → timeout (errorKind "timeout") or error.
QString chatOutcome(const JsonRef &payload);
// task.status (both the RPC enum and the docs' names): completed/succeeded → ok,
// failed/lost → error, timed_out → timeout, cancelled → killed. "lost" is an error so that the
// default retryOutcomes retry it: the gateway lost the run and its result is unknown.
QString taskStatusOutcome(QStringView status);
// Session row status: done → ok, failed → error, timeout → timeout, killed → killed.
QString rowStatusOutcome(QStringView status);

} // namespace clawops::gateway::adaptersignals
