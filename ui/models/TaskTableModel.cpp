#include "TaskTableModel.h"

#include "ModelRoles.h"
#include "PendingCommands.h"
#include "present/EngineWords.h"
#include "present/SessionKeys.h"
#include "present/StateStyle.h"
#include "present/TimeFormat.h"

#include <QFontDatabase>

namespace clawops::ui {

TaskTableModel::TaskTableModel(QObject *parent)
    : PagedTaskModel(parent)
{}

std::optional<core::TaskSortKey> TaskTableModel::sortKeyFor(int column)
{
    using core::TaskSortKey;
    switch (column) {
    case IdColumn:
        return TaskSortKey::Id;
    case StateColumn:
        return TaskSortKey::State;
    case LabelColumn:
        return TaskSortKey::Label;
    case AttemptColumn:
        return TaskSortKey::Attempt;
    case OrchestratorColumn:
        return TaskSortKey::Orchestrator;
    case OutcomeColumn:
        return TaskSortKey::LastOutcome;
    case UpdatedColumn:
        return TaskSortKey::UpdatedAt;
    case NextRunColumn:
        return TaskSortKey::NextRunAt;
    case WorkerColumn:
        return TaskSortKey::Worker;
    default:
        // Kind lives inside spec_json, which the store cannot order by.
        return std::nullopt;
    }
}

int TaskTableModel::columnForSortKey(core::TaskSortKey key)
{
    for (int column = 0; column < ColumnCount; ++column) {
        if (sortKeyFor(column) == key)
            return column;
    }
    return -1;
}

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case IdColumn:
            return tr("Task");
        case StateColumn:
            return tr("State");
        case LabelColumn:
            return tr("Label");
        case KindColumn:
            return tr("Kind");
        case AttemptColumn:
            return tr("Attempt");
        case OrchestratorColumn:
            return tr("Orchestrator");
        case WorkerColumn:
            return tr("Worker session");
        case OutcomeColumn:
            return tr("Last outcome");
        case UpdatedColumn:
            return tr("Updated");
        case NextRunColumn:
            return tr("Next run");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case AttemptColumn:
            return tr("This attempt / attempts allowed (the first run plus the retry budget)");
        case NextRunColumn:
            return tr("When a queued retry is dispatched");
        case KindColumn:
            return tr("The spawn kind (not sortable: it is part of the stored spec)");
        case WorkerColumn:
            return tr("The worker session of this attempt (not sortable yet)");
        default:
            break;
        }
    }
    return {};
}

void TaskTableModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<core::TaskSortKey> key = sortKeyFor(column);
    if (!key)
        return;
    TaskQuery next = query();
    const bool descending = order == Qt::DescendingOrder;
    if (next.sortKey == *key && next.descending == descending)
        return;
    next.sortKey = *key;
    next.descending = descending;
    setQuery(next);
}

// What a cell shows.
QVariant TaskTableModel::displayText(const TaskRow &row, int column) const
{
    const qint64 nowMs = now();
    switch (column) {
    case IdColumn:
        return row.taskId;
    case StateColumn:
        return StateStyle::label(row.state);
    case LabelColumn:
        return row.label.isEmpty() ? stripContractPacket(row.taskPreview) : row.label;
    case KindColumn:
        return row.kind;
    case AttemptColumn:
        return QStringLiteral("%1/%2").arg(row.attempt).arg(row.maxRetries + 1);
    case OrchestratorColumn:
        return shortSessionKey(row.orchestratorSessionKey);
    case WorkerColumn:
        return shortSessionKey(row.workerSessionKey);
    case OutcomeColumn:
        return EngineWords::cause(row.lastOutcome);
    case UpdatedColumn:
        return TimeFormat::relative(row.updatedAt, nowMs);
    case NextRunColumn:
        if (!row.nextRunAt)
            return QString();
        return row.state == core::TaskState::Queued ? TimeFormat::countdown(*row.nextRunAt, nowMs)
                                                    : TimeFormat::relative(*row.nextRunAt, nowMs);
    }
    return {};
}

// The whole of what a cell shortens.
QVariant TaskTableModel::toolTip(const TaskRow &row, int column) const
{
    switch (column) {
    case IdColumn:
    case LabelColumn: {
        const QString preview = stripContractPacket(row.taskPreview);
        return preview.isEmpty() ? row.taskId : row.taskId + QLatin1Char('\n') + preview;
    }
    case StateColumn: {
        const QString pending =
            pendingCommands() ? pendingCommands()->describe(row.taskId) : QString();
        const QString text = StateStyle::description(row.state);
        return pending.isEmpty() ? text : text + QLatin1Char('\n') + pending;
    }
    case AttemptColumn:
        return tr("Attempt %1 of %2 allowed").arg(row.attempt).arg(row.maxRetries + 1);
    case OrchestratorColumn:
        return row.orchestratorSessionKey;
    case WorkerColumn:
        return row.workerSessionKey;
    case OutcomeColumn:
        return row.lastOutcome.toText(); // the stored text, as searched
    case UpdatedColumn:
        return TimeFormat::absolute(row.updatedAt);
    case NextRunColumn:
        return row.nextRunAt ? TimeFormat::absolute(*row.nextRunAt) : QVariant();
    }
    return {};
}

// What a cell sorts and exports by.
QVariant TaskTableModel::rawValue(const TaskRow &row, int column) const
{
    switch (column) {
    case IdColumn:
        return row.taskId;
    case StateColumn:
        return int(row.state);
    case LabelColumn:
        return row.label;
    case KindColumn:
        return row.kind;
    case AttemptColumn:
        return row.attempt;
    case OrchestratorColumn:
        return row.orchestratorSessionKey;
    case WorkerColumn:
        return row.workerSessionKey;
    case OutcomeColumn:
        return row.lastOutcome.toText();
    case UpdatedColumn:
        return row.updatedAt;
    case NextRunColumn:
        return row.nextRunAt ? QVariant(*row.nextRunAt) : QVariant();
    }
    return {};
}

QVariant TaskTableModel::cellData(const TaskRow &row, int column, int role) const
{
    if (role == Qt::DisplayRole)
        return displayText(row, column);
    if (role == Qt::ToolTipRole)
        return toolTip(row, column);
    if (role == RawValueRole)
        return rawValue(row, column);
    if (role == Qt::TextAlignmentRole) {
        if (column == AttemptColumn)
            return int(Qt::AlignCenter);
        if (column == UpdatedColumn || column == NextRunColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    if (role == Qt::FontRole && column == IdColumn)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    return {};
}

QList<int> TaskTableModel::timeColumns() const
{
    return {UpdatedColumn, NextRunColumn};
}

} // namespace clawops::ui
