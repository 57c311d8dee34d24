#include "WaitingLimits.h"

#include "present/StateStyle.h"

#include <QSet>

namespace clawops::ui {

qint64 WaitingLimitConfig::limitFor(core::TaskState state) const
{
    switch (state) {
    case core::TaskState::NeedsInput:
        return needsInputMs;
    case core::TaskState::NeedsVerification:
        return needsVerificationMs;
    default:
        return 0;
    }
}

bool WaitingLimits::isOverdue(core::TaskState state, qint64 waitingSinceMs, qint64 nowMs) const
{
    const qint64 limit = m_config.limitFor(state);
    return limit > 0 && nowMs - waitingSinceMs >= limit;
}

QList<WaitingTask> WaitingLimits::newlyOverdue(const QList<WaitingTask> &waiting, qint64 nowMs)
{
    QList<WaitingTask> fresh;
    QSet<QString> present;
    for (const WaitingTask &task : waiting) {
        present.insert(task.taskId);
        if (!isOverdue(task.state, task.waitingSinceMs, nowMs))
            continue;
        const auto it = m_escalated.constFind(task.taskId);
        if (it != m_escalated.constEnd() && it.value() == task.waitingSinceMs)
            continue; // this wait was escalated already
        m_escalated.insert(task.taskId, task.waitingSinceMs);
        fresh.append(task);
    }
    for (auto it = m_escalated.begin(); it != m_escalated.end();) {
        if (present.contains(it.key()))
            ++it;
        else
            it = m_escalated.erase(it);
    }
    return fresh;
}

QString WaitingLimits::limitText(qint64 limitMs)
{
    const qint64 minutes = limitMs / 60000;
    if (minutes >= 120 && minutes % 60 == 0)
        return tr("%n h", nullptr, int(minutes / 60));
    if (minutes >= 1)
        return tr("%n min", nullptr, int(minutes));
    return tr("%n s", nullptr, int(limitMs / 1000));
}

Notification WaitingLimits::compose(const QList<WaitingTask> &overdue,
                                    const WaitingLimitConfig &config)
{
    Notification notification;
    notification.taskCount = int(overdue.size());
    notification.critical = true;
    const WaitingTask &first = overdue.constFirst();
    notification.taskId = first.taskId;
    notification.kind = first.state == core::TaskState::NeedsVerification
                            ? NotificationKind::NeedsVerification
                            : NotificationKind::NeedsInput;
    for (const WaitingTask &task : overdue) {
        const NotificationKind kind = task.state == core::TaskState::NeedsVerification
                                          ? NotificationKind::NeedsVerification
                                          : NotificationKind::NeedsInput;
        notification.counts[kind] += 1;
    }
    if (overdue.size() == 1) {
        notification.title = tr("Waiting too long: %1").arg(first.title);
        notification.body =
            tr("In %1 for more than %2.")
                .arg(StateStyle::label(first.state), limitText(config.limitFor(first.state)));
        return notification;
    }
    notification.title =
        tr("%n task(s) wait longer than their limit", nullptr, int(overdue.size()));
    QStringList names;
    for (qsizetype i = 0; i < overdue.size() && i < 3; ++i)
        names.append(overdue.at(i).title);
    if (overdue.size() > 3)
        names.append(tr("and %n more", nullptr, int(overdue.size() - 3)));
    notification.body = names.join(QStringLiteral(", "));
    return notification;
}

} // namespace clawops::ui
