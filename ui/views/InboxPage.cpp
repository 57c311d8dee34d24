#include "InboxPage.h"

#include "ApprovalPanel.h"
#include "TaskTableView.h"
#include "models/ApprovalModel.h"
#include "models/InboxModel.h"
#include "present/Accent.h"

#include <QAction>
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace clawops::ui {

using core::TaskState;

InboxPage::InboxPage(InboxModel *model, PendingCommands *pending, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_summary(new QLabel(this))
    , m_lastDecision(new QLabel(this))
    , m_overdue(new QLabel(this))
    , m_all(new QToolButton(this))
    , m_input(new QToolButton(this))
    , m_verification(new QToolButton(this))
    , m_view(new TaskTableView(this))
{
    setObjectName(QStringLiteral("inboxPage"));
    m_summary->setObjectName(QStringLiteral("inbox.summary"));
    m_overdue->setObjectName(QStringLiteral("inbox.overdue"));
    m_overdue->setStyleSheet(QStringLiteral("QLabel { color: white; background: %1; "
                                            "border-radius: 8px; padding: 1px 8px; "
                                            "font-weight: bold; }")
                                 .arg(accentColor(Accent::Error, palette()).name()));
    m_overdue->setToolTip(tr("Tasks that wait longer than the limit for their state (Settings → "
                             "Console); marked red in the Waiting column"));
    m_overdue->hide();
    m_lastDecision->setObjectName(QStringLiteral("inbox.lastDecision"));
    m_lastDecision->setTextFormat(Qt::RichText);
    m_lastDecision->setTextInteractionFlags(Qt::LinksAccessibleByMouse |
                                            Qt::LinksAccessibleByKeyboard);
    m_lastDecision->hide();
    connect(m_lastDecision, &QLabel::linkActivated, this,
            [this](const QString &) { Q_EMIT openTaskWanted(m_lastDecided); });
    m_view->setObjectName(QStringLiteral("inbox.table"));
    m_view->setSelectionFollowsRemoval(true);
    m_view->setModel(model);
    m_view->setStateColumn(InboxModel::StateColumn);
    m_view->setPendingCommands(pending);
    m_view->setPlaceholderText(tr("Nothing needs you right now."));
    QHeaderView *header = m_view->horizontalHeader();
    header->resizeSection(InboxModel::WaitingColumn, 90);
    header->resizeSection(InboxModel::StateColumn, 140);
    header->resizeSection(InboxModel::LabelColumn, 160);
    header->resizeSection(InboxModel::ClaimColumn, 180);
    header->resizeSection(InboxModel::NeedsColumn, 290);
    header->resizeSection(InboxModel::GraceColumn, 150);
    header->resizeSection(InboxModel::OrchestratorColumn, 150);

    auto *group = new QButtonGroup(this);
    const struct
    {
        QToolButton *button;
        QString name;
        QString text;
    } kinds[] = {
        {m_all, QStringLiteral("inbox.kind.all"), tr("Everything")},
        {m_input, QStringLiteral("inbox.kind.input"), tr("Needs input")},
        {m_verification, QStringLiteral("inbox.kind.verification"), tr("Needs verification")},
    };
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    for (const auto &kind : kinds) {
        kind.button->setObjectName(kind.name);
        kind.button->setText(kind.text);
        kind.button->setCheckable(true);
        kind.button->setAutoRaise(true);
        group->addButton(kind.button);
        bar->addWidget(kind.button);
    }
    m_all->setChecked(true);
    bar->addStretch(1);
    bar->addWidget(m_overdue);
    bar->addWidget(m_summary);
    connect(group, &QButtonGroup::buttonClicked, this, &InboxPage::applyKind);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_lastDecision);
    connect(model, &InboxModel::storeCountsChanged, this, &InboxPage::showCounts);
    showCounts(core::StateCounts{});
}

void InboxPage::setClaimActions(const QList<QAction *> &actions)
{
    auto *bar =
        static_cast<QHBoxLayout *>(static_cast<QVBoxLayout *>(layout())->itemAt(0)->layout());
    int at = bar->indexOf(m_overdue);
    for (QAction *action : actions) {
        auto *button = new QToolButton(this);
        button->setObjectName(QStringLiteral("inbox.") + action->objectName());
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        bar->insertWidget(at++, button);
    }
    bar->insertSpacing(at, 12);
}

void InboxPage::showCounts(const core::StateCounts &counts)
{
    const int input = counts[TaskState::NeedsInput];
    const int verification = counts[TaskState::NeedsVerification];
    m_input->setText(tr("Needs input %1").arg(input));
    m_verification->setText(tr("Needs verification %1").arg(verification));
    m_waitingTasks = input + verification;
    showEverythingCount();
    m_summary->setText(input + verification == 0
                           ? tr("Nothing waits for you.")
                           : tr("%n task(s) wait for you, the longest-waiting first.", nullptr,
                                input + verification));
}

void InboxPage::showDecision(TaskAction action, const TaskRef &task, bool ok, const QString &result)
{
    m_lastDecided = task.taskId;
    const QString name = task.label.isEmpty() ? task.taskId : task.label;
    const QString text =
        ok ? tr("Last decision: %1 “%2” — %3") : tr("Last decision: %1 “%2” was refused — %3");
    m_lastDecision->setText(
        text.arg(ActionRules::title(action).toHtmlEscaped(), name.toHtmlEscaped(),
                 result.toHtmlEscaped()) +
        QStringLiteral(" <a href=\"task\">%1</a>").arg(tr("Show it").toHtmlEscaped()));
    QString tip =
        tr("Task %1: select it and show its detail with the new audit line").arg(task.taskId);
    if (m_back && !m_back->shortcut().isEmpty())
        tip += QStringLiteral(" (%1)").arg(m_back->shortcut().toString(QKeySequence::NativeText));
    m_lastDecision->setToolTip(tip);
    m_lastDecision->show();
}

void InboxPage::showOverdue(int count)
{
    m_overdueCount = count;
    m_overdue->setText(tr("%n over the waiting limit", nullptr, count));
    m_overdue->setVisible(count > 0);
}

void InboxPage::setApprovals(ApprovalModel *model)
{
    m_approvalModel = model;
    m_approvals = new ApprovalPanel(model, this);
    auto *layout = static_cast<QVBoxLayout *>(this->layout());
    layout->insertWidget(layout->indexOf(m_view), m_approvals);
    m_approvalKind = new QToolButton(this);
    m_approvalKind->setObjectName(QStringLiteral("inbox.kind.approvals"));
    m_approvalKind->setCheckable(true);
    m_approvalKind->setAutoRaise(true);
    m_all->group()->addButton(m_approvalKind);
    auto *bar = static_cast<QHBoxLayout *>(layout->itemAt(0)->layout());
    bar->insertWidget(bar->indexOf(m_verification) + 1, m_approvalKind);
    connect(m_approvals, &ApprovalPanel::decisionWanted, this, &InboxPage::approvalDecisionWanted);
    connect(m_approvals, &ApprovalPanel::movePastEnd, this, [this](int step) {
        if (step > 0 && m_view->isVisible() && m_view->model()->rowCount() > 0) {
            m_view->selectRow(0);
            m_view->setFocus(Qt::OtherFocusReason);
        }
    });
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, &InboxPage::showApprovalCount);
    showApprovalCount();
}

bool InboxPage::moveIntoApprovals(int step)
{
    if (!m_approvals || !m_approvals->isVisible() || m_approvalModel->rowCount() == 0)
        return false;
    const QModelIndex current = m_view->currentIndex();
    // K on the first task (or on nothing) goes up into the approvals, J with no task selected
    // starts at the first approval.
    if ((step < 0 && (!current.isValid() || current.row() == 0)) ||
        (step > 0 && !current.isValid())) {
        m_approvals->selectRow(step < 0 ? m_approvalModel->rowCount() - 1 : 0);
        return true;
    }
    return false;
}

void InboxPage::showApprovalCount()
{
    m_approvalKind->setText(tr("Approvals %1").arg(m_approvalModel->rowCount()));
    showEverythingCount();
}

// "Everything" is what the tab's count says: the waiting tasks and the gateway's approvals.
void InboxPage::showEverythingCount()
{
    const int approvals = m_approvalModel ? m_approvalModel->rowCount() : 0;
    m_all->setText(tr("Everything %1").arg(m_waitingTasks + approvals));
}

void InboxPage::applyKind()
{
    if (m_approvals) {
        const bool onlyApprovals = m_approvalKind->isChecked();
        m_approvals->setAllowed(m_all->isChecked() || onlyApprovals);
        m_view->setVisible(!onlyApprovals);
        if (onlyApprovals)
            return;
    }
    TaskQuery query = InboxModel::inboxQuery();
    if (m_input->isChecked())
        query.states = {TaskState::NeedsInput};
    else if (m_verification->isChecked())
        query.states = {TaskState::NeedsVerification};
    if (query.states != m_model->query().states)
        m_model->setQuery(query);
}

} // namespace clawops::ui
