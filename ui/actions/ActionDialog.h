#pragma once

#include "ActionRules.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
class QTreeWidget;

namespace clawops::ui {

// Confirms an action before it runs: exactly which tasks it will touch, which ones it skips and
// why, and the text it needs (an answer, a note, a reason). The task list is fixed when the
// dialog opens: what the operator confirms is what runs, even if the table moves meanwhile.
class ActionDialog final : public QDialog
{
    Q_OBJECT

public:
    // Above this many tasks a destructive action asks for the count to be typed.
    static constexpr int kTypedConfirmThreshold = 20;

    ActionDialog(const ActionPlan &plan, QWidget *parent = nullptr);

    const ActionPlan &plan() const { return m_plan; }
    QString text() const;
    bool retry() const; // Reject: queue a retry with the note instead of failing
    // Another operator claims some of the tasks: the question, at the top, before anything else.
    void setClaimQuestion(const QString &question);
    QString claimQuestion() const;

    // What the dialog says it will do, for tests and screen readers.
    QStringList eligibleIds() const;
    QStringList skippedIds() const;

private:
    void updateOk();

    ActionPlan m_plan;
    QTreeWidget *m_eligible;
    QTreeWidget *m_skipped;
    QPlainTextEdit *m_text = nullptr;
    QRadioButton *m_fail = nullptr;
    QRadioButton *m_retry = nullptr;
    QLineEdit *m_typed = nullptr;
    QLabel *m_claimQuestion = nullptr;
    QDialogButtonBox *m_buttons;
};

} // namespace clawops::ui
