#include "PolicyPage.h"

#include "models/PolicyViolationModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace clawops::ui {

PolicyPage::PolicyPage(PolicyViolationModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_reason(new QPlainTextEdit(this))
    , m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("policyPage"));
    m_empty->setWordWrap(true);
    m_empty->setText(tr("No policy violations. Tool starts that the orchestrator policies "
                        "(enforceMainDelegation, allowedOrchestratorTools, enforceFridayChannels, "
                        "retired orchestrators) would have blocked are listed here."));
    m_view->setObjectName(QStringLiteral("policyView"));
    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    // Widths in characters of typical content, so rows arriving later need no new layout; the
    // arguments take the rest.
    const int charWidth = m_view->fontMetrics().averageCharWidth();
    const std::pair<int, int> widths[] = {
        {PolicyViolationModel::TimeColumn, 20},   {PolicyViolationModel::SessionColumn, 28},
        {PolicyViolationModel::ToolColumn, 16},   {PolicyViolationModel::RuleColumn, 36},
        {PolicyViolationModel::ActionColumn, 26},
    };
    for (const auto &[column, chars] : widths)
        m_view->setColumnWidth(column, chars * charWidth);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_reason->setObjectName(QStringLiteral("policyReason"));
    m_reason->setReadOnly(true);
    m_reason->setPlaceholderText(tr("The reason the plugin would have given the agent"));
    m_reason->setMaximumHeight(m_reason->fontMetrics().lineSpacing() * 6);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_empty);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_reason);

    const auto updateEmpty = [this] { m_empty->setVisible(m_model->rowCount() == 0); };
    connect(model, &QAbstractItemModel::rowsInserted, this, updateEmpty);
    connect(model, &QAbstractItemModel::modelReset, this, updateEmpty);
    updateEmpty();
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PolicyPage::showSelected);
}

void PolicyPage::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    m_reason->setPlainText(
        current.isValid() ? current.data(PolicyViolationModel::ReasonRole).toString() : QString());
}

} // namespace clawops::ui
