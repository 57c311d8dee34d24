#pragma once

#include "PagedTaskModel.h"
#include "notify/WaitingLimits.h"

namespace clawops::ui {

// The tasks that wait for a human (needs_input, needs_verification), the longest-waiting first,
// with what each one needs and, for needs_verification, what the grace window will do and when.
// A task waiting longer than its state's limit (WaitingLimitConfig) is marked in the Waiting
// column.
class InboxModel final : public PagedTaskModel
{
    Q_OBJECT

public:
    enum Column
    {
        WaitingColumn,
        StateColumn,
        LabelColumn,
        NeedsColumn,
        GraceColumn,
        OrchestratorColumn,
        IdColumn,
        ColumnCount
    };

    explicit InboxModel(QObject *parent = nullptr);

    // The inbox's query: both human states, oldest update first.
    static TaskQuery inboxQuery();
    // config.verificationGraceMs: needs_verification tasks resolve this long after updatedAt.
    void setVerificationGraceMs(qint64 graceMs);
    qint64 verificationGraceMs() const { return m_graceMs; }
    void setWaitingLimits(const WaitingLimitConfig &limits);
    const WaitingLimitConfig &waitingLimits() const { return m_limits.config(); }
    bool isOverdue(const TaskRow &row, qint64 nowMs) const;
    // The loaded tasks, for the limit watch, and how many of them are over their limit.
    QList<WaitingTask> waitingTasks() const;
    int overdueCount(qint64 nowMs) const;

    // "needs input in 1:42" / "done in 1:42" / empty for needs_input.
    static QString graceText(const TaskRow &row, qint64 graceMs, qint64 nowMs);
    // What the operator is asked for, in words.
    static QString needsText(const TaskRow &row);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    QVariant cellData(const TaskRow &row, int column, int role) const override;
    QList<int> timeColumns() const override;

private:
    QVariant displayText(const TaskRow &row, int column) const;
    QVariant toolTip(const TaskRow &row, int column) const;
    qint64 m_graceMs = 120000;
    WaitingLimits m_limits;
};

} // namespace clawops::ui
