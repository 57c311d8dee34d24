#include "HeldChanges.h"

#include <QSet>

namespace clawops::host {

namespace {

// The newest row of each task, in the order of those newest rows: the store writes task rows
// whole, so an older one of the same task would only be overwritten in the same transaction.
void keepNewestTaskRows(QList<core::TaskRecord> &rows)
{
    QSet<QString> seen;
    QList<core::TaskRecord> newestFirst;
    for (auto it = rows.crbegin(); it != rows.crend(); ++it) {
        if (!seen.contains(it->taskId)) {
            seen.insert(it->taskId);
            newestFirst.append(*it);
        }
    }
    rows = QList<core::TaskRecord>(newestFirst.crbegin(), newestFirst.crend());
}

} // namespace

HeldChanges::HeldChanges(qsizetype rowLimit)
    : m_rowLimit(rowLimit)
{}

qsizetype HeldChanges::rowsIn(const core::ChangeSet &changes)
{
    return changes.taskUpserts.size() + changes.workerChanges.size() +
           changes.bindingChanges.size() + changes.retryCounts.size() + changes.transitions.size() +
           changes.audits.size() + changes.suppressed.size() + changes.policyViolations.size() +
           changes.commandCompletions.size();
}

void HeldChanges::keep(core::ChangeSet changes, std::optional<store::Fence> fence)
{
    if (isEmpty())
        m_fence = std::move(fence);
    const bool hadTasks = !m_changes.taskUpserts.isEmpty();
    m_changes.append(std::move(changes));
    if (hadTasks)
        keepNewestTaskRows(m_changes.taskUpserts);
    m_rows = rowsIn(m_changes);
}

core::ChangeSet HeldChanges::takeWith(core::ChangeSet next)
{
    if (isEmpty())
        return next;
    core::ChangeSet out = std::exchange(m_changes, {});
    out.append(std::move(next));
    clear();
    return out;
}

void HeldChanges::clear()
{
    m_changes.clear();
    m_fence.reset();
    m_rows = 0;
}

} // namespace clawops::host
