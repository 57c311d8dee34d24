// Which actions each state allows, what a bulk action will touch and skip, and how the
// controller confirms, sends and tracks commands without waiting on the engine.
#include "FakeEngineLink.h"
#include "actions/ActionController.h"
#include "actions/ActionDialog.h"
#include "actions/ActionRules.h"
#include "models/PendingCommands.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskState;

Q_DECLARE_METATYPE(clawops::ui::TaskAction)

namespace {

TaskRef ref(const QString &id, TaskState state, bool pending = false)
{
    return {id, QStringLiteral("label ") + id, state, pending};
}

// The allowed states of each action as a string of 8 flags in state order:
// queued leased running needs_input needs_verification done failed dead.
struct Rule
{
    TaskAction action;
    const char *name;
    const char *allowed;
};

const Rule kRules[] = {
    {TaskAction::Verify, "verify", "00001000"},
    {TaskAction::VerifyWithNote, "verify with note", "00001000"},
    {TaskAction::Reject, "reject", "00011000"},
    {TaskAction::Answer, "answer", "00010000"},
    {TaskAction::ForceRetry, "force retry", "10011111"},
    {TaskAction::Kill, "kill", "11111000"},
    {TaskAction::MarkDead, "mark dead", "11111110"},
    {TaskAction::CancelRetry, "cancel retry", "10000000"},
    {TaskAction::Claim, "claim", "00011000"},
    {TaskAction::ReleaseClaim, "release claim", "11111111"},
};

constexpr qint64 kNow = 1795469000000;

core::ClaimRecord claimOf(const QString &taskId, const QString &who, const QString &host,
                          qint64 agoMs = qint64{180000})
{
    return {core::TaskId(taskId), who, host, kNow - agoMs};
}

TaskRef claimed(const QString &id, TaskState state, const core::ClaimRecord &claim)
{
    TaskRef task = ref(id, state);
    task.claim = claim;
    return task;
}

const ConsoleIdentity kMe{QStringLiteral("ada"), QStringLiteral("ops-east")};

} // namespace

class TestActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void enablementPerState_data();
    void enablementPerState();
    void bulkPlanListsTouchedAndSkipped();
    void bulkPlanSkipsPendingAndDuplicates();
    void commandKinds();
    void actionsFollowSelection();
    void verifyRunsAtOnceAndShowsPending();
    void killAsksFirstAndCanBeCancelled();
    void bulkKillPreviewListsExactly();
    void answerNeedsText();
    void rejectWithRetryCarriesNote();
    void bulkResultIsSummarised();
    void confirmationCanBeTurnedOff();
    void largeDestructiveBulkNeedsTypedCount();
    void pauseFollowsEngine();
    void claimSendsClaimCommand();
    void releaseNeedsAClaim();
    void claimQuestionForOneTask();
    void claimQuestionForBulk();
    void actingOnOthersClaimAsksFirst();
    void actingOnOwnClaimAsksNothing();
    void bulkOnOthersClaimsSaysHowMany();
};

void TestActions::enablementPerState_data()
{
    QTest::addColumn<TaskAction>("action");
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("allowed");
    for (const Rule &rule : kRules) {
        for (int state = 0; state < core::kTaskStateCount; ++state) {
            QTest::addRow("%s / %s", rule.name, qPrintable(core::stateName(TaskState(state))))
                << rule.action << state << (rule.allowed[state] == '1');
        }
    }
}

void TestActions::enablementPerState()
{
    QFETCH(TaskAction, action);
    QFETCH(int, state);
    QFETCH(bool, allowed);
    QString why;
    QCOMPARE(ActionRules::allows(action, TaskState(state), &why), allowed);
    QCOMPARE(why.isEmpty(), allowed); // a refusal always says why
}

void TestActions::bulkPlanListsTouchedAndSkipped()
{
    const QList<TaskRef> tasks = {ref("a", TaskState::NeedsVerification),
                                  ref("b", TaskState::Running), ref("c", TaskState::NeedsInput),
                                  ref("d", TaskState::Done)};
    const ActionPlan kill = ActionRules::plan(TaskAction::Kill, tasks);
    QCOMPARE(kill.eligible.size(), 3);
    QCOMPARE(kill.skipped.size(), 1);
    QCOMPARE(kill.skipped.at(0).task.taskId, QStringLiteral("d"));
    QCOMPARE(kill.skipped.at(0).reason, QStringLiteral("done: it is already finished"));

    const ActionPlan verify = ActionRules::plan(TaskAction::Verify, tasks);
    QCOMPARE(verify.eligible.size(), 1);
    QCOMPARE(verify.eligible.at(0).taskId, QStringLiteral("a"));
    QCOMPARE(verify.skipped.size(), 3);
    QVERIFY(verify.skipped.at(0).reason.contains(QStringLiteral("running")));
}

void TestActions::bulkPlanSkipsPendingAndDuplicates()
{
    const ActionPlan plan = ActionRules::plan(
        TaskAction::MarkDead, {ref("a", TaskState::Failed), ref("a", TaskState::Failed),
                               ref("b", TaskState::Failed, true)});
    QCOMPARE(plan.eligible.size(), 1);
    QCOMPARE(plan.skipped.size(), 1);
    QCOMPARE(plan.skipped.at(0).reason, QStringLiteral("another action on it is still pending"));
}

void TestActions::commandKinds()
{
    using Kind = core::OperatorCommand::Kind;
    QCOMPARE(ActionRules::commandKind(TaskAction::VerifyWithNote), Kind::Verify);
    QCOMPARE(ActionRules::commandKind(TaskAction::CancelRetry), Kind::CancelRetry);
    QVERIFY(ActionRules::isDestructive(TaskAction::Kill));
    QVERIFY(ActionRules::isDestructive(TaskAction::Reject));
    QVERIFY(!ActionRules::isDestructive(TaskAction::Verify));
    QVERIFY(ActionRules::needsText(TaskAction::Answer));
}

void TestActions::actionsFollowSelection()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    for (QAction *action : controller.taskActions())
        QVERIFY2(!action->isEnabled(), qPrintable(action->objectName()));
    controller.setSelection({ref("a", TaskState::NeedsInput)});
    QVERIFY(controller.action(TaskAction::Answer)->isEnabled());
    QVERIFY(controller.action(TaskAction::Reject)->isEnabled());
    QVERIFY(!controller.action(TaskAction::Verify)->isEnabled());
    QVERIFY(controller.action(TaskAction::Kill)->isEnabled());
    QVERIFY(!controller.action(TaskAction::CancelRetry)->isEnabled());
    QVERIFY(controller.action(TaskAction::Verify)->toolTip().contains(QStringLiteral("Not now")));
    controller.setSelection({ref("a", TaskState::Running), ref("b", TaskState::Leased)});
    QCOMPARE(controller.action(TaskAction::Kill)->text(), QStringLiteral("Kill (2)"));
    QVERIFY(!controller.action(TaskAction::ForceRetry)->isEnabled());
    // Names the end-to-end tests use.
    QCOMPARE(controller.action(TaskAction::Verify)->objectName(), QStringLiteral("action.verify"));
    QCOMPARE(controller.pauseRetriesAction()->objectName(), QStringLiteral("action.pauseRetries"));
}

void TestActions::verifyRunsAtOnceAndShowsPending()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setOperatorName(QStringLiteral("ada"));
    controller.setSelection({ref("a", TaskState::NeedsVerification)});
    QSignalSpy dialogs(&controller, &ActionController::dialogOpened);
    QSignalSpy succeeded(&controller, &ActionController::succeeded);
    controller.action(TaskAction::Verify)->trigger();
    QCOMPARE(dialogs.size(), 0);
    QCOMPARE(link.commands.size(), 1);
    const auto [id, command] = link.commands.at(0);
    QCOMPARE(command.kind, core::OperatorCommand::Kind::Verify);
    QCOMPARE(command.taskId, QStringLiteral("a"));
    QCOMPARE(command.operatorName, QStringLiteral("ada"));
    QVERIFY(pending.isPending(QStringLiteral("a")));
    // While it is pending, the same task cannot be acted on again.
    QVERIFY(!controller.action(TaskAction::Verify)->isEnabled());
    link.finishCommand(id, true);
    QVERIFY(!pending.isPending(QStringLiteral("a")));
    QCOMPARE(succeeded.size(), 1);
    QCOMPARE(succeeded.at(0).at(0).toString(), QStringLiteral("Task a verified and done."));
}

void TestActions::killAsksFirstAndCanBeCancelled()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setSelection({ref("a", TaskState::Running)});
    ActionDialog *opened = nullptr;
    connect(&controller, &ActionController::dialogOpened, this,
            [&opened](ActionDialog *dialog) { opened = dialog; });
    controller.trigger(TaskAction::Kill);
    QVERIFY(opened);
    QCOMPARE(opened->eligibleIds(), QStringList({"a"}));
    QVERIFY(link.commands.isEmpty()); // nothing runs before the answer
    opened->reject();
    QVERIFY(link.commands.isEmpty());

    controller.trigger(TaskAction::Kill);
    opened->findChild<QPlainTextEdit *>(QStringLiteral("action.text"))
        ->setPlainText(QStringLiteral("runaway"));
    opened->findChild<QPushButton *>(QStringLiteral("action.confirm"))->click();
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(link.commands.at(0).second.kind, core::OperatorCommand::Kind::Kill);
    QCOMPARE(link.commands.at(0).second.reason, QStringLiteral("runaway"));
}

void TestActions::bulkKillPreviewListsExactly()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setConfirmDestructive(false); // bulk previews regardless
    controller.setSelection({ref("a", TaskState::Running), ref("b", TaskState::Done),
                             ref("c", TaskState::Queued), ref("d", TaskState::Dead)});
    ActionDialog *opened = nullptr;
    connect(&controller, &ActionController::dialogOpened, this,
            [&opened](ActionDialog *dialog) { opened = dialog; });
    controller.trigger(TaskAction::Kill);
    QVERIFY(opened);
    QCOMPARE(opened->eligibleIds(), QStringList({"a", "c"}));
    QCOMPARE(opened->skippedIds(), QStringList({"b", "d"}));
    auto *eligible = opened->findChild<QTreeWidget *>(QStringLiteral("action.eligible"));
    auto *skipped = opened->findChild<QTreeWidget *>(QStringLiteral("action.skipped"));
    QCOMPARE(eligible->topLevelItemCount(), 2);
    QCOMPARE(eligible->topLevelItem(1)->text(0), QStringLiteral("c"));
    QCOMPARE(eligible->topLevelItem(1)->text(2), QStringLiteral("label c"));
    QCOMPARE(skipped->topLevelItemCount(), 2);
    QCOMPARE(skipped->topLevelItem(0)->text(2), QStringLiteral("done: it is already finished"));
    QCOMPARE(opened->findChild<QPushButton *>(QStringLiteral("action.confirm"))->text(),
             QStringLiteral("Kill 2 Tasks"));

    // The selection changing behind the open dialog does not change what runs.
    controller.setSelection({ref("z", TaskState::Running)});
    opened->accept();
    QCOMPARE(link.commands.size(), 2);
    QCOMPARE(link.commands.at(0).second.taskId, QStringLiteral("a"));
    QCOMPARE(link.commands.at(1).second.taskId, QStringLiteral("c"));
}

void TestActions::answerNeedsText()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setSelection({ref("a", TaskState::NeedsInput)});
    ActionDialog *opened = nullptr;
    connect(&controller, &ActionController::dialogOpened, this,
            [&opened](ActionDialog *dialog) { opened = dialog; });
    controller.trigger(TaskAction::Answer);
    QVERIFY(opened);
    auto *ok = opened->findChild<QPushButton *>(QStringLiteral("action.confirm"));
    QVERIFY(!ok->isEnabled());
    opened->findChild<QPlainTextEdit *>(QStringLiteral("action.text"))
        ->setPlainText(QStringLiteral("Use the staging database."));
    QVERIFY(ok->isEnabled());
    ok->click();
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(link.commands.at(0).second.kind, core::OperatorCommand::Kind::Answer);
    QCOMPARE(link.commands.at(0).second.text, QStringLiteral("Use the staging database."));
}

void TestActions::rejectWithRetryCarriesNote()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setSelection({ref("a", TaskState::NeedsVerification)});
    ActionDialog *opened = nullptr;
    connect(&controller, &ActionController::dialogOpened, this,
            [&opened](ActionDialog *dialog) { opened = dialog; });
    controller.trigger(TaskAction::Reject);
    QVERIFY(opened);
    opened->findChild<QRadioButton *>(QStringLiteral("action.rejectRetry"))->setChecked(true);
    opened->findChild<QPlainTextEdit *>(QStringLiteral("action.text"))
        ->setPlainText(QStringLiteral("The tests were not run."));
    opened->accept();
    const core::OperatorCommand command = link.commands.at(0).second;
    QCOMPARE(command.kind, core::OperatorCommand::Kind::Reject);
    QVERIFY(command.retry);
    QCOMPARE(command.text, QStringLiteral("The tests were not run."));
}

void TestActions::bulkResultIsSummarised()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setSelection(
        {ref("a", TaskState::Failed), ref("b", TaskState::Failed), ref("c", TaskState::Failed)});
    const ActionPlan plan = controller.planFor(TaskAction::ForceRetry);
    const QList<quint64> ids = controller.run(plan, QString(), false);
    QCOMPARE(ids.size(), 3);
    QCOMPARE(pending.count(), 3);
    QSignalSpy failed(&controller, &ActionController::failed);
    QSignalSpy succeeded(&controller, &ActionController::succeeded);
    link.finishCommand(ids.at(0), true);
    link.finishCommand(ids.at(1), false, core::CommandResult::Kind::NoSpecToRetry);
    QCOMPARE(failed.size() + succeeded.size(), 0); // one summary when all are in
    link.finishCommand(ids.at(2), true);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toString(),
             QStringLiteral("Force Retry: 2 of 3 done; refused: b: Task b has no stored spec to "
                            "retry from."));
    QCOMPARE(pending.count(), 0);
}

void TestActions::confirmationCanBeTurnedOff()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setConfirmDestructive(false);
    controller.setSelection({ref("a", TaskState::Queued)});
    QSignalSpy dialogs(&controller, &ActionController::dialogOpened);
    controller.trigger(TaskAction::CancelRetry);
    QCOMPARE(dialogs.size(), 0);
    QCOMPARE(link.commands.size(), 1);
}

void TestActions::largeDestructiveBulkNeedsTypedCount()
{
    QList<TaskRef> tasks;
    for (int i = 0; i < ActionDialog::kTypedConfirmThreshold; ++i)
        tasks.append(ref(QStringLiteral("t%1").arg(i), TaskState::Running));
    ActionDialog dialog(ActionRules::plan(TaskAction::Kill, tasks));
    auto *ok = dialog.findChild<QPushButton *>(QStringLiteral("action.confirm"));
    auto *typed = dialog.findChild<QLineEdit *>(QStringLiteral("action.typedConfirm"));
    QVERIFY(typed);
    QVERIFY(!ok->isEnabled());
    typed->setText(QString::number(ActionDialog::kTypedConfirmThreshold));
    QVERIFY(ok->isEnabled());
}

void TestActions::pauseFollowsEngine()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    QAction *pause = controller.pauseRetriesAction();
    QVERIFY(!pause->isChecked());
    pause->trigger();
    QVERIFY(!pause->isChecked()); // not until the engine says so
    QVERIFY(!pause->isEnabled());
    QCOMPARE(link.commands.at(0).second.kind, core::OperatorCommand::Kind::PauseRetries);
    link.finishCommand(link.commands.at(0).first, true);
    QVERIFY(pause->isChecked());
    QVERIFY(pause->isEnabled());
    QCOMPARE(pause->text(), QStringLiteral("Resume Automatic Retries"));
    controller.setRetriesPaused(false); // a delta from the engine
    QVERIFY(!pause->isChecked());
}

void TestActions::claimSendsClaimCommand()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setOperatorName(QStringLiteral("ada"));
    controller.setSelection({ref("r", TaskState::Running)});
    QVERIFY(!controller.action(TaskAction::Claim)->isEnabled()); // not an Inbox item
    controller.setSelection({ref("a", TaskState::NeedsInput)});
    QVERIFY(controller.action(TaskAction::Claim)->isEnabled());
    QCOMPARE(controller.action(TaskAction::Claim)->shortcut(), QKeySequence(Qt::Key_C));
    int dialogs = 0;
    connect(&controller, &ActionController::dialogOpened, this, [&dialogs] { ++dialogs; });
    controller.action(TaskAction::Claim)->trigger();
    QCOMPARE(dialogs, 0);
    QCOMPARE(link.commands.size(), 1);
    const auto [id, command] = link.commands.at(0);
    QCOMPARE(command.kind, core::OperatorCommand::Kind::Claim);
    QCOMPARE(command.taskId, QStringLiteral("a"));
    QCOMPARE(command.operatorName, QStringLiteral("ada"));
    QVERIFY(pending.isPending(QStringLiteral("a")));
    // The claims are not among the task actions of the main toolbar and detail panel.
    QVERIFY(!controller.taskActions().contains(controller.action(TaskAction::Claim)));
    QCOMPARE(controller.claimActions(),
             QList<QAction *>({controller.action(TaskAction::Claim),
                               controller.action(TaskAction::ReleaseClaim)}));
}

void TestActions::releaseNeedsAClaim()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setOperatorName(kMe.operatorName);
    controller.setConsoleHost(kMe.host);
    controller.setSelection({ref("a", TaskState::NeedsVerification)});
    QVERIFY(!controller.action(TaskAction::ReleaseClaim)->isEnabled());
    QVERIFY(controller.action(TaskAction::Claim)->isEnabled());

    // The engine's delta brings this console's own claim: nothing to claim, something to release.
    host::EngineDelta delta;
    delta.claims = QList<core::ClaimRecord>{claimOf("a", kMe.operatorName, kMe.host)};
    Q_EMIT link.delta(delta);
    QVERIFY(!controller.action(TaskAction::Claim)->isEnabled());
    QVERIFY(controller.action(TaskAction::Claim)
                ->toolTip()
                .contains(QStringLiteral("you claim it already")));
    QVERIFY(controller.action(TaskAction::ReleaseClaim)->isEnabled());
    controller.action(TaskAction::ReleaseClaim)->trigger();
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(link.commands.at(0).second.kind, core::OperatorCommand::Kind::ReleaseClaim);
    QCOMPARE(link.commands.at(0).second.taskId, QStringLiteral("a"));

    // A later delta without it: released.
    link.finishCommand(link.commands.at(0).first, true);
    delta.claims = QList<core::ClaimRecord>{};
    Q_EMIT link.delta(delta);
    QVERIFY(!controller.action(TaskAction::ReleaseClaim)->isEnabled());
    QVERIFY(controller.action(TaskAction::Claim)->isEnabled());
}

void TestActions::claimQuestionForOneTask()
{
    const auto question = [](const TaskRef &task) {
        return ActionRules::claimQuestion(ActionRules::plan(TaskAction::Verify, {task}, false, kMe),
                                          kMe, kNow);
    };
    QCOMPARE(
        question(claimed("a", TaskState::NeedsVerification, claimOf("a", "alice", "ops-west"))),
        QStringLiteral("alice @ ops-west claimed this task 3 min ago. Act anyway?"));
    QCOMPARE(question(ref("a", TaskState::NeedsVerification)), QString());
    QCOMPARE(question(claimed("a", TaskState::NeedsVerification, claimOf("a", "ada", "ops-east"))),
             QString());
    // The same name at another console is someone else: the engine keeps one claim per task.
    QCOMPARE(question(claimed("a", TaskState::NeedsVerification,
                              claimOf("a", "ada", "ops-west", 45000))),
             QStringLiteral("ada @ ops-west claimed this task 45 s ago. Act anyway?"));
    // A task the action skips asks nothing: nothing will be done to it.
    QCOMPARE(question(claimed("a", TaskState::Running, claimOf("a", "alice", "ops-west"))),
             QString());
}

void TestActions::claimQuestionForBulk()
{
    const QList<TaskRef> tasks = {
        claimed("a", TaskState::NeedsVerification, claimOf("a", "alice", "ops-west")),
        claimed("b", TaskState::NeedsInput, claimOf("b", "ada", "ops-east")),
        claimed("c", TaskState::Running, claimOf("c", "bob", "ops-north")),
        ref("d", TaskState::NeedsInput),
        claimed("e", TaskState::NeedsInput, claimOf("e", "alice", "ops-west")),
    };
    const ActionPlan kill = ActionRules::plan(TaskAction::Kill, tasks, false, kMe);
    QCOMPARE(ActionRules::claimedByOthers(kill, kMe).size(), 3);
    QCOMPARE(ActionRules::claimQuestion(kill, kMe, kNow),
             QStringLiteral("Claimed by someone else: 3 of these 5 task(s) (alice @ ops-west, "
                            "bob @ ops-north). Act on them anyway?"));
    // Reject leaves the running one alone, so its claim does not count.
    const ActionPlan reject = ActionRules::plan(TaskAction::Reject, tasks, false, kMe);
    QCOMPARE(ActionRules::claimQuestion(reject, kMe, kNow),
             QStringLiteral("Claimed by someone else: 2 of these 4 task(s) (alice @ ops-west). "
                            "Act on them anyway?"));
    // Only one's own claims and unclaimed tasks: nothing extra to ask.
    const ActionPlan own =
        ActionRules::plan(TaskAction::Answer, {tasks.at(1), tasks.at(3)}, false, kMe);
    QCOMPARE(own.eligible.size(), 2);
    QCOMPARE(ActionRules::claimQuestion(own, kMe, kNow), QString());
}

void TestActions::actingOnOthersClaimAsksFirst()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setOperatorName(kMe.operatorName);
    controller.setConsoleHost(kMe.host);
    controller.setNowFunction([] { return kNow; });
    host::EngineDelta delta;
    delta.claims = QList<core::ClaimRecord>{claimOf("a", "alice", "ops-west")};
    Q_EMIT link.delta(delta);
    controller.setSelection({ref("a", TaskState::NeedsVerification)});
    ActionDialog *opened = nullptr;
    connect(&controller, &ActionController::dialogOpened, this,
            [&opened](ActionDialog *dialog) { opened = dialog; });
    // Verify alone runs at once; on someone else's claim it asks.
    controller.action(TaskAction::Verify)->trigger();
    QVERIFY(opened);
    QVERIFY(link.commands.isEmpty());
    QCOMPARE(opened->claimQuestion(),
             QStringLiteral("alice @ ops-west claimed this task 3 min ago. Act anyway?"));
    auto *label = opened->findChild<QLabel *>(QStringLiteral("action.claimQuestion"));
    QVERIFY(label);
    QCOMPARE(label->text(), opened->claimQuestion());
    opened->reject();
    QVERIFY(link.commands.isEmpty());

    opened = nullptr;
    controller.action(TaskAction::Verify)->trigger();
    QVERIFY(opened);
    opened->findChild<QPushButton *>(QStringLiteral("action.confirm"))->click();
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(link.commands.at(0).second.kind, core::OperatorCommand::Kind::Verify);
    QCOMPARE(link.commands.at(0).second.taskId, QStringLiteral("a"));
}

void TestActions::actingOnOwnClaimAsksNothing()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setOperatorName(kMe.operatorName);
    controller.setConsoleHost(kMe.host);
    controller.setConfirmDestructive(false);
    controller.setClaims({claimOf("a", kMe.operatorName, kMe.host)});
    controller.setSelection({ref("a", TaskState::NeedsInput)});
    int dialogs = 0;
    connect(&controller, &ActionController::dialogOpened, this, [&dialogs] { ++dialogs; });
    controller.trigger(TaskAction::MarkDead);
    QCOMPARE(dialogs, 0);
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(link.commands.at(0).second.kind, core::OperatorCommand::Kind::MarkDead);
}

void TestActions::bulkOnOthersClaimsSaysHowMany()
{
    FakeEngineLink link;
    PendingCommands pending;
    ActionController controller(link, pending, nullptr);
    controller.setOperatorName(kMe.operatorName);
    controller.setConsoleHost(kMe.host);
    controller.setNowFunction([] { return kNow; });
    controller.setClaims({claimOf("b", "alice", "ops-west"), claimOf("c", "ada", "ops-east")});
    controller.setSelection({ref("a", TaskState::NeedsVerification),
                             ref("b", TaskState::NeedsVerification),
                             ref("c", TaskState::NeedsVerification)});
    ActionDialog *opened = nullptr;
    connect(&controller, &ActionController::dialogOpened, this,
            [&opened](ActionDialog *dialog) { opened = dialog; });
    controller.trigger(TaskAction::Verify);
    QVERIFY(opened);
    QCOMPARE(opened->claimQuestion(),
             QStringLiteral("Claimed by someone else: 1 of these 3 task(s) (alice @ ops-west). "
                            "Act on them anyway?"));
    opened->accept();
    QCOMPARE(link.commands.size(), 3);

    // Without anyone else's claim the bulk dialog still previews, but asks nothing about claims.
    controller.setClaims({});
    controller.setSelection(
        {ref("x", TaskState::NeedsVerification), ref("y", TaskState::NeedsVerification)});
    opened = nullptr;
    controller.trigger(TaskAction::Verify);
    QVERIFY(opened);
    QCOMPARE(opened->claimQuestion(), QString());
    QVERIFY(!opened->findChild<QLabel *>(QStringLiteral("action.claimQuestion")));
}

QTEST_MAIN(TestActions)
#include "tst_actions.moc"
