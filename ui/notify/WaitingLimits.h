#pragma once

#include "NotificationPolicy.h"
#include "core/TaskState.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

namespace clawops::ui {

// How long a task may wait for the operator in each human state before it is escalated; 0 is
// no limit. Settings → Console; by default needs_input has 30 minutes, needs_verification none
// (its grace window already ends it).
struct WaitingLimitConfig
{
    qint64 needsInputMs = qint64(30) * 60 * 1000;
    qint64 needsVerificationMs = 0;

    qint64 limitFor(core::TaskState state) const;
    bool operator==(const WaitingLimitConfig &) const = default;
};

// A task waiting for the operator, as the Inbox holds it.
struct WaitingTask
{
    QString taskId;
    QString title;
    core::TaskState state = core::TaskState::NeedsInput;
    qint64 waitingSinceMs = 0;
};

// Escalates tasks that wait longer than their state's limit: each one once per stay in that
// state (a task that leaves the Inbox, or is answered and comes back, starts again). No timers
// and no widgets: the window asks on its clock tick with the Inbox's tasks and the time.
class WaitingLimits
{
    Q_DECLARE_TR_FUNCTIONS(WaitingLimits)

public:
    void setConfig(const WaitingLimitConfig &config) { m_config = config; }
    const WaitingLimitConfig &config() const { return m_config; }

    bool isOverdue(core::TaskState state, qint64 waitingSinceMs, qint64 nowMs) const;
    // The tasks that crossed their limit since the last call, and forgets those that no longer
    // wait (so that they are escalated again if they come back and wait too long).
    QList<WaitingTask> newlyOverdue(const QList<WaitingTask> &waiting, qint64 nowMs);
    // One desktop notification for a batch from newlyOverdue (not empty).
    static Notification compose(const QList<WaitingTask> &overdue,
                                const WaitingLimitConfig &config);
    // "30 min" for a tooltip or a notification.
    static QString limitText(qint64 limitMs);

private:
    WaitingLimitConfig m_config;
    // Escalated tasks and the wait (its start) they were escalated for.
    QHash<QString, qint64> m_escalated;
};

} // namespace clawops::ui
