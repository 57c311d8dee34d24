#include "MainWindow.h"

#include "InboxPage.h"
#include "NoticeArea.h"
#include "RetryQueuePage.h"
#include "StateChips.h"
#include "StatusBarWidgets.h"
#include "TaskDetailPanel.h"
#include "TaskTableView.h"
#include "TasksPage.h"
#include "UiLogging.h"
#include "UiResources.h"
#include "actions/ActionController.h"
#include "dialogs/ConnectDialog.h"
#include "dialogs/SettingsDialog.h"
#include "dialogs/ShortcutsDialog.h"
#include "link/EngineLink.h"
#include "models/ActivityFeed.h"
#include "models/InboxModel.h"
#include "models/OrchestratorListModel.h"
#include "models/PendingCommands.h"
#include "models/RetryQueueModel.h"
#include "models/TaskTableModel.h"
#include "notify/TrayNotifier.h"
#include "present/ConnectionAdvice.h"
#include "settings/Theme.h"
#include "settings/TokenStore.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace clawops::ui {

namespace {
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kTasksHeaderKey = QStringLiteral("window/tasksHeader");
const QString kInboxHeaderKey = QStringLiteral("window/inboxHeader");
constexpr int kStatusMessageMs = 8000;
} // namespace

MainWindow::MainWindow(EngineLink &link, const host::EngineSettings &settings, bool demo,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_link(link)
    , m_settings(settings)
    , m_demo(demo)
{
    build();
}

MainWindow::MainWindow(std::unique_ptr<EngineLink> owned, const host::EngineSettings &settings,
                       bool demo, QWidget *parent)
    : QMainWindow(parent)
    , m_ownedLink(std::move(owned))
    , m_link(*m_ownedLink)
    , m_settings(settings)
    , m_demo(demo)
{
    build();
}

MainWindow::~MainWindow() = default;

void MainWindow::build()
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/clawops.svg")));
    {
        QSettings settings;
        m_ui = UiSettings::load(settings);
    }
    if (!m_settings.operatorName.isEmpty() &&
        m_ui.operatorName == UiSettings::defaultOperatorName())
        m_ui.operatorName = m_settings.operatorName;

    m_pending = new PendingCommands(this);
    m_tokens = new TokenStore(this);
    m_orchestrators = new OrchestratorListModel(this);
    m_tasksModel = new TaskTableModel(this);
    m_inboxModel = new InboxModel(this);
    m_retryModel = new RetryQueueModel(this);
    for (PagedTaskModel *model : {static_cast<PagedTaskModel *>(m_tasksModel),
                                  static_cast<PagedTaskModel *>(m_inboxModel)}) {
        model->setPendingCommands(m_pending);
        model->setPageRequester(
            [this](const core::TaskQuery &request) { return m_link.requestTaskPage(request); });
    }
    m_inboxModel->setVerificationGraceMs(m_settings.config.verificationGraceMs);
    m_actions = new ActionController(m_link, *m_pending, this, this);
    m_actions->setSelectionProvider([this] { return currentSelection(); });

    m_notices = new NoticeArea(this);
    m_tasksPage = new TasksPage(m_tasksModel, m_orchestrators, m_pending, this);
    m_inboxPage = new InboxPage(m_inboxModel, m_pending, this);
    m_retryPage = new RetryQueuePage(m_retryModel, m_actions->pauseRetriesAction(), this);
    m_retryPage->setRetryActions(m_actions->action(TaskAction::ForceRetry),
                                 m_actions->action(TaskAction::CancelRetry));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_tasksPage, QIcon(), tr("Tasks"));
    m_tabs->addTab(m_inboxPage, QIcon(QStringLiteral(":/icons/inbox.svg")), tr("Inbox"));
    m_tabs->addTab(m_retryPage, QIcon(QStringLiteral(":/icons/retry.svg")), tr("Retry Queue"));

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_notices);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_detail = new TaskDetailPanel(m_link, *m_pending, this);
    m_detail->setVerificationGraceMs(m_settings.config.verificationGraceMs);
    m_detailDock = new QDockWidget(tr("Task Detail"), this);
    m_detailDock->setObjectName(QStringLiteral("detailDock"));
    m_detailDock->setWidget(m_detail);
    m_detailDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                              QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::RightDockWidgetArea, m_detailDock);
    buildActivityViews();

    m_statusWidgets = new StatusBarWidgets(this);
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->addPermanentWidget(m_statusWidgets);
    connect(m_statusWidgets, &StatusBarWidgets::connectionClicked, this,
            &MainWindow::showConnectDialog);

    buildNotifications();
    buildActions();
    buildMenus();
    m_detail->setActions(m_actions->taskActions());

    for (TaskTableView *view : {m_tasksPage->view(), m_inboxPage->view(), m_retryPage->view()}) {
        connect(view, &TaskTableView::selectedTasksChanged, this, [this, view] {
            if (view == activeView())
                updateSelection();
        });
        connect(view, &TaskTableView::currentTaskChanged, this, [this, view](const QString &id) {
            // An empty current (a reload) keeps the panel on the last task.
            if (view == activeView() && !id.isEmpty())
                m_detail->showTask(id);
        });
        connect(view, &TaskTableView::contextMenuWanted, this, &MainWindow::showContextMenu);
        connect(view, &QAbstractItemView::activated, this, [this] {
            m_detailDock->show();
            m_detailDock->raise();
        });
        view->addAction(m_copyIdsAction);
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateSelection();
        if (TaskTableView *view = activeView(); view && !view->currentTaskId().isEmpty())
            m_detail->showTask(view->currentTaskId());
        onTick();
    });

    connect(m_actions, &ActionController::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, kStatusMessageMs); });
    connect(m_actions, &ActionController::succeeded, this,
            [this](const QString &text) { statusBar()->showMessage(text, kStatusMessageMs); });
    connect(m_actions, &ActionController::failed, this, [this](const QString &text) {
        statusBar()->showMessage(text, kStatusMessageMs);
        m_notices->post(NoticeArea::Severity::Error, text);
    });
    connect(m_pending, &PendingCommands::changed, this,
            [this] { m_statusWidgets->setPendingCount(m_pending->count()); });

    connect(m_tokens, &TokenStore::writeFinished, this,
            [this](const QString &, bool ok, const QString &where, const QString &note) {
                if (!ok)
                    m_notices->post(NoticeArea::Severity::Error,
                                    tr("The token could not be saved in %1: %2").arg(where, note));
                else if (!note.isEmpty())
                    m_notices->post(NoticeArea::Severity::Warning,
                                    tr("%1 The token was saved in %2 instead.").arg(note, where));
                else
                    statusBar()->showMessage(tr("Token saved in %1.").arg(where), kStatusMessageMs);
            });

    m_clock = new QTimer(this);
    connect(m_clock, &QTimer::timeout, this, &MainWindow::onTick);

    wireEngine();
    applyUiSettings();
    m_tasksPage->view()->restoreHeader(kTasksHeaderKey);
    m_inboxPage->view()->restoreHeader(kInboxHeaderKey);
    {
        QSettings settings;
        if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
            resize(1360, 820);
        restoreState(settings.value(kStateKey).toByteArray());
    }
    updateTitle();
    updateTabTitles();
    reloadAll();
}

void MainWindow::buildActions()
{
    m_connectAction =
        new QAction(QIcon(QStringLiteral(":/icons/connect.svg")), tr("&Connect…"), this);
    m_connectAction->setObjectName(QStringLiteral("action.connect"));
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connectAction->setStatusTip(tr("Choose the gateway and token"));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::showConnectDialog);

    m_disconnectAction = new QAction(tr("&Disconnect"), this);
    m_disconnectAction->setObjectName(QStringLiteral("action.disconnect"));
    connect(m_disconnectAction, &QAction::triggered, this, [this] { m_link.disconnectGateway(); });

    m_settingsAction =
        new QAction(QIcon(QStringLiteral(":/icons/settings.svg")), tr("&Settings…"), this);
    m_settingsAction->setObjectName(QStringLiteral("action.settings"));
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettingsDialog);

    m_refreshAction =
        new QAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("&Reload"), this);
    m_refreshAction->setObjectName(QStringLiteral("action.reload"));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setStatusTip(tr("Read the tables again from the store"));
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::reloadAll);

    m_findAction = new QAction(tr("&Find Tasks"), this);
    m_findAction->setObjectName(QStringLiteral("action.find"));
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_tasksPage);
        m_tasksPage->focusSearch();
    });

    m_copyIdsAction = new QAction(tr("Copy Task IDs"), this);
    m_copyIdsAction->setObjectName(QStringLiteral("action.copyIds"));
    m_copyIdsAction->setShortcut(QKeySequence::Copy);
    m_copyIdsAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyIdsAction, &QAction::triggered, this, &MainWindow::copySelectedIds);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("action.quit"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_shortcutsAction = new QAction(tr("&Keyboard Shortcuts"), this);
    m_shortcutsAction->setObjectName(QStringLiteral("action.shortcuts"));
    m_shortcutsAction->setShortcut(QKeySequence::HelpContents);

    m_aboutAction = new QAction(tr("&About ClawOps"), this);
    connect(m_aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About ClawOps"),
                           tr("<b>ClawOps %1</b><p>Operations console and orchestration engine "
                              "for OpenClaw agents.</p>")
                               .arg(QApplication::applicationVersion().toHtmlEscaped()));
    });

    const QStringList tabNames = {tr("&Tasks"), tr("&Inbox"), tr("Retry &Queue"), tr("Time&line"),
                                  tr("C&harts")};
    for (int i = 0; i < tabNames.size(); ++i) {
        auto *action = new QAction(tabNames.at(i), this);
        action->setObjectName(QStringLiteral("action.tab%1").arg(i + 1));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
        m_tabActions.append(action);
    }
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectAction);
    file->addAction(m_disconnectAction);
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refreshAction);
    view->addAction(m_findAction);
    view->addSeparator();
    view->addActions(m_tabActions);
    view->addSeparator();
    QAction *dockToggle = m_detailDock->toggleViewAction();
    dockToggle->setShortcut(QKeySequence(Qt::Key_F6));
    dockToggle->setObjectName(QStringLiteral("action.toggleDetail"));
    view->addAction(dockToggle);
    view->addSeparator();
    view->addAction(m_notifier->doNotDisturbAction());

    QMenu *task = menuBar()->addMenu(tr("&Task"));
    m_actions->addToMenu(task);
    task->addSeparator();
    task->addAction(m_actions->pauseRetriesAction());
    task->addSeparator();
    task->addAction(m_copyIdsAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcutsAction);
    help->addAction(m_aboutAction);
    connect(m_shortcutsAction, &QAction::triggered, this, [this] {
        QList<QAction *> all = {m_connectAction,
                                m_settingsAction,
                                m_refreshAction,
                                m_findAction,
                                m_copyIdsAction,
                                m_detailDock->toggleViewAction(),
                                m_actions->pauseRetriesAction(),
                                m_quitAction};
        all += m_actions->taskActions();
        all += m_tabActions;
        auto *dialog = new ShortcutsDialog(all, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setIconSize(QSize(20, 20));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_connectAction);
    bar->addAction(m_refreshAction);
    bar->addSeparator();
    for (QAction *action : m_actions->taskActions()) {
        bar->addAction(action);
        if (action == m_actions->action(TaskAction::Answer))
            bar->addSeparator();
    }
    bar->addSeparator();
    bar->addAction(m_actions->pauseRetriesAction());
    bar->addSeparator();
    bar->addAction(m_settingsAction);
    // Window-wide shortcuts for actions that live only in menus hidden by the toolbar's overflow.
    addActions(m_tabActions);
}

void MainWindow::wireEngine()
{
    connect(&m_link, &EngineLink::delta, this, &MainWindow::onDelta);
    connect(&m_link, &EngineLink::taskPageReady, this,
            [this](quint64 requestId, const host::TaskPage &page) {
                m_orchestrators->addRecords(page.rows);
                if (!m_tasksModel->applyPage(requestId, page))
                    m_inboxModel->applyPage(requestId, page);
            });
    connect(&m_link, &EngineLink::connectionChanged, this, &MainWindow::onConnectionChanged);
    connect(&m_link, &EngineLink::started, this, [this](const QString &databasePath) {
        m_statusWidgets->setDatabasePath(databasePath);
        reloadAll(); // requests made before the engine was up may have gone nowhere
    });
    connect(&m_link, &EngineLink::failed, this, [this](const QString &message) {
        m_notices->post(NoticeArea::Severity::Error,
                        tr("The engine could not start: %1").arg(message));
    });
    if (!m_settings.databasePath.isEmpty())
        m_statusWidgets->setDatabasePath(m_settings.databasePath);
}

void MainWindow::applyUiSettings()
{
    m_actions->setOperatorName(m_ui.operatorName);
    m_actions->setConfirmDestructive(m_ui.confirmDestructive);
    m_tasksPage->setSearchDebounceMs(m_ui.searchDebounceMs);
    m_detail->setTranscriptRefreshMs(m_ui.transcriptRefreshMs);
    for (PagedTaskModel *model : {static_cast<PagedTaskModel *>(m_tasksModel),
                                  static_cast<PagedTaskModel *>(m_inboxModel)}) {
        model->setPageSize(m_ui.pageSize);
        model->setMaxRows(m_ui.maxLoadedRows);
    }
    m_clock->start(m_ui.clockTickMs);
}

void MainWindow::reloadAll()
{
    m_tasksModel->reload();
    m_inboxModel->reload();
    m_activity->reload();
}

void MainWindow::onDelta(const host::EngineDelta &delta)
{
    m_notifier->applyDelta(delta);
    m_tasksModel->applyDelta(delta);
    m_inboxModel->applyDelta(delta);
    m_retryModel->applyDelta(delta);
    m_orchestrators->addRecords(delta.tasks);
    m_detail->applyDelta(delta);
    if (delta.stateCounts) {
        m_stateCounts = *delta.stateCounts;
        m_tasksPage->setStateCounts(m_stateCounts);
        m_inboxPage->setStateCounts(m_stateCounts);
    }
    if (delta.retryQueueChanged)
        m_retryCount = int(delta.retryQueue.size());
    m_actions->setRetriesPaused(delta.retriesPaused);
    m_retryPage->setRetriesPaused(delta.retriesPaused);
    m_statusWidgets->setRetriesPaused(delta.retriesPaused);
    updateTabTitles();
}

void MainWindow::onConnectionChanged(const host::ConnectionStatus &status)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_statusWidgets->setStatus(status);
    m_notifier->setConnectionPhase(status.phase);
    if (m_connectDialog)
        m_connectDialog->setStatus(status, now);
    if (!status.gatewayUrl.isEmpty() && status.gatewayUrl != m_ui.lastGatewayUrl &&
        status.phase == host::ConnectionPhase::Live) {
        m_ui.lastGatewayUrl = status.gatewayUrl;
        QSettings settings;
        m_ui.save(settings);
    }
    updateTitle();
    // Tell the operator once per distinct failure that needs them; the status bar keeps the rest.
    if (status.phase == host::ConnectionPhase::Stopped) {
        const ConnectionAdvice advice = ConnectionAdvice::from(status, now);
        const QString key = status.errorCode + status.requestId + status.errorMessage;
        if (key != m_lastErrorShown) {
            m_lastErrorShown = key;
            QString text = advice.headline.isEmpty() ? tr("The connection stopped.")
                                                     : advice.headline + QLatin1Char('.');
            if (!advice.nextStep.isEmpty())
                text += QLatin1Char(' ') + advice.nextStep;
            m_notices->post(NoticeArea::Severity::Error, text);
        }
    } else if (status.phase == host::ConnectionPhase::Live) {
        m_lastErrorShown.clear();
    }
}

void MainWindow::onTick()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_statusWidgets->tick(now);
    m_detail->tick(now);
    if (m_connectDialog && m_connectDialog->isVisible())
        m_connectDialog->setStatus(m_statusWidgets->status(), now);
    if (!isVisible() || isMinimized())
        return; // nobody is looking; the next tick catches up
    QWidget *current = m_tabs->currentWidget();
    if (current == m_tasksPage)
        m_tasksModel->refreshTimes();
    else if (current == m_inboxPage)
        m_inboxModel->refreshTimes();
    else if (current == m_retryPage)
        m_retryModel->refreshTimes();
}

TaskTableView *MainWindow::activeView() const
{
    QWidget *current = m_tabs->currentWidget();
    if (current == m_tasksPage)
        return m_tasksPage->view();
    if (current == m_inboxPage)
        return m_inboxPage->view();
    if (current == m_retryPage)
        return m_retryPage->view();
    return nullptr;
}

void MainWindow::updateSelection()
{
    m_actions->setSelection(currentSelection());
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    m_actions->addToMenu(menu);
    menu->addSeparator();
    menu->addAction(m_copyIdsAction);
    menu->addAction(m_detailDock->toggleViewAction());
    menu->popup(globalPos);
}

void MainWindow::copySelectedIds()
{
    TaskTableView *view = activeView();
    if (!view)
        return;
    QStringList ids;
    for (const TaskRef &task : view->selectedTasks())
        ids.append(task.taskId);
    if (ids.isEmpty())
        return;
    QApplication::clipboard()->setText(ids.join(QLatin1Char('\n')));
    statusBar()->showMessage(tr("Copied %n task id(s).", nullptr, int(ids.size())),
                             kStatusMessageMs);
}

void MainWindow::updateTabTitles()
{
    const int inbox = m_stateCounts[core::TaskState::NeedsInput] +
                      m_stateCounts[core::TaskState::NeedsVerification];
    m_tabs->setTabText(1, inbox > 0 ? tr("Inbox (%1)").arg(inbox) : tr("Inbox"));
    m_tabs->setTabText(2, m_retryCount > 0 ? tr("Retry Queue (%1)").arg(m_retryCount)
                                           : tr("Retry Queue"));
}

void MainWindow::updateTitle()
{
    QString gateway = m_statusWidgets->status().gatewayUrl;
    if (gateway.isEmpty())
        gateway = m_settings.gatewayUrl.toString();
    QString title = gateway.isEmpty() ? tr("ClawOps") : tr("ClawOps — %1").arg(gateway);
    if (m_demo)
        title += tr(" (demo)");
    setWindowTitle(title);
}

void MainWindow::showConnectDialog()
{
    if (!m_connectDialog) {
        m_connectDialog = new ConnectDialog(this);
        m_connectDialog->setTokenStorageDescription(m_tokens->describe(m_tokens->backend()));
        connect(m_connectDialog, &ConnectDialog::connectRequested, this, &MainWindow::connectTo);
        connect(m_connectDialog, &ConnectDialog::disconnectRequested, this,
                [this] { m_link.disconnectGateway(); });
        connect(m_connectDialog, &ConnectDialog::forgetTokenRequested, this,
                [this](const QUrl &url) {
                    m_tokens->remove(url.toString());
                    statusBar()->showMessage(
                        tr("Forgetting the stored token for %1…").arg(url.toString()),
                        kStatusMessageMs);
                });
    }
    QString url = m_statusWidgets->status().gatewayUrl;
    if (url.isEmpty())
        url = m_settings.gatewayUrl.toString();
    if (url.isEmpty())
        url = m_ui.lastGatewayUrl;
    m_connectDialog->setGatewayUrl(url);
    m_connectDialog->setStatus(m_statusWidgets->status(), QDateTime::currentMSecsSinceEpoch());
    m_connectDialog->show();
    m_connectDialog->raise();
    m_connectDialog->activateWindow();
}

void MainWindow::connectTo(const QUrl &url, const QString &token, bool remember)
{
    m_settings.gatewayUrl = url;
    if (!token.isEmpty()) {
        m_link.reconnect(url, token);
        if (remember)
            m_tokens->write(url.toString(), token);
        return;
    }
    // No token typed: use the stored one. The keychain answers later; connect then.
    auto *context = new QObject(this);
    connect(
        m_tokens, &TokenStore::readFinished, context,
        [this, url, context](const QString &forUrl, const QString &stored, const QString &error) {
            if (forUrl != url.toString())
                return;
            context->deleteLater();
            if (!error.isEmpty())
                m_notices->post(NoticeArea::Severity::Warning,
                                tr("The stored token could not be read (%1); connecting "
                                   "without it.")
                                    .arg(error));
            m_link.reconnect(url, stored);
        });
    m_tokens->read(url.toString());
}

void MainWindow::showSettingsDialog()
{
    auto *dialog = new SettingsDialog(m_settings.config, m_ui, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::engineConfigChanged, this,
            [this](const core::EngineConfig &config) {
                m_settings.config = config;
                m_inboxModel->setVerificationGraceMs(config.verificationGraceMs);
                m_detail->setVerificationGraceMs(config.verificationGraceMs);
                m_link.updateConfig(config);
                statusBar()->showMessage(tr("Engine configuration sent."), kStatusMessageMs);
            });
    connect(dialog, &SettingsDialog::uiSettingsChanged, this, [this](const UiSettings &ui) {
        const bool themeChanged = ui.theme != m_ui.theme;
        const bool languageChanged = ui.language != m_ui.language;
        m_ui = ui;
        QSettings settings;
        m_ui.save(settings);
        applyUiSettings();
        m_notifier->setDoNotDisturb(m_ui.doNotDisturb);
        if (themeChanged)
            applyTheme(*qApp, m_ui.theme);
        if (languageChanged)
            m_notices->post(NoticeArea::Severity::Info,
                            tr("The new language is used from the next start of ClawOps."));
    });
    dialog->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    m_tasksPage->view()->saveHeader(kTasksHeaderKey);
    m_inboxPage->view()->saveHeader(kInboxHeaderKey);
    QMainWindow::closeEvent(event);
}

} // namespace clawops::ui
