#pragma once

#include <QString>

namespace clawops::ui {

// Session keys are long ("agent:main:subagent:6f4eb4b8-92ef-…"); tables show the agent and the
// first block of the id ("main › sub 6f4eb4b8"), tooltips the whole key. A nested subagent
// keeps its own id visible: "main › sub 6f4eb4b8 › 1c9d0e2a" (with "…" for the levels between
// when there are more than two), so a worker never reads as its orchestrator.
QString shortSessionKey(const QString &key);

// The task text as the operator wrote it: without the "[Worker result contract]" packet the
// engine appends (also in a preview, where newlines became spaces).
QString stripContractPacket(const QString &text);

} // namespace clawops::ui
