#pragma once

#include "GraceClock.h"
#include "PagedTaskModel.h"
#include "notify/WaitingLimits.h"
#include "present/Claims.h"

#include <QHash>

namespace clawops::ui {

// The tasks that wait for a human (needs_input, needs_verification), the longest-waiting first,
// with what each one needs and, for needs_verification, what the grace window will do and when.
// A task waiting longer than its state's limit (WaitingLimitConfig) is marked in the Waiting
// column. Who claims an item (another console's operator, or this one) shows in the Claim column.
class InboxModel final : public PagedTaskModel
{
    Q_OBJECT

public:
    enum Column
    {
        WaitingColumn,
        StateColumn,
        LabelColumn,
        ClaimColumn,
        NeedsColumn,
        GraceColumn,
        OrchestratorColumn,
        IdColumn,
        ColumnCount
    };

    explicit InboxModel(QObject *parent = nullptr);

    // The inbox's query: both human states, oldest update first.
    static TaskQuery inboxQuery();
    // config.verificationGraceMs: needs_verification tasks resolve this long after updatedAt
    // (or after the link's last reconnect, see GraceClock).
    void setVerificationGraceMs(qint64 graceMs);
    qint64 verificationGraceMs() const { return m_grace.graceMs; }
    // The acting engine's gateway link, when this console's engine is the acting one.
    void setGatewayLink(GraceClock::Link link, qint64 liveSinceMs = 0);
    const GraceClock &graceClock() const { return m_grace; }
    void setWaitingLimits(const WaitingLimitConfig &limits);
    const WaitingLimitConfig &waitingLimits() const { return m_limits.config(); }
    bool isOverdue(const TaskRow &row, qint64 nowMs) const;
    // The loaded tasks, for the limit watch, and how many of them are over their limit.
    QList<WaitingTask> waitingTasks() const;
    int overdueCount(qint64 nowMs) const;

    // "needs input in 1:42" / "done in 1:42" / "held: gateway down" / empty for
    // needs_input.
    static QString graceText(const TaskRow &row, const GraceClock &clock, qint64 nowMs);
    // What the operator is asked for, in words.
    static QString needsText(const TaskRow &row);

    // Whose claims read "claimed by you".
    void setConsoleIdentity(const ConsoleIdentity &me);
    const ConsoleIdentity &consoleIdentity() const { return m_me; }
    // Every claim there is: the rows whose claim came, went or changed repaint their Claim cell.
    void applyClaims(const QList<core::ClaimRecord> &claims);
    const core::ClaimRecord *claimOf(const QString &taskId) const;
    void applyDelta(const host::EngineDelta &delta) override;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    QVariant cellData(const TaskRow &row, int column, int role) const override;
    QList<int> timeColumns() const override;

private:
    QVariant displayText(const TaskRow &row, int column) const;
    QVariant toolTip(const TaskRow &row, int column) const;
    void claimCellsChanged(const QStringList &taskIds);
    GraceClock m_grace;
    WaitingLimits m_limits;
    ConsoleIdentity m_me;
    QHash<QString, core::ClaimRecord> m_claims;
};

} // namespace clawops::ui
