#pragma once

#include "core/TaskState.h"
#include "host/HostTypes.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace clawops::ui {

// Where a task came from and what became of each attempt, in the order it happened: the front
// session that asked, the orchestrator that spawned the worker, every attempt with its worker
// session, the receipt it wrote, and the retry messages sent to the orchestrator in between.
struct LineageStep
{
    Q_DECLARE_TR_FUNCTIONS(LineageStep)

public:
    enum class Kind
    {
        FrontSession,
        Orchestrator,
        Attempt,
        Receipt,
        RetryMessage,
    };
    Kind kind = Kind::Attempt;
    QString title;   // "Attempt 2", "Receipt", "Retry message"
    QString subject; // a session key, the receipt's status and task id, the retry's reason
    QString detail;  // a state and why, or when
    std::optional<core::TaskState> state; // attempts only
    bool current = false;                 // the attempt the panel shows

    bool operator==(const LineageStep &) const = default;

    // The chain for a task's detail; empty when the detail holds no task.
    static QList<LineageStep> of(const host::TaskDetail &detail);
};

} // namespace clawops::ui
