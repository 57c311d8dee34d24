// The window wired to a fake engine: tables fill from pages and deltas, the selection drives
// the actions, commands go out and come back, and the widgets an end-to-end test needs can be
// found by name.
#include "FakeEngineLink.h"
#include "actions/ActionController.h"
#include "models/InboxModel.h"
#include "models/ModelRoles.h"
#include "models/PendingCommands.h"
#include "models/TaskTableModel.h"
#include "views/InboxPage.h"
#include "views/MainWindow.h"
#include "views/NoticeArea.h"
#include "views/StatusBarWidgets.h"
#include "views/TaskDetailPanel.h"
#include "views/TaskTableView.h"
#include "views/TasksPage.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

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
    void connectionStatusInPlainWords();
    void namedWidgets();
    void screenshot();
};

namespace {

void seed(FakeEngineLink &link)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<core::TaskRecord> tasks;
    for (int i = 0; i < 64; ++i)
        tasks.append(makeTask(i, TaskState(i % 8), now - (64 - i) * 45000));
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
    window.show();
    link.answerPages();
    QCOMPARE(window.tasksModel()->rowCount(), 64);
    QCOMPARE(window.inboxModel()->rowCount(), 16);
    Q_EMIT link.delta(link.deltaFor({}));

    TaskTableView *view = window.tasksPage()->view();
    const int row = window.tasksModel()->rowOf(makeTask(4, TaskState::NeedsVerification, 0).taskId);
    view->selectRow(row);
    QTRY_VERIFY(window.actions()->action(TaskAction::Verify)->isEnabled());
    QVERIFY(!window.actions()->action(TaskAction::Answer)->isEnabled());

    window.actions()->action(TaskAction::Verify)->trigger();
    QCOMPARE(link.commands.size(), 1);
    QVERIFY(window.pendingCommands()->isPending(link.commands.at(0).second.taskId));
    QVERIFY(window.tasksModel()->index(row, 0).data(PendingRole).toBool());
    QTRY_VERIFY(!window.actions()->action(TaskAction::Verify)->isEnabled());

    // The engine answers: the row changes state through a delta, the pending mark goes.
    core::TaskRecord task = *link.task(link.commands.at(0).second.taskId);
    task.state = TaskState::Done;
    task.updatedAt = QDateTime::currentMSecsSinceEpoch() + 1;
    link.upsert({task});
    link.finishCommand(link.commands.at(0).first, true);
    QVERIFY(!window.pendingCommands()->isPending(task.taskId));
    QCOMPARE(window.inboxModel()->rowCount(), 15);

    // A refusal becomes a notice.
    view->selectRow(window.tasksModel()->rowOf(makeTask(2, TaskState::Running, 0).taskId));
    QTRY_VERIFY(window.actions()->action(TaskAction::Kill)->isEnabled());
    window.actions()->setConfirmDestructive(false);
    window.actions()->action(TaskAction::Kill)->trigger();
    link.finishCommand(link.commands.last().first, false, core::CommandResult::Kind::NoSuchTask);
    QVERIFY(window.noticeArea()
                ->texts()
                .join(QLatin1Char('\n'))
                .contains(QStringLiteral("There is no task")));
}

void TestMainWindow::chipsAndSearchBecomeQueries()
{
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    window.show();
    link.answerPages();
    window.findChild<QToolButton *>(QStringLiteral("chip.needs_input"))->click();
    QCOMPARE(window.tasksModel()->query().states, QList<TaskState>{TaskState::NeedsInput});
    link.answerPages();
    QCOMPARE(window.tasksModel()->rowCount(), 8);
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("tasks.search"));
    search->setText(QStringLiteral("T-11 "));
    QTRY_COMPARE(window.tasksModel()->query().search, QStringLiteral("T-11"));
    link.answerPages();
    QCOMPARE(window.tasksModel()->rowCount(), 1);
    window.findChild<QToolButton *>(QStringLiteral("chip.all"))->click();
    QVERIFY(window.tasksModel()->query().states.isEmpty());
}

void TestMainWindow::inboxAndDetail()
{
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    window.show();
    link.answerPages();
    window.tabs()->setCurrentWidget(window.inboxPage());
    TaskTableView *inbox = window.inboxPage()->view();
    const QString id = makeTask(4, TaskState::NeedsVerification, 0).taskId;
    QVERIFY(inbox->selectTask(id));
    QTRY_COMPARE(window.detailPanel()->taskId(), id);
    link.answerDetails();
    QCOMPARE(window.detailPanel()->detail().task.taskId, id);
    auto *text = window.findChild<QWidget *>(QStringLiteral("detail.taskText"));
    QVERIFY(text);
    QVERIFY(!text->property("plainText")
                 .toString()
                 .contains(QStringLiteral("[Worker result contract]")));
    QVERIFY(text->property("plainText").toString().startsWith(QStringLiteral("Run the checks")));
    QTRY_VERIFY(window.actions()->action(TaskAction::Verify)->isEnabled());
}

void TestMainWindow::connectionStatusInPlainWords()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    host::ConnectionStatus status;
    status.phase = host::ConnectionPhase::Stopped;
    status.gatewayUrl = QStringLiteral("ws://gw:18789/");
    status.errorCode = QStringLiteral("PAIRING_REQUIRED");
    status.failure = gateway::classifyConnectFailure(status.errorCode);
    status.requestId = QStringLiteral("abc123");
    Q_EMIT link.connectionChanged(status);
    auto *button = window.findChild<QToolButton *>(QStringLiteral("status.connection"));
    QCOMPARE(button->text(), QStringLiteral("Stopped: needs you"));
    QVERIFY(window.noticeArea()->texts().join(QString()).contains(
        QStringLiteral("openclaw devices approve abc123")));
    // The same failure again is not repeated.
    Q_EMIT link.connectionChanged(status);
    QCOMPARE(window.noticeArea()->count(), 1);

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

void TestMainWindow::namedWidgets()
{
    FakeEngineLink link;
    MainWindow window(link, {});
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

void TestMainWindow::screenshot()
{
    // Not an assertion: a picture for reviewers when CLAWOPS_UI_SCREENSHOT names a file.
    const QString path = qEnvironmentVariable("CLAWOPS_UI_SCREENSHOT");
    if (path.isEmpty())
        QSKIP("set CLAWOPS_UI_SCREENSHOT=/path/shot.png to grab the window");
    FakeEngineLink link;
    seed(link);
    MainWindow window(link, {});
    window.resize(1500, 860);
    window.show();
    link.answerPages();
    Q_EMIT link.delta(link.deltaFor({}));
    host::ConnectionStatus status;
    status.phase = host::ConnectionPhase::Live;
    status.gatewayUrl = QStringLiteral("ws://127.0.0.1:18789/");
    status.serverVersion = QStringLiteral("2026.9.1");
    status.roundTripMs = 4;
    status.lastEventAtMs = QDateTime::currentMSecsSinceEpoch() - 2000;
    Q_EMIT link.connectionChanged(status);
    const QString id = makeTask(4, TaskState::NeedsVerification, 0).taskId;
    window.tasksPage()->view()->selectTask(id);
    QTest::qWait(50);
    link.answerDetails();
    core::OperatorCommand command;
    command.kind = core::OperatorCommand::Kind::Kill;
    command.taskId = clawops::core::TaskId(makeTask(2, TaskState::Running, 0).taskId);
    window.pendingCommands()->add(999, command);
    const QString tab = qEnvironmentVariable("CLAWOPS_UI_TAB");
    if (!tab.isEmpty())
        window.tabs()->setCurrentIndex(tab.toInt());
    const QString detailTab = qEnvironmentVariable("CLAWOPS_UI_DETAIL_TAB");
    if (!detailTab.isEmpty())
        window.findChild<QTabWidget *>(QStringLiteral("detail.tabs"))
            ->setCurrentIndex(detailTab.toInt());
    QTest::qWait(200);
    const QString dialog = qEnvironmentVariable("CLAWOPS_UI_DIALOG");
    QWidget *target = &window;
    if (dialog == QLatin1String("connect")) {
        host::ConnectionStatus stopped;
        stopped.phase = host::ConnectionPhase::Stopped;
        stopped.gatewayUrl = QStringLiteral("ws://gateway.lan:18789/");
        stopped.errorCode = QStringLiteral("PAIRING_REQUIRED");
        stopped.failure = gateway::classifyConnectFailure(stopped.errorCode);
        stopped.requestId = QStringLiteral("8f2c1d");
        stopped.errorMessage = QStringLiteral("pairing required");
        Q_EMIT link.connectionChanged(stopped);
        window.showConnectDialog();
        target = window.findChild<QDialog *>(QStringLiteral("connectDialog"));
    } else if (dialog == QLatin1String("settings")) {
        window.showSettingsDialog();
        target = window.findChild<QDialog *>(QStringLiteral("settingsDialog"));
    } else if (dialog == QLatin1String("bulk")) {
        window.tasksPage()->view()->selectAll();
        QTest::qWait(50);
        window.actions()->action(TaskAction::Kill)->trigger();
        target = window.findChild<QDialog *>(QStringLiteral("actionDialog"));
    }
    QVERIFY(target);
    QTest::qWait(200);
    QVERIFY(target->grab().save(path));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
