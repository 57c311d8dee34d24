#pragma once

#include "JsonRef.h"
#include "core/WorkerOutcome.h"

#include <QStringView>

#include <optional>

// How each gateway signal maps to the plugin's subagent_ended outcome. nullopt means "not a
// terminal signal".
namespace clawops::gateway::adaptersignals {

using core::WorkerOutcome;

// agent stream "lifecycle" data. Only `end` and `error` are terminal: `finishing` (also with
// livenessState "blocked" while the gateway retries a failing provider) and `start`/`model` are
// not. end → ok, or killed when aborted/cancelled; error → killed when aborted, timeout when the
// gateway timed the run out (timeoutPhase, errorKind "timeout"), else error.
std::optional<WorkerOutcome> lifecycleOutcome(const JsonRef &data);
// chat payload: final → ok, aborted → killed, error → timeout (errorKind "timeout") or error.
std::optional<WorkerOutcome> chatOutcome(const JsonRef &payload);
// The same from the payload's `state` and `errorKind`.
std::optional<WorkerOutcome> chatOutcome(const JsonRef &state, const JsonRef &errorKind);
// task.status (both the RPC enum and the docs' names): completed/succeeded → ok,
// failed/lost → error, timed_out → timeout, cancelled → killed. "lost" is an error so that the
// default retryOutcomes retry it: the gateway lost the run and its result is unknown.
std::optional<WorkerOutcome> taskStatusOutcome(QStringView status);
// Session row status: done → ok, failed → error, timeout → timeout, killed → killed.
std::optional<WorkerOutcome> rowStatusOutcome(QStringView status);

} // namespace clawops::gateway::adaptersignals
