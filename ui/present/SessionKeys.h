#pragma once

#include <QString>

namespace clawops::ui {

// Session keys are long ("agent:main:subagent:6f4eb4b8-92ef-…"); tables show the agent and the
// first block of the id ("main › sub 6f4eb4b8"), tooltips the whole key.
QString shortSessionKey(const QString &key);

// The task text as the operator wrote it: without the "[Worker result contract]" packet the
// engine appends (also in a preview, where newlines became spaces).
QString stripContractPacket(const QString &text);

} // namespace clawops::ui
