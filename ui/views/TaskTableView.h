#pragma once

#include "actions/ActionRules.h"

#include <QTableView>

class QTimer;

namespace clawops::ui {

class PendingCommands;
class StateBadgeDelegate;

// A table of tasks: row selection, the state badge delegate on one column, a spinner while
// commands are pending, a placeholder when empty, and the selection as TaskRefs for actions.
// Works on any model that provides the task roles (ModelRoles.h).
class TaskTableView final : public QTableView
{
    Q_OBJECT

public:
    explicit TaskTableView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    void setStateColumn(int column);
    void setPendingCommands(PendingCommands *pending);
    void setPlaceholderText(const QString &text);

    QList<TaskRef> selectedTasks() const;
    QString currentTaskId() const;
    bool selectTask(const QString &taskId);

    // Column widths and order, stored under the key in QSettings.
    void restoreHeader(const QString &key);
    void saveHeader(const QString &key) const;

Q_SIGNALS:
    // The selected tasks changed, or something about them did (state, pending).
    void selectedTasksChanged();
    void currentTaskChanged(const QString &taskId);
    void contextMenuWanted(const QPoint &globalPos);

protected:
    void paintEvent(QPaintEvent *event) override;
    void selectionChanged(const QItemSelection &selected,
                          const QItemSelection &deselected) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    void scheduleSelectionSignal();
    void updateSpinner();

    StateBadgeDelegate *m_badge;
    PendingCommands *m_pending = nullptr;
    QTimer *m_spinner;
    QTimer *m_selectionSignal;
    QString m_placeholder;
    QString m_lastCurrent;
    int m_stateColumn = -1;
};

} // namespace clawops::ui
