#include "PolicyPage.h"

#include "models/PolicyViolationModel.h"
#include "present/TimeFormat.h"

#include <QDateTime>
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
    // Widths of typical content, so rows arriving later need no new layout; the arguments take
    // the rest. Time and tool are measured on real text: digits and underscores are wider than
    // the font's average character, and a cut time or tool name is no use.
    const QFontMetrics metrics = m_view->fontMetrics();
    const int padding = 3 * metrics.averageCharWidth();
    const auto widthOf = [&](const QString &sample) {
        return metrics.horizontalAdvance(sample) + padding;
    };
    const int charWidth = metrics.averageCharWidth();
    const std::pair<int, int> widths[] = {
        {PolicyViolationModel::TimeColumn,
         widthOf(TimeFormat::absolute(
             QDateTime(QDate(2026, 12, 28), QTime(23, 58, 58)).toMSecsSinceEpoch()))},
        {PolicyViolationModel::SessionColumn, 28 * charWidth},
        {PolicyViolationModel::ToolColumn, widthOf(QStringLiteral("sessions_spawn"))},
        {PolicyViolationModel::RuleColumn, 36 * charWidth},
        {PolicyViolationModel::ActionColumn, 26 * charWidth},
    };
    for (const auto &[column, width] : widths)
        m_view->setColumnWidth(column, width);
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
