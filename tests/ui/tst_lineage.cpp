// A task's lineage: the front session, its orchestrator, every attempt with its worker session
// and receipt, and the retry messages between attempts, in that order; and the detail panel's
// Lineage tab drawing it from what the engine's detail reply holds. With CLAWOPS_SHOT_DIR set, the
// drawn tab is saved there as lineage.png to look at.
#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "present/Lineage.h"
#include "views/InboxPage.h"
#include "views/LineageView.h"
#include "views/MainWindow.h"
#include "views/TaskDetailPanel.h"
#include "views/TaskTableView.h"

#include <QDir>
#include <QScrollArea>
#include <QTabWidget>
#include <QTest>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskState;
using Kind = LineageStep::Kind;

class TestLineage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chainFromFrontToLastAttempt();
    void orchestratorThatIsTheFrontIsShownOnce();
    void panelDrawsTheLineage();
};

namespace {

constexpr qint64 kStart = 1795469000000;

const QString kFailedReceipt = QStringLiteral(
    R"({"task_id":"T-7","status":"failed","summary":"The build broke.","verification":[]})");
const QString kDoneReceipt = QStringLiteral(
    R"({"task_id":"T-7","status":"completed","summary":"Built and tested.",)"
    R"("artifacts":[{"kind":"file","path_or_ref":"out/report.md","description":"report"}],)"
    R"("verification":[{"kind":"command","value":"make test","expected":"exit 0"},)"
    R"({"kind":"file","value":"out/report.md","expected":"lists every suite"}]})");

// Task 7, attempt `attempt` of two: the first failed and was retried, the second waits for its
// verification.
core::TaskRecord attemptOf(int attempt)
{
    core::TaskRecord task =
        makeTask(7, attempt == 1 ? TaskState::Failed : TaskState::NeedsVerification,
                 kStart + qint64{60000} * attempt, kStart);
    task.taskId = core::TaskId(QStringLiteral("000000000007-a%1").arg(attempt));
    task.attempt = attempt;
    task.workerSessionKey =
        core::SessionKey(QStringLiteral("agent:main:subagent:worker-%1").arg(attempt));
    task.receiptSeen = true;
    task.receiptJson = attempt == 1 ? kFailedReceipt : kDoneReceipt;
    task.receiptStatus = attempt == 1 ? QStringLiteral("failed") : QStringLiteral("completed");
    task.lastOutcome =
        attempt == 1 ? core::TransitionCause::retryExhausted(core::WorkerOutcome::Error)
                     : core::TransitionCause::of(
                           core::TransitionCause::Kind::ReportedCompletedAwaitingVerification);
    return task;
}

core::TransitionRecord transition(const core::TaskRecord &task, qint64 at,
                                  std::optional<TaskState> from, TaskState to,
                                  const core::TransitionCause &cause)
{
    return core::TransitionRecord{task.taskId, at, from, to, cause};
}

// The attempts' transitions as the engine records them: a retry queued and sent after the
// first attempt failed, then the respawn.
QList<core::TransitionRecord> historyOf(const core::TaskRecord &first,
                                        const core::TaskRecord &second)
{
    using Cause = core::TransitionCause;
    return {
        transition(first, kStart + 1000, std::nullopt, TaskState::Leased,
                   Cause::of(Cause::Kind::SpawnRequested)),
        transition(first, kStart + 2000, TaskState::Leased, TaskState::Running,
                   Cause::of(Cause::Kind::WorkerStarted)),
        transition(first, kStart + 30000, TaskState::Running, TaskState::Queued,
                   Cause::retryQueued(2, core::WorkerOutcome::Error)),
        transition(
            first, kStart + 31000, TaskState::Queued, TaskState::Failed,
            Cause::retryDispatched(core::RetryReason::workerEnded(core::WorkerOutcome::Error))),
        transition(second, kStart + 40000, std::nullopt, TaskState::Running,
                   Cause::of(Cause::Kind::RespawnedAsNextAttempt)),
        transition(second, kStart + 90000, TaskState::Running, TaskState::NeedsVerification,
                   Cause::of(Cause::Kind::ReportedCompletedAwaitingVerification)),
    };
}

QList<Kind> kindsOf(const QList<LineageStep> &steps)
{
    QList<Kind> out;
    for (const LineageStep &step : steps)
        out.append(step.kind);
    return out;
}

} // namespace

void TestLineage::chainFromFrontToLastAttempt()
{
    const core::TaskRecord first = attemptOf(1);
    const core::TaskRecord second = attemptOf(2);
    host::TaskDetail detail;
    detail.found = true;
    detail.task = second;
    // The store lists attempts newest first; the lineage runs oldest first.
    detail.attempts = {second, first};
    detail.attemptTransitions = historyOf(first, second);

    const QList<LineageStep> steps = LineageStep::of(detail);
    QCOMPARE(kindsOf(steps),
             (QList<Kind>{Kind::FrontSession, Kind::Orchestrator, Kind::Attempt, Kind::Receipt,
                          Kind::RetryMessage, Kind::RetryMessage, Kind::Attempt, Kind::Receipt}));
    QCOMPARE(steps.at(0).subject, QStringLiteral("agent:main:main"));
    QCOMPARE(steps.at(1).subject, QStringLiteral("agent:main:subagent:orch-1"));
    QCOMPARE(steps.at(2).title, QStringLiteral("Attempt 1"));
    QCOMPARE(steps.at(2).subject, QStringLiteral("agent:main:subagent:worker-1"));
    QCOMPARE(steps.at(2).state, TaskState::Failed);
    QVERIFY(!steps.at(2).current);
    QCOMPARE(steps.at(3).subject, QStringLiteral("failed for T-7"));
    QVERIFY(steps.at(4).subject.contains(QStringLiteral("retry 2 queued")));
    QVERIFY(steps.at(5).subject.contains(QStringLiteral("retry sent")));
    QCOMPARE(steps.at(6).title, QStringLiteral("Attempt 2"));
    QVERIFY(steps.at(6).current);
    QCOMPARE(steps.at(6).state, TaskState::NeedsVerification);
    QCOMPARE(steps.at(7).subject, QStringLiteral("completed for T-7"));
    QCOMPARE(steps.at(7).detail, QStringLiteral("2 verification item(s), 1 artifact(s)"));

    QVERIFY(LineageStep::of(host::TaskDetail{}).isEmpty());
}

void TestLineage::orchestratorThatIsTheFrontIsShownOnce()
{
    core::TaskRecord task = attemptOf(1);
    task.orchestratorSessionKey = task.requesterSessionKey;
    task.receiptSeen = false;
    task.receiptJson.clear();
    host::TaskDetail detail;
    detail.found = true;
    detail.task = task;
    QCOMPARE(kindsOf(LineageStep::of(detail)), (QList<Kind>{Kind::FrontSession, Kind::Attempt}));
}

void TestLineage::panelDrawsTheLineage()
{
    const core::TaskRecord first = attemptOf(1);
    const core::TaskRecord second = attemptOf(2);
    FakeEngineLink link;
    link.upsert({first, second}, false);
    core::ChangeSet history;
    history.transitions = historyOf(first, second);
    QVERIFY(!link.store().apply(history));
    MainWindow window(link, {});
    WindowParts parts(window);
    window.resize(1400, 900);
    window.show();
    link.answerPages();
    parts.tabs->setCurrentWidget(parts.inboxPage);
    QVERIFY(parts.inboxPage->view()->selectTask(second.taskId.str()));
    QVERIFY(QTest::qWaitFor([&] { return parts.detail->taskId() == second.taskId.str(); }));
    link.answerDetails();

    auto *lineage = named<LineageView>(window, QStringLiteral("detail.lineage"));
    QCOMPARE(lineage->steps().size(), 8);
    QCOMPARE(lineage->steps().at(6).title, QStringLiteral("Attempt 2"));
    auto *tabs = named<QTabWidget>(window, QStringLiteral("detail.tabs"));
    tabs->setCurrentWidget(named<QScrollArea>(window, QStringLiteral("detail.lineageScroll")));
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(lineage->isVisible());
    // Every step has its room: the view is as tall as its steps ask.
    QCOMPARE(lineage->height(), lineage->sizeHint().height());
    QVERIFY(lineage->sizeHint().height() > 8 * lineage->fontMetrics().lineSpacing() * 3);

    // The whole panel is in the window, not cut off at its right edge: the window's other
    // pages leave it the room its page needs (the Tasks page's state chips wrap).
    QVERIFY(window.minimumSizeHint().width() <= 1360); // the window's default width
    const auto panelInWindow = [&] {
        return window.rect().contains(
            QRect(parts.detail->mapTo(&window, QPoint(0, 0)), parts.detail->size()));
    };
    QTRY_VERIFY(panelInWindow());
    if (const QString dir = qEnvironmentVariable("CLAWOPS_SHOT_DIR"); !dir.isEmpty())
        QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("lineage.png"))));
}

QTEST_MAIN(TestLineage)
#include "tst_lineage.moc"
