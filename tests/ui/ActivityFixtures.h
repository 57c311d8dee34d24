#pragma once

// Task rows and transitions for the timeline and charts tests: attempts with the lifecycle the
// engine writes (spawn → leased, accepted → running, then an ending), at chosen times.

#include "core/Records.h"
#include "host/HostTypes.h"

#include <QList>
#include <QString>

#include <optional>

namespace clawops::ui::test {

struct AttemptSpec
{
    QString taskId;
    QString orchestrator;
    QString worker;
    QString label;
    int attempt = 1;
    qint64 spawnedAt = 0;
    qint64 runningAt = 0; // 0: never accepted
    qint64 endedAt = 0;   // 0: still running
    core::TaskState endState = core::TaskState::NeedsVerification;
    QString endReason = QStringLiteral("worker-ended-ok");
};

inline core::TransitionRecord transition(const QString &taskId, qint64 at,
                                         std::optional<core::TaskState> from, core::TaskState to,
                                         const QString &reason = {})
{
    core::TransitionRecord out;
    out.taskId = clawops::core::TaskId(taskId);
    out.at = at;
    out.from = from;
    out.to = to;
    out.cause = core::TransitionCause::fromText(reason);
    return out;
}

inline QList<core::TransitionRecord> transitionsOf(const AttemptSpec &spec)
{
    using core::TaskState;
    QList<core::TransitionRecord> out;
    out.append(transition(spec.taskId, spec.spawnedAt, std::nullopt, TaskState::Leased,
                          QStringLiteral("spawn-requested")));
    TaskState at = TaskState::Leased;
    if (spec.runningAt > 0) {
        out.append(transition(spec.taskId, spec.runningAt, TaskState::Leased, TaskState::Running,
                              QStringLiteral("spawn-accepted")));
        at = TaskState::Running;
    }
    if (spec.endedAt > 0)
        out.append(transition(spec.taskId, spec.endedAt, at, spec.endState, spec.endReason));
    return out;
}

inline core::TaskRecord rowOf(const AttemptSpec &spec)
{
    using core::TaskState;
    core::TaskRecord row;
    row.taskId = clawops::core::TaskId(spec.taskId);
    row.taskKey = clawops::core::TaskKey(spec.taskId.section(QLatin1Char('-'), 0, 0));
    row.requesterSessionKey = clawops::core::SessionKey(QStringLiteral("agent:main:main"));
    row.orchestratorSessionKey = clawops::core::SessionKey(spec.orchestrator);
    row.workerSessionKey = clawops::core::SessionKey(spec.runningAt > 0 ? spec.worker : QString());
    row.label = spec.label;
    row.attempt = spec.attempt;
    row.maxRetries = 2;
    row.createdAt = spec.spawnedAt;
    row.state = spec.endedAt > 0     ? spec.endState
                : spec.runningAt > 0 ? TaskState::Running
                                     : TaskState::Leased;
    row.updatedAt = spec.endedAt > 0 ? spec.endedAt : std::max(spec.runningAt, spec.spawnedAt);
    row.lastOutcome =
        clawops::core::TransitionCause::fromText(spec.endedAt > 0 ? spec.endReason : QString());
    return row;
}

inline host::EngineDelta deltaOf(const QList<AttemptSpec> &specs, qint64 batchAtMs = 0)
{
    host::EngineDelta delta;
    for (const AttemptSpec &spec : specs) {
        delta.tasks.append(rowOf(spec));
        delta.transitions += transitionsOf(spec);
    }
    delta.batchAtMs = batchAtMs;
    return delta;
}

} // namespace clawops::ui::test
