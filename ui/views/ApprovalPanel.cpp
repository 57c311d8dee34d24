#include "ApprovalPanel.h"

#include "models/ApprovalModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace clawops::ui {

namespace {

// The decision a key stands for in the approvals list, empty for other keys.
QString decisionOf(const QKeyEvent *key)
{
    if (key->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier))
        return {};
    switch (key->key()) {
    case Qt::Key_V:
        return core::kAllowOnce;
    case Qt::Key_R:
        return core::kDeny;
    case Qt::Key_A:
        return core::kAllowAlways;
    default:
        return {};
    }
}

bool isWalkKey(const QKeyEvent *key)
{
    return (key->key() == Qt::Key_J || key->key() == Qt::Key_K) &&
           !(key->modifiers() & ~Qt::KeypadModifier);
}

} // namespace

ApprovalTableView::ApprovalTableView(QWidget *parent)
    : QTableView(parent)
{}

bool ApprovalTableView::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (isWalkKey(key) || !decisionOf(key).isEmpty()) {
            event->accept();
            return true;
        }
    }
    return QTableView::event(event);
}

void ApprovalTableView::keyPressEvent(QKeyEvent *event)
{
    if (isWalkKey(event)) {
        const int step = event->key() == Qt::Key_J ? 1 : -1;
        const int row = currentIndex().isValid() ? currentIndex().row() + step : 0;
        if (!model() || row < 0 || row >= model()->rowCount()) {
            Q_EMIT movePastEnd(step);
        } else {
            selectRow(row);
        }
        return;
    }
    if (const QString decision = decisionOf(event); !decision.isEmpty()) {
        Q_EMIT decisionKey(decision);
        return;
    }
    QTableView::keyPressEvent(event);
}

ApprovalPanel::ApprovalPanel(ApprovalModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_title(new QLabel(this))
    , m_view(new ApprovalTableView(this))
    , m_approve(new QPushButton(tr("Approve once (V)"), this))
    , m_deny(new QPushButton(tr("Deny (R)"), this))
    , m_always(new QPushButton(tr("Allow always (A)"), this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("inbox.approvals"));
    m_title->setObjectName(QStringLiteral("inbox.approvals.title"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_view->setObjectName(QStringLiteral("inbox.approvals.table"));
    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->resizeSection(ApprovalModel::WaitingColumn, 70);
    header->resizeSection(ApprovalModel::ExpiresColumn, 110);
    header->resizeSection(ApprovalModel::AsksColumn, 260);
    header->resizeSection(ApprovalModel::WhereColumn, 190);
    header->resizeSection(ApprovalModel::TaskColumn, 250);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_approve->setObjectName(QStringLiteral("inbox.approvals.approve"));
    m_deny->setObjectName(QStringLiteral("inbox.approvals.deny"));
    m_always->setObjectName(QStringLiteral("inbox.approvals.always"));
    m_approve->setToolTip(tr("Let the command run this once (V)"));
    m_deny->setToolTip(tr("Refuse it; the agent is told it was denied (R)"));
    m_always->setToolTip(tr("Let it run and stop asking for this command (A); only where the "
                            "gateway offers it"));
    m_note->setObjectName(QStringLiteral("inbox.approvals.note"));
    m_note->setWordWrap(true);
    m_note->hide();

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_title, 1);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_deny);
    buttons->addWidget(m_always);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->addLayout(buttons);
    layout->addWidget(m_view);
    layout->addWidget(m_note);
    m_view->setMaximumHeight(m_view->verticalHeader()->defaultSectionSize() * 5 +
                             header->sizeHint().height() + 4);

    connect(m_approve, &QPushButton::clicked, this, [this] { decide(core::kAllowOnce); });
    connect(m_deny, &QPushButton::clicked, this, [this] { decide(core::kDeny); });
    connect(m_always, &QPushButton::clicked, this, [this] { decide(core::kAllowAlways); });
    connect(m_view, &ApprovalTableView::decisionKey, this, &ApprovalPanel::decide);
    connect(m_view, &ApprovalTableView::movePastEnd, this, &ApprovalPanel::movePastEnd);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ApprovalPanel::updateButtons);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, [this] {
            updateVisibility();
            updateButtons();
        });
    connect(model, &QAbstractItemModel::dataChanged, this, &ApprovalPanel::updateButtons);
    connect(model, &ApprovalModel::approvalClosed, this,
            [this](const core::ApprovalRecord &, const QString &note) { showNote(note); });
    updateVisibility();
    updateButtons();
}

QString ApprovalPanel::currentApprovalId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(ApprovalModel::ApprovalIdRole).toString() : QString();
}

void ApprovalPanel::selectRow(int row)
{
    if (m_model->rowCount() == 0)
        return;
    m_view->selectRow(qBound(0, row, m_model->rowCount() - 1));
    m_view->setFocus(Qt::OtherFocusReason);
}

void ApprovalPanel::showNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    updateVisibility();
}

QString ApprovalPanel::note() const
{
    return m_note->isHidden() ? QString() : m_note->text();
}

void ApprovalPanel::setAllowed(bool allowed)
{
    m_allowed = allowed;
    updateVisibility();
}

// The selection moves on to the next approval at once; the decided row stays, marked as sent,
// until the gateway closes it.
void ApprovalPanel::decide(const QString &decision)
{
    const QModelIndex current = m_view->currentIndex();
    const core::ApprovalRecord *record =
        current.isValid() ? m_model->recordAt(current.row()) : nullptr;
    if (!record || !record->request.offers(decision) ||
        !current.data(ApprovalModel::DecidingRole).toString().isEmpty())
        return;
    const QString id = record->request.id;
    const QString taskId = record->taskId.str();
    m_model->setDeciding(id, decision);
    const int row = current.row();
    if (row + 1 < m_model->rowCount())
        m_view->selectRow(row + 1);
    Q_EMIT decisionWanted(id, taskId, decision);
}

void ApprovalPanel::updateButtons()
{
    const QModelIndex current = m_view->currentIndex();
    const core::ApprovalRecord *record =
        current.isValid() ? m_model->recordAt(current.row()) : nullptr;
    const bool open = record && current.data(ApprovalModel::DecidingRole).toString().isEmpty();
    m_approve->setEnabled(open && record->request.offers(core::kAllowOnce));
    m_deny->setEnabled(open && record->request.offers(core::kDeny));
    m_always->setEnabled(open && record->request.offers(core::kAllowAlways));
    if (record && !record->request.offers(core::kAllowAlways))
        m_always->setToolTip(tr("The gateway does not offer “allow always” for this command"));
    else
        m_always->setToolTip(tr("Let it run and stop asking for this command (A)"));
}

void ApprovalPanel::updateVisibility()
{
    const int count = m_model->rowCount();
    m_title->setText(tr("%n gateway approval(s) wait for you", nullptr, count));
    m_view->setVisible(count > 0);
    for (QPushButton *button : {m_approve, m_deny, m_always})
        button->setVisible(count > 0);
    m_title->setVisible(count > 0);
    setVisible(m_allowed && (count > 0 || !m_note->isHidden()));
    if (count > 0 && !m_view->currentIndex().isValid())
        m_view->selectRow(0);
}

} // namespace clawops::ui
