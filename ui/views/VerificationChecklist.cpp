#include "VerificationChecklist.h"

#include "present/ReceiptSummary.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace clawops::ui {

namespace {

constexpr int kVisibleRows = 6; // more scroll; the tabs below keep their room

} // namespace

VerificationChecklist::VerificationChecklist(QWidget *parent)
    : QWidget(parent)
    , m_list(new QTreeWidget(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("detail.checklistBox"));
    auto *title = new QLabel(tr("Verification checklist"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_list->setObjectName(QStringLiteral("detail.checklist"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({tr("Check"), tr("Kind"), tr("Expected")});
    // The check itself is what the operator reads; the kind is one short word.
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setToolTip(tr("Tick each check once you have confirmed it. Every tick is recorded "
                          "in the task's operator actions."));
    m_summary->setObjectName(QStringLiteral("detail.checklistSummary"));
    m_summary->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->addWidget(title);
    layout->addWidget(m_list);
    layout->addWidget(m_summary);
    connect(m_list, &QTreeWidget::itemChanged, this, &VerificationChecklist::onItemChanged);
    setVisible(false);
}

QSet<int> VerificationChecklist::tickedItems(const host::TaskDetail &detail)
{
    core::TimeMs since = 0;
    for (const core::TransitionRecord &t : detail.transitions) {
        if (t.taskId == detail.task.taskId && t.to == core::TaskState::NeedsVerification)
            since = std::max(since, t.at);
    }
    QSet<int> ticked;
    for (const core::AuditRecord &a : detail.audits) { // oldest first: the last mark wins
        if (!a.check || a.taskId != detail.task.taskId || a.at < since)
            continue;
        if (a.check->ticked)
            ticked.insert(a.check->index);
        else
            ticked.remove(a.check->index);
    }
    return ticked;
}

void VerificationChecklist::setDetail(const host::TaskDetail &detail)
{
    const QList<ReceiptSummary::Check> checks =
        detail.task.state == core::TaskState::NeedsVerification
            ? ReceiptSummary::fromJson(detail.task.receiptJson).verification
            : QList<ReceiptSummary::Check>{};
    if (detail.task.taskId.str() != m_taskId) {
        m_taskId = detail.task.taskId.str();
        m_localTicks.clear();
    }
    m_logged = tickedItems(detail);
    for (auto it = m_localTicks.begin(); it != m_localTicks.end();) {
        // The log caught up (or the checklist is gone): the local tick has done its job.
        if (it.value() == m_logged.contains(it.key()) || it.key() >= checks.size())
            it = m_localTicks.erase(it);
        else
            ++it;
    }

    m_filling = true;
    m_list->clear();
    for (int i = 0; i < checks.size(); ++i) {
        const ReceiptSummary::Check &c = checks.at(i);
        auto *item = new QTreeWidgetItem(
            m_list, {c.value.isEmpty() ? c.expected : c.value, c.kind, c.expected});
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setData(0, Qt::UserRole, i);
        item->setToolTip(0, item->text(0));
        item->setToolTip(2, c.expected);
        const bool ticked = m_localTicks.value(i, m_logged.contains(i));
        item->setCheckState(0, ticked ? Qt::Checked : Qt::Unchecked);
    }
    m_filling = false;
    const int rows = std::clamp(int(checks.size()), 1, kVisibleRows);
    const int hinted = m_list->sizeHintForRow(0);
    const int rowHeight = hinted > 0 ? hinted : fontMetrics().height() + 6;
    m_list->setFixedHeight(m_list->header()->sizeHint().height() + rows * rowHeight +
                           2 * m_list->frameWidth() + 2);
    setVisible(!checks.isEmpty());
    updateSummary();
}

void VerificationChecklist::setVerifyNeedsAllChecks(bool require)
{
    m_requireAll = require;
    updateSummary();
}

void VerificationChecklist::dropLocalTick(int index)
{
    m_localTicks.remove(index);
    if (QTreeWidgetItem *item = m_list->topLevelItem(index)) {
        m_filling = true;
        item->setCheckState(0, m_logged.contains(index) ? Qt::Checked : Qt::Unchecked);
        m_filling = false;
    }
    updateSummary();
}

int VerificationChecklist::itemCount() const
{
    return m_list->topLevelItemCount();
}

int VerificationChecklist::uncheckedCount() const
{
    int unchecked = 0;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        unchecked += m_list->topLevelItem(i)->checkState(0) == Qt::Checked ? 0 : 1;
    return unchecked;
}

void VerificationChecklist::onItemChanged(QTreeWidgetItem *item, int column)
{
    if (m_filling || column != 0)
        return;
    const int index = item->data(0, Qt::UserRole).toInt();
    const bool ticked = item->checkState(0) == Qt::Checked;
    m_localTicks.insert(index, ticked);
    Q_EMIT toggled(index, item->text(0), ticked);
    updateSummary();
}

void VerificationChecklist::updateSummary()
{
    const int total = itemCount();
    const int unchecked = uncheckedCount();
    if (total > 0 && unchecked == 0)
        m_summary->setText(tr("Every check is ticked."));
    else if (m_requireAll)
        m_summary->setText(
            tr("%1 of %n check(s) ticked; Verify waits for the rest.", nullptr, total)
                .arg(total - unchecked));
    else
        m_summary->setText(tr("%1 of %n check(s) ticked.", nullptr, total).arg(total - unchecked));
    Q_EMIT uncheckedChanged(unchecked);
}

} // namespace clawops::ui
