// Gateway approvals in the Inbox: the model under QAbstractItemModelTester, the notes an approval
// leaves with, and the window's flow (list, keys, decision as a command, refusal) against
// FakeEngineLink.
#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "models/ApprovalModel.h"
#include "views/ApprovalPanel.h"
#include "views/InboxPage.h"
#include "views/MainWindow.h"
#include "views/TaskTableView.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;

namespace {

constexpr qint64 kNow = 1796395800000;

core::ApprovalRecord approval(const QString &id, qint64 createdAt, const QString &command,
                              const QStringList &allowed = {core::kAllowOnce, core::kDeny})
{
    core::ApprovalRecord record;
    record.request.id = id;
    record.request.command = command;
    record.request.cwd = QStringLiteral("/srv/work");
    record.request.host = QStringLiteral("gateway");
    record.request.agentId = QStringLiteral("main");
    record.request.sessionKey = core::SessionKey(
        QStringLiteral("agent:main:subagent:6f4eb4b8-0000-4000-8000-000000000001"));
    record.request.security = QStringLiteral("allowlist");
    record.request.ask = QStringLiteral("on-miss");
    record.request.allowedDecisions = allowed;
    record.request.createdAtMs = createdAt;
    record.request.expiresAtMs = createdAt + 1800000;
    record.taskId = core::TaskId(QStringLiteral("deploy-a1"));
    record.taskLabel = QStringLiteral("deploy");
    record.at = createdAt;
    return record;
}

core::ApprovalRecord closed(core::ApprovalRecord record, core::ApprovalStatus status,
                            const QString &decision, const QString &by, bool here = false)
{
    record.status = status;
    record.decision = decision;
    record.resolvedBy = by;
    record.decidedHere = here;
    return record;
}

host::EngineDelta deltaOf(const QList<core::ApprovalRecord> &records)
{
    host::EngineDelta delta;
    delta.approvals = records;
    return delta;
}

QStringList ids(const ApprovalModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.recordAt(row)->request.id);
    return out;
}

} // namespace

class TestApprovals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rowsComeAndGoOldestFirst();
    void cellsSayWhatIsAsked();
    void closingNotesSayWhoDecided();
    void inboxShowsApprovalsBesideTasks();
    void keysDecideAndWalk();
    void refusedDecisionOpensTheRowAgain();
};

void TestApprovals::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOpsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_approvals"));
}

void TestApprovals::rowsComeAndGoOldestFirst()
{
    ApprovalModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setClock([] { return kNow; });
    QSignalSpy closedSpy(&model, &ApprovalModel::approvalClosed);
    model.apply({approval(QStringLiteral("b"), kNow - 2000, QStringLiteral("make b"))});
    model.apply({approval(QStringLiteral("a"), kNow - 9000, QStringLiteral("make a")),
                 approval(QStringLiteral("c"), kNow - 1000, QStringLiteral("make c"))});
    QCOMPARE(ids(model),
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    // The same approval again (a reconnect's list) updates its row in place.
    model.apply({approval(QStringLiteral("b"), kNow - 2000, QStringLiteral("make b"))});
    QCOMPARE(model.rowCount(), 3);
    model.apply({closed(approval(QStringLiteral("b"), kNow - 2000, QStringLiteral("make b")),
                        core::ApprovalStatus::Denied, core::kDeny, QStringLiteral("ops-west"))});
    QCOMPARE(ids(model), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
    QCOMPARE(closedSpy.size(), 1);
    // Closing one that is not shown changes nothing.
    model.apply({closed(approval(QStringLiteral("x"), kNow, QStringLiteral("make x")),
                        core::ApprovalStatus::Expired, core::kDeny, {})});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(closedSpy.size(), 1);
    model.setDeciding(QStringLiteral("a"), core::kAllowOnce);
    QCOMPARE(model.index(0, 0).data(ApprovalModel::DecidingRole).toString(), core::kAllowOnce);
    model.refreshTimes();
}

void TestApprovals::cellsSayWhatIsAsked()
{
    ApprovalModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setClock([] { return kNow; });
    model.apply({approval(QStringLiteral("a"), kNow - 65000, QStringLiteral("git push"))});
    const auto cell = [&](int column) { return model.index(0, column).data().toString(); };
    QCOMPARE(cell(ApprovalModel::AsksColumn), QStringLiteral("git push"));
    QCOMPARE(cell(ApprovalModel::WhereColumn), QStringLiteral("gateway · /srv/work"));
    QVERIFY2(cell(ApprovalModel::TaskColumn).contains(QLatin1String("deploy")),
             qPrintable(cell(ApprovalModel::TaskColumn)));
    QVERIFY(cell(ApprovalModel::RiskColumn).contains(QLatin1String("allowlist")));
    QVERIFY2(cell(ApprovalModel::ExpiresColumn).startsWith(QLatin1String("in ")),
             qPrintable(cell(ApprovalModel::ExpiresColumn)));
    QCOMPARE(model.index(0, 0).data(ApprovalModel::ApprovalTaskIdRole).toString(),
             QStringLiteral("deploy-a1"));
    model.setDeciding(QStringLiteral("a"), core::kDeny);
    QVERIFY(cell(ApprovalModel::ExpiresColumn).contains(QLatin1String("deny")));
}

void TestApprovals::closingNotesSayWhoDecided()
{
    const core::ApprovalRecord base = approval(QStringLiteral("a"), kNow, QStringLiteral("make"));
    QCOMPARE(ApprovalModel::closingNote(closed(base, core::ApprovalStatus::Allowed,
                                               core::kAllowOnce, QStringLiteral("ops-west"))),
             QStringLiteral("“make” approved by ops-west elsewhere"));
    QCOMPARE(ApprovalModel::closingNote(closed(base, core::ApprovalStatus::Denied, core::kDeny,
                                               QStringLiteral("me"), true)),
             QStringLiteral("“make” denied from this console"));
    QVERIFY(ApprovalModel::closingNote(closed(base, core::ApprovalStatus::Expired, core::kDeny, {}))
                .contains(QLatin1String("expired")));
    QVERIFY(
        ApprovalModel::closingNote(closed(base, core::ApprovalStatus::Cancelled, core::kDeny, {}))
            .contains(QLatin1String("run that asked has ended")));
}

void TestApprovals::inboxShowsApprovalsBesideTasks()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    w.tabs->setCurrentWidget(w.inboxPage);
    auto *panel = named<ApprovalPanel>(window, QStringLiteral("inbox.approvals"));
    auto *model = named<ApprovalModel>(window, QStringLiteral("approvalModel"));
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY(!panel->isVisibleTo(&window));
    Q_EMIT link.delta(
        deltaOf({approval(QStringLiteral("a"), kNow - 5000, QStringLiteral("make a")),
                 approval(QStringLiteral("b"), kNow - 1000, QStringLiteral("make b"))}));
    QCOMPARE(model->rowCount(), 2);
    QVERIFY(panel->isVisibleTo(&window));
    QCOMPARE(w.tabs->tabText(1), QStringLiteral("Inbox (2)"));
    QCOMPARE(named<QToolButton>(window, QStringLiteral("inbox.kind.approvals"))->text(),
             QStringLiteral("Approvals 2"));
    // "Everything" counts what the tab counts: no tasks wait here, two approvals do.
    QCOMPARE(named<QToolButton>(window, QStringLiteral("inbox.kind.all"))->text(),
             QStringLiteral("Everything 2"));

    // Decided on another console: the row leaves with a note naming who.
    Q_EMIT link.delta(deltaOf({closed(
        approval(QStringLiteral("a"), kNow - 5000, QStringLiteral("make a")),
        core::ApprovalStatus::Allowed, core::kAllowOnce, QStringLiteral("ClawOps (ana)"))}));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(panel->note(), QStringLiteral("“make a” approved by ClawOps (ana) elsewhere"));
    QCOMPARE(w.tabs->tabText(1), QStringLiteral("Inbox (1)"));

    // The kind switch: only needs-input hides them, only approvals hides the tasks.
    named<QToolButton>(window, QStringLiteral("inbox.kind.input"))->click();
    QVERIFY(!panel->isVisibleTo(&window));
    named<QToolButton>(window, QStringLiteral("inbox.kind.approvals"))->click();
    QVERIFY(panel->isVisibleTo(&window));
    QVERIFY(!w.inboxPage->view()->isVisibleTo(&window));
    named<QToolButton>(window, QStringLiteral("inbox.kind.all"))->click();
    QVERIFY(w.inboxPage->view()->isVisibleTo(&window));
    keepScreenshot(&window, QStringLiteral("inbox-approvals"));
}

void TestApprovals::keysDecideAndWalk()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    link.answerPages();
    w.tabs->setCurrentWidget(w.inboxPage);
    Q_EMIT link.delta(
        deltaOf({approval(QStringLiteral("a"), kNow - 5000, QStringLiteral("make a")),
                 approval(QStringLiteral("b"), kNow - 3000, QStringLiteral("make b"),
                          {core::kAllowOnce, core::kAllowAlways, core::kDeny}),
                 approval(QStringLiteral("c"), kNow - 1000, QStringLiteral("make c"))}));
    auto *panel = named<ApprovalPanel>(window, QStringLiteral("inbox.approvals"));
    panel->selectRow(0);
    QCOMPARE(panel->currentApprovalId(), QStringLiteral("a"));
    QTest::keyClick(panel->view(), Qt::Key_J);
    QCOMPARE(panel->currentApprovalId(), QStringLiteral("b"));
    QTest::keyClick(panel->view(), Qt::Key_K);
    QCOMPARE(panel->currentApprovalId(), QStringLiteral("a"));

    // A: allow always is not offered for "a": nothing is sent.
    QTest::keyClick(panel->view(), Qt::Key_A);
    QVERIFY(link.commands.isEmpty());
    // V approves once; the selection moves on at once.
    QTest::keyClick(panel->view(), Qt::Key_V);
    QCOMPARE(link.commands.size(), 1);
    core::OperatorCommand sent = link.commands.last().second;
    QCOMPARE(sent.kind, core::OperatorCommand::Kind::DecideApproval);
    QCOMPARE(sent.approvalId, QStringLiteral("a"));
    QCOMPARE(sent.text, core::kAllowOnce);
    QCOMPARE(sent.taskId.str(), QStringLiteral("deploy-a1"));
    QCOMPARE(panel->currentApprovalId(), QStringLiteral("b"));
    // A on "b", which offers it; R on "c".
    QTest::keyClick(panel->view(), Qt::Key_A);
    QCOMPARE(link.commands.last().second.text, core::kAllowAlways);
    QCOMPARE(panel->currentApprovalId(), QStringLiteral("c"));
    named<QPushButton>(window, QStringLiteral("inbox.approvals.deny"))->click();
    QCOMPARE(link.commands.size(), 3);
    QCOMPARE(link.commands.last().second.approvalId, QStringLiteral("c"));
    QCOMPARE(link.commands.last().second.text, core::kDeny);
    // A row already decided is not decided again.
    QTest::keyClick(panel->view(), Qt::Key_R);
    QCOMPARE(link.commands.size(), 3);
}

void TestApprovals::refusedDecisionOpensTheRowAgain()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    window.show();
    link.answerPages();
    Q_EMIT link.delta(
        deltaOf({approval(QStringLiteral("a"), kNow - 5000, QStringLiteral("make a"))}));
    auto *panel = named<ApprovalPanel>(window, QStringLiteral("inbox.approvals"));
    auto *model = named<ApprovalModel>(window, QStringLiteral("approvalModel"));
    panel->selectRow(0);
    named<QPushButton>(window, QStringLiteral("inbox.approvals.approve"))->click();
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(model->index(0, 0).data(ApprovalModel::DecidingRole).toString(), core::kAllowOnce);
    link.finishCommand(link.commands.first().first,
                       core::CommandResult::refused(core::CommandResult::Kind::GatewayNotLive));
    QTRY_VERIFY(model->index(0, 0).data(ApprovalModel::DecidingRole).toString().isEmpty());
    QVERIFY2(panel->note().contains(QLatin1String("Not connected")), qPrintable(panel->note()));
}

QTEST_MAIN(TestApprovals)
#include "tst_approvals.moc"
