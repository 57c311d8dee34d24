#pragma once

#include "SpawnSpec.h"
#include "StateCounts.h"

#include <QString>

namespace clawops::core {

// rawTask.trim() + the "[Worker result contract]" packet naming taskId and attempt.
QString buildWorkerTaskPacket(const QString &taskId, int attempt, const QString &rawTask);
// The task text before "\n[Worker result contract]", trimmed.
QString stripWorkerTaskPacket(const QString &rawTask);
// The <orchestrator-retry> block, same fields and order as the plugin. A non-empty operatorNote
// adds one `note:` line after `thread:` (a ClawOps addition; agents that ignore it still work).
QString buildRetryBlock(const SpawnSpec &spec, const QString &failedSessionKey,
                        const QString &outcome, int attempt, int maxRetries,
                        const QString &operatorNote = {});
QString buildStatusBlock(const QString &requesterSessionKey, const QString &orchestratorSessionKey,
                         const StatusSummary &summary, const QString &stickyEmoji);
QString buildIncidentBlock(const QString &requesterSessionKey,
                           const QString &orchestratorSessionKey, const QString &statusChannel,
                           const QString &reason, const QString &details);
// The plugin's block reason for a duplicate worker spawn, with its dedupe summary, word for word:
// the spawner reads it as the plugin's caller read the blocked call's reason.
QString buildDuplicateSpawnNotice(const QString &taskKey, const QString &activeTaskId,
                                  const SpawnSpec &spec);
QString formatDigitEmoji(double value);

// The plugin's before_tool_call block reasons, word for word. paramsJson is the call's arguments
// as JSON.stringify wrote them (empty when there were none, the plugin's undefined).
QString buildDelegationHint(const QString &toolName, const QString &paramsJson);
QString retiredOrchestratorBlockReason();
QString fridayChannelBlockReason(const QString &target);
// orchestratorSessionKey: the front session's bound orchestrator, empty when it has none.
QString mainDelegationBlockReason(const QString &toolName, const QString &orchestratorSessionKey);

} // namespace clawops::core
