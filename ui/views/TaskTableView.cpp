#include "TaskTableView.h"

#include "StateBadgeDelegate.h"
#include "models/ModelRoles.h"
#include "models/PendingCommands.h"

#include <QHeaderView>
#include <QPainter>
#include <QSettings>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace clawops::ui {

TaskTableView::TaskTableView(QWidget *parent)
    : QTableView(parent)
    , m_badge(new StateBadgeDelegate(this))
    , m_spinner(new QTimer(this))
    , m_selectionSignal(new QTimer(this))
{
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setShowGrid(false);
    setSortingEnabled(false); // the pages sort through the store, not through the view
    setContextMenuPolicy(Qt::CustomContextMenu);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_spinner->setInterval(100);
    connect(m_spinner, &QTimer::timeout, this, [this] {
        m_badge->advanceSpinner();
        if (m_stateColumn >= 0)
            viewport()->update();
    });
    // Several model signals may arrive in one turn (a delta touching many rows); the actions
    // re-plan once.
    m_selectionSignal->setSingleShot(true);
    m_selectionSignal->setInterval(0);
    connect(m_selectionSignal, &QTimer::timeout, this, &TaskTableView::selectedTasksChanged);
    connect(this, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { Q_EMIT contextMenuWanted(viewport()->mapToGlobal(pos)); });
}

void TaskTableView::setModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = this->model())
        disconnect(old, nullptr, this, nullptr);
    // Before the view's own selection model connects to the model: it moves the current index
    // off removed rows, and the successor must be chosen from where the operator was.
    if (model)
        connect(
            model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) { rememberSuccessor(first, last); });
    QTableView::setModel(model);
    if (!model)
        return;
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                   const QList<int> &roles) {
                // Clock ticks name their roles (display text only); a row whose task changed
                // comes with all roles. Only the latter can change what the actions allow.
                if (!roles.isEmpty() || !selectionModel())
                    return;
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    if (selectionModel()->isRowSelected(row, {})) {
                        scheduleSelectionSignal();
                        return;
                    }
                }
            });
    connect(model, &QAbstractItemModel::modelReset, this, &TaskTableView::scheduleSelectionSignal);
    connect(model, &QAbstractItemModel::layoutChanged, this,
            &TaskTableView::scheduleSelectionSignal);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TaskTableView::scheduleSelectionSignal);
    connect(model, &QAbstractItemModel::rowsMoved, this, &TaskTableView::scheduleSelectionSignal);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TaskTableView::selectSuccessor);
    connect(model, &QAbstractItemModel::modelReset, viewport(), qOverload<>(&QWidget::update));
    connect(model, &QAbstractItemModel::rowsInserted, viewport(), qOverload<>(&QWidget::update));
}

void TaskTableView::setStateColumn(int column)
{
    if (m_stateColumn >= 0)
        setItemDelegateForColumn(m_stateColumn, nullptr);
    m_stateColumn = column;
    if (column >= 0)
        setItemDelegateForColumn(column, m_badge);
}

void TaskTableView::setPendingCommands(PendingCommands *pending)
{
    m_pending = pending;
    if (m_pending)
        connect(m_pending, &PendingCommands::changed, this, &TaskTableView::updateSpinner);
    updateSpinner();
}

void TaskTableView::updateSpinner()
{
    const bool any = m_pending && m_pending->count() > 0;
    if (any && !m_spinner->isActive())
        m_spinner->start();
    else if (!any)
        m_spinner->stop();
}

void TaskTableView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

QList<TaskRef> TaskTableView::selectedTasks() const
{
    QList<TaskRef> tasks;
    if (!selectionModel())
        return tasks;
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : std::as_const(rows)) {
        TaskRef ref;
        ref.taskId = index.data(TaskIdRole).toString();
        ref.label = index.data(TaskLabelRole).toString();
        ref.state = core::TaskState(index.data(TaskStateRole).toInt());
        ref.pending = index.data(PendingRole).toBool();
        ref.verificationItems = index.data(VerificationItemsRole).toInt();
        if (!ref.taskId.isEmpty())
            tasks.append(ref);
    }
    return tasks;
}

QString TaskTableView::currentTaskId() const
{
    const QModelIndex current = currentIndex();
    return current.isValid() ? current.data(TaskIdRole).toString() : QString();
}

bool TaskTableView::selectTask(const QString &taskId)
{
    if (!model())
        return false;
    for (int row = 0; row < model()->rowCount(); ++row) {
        const QModelIndex index = model()->index(row, 0);
        if (index.data(TaskIdRole).toString() == taskId) {
            setCurrentIndex(index);
            selectRow(row);
            scrollTo(index);
            return true;
        }
    }
    return false;
}

bool TaskTableView::moveCurrent(int delta)
{
    if (!model() || model()->rowCount() == 0)
        return false;
    const int rows = model()->rowCount();
    const QModelIndex current = currentIndex();
    int target = 0;
    if (!current.isValid())
        target = delta >= 0 ? 0 : rows - 1;
    else
        target = std::clamp(current.row() + delta, 0, rows - 1);
    if (current.isValid() && target == current.row() && selectionModel()->isRowSelected(target, {}))
        return false;
    selectOnly(target);
    return true;
}

bool TaskTableView::advancePast(const QStringList &taskIds)
{
    if (!model())
        return false;
    const int rows = model()->rowCount();
    int lastDecided = -1;
    int firstDecided = rows;
    for (int row = 0; row < rows; ++row) {
        if (taskIds.contains(model()->index(row, 0).data(TaskIdRole).toString())) {
            lastDecided = std::max(lastDecided, row);
            firstDecided = std::min(firstDecided, row);
        }
    }
    if (lastDecided < 0)
        return false;
    const auto open = [this, &taskIds](int row) {
        const QModelIndex index = model()->index(row, 0);
        return !taskIds.contains(index.data(TaskIdRole).toString()) &&
               !index.data(PendingRole).toBool();
    };
    for (int row = lastDecided + 1; row < rows; ++row) {
        if (open(row)) {
            selectOnly(row);
            return true;
        }
    }
    for (int row = firstDecided - 1; row >= 0; --row) {
        if (open(row)) {
            selectOnly(row);
            return true;
        }
    }
    return false;
}

void TaskTableView::selectOnly(int row)
{
    const QModelIndex index =
        model()->index(row, currentIndex().isValid() ? currentIndex().column() : 0);
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    scrollTo(index);
}

void TaskTableView::rememberSuccessor(int first, int last)
{
    m_successor.clear();
    const QModelIndex current = currentIndex();
    if (!m_followRemoval || !current.isValid() || current.row() < first || current.row() > last ||
        !selectionModel()->isRowSelected(current.row(), {}))
        return;
    // The row below the removed ones is the next item; at the end of the list, the one above.
    const int rows = model()->rowCount();
    const int successor = last + 1 < rows ? last + 1 : first - 1;
    if (successor >= 0)
        m_successor = model()->index(successor, 0).data(TaskIdRole).toString();
}

void TaskTableView::selectSuccessor()
{
    const QString taskId = std::exchange(m_successor, QString());
    if (!taskId.isEmpty())
        selectTask(taskId);
}

void TaskTableView::restoreHeader(const QString &key)
{
    const QByteArray state = QSettings().value(key).toByteArray();
    if (!state.isEmpty())
        horizontalHeader()->restoreState(state);
}

void TaskTableView::saveHeader(const QString &key) const
{
    QSettings().setValue(key, horizontalHeader()->saveState());
}

void TaskTableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (!model() || model()->rowCount() > 0 || m_placeholder.isEmpty())
        return;
    QPainter painter(viewport());
    QColor color = palette().color(QPalette::PlaceholderText);
    painter.setPen(color);
    painter.drawText(viewport()->rect().adjusted(16, 16, -16, -16),
                     Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_placeholder);
}

void TaskTableView::selectionChanged(const QItemSelection &selected,
                                     const QItemSelection &deselected)
{
    QTableView::selectionChanged(selected, deselected);
    scheduleSelectionSignal();
}

void TaskTableView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTableView::currentChanged(current, previous);
    const QString id = current.isValid() ? current.data(TaskIdRole).toString() : QString();
    if (id != m_lastCurrent) {
        m_lastCurrent = id;
        Q_EMIT currentTaskChanged(id);
    }
}

void TaskTableView::scheduleSelectionSignal()
{
    m_selectionSignal->start();
}

} // namespace clawops::ui
