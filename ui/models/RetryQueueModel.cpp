#include "RetryQueueModel.h"

#include "ModelRoles.h"
#include "host/EngineApi.h"
#include "present/EngineWords.h"
#include "present/SessionKeys.h"
#include "present/TimeFormat.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QSet>

#include <algorithm>

namespace clawops::ui {

namespace {

bool sameEntry(const host::RetryEntry &a, const host::RetryEntry &b)
{
    return a.taskId == b.taskId && a.label == b.label &&
           a.orchestratorSessionKey == b.orchestratorSessionKey && a.attempt == b.attempt &&
           a.maxRetries == b.maxRetries && a.reason == b.reason && a.runAfterMs == b.runAfterMs &&
           a.backoffMs == b.backoffMs;
}

bool runsBefore(const host::RetryEntry &a, const host::RetryEntry &b)
{
    return a.runAfterMs != b.runAfterMs ? a.runAfterMs < b.runAfterMs : a.taskId < b.taskId;
}

// The operator wants what failed: the worker's outcome when the retry has one (also one restored
// after a restart), else why an operator asked for it.
QString shortReason(const core::RetryReason &reason)
{
    if (const std::optional<core::WorkerOutcome> outcome = reason.workerOutcome())
        return EngineWords::outcome(*outcome);
    return EngineWords::retryReason(reason);
}

} // namespace

RetryQueueModel::RetryQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{}

void RetryQueueModel::setNowFunction(std::function<qint64()> now)
{
    m_now = std::move(now);
}

void RetryQueueModel::subscribe(host::EngineApi &engine)
{
    connect(&engine, &host::EngineApi::delta, this, &RetryQueueModel::applyDelta);
}

void RetryQueueModel::applyDelta(const host::EngineDelta &delta)
{
    if (delta.retryQueue)
        applyChange(*delta.retryQueue);
    if (delta.retriesPaused != m_paused) {
        m_paused = delta.retriesPaused;
        Q_EMIT retriesPausedChanged(m_paused);
    }
}

void RetryQueueModel::applyChange(const host::RetryQueueChange &change)
{
    if (change.whole) {
        setEntries(change.queued);
        return;
    }
    for (const core::TaskId &taskId : change.left) {
        const int row = rowOf(taskId);
        if (row < 0)
            continue;
        beginRemoveRows({}, row, row);
        m_rows.remove(row);
        m_runAfterByTask.remove(taskId);
        endRemoveRows();
    }
    for (const host::RetryEntry &entry : change.queued)
        upsert(entry);
}

int RetryQueueModel::rowOf(const core::TaskId &taskId) const
{
    const auto runAfter = m_runAfterByTask.constFind(taskId);
    if (runAfter == m_runAfterByTask.constEnd())
        return -1;
    host::RetryEntry probe;
    probe.taskId = taskId;
    probe.runAfterMs = *runAfter;
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), probe, runsBefore);
    return it != m_rows.cend() && it->taskId == taskId ? int(it - m_rows.cbegin()) : -1;
}

void RetryQueueModel::upsert(const host::RetryEntry &entry)
{
    // Where the row belongs among the rows as they are (its old place included).
    const int to =
        int(std::lower_bound(m_rows.cbegin(), m_rows.cend(), entry, runsBefore) - m_rows.cbegin());
    const int from = rowOf(entry.taskId);
    m_runAfterByTask.insert(entry.taskId, entry.runAfterMs);
    if (from < 0) {
        beginInsertRows({}, to, to);
        m_rows.insert(to, entry);
        endInsertRows();
        return;
    }
    int row = from;
    if (to != from && to != from + 1) { // else it stays where it is
        beginMoveRows({}, from, from, {}, to);
        row = to > from ? to - 1 : to;
        m_rows.move(from, row);
        endMoveRows();
    }
    if (!sameEntry(m_rows.at(row), entry)) {
        m_rows[row] = entry;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void RetryQueueModel::setEntries(const QList<host::RetryEntry> &entries)
{
    QList<host::RetryEntry> wanted;
    QSet<QString> ids;
    for (const host::RetryEntry &entry : entries) {
        if (!ids.contains(entry.taskId)) { // one row per task, the first entry wins
            ids.insert(entry.taskId);
            wanted.append(entry);
        }
    }
    std::stable_sort(wanted.begin(), wanted.end(), runsBefore);

    // 1. Rows that left the queue go, in contiguous blocks from the bottom.
    for (int last = int(m_rows.size()) - 1; last >= 0;) {
        if (ids.contains(m_rows.at(last).taskId)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !ids.contains(m_rows.at(first - 1).taskId))
            --first;
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first - 1;
    }

    // 2. Walk the wanted order: keep, move up or insert each row where it belongs.
    for (int i = 0; i < int(wanted.size()); ++i) {
        const host::RetryEntry &entry = wanted.at(i);
        if (i < int(m_rows.size()) && m_rows.at(i).taskId == entry.taskId) {
            if (!sameEntry(m_rows.at(i), entry)) {
                m_rows[i] = entry;
                Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
            continue;
        }
        int from = -1;
        for (int j = i + 1; j < int(m_rows.size()); ++j) {
            if (m_rows.at(j).taskId == entry.taskId) {
                from = j;
                break;
            }
        }
        if (from >= 0) {
            beginMoveRows({}, from, from, {}, i);
            m_rows.move(from, i);
            endMoveRows();
            if (!sameEntry(m_rows.at(i), entry)) {
                m_rows[i] = entry;
                Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
        } else {
            beginInsertRows({}, i, i);
            m_rows.insert(i, entry);
            endInsertRows();
        }
    }
    m_runAfterByTask.clear();
    m_runAfterByTask.reserve(m_rows.size());
    for (const host::RetryEntry &row : std::as_const(m_rows))
        m_runAfterByTask.insert(row.taskId, row.runAfterMs);
}

void RetryQueueModel::refreshTimes()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, RunsInColumn), index(int(m_rows.size()) - 1, RunsInColumn),
                           {Qt::DisplayRole, Qt::ToolTipRole});
}

const host::RetryEntry *RetryQueueModel::entryAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows.at(row) : nullptr;
}

int RetryQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RetryQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RetryQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const host::RetryEntry &entry = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case TaskIdRole:
        return entry.taskId.str();
    case TaskLabelRole:
        return entry.label;
    case OrchestratorRole:
        return entry.orchestratorSessionKey.str();
    case NextRunAtRole:
        return entry.runAfterMs;
    case TaskStateRole:
        return int(core::TaskState::Queued); // everything in this queue is queued
    case Qt::DisplayRole:
        switch (column) {
        case RunsInColumn:
            return TimeFormat::countdown(entry.runAfterMs, m_now());
        case IdColumn:
            return entry.taskId.str();
        case LabelColumn:
            return entry.label;
        case AttemptColumn:
            return QStringLiteral("%1/%2").arg(entry.attempt).arg(entry.maxRetries);
        case OutcomeColumn:
            return shortReason(entry.reason);
        case BackoffColumn:
            return entry.backoffMs > 0 ? TimeFormat::duration(entry.backoffMs) : QString();
        case OrchestratorColumn:
            return shortSessionKey(entry.orchestratorSessionKey);
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case RunsInColumn:
            if (entry.runAfterMs <= m_now())
                return tr("Due since %1. It goes out when a worker slot is free and automatic "
                          "retries are not paused.")
                    .arg(TimeFormat::absolute(entry.runAfterMs));
            return TimeFormat::absolute(entry.runAfterMs);
        case OutcomeColumn:
            return EngineWords::retryReason(entry.reason);
        case AttemptColumn:
            return tr("Retry %1 of the %2 this task may have")
                .arg(entry.attempt)
                .arg(entry.maxRetries);
        case OrchestratorColumn:
            return entry.orchestratorSessionKey.str();
        default:
            return {};
        }
    case RawValueRole:
        switch (column) {
        case RunsInColumn:
            return entry.runAfterMs;
        case AttemptColumn:
            return entry.attempt;
        case BackoffColumn:
            return entry.backoffMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        if (column == RunsInColumn || column == BackoffColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (column == AttemptColumn)
            return int(Qt::AlignCenter);
        return {};
    case Qt::FontRole:
        if (column == IdColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    default:
        return {};
    }
}

QVariant RetryQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RunsInColumn:
        return tr("Runs in");
    case IdColumn:
        return tr("Task");
    case LabelColumn:
        return tr("Label");
    case AttemptColumn:
        return tr("Retry");
    case OutcomeColumn:
        return tr("After outcome");
    case BackoffColumn:
        return tr("Backoff");
    case OrchestratorColumn:
        return tr("Orchestrator");
    }
    return {};
}

Qt::ItemFlags RetryQueueModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
}

} // namespace clawops::ui
