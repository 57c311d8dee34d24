#pragma once

#include "actions/ActionRules.h"
#include "host/HostTypes.h"
#include "settings/UiSettings.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QTabWidget;
class QTimer;

namespace clawops::host {
class EngineHost;
}

namespace clawops::ui {

class ActionController;
class ActivityFeed;
class ChartsPage;
class ConnectDialog;
class EngineLink;
class InboxModel;
class InboxPage;
class NoticeArea;
class OrchestratorListModel;
class PendingCommands;
class RetryQueueModel;
class RetryQueuePage;
class StatusBarWidgets;
class TaskDetailPanel;
class TaskTableModel;
class TaskTableView;
class TasksPage;
class TimelineView;
class TokenStore;
class TrayNotifier;

// The operator console's window: Tasks, Inbox, Retry queue, Timeline and Charts tabs, the
// detail dock, the toolbar and menus carrying the operator actions, and the status bar. It only
// lays things out and wires them; models, actions and dialogs do the work. Talks to the engine
// through an EngineLink (the EngineHost constructor wraps the real one).
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(host::EngineHost &host, const host::EngineSettings &settings, bool demo = false,
               QWidget *parent = nullptr);
    MainWindow(EngineLink &link, const host::EngineSettings &settings, bool demo = false,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    EngineLink &link() const { return m_link; }
    TaskTableModel *tasksModel() const { return m_tasksModel; }
    InboxModel *inboxModel() const { return m_inboxModel; }
    RetryQueueModel *retryModel() const { return m_retryModel; }
    ActionController *actions() const { return m_actions; }
    PendingCommands *pendingCommands() const { return m_pending; }
    TaskDetailPanel *detailPanel() const { return m_detail; }
    NoticeArea *noticeArea() const { return m_notices; }
    StatusBarWidgets *statusWidgets() const { return m_statusWidgets; }
    TasksPage *tasksPage() const { return m_tasksPage; }
    InboxPage *inboxPage() const { return m_inboxPage; }
    RetryQueuePage *retryQueuePage() const { return m_retryPage; }
    TimelineView *timelineView() const { return m_timeline; }
    ChartsPage *chartsPage() const { return m_charts; }
    ActivityFeed *activityFeed() const { return m_activity; }
    QTabWidget *tabs() const { return m_tabs; }
    TokenStore *tokenStore() const { return m_tokens; }
    TrayNotifier *notifier() const { return m_notifier; }
    const UiSettings &uiSettings() const { return m_ui; }

    void showConnectDialog();
    void showSettingsDialog();
    // The gateway URL and token to connect with; an empty token means "the stored one".
    void connectTo(const QUrl &url, const QString &token, bool remember);
    // Raises the window on the task: selected where it is listed, its detail shown.
    void openTask(const QString &taskId);
    void bringToFront();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    MainWindow(std::unique_ptr<EngineLink> owned, const host::EngineSettings &settings, bool demo,
               QWidget *parent);

    void build();
    void buildActions();
    void buildMenus();
    void buildNotifications(); // MainWindowNotify.cpp
    void wireEngine();
    void buildActivityViews(); // MainWindowActivity.cpp
    QList<TaskRef> currentSelection() const;
    void applyUiSettings();
    void onDelta(const host::EngineDelta &delta);
    void onConnectionChanged(const host::ConnectionStatus &status);
    void onTick();
    void reloadAll();
    TaskTableView *activeView() const;
    void updateSelection();
    void showContextMenu(const QPoint &globalPos);
    void copySelectedIds();
    void updateTabTitles();
    void updateTitle();

    std::unique_ptr<EngineLink> m_ownedLink;
    EngineLink &m_link;
    host::EngineSettings m_settings;
    bool m_demo = false;
    UiSettings m_ui;
    core::StateCounts m_stateCounts;
    int m_retryCount = 0;
    QString m_lastErrorShown;

    PendingCommands *m_pending = nullptr;
    TaskTableModel *m_tasksModel = nullptr;
    InboxModel *m_inboxModel = nullptr;
    RetryQueueModel *m_retryModel = nullptr;
    OrchestratorListModel *m_orchestrators = nullptr;
    ActionController *m_actions = nullptr;
    TokenStore *m_tokens = nullptr;
    TrayNotifier *m_notifier = nullptr;

    QTabWidget *m_tabs = nullptr;
    NoticeArea *m_notices = nullptr;
    TasksPage *m_tasksPage = nullptr;
    InboxPage *m_inboxPage = nullptr;
    RetryQueuePage *m_retryPage = nullptr;
    ActivityFeed *m_activity = nullptr;
    TimelineView *m_timeline = nullptr;
    ChartsPage *m_charts = nullptr;
    TaskDetailPanel *m_detail = nullptr;
    QDockWidget *m_detailDock = nullptr;
    StatusBarWidgets *m_statusWidgets = nullptr;
    ConnectDialog *m_connectDialog = nullptr;
    QTimer *m_clock = nullptr;

    QAction *m_connectAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_copyIdsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_shortcutsAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QList<QAction *> m_tabActions;
};

} // namespace clawops::ui
