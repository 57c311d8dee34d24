#include "MainWindow.h"

#include "ApprovalPanel.h"
#include "ConnectionControl.h"
#include "ConsoleStatus.h"
#include "DemoColleague.h"
#include "InboxPage.h"
#include "NoticeArea.h"
#include "PolicyPage.h"
#include "RetryQueuePage.h"
#include "TaskDetailPanel.h"
#include "TaskTableView.h"
#include "TasksPage.h"
#include "UiLogging.h"
#include "UiResources.h"
#include "WindowMenus.h"
#include "actions/ActionController.h"
#include "charts/ChartsPage.h"
#include "dialogs/SettingsDialog.h"
#include "export/ExportController.h"
#include "host/EngineApi.h"
#include "models/ActivityFeed.h"
#include "models/ApprovalModel.h"
#include "models/InboxModel.h"
#include "models/OrchestratorListModel.h"
#include "models/PendingCommands.h"
#include "models/PolicyViolationModel.h"
#include "models/RetryQueueModel.h"
#include "models/TaskTableModel.h"
#include "notify/TrayNotifier.h"
#include "present/EngineWords.h"
#include "settings/Theme.h"
#include "settings/TokenStore.h"
#include "timeline/TimelineView.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace clawops::ui {

namespace {
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kTasksHeaderKey = QStringLiteral("window/tasksHeader");
// Versioned: a layout saved before the Claim column would put its widths on the wrong columns.
const QString kInboxHeaderKey = QStringLiteral("window/inboxHeader2");
} // namespace

MainWindow::MainWindow(host::EngineApi &engine, const host::EngineSettings &settings, bool demo,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_demo(demo)
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/clawops.svg")));
    {
        QSettings stored;
        m_ui = UiSettings::load(stored);
    }
    if (!m_settings.operatorName.isEmpty() &&
        m_ui.operatorName == UiSettings::defaultOperatorName())
        m_ui.operatorName = m_settings.operatorName;

    createModels();
    buildTabs();
    buildDetailDock();
    buildActivityTabs();
    buildPolicyTab();
    m_status = new ConsoleStatus(engine, statusBar(), m_notices, this);
    m_status->follow(*m_actions);
    m_status->follow(*m_pending);
    m_status->follow(*m_tokens);
    connect(m_export, &ExportController::statusMessage, m_status, &ConsoleStatus::showMessage);
    connect(m_export, &ExportController::succeeded, m_status, &ConsoleStatus::showMessage);
    connect(m_export, &ExportController::failed, this,
            [this](const QString &text) { m_status->notice(NoticeArea::Severity::Error, text); });
    if (!m_settings.databasePath.isEmpty())
        m_status->setDatabasePath(m_settings.databasePath);
    m_connection =
        new ConnectionControl(engine, *m_tokens, *m_status, m_ui, m_settings.gatewayUrl, this);
    connect(m_status, &ConsoleStatus::connectionClicked, m_connection,
            &ConnectionControl::showDialog);
    buildNotifier();
    buildMenus();
    if (m_demo)
        new DemoColleague(engine, this);
    followSelection();
    followTheTimeline();
    followTheGatewayLink();

    // What the window shows of the engine itself: tab counts and the gateway in the title.
    connect(&engine, &host::EngineApi::delta, this, &MainWindow::updateTabTitles);
    connect(&engine, &host::EngineApi::connectionChanged, this,
            [this](const host::ConnectionStatus &status) { updateTitle(status.gatewayUrl); });
    // Requests made before the engine was up may have gone nowhere.
    connect(&engine, &host::EngineApi::started, this, &MainWindow::reloadAll);

    m_clock = new QTimer(this);
    connect(m_clock, &QTimer::timeout, this, &MainWindow::onTick);
    applyUiSettings();
    restoreLayout();
    updateTitle({});
    updateTabTitles({});
    reloadAll();
}

MainWindow::~MainWindow() = default;

void MainWindow::createModels()
{
    // Parented to the window, named for the tests that look them up.
    m_pending = new PendingCommands(this);
    m_pending->setObjectName(QStringLiteral("pendingCommands"));
    m_tokens = new TokenStore(this);
    m_orchestrators = new OrchestratorListModel(this);
    m_orchestrators->subscribe(m_engine);
    m_tasksModel = new TaskTableModel(this);
    m_inboxModel = new InboxModel(this);
    for (PagedTaskModel *model : {static_cast<PagedTaskModel *>(m_tasksModel),
                                  static_cast<PagedTaskModel *>(m_inboxModel)}) {
        model->setPendingCommands(m_pending);
        model->subscribe(m_engine);
    }
    m_inboxModel->setVerificationGraceMs(m_settings.config.verificationGraceMs);
    m_retryModel = new RetryQueueModel(this);
    m_retryModel->subscribe(m_engine);
    m_actions = new ActionController(m_engine, *m_pending, this, this);
    m_actions->setObjectName(QStringLiteral("actions"));
    m_actions->setSelectionProvider([this] { return currentSelection(); });
    m_export = new ExportController(m_engine, this, this);
    m_export->setObjectName(QStringLiteral("exporter"));
}

void MainWindow::buildTabs()
{
    m_notices = new NoticeArea(this);
    m_tasksPage = new TasksPage(m_tasksModel, m_orchestrators, m_pending, this);
    m_inboxPage = new InboxPage(m_inboxModel, m_pending, this);
    m_inboxPage->setClaimActions(m_actions->claimActions());
    buildApprovals();
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
}

// Gateway approvals in the Inbox: a decision goes to the engine as an audited command; the row
// stays marked until the gateway closes the approval, or opens again if the engine refuses.
void MainWindow::buildApprovals()
{
    m_approvalModel = new ApprovalModel(this);
    m_approvalModel->setObjectName(QStringLiteral("approvalModel"));
    m_approvalModel->subscribe(m_engine);
    m_inboxPage->setApprovals(m_approvalModel);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_approvalModel, signal, this, &MainWindow::updateInboxTitle);
    connect(m_inboxPage, &InboxPage::approvalDecisionWanted, this,
            [this](const QString &approvalId, const QString &taskId, const QString &decision) {
                core::OperatorCommand command;
                command.kind = core::OperatorCommand::Kind::DecideApproval;
                command.taskId = core::TaskId(taskId);
                command.operatorName = m_ui.operatorName;
                command.text = decision;
                command.approvalId = approvalId;
                m_engine.sendCommand(command);
            });
    connect(
        &m_engine, &host::EngineApi::commandFinished, this,
        [this](quint64, const core::OperatorCommand &command, const core::CommandResult &result) {
            if (command.kind != core::OperatorCommand::Kind::DecideApproval || result.ok)
                return;
            m_approvalModel->clearDeciding(command.approvalId);
            m_inboxPage->approvals()->showNote(
                tr("Not decided: %1").arg(EngineWords::commandResult(result)));
        });
}

void MainWindow::buildDetailDock()
{
    m_detail = new TaskDetailPanel(m_engine, *m_pending, this);
    m_detail->setGraceClock(m_inboxModel->graceClock());
    m_detail->setActions(m_actions->taskActions());
    connect(m_detail, &TaskDetailPanel::checkToggled, m_actions, &ActionController::sendCheck);
    connect(m_detail, &TaskDetailPanel::uncheckedItemsChanged, m_actions,
            &ActionController::setUncheckedItems);
    m_detailDock = new QDockWidget(tr("Task Detail"), this);
    m_detailDock->setObjectName(QStringLiteral("detailDock"));
    m_detailDock->setWidget(m_detail);
    m_detailDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                              QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::RightDockWidgetArea, m_detailDock);
}

void MainWindow::buildActivityTabs()
{
    m_activity = new ActivityFeed(m_engine, this);
    m_activity->setObjectName(QStringLiteral("activityFeed"));
    m_timeline = new TimelineView(m_activity->timeline(), this);
    m_tabs->addTab(m_timeline, QIcon(), tr("Timeline"));
    m_tabs->addTab(new ChartsPage(m_activity->charts(), this), QIcon(), tr("Charts"));
}

// Last, so that the tabs before it keep their places (and their shortcuts).
void MainWindow::buildPolicyTab()
{
    m_policyModel = new PolicyViolationModel(this);
    m_policyModel->subscribe(m_engine);
    m_policyPage = new PolicyPage(m_policyModel, this);
    m_tabs->addTab(m_policyPage, QIcon(), tr("Policy"));
    connect(m_policyModel, &PolicyViolationModel::violationsAdded, this,
            &MainWindow::updatePolicyTitle);
    m_detail->setPolicyModel(m_policyModel);
}

void MainWindow::updatePolicyTitle()
{
    const int count = m_policyModel->rowCount();
    m_tabs->setTabText(m_tabs->indexOf(m_policyPage),
                       count > 0 ? tr("Policy (%1)").arg(count) : tr("Policy"));
}

void MainWindow::buildNotifier()
{
    m_notifier = new TrayNotifier(this);
    m_notifier->subscribe(m_engine);
    m_notifier->setDoNotDisturb(m_ui.doNotDisturb);
    connect(m_notifier, &TrayNotifier::openTaskRequested, this, &MainWindow::openTask);
    connect(m_notifier, &TrayNotifier::showWindowRequested, this, &MainWindow::bringToFront);
    connect(m_notifier, &TrayNotifier::quitRequested, this, &QWidget::close);
    connect(m_notifier, &TrayNotifier::doNotDisturbChanged, this, [this](bool on) {
        if (m_ui.doNotDisturb == on)
            return;
        m_ui.doNotDisturb = on;
        saveUiSettings();
    });
}

void MainWindow::buildMenus()
{
    m_menus = new WindowMenus(*this, *m_actions, *m_detailDock, m_notifier->doNotDisturbAction());
    connect(m_menus, &WindowMenus::connectWanted, m_connection, &ConnectionControl::showDialog);
    connect(m_menus, &WindowMenus::disconnectWanted, this,
            [this] { m_engine.disconnectGateway(); });
    connect(m_menus, &WindowMenus::takeOverWanted, this, [this] { m_engine.takeOver(); });
    connect(&m_engine, &host::EngineApi::roleChanged, this, [this](const host::RoleStatus &role) {
        m_menus->takeOverAction()->setEnabled(role.role == host::EngineRole::Observer);
    });
    connect(m_menus, &WindowMenus::settingsWanted, this, &MainWindow::showSettingsDialog);
    connect(m_menus, &WindowMenus::reloadWanted, this, &MainWindow::reloadAll);
    connect(m_menus, &WindowMenus::findWanted, this, [this] {
        m_tabs->setCurrentWidget(m_tasksPage);
        m_tasksPage->focusSearch();
    });
    connect(m_menus, &WindowMenus::copyIdsWanted, this, &MainWindow::copySelectedIds);
    connect(m_menus, &WindowMenus::tabWanted, m_tabs, &QTabWidget::setCurrentIndex);
    connect(m_menus, &WindowMenus::exportHistoryWanted, this, &MainWindow::exportHistory);
    connect(m_menus, &WindowMenus::exportViewWanted, this, &MainWindow::exportView);
    connect(m_menus, &WindowMenus::moveWanted, this, [this](int delta) {
        if (activeView() == m_inboxPage->view() && m_inboxPage->moveIntoApprovals(delta))
            return;
        if (TaskTableView *view = activeView())
            view->moveCurrent(delta);
    });
    connect(m_menus, &WindowMenus::backToDecidedWanted, this, [this] {
        if (!m_inboxPage->lastDecidedTaskId().isEmpty())
            openTask(m_inboxPage->lastDecidedTaskId());
    });
    m_inboxPage->setBackAction(m_menus->backToDecidedAction());
    connect(m_inboxPage, &InboxPage::openTaskWanted, this, &MainWindow::openTask);
    followDecisions();
}

// Clearing the Inbox: a decision sent from it moves the selection on to the next item (the
// detail panel follows), and how the engine took the decision stays in view below the table.
void MainWindow::followDecisions()
{
    const auto isDecision = [](TaskAction action) {
        return action == TaskAction::Verify || action == TaskAction::VerifyWithNote ||
               action == TaskAction::Reject || action == TaskAction::Answer;
    };
    connect(m_actions, &ActionController::commandsSent, this,
            [this, isDecision](TaskAction action, const QStringList &taskIds) {
                if (isDecision(action) && m_ui.advanceAfterDecision &&
                    activeView() == m_inboxPage->view())
                    m_inboxPage->view()->advancePast(taskIds);
            });
    connect(
        m_actions, &ActionController::commandAnswered, this,
        [this, isDecision](TaskAction action, const TaskRef &task, bool ok, const QString &text) {
            if (isDecision(action))
                m_inboxPage->showDecision(action, task, ok, text);
        });
}

// The table or timeline the operator looks at decides what the actions act on and what the
// detail panel shows.
void MainWindow::followSelection()
{
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
        connect(view, &QAbstractItemView::activated, this, &MainWindow::showDetailDock);
        view->addAction(m_menus->copyIdsAction());
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateSelection();
        if (TaskTableView *view = activeView(); view && !view->currentTaskId().isEmpty())
            m_detail->showTask(view->currentTaskId());
        onTick();
    });
}

// The timeline's clicked bar is the window's selection while the timeline is shown.
void MainWindow::followTheTimeline()
{
    connect(m_timeline, &TimelineView::taskSelected, this, [this](const QString &taskId) {
        updateSelection();
        m_detail->showTask(taskId);
    });
    connect(m_timeline, &TimelineView::taskActivated, this, &MainWindow::showDetailDock);
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

void MainWindow::followTheGatewayLink()
{
    connect(&m_engine, &host::EngineApi::roleChanged, this, [this](const host::RoleStatus &role) {
        m_acting = role.role == host::EngineRole::Acting;
        updateGraceClock();
    });
    connect(&m_engine, &host::EngineApi::connectionChanged, this,
            [this](const host::ConnectionStatus &status) {
                const bool live = status.phase == host::ConnectionPhase::Live;
                if (live && !m_linkLive)
                    m_linkLiveSinceMs = QDateTime::currentMSecsSinceEpoch();
                m_linkLive = live;
                updateGraceClock();
            });
}

void MainWindow::updateGraceClock()
{
    using Link = GraceClock::Link;
    m_inboxModel->setGatewayLink(!m_acting    ? Link::Unknown
                                 : m_linkLive ? Link::Live
                                              : Link::Down,
                                 m_linkLiveSinceMs);
    m_detail->setGraceClock(m_inboxModel->graceClock());
}

void MainWindow::restoreLayout()
{
    m_tasksPage->view()->restoreHeader(kTasksHeaderKey);
    m_inboxPage->view()->restoreHeader(kInboxHeaderKey);
    QSettings stored;
    if (!restoreGeometry(stored.value(kGeometryKey).toByteArray()))
        resize(1360, 820);
    restoreState(stored.value(kStateKey).toByteArray());
}

void MainWindow::applyUiSettings()
{
    m_actions->setOperatorName(m_ui.operatorName);
    m_inboxModel->setConsoleIdentity(m_actions->identity());
    m_actions->setConfirmDestructive(m_ui.confirmDestructive);
    m_actions->setRequireAllChecks(m_ui.verifyNeedsAllChecks);
    m_detail->setVerifyNeedsAllChecks(m_ui.verifyNeedsAllChecks);
    m_tasksPage->setSearchDebounceMs(m_ui.searchDebounceMs);
    m_detail->setTranscriptRefreshMs(m_ui.transcriptRefreshMs);
    for (PagedTaskModel *model : {static_cast<PagedTaskModel *>(m_tasksModel),
                                  static_cast<PagedTaskModel *>(m_inboxModel)}) {
        model->setPageSize(m_ui.pageSize);
        model->setMaxRows(m_ui.maxLoadedRows);
    }
    WaitingLimitConfig limits;
    limits.needsInputMs = qint64(m_ui.needsInputLimitMin) * 60000;
    limits.needsVerificationMs = qint64(m_ui.needsVerificationLimitMin) * 60000;
    m_inboxModel->setWaitingLimits(limits);
    m_limitWatch.setConfig(limits);
    m_clock->start(m_ui.clockTickMs);
}

void MainWindow::saveUiSettings()
{
    QSettings stored;
    m_ui.save(stored);
}

void MainWindow::showSettingsDialog()
{
    auto *dialog = new SettingsDialog(m_settings.config, m_ui, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::engineConfigChanged, this,
            [this](const core::EngineConfig &config) {
                m_settings.config = config;
                m_inboxModel->setVerificationGraceMs(config.verificationGraceMs);
                m_detail->setGraceClock(m_inboxModel->graceClock());
                m_engine.updateConfig(config);
                m_status->showMessage(tr("Engine configuration sent."));
            });
    connect(dialog, &SettingsDialog::uiSettingsChanged, this, [this](const UiSettings &ui) {
        const bool themeChanged = ui.theme != m_ui.theme;
        const bool languageChanged = ui.language != m_ui.language;
        m_ui = ui;
        saveUiSettings();
        applyUiSettings();
        m_notifier->setDoNotDisturb(m_ui.doNotDisturb);
        if (themeChanged)
            applyTheme(*qApp, m_ui.theme);
        if (languageChanged)
            m_status->notice(NoticeArea::Severity::Info,
                             tr("The new language is used from the next start of ClawOps."));
    });
    dialog->open();
}

void MainWindow::reloadAll()
{
    m_tasksModel->reload();
    m_inboxModel->reload();
    m_activity->reload();
}

void MainWindow::onTick()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_status->tick(now);
    m_detail->tick(now);
    m_connection->tick(now);
    checkWaitingLimits(now);
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

void MainWindow::updateSelection()
{
    m_actions->setSelection(currentSelection());
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    m_menus->fillContextMenu(menu);
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
    m_status->showMessage(tr("Copied %n task id(s).", nullptr, int(ids.size())));
}

void MainWindow::exportHistory()
{
    // The task the actions would act on; else the one the detail panel shows.
    const QList<TaskRef> selection = currentSelection();
    QString taskId = selection.isEmpty() ? m_detail->taskId() : selection.constFirst().taskId;
    if (TaskTableView *view = activeView();
        view && !view->currentTaskId().isEmpty() && selection.size() > 1)
        taskId = view->currentTaskId();
    m_export->exportHistory(taskId);
}

void MainWindow::exportView()
{
    QWidget *current = m_tabs->currentWidget();
    if (current == m_inboxPage) {
        m_export->exportTasks(m_inboxModel->query(), QStringLiteral("clawops-inbox.csv"));
    } else if (current == m_tasksPage) {
        m_export->exportTasks(m_tasksModel->query(), QStringLiteral("clawops-tasks.csv"));
    } else {
        m_status->showMessage(tr("Export: switch to the Tasks or Inbox tab; the CSV holds what "
                                 "its filters show."));
    }
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
    showDetailDock();
}

void MainWindow::bringToFront()
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
}

void MainWindow::showDetailDock()
{
    m_detailDock->show();
    m_detailDock->raise();
}

// Escalation runs on the clock whatever tab is shown: the badge, the tab title and, once per
// wait, a desktop notification.
void MainWindow::checkWaitingLimits(qint64 nowMs)
{
    const int overdue = m_inboxModel->overdueCount(nowMs);
    if (overdue != m_overdueCount) {
        m_overdueCount = overdue;
        m_inboxPage->showOverdue(overdue);
        updateInboxTitle();
    }
    const QList<WaitingTask> fresh = m_limitWatch.newlyOverdue(m_inboxModel->waitingTasks(), nowMs);
    if (fresh.isEmpty())
        return;
    qCInfo(lcUi).noquote() << fresh.size() << "task(s) over their waiting limit, first"
                           << fresh.constFirst().taskId;
    m_notifier->notify(WaitingLimits::compose(fresh, m_limitWatch.config()));
}

void MainWindow::updateInboxTitle()
{
    // Gateway approvals wait for a human as much as the tasks do.
    const int waiting = m_inboxCount + (m_approvalModel ? m_approvalModel->rowCount() : 0);
    QString title = tr("Inbox");
    if (waiting > 0 && m_overdueCount > 0)
        title = tr("Inbox (%1 · %2 late)").arg(waiting).arg(m_overdueCount);
    else if (waiting > 0)
        title = tr("Inbox (%1)").arg(waiting);
    m_tabs->setTabText(1, title);
}

void MainWindow::updateTabTitles(const host::EngineDelta &delta)
{
    if (delta.stateCounts)
        m_inboxCount = (*delta.stateCounts)[core::TaskState::NeedsInput] +
                       (*delta.stateCounts)[core::TaskState::NeedsVerification];
    if (delta.retryQueue)
        m_retryCount = delta.retryQueue->length;
    updateInboxTitle();
    m_tabs->setTabText(2, m_retryCount > 0 ? tr("Retry Queue (%1)").arg(m_retryCount)
                                           : tr("Retry Queue"));
}

void MainWindow::updateTitle(const QString &gatewayUrl)
{
    const QString gateway = gatewayUrl.isEmpty() ? m_settings.gatewayUrl.toString() : gatewayUrl;
    QString title = gateway.isEmpty() ? tr("ClawOps") : tr("ClawOps — %1").arg(gateway);
    if (m_demo)
        title += tr(" (demo)");
    setWindowTitle(title);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings stored;
    stored.setValue(kGeometryKey, saveGeometry());
    stored.setValue(kStateKey, saveState());
    m_tasksPage->view()->saveHeader(kTasksHeaderKey);
    m_inboxPage->view()->saveHeader(kInboxHeaderKey);
    QMainWindow::closeEvent(event);
}

} // namespace clawops::ui
