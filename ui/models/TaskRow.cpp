#include "TaskRow.h"

namespace clawops::ui {

TaskRow TaskRow::fromRecord(const core::TaskRecord &record)
{
    TaskRow row;
    row.taskId = record.taskId;
    row.taskKey = record.taskKey;
    row.requesterSessionKey = record.requesterSessionKey;
    row.label = record.label; // the stored column: the store sorts and searches by it
    row.kind = record.spec.kind;
    row.agentId = record.spec.agentId;
    row.orchestratorSessionKey = record.orchestratorSessionKey;
    row.workerSessionKey = record.workerSessionKey;
    row.lastOutcome = record.lastOutcome;
    row.taskPreview = record.taskPreview;
    row.receiptStatus = record.receiptStatus;
    row.state = record.state;
    row.attempt = record.attempt;
    row.maxRetries = record.maxRetries;
    row.nextRunAt = record.nextRunAt;
    row.createdAt = record.createdAt;
    row.updatedAt = record.updatedAt;
    row.receiptSeen = record.receiptSeen;
    row.verificationItems = record.verificationItems;
    row.explicitNoVerification = record.explicitNoVerification;
    return row;
}

bool matchesQuery(const TaskRow &row, const TaskQuery &query)
{
    return core::matchesQuery(row, query);
}

int compareRows(const TaskRow &a, const TaskRow &b, const TaskQuery &query)
{
    return core::compareTasks(a, b, query);
}

} // namespace clawops::ui
