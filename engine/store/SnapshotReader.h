#pragma once

#include "Connection.h"
#include "StoreTypes.h"
#include "core/Records.h"

namespace clawops::store {

// Everything the core needs at start-up, read the way the plugin rehydrates it: bindings, retry
// counts and workers with its readers and defaults (`now` stands in for its Date.now()), and the
// rows whose state is exactly one of the five active states, as its SQL selects them. Summaries
// hold every orchestrator's task counts per state over all history (its readStatusSummary).
StoreResult<core::Snapshot> readSnapshot(const Connection &connection, core::TimeMs now);

} // namespace clawops::store
