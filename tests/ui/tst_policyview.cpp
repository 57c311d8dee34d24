// The Policy tab's model and the notification a violation raises.
#include "models/PolicyViolationModel.h"
#include "notify/NotificationPolicy.h"
#include "views/PolicyMarker.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace clawops;
using clawops::ui::Notification;
using clawops::ui::NotificationKind;
using clawops::ui::NotificationPolicy;
using clawops::ui::PolicyViolationModel;

namespace {

core::PolicyViolationRecord violation(qint64 at, const QString &call,
                                      const QString &session = QStringLiteral("agent:main:main"))
{
    core::PolicyViolationRecord v;
    v.at = at;
    v.sessionKey = core::SessionKey(session);
    v.runId = QStringLiteral("run-1");
    v.toolCallId = call;
    v.toolName = QStringLiteral("exec");
    v.argsPreview = QStringLiteral(R"({"command":"ls"})");
    v.rule = core::PolicyRule::MainDelegation;
    v.reason = QStringLiteral("Front-controller session tool 'exec' blocked by orchestrator "
                              "policy. Use sessions_spawn to start a hidden orchestrator first.");
    return v;
}

host::EngineDelta deltaOf(const QList<core::PolicyViolationRecord> &violations)
{
    host::EngineDelta delta;
    delta.policyViolations = violations;
    return delta;
}

QStringList calls(const PolicyViolationModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.violationAt(row)->toolCallId);
    return out;
}

} // namespace

class TestPolicyView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newestFirstInsertedAtTheTop();
    void aRepeatedTermStartAddsNothing();
    void oldestLeavePastTheBound();
    void showsTheRuleAndTheReason();
    void violationIsNotifiedLikeAnIncident();
    void violationsOfTheStartAreNotNotified();
    void markerCountsTheTasksSessions();
};

void TestPolicyView::newestFirstInsertedAtTheTop()
{
    PolicyViolationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // Deltas carry violations oldest first, as they were committed.
    model.applyDelta(
        deltaOf({violation(1, QStringLiteral("a")), violation(2, QStringLiteral("b"))}));
    model.applyDelta(deltaOf({violation(3, QStringLiteral("c"))}));
    QCOMPARE(calls(model),
             QStringList({QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a")}));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 0); // at the top
    QCOMPARE(inserted.at(1).at(2).toInt(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.countFor(QStringLiteral("agent:main:main")), 3);
    QCOMPARE(model.countFor(QStringLiteral("agent:main:other")), 0);
    model.applyDelta(host::EngineDelta{}); // nothing: no signal
    QCOMPARE(inserted.size(), 2);
}

void TestPolicyView::aRepeatedTermStartAddsNothing()
{
    PolicyViolationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QList<core::PolicyViolationRecord> stored = {violation(1, QStringLiteral("a")),
                                                       violation(2, QStringLiteral("b"))};
    model.applyDelta(deltaOf(stored));
    QSignalSpy added(&model, &PolicyViolationModel::violationsAdded);
    // A reconnect's first delta repeats the stored ones, plus one committed meanwhile.
    model.applyDelta(deltaOf(stored + QList{violation(3, QStringLiteral("c"))}));
    QCOMPARE(calls(model),
             QStringList({QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a")}));
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.first().first().toInt(), 1);
}

void TestPolicyView::oldestLeavePastTheBound()
{
    PolicyViolationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<core::PolicyViolationRecord> many;
    for (int i = 0; i < PolicyViolationModel::kMaxRows; ++i)
        many.append(violation(i, QString::number(i), QStringLiteral("agent:main:s%1").arg(i % 2)));
    model.applyDelta(deltaOf(many));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applyDelta(deltaOf({violation(99999, QStringLiteral("new"), QStringLiteral("agent:x"))}));
    QCOMPARE(model.rowCount(), PolicyViolationModel::kMaxRows);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.violationAt(0)->toolCallId, QStringLiteral("new"));
    // The oldest ("0", of session s0) went.
    QCOMPARE(model.violationAt(model.rowCount() - 1)->toolCallId, QStringLiteral("1"));
    QCOMPARE(model.countFor(QStringLiteral("agent:main:s0")),
             PolicyViolationModel::kMaxRows / 2 - 1);
    QCOMPARE(model.countFor(QStringLiteral("agent:x")), 1);
}

void TestPolicyView::showsTheRuleAndTheReason()
{
    PolicyViolationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    core::PolicyViolationRecord aborted = violation(5, QStringLiteral("a"));
    aborted.rule = core::PolicyRule::FridayChannel;
    aborted.action = core::PolicyAction::Abort;
    model.applyDelta(deltaOf({aborted}));
    QCOMPARE(model.index(0, PolicyViolationModel::ToolColumn).data().toString(),
             QStringLiteral("exec"));
    QCOMPARE(model.index(0, PolicyViolationModel::RuleColumn).data().toString(),
             QStringLiteral("message outside the #friday channels"));
    QCOMPARE(model.index(0, PolicyViolationModel::ActionColumn).data().toString(),
             QStringLiteral("run aborted, reason sent"));
    QCOMPARE(model.index(0, PolicyViolationModel::ArgumentsColumn).data().toString(),
             aborted.argsPreview);
    QCOMPARE(model.index(0, 0).data(PolicyViolationModel::ReasonRole).toString(), aborted.reason);
    QCOMPARE(model.index(0, 0).data(PolicyViolationModel::SessionKeyRole).toString(),
             QStringLiteral("agent:main:main"));
}

void TestPolicyView::violationIsNotifiedLikeAnIncident()
{
    NotificationPolicy::Timing timing;
    timing.coalesceMs = 1000;
    timing.minIntervalMs = 5000;
    timing.settleMs = 2000;
    NotificationPolicy policy(0, timing);
    policy.setConnectionPhase(host::ConnectionPhase::Live, 300);
    policy.applyDelta(deltaOf({violation(10, QStringLiteral("a"))}), 10000);
    QVERIFY(!policy.flush(10999));
    const std::optional<Notification> shown = policy.flush(11000);
    QVERIFY(shown);
    QCOMPARE(shown->kind, NotificationKind::PolicyViolation);
    QVERIFY(shown->critical);
    QVERIFY(shown->taskId.isEmpty()); // a session, not a task: a click opens the window
    QCOMPARE(shown->title, QStringLiteral("A policy was broken"));
    QVERIFY2(shown->body.contains(QStringLiteral("front session used a direct tool")),
             qPrintable(shown->body));
    QVERIFY2(shown->body.contains(QStringLiteral("exec")), qPrintable(shown->body));

    // Two in one burst are one notification counting both (they are not one task).
    policy.applyDelta(
        deltaOf({violation(20, QStringLiteral("b")), violation(21, QStringLiteral("c"))}), 20000);
    const std::optional<Notification> burst = policy.flush(21000);
    QVERIFY(burst);
    QCOMPARE(burst->counts.value(NotificationKind::PolicyViolation), 2);
}

void TestPolicyView::violationsOfTheStartAreNotNotified()
{
    NotificationPolicy::Timing timing;
    timing.settleMs = 2000;
    NotificationPolicy policy(0, timing);
    // The first delta of a term brings the stored ones: history, not news.
    policy.applyDelta(deltaOf({violation(1, QStringLiteral("a"))}), 100);
    QVERIFY(!policy.hasPending());
}

void TestPolicyView::markerCountsTheTasksSessions()
{
    PolicyViolationModel model;
    clawops::ui::PolicyMarker marker;
    marker.setModel(&model);
    core::TaskRecord task;
    task.taskId = core::TaskId(QStringLiteral("abc-a1"));
    task.workerSessionKey = core::SessionKey(QStringLiteral("agent:main:subagent:w1"));
    task.orchestratorSessionKey = core::SessionKey(QStringLiteral("agent:main:subagent:o1"));
    marker.showFor(task);
    QVERIFY(marker.isHidden());
    // Another session's violation does not mark this task.
    model.applyDelta(deltaOf({violation(1, QStringLiteral("a"))}));
    QVERIFY(marker.isHidden());
    model.applyDelta(
        deltaOf({violation(2, QStringLiteral("b"), QStringLiteral("agent:main:subagent:w1")),
                 violation(3, QStringLiteral("c"), QStringLiteral("agent:main:subagent:o1")),
                 violation(4, QStringLiteral("d"), QStringLiteral("agent:main:subagent:o1"))}));
    QVERIFY(!marker.isHidden());
    QVERIFY2(marker.text().contains(QStringLiteral("1 by its worker")), qPrintable(marker.text()));
    QVERIFY2(marker.text().contains(QStringLiteral("2 by its orchestrator")),
             qPrintable(marker.text()));
    marker.clearTask();
    QVERIFY(marker.isHidden());
}

QTEST_MAIN(TestPolicyView)
#include "tst_policyview.moc"
