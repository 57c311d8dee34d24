// The verification checklist in the detail panel: ticks go to the engine as audited commands,
// Verify waits for every tick unless Settings relaxes it, and the ticks come back from the audit
// rows of a detail reply (after reopening the task or restarting the console).
#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "actions/ActionController.h"
#include "actions/ActionRules.h"
#include "models/PendingCommands.h"
#include "settings/UiSettings.h"
#include "views/InboxPage.h"
#include "views/MainWindow.h"
#include "views/TaskDetailPanel.h"
#include "views/TaskTableView.h"
#include "views/VerificationChecklist.h"

#include <QAction>
#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::OperatorCommand;
using core::TaskState;

class TestChecklist : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void ticksAreSentAndVerifyWaitsForAll();
    void settingRelaxesTheWait();
    void ticksComeBackFromTheAuditRows();
    void refusedTickIsUndone();
    void receiptWithoutItemsDoesNotHoldVerifyBack();
    void bulkVerifySkipsWhatIsNotTicked();
};

namespace {

const QString kReceipt = QStringLiteral(
    R"({"task_id":"000000000004-a1","status":"completed","summary":"Built and tested.",)"
    R"("artifacts":[{"kind":"file","path_or_ref":"out/report.md","description":"report"}],)"
    R"("verification":[{"kind":"command","value":"make test","expected":"exit 0"},)"
    R"({"kind":"url","value":"http://127.0.0.1:8080/health","expected":"200 OK"},)"
    R"({"kind":"file","value":"out/report.md","expected":"lists every suite"}]})");

core::TaskRecord verifyingTask(const QString &receipt = kReceipt, int items = 3)
{
    core::TaskRecord task =
        makeTask(4, TaskState::NeedsVerification, QDateTime::currentMSecsSinceEpoch() - 20000);
    task.receiptJson = receipt;
    task.receiptSeen = true;
    task.receiptStatus = QStringLiteral("completed");
    task.verificationItems = items;
    return task;
}

FakeEngineLink &seeded(FakeEngineLink &link, const QList<core::TaskRecord> &tasks)
{
    link.upsert(tasks, false);
    return link;
}

struct Console
{
    explicit Console(const QList<core::TaskRecord> &tasks)
        : window(seeded(link, tasks), {})
        , parts(window)
    {
        window.show();
        link.answerPages();
        parts.tabs->setCurrentWidget(parts.inboxPage);
    }

    // Selects the task in the Inbox and answers the detail request from the store.
    bool open(const QString &taskId)
    {
        if (!parts.inboxPage->view()->selectTask(taskId))
            return false;
        if (!QTest::qWaitFor([&] { return parts.detail->taskId() == taskId; }))
            return false;
        link.answerDetails();
        // The window hands the selection to the actions on its next turn.
        return QTest::qWaitFor([&] {
            const QList<TaskRef> &selected = parts.actions->selection();
            return selected.size() == 1 && selected.constFirst().taskId == taskId;
        });
    }

    QTreeWidget *list() const
    {
        return named<QTreeWidget>(window, QStringLiteral("detail.checklist"));
    }
    QAction *verify() const { return parts.actions->action(TaskAction::Verify); }
    QList<OperatorCommand> checks() const
    {
        QList<OperatorCommand> out;
        for (const auto &[id, command] : link.commands) {
            if (command.kind == OperatorCommand::Kind::CheckItem)
                out.append(command);
        }
        return out;
    }
    void tick(int row, bool on)
    {
        list()->topLevelItem(row)->setCheckState(0, on ? Qt::Checked : Qt::Unchecked);
    }
    // The engine takes the last command and writes its audit row, as it would.
    void engineTakesLast()
    {
        const auto &[id, command] = link.commands.constLast();
        core::ChangeSet changes;
        core::AuditRecord audit;
        audit.at = QDateTime::currentMSecsSinceEpoch();
        audit.operatorName = command.operatorName;
        audit.action = core::commandName(command.kind);
        audit.taskId = command.taskId;
        audit.result = QStringLiteral("ok");
        audit.detail = command.text;
        audit.check = core::CheckMark{command.itemIndex, command.ticked};
        changes.audits.append(audit);
        QVERIFY(!link.store().apply(changes));
        link.finishCommand(id, true);
    }

    FakeEngineLink link;
    MainWindow window;
    WindowParts parts;
};

void setRequireAll(MainWindow &window, bool require)
{
    window.findChild<QAction *>(QStringLiteral("action.settings"))->trigger();
    auto *settings = named<QDialog>(window, QStringLiteral("settingsDialog"));
    auto *box = named<QCheckBox>(*settings, QStringLiteral("settings.verifyNeedsAllChecks"));
    QVERIFY(box->isChecked() != require); // the test changes it
    box->setChecked(require);
    QTest::mouseClick(named<QPushButton>(*settings, QStringLiteral("settings.apply")),
                      Qt::LeftButton);
    settings->reject();
}

} // namespace

void TestChecklist::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOpsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_checklist"));
    QSettings().clear();
}

void TestChecklist::cleanup()
{
    QSettings().clear();
}

void TestChecklist::ticksAreSentAndVerifyWaitsForAll()
{
    const core::TaskRecord task = verifyingTask();
    Console c({task});
    QVERIFY(c.open(task.taskId));
    QTreeWidget *list = c.list();
    QVERIFY(list->isVisible());
    QCOMPARE(list->topLevelItemCount(), 3);
    QCOMPARE(list->topLevelItem(1)->text(0), QStringLiteral("http://127.0.0.1:8080/health"));
    QCOMPARE(list->topLevelItem(1)->text(2), QStringLiteral("200 OK"));
    QVERIFY(!c.verify()->isEnabled());
    QVERIFY(!c.parts.actions->action(TaskAction::VerifyWithNote)->isEnabled());
    QVERIFY(c.parts.actions->action(TaskAction::Reject)->isEnabled()); // only Verify waits
    QVERIFY2(c.verify()->toolTip().contains(QStringLiteral("3 verification check")),
             qPrintable(c.verify()->toolTip()));
    // The receipt's artifacts stay on view in the Receipt tab.
    QVERIFY(named<QWidget>(c.window, QStringLiteral("detail.receipt"))
                ->property("plainText")
                .toString()
                .contains(QStringLiteral("out/report.md")));

    c.tick(0, true);
    QCOMPARE(c.checks().size(), 1);
    const OperatorCommand first = c.checks().constFirst();
    QCOMPARE(first.taskId, core::TaskId(task.taskId));
    QCOMPARE(first.itemIndex, 0);
    QCOMPARE(first.text, QStringLiteral("make test"));
    QVERIFY(first.ticked);
    QVERIFY(c.parts.pending->isPending(task.taskId));
    c.engineTakesLast();
    QVERIFY(!c.parts.pending->isPending(task.taskId));
    QVERIFY(!c.verify()->isEnabled());

    c.tick(2, true);
    c.engineTakesLast();
    c.tick(2, false); // changed their mind: unticks are audited too
    QCOMPARE(c.checks().constLast().itemIndex, 2);
    QVERIFY(!c.checks().constLast().ticked);
    c.engineTakesLast();
    c.tick(1, true);
    c.engineTakesLast();
    QVERIFY(!c.verify()->isEnabled());
    QVERIFY(named<QLabel>(c.window, QStringLiteral("detail.checklistSummary"))
                ->text()
                .contains(QStringLiteral("2 of 3")));
    c.tick(2, true);
    QVERIFY(!c.verify()->isEnabled()); // not before the engine has the last tick
    c.engineTakesLast();
    QVERIFY(c.verify()->isEnabled());
    QCOMPARE(c.checks().size(), 5);

    // The audit rows the engine wrote come back with the detail, and the list agrees.
    c.parts.detail->showTask({});
    c.parts.detail->showTask(task.taskId);
    c.link.answerDetails();
    for (int row = 0; row < 3; ++row)
        QCOMPARE(c.list()->topLevelItem(row)->checkState(0), Qt::Checked);
    QVERIFY(c.verify()->isEnabled());
    c.verify()->trigger();
    QCOMPARE(c.link.commands.constLast().second.kind, OperatorCommand::Kind::Verify);
}

void TestChecklist::settingRelaxesTheWait()
{
    const core::TaskRecord task = verifyingTask();
    Console c({task});
    QVERIFY(c.open(task.taskId));
    QVERIFY(!c.verify()->isEnabled());
    setRequireAll(c.window, false);
    QVERIFY(c.verify()->isEnabled());
    QVERIFY(c.list()->isVisible()); // still a checklist, just not a gate
    {
        QSettings stored;
        QVERIFY(!UiSettings::load(stored).verifyNeedsAllChecks);
    }
    setRequireAll(c.window, true);
    QVERIFY(!c.verify()->isEnabled());
}

void TestChecklist::ticksComeBackFromTheAuditRows()
{
    const core::TaskRecord task = verifyingTask();
    const qint64 entered = task.updatedAt;
    core::ChangeSet history;
    // A mark from an earlier verification round (its receipt had other items) does not count.
    history.audits.append({entered - 5000,
                           QStringLiteral("ann"),
                           QStringLiteral("check_item"),
                           core::TaskId(task.taskId),
                           {},
                           QStringLiteral("ok"),
                           QStringLiteral("old"),
                           core::CheckMark{1, true},
                           {}});
    history.transitions.append(
        {core::TaskId(task.taskId), entered, TaskState::Running, TaskState::NeedsVerification,
         core::TransitionCause::fromText(QStringLiteral("worker-reported-completed"))});
    for (const auto &[at, index, ticked] :
         {std::tuple{entered + 1000, 0, true}, std::tuple{entered + 2000, 2, true},
          std::tuple{entered + 3000, 0, false}, std::tuple{entered + 4000, 0, true}}) {
        history.audits.append({at,
                               QStringLiteral("ann"),
                               QStringLiteral("check_item"),
                               core::TaskId(task.taskId),
                               {},
                               QStringLiteral("ok"),
                               QStringLiteral("x"),
                               core::CheckMark{index, ticked},
                               {}});
    }
    // A row whose English wording would read as a tick, with no typed mark, is no tick.
    history.audits.append({entered + 5000,
                           QStringLiteral("bob"),
                           QStringLiteral("verify"),
                           core::TaskId(task.taskId),
                           {},
                           QStringLiteral("Task 1 ticked"),
                           QStringLiteral("1"),
                           std::nullopt,
                           {}});

    Console c({task});
    QVERIFY(!c.link.store().apply(history));
    QVERIFY(c.open(task.taskId));
    QTreeWidget *list = c.list();
    QCOMPARE(list->topLevelItem(0)->checkState(0), Qt::Checked);
    QCOMPARE(list->topLevelItem(1)->checkState(0), Qt::Unchecked);
    QCOMPARE(list->topLevelItem(2)->checkState(0), Qt::Checked);
    QVERIFY(c.checks().isEmpty()); // restoring sends nothing
    // The operator actions tab tells a tick from an untick by the mark, not by the action.
    QStringList notes;
    auto *audits = named<QTreeWidget>(c.window, QStringLiteral("detail.audits"));
    for (int row = 0; row < audits->topLevelItemCount(); ++row)
        notes.append(audits->topLevelItem(row)->text(4));
    QCOMPARE(notes.count(QStringLiteral("unticked: x")), 1);
    QCOMPARE(notes.count(QStringLiteral("ticked: x")), 3);
    QVERIFY(notes.contains(QStringLiteral("1")));
    QVERIFY(!c.verify()->isEnabled());
    c.tick(1, true);
    c.engineTakesLast();
    QVERIFY(c.verify()->isEnabled());
}

void TestChecklist::refusedTickIsUndone()
{
    const core::TaskRecord task = verifyingTask();
    Console c({task});
    QVERIFY(c.open(task.taskId));
    c.tick(1, true);
    QCOMPARE(c.list()->topLevelItem(1)->checkState(0), Qt::Checked);
    // Another console verified it meanwhile: the engine refuses, and the tick goes away.
    c.link.finishCommand(c.link.commands.constLast().first,
                         core::CommandResult::wrongState(core::TaskId(task.taskId), TaskState::Done,
                                                         {TaskState::NeedsVerification}));
    QCOMPARE(c.list()->topLevelItem(1)->checkState(0), Qt::Unchecked);
}

void TestChecklist::receiptWithoutItemsDoesNotHoldVerifyBack()
{
    // A receipt seen but not kept: the engine counted items, the console has none to show.
    core::TaskRecord unread = verifyingTask(QString(), 2);
    core::TaskRecord none =
        verifyingTask(QStringLiteral(R"({"status":"completed","verification":[]})"), 0);
    none.taskId = core::TaskId(QStringLiteral("000000000005-a1"));
    none.taskKey = core::TaskKey(QStringLiteral("000000000005"));
    Console c({unread, none});
    QVERIFY(c.open(none.taskId));
    QVERIFY(!c.list()->isVisible());
    QVERIFY(c.verify()->isEnabled());
    QVERIFY(c.open(unread.taskId));
    QVERIFY(!c.list()->isVisible());
    QVERIFY(c.verify()->isEnabled());
}

// Several rows at once: a task whose checklist the console never loaded counts as unticked when
// its receipt has items; the others go ahead. Reject is never held back.
void TestChecklist::bulkVerifySkipsWhatIsNotTicked()
{
    const auto ref = [](const QString &id, int items, int unchecked) {
        TaskRef task;
        task.taskId = id;
        task.state = TaskState::NeedsVerification;
        task.verificationItems = items;
        task.uncheckedItems = unchecked;
        return task;
    };
    const QList<TaskRef> tasks = {
        ref(QStringLiteral("ticked"), 2, 0), ref(QStringLiteral("half"), 2, 1),
        ref(QStringLiteral("unopened"), 3, -1), ref(QStringLiteral("nothing-to-tick"), 0, -1)};
    const ActionPlan plan = ActionRules::plan(TaskAction::Verify, tasks, true);
    QStringList eligible;
    for (const TaskRef &task : plan.eligible)
        eligible.append(task.taskId);
    QCOMPARE(eligible, (QStringList{QStringLiteral("ticked"), QStringLiteral("nothing-to-tick")}));
    QCOMPARE(plan.skipped.size(), 2);
    QVERIFY2(plan.skipped.at(0).reason.contains(QStringLiteral("1 verification check")),
             qPrintable(plan.skipped.at(0).reason));
    QVERIFY2(plan.skipped.at(1).reason.contains(QStringLiteral("open it")),
             qPrintable(plan.skipped.at(1).reason));
    QCOMPARE(ActionRules::plan(TaskAction::VerifyWithNote, tasks, true).eligible.size(), 2);
    QCOMPARE(ActionRules::plan(TaskAction::Verify, tasks, false).eligible.size(), 4);
    QCOMPARE(ActionRules::plan(TaskAction::Reject, tasks, true).eligible.size(), 4);
}

QTEST_MAIN(TestChecklist)
#include "tst_checklist.moc"
