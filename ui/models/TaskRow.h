#pragma once

#include "core/Records.h"
#include "core/TaskQuery.h"

#include <QString>

#include <optional>

namespace clawops::ui {

// The part of a task the tables show. Task text, spec JSON and receipts stay in the engine: the
// detail panel asks for them, so a page of rows stays small.
struct TaskRow
{
    QString taskId;
    QString taskKey;
    QString requesterSessionKey;
    QString label;
    QString kind;
    QString agentId;
    QString orchestratorSessionKey;
    QString workerSessionKey;
    core::TransitionCause lastOutcome;
    QString taskPreview;
    QString receiptStatus;
    core::TaskState state = core::TaskState::Queued;
    int attempt = 1;
    int maxRetries = 0;
    std::optional<qint64> nextRunAt;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    bool receiptSeen = false;
    int verificationItems = 0;
    bool explicitNoVerification = false;

    static TaskRow fromRecord(const core::TaskRecord &record);
    bool operator==(const TaskRow &) const = default;
};

using TaskQuery = core::TaskQuery;

// The store's WHERE clause (core::matchesQuery).
bool matchesQuery(const TaskRow &row, const TaskQuery &query);

// The store's ORDER BY (core::compareTasks): negative when `a` comes first.
int compareRows(const TaskRow &a, const TaskRow &b, const TaskQuery &query);

} // namespace clawops::ui
