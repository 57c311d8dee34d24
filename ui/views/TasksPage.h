#pragma once

#include "core/StateCounts.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;

namespace clawops::ui {

class OrchestratorListModel;
class PendingCommands;
class SavedViewsPanel;
class StateChips;
class TaskTableModel;
class TaskTableView;

// The Tasks tab: state chips with the store's counts (as the model's deltas bring them), a
// debounced search in the query syntax (QuerySyntax), an orchestrator filter and the saved views
// over the paged task table. Every filter or sort change becomes one new store query. A search
// that names states decides them; the chips step aside until it no longer does.
class TasksPage final : public QWidget
{
    Q_OBJECT

public:
    TasksPage(TaskTableModel *model, OrchestratorListModel *orchestrators, PendingCommands *pending,
              QWidget *parent = nullptr);

    TaskTableView *view() const { return m_view; }
    StateChips *chips() const { return m_chips; }
    QLineEdit *searchField() const { return m_search; }
    SavedViewsPanel *savedViews() const { return m_views; }
    // What the search box's text did not parse into, for the operator; empty when all did.
    QString queryProblems() const;
    void setSearchDebounceMs(int ms);
    void focusSearch();

private:
    void layOut();
    void applyFilters();
    void updateSortIndicator();
    void updateCountLabel();
    void onHeaderClicked(int section);

    TaskTableModel *m_model;
    OrchestratorListModel *m_orchestrators;
    StateChips *m_chips;
    QLineEdit *m_search;
    QComboBox *m_orchestrator;
    QLabel *m_count;
    QLabel *m_problems;
    SavedViewsPanel *m_views;
    TaskTableView *m_view;
    QTimer *m_debounce;
};

} // namespace clawops::ui
