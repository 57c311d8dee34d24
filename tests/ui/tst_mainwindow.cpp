// The window wired to a fake engine: tables fill from pages and deltas, the selection drives
// the actions, commands go out and come back, and the widgets an end-to-end test needs can be
// found by name.
#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "actions/ActionController.h"
#include "actions/ActionDialog.h"
#include "models/InboxModel.h"
#include "models/ModelRoles.h"
#include "models/PendingCommands.h"
#include "models/TaskTableModel.h"
#include "present/Claims.h"
#include "settings/UiSettings.h"
#include "views/InboxPage.h"
#include "views/MainWindow.h"
#include "views/NoticeArea.h"
#include "views/StatusBarWidgets.h"
#include "views/TaskDetailPanel.h"
#include "views/TaskTableView.h"
#include "views/TasksPage.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskState;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tablesFillAndActionsFollowSelection();
    void chipsAndSearchBecomeQueries();
    void inboxAndDetail();
    void inboxKeyboardFlow();
    void inboxSelectionFollowsARemovedRow();
    void inboxClaims();
    void connectionStatusInPlainWords();
    void roleOnASharedStore();
    void observerOfAnotherClawOps();
    void namedWidgets();
    void dialogsOpenFromTheWindowsActions();
};

namespace {

// Distinct colours in a picture, counted up to 256: a widget that did not paint is one flat fill.
int colours(const QImage &picture)
{
    QSet<QRgb> seen;
    for (int y = 0; y < picture.height() && seen.size() < 256; ++y)
        for (int x = 0; x < picture.width(); ++x)
            seen.insert(picture.pixel(x, y));
    return int(seen.size());
}

void seed(FakeEngineLink &link)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<core::TaskRecord> tasks;
    for (int i = 0; i < 64; ++i)
        tasks.append(makeTask(i, TaskState(i % 8), now - (64 - i) * qint64{45000}));
    tasks[4].receiptJson = QStringLiteral(
        R"({"task_id":"000000000004-a1","status":"completed","summary":"All checks passed.\n)"
        R"(The report is in out/report.md.","artifacts":[{"kind":"file","path_or_ref":)"
        R"("out/report.md","description":"check report"}],"blockers":[],"verification":[)"
        R"({"kind":"command","value":"make test","expected":"exit 0"},{"kind":"url",)"
        R"("value":"http://127.0.0.1:8080/health","expected":"200 OK"}]})");
    tasks[4].receiptSeen = true;
    tasks[4].receiptStatus = QStringLiteral("completed");
    tasks[4].verificationItems = 2;
    tasks[4].updatedAt = now - 20000;
    tasks[3].receiptJson = QStringLiteral(
        R"({"status":"blocked","blockers":[{"type":"access","message":"No credentials for )"
        R"(the staging database.","suggested_fix":"Provide STAGING_DB_URL or say which )"
        R"(database to use.","required_from_user":true}]})");
    tasks[3].lastOutcome =
        clawops::core::TransitionCause::fromText(QStringLiteral("worker-reported-blocked"));
    link.upsert(tasks, false);
}

} // namespace

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOpsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::tablesFillAndActionsFollowSelection()
{
    FakeEngineLink link;
    seed(link);
    host::EngineSettings settings;
    MainWindow window(link, settings);
    const WindowParts w(window);
    window.show();
    link.answerPages();
    QCOMPARE(w.tasksModel->rowCount(), 64);
    QCOMPARE(w.inboxModel->rowCount(), 16);
    Q_EMIT link.delta(link.deltaFor({}));

    TaskTableView *view = w.tasksPage->view();
    const int row = w.tasksModel->rowOf(makeTask(4, TaskState::NeedsVerification, 0).taskId);
    view->selectRow(row);
    QTRY_VERIFY(w.actions->action(TaskAction::Verify)->isEnabled());
    QVERIFY(!w.actions->action(TaskAction::Answer)->isEnabled());

    w.actions->action(TaskAction::Verify)->trigger();
    QCOMPARE(link.commands.size(), 1);
    QVERIFY(w.pending->isPending(link.commands.at(0).second.taskId));
    QVERIFY(w.tasksModel->index(row, 0).data(PendingRole).toBool());
    QTRY_VERIFY(!w.actions->action(TaskAction::Verify)->isEnabled());

    // The engine answers: the row changes state through a delta, the pending mark goes.
    core::TaskRecord task = *link.task(link.commands.at(0).second.taskId);
    task.state = TaskState::Done;
    task.updatedAt = QDateTime::currentMSecsSinceEpoch() + 1;
    link.upsert({task});
    link.finishCommand(link.commands.at(0).first, true);
    QVERIFY(!w.pending->isPending(task.taskId));
    QCOMPARE(w.inboxModel->rowCount(), 15);

    // A refusal becomes a notice.
    view->selectRow(w.tasksModel->rowOf(makeTask(2, TaskState::Running, 0).taskId));
    QTRY_VERIFY(w.actions->action(TaskAction::Kill)->isEnabled());
    w.actions->setConfirmDestructive(false);
    w.actions->action(TaskAction::Kill)->trigger();
    link.finishCommand(link.commands.last().first, false, core::CommandResult::Kind::NoSuchTask);
    QVERIFY(
        w.notices->texts().join(QLatin1Char('\n')).contains(QStringLiteral("There is no task")));
}

void TestMainWindow::chipsAndSearchBecomeQueries()
{
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    window.findChild<QToolButton *>(QStringLiteral("chip.needs_input"))->click();
    QCOMPARE(w.tasksModel->query().states, QList<TaskState>{TaskState::NeedsInput});
    link.answerPages();
    QCOMPARE(w.tasksModel->rowCount(), 8);
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("tasks.search"));
    search->setText(QStringLiteral("T-11 "));
    QTRY_COMPARE(w.tasksModel->query().search, QStringLiteral("T-11"));
    link.answerPages();
    QCOMPARE(w.tasksModel->rowCount(), 1);
    window.findChild<QToolButton *>(QStringLiteral("chip.all"))->click();
    QVERIFY(w.tasksModel->query().states.isEmpty());
}

void TestMainWindow::inboxAndDetail()
{
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    w.tabs->setCurrentWidget(w.inboxPage);
    TaskTableView *inbox = w.inboxPage->view();
    const QString id = makeTask(4, TaskState::NeedsVerification, 0).taskId;
    QVERIFY(inbox->selectTask(id));
    QTRY_COMPARE(w.detail->taskId(), id);
    link.answerDetails();
    QCOMPARE(w.detail->detail().task.taskId, id);
    auto *text = window.findChild<QWidget *>(QStringLiteral("detail.taskText"));
    QVERIFY(text);
    QVERIFY(!text->property("plainText")
                 .toString()
                 .contains(QStringLiteral("[Worker result contract]")));
    QVERIFY(text->property("plainText").toString().startsWith(QStringLiteral("Run the checks")));
    // Its receipt lists two checks: Verify waits until both are ticked (tst_checklist has more).
    QTRY_VERIFY(w.actions->action(TaskAction::Reject)->isEnabled());
    QVERIFY(!w.actions->action(TaskAction::Verify)->isEnabled());
    auto *checklist = named<QTreeWidget>(window, QStringLiteral("detail.checklist"));
    QCOMPARE(checklist->topLevelItemCount(), 2);
    for (int row = 0; row < 2; ++row) {
        checklist->topLevelItem(row)->setCheckState(0, Qt::Checked);
        link.finishCommand(link.commands.constLast().first, true);
    }
    QTRY_VERIFY(w.actions->action(TaskAction::Verify)->isEnabled());
}

namespace {

QString inboxId(const WindowParts &w, int row)
{
    return w.inboxModel->index(row, 0).data(TaskIdRole).toString();
}

int firstVerificationRowWithSuccessor(const WindowParts &w)
{
    for (int row = 0; row + 1 < w.inboxModel->rowCount(); ++row) {
        if (TaskState(w.inboxModel->index(row, 0).data(TaskStateRole).toInt()) ==
            TaskState::NeedsVerification)
            return row;
    }
    return -1;
}

} // namespace

void TestMainWindow::inboxKeyboardFlow()
{
    QSettings().clear(); // the settings an earlier run left, the automatic move among them
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    link.answerPages();
    Q_EMIT link.delta(link.deltaFor({}));
    w.tabs->setCurrentWidget(w.inboxPage);
    TaskTableView *inbox = w.inboxPage->view();
    QVERIFY(w.inboxModel->rowCount() > 3);

    // J and K walk the list; the detail panel follows and the actions act on the row.
    auto *next = named<QAction>(window, QStringLiteral("action.nextItem"));
    auto *previous = named<QAction>(window, QStringLiteral("action.previousItem"));
    QCOMPARE(next->shortcut(), QKeySequence(Qt::Key_J));
    QCOMPARE(previous->shortcut(), QKeySequence(Qt::Key_K));
    QVERIFY(next->toolTip().contains(QStringLiteral("(J)")));
    next->trigger();
    QCOMPARE(inbox->currentTaskId(), inboxId(w, 0));
    QTRY_COMPARE(w.detail->taskId(), inboxId(w, 0));
    next->trigger();
    next->trigger();
    QCOMPARE(inbox->currentTaskId(), inboxId(w, 2));
    previous->trigger();
    QCOMPARE(inbox->currentTaskId(), inboxId(w, 1));
    QCOMPARE(inbox->selectedTasks().size(), 1);
    QTRY_COMPARE(w.detail->taskId(), inboxId(w, 1));
    QTRY_COMPARE(w.actions->selection().size(), 1);
    QCOMPARE(w.actions->selection().constFirst().taskId, inboxId(w, 1));
    // The first row is as far as K goes.
    previous->trigger();
    QVERIFY(!inbox->moveCurrent(-1));
    QCOMPARE(inbox->currentTaskId(), inboxId(w, 0));

    // A decision moves the selection on at once; the decided row waits, pending, for the
    // engine.
    const int row = firstVerificationRowWithSuccessor(w);
    QVERIFY(row >= 0);
    const QString decided = inboxId(w, row);
    const QString following = inboxId(w, row + 1);
    QVERIFY(inbox->selectTask(decided));
    QTRY_VERIFY(w.actions->action(TaskAction::Verify)->isEnabled());
    w.actions->action(TaskAction::Verify)->trigger();
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(link.commands.constFirst().second.taskId.str(), decided);
    QCOMPARE(inbox->currentTaskId(), following);
    QCOMPARE(inbox->selectedTasks().size(), 1);
    QTRY_COMPARE(w.detail->taskId(), following);

    // The engine takes it: the row leaves the Inbox, the selection stays where the operator is,
    // and the decision with its result stays in view.
    core::TaskRecord task = *link.task(decided);
    task.state = TaskState::Done;
    task.updatedAt = QDateTime::currentMSecsSinceEpoch() + 1;
    link.upsert({task});
    link.finishCommand(link.commands.constFirst().first, true);
    QCOMPARE(w.inboxModel->rowOf(decided), -1);
    QCOMPARE(inbox->currentTaskId(), following);
    QCOMPARE(w.detail->taskId(), following);
    auto *last = named<QLabel>(window, QStringLiteral("inbox.lastDecision"));
    QVERIFY(last->isVisible());
    QVERIFY2(last->text().contains(QStringLiteral("Verify")), qPrintable(last->text()));
    QVERIFY(last->toolTip().contains(decided));
    QCOMPARE(w.inboxPage->lastDecidedTaskId(), decided);
    link.answerDetails();
    QVERIFY(keepScreenshot(&window, QStringLiteral("inbox-after-decision")));

    // Back to it: the decided task (now only in Tasks) is selected and its detail shown, where
    // the new audit line is.
    named<QAction>(window, QStringLiteral("action.backToDecided"))->trigger();
    QCOMPARE(w.tabs->currentWidget(), w.tasksPage);
    QCOMPARE(w.tasksPage->view()->currentTaskId(), decided);
    QCOMPARE(w.detail->taskId(), decided);

    // Turned off in Settings (and kept there), a decision leaves the selection where it is.
    w.tabs->setCurrentWidget(w.inboxPage);
    window.findChild<QAction *>(QStringLiteral("action.settings"))->trigger();
    auto *settings = named<QDialog>(window, QStringLiteral("settingsDialog"));
    named<QCheckBox>(*settings, QStringLiteral("settings.advanceAfterDecision"))->setChecked(false);
    QTest::mouseClick(named<QPushButton>(*settings, QStringLiteral("settings.apply")),
                      Qt::LeftButton);
    settings->reject();
    const int again = firstVerificationRowWithSuccessor(w);
    QVERIFY(again >= 0);
    QVERIFY(inbox->selectTask(inboxId(w, again)));
    const QString stays = inboxId(w, again);
    QTRY_VERIFY(w.actions->action(TaskAction::Verify)->isEnabled());
    w.actions->action(TaskAction::Verify)->trigger();
    QCOMPARE(link.commands.size(), 2);
    QCOMPARE(inbox->currentTaskId(), stays);
    {
        QSettings stored;
        QVERIFY(!UiSettings::load(stored).advanceAfterDecision);
    }
    QSettings().clear();
}

void TestMainWindow::inboxSelectionFollowsARemovedRow()
{
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    w.tabs->setCurrentWidget(w.inboxPage);
    TaskTableView *inbox = w.inboxPage->view();
    QVERIFY(w.inboxModel->rowCount() > 3);
    const QString gone = inboxId(w, 1);
    const QString below = inboxId(w, 2);
    QVERIFY(inbox->selectTask(gone));
    QTRY_COMPARE(w.detail->taskId(), gone);

    // Another console decides the selected task: the next one is selected, not the one above,
    // and the actions and the detail panel move with it.
    core::TaskRecord task = *link.task(gone);
    task.state = TaskState::Done;
    task.updatedAt = QDateTime::currentMSecsSinceEpoch() + 1;
    link.upsert({task});
    QCOMPARE(w.inboxModel->rowOf(gone), -1);
    QCOMPARE(inbox->currentTaskId(), below);
    QCOMPARE(inbox->selectedTasks().size(), 1);
    QCOMPARE(inbox->selectedTasks().constFirst().taskId, below);
    QTRY_COMPARE(w.detail->taskId(), below);
    QTRY_COMPARE(w.actions->selection().size(), 1);

    // The last row goes: the one above it is next.
    const int lastRow = w.inboxModel->rowCount() - 1;
    const QString lastId = inboxId(w, lastRow);
    const QString above = inboxId(w, lastRow - 1);
    QVERIFY(inbox->selectTask(lastId));
    task = *link.task(lastId);
    task.state = TaskState::Failed;
    task.updatedAt = QDateTime::currentMSecsSinceEpoch() + 2;
    link.upsert({task});
    QCOMPARE(inbox->currentTaskId(), above);
    QCOMPARE(inbox->selectedTasks().size(), 1);
}

// Claims in the window: the Inbox shows who claims what, its Claim button and the C key send the
// command, and acting on another operator's item from the window asks first.
void TestMainWindow::inboxClaims()
{
    QSettings().clear();
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    link.answerPages();
    w.tabs->setCurrentWidget(w.inboxPage);
    TaskTableView *inbox = w.inboxPage->view();
    const QString alices = makeTask(3, TaskState::NeedsInput, 0).taskId;
    const QString mine = makeTask(11, TaskState::NeedsInput, 0).taskId;
    const QString free = makeTask(19, TaskState::NeedsInput, 0).taskId;
    const ConsoleIdentity me = w.actions->identity();
    QVERIFY(!me.operatorName.isEmpty());
    QCOMPARE(w.inboxModel->consoleIdentity(), me);

    host::EngineDelta delta = link.deltaFor({});
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 threeMinutesAgo = now - qint64{185000};
    delta.claims = QList<core::ClaimRecord>{{core::TaskId(alices), QStringLiteral("alice"),
                                             QStringLiteral("ops-west"), threeMinutesAgo},
                                            {core::TaskId(mine), me.operatorName, me.host, now}};
    Q_EMIT link.delta(delta);
    const auto claimText = [&w](const QString &taskId) {
        return w.inboxModel->index(w.inboxModel->rowOf(taskId), InboxModel::ClaimColumn)
            .data()
            .toString();
    };
    QCOMPARE(claimText(alices), QStringLiteral("claimed by alice @ ops-west"));
    QCOMPARE(claimText(mine), QStringLiteral("claimed by you"));
    QCOMPARE(claimText(free), QString());

    // C on an unclaimed item claims it at once.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(inbox->selectTask(free));
    inbox->setFocus();
    QTRY_COMPARE(w.actions->selection().size(), 1);
    QTest::keyClick(inbox, Qt::Key_C);
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(link.commands.constLast().second.kind, core::OperatorCommand::Kind::Claim);
    QCOMPARE(link.commands.constLast().second.taskId, free);
    QCOMPARE(link.commands.constLast().second.operatorName, me.operatorName);
    link.finishCommand(link.commands.constLast().first, true);

    // Answering alice's item asks first, with her name and how long ago.
    QVERIFY(inbox->selectTask(alices));
    QTRY_COMPARE(w.actions->selection().constFirst().taskId, alices);
    w.actions->action(TaskAction::Answer)->trigger();
    auto *confirm = named<ActionDialog>(window, QStringLiteral("actionDialog"));
    QCOMPARE(confirm->claimQuestion(),
             QStringLiteral("alice @ ops-west claimed this task 3 min ago. Act anyway?"));
    confirm->reject();
    QCOMPARE(link.commands.size(), 1);
    delete confirm;

    // The Inbox's own Claim button takes it over, after the same question.
    auto *claimButton = named<QToolButton>(*w.inboxPage, QStringLiteral("inbox.action.claim"));
    QVERIFY(claimButton->isEnabled());
    QTest::mouseClick(claimButton, Qt::LeftButton);
    confirm = named<ActionDialog>(window, QStringLiteral("actionDialog"));
    QVERIFY(!confirm->claimQuestion().isEmpty());
    confirm->accept();
    QCOMPARE(link.commands.size(), 2);
    QCOMPARE(link.commands.constLast().second.kind, core::OperatorCommand::Kind::Claim);
    QCOMPARE(link.commands.constLast().second.taskId, alices);
}

void TestMainWindow::connectionStatusInPlainWords()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    host::ConnectionStatus status;
    status.phase = host::ConnectionPhase::Stopped;
    status.gatewayUrl = QStringLiteral("ws://gw:18789/");
    status.errorCode = QStringLiteral("PAIRING_REQUIRED");
    status.failure = gateway::classifyConnectFailure(status.errorCode);
    status.requestId = QStringLiteral("abc123");
    Q_EMIT link.connectionChanged(status);
    auto *button = window.findChild<QToolButton *>(QStringLiteral("status.connection"));
    QCOMPARE(button->text(), QStringLiteral("Stopped: needs you"));
    QVERIFY(w.notices->texts().join(QString()).contains(
        QStringLiteral("openclaw devices approve abc123")));
    // The same failure again is not repeated.
    Q_EMIT link.connectionChanged(status);
    QCOMPARE(w.notices->count(), 1);

    status = {};
    status.phase = host::ConnectionPhase::Live;
    status.gatewayUrl = QStringLiteral("ws://gw:18789/");
    status.serverVersion = QStringLiteral("2026.9.1");
    status.roundTripMs = 12;
    status.lastEventAtMs = QDateTime::currentMSecsSinceEpoch() - 3000;
    Q_EMIT link.connectionChanged(status);
    QCOMPARE(button->text(), QStringLiteral("Live"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("status.rtt"))->text(),
             QStringLiteral("12 ms"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("status.version"))->text(),
             QStringLiteral("gateway 2026.9.1"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("status.lastEvent"))->text(),
             QStringLiteral("last event just now"));
}

void TestMainWindow::roleOnASharedStore()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    auto *role = window.findChild<QLabel *>(QStringLiteral("status.role"));
    QVERIFY(role);
    // Nothing to say before the engine has asked for the lease.
    QVERIFY(role->isHidden());

    host::RoleStatus status;
    status.role = host::EngineRole::Following;
    status.holderHost = QStringLiteral("ops-west");
    status.holderOperator = QStringLiteral("alice");
    status.epoch = 4;
    Q_EMIT link.roleChanged(status);
    QVERIFY(!role->isHidden());
    QCOMPARE(role->text(), QStringLiteral("Following ops-west"));
    QCOMPARE(w.inboxModel->graceClock().link, GraceClock::Link::Unknown);
    QVERIFY(role->toolTip().contains(QStringLiteral("alice")));

    status = {};
    status.role = host::EngineRole::StoreUnreachable;
    status.detail = QStringLiteral("connection refused");
    Q_EMIT link.roleChanged(status);
    QCOMPARE(role->text(), QStringLiteral("Store unreachable"));
    QVERIFY(role->toolTip().contains(QStringLiteral("connection refused")));

    status = {};
    status.role = host::EngineRole::Acting;
    status.epoch = 5;
    Q_EMIT link.roleChanged(status);
    QCOMPARE(role->text(), QStringLiteral("Acting"));
    QVERIFY(role->toolTip().contains(QStringLiteral("5")));
    // Acting, its link says when grace windows run: held while down, counted from the reconnect.
    QCOMPARE(w.inboxModel->graceClock().link, GraceClock::Link::Down);
    host::ConnectionStatus connection;
    connection.phase = host::ConnectionPhase::Live;
    const qint64 beforeLive = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT link.connectionChanged(connection);
    QCOMPARE(w.inboxModel->graceClock().link, GraceClock::Link::Live);
    QVERIFY(w.inboxModel->graceClock().liveSinceMs >= beforeLive);
    connection.phase = host::ConnectionPhase::Backoff;
    Q_EMIT link.connectionChanged(connection);
    QCOMPARE(w.inboxModel->graceClock().link, GraceClock::Link::Down);

    // The store refuses writes while the engine acts: what waits in memory is on the role.
    status.heldChanges = 12;
    status.detail = QStringLiteral("server closed the connection unexpectedly");
    Q_EMIT link.roleChanged(status);
    QCOMPARE(role->text(),
             QStringLiteral("Acting · store unreachable · 12 change(s) wait for the store"));
    QVERIFY(role->toolTip().contains(QStringLiteral("server closed the connection")));
    status.heldChanges = 0;
    status.detail.clear();
    Q_EMIT link.roleChanged(status);
    QCOMPARE(role->text(), QStringLiteral("Acting"));

    // Who else is here: named beside the role, every one with its role in the tooltip.
    auto *others = window.findChild<QLabel *>(QStringLiteral("status.others"));
    QVERIFY(others);
    QVERIFY(others->isHidden());
    status.others = {
        {QStringLiteral("bob"), QStringLiteral("ops-east"), host::EngineRole::Following},
        {{}, QStringLiteral("lab-3"), host::EngineRole::Observer}};
    Q_EMIT link.roleChanged(status);
    QVERIFY(!others->isHidden());
    QCOMPARE(others->text(), QStringLiteral("Also here: bob @ ops-east, ClawOps @ lab-3"));
    QVERIFY(others->toolTip().contains(QStringLiteral("bob @ ops-east (following)")));
    QVERIFY(others->toolTip().contains(QStringLiteral("ClawOps @ lab-3 (observing)")));
    status.others.append(
        {QStringLiteral("carol"), QStringLiteral("ops-west"), host::EngineRole::StoreUnreachable});
    Q_EMIT link.roleChanged(status);
    QCOMPARE(others->text(), QStringLiteral("3 other console(s)"));
    QVERIFY(others->toolTip().contains(QStringLiteral("carol @ ops-west (store unreachable)")));
    status.others.clear();
    Q_EMIT link.roleChanged(status);
    QVERIFY(others->isHidden());
}

void TestMainWindow::observerOfAnotherClawOps()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    auto *role = window.findChild<QLabel *>(QStringLiteral("status.role"));
    auto *takeOver = window.findChild<QAction *>(QStringLiteral("action.takeOver"));
    QVERIFY(role);
    QVERIFY(takeOver);
    QVERIFY(!takeOver->isEnabled());

    host::RoleStatus status;
    status.role = host::EngineRole::Observer;
    status.holderHost = QStringLiteral("ops-east");
    Q_EMIT link.roleChanged(status);
    QVERIFY(!role->isHidden());
    QCOMPARE(role->text(), QStringLiteral("Observer — ClawOps on ops-east is acting"));
    QVERIFY(takeOver->isEnabled());
    takeOver->trigger();
    QCOMPARE(link.takeOvers, 1);

    status.actingPeerLeft = true;
    Q_EMIT link.roleChanged(status);
    QCOMPARE(role->text(), QStringLiteral("Observer — ClawOps on ops-east left"));

    status = {};
    status.role = host::EngineRole::Acting;
    Q_EMIT link.roleChanged(status);
    QCOMPARE(role->text(), QStringLiteral("Acting"));
    QVERIFY(!takeOver->isEnabled());
}

void TestMainWindow::namedWidgets()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    for (const char *name : {"tasks.table", "tasks.search", "tasks.orchestrator", "tasks.count",
                             "inbox.table", "retry.table", "detailPanel", "detailDock",
                             "notice.area", "mainToolBar", "status.connection", "mainTabs"})
        QVERIFY2(window.findChild<QObject *>(QString::fromLatin1(name)), name);
    for (const char *name :
         {"action.verify", "action.reject", "action.answer", "action.forceRetry", "action.kill",
          "action.markDead", "action.cancelRetry", "action.pauseRetries", "action.connect",
          "action.settings", "action.reload"})
        QVERIFY2(window.findChild<QAction *>(QString::fromLatin1(name)), name);
}

void TestMainWindow::dialogsOpenFromTheWindowsActions()
{
    // The window and each dialog are grabbed as the offscreen platform paints them and must show
    // more than a flat fill. CLAWOPS_UI_SCREENSHOTS=<folder> also saves the pictures there, for
    // reviewers.
    const QString shots = qEnvironmentVariable("CLAWOPS_UI_SCREENSHOTS");
    const auto keep = [&shots](QWidget *widget, const QString &name) {
        const QImage picture = widget->grab().toImage();
        if (!shots.isEmpty() && !picture.save(QDir(shots).filePath(name + QStringLiteral(".png"))))
            return 0;
        return colours(picture);
    };
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.resize(1500, 860);
    window.show();
    // The task table before its first page (a placeholder) and after: the rows are painted.
    QWidget *const tableArea = w.tasksPage->view()->viewport();
    const QImage loading = tableArea->grab().toImage();
    link.answerPages();
    Q_EMIT link.delta(link.deltaFor({}));
    const QString id = makeTask(4, TaskState::NeedsVerification, 0).taskId;
    QVERIFY(w.tasksPage->view()->selectTask(id));
    QTRY_COMPARE(w.detail->taskId(), id);
    link.answerDetails();
    const QImage loaded = tableArea->grab().toImage();
    QVERIFY(loaded != loading);
    const QRect firstId = w.tasksPage->view()->visualRect(
        w.tasksPage->view()->model()->index(0, TaskTableModel::IdColumn));
    QVERIFY(!firstId.isEmpty());
    // The first row's id cell holds text: more than its background and one ink.
    const int idColours = colours(loaded.copy(QRect(firstId.topLeft() * loaded.devicePixelRatio(),
                                                    firstId.size() * loaded.devicePixelRatio())));
    QVERIFY2(idColours >= 4, qPrintable(QString::number(idColours)));
    QVERIFY(keep(&window, QStringLiteral("window")) >= 16);

    // The connection stopped: the dialog offers that gateway and says what to do about it, and
    // connecting with a typed token goes to the engine.
    host::ConnectionStatus stopped;
    stopped.phase = host::ConnectionPhase::Stopped;
    stopped.gatewayUrl = QStringLiteral("ws://gateway.lan:18789/");
    stopped.errorCode = QStringLiteral("PAIRING_REQUIRED");
    stopped.failure = gateway::classifyConnectFailure(stopped.errorCode);
    stopped.requestId = QStringLiteral("8f2c1d");
    stopped.errorMessage = QStringLiteral("pairing required");
    Q_EMIT link.connectionChanged(stopped);
    named<QAction>(window, QStringLiteral("action.connect"))->trigger();
    auto *connectDialog = named<QDialog>(window, QStringLiteral("connectDialog"));
    QVERIFY(connectDialog->isVisible());
    QCOMPARE(named<QLineEdit>(*connectDialog, QStringLiteral("connect.url"))->text(),
             stopped.gatewayUrl);
    QVERIFY(named<QLabel>(*connectDialog, QStringLiteral("connect.advice"))
                ->text()
                .contains(QStringLiteral("openclaw devices approve 8f2c1d")));
    QVERIFY(keep(connectDialog, QStringLiteral("connect")) >= 8);
    named<QLineEdit>(*connectDialog, QStringLiteral("connect.token"))
        ->setText(QStringLiteral("typed-token"));
    named<QCheckBox>(*connectDialog, QStringLiteral("connect.remember"))->setChecked(false);
    QTest::mouseClick(named<QPushButton>(*connectDialog, QStringLiteral("connect.connect")),
                      Qt::LeftButton);
    QCOMPARE(link.reconnects.size(), 1);
    QCOMPARE(link.reconnects.constFirst().first, QUrl(stopped.gatewayUrl));
    QCOMPARE(link.reconnects.constFirst().second, QStringLiteral("typed-token"));
    connectDialog->close();

    // A changed engine setting goes to the engine and to the views that use it.
    named<QAction>(window, QStringLiteral("action.settings"))->trigger();
    auto *settingsDialog = named<QDialog>(window, QStringLiteral("settingsDialog"));
    QVERIFY(settingsDialog->isVisible());
    QVERIFY(keep(settingsDialog, QStringLiteral("settings")) >= 8);
    named<QSpinBox>(*settingsDialog, QStringLiteral("settings.verificationGraceMs"))
        ->setValue(90000);
    QTest::mouseClick(named<QPushButton>(*settingsDialog, QStringLiteral("settings.apply")),
                      Qt::LeftButton);
    QCOMPARE(link.configs.size(), 1);
    QCOMPARE(link.configs.constFirst().verificationGraceMs, 90000);
    QCOMPARE(w.inboxModel->verificationGraceMs(), 90000);
    settingsDialog->reject();

    // A destructive action over many tasks asks first and lists them.
    w.tasksPage->view()->selectAll();
    QTRY_VERIFY(w.actions->action(TaskAction::Kill)->isEnabled());
    w.actions->action(TaskAction::Kill)->trigger();
    auto *confirm = named<ActionDialog>(window, QStringLiteral("actionDialog"));
    QVERIFY(confirm->isVisible());
    QVERIFY(confirm->eligibleIds().size() > 1);
    QVERIFY(keep(confirm, QStringLiteral("bulk")) >= 8);
    confirm->reject();
    QVERIFY(link.commands.isEmpty());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
