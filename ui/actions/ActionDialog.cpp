#include "ActionDialog.h"

#include "present/Accent.h"
#include "present/StateStyle.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace clawops::ui {

namespace {

QTreeWidget *makeList(QWidget *parent, const QString &name, const QStringList &headers)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setRootIsDecorated(false);
    tree->setHeaderLabels(headers);
    tree->setSelectionMode(QAbstractItemView::NoSelection);
    tree->setUniformRowHeights(true);
    tree->header()->setStretchLastSection(true);
    return tree;
}

QString textLabel(TaskAction action)
{
    switch (action) {
    case TaskAction::Answer:
        return ActionDialog::tr("Your answer (goes to the worker if it is alive, else to its "
                                "orchestrator):");
    case TaskAction::Reject:
        return ActionDialog::tr("Note (sent to the orchestrator with the retry; kept in the "
                                "audit log):");
    case TaskAction::ForceRetry:
        return ActionDialog::tr("Note to the orchestrator (optional):");
    case TaskAction::VerifyWithNote:
        return ActionDialog::tr("Note (kept in the audit log):");
    default:
        return ActionDialog::tr("Reason (optional, kept in the audit log):");
    }
}

} // namespace

ActionDialog::ActionDialog(const ActionPlan &plan, QWidget *parent)
    : QDialog(parent)
    , m_plan(plan)
    , m_eligible(
          makeList(this, QStringLiteral("action.eligible"), {tr("Task"), tr("State"), tr("Label")}))
    , m_skipped(makeList(this, QStringLiteral("action.skipped"),
                         {tr("Task"), tr("State"), tr("Why it is skipped")}))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("actionDialog"));
    const TaskAction action = plan.action;
    const int count = int(plan.eligible.size());
    setWindowTitle(tr("%1 — %n task(s)", nullptr, count).arg(ActionRules::title(action)));

    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(this);
    heading->setObjectName(QStringLiteral("action.heading"));
    heading->setTextFormat(Qt::PlainText);
    heading->setWordWrap(true);
    heading->setText(ActionRules::explanation(action));
    layout->addWidget(heading);

    auto *willTouch = new QLabel(tr("This will act on %n task(s):", nullptr, count), this);
    layout->addWidget(willTouch);
    for (const TaskRef &task : plan.eligible)
        new QTreeWidgetItem(m_eligible, {task.taskId, StateStyle::label(task.state), task.label});
    m_eligible->resizeColumnToContents(0);
    m_eligible->setMaximumHeight(count > 6 ? 200 : 24 + 22 * std::max(1, count));
    layout->addWidget(m_eligible);

    if (!plan.skipped.isEmpty()) {
        layout->addWidget(new QLabel(
            tr("%n selected task(s) will be left alone:", nullptr, int(plan.skipped.size())),
            this));
        for (const ActionPlan::Skip &skip : plan.skipped)
            new QTreeWidgetItem(
                m_skipped, {skip.task.taskId, StateStyle::label(skip.task.state), skip.reason});
        m_skipped->resizeColumnToContents(0);
        m_skipped->setMaximumHeight(160);
        layout->addWidget(m_skipped);
    } else {
        m_skipped->hide();
    }

    if (action == TaskAction::Reject) {
        m_fail = new QRadioButton(tr("Fail the task for good"), this);
        m_fail->setObjectName(QStringLiteral("action.rejectFail"));
        m_retry = new QRadioButton(tr("Retry now, with my note to the orchestrator"), this);
        m_retry->setObjectName(QStringLiteral("action.rejectRetry"));
        m_fail->setChecked(true);
        layout->addWidget(m_fail);
        layout->addWidget(m_retry);
    }
    if (ActionRules::offersText(action)) {
        layout->addWidget(new QLabel(textLabel(action), this));
        m_text = new QPlainTextEdit(this);
        m_text->setObjectName(QStringLiteral("action.text"));
        m_text->setTabChangesFocus(true);
        m_text->setMinimumHeight(action == TaskAction::Answer ? 110 : 60);
        if (action != TaskAction::Answer)
            m_text->setMaximumHeight(120); // a note, not an essay: the task list keeps the room
        layout->addWidget(m_text);
        connect(m_text, &QPlainTextEdit::textChanged, this, &ActionDialog::updateOk);
    }
    if (ActionRules::isDestructive(action) && count >= kTypedConfirmThreshold) {
        layout->addWidget(new QLabel(tr("Type %1 to confirm:").arg(count), this));
        m_typed = new QLineEdit(this);
        m_typed->setObjectName(QStringLiteral("action.typedConfirm"));
        layout->addWidget(m_typed);
        connect(m_typed, &QLineEdit::textChanged, this, &ActionDialog::updateOk);
    }

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("action.confirm"));
    ok->setText(count == 1 ? ActionRules::title(action)
                           : tr("%1 %n Tasks", nullptr, count).arg(ActionRules::title(action)));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("action.cancel"));
    if (ActionRules::isDestructive(action))
        m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // Enter does not destroy
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (m_text)
        m_text->setFocus();
    resize(560, sizeHint().height());
    updateOk();
}

QString ActionDialog::text() const
{
    return m_text ? m_text->toPlainText().trimmed() : QString();
}

bool ActionDialog::retry() const
{
    return m_retry && m_retry->isChecked();
}

void ActionDialog::setClaimQuestion(const QString &question)
{
    if (!m_claimQuestion) {
        m_claimQuestion = new QLabel(this);
        m_claimQuestion->setObjectName(QStringLiteral("action.claimQuestion"));
        m_claimQuestion->setTextFormat(Qt::PlainText);
        m_claimQuestion->setWordWrap(true);
        m_claimQuestion->setStyleSheet(QStringLiteral("QLabel { color: %1; font-weight: bold; }")
                                           .arg(accentColor(Accent::Warning, palette()).name()));
        static_cast<QVBoxLayout *>(layout())->insertWidget(0, m_claimQuestion);
    }
    m_claimQuestion->setText(question);
    resize(width(), sizeHint().height());
}

QString ActionDialog::claimQuestion() const
{
    return m_claimQuestion ? m_claimQuestion->text() : QString();
}

QStringList ActionDialog::eligibleIds() const
{
    QStringList ids;
    for (const TaskRef &task : m_plan.eligible)
        ids.append(task.taskId);
    return ids;
}

QStringList ActionDialog::skippedIds() const
{
    QStringList ids;
    for (const ActionPlan::Skip &skip : m_plan.skipped)
        ids.append(skip.task.taskId);
    return ids;
}

void ActionDialog::updateOk()
{
    bool ok = !m_plan.eligible.isEmpty();
    if (ActionRules::needsText(m_plan.action) && text().isEmpty())
        ok = false;
    if (m_typed && m_typed->text().trimmed() != QString::number(m_plan.eligible.size()))
        ok = false;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace clawops::ui
