// The window's side of the Timeline and Charts tabs: the feed that fills them, the tabs
// themselves, and the timeline's clicked bar as the window's selection.
#include "InboxPage.h"
#include "MainWindow.h"
#include "RetryQueuePage.h"
#include "TaskDetailPanel.h"
#include "TaskTableView.h"
#include "TasksPage.h"
#include "charts/ChartsPage.h"
#include "models/ActivityFeed.h"
#include "models/PendingCommands.h"
#include "timeline/TimelineView.h"

#include <QDockWidget>
#include <QTabWidget>

namespace clawops::ui {

void MainWindow::buildActivityViews()
{
    m_activity = new ActivityFeed(m_link, this);
    m_timeline = new TimelineView(m_activity->timeline(), this);
    m_charts = new ChartsPage(m_activity->charts(), this);
    m_tabs->addTab(m_timeline, QIcon(), tr("Timeline"));
    m_tabs->addTab(m_charts, QIcon(), tr("Charts"));

    connect(m_timeline, &TimelineView::taskSelected, this, [this](const QString &taskId) {
        updateSelection();
        m_detail->showTask(taskId);
    });
    connect(m_timeline, &TimelineView::taskActivated, this, [this] {
        m_detailDock->show();
        m_detailDock->raise();
    });
    // The task chosen in a table stays marked when the operator switches to the timeline.
    for (TaskTableView *view : {m_tasksPage->view(), m_inboxPage->view(), m_retryPage->view()}) {
        connect(view, &TaskTableView::currentTaskChanged, m_timeline, [this](const QString &id) {
            if (!id.isEmpty())
                m_timeline->setSelectedTask(id);
        });
    }
    // The selected bar's state changes under it; the actions must follow.
    connect(m_activity->timeline(), &TimelineData::changed, this, [this] {
        if (m_tabs->currentWidget() == m_timeline && !m_timeline->selectedTaskId().isEmpty())
            updateSelection();
    });
}

QList<TaskRef> MainWindow::currentSelection() const
{
    if (TaskTableView *view = activeView())
        return view->selectedTasks();
    if (m_timeline && m_tabs->currentWidget() == m_timeline) {
        if (const std::optional<TimelineBar> bar = m_timeline->selectedBar())
            return {
                TaskRef{bar->taskId, bar->label, bar->outcome, m_pending->isPending(bar->taskId)}};
    }
    return {};
}

} // namespace clawops::ui
