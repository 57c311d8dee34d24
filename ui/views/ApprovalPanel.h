#pragma once

#include <QTableView>
#include <QWidget>

class QLabel;
class QPushButton;

namespace clawops::ui {

class ApprovalModel;

// The approvals list keeps the Inbox's single keys while it has the focus: J and K walk it, V
// approves once, R denies and A allows always (the decisions of the task list, read for an
// approval). The keys are taken before the window's shortcuts see them.
class ApprovalTableView final : public QTableView
{
    Q_OBJECT

public:
    explicit ApprovalTableView(QWidget *parent = nullptr);

Q_SIGNALS:
    void decisionKey(const QString &decision);
    void movePastEnd(int step); // J on the last row, K on the first

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
};

// The Inbox's gateway approvals: what is asked, by which session and task, the risk, the time
// left, and Approve / Deny / Allow always. The first answer wins at the gateway; when an approval
// leaves (decided here or elsewhere, expired, its run ended) the note under the list says so.
class ApprovalPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit ApprovalPanel(ApprovalModel *model, QWidget *parent = nullptr);

    ApprovalTableView *view() const { return m_view; }
    QString currentApprovalId() const;
    // Selects the row (the first when out of range) and gives the list the focus.
    void selectRow(int row);
    void showNote(const QString &note);
    QString note() const;
    // Whether the Inbox's kind switch lets the panel show at all.
    void setAllowed(bool allowed);

Q_SIGNALS:
    // The operator decided the selected approval.
    void decisionWanted(const QString &approvalId, const QString &taskId, const QString &decision);
    void movePastEnd(int step);

private:
    void decide(const QString &decision);
    void updateButtons();
    void updateVisibility();

    ApprovalModel *m_model;
    QLabel *m_title;
    ApprovalTableView *m_view;
    QPushButton *m_approve;
    QPushButton *m_deny;
    QPushButton *m_always;
    QLabel *m_note;
    bool m_allowed = true;
};

} // namespace clawops::ui
