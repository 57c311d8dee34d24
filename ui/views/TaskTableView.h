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
    // Makes the row `delta` rows away from the current one current and the only selected row
    // (the first or last row when none is current). False when there is no row to go to.
    bool moveCurrent(int delta);
    // Selects the row the operator meets next after deciding on these tasks: the first row below
    // them that is neither one of them nor waiting for a command, else the nearest such row
    // above. False (and the selection left alone) when there is none.
    bool advancePast(const QStringList &taskIds);
    // When the row under the selection leaves the model (its task no longer matches), the next
    // row becomes the selected one, so that a list being worked through stays under the keys.
    void setSelectionFollowsRemoval(bool follow) { m_followRemoval = follow; }

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
    void rememberSuccessor(int first, int last);
    void selectSuccessor();
    void selectOnly(int row);

    StateBadgeDelegate *m_badge;
    PendingCommands *m_pending = nullptr;
    QTimer *m_spinner;
    QTimer *m_selectionSignal;
    QString m_placeholder;
    QString m_lastCurrent;
    QString m_successor; // the task to select once the current row's removal is done
    bool m_followRemoval = false;
    int m_stateColumn = -1;
};

} // namespace clawops::ui
