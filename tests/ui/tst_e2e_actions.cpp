// The console end to end, as an operator uses it: the real MainWindow over the real engine thread
// (EngineHost as the window's EngineApi, wired as runConsole wires it, minus the event loop)
// against the simulated gateway on 127.0.0.1, with the store in a temporary folder. Rows are
// clicked in the tables, the window's QActions are found by object name and triggered, and the
// confirmation dialogs are filled in and confirmed. The assertions read what the simulated gateway
// received, what the tables, the detail panel and the pending marks show, and what the engine
// answered. The world is scripted (spawnWorker with a chosen ending), never the random traffic of
// --demo.
#include "WindowParts.h"
#include "actions/ActionController.h"
#include "actions/ActionDialog.h"
#include "core/Config.h"
#include "host/EngineHost.h"
#include "models/InboxModel.h"
#include "models/ModelRoles.h"
#include "models/PendingCommands.h"
#include "models/RetryQueueModel.h"
#include "models/TaskTableModel.h"
#include "sim/SimGatewayServer.h"
#include "sim/World.h"
#include "views/InboxPage.h"
#include "views/MainWindow.h"
#include "views/StatusBarWidgets.h"
#include "views/TaskDetailPanel.h"
#include "views/TaskTableView.h"
#include "views/TasksPage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>
#include <optional>

using namespace clawops;
using namespace clawops::ui;
using clawops::ui::test::WindowParts;
using core::TaskState;

namespace {

constexpr int kTimeoutMs = 20000; // generous: two cores shared with other builds
const QString kToken = QStringLiteral("e2e-token");
const QString kOperator = QStringLiteral("e2e-operator");
// Who the detail panel's audit rows name for the operator's commands: the operator at the host of
// the console that sent them.
const QString kOperatorAtHost = kOperator + QStringLiteral(" @ ") + QSysInfo::machineHostName();
const QString kFront = QStringLiteral("agent:main:main");

// Spawns happen only when the test asks for them; the seed fixes every random choice the world
// still makes (the ending of a respawn).
sim::WorldConfig scriptedWorld()
{
    sim::WorldConfig config;
    config.seed = 7;
    config.spawnsPerSecond = 0.01; // start() is never called
    return config;
}

// What PendingCommands::changed reported for one task, and how many engine answers for that
// task had arrived at the time.
struct PendingEvent
{
    bool pending = false;
    int confirmations = 0;
};

} // namespace

class TestE2eActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void answerReachesTheWorkerAndTheTaskResumes();
    void verifyMovesTheTaskToDone();
    void killCancelsTheWorkerInTheGateway();
    void rejectFailsOrRetriesWithTheNote();
    void bulkKillShowsExactlyWhatItTouches();

private:
    QAction *action(const char *objectName) const;
    // The task the table shows for a worker session, empty until it shows one.
    QString taskOfWorker(const PagedTaskModel *model, const QString &childKey) const;
    std::optional<TaskState> stateIn(const PagedTaskModel *model, const QString &taskId) const;
    // The state name the table shows for the task ("" while it shows none), for QCOMPARE.
    QString stateOf(const PagedTaskModel *model, const QString &taskId) const;
    bool isPendingIn(const PagedTaskModel *model, const QString &taskId) const;
    // Clicks the task's row like a user (Ctrl adds to the selection).
    bool clickRow(TaskTableView *view, const QString &taskId, Qt::KeyboardModifiers modifiers = {});
    QStringList selectedIds(TaskTableView *view) const;
    // The rows of the detail panel's "Operator actions" list as operator|action|result|note.
    QStringList auditRows() const;
    QString auditReport() const; // what the detail panel shows, for failure messages
    void tickEveryCheck();
    QString waitForTask(const PagedTaskModel *model, const QString &childKey, TaskState state);
    // Pending from the moment the command was sent until the engine's answer, not before, not
    // after: the recorded events for the task must show exactly that.
    bool pendingUntilConfirmed(const QString &taskId, QString *why) const;
    int requestsFor(const QString &method) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::SimGatewayServer> m_server;
    std::unique_ptr<sim::World> m_world;
    std::unique_ptr<host::EngineHost> m_host;
    std::unique_ptr<MainWindow> m_window;
    std::optional<WindowParts> m_w; // the window's parts, found by name
    QList<std::shared_ptr<QAbstractItemModelTester>> m_testers;

    QHash<QString, int> m_confirmations;           // task id → engine answers seen
    QHash<QString, core::CommandResult> m_results; // task id → the last answer
    QHash<QString, QList<PendingEvent>> m_pendingLog;
    QHash<QString, QStringList> m_history;     // task id → "state:reason" as published
    QList<QPair<QString, QString>> m_messages; // sessions.send the world received
    QStringList m_methods;                     // every RPC method the gateway received
    QList<QPointer<ActionDialog>> m_dialogs;   // confirmations the actions opened
};

void TestE2eActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // window settings go to a test folder
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOpsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_e2e_actions"));
    host::EngineHost::registerMetaTypes();
}

void TestE2eActions::init()
{
    m_confirmations.clear();
    m_results.clear();
    m_pendingLog.clear();
    m_history.clear();
    m_messages.clear();
    m_methods.clear();
    m_dialogs.clear();

    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    sim::SimGatewayConfig gatewayConfig;
    gatewayConfig.sharedToken = kToken;
    m_server = std::make_unique<sim::SimGatewayServer>(gatewayConfig);
    QVERIFY(m_server->listen(0));
    // Nothing leaves the machine: the only gateway the console is given is on loopback.
    QVERIFY(QHostAddress(m_server->url().host()).isLoopback());
    m_world = std::make_unique<sim::World>(*m_server, scriptedWorld());
    connect(m_world.get(), &sim::World::messageReceived, this,
            [this](const QString &key, const QString &text) {
                m_messages.append({key, text});
            });
    connect(m_server.get(), &sim::SimGatewayServer::requestReceived, this,
            [this](const QString &, const QString &, const QString &method) {
                m_methods.append(method);
            });

    host::EngineSettings settings;
    settings.gatewayUrl = m_server->url();
    settings.token = kToken;
    settings.databasePath = m_dir->filePath(QStringLiteral("console.db"));
    settings.identityDir = m_dir->filePath(QStringLiteral("identity"));
    settings.operatorName = kOperator;
    settings.config = core::resolveConfig(QJsonObject{});

    m_host = std::make_unique<host::EngineHost>();
    // Connected before the window exists, so these run before the console reacts to the same
    // answer: the pending log then tells whether a mark cleared before the engine answered.
    connect(
        m_host.get(), &host::EngineApi::commandFinished, this,
        [this](quint64, const core::OperatorCommand &command, const core::CommandResult &result) {
            ++m_confirmations[command.taskId];
            m_results.insert(command.taskId, result);
        });
    connect(m_host.get(), &host::EngineApi::delta, this, [this](const host::EngineDelta &delta) {
        for (const core::TransitionRecord &t : delta.transitions)
            m_history[t.taskId].append(core::stateName(t.to) + QLatin1Char(':') + t.cause.toText());
    });

    m_window = std::make_unique<MainWindow>(*m_host, settings);
    m_w.emplace(*m_window);
    connect(m_w->pending, &PendingCommands::changed, this, [this](const QString &taskId) {
        m_pendingLog[taskId].append(
            {m_w->pending->isPending(taskId), m_confirmations.value(taskId)});
    });
    connect(m_w->actions, &ActionController::dialogOpened, this,
            [this](ActionDialog *dialog) { m_dialogs.append(dialog); });
    // Every model the window shows stays consistent under the real engine's pages and deltas.
    const QList<QAbstractItemModel *> models = {
        m_w->tasksModel, m_w->inboxModel, m_w->retryModel,
        m_window->findChild<QComboBox *>(QStringLiteral("tasks.orchestrator"))->model()};
    for (QAbstractItemModel *model : models)
        m_testers.append(std::make_shared<QAbstractItemModelTester>(
            model, QAbstractItemModelTester::FailureReportingMode::Fatal));
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    QSignalSpy started(m_host.get(), &host::EngineApi::started);
    m_host->start(settings);
    QVERIFY(started.wait(kTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(int(m_w->statusWidgets->status().phase),
                              int(host::ConnectionPhase::Live), kTimeoutMs);
}

void TestE2eActions::cleanup()
{
    if (m_host) {
        const host::ShutdownReport report = m_host->stop(5000);
        QVERIFY2(report.complete, qPrintable(report.problem));
    }
    m_testers.clear();
    m_w.reset();
    m_window.reset();
    m_host.reset();
    m_world.reset();
    m_server.reset();
    m_dir.reset();
}

QAction *TestE2eActions::action(const char *objectName) const
{
    return m_window->findChild<QAction *>(QString::fromLatin1(objectName));
}

QString TestE2eActions::taskOfWorker(const PagedTaskModel *model, const QString &childKey) const
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->rowAt(row)->workerSessionKey == childKey)
            return model->rowAt(row)->taskId;
    }
    return {};
}

std::optional<TaskState> TestE2eActions::stateIn(const PagedTaskModel *model,
                                                 const QString &taskId) const
{
    const int row = model->rowOf(taskId);
    if (row < 0)
        return std::nullopt;
    return TaskState(model->index(row, 0).data(TaskStateRole).toInt());
}

QString TestE2eActions::stateOf(const PagedTaskModel *model, const QString &taskId) const
{
    const std::optional<TaskState> state = stateIn(model, taskId);
    return state ? core::stateName(*state) : QString();
}

bool TestE2eActions::isPendingIn(const PagedTaskModel *model, const QString &taskId) const
{
    const int row = model->rowOf(taskId);
    return row >= 0 && model->index(row, 0).data(PendingRole).toBool();
}

bool TestE2eActions::clickRow(TaskTableView *view, const QString &taskId,
                              Qt::KeyboardModifiers modifiers)
{
    const auto *model = qobject_cast<const PagedTaskModel *>(view->model());
    if (!model)
        return false;
    const int row = model->rowOf(taskId);
    if (row < 0)
        return false;
    const QModelIndex index = model->index(row, 0);
    view->scrollTo(index);
    const QRect rect = view->visualRect(index);
    if (!rect.isValid())
        return false;
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, rect.center());
    return true;
}

QStringList TestE2eActions::selectedIds(TaskTableView *view) const
{
    QStringList ids;
    for (const TaskRef &task : view->selectedTasks())
        ids.append(task.taskId);
    ids.sort();
    return ids;
}

QStringList TestE2eActions::auditRows() const
{
    QStringList rows;
    const auto *tree = m_window->findChild<QTreeWidget *>(QStringLiteral("detail.audits"));
    if (!tree)
        return rows;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = tree->topLevelItem(i);
        rows.append(QStringList{item->text(1), item->text(2), item->text(3), item->text(4)}.join(
            QLatin1Char('|')));
    }
    return rows;
}

// Ticks every item of the detail panel's checklist, each confirmed by its audit row.
void TestE2eActions::tickEveryCheck()
{
    auto *checklist = m_window->findChild<QTreeWidget *>(QStringLiteral("detail.checklist"));
    QVERIFY(checklist);
    QTRY_VERIFY_WITH_TIMEOUT(checklist->topLevelItemCount() > 0, kTimeoutMs);
    for (int row = 0; row < checklist->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = checklist->topLevelItem(row);
        const QString text = item->text(0);
        item->setCheckState(0, Qt::Checked);
        QTRY_VERIFY2_WITH_TIMEOUT(auditRows().contains(kOperatorAtHost +
                                                       QStringLiteral("|check_item|ok|ticked: ") +
                                                       text),
                                  qPrintable(auditReport()), kTimeoutMs);
    }
}

QString TestE2eActions::auditReport() const
{
    const host::TaskDetail &detail = m_w->detail->detail();
    return QStringLiteral("detail panel on %1 (%2, %3 audits in its detail), operator actions: "
                          "[%4]")
        .arg(m_w->detail->taskId(), core::stateName(detail.task.state))
        .arg(detail.audits.size())
        .arg(auditRows().join(QStringLiteral("; ")));
}

QString TestE2eActions::waitForTask(const PagedTaskModel *model, const QString &childKey,
                                    TaskState state)
{
    QString taskId;
    // Not QTRY_*: a helper cannot return from the test; the caller checks the result.
    QDeadlineTimer deadline(kTimeoutMs);
    while (!deadline.hasExpired()) {
        taskId = taskOfWorker(model, childKey);
        if (!taskId.isEmpty() && stateIn(model, taskId) == state)
            return taskId;
        QTest::qWait(20);
    }
    qWarning().noquote() << "worker" << childKey << "never showed as" << core::stateName(state)
                         << "(task" << taskId << ")";
    return {};
}

bool TestE2eActions::pendingUntilConfirmed(const QString &taskId, QString *why) const
{
    const QList<PendingEvent> events = m_pendingLog.value(taskId);
    QStringList trace;
    for (const PendingEvent &e : events)
        trace.append(QStringLiteral("%1@%2")
                         .arg(e.pending ? QLatin1String("pending") : QLatin1String("clear"))
                         .arg(e.confirmations));
    *why = QStringLiteral("pending log for %1: %2").arg(taskId, trace.join(u' '));
    if (events.size() < 2 || !events.constFirst().pending || events.constFirst().confirmations != 0)
        return false; // marked when sent, before any answer
    for (const PendingEvent &e : events) {
        if (!e.pending && e.confirmations == 0)
            return false; // cleared before the engine answered
    }
    return !events.constLast().pending && events.constLast().confirmations >= 1;
}

int TestE2eActions::requestsFor(const QString &method) const
{
    return int(m_methods.count(method));
}

void TestE2eActions::answerReachesTheWorkerAndTheTaskResumes()
{
    const QString child =
        m_world->spawnWorker(kFront, QStringLiteral("Choose an environment for the rollout"),
                             QStringLiteral("choose-env"), QStringLiteral("blocked"));
    InboxModel *inbox = m_w->inboxModel;
    const QString taskId = waitForTask(inbox, child, TaskState::NeedsInput);
    QVERIFY(!taskId.isEmpty());

    m_w->tabs->setCurrentWidget(m_w->inboxPage);
    TaskTableView *view = m_w->inboxPage->view();
    QVERIFY(clickRow(view, taskId));
    QCOMPARE(selectedIds(view), QStringList{taskId});
    QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), taskId, kTimeoutMs);
    QAction *answer = action("action.answer");
    QVERIFY(answer);
    QTRY_VERIFY_WITH_TIMEOUT(answer->isEnabled(), kTimeoutMs);
    QVERIFY(!action("action.verify")->isEnabled()); // needs_input cannot be verified

    m_dialogs.clear();
    answer->trigger();
    QCOMPARE(m_dialogs.size(), 1);
    auto *dialog = m_dialogs.first().data();
    QVERIFY(dialog);
    QCOMPARE(dialog->eligibleIds(), QStringList{taskId});
    auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("action.confirm"));
    QVERIFY(!confirm->isEnabled()); // an answer needs text
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(QStringLiteral("action.text")),
                     QStringLiteral("Use staging."));
    QVERIFY(confirm->isEnabled());
    QVERIFY(m_messages.isEmpty()); // nothing went out while the dialog was open
    QTest::mouseClick(confirm, Qt::LeftButton);

    // Sent, not yet answered: the row and the detail panel say so.
    QVERIFY(m_w->pending->isPending(taskId));
    QVERIFY(isPendingIn(inbox, taskId));
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("detail.pending"))
                ->text()
                .contains(QStringLiteral("answer")));

    // The answer reaches the worker's own session in the gateway, word for word.
    QTRY_VERIFY_WITH_TIMEOUT(m_messages.contains(qMakePair(child, QStringLiteral("Use staging."))),
                             kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_w->pending->isPending(taskId), kTimeoutMs);
    QVERIFY2(m_results.value(taskId).ok, qPrintable(m_results.value(taskId).auditText()));
    QString why;
    QVERIFY2(pendingUntilConfirmed(taskId, &why), qPrintable(why));
    // The task resumed, then the worker's new reply finished it.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_history.value(taskId).contains(QStringLiteral("running:operator-answered")), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_w->tasksModel, taskId), QStringLiteral("done"), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(inbox->rowOf(taskId) < 0, kTimeoutMs); // left the inbox
    QTRY_VERIFY2_WITH_TIMEOUT(
        auditRows().contains(kOperatorAtHost + QStringLiteral("|answer|ok|Use staging.")),
        qPrintable(auditReport()), kTimeoutMs);
}

void TestE2eActions::verifyMovesTheTaskToDone()
{
    const QString child =
        m_world->spawnWorker(kFront, QStringLiteral("Check the parser"),
                             QStringLiteral("check-parser"), QStringLiteral("verified"));
    InboxModel *inbox = m_w->inboxModel;
    const QString taskId = waitForTask(inbox, child, TaskState::NeedsVerification);
    QVERIFY(!taskId.isEmpty());

    m_w->tabs->setCurrentWidget(m_w->inboxPage);
    QVERIFY(clickRow(m_w->inboxPage->view(), taskId));
    QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), taskId, kTimeoutMs);
    QAction *verify = action("action.verify");
    // The receipt's verification items are a checklist; Verify waits until each is ticked.
    QTRY_VERIFY_WITH_TIMEOUT(action("action.reject")->isEnabled(), kTimeoutMs);
    // Held back once the detail panel has read the receipt (under load that answer comes after
    // the selection enabled the actions).
    QTRY_VERIFY_WITH_TIMEOUT(!verify->isEnabled(), kTimeoutMs);
    tickEveryCheck();
    QTRY_VERIFY_WITH_TIMEOUT(verify->isEnabled(), kTimeoutMs);

    // One task, nothing to type, nothing destroyed: it runs without a dialog.
    m_dialogs.clear();
    verify->trigger();
    QCOMPARE(m_dialogs.size(), 0);
    QVERIFY(m_w->pending->isPending(taskId));
    QVERIFY(isPendingIn(inbox, taskId));
    QVERIFY(!verify->isEnabled()); // a second verify is not offered while one is in flight

    QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_w->tasksModel, taskId), QStringLiteral("done"), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_w->pending->isPending(taskId), kTimeoutMs);
    QVERIFY2(m_results.value(taskId).ok, qPrintable(m_results.value(taskId).auditText()));
    QString why;
    QVERIFY2(pendingUntilConfirmed(taskId, &why), qPrintable(why));
    QVERIFY(m_history.value(taskId).contains(QStringLiteral("done:operator-verified")));
    QTRY_VERIFY_WITH_TIMEOUT(inbox->rowOf(taskId) < 0, kTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(auditRows().contains(kOperatorAtHost + QStringLiteral("|verify|ok|")),
                              qPrintable(auditReport()), kTimeoutMs);
}

void TestE2eActions::killCancelsTheWorkerInTheGateway()
{
    const QString child =
        m_world->spawnWorker(kFront, QStringLiteral("Crawl the archive"), QStringLiteral("crawl"),
                             QStringLiteral("slow"), 120000);
    TaskTableModel *tasks = m_w->tasksModel;
    const QString taskId = waitForTask(tasks, child, TaskState::Running);
    QVERIFY(!taskId.isEmpty());

    QCOMPARE(m_w->tabs->currentWidget(), static_cast<QWidget *>(m_w->tasksPage));
    QVERIFY(clickRow(m_w->tasksPage->view(), taskId));
    QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), taskId, kTimeoutMs);
    // The engine cancels by the gateway's task id; wait until it knows it.
    QTRY_VERIFY_WITH_TIMEOUT(!m_w->detail->detail().task.gatewayTaskId.isEmpty(), kTimeoutMs);
    QAction *kill = action("action.kill");
    QTRY_VERIFY_WITH_TIMEOUT(kill->isEnabled(), kTimeoutMs);
    QCOMPARE(m_world->runningWorkers(), 1);

    // Destructive: it asks first, and nothing is cancelled until the operator confirms.
    m_dialogs.clear();
    QSignalSpy ended(m_world.get(), &sim::World::workerEnded);
    kill->trigger();
    QCOMPARE(m_dialogs.size(), 1);
    auto *dialog = m_dialogs.first().data();
    QCOMPARE(dialog->eligibleIds(), QStringList{taskId});
    QCOMPARE(m_w->pending->count(), 0);
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(QStringLiteral("action.text")),
                     QStringLiteral("runaway"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("action.confirm")),
                      Qt::LeftButton);
    QVERIFY(isPendingIn(tasks, taskId));

    QTRY_COMPARE_WITH_TIMEOUT(stateOf(tasks, taskId), QStringLiteral("dead"), kTimeoutMs);
    // The gateway really received tasks.cancel and the worker stopped there.
    QTRY_COMPARE_WITH_TIMEOUT(requestsFor(QStringLiteral("tasks.cancel")), 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, kTimeoutMs);
    QCOMPARE(ended.first().at(0).toString(), child);
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("killed"));
    QCOMPARE(m_world->runningWorkers(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_w->pending->isPending(taskId), kTimeoutMs);
    QString why;
    QVERIFY2(pendingUntilConfirmed(taskId, &why), qPrintable(why));
    // The operator's kill and what the gateway answered to the cancel are both on record.
    QTRY_VERIFY2_WITH_TIMEOUT(
        auditRows().contains(kOperatorAtHost + QStringLiteral("|kill|ok|runaway")),
        qPrintable(auditReport()), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(auditRows().filter(QStringLiteral("|cancel|ok|")).size() == 1,
                             kTimeoutMs);
}

void TestE2eActions::rejectFailsOrRetriesWithTheNote()
{
    const QString failChild =
        m_world->spawnWorker(kFront, QStringLiteral("Write the release notes"),
                             QStringLiteral("release-notes"), QStringLiteral("verified"));
    const QString retryChild =
        m_world->spawnWorker(kFront, QStringLiteral("Benchmark the API"),
                             QStringLiteral("bench-api"), QStringLiteral("verified"));
    InboxModel *inbox = m_w->inboxModel;
    const QString failId = waitForTask(inbox, failChild, TaskState::NeedsVerification);
    const QString retryId = waitForTask(inbox, retryChild, TaskState::NeedsVerification);
    QVERIFY(!failId.isEmpty());
    QVERIFY(!retryId.isEmpty());
    m_w->tabs->setCurrentWidget(m_w->inboxPage);
    TaskTableView *view = m_w->inboxPage->view();
    QAction *reject = action("action.reject");
    m_dialogs.clear();

    // Reject for good: the task fails.
    QVERIFY(clickRow(view, failId));
    QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), failId, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(reject->isEnabled(), kTimeoutMs);
    reject->trigger();
    QCOMPARE(m_dialogs.size(), 1);
    auto *dialog = m_dialogs.last().data();
    QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("action.rejectFail"))->isChecked());
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(QStringLiteral("action.text")),
                     QStringLiteral("The notes miss the API changes."));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("action.confirm")),
                      Qt::LeftButton);
    QVERIFY(isPendingIn(inbox, failId));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_w->tasksModel, failId), QStringLiteral("failed"),
                              kTimeoutMs);
    QVERIFY(m_history.value(failId).contains(QStringLiteral("failed:operator-rejected")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_w->pending->isPending(failId), kTimeoutMs);
    QString why;
    QVERIFY2(pendingUntilConfirmed(failId, &why), qPrintable(why));
    // The failed task left the inbox and the inbox moved on to the next row; its audit is read
    // where it still is, in the Tasks tab.
    m_w->tabs->setCurrentWidget(m_w->tasksPage);
    QVERIFY(clickRow(m_w->tasksPage->view(), failId));
    QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), failId, kTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(
        auditRows().contains(kOperatorAtHost +
                             QStringLiteral("|reject|ok|The notes miss the API changes.")),
        qPrintable(auditReport()), kTimeoutMs);

    // Reject with a retry: the note goes to the orchestrator inside the retry block, and the
    // orchestrator spawns the work again as attempt 2.
    QTRY_VERIFY_WITH_TIMEOUT(inbox->rowOf(failId) < 0, kTimeoutMs);
    m_w->tabs->setCurrentWidget(m_w->inboxPage);
    QVERIFY(clickRow(view, retryId));
    QCOMPARE(selectedIds(view), QStringList{retryId});
    QTRY_VERIFY_WITH_TIMEOUT(reject->isEnabled(), kTimeoutMs);
    reject->trigger();
    QCOMPARE(m_dialogs.size(), 2);
    dialog = m_dialogs.last().data();
    QCOMPARE(dialog->eligibleIds(), QStringList{retryId});
    QTest::mouseClick(dialog->findChild<QRadioButton *>(QStringLiteral("action.rejectRetry")),
                      Qt::LeftButton);
    QVERIFY(dialog->retry());
    const QString note = QStringLiteral("Measure p99 latency, not the mean.");
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(QStringLiteral("action.text")), note);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("action.confirm")),
                      Qt::LeftButton);
    QVERIFY(isPendingIn(m_w->tasksModel, retryId));

    const auto retryDelivered = [this, &note] {
        for (const auto &[key, text] : std::as_const(m_messages)) {
            if (key == kFront && text.contains(QLatin1String("<orchestrator-retry>")) &&
                text.contains(note))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(retryDelivered(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_w->pending->isPending(retryId), kTimeoutMs);
    QVERIFY2(pendingUntilConfirmed(retryId, &why), qPrintable(why));
    const auto secondAttempt = [this, &retryId]() -> QString {
        const TaskTableModel *tasks = m_w->tasksModel;
        const QString stem = retryId.left(retryId.size() - 1);
        for (int row = 0; row < tasks->rowCount(); ++row) {
            if (tasks->rowAt(row)->taskId == stem + QLatin1Char('2'))
                return tasks->rowAt(row)->taskId;
        }
        return {};
    };
    QVERIFY(retryId.endsWith(QLatin1String("-a1")));
    QTRY_VERIFY_WITH_TIMEOUT(!secondAttempt().isEmpty(), kTimeoutMs);
    const TaskRow *second = m_w->tasksModel->rowAt(m_w->tasksModel->rowOf(secondAttempt()));
    QCOMPARE(second->attempt, 2);
    QCOMPARE(second->label, QStringLiteral("bench-api"));
    QVERIFY2(!m_history.value(retryId).filter(QStringLiteral("queued:")).isEmpty(),
             qPrintable(m_history.value(retryId).join(u' ')));

    // The rejected attempt has left the inbox; its audit is read from the Tasks tab.
    m_w->tabs->setCurrentWidget(m_w->tasksPage);
    QVERIFY(clickRow(m_w->tasksPage->view(), retryId));
    QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), retryId, kTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(
        auditRows().contains(kOperatorAtHost + QStringLiteral("|reject|ok|") + note),
        qPrintable(auditReport()), kTimeoutMs);
}

void TestE2eActions::bulkKillShowsExactlyWhatItTouches()
{
    const QString slowA =
        m_world->spawnWorker(kFront, QStringLiteral("Index the wiki"), QStringLiteral("index-wiki"),
                             QStringLiteral("slow"), 120000);
    const QString slowB =
        m_world->spawnWorker(kFront, QStringLiteral("Mirror the bucket"),
                             QStringLiteral("mirror-bucket"), QStringLiteral("slow"), 120000);
    const QString review =
        m_world->spawnWorker(kFront, QStringLiteral("Audit the docs"), QStringLiteral("audit-docs"),
                             QStringLiteral("verified"));
    TaskTableModel *tasks = m_w->tasksModel;
    const QString a = waitForTask(tasks, slowA, TaskState::Running);
    const QString b = waitForTask(tasks, slowB, TaskState::Running);
    const QString c = waitForTask(tasks, review, TaskState::NeedsVerification);
    QVERIFY(!a.isEmpty() && !b.isEmpty() && !c.isEmpty());
    TaskTableView *view = m_w->tasksPage->view();
    // Both workers must have their gateway task ids before a cancel can name them.
    for (const QString &id : {a, b}) {
        QVERIFY(clickRow(view, id));
        QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), id, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->detail->detail().task.gatewayTaskId.isEmpty(), kTimeoutMs);
    }
    // The review's checks are ticked, or Verify would skip it too.
    QVERIFY(clickRow(view, c));
    QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), c, kTimeoutMs);
    tickEveryCheck();

    QVERIFY(clickRow(view, a));
    QVERIFY(clickRow(view, b, Qt::ControlModifier));
    QVERIFY(clickRow(view, c, Qt::ControlModifier));
    QStringList expectedSelection{a, b, c};
    expectedSelection.sort();
    QCOMPARE(selectedIds(view), expectedSelection);
    QAction *kill = action("action.kill");
    QTRY_VERIFY_WITH_TIMEOUT(kill->isEnabled(), kTimeoutMs);
    // The toolbar says how many tasks the action will touch: every selected task is active.
    QTRY_COMPARE_WITH_TIMEOUT(kill->text(), QStringLiteral("Kill (3)"), kTimeoutMs);

    // Verify over the same selection applies to one task only: the preview names the one it
    // touches and the two it leaves alone, before anything is sent.
    m_dialogs.clear();
    QAction *verify = action("action.verify");
    QTRY_VERIFY_WITH_TIMEOUT(verify->isEnabled(), kTimeoutMs);
    verify->trigger();
    QCOMPARE(m_dialogs.size(), 1);
    auto *preview = m_dialogs.last().data();
    QCOMPARE(preview->eligibleIds(), QStringList{c});
    QStringList skipped = preview->skippedIds();
    skipped.sort();
    QStringList running{a, b};
    running.sort();
    QCOMPARE(skipped, running);
    QCOMPARE(
        preview->findChild<QTreeWidget *>(QStringLiteral("action.eligible"))->topLevelItemCount(),
        1);
    QCOMPARE(
        preview->findChild<QTreeWidget *>(QStringLiteral("action.skipped"))->topLevelItemCount(),
        2);
    // Cancelled: nothing is sent.
    QTest::mouseClick(preview->findChild<QPushButton *>(QStringLiteral("action.cancel")),
                      Qt::LeftButton);
    QCOMPARE(m_w->pending->count(), 0);

    // Now the kill of all three: the dialog lists exactly those three, in the table's words.
    kill->trigger();
    QCOMPARE(m_dialogs.size(), 2);
    auto *dialog = m_dialogs.last().data();
    QStringList eligible = dialog->eligibleIds();
    eligible.sort();
    QCOMPARE(eligible, expectedSelection);
    QVERIFY(dialog->skippedIds().isEmpty());
    const auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("action.eligible"));
    QStringList shown;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        shown.append(list->topLevelItem(i)->text(0));
    shown.sort();
    QCOMPARE(shown, expectedSelection);
    auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("action.confirm"));
    QCOMPARE(confirm->text(), QStringLiteral("Kill 3 Tasks"));
    // Nothing was sent while the operator reads the list.
    QCOMPARE(m_w->pending->count(), 0);
    QCOMPARE(requestsFor(QStringLiteral("tasks.cancel")), 0);
    QTest::mouseClick(confirm, Qt::LeftButton);
    QCOMPARE(m_w->pending->count(), 3);

    for (const QString &id : expectedSelection)
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(tasks, id), QStringLiteral("dead"), kTimeoutMs);
    // Two running workers were cancelled in the gateway; the finished one had none running.
    QTRY_COMPARE_WITH_TIMEOUT(requestsFor(QStringLiteral("tasks.cancel")), 2, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_w->pending->count(), 0, kTimeoutMs);
    QCOMPARE(m_world->runningWorkers(), 0);
    for (const QString &id : expectedSelection) {
        QString why;
        QVERIFY2(pendingUntilConfirmed(id, &why), qPrintable(why));
        QVERIFY(clickRow(view, id));
        QTRY_COMPARE_WITH_TIMEOUT(m_w->detail->taskId(), id, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            auditRows().filter(kOperatorAtHost + QStringLiteral("|kill|ok|")).size() == 1,
            kTimeoutMs);
    }
}

QTEST_MAIN(TestE2eActions)
#include "tst_e2e_actions.moc"
