#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace clawops::ui {

class PolicyViolationModel;

// The Policy tab: every tool start the plugin's policies would have blocked, newest first, and
// below the table the plugin's own reason for the selected one (what an agent is told when
// policyAction is "abort").
class PolicyPage final : public QWidget
{
    Q_OBJECT

public:
    explicit PolicyPage(PolicyViolationModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }

private:
    void showSelected();

    PolicyViolationModel *m_model;
    QTableView *m_view;
    QPlainTextEdit *m_reason;
    QLabel *m_empty;
};

} // namespace clawops::ui
