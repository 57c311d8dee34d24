#pragma once

#include "actions/ActionRules.h"
#include "host/HostTypes.h"
#include "notify/WaitingLimits.h"
#include "settings/UiSettings.h"

#include <QMainWindow>

class QDockWidget;
class QTabWidget;
class QTimer;

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

class ActionController;
class ActivityFeed;
class ApprovalModel;
class ConnectionControl;
class ConsoleStatus;
class ExportController;
class InboxModel;
class InboxPage;
class NoticeArea;
class OrchestratorListModel;
class PendingCommands;
class RetryQueueModel;
class RetryQueuePage;
class PolicyPage;
class PolicyViolationModel;
class TaskDetailPanel;
class TaskTableModel;
class TaskTableView;
class TasksPage;
class TimelineView;
class TokenStore;
class TrayNotifier;
class WindowMenus;

// The operator console's window: Tasks, Inbox, Retry queue, Timeline and Charts tabs with the
// detail dock, and which tasks the operator is looking at across them (what the actions act on,
// what the detail panel shows). The models, the actions and the activity feed subscribe to the
// engine themselves; the menus (WindowMenus), the status bar and notices (ConsoleStatus) and the
// way to a gateway (ConnectionControl) are parts of their own. Tests find the parts by object
// name.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(host::EngineApi &engine, const host::EngineSettings &settings, bool demo = false,
               QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createModels();
    void buildApprovals();
    void buildTabs();
    void buildDetailDock();
    void buildActivityTabs();
    void buildPolicyTab();
    void updatePolicyTitle();
    void buildNotifier();
    void buildMenus();
    void followSelection();
    void followDecisions();
    void followTheTimeline();
    void followTheGatewayLink();
    void updateGraceClock();
    void restoreLayout();
    void applyUiSettings();
    void saveUiSettings();
    void showSettingsDialog();
    void reloadAll();
    void onTick();
    void checkWaitingLimits(qint64 nowMs);
    void updateInboxTitle();

    TaskTableView *activeView() const;
    QList<TaskRef> currentSelection() const;
    void updateSelection();
    void showContextMenu(const QPoint &globalPos);
    void copySelectedIds();
    void exportHistory();
    void exportView();
    // Raises the window on the task: selected where it is listed, its detail shown.
    void openTask(const QString &taskId);
    void bringToFront();
    void showDetailDock();
    void updateTabTitles(const host::EngineDelta &delta);
    void updateTitle(const QString &gatewayUrl);

    host::EngineApi &m_engine;
    host::EngineSettings m_settings;
    bool m_demo = false;
    UiSettings m_ui;
    int m_inboxCount = 0;
    int m_retryCount = 0;
    int m_overdueCount = 0;
    // Whether this console's engine acts, and its link: grace windows wait on it (GraceClock).
    bool m_acting = false;
    bool m_linkLive = false;
    qint64 m_linkLiveSinceMs = 0;
    // Which waits were escalated already; the Inbox model marks, this announces.
    WaitingLimits m_limitWatch;

    PendingCommands *m_pending = nullptr;
    TaskTableModel *m_tasksModel = nullptr;
    InboxModel *m_inboxModel = nullptr;
    RetryQueueModel *m_retryModel = nullptr;
    OrchestratorListModel *m_orchestrators = nullptr;
    ActionController *m_actions = nullptr;
    ActivityFeed *m_activity = nullptr;
    TokenStore *m_tokens = nullptr;
    ExportController *m_export = nullptr;
    TrayNotifier *m_notifier = nullptr;

    QTabWidget *m_tabs = nullptr;
    NoticeArea *m_notices = nullptr;
    TasksPage *m_tasksPage = nullptr;
    InboxPage *m_inboxPage = nullptr;
    RetryQueuePage *m_retryPage = nullptr;
    PolicyViolationModel *m_policyModel = nullptr;
    ApprovalModel *m_approvalModel = nullptr;
    PolicyPage *m_policyPage = nullptr;
    TimelineView *m_timeline = nullptr;
    TaskDetailPanel *m_detail = nullptr;
    QDockWidget *m_detailDock = nullptr;
    ConsoleStatus *m_status = nullptr;
    ConnectionControl *m_connection = nullptr;
    WindowMenus *m_menus = nullptr;
    QTimer *m_clock = nullptr;
};

} // namespace clawops::ui
