// The window's side of desktop notifications: the tray notifier, do not disturb, and opening
// the task a notification was about.
#include "InboxPage.h"
#include "MainWindow.h"
#include "TaskDetailPanel.h"
#include "TaskTableView.h"
#include "TasksPage.h"
#include "notify/TrayNotifier.h"

#include <QDockWidget>
#include <QSettings>
#include <QTabWidget>

namespace clawops::ui {

void MainWindow::buildNotifications()
{
    m_notifier = new TrayNotifier(this);
    m_notifier->setDoNotDisturb(m_ui.doNotDisturb);
    connect(m_notifier, &TrayNotifier::openTaskRequested, this, &MainWindow::openTask);
    connect(m_notifier, &TrayNotifier::showWindowRequested, this, &MainWindow::bringToFront);
    connect(m_notifier, &TrayNotifier::quitRequested, this, &QWidget::close);
    connect(m_notifier, &TrayNotifier::doNotDisturbChanged, this, [this](bool on) {
        if (m_ui.doNotDisturb == on)
            return;
        m_ui.doNotDisturb = on;
        QSettings settings;
        m_ui.save(settings);
    });
}

void MainWindow::bringToFront()
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
}

void MainWindow::openTask(const QString &taskId)
{
    bringToFront();
    // The inbox is where the operator acts on waiting tasks; anything else is in Tasks. A task
    // not loaded in either table (filtered out, beyond the loaded pages) still gets its detail.
    if (m_inboxPage->view()->selectTask(taskId))
        m_tabs->setCurrentWidget(m_inboxPage);
    else if (m_tasksPage->view()->selectTask(taskId))
        m_tabs->setCurrentWidget(m_tasksPage);
    m_detail->showTask(taskId);
    m_detailDock->show();
    m_detailDock->raise();
}

} // namespace clawops::ui
