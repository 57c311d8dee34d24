#include "TaskRow.h"

namespace clawops::ui {

TaskRow TaskRow::fromRecord(const core::TaskRecord &record)
{
    TaskRow row;
    row.taskId = record.taskId;
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
    if (!query.states.isEmpty() && !query.states.contains(row.state))
        return false;
    if (!query.orchestratorSessionKey.isEmpty() &&
        row.orchestratorSessionKey != query.orchestratorSessionKey)
        return false;
    const QString search = query.search.trimmed();
    if (search.isEmpty())
        return true;
    const QString outcome = row.lastOutcome.toText();
    for (const QString *text : {&row.taskId, &row.label, &row.taskPreview, &outcome}) {
        if (text->contains(search, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

namespace {

template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compareText(const QString &a, const QString &b)
{
    // SQLite's BINARY collation; the empty (or NULL) text comes first.
    return threeWay(a.compare(b, Qt::CaseSensitive), 0);
}

int compareOptional(const std::optional<qint64> &a, const std::optional<qint64> &b)
{
    if (a.has_value() != b.has_value())
        return a.has_value() ? 1 : -1;
    return a ? threeWay(*a, *b) : 0;
}

int compareColumn(const TaskRow &a, const TaskRow &b, const QString &column)
{
    if (column == QLatin1String("task_id"))
        return 0; // the tie-break below does it
    if (column == QLatin1String("state"))
        return compareText(core::stateName(a.state), core::stateName(b.state));
    if (column == QLatin1String("label"))
        return compareText(a.label, b.label);
    if (column == QLatin1String("attempt"))
        return threeWay(a.attempt, b.attempt);
    if (column == QLatin1String("last_outcome"))
        return compareText(a.lastOutcome.toText(), b.lastOutcome.toText());
    if (column == QLatin1String("orchestrator_session_key"))
        return compareText(a.orchestratorSessionKey, b.orchestratorSessionKey);
    if (column == QLatin1String("worker_session_key"))
        return compareText(a.workerSessionKey, b.workerSessionKey);
    if (column == QLatin1String("next_run_at"))
        return compareOptional(a.nextRunAt, b.nextRunAt);
    if (column == QLatin1String("created_at"))
        return threeWay(a.createdAt, b.createdAt);
    return threeWay(a.updatedAt, b.updatedAt); // the store's fallback, too
}

} // namespace

int compareRows(const TaskRow &a, const TaskRow &b, const TaskQuery &query)
{
    int result = compareColumn(a, b, query.orderBy);
    if (result == 0)
        result = compareText(a.taskId, b.taskId);
    return query.descending ? -result : result;
}

} // namespace clawops::ui
