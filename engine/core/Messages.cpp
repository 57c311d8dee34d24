#include "Messages.h"

#include "Identity.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace clawops::core {

QString buildWorkerTaskPacket(const QString &taskId, int attempt, const QString &rawTask)
{
    const QStringList lines = {
        jsTrim(rawTask),
        QString(),
        QStringLiteral("[Worker result contract]"),
        QStringLiteral("When done, include ONE JSON object fenced in ```json``` with this schema:"),
        QStringLiteral("{"),
        QStringLiteral(" \"task_id\": \"%1\",").arg(taskId),
        QStringLiteral(" \"status\": \"completed|blocked|failed\","),
        QStringLiteral(" \"blockers\": [{\"type\":\"string\",\"message\":\"string\","
                       "\"suggested_fix\":\"string\",\"required_from_user\":false}],"),
        QStringLiteral(" \"artifacts\": [{\"kind\":\"string\",\"path_or_ref\":\"string\","
                       "\"description\":\"string\"}],"),
        QStringLiteral(" \"verification\": [{\"kind\":\"command|file|url\",\"value\":\"string\","
                       "\"expected\":\"string\"}],"),
        QStringLiteral(" \"summary\": \"max 8 short lines\""),
        QStringLiteral("}"),
        QStringLiteral("Current attempt: %1").arg(attempt),
    };
    return lines.join(QLatin1Char('\n'));
}

QString stripWorkerTaskPacket(const QString &rawTask)
{
    const qsizetype index = rawTask.indexOf(QLatin1String("\n[Worker result contract]"));
    return jsTrim(index < 0 ? rawTask : rawTask.left(index));
}

QString buildRetryBlock(const SpawnSpec &spec, const QString &failedSessionKey,
                        const QString &outcome, int attempt, int maxRetries,
                        const QString &operatorNote)
{
    QStringList lines = {
        QStringLiteral("<orchestrator-retry>"),
        QStringLiteral("failedChildSession: ") + failedSessionKey,
        QStringLiteral("outcome: ") + outcome,
        QStringLiteral("attempt: %1/%2").arg(attempt).arg(maxRetries),
        QStringLiteral("action: Respawn this subagent task immediately via sessions_spawn."),
        QStringLiteral("task: ") + spec.task,
        QStringLiteral("label: ") + spec.label,
        QStringLiteral("agentId: ") + spec.agentId,
        QStringLiteral("model: ") + spec.model,
        QStringLiteral("thinking: ") + spec.thinking,
        QStringLiteral("mode: ") + spec.mode,
        QStringLiteral("thread: ") + QLatin1String(spec.thread.value_or(false) ? "true" : "false"),
    };
    // Kept to one line so that an agent reading `key: value` lines cannot be misled by a note.
    const QString note = jsTrim(operatorNote).simplified();
    if (!note.isEmpty())
        lines.append(QStringLiteral("note: ") + note);
    lines.append(QStringLiteral("</orchestrator-retry>"));
    return lines.join(QLatin1Char('\n'));
}

QString buildStatusBlock(const QString &requesterSessionKey, const QString &orchestratorSessionKey,
                         const StatusSummary &summary, const QString &stickyEmoji)
{
    const QStringList lines = {
        QStringLiteral("<orchestrator-status>"),
        QStringLiteral("requesterSessionKey: ") + requesterSessionKey,
        QStringLiteral("orchestratorSessionKey: ") + orchestratorSessionKey,
        QStringLiteral("stickyActiveEmoji: ") + stickyEmoji,
        QStringLiteral("workersRunning: %1").arg(summary[TaskState::Running]),
        QStringLiteral("tasksQueued: %1").arg(summary[TaskState::Queued]),
        QStringLiteral("tasksDone: %1").arg(summary[TaskState::Done]),
        QStringLiteral("tasksFailed: %1")
            .arg(summary[TaskState::Failed] + summary[TaskState::Dead]),
        QStringLiteral("reactionHints:"),
        QStringLiteral("- active: \U0001F477 ") + formatDigitEmoji(summary[TaskState::Running]),
        QStringLiteral("- queued: \u23F3 ") + formatDigitEmoji(summary[TaskState::Queued]),
        QStringLiteral("- done: \u2705 ") + formatDigitEmoji(summary[TaskState::Done]),
        QStringLiteral("</orchestrator-status>"),
    };
    return lines.join(QLatin1Char('\n'));
}

QString buildIncidentBlock(const QString &requesterSessionKey,
                           const QString &orchestratorSessionKey, const QString &statusChannel,
                           const QString &reason, const QString &details)
{
    const QStringList lines = {
        QStringLiteral("<orchestrator-incident>"),
        QStringLiteral("targetChannel: ") + statusChannel,
        QStringLiteral("requesterSessionKey: ") + requesterSessionKey,
        QStringLiteral("orchestratorSessionKey: ") + orchestratorSessionKey,
        QStringLiteral("reason: ") + reason,
        QStringLiteral("details: ") + details,
        QStringLiteral("action: Post this incident to targetChannel via message tool if channel "
                       "policy allows."),
        QStringLiteral("</orchestrator-incident>"),
    };
    return lines.join(QLatin1Char('\n'));
}

QString buildDuplicateSpawnNotice(const QString &taskKey, const QString &activeTaskId,
                                  const SpawnSpec &spec)
{
    // `spec.kind ?? "worker"`: the plugin's spec leaves absent members undefined, ours empty.
    const auto orNone = [](const QString &value, const QString &fallback) {
        return value.isEmpty() ? fallback : value;
    };
    const QStringList summary = {
        QStringLiteral("taskKey=") + taskKey.left(12),
        QStringLiteral("activeTask=") + activeTaskId,
        QStringLiteral("kind=") + orNone(spec.kind, QStringLiteral("worker")),
        QStringLiteral("requestId=") + orNone(spec.requestId, QStringLiteral("none")),
        QStringLiteral("label=") + orNone(spec.label, QStringLiteral("none")),
    };
    return QStringLiteral("Duplicate worker task suppressed; task %1 is already active. "
                          "Use session_status/sessions_history to poll progress instead of "
                          "spawning again. (%2)")
        .arg(activeTaskId, summary.join(QLatin1Char(' ')));
}

QString formatDigitEmoji(double value)
{
    // Math.max(0, Math.min(10, Math.floor(NaN))) is NaN, which the plugin's table lookup turns
    // into 0.
    const double clamped = std::isnan(value) ? 0.0 : std::clamp(std::floor(value), 0.0, 10.0);
    const int digit = static_cast<int>(clamped);
    if (digit == 10)
        return QStringLiteral("\U0001F51F");
    // Keycap digits: the digit, VARIATION SELECTOR-16, COMBINING ENCLOSING KEYCAP.
    return QString(QChar(u'0' + digit)) + QChar(u'\uFE0F') + QChar(u'\u20E3');
}

QString buildDelegationHint(const QString &toolName, const QString &paramsJson)
{
    const QString preview = taskPreview(paramsJson, 260);
    const QStringList parts = {
        QStringLiteral("Hidden orchestrator policy blocked '%1'.").arg(toolName),
        QStringLiteral("Delegate this to a worker using sessions_spawn with a concrete task."),
        QStringLiteral("Example:"),
        QStringLiteral("sessions_spawn({\"label\":\"worker-%1\",\"task\":\"Use tool %1 with "
                       "params %2. Return concise findings and artifacts.\"})")
            .arg(toolName, preview),
    };
    return parts.join(QLatin1Char(' '));
}

QString retiredOrchestratorBlockReason()
{
    return QStringLiteral(
        "This hidden orchestrator session has been retired after completion/idle. "
        "Use sessions_spawn from the front-controller to create a fresh "
        "orchestrator if needed.");
}

QString fridayChannelBlockReason(const QString &target)
{
    return QStringLiteral("Message target '%1' blocked by orchestrator policy. Allowed targets: "
                          "#friday, #friday-*, or #friday-forum channels.")
        .arg(target);
}

QString mainDelegationBlockReason(const QString &toolName, const QString &orchestratorSessionKey)
{
    const QString suffix =
        orchestratorSessionKey.isEmpty()
            ? QStringLiteral(" Use sessions_spawn to start a hidden orchestrator first.")
            : QStringLiteral(" Use sessions_send with sessionKey='%1' to delegate work.")
                  .arg(orchestratorSessionKey);
    return QStringLiteral("Front-controller session tool '%1' blocked by orchestrator policy.%2")
        .arg(toolName, suffix);
}

} // namespace clawops::core
