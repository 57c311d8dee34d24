#pragma once

#include "actions/ActionRules.h"
#include "core/StateCounts.h"

#include <QHash>
#include <QWidget>

class QAction;
class QLabel;
class QToolButton;

namespace clawops::ui {

class ApprovalModel;
class ApprovalPanel;
class InboxModel;
class PendingCommands;
class TaskTableView;

// The Inbox tab: the tasks that need a human, the longest-waiting first, with a switch between
// both kinds, only needs_input and only needs_verification.
class InboxPage final : public QWidget
{
    Q_OBJECT

public:
    InboxPage(InboxModel *model, PendingCommands *pending, QWidget *parent = nullptr);

    TaskTableView *view() const { return m_view; }
    // The operator's last decision and how the engine took it, with a link back to the task
    // (whose detail then shows the new audit line).
    void showDecision(TaskAction action, const TaskRef &task, bool ok, const QString &result);
    QString lastDecidedTaskId() const { return m_lastDecided; }
    // How many loaded tasks wait longer than their state's limit (0 hides the badge).
    void showOverdue(int count);
    int overdueShown() const { return m_overdueCount; }
    // The window's action that goes back to the last decided task: its shortcut is named.
    void setBackAction(QAction *action) { m_back = action; }
    // Claim and Release Claim, as buttons above the table (the window owns the actions).
    void setClaimActions(const QList<QAction *> &actions);
    // Gateway approvals, the third kind: a list above the tasks, and a switch of its own.
    void setApprovals(ApprovalModel *model);
    ApprovalPanel *approvals() const { return m_approvals; }
    // J past the end of the approvals goes on into the tasks, K above the first task back up.
    bool moveIntoApprovals(int step);

Q_SIGNALS:
    void openTaskWanted(const QString &taskId);
    void approvalDecisionWanted(const QString &approvalId, const QString &taskId,
                                const QString &decision);

private:
    void applyKind();
    void showCounts(const core::StateCounts &counts);
    void showApprovalCount();
    void showEverythingCount();

    InboxModel *m_model;
    QLabel *m_summary;
    QLabel *m_lastDecision;
    QLabel *m_overdue;
    int m_overdueCount = 0;
    QString m_lastDecided;
    QAction *m_back = nullptr;
    QToolButton *m_all;
    QToolButton *m_input;
    QToolButton *m_verification;
    QToolButton *m_approvalKind = nullptr;
    TaskTableView *m_view;
    ApprovalModel *m_approvalModel = nullptr;
    ApprovalPanel *m_approvals = nullptr;
    int m_waitingTasks = 0;
};

} // namespace clawops::ui
