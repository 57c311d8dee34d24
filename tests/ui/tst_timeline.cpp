// The worker timeline: lanes per worker session grouped by orchestrator, a bar per attempt with
// what became of it, history and deltas merged, the sliding window, and the widget's clicks,
// hovers, zoom and throttled replots.

#include "ActivityFixtures.h"
#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "actions/ActionController.h"
#include "charts/ChartsData.h"
#include "models/ActivityFeed.h"
#include "models/TransitionList.h"
#include "plot/CustomPlot.h"
#include "timeline/TimeWindow.h"
#include "timeline/TimelineData.h"
#include "timeline/TimelineView.h"
#include "views/MainWindow.h"
#include "views/TaskDetailPanel.h"
#include "views/TaskTableView.h"
#include "views/TasksPage.h"

#include <QAction>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <QToolTip>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskState;

namespace {
constexpr qint64 T0 = 1'700'000'000'000;
constexpr qint64 kSec = 1000;
constexpr qint64 kMin = 60 * kSec;

const QString orchA = QStringLiteral("agent:main:subagent:aaaa1111-orch");
const QString orchB = QStringLiteral("agent:main:subagent:bbbb2222-orch");

AttemptSpec spec(const QString &id, const QString &orchestrator, const QString &worker,
                 qint64 spawned, qint64 ended, TaskState endState = TaskState::NeedsVerification,
                 const QString &reason = QStringLiteral("worker-ended-ok"))
{
    AttemptSpec out;
    out.taskId = clawops::core::TaskId(id);
    out.orchestrator = orchestrator;
    out.worker = worker;
    out.label = QStringLiteral("label-") + id;
    out.spawnedAt = spawned;
    out.runningAt = spawned + 2 * kSec;
    out.endedAt = ended;
    out.endState = endState;
    out.endReason = reason;
    return out;
}
} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lanesGroupedByOrchestrator();
    void barPerAttemptWithOutcome();
    void openAttemptRunsToNow();
    void layoutKeepsOnlyTheWindow();
    void historyAndDeltasMergeWithoutDuplicates();
    void pruneForgetsOldEndedAttempts();
    void pruneKeepsTheNewestEndedAttemptsUpToTheirCap();
    void keepsNeitherTheTaskTextsNorEmptyCapacity();
    void hitTestUsesTolerance();
    void windowFollowsUntilPannedAway();
    void windowSpanAndZoomWhileFollowing();
    void viewClickSelectsTask();
    void viewHoverExplainsBar();
    void viewWheelZoomsAndPanStopsFollowing();
    void viewReplotsAreThrottledAndStopWhenHidden();
    void feedLoadsHistoryAndIgnoresStaleAnswers();
    void mainWindowFollowsTimelineClick();
    void tableSelectionStillDrivesActions();
};

void TestTimeline::lanesGroupedByOrchestrator()
{
    TimelineData data;
    // B's first work is later than A's, so A's group comes first; lanes by first start.
    data.applyDelta(deltaOf(
        {spec(QStringLiteral("a2"), orchA, QStringLiteral("w-a2"), T0 + 30 * kSec, T0 + 90 * kSec),
         spec(QStringLiteral("b1"), orchB, QStringLiteral("w-b1"), T0 + 20 * kSec, T0 + 60 * kSec),
         spec(QStringLiteral("a1"), orchA, QStringLiteral("w-a1"), T0 + 10 * kSec,
              T0 + 40 * kSec)}));
    const TimelineLayout layout = data.layout(T0, T0 + 10 * kMin, T0 + 10 * kMin);
    QCOMPARE(layout.groups.size(), 2);
    QCOMPARE(layout.groups.at(0).orchestratorSessionKey, orchA);
    QCOMPARE(layout.groups.at(0).firstLane, 0);
    QCOMPARE(layout.groups.at(0).laneCount, 2);
    QCOMPARE(layout.groups.at(1).orchestratorSessionKey, orchB);
    QCOMPARE(layout.groups.at(1).firstLane, 2);
    QCOMPARE(layout.groups.at(1).laneCount, 1);
    QCOMPARE(layout.lanes.size(), 3);
    QCOMPARE(layout.lanes.at(0).workerSessionKey, QStringLiteral("w-a1"));
    QCOMPARE(layout.lanes.at(1).workerSessionKey, QStringLiteral("w-a2"));
    QCOMPARE(layout.lanes.at(2).workerSessionKey, QStringLiteral("w-b1"));
    for (const TimelineLane &lane : layout.lanes)
        QCOMPARE(lane.bars.size(), 1);
    QCOMPARE(layout.laneOf(QStringLiteral("b1")), 2);

    // A second run in the same worker session shares the lane.
    AttemptSpec again =
        spec(QStringLiteral("a1b"), orchA, QStringLiteral("w-a1"), T0 + 50 * kSec, T0 + 70 * kSec);
    data.applyDelta(deltaOf({again}));
    const TimelineLayout two = data.layout(T0, T0 + 10 * kMin, T0 + 10 * kMin);
    QCOMPARE(two.lanes.size(), 3);
    QCOMPARE(two.lanes.at(0).bars.size(), 2);
    QCOMPARE(two.lanes.at(0).bars.at(0).taskId, QStringLiteral("a1"));
    QCOMPARE(two.lanes.at(0).bars.at(1).taskId, QStringLiteral("a1b"));
}

void TestTimeline::barPerAttemptWithOutcome()
{
    TimelineData data;
    // Attempt 1 fails, is queued for a retry, and is closed when attempt 2 is spawned; attempt 2
    // ends well and is verified.
    const QString a1 = QStringLiteral("k1-a1");
    const QString a2 = QStringLiteral("k1-a2");
    host::EngineDelta first;
    AttemptSpec s1 = spec(a1, orchA, QStringLiteral("w1"), T0, T0 + 30 * kSec, TaskState::Failed,
                          QStringLiteral("worker-ended-error"));
    first.tasks.append(rowOf(s1));
    first.transitions = transitionsOf(s1);
    first.transitions.append(transition(a1, T0 + 31 * kSec, TaskState::Failed, TaskState::Queued,
                                        QStringLiteral("queued-retry-1-error")));
    data.applyDelta(first);
    QCOMPARE(data.bar(a1)->outcome, TaskState::Failed); // the row says failed until it changes

    host::EngineDelta second;
    core::TaskRecord row1 = rowOf(s1);
    row1.state = TaskState::Failed;
    row1.updatedAt = T0 + 40 * kSec;
    second.tasks.append(row1);
    second.transitions.append(transition(a1, T0 + 40 * kSec, TaskState::Queued, TaskState::Failed,
                                         QStringLiteral("respawned-as-next-attempt")));
    AttemptSpec s2 = spec(a2, orchA, QStringLiteral("w2"), T0 + 40 * kSec, T0 + 80 * kSec);
    s2.attempt = 2;
    second.tasks.append(rowOf(s2));
    second.transitions += transitionsOf(s2);
    data.applyDelta(second);

    const std::optional<TimelineBar> bar1 = data.bar(a1);
    QVERIFY(bar1);
    QCOMPARE(bar1->startMs, T0);
    QCOMPARE(bar1->endMs, T0 + 30 * kSec); // the worker's end, not the later bookkeeping
    QCOMPARE(bar1->outcome, TaskState::Failed);
    QCOMPARE(bar1->endReason.toText(), QStringLiteral("worker-ended-error"));
    QCOMPARE(bar1->attempt, 1);

    const std::optional<TimelineBar> bar2 = data.bar(a2);
    QVERIFY(bar2);
    QCOMPARE(bar2->attempt, 2);
    QCOMPARE(bar2->endMs, T0 + 80 * kSec);
    QCOMPARE(bar2->outcome, TaskState::NeedsVerification);

    // Verified later: same bar, now done.
    host::EngineDelta verified;
    core::TaskRecord done = rowOf(s2);
    done.state = TaskState::Done;
    done.updatedAt = T0 + 100 * kSec;
    verified.tasks.append(done);
    verified.transitions.append(transition(a2, T0 + 100 * kSec, TaskState::NeedsVerification,
                                           TaskState::Done, QStringLiteral("operator-verified")));
    data.applyDelta(verified);
    QCOMPARE(data.bar(a2)->outcome, TaskState::Done);
    QCOMPARE(data.bar(a2)->endMs, T0 + 80 * kSec);
}

void TestTimeline::openAttemptRunsToNow()
{
    TimelineData data;
    data.applyDelta(deltaOf({spec(QStringLiteral("run"), orchA, QStringLiteral("w"), T0, 0)}));
    const std::optional<TimelineBar> bar = data.bar(QStringLiteral("run"));
    QVERIFY(bar);
    QVERIFY(bar->isOpen());
    QCOMPARE(bar->outcome, TaskState::Running);
    QCOMPARE(bar->endOr(T0 + 5 * kMin), T0 + 5 * kMin);
    // A spawn the gateway has not accepted has no worker session yet: a lane of its own.
    AttemptSpec pending = spec(QStringLiteral("pending"), orchA, QString(), T0 + kSec, 0);
    pending.runningAt = 0;
    data.applyDelta(deltaOf({pending}));
    const TimelineLayout layout = data.layout(T0, T0 + 5 * kMin, T0 + 5 * kMin);
    QCOMPARE(layout.lanes.size(), 2);
    QCOMPARE(layout.lanes.at(1).workerSessionKey, QString());
    QCOMPARE(layout.lanes.at(1).bars.constFirst().outcome, TaskState::Leased);
}

void TestTimeline::layoutKeepsOnlyTheWindow()
{
    TimelineData data;
    data.applyDelta(deltaOf({
        spec(QStringLiteral("old"), orchA, QStringLiteral("w-old"), T0, T0 + kMin),
        spec(QStringLiteral("edge"), orchA, QStringLiteral("w-edge"), T0 + 9 * kMin,
             T0 + 11 * kMin),
        spec(QStringLiteral("open"), orchB, QStringLiteral("w-open"), T0 + 2 * kMin, 0),
        spec(QStringLiteral("late"), orchB, QStringLiteral("w-late"), T0 + 25 * kMin,
             T0 + 26 * kMin),
    }));
    const qint64 now = T0 + 30 * kMin;
    const TimelineLayout layout = data.layout(T0 + 10 * kMin, T0 + 20 * kMin, now);
    QStringList ids;
    for (const TimelineLane &lane : layout.lanes)
        for (const TimelineBar &bar : lane.bars)
            ids.append(bar.taskId);
    ids.sort();
    // "edge" overlaps the left border, "open" still runs through the window.
    QCOMPARE(ids, QStringList({QStringLiteral("edge"), QStringLiteral("open")}));
    QCOMPARE(layout.groups.size(), 2);
}

void TestTimeline::historyAndDeltasMergeWithoutDuplicates()
{
    TimelineData data;
    AttemptSpec s = spec(QStringLiteral("m"), orchA, QStringLiteral("w"), T0, T0 + kMin);
    // The live delta arrives first with only the ending, the history later with everything.
    host::EngineDelta live;
    core::TaskRecord newer = rowOf(s);
    newer.label = QStringLiteral("renamed later");
    newer.updatedAt = T0 + 2 * kMin;
    live.tasks.append(newer);
    live.transitions.append(transitionsOf(s).constLast());
    data.applyDelta(live);
    QCOMPARE(data.bar(QStringLiteral("m"))->startMs, T0); // from the row's creation time

    host::ActivitySnapshot history;
    history.tasks.append(rowOf(s)); // older row: must not win
    history.transitions = transitionsOf(s);
    history.atMs = T0 + kMin;
    data.applyActivity(history);
    data.applyActivity(history); // again: nothing doubles

    const std::optional<TimelineBar> bar = data.bar(QStringLiteral("m"));
    QCOMPARE(bar->label, QStringLiteral("renamed later"));
    QCOMPARE(bar->startMs, T0);
    QCOMPARE(bar->endMs, T0 + kMin);
    QCOMPARE(data.attemptCount(), 1);
    const TimelineLayout layout = data.layout(T0, T0 + 5 * kMin, T0 + 5 * kMin);
    QCOMPARE(layout.lanes.size(), 1);
    QCOMPARE(layout.lanes.constFirst().bars.size(), 1);

    // An answer with an error changes nothing.
    host::ActivitySnapshot failed;
    failed.error = QStringLiteral("store closed");
    failed.tasks.append(rowOf(spec(QStringLiteral("x"), orchA, QStringLiteral("w"), T0, 0)));
    data.applyActivity(failed);
    QCOMPARE(data.attemptCount(), 1);
}

void TestTimeline::keepsNeitherTheTaskTextsNorEmptyCapacity()
{
    // Attempts stay for hours: a row's texts (the whole task, the spec, the receipt) must not
    // stay with them once the engine and the models have let go.
    QString taskText(4000, QLatin1Char('t'));
    QString receipt(2000, QLatin1Char('r'));
    const AttemptSpec s = spec(QStringLiteral("m"), orchA, QStringLiteral("w"), T0, T0 + kMin);
    TimelineData data;
    {
        host::EngineDelta delta = deltaOf({s});
        QVERIFY(!delta.tasks.isEmpty());
        for (core::TaskRecord &task : delta.tasks) {
            task.spec.task = taskText;
            task.receiptJson = receipt;
        }
        QVERIFY(!taskText.isDetached());
        data.applyDelta(delta);
    }
    QVERIFY(taskText.isDetached());
    QVERIFY(receipt.isDetached());
    QCOMPARE(data.bar(QStringLiteral("m"))->label, QStringLiteral("label-m"));
    QCOMPARE(data.bar(QStringLiteral("m"))->endMs, T0 + kMin);

    // A task's transitions, one at a time as the deltas bring them: the list grows by a little.
    QList<core::TransitionRecord> list;
    const QList<core::TransitionRecord> transitions = transitionsOf(s);
    QVERIFY(transitions.size() >= 3);
    for (const core::TransitionRecord &transition : transitions) {
        QVERIFY(TransitionList::insert(list, transition));
        QVERIFY2(list.capacity() <= list.size() + 2,
                 qPrintable(QStringLiteral("%1 of %2").arg(list.size()).arg(list.capacity())));
    }
    QVERIFY(!TransitionList::insert(list, transitions.constFirst()));
    QCOMPARE(list, transitions);
}

void TestTimeline::pruneForgetsOldEndedAttempts()
{
    TimelineData data;
    data.setRetentionMs(30 * kMin);
    data.applyDelta(deltaOf({
        spec(QStringLiteral("ancient"), orchA, QStringLiteral("w1"), T0, T0 + kMin),
        spec(QStringLiteral("recent"), orchA, QStringLiteral("w2"), T0 + 40 * kMin, T0 + 41 * kMin),
        spec(QStringLiteral("forever"), orchA, QStringLiteral("w3"), T0, 0),
    }));
    QSignalSpy changed(&data, &TimelineData::changed);
    data.prune(T0 + 50 * kMin);
    QCOMPARE(changed.size(), 1);
    QVERIFY(!data.bar(QStringLiteral("ancient")));
    QVERIFY(data.bar(QStringLiteral("recent")));
    QVERIFY(data.bar(QStringLiteral("forever"))); // still running: kept however old
    QCOMPARE(data.earliestMs(), T0);
}

void TestTimeline::pruneKeepsTheNewestEndedAttemptsUpToTheirCap()
{
    TimelineData data;
    data.setMaxEndedAttempts(3);
    // Two attempts end at the same moment: one of them goes, whichever.
    data.applyDelta(deltaOf({
        spec(QStringLiteral("oldest"), orchA, QStringLiteral("w1"), T0, T0 + kMin),
        spec(QStringLiteral("tied-1"), orchA, QStringLiteral("w2"), T0, T0 + 2 * kMin),
        spec(QStringLiteral("tied-2"), orchA, QStringLiteral("w3"), T0, T0 + 2 * kMin),
        spec(QStringLiteral("newer"), orchA, QStringLiteral("w4"), T0, T0 + 3 * kMin),
        spec(QStringLiteral("newest"), orchA, QStringLiteral("w5"), T0, T0 + 4 * kMin),
        spec(QStringLiteral("open-1"), orchA, QStringLiteral("w6"), T0, 0),
        spec(QStringLiteral("open-2"), orchA, QStringLiteral("w7"), T0, 0),
    }));
    QSignalSpy changed(&data, &TimelineData::changed);
    data.prune(T0 + 5 * kMin); // all within the retention window
    QCOMPARE(changed.size(), 1);
    QCOMPARE(data.attemptCount(), 5);
    QVERIFY(!data.bar(QStringLiteral("oldest")));
    QCOMPARE(int(bool(data.bar(QStringLiteral("tied-1")))) +
                 int(bool(data.bar(QStringLiteral("tied-2")))),
             1);
    QVERIFY(data.bar(QStringLiteral("newer")));
    QVERIFY(data.bar(QStringLiteral("newest")));
    QVERIFY(data.bar(QStringLiteral("open-1"))); // running: never counted against the cap
    QVERIFY(data.bar(QStringLiteral("open-2")));

    data.prune(T0 + 5 * kMin); // nothing over the cap: nothing changes
    QCOMPARE(changed.size(), 1);
    QCOMPARE(data.attemptCount(), 5);
}

void TestTimeline::hitTestUsesTolerance()
{
    TimelineData data;
    data.applyDelta(deltaOf({
        spec(QStringLiteral("one"), orchA, QStringLiteral("w"), T0, T0 + 10 * kSec),
        spec(QStringLiteral("two"), orchA, QStringLiteral("w"), T0 + 20 * kSec, T0 + 30 * kSec),
    }));
    const TimelineLayout layout = data.layout(T0, T0 + kMin, T0 + kMin);
    QCOMPARE(layout.lanes.size(), 1);
    QCOMPARE(layout.barAt(0, T0 + 5 * kSec, 0, T0 + kMin)->taskId, QStringLiteral("one"));
    QCOMPARE(layout.barAt(0, T0 + 25 * kSec, 0, T0 + kMin)->taskId, QStringLiteral("two"));
    QVERIFY(!layout.barAt(0, T0 + 15 * kSec, kSec, T0 + kMin)); // in the gap
    // Within reach of both ends: the nearer bar wins.
    QCOMPARE(layout.barAt(0, T0 + 12 * kSec, 10 * kSec, T0 + kMin)->taskId, QStringLiteral("one"));
    QCOMPARE(layout.barAt(0, T0 + 18 * kSec, 10 * kSec, T0 + kMin)->taskId, QStringLiteral("two"));
    QVERIFY(!layout.barAt(1, T0 + 5 * kSec, 0, T0 + kMin));
    QVERIFY(!layout.barAt(-1, T0 + 5 * kSec, 0, T0 + kMin));
}

void TestTimeline::windowFollowsUntilPannedAway()
{
    TimeWindow window(15 * kMin);
    window.follow(T0);
    QVERIFY(window.isFollowing());
    QCOMPARE(window.spanMs(), 15 * kMin);
    QVERIFY(window.toMs() > T0); // a little room ahead of now
    QVERIFY(window.fromMs() < T0 - 14 * kMin);

    window.advance(T0 + kMin);
    QCOMPARE(window.toMs(), T0 + kMin + window.leadMs());

    // Panned into the past: stays put while time goes on.
    window.setRange(T0 - 40 * kMin, T0 - 25 * kMin, T0 + kMin);
    QVERIFY(!window.isFollowing());
    window.advance(T0 + 5 * kMin);
    QCOMPARE(window.fromMs(), T0 - 40 * kMin);
    QCOMPARE(window.toMs(), T0 - 25 * kMin);

    // Dragged back until the right edge reaches the present: follows again.
    window.setRange(T0 - 10 * kMin, T0 + 5 * kMin, T0 + 5 * kMin);
    QVERIFY(window.isFollowing());
    window.advance(T0 + 6 * kMin);
    QCOMPARE(window.toMs(), T0 + 6 * kMin + window.leadMs());
    QCOMPARE(window.spanMs(), 15 * kMin);

    window.setRange(T0 - 60 * kMin, T0 - 45 * kMin, T0 + 6 * kMin);
    window.follow(T0 + 7 * kMin);
    QVERIFY(window.isFollowing());
    QCOMPARE(window.toMs(), T0 + 7 * kMin + window.leadMs());
}

void TestTimeline::windowSpanAndZoomWhileFollowing()
{
    TimeWindow window(15 * kMin);
    window.follow(T0);
    window.setSpan(5 * kMin, T0);
    QVERIFY(window.isFollowing());
    QCOMPARE(window.spanMs(), 5 * kMin);
    QCOMPARE(window.toMs(), T0 + window.leadMs());
    // Spans are clamped to something an axis can show.
    window.setSpan(1, T0);
    QCOMPARE(window.spanMs(), TimeWindow::kMinSpanMs);
    window.setSpan(qint64(1) << 50, T0);
    QCOMPARE(window.spanMs(), TimeWindow::kMaxSpanMs);

    // Not following: a new span keeps the right edge.
    window.setRange(T0 - 30 * kMin, T0 - 20 * kMin, T0);
    window.setSpan(20 * kMin, T0);
    QVERIFY(!window.isFollowing());
    QCOMPARE(window.toMs(), T0 - 20 * kMin);
    QCOMPARE(window.fromMs(), T0 - 40 * kMin);
}

namespace {
struct ViewFixture
{
    qint64 now = T0 + 10 * kMin;
    TimelineData data;
    TimelineView view{&data};

    ViewFixture()
    {
        view.setNowFunction([this] { return now; });
        data.applyDelta(deltaOf({
            spec(QStringLiteral("done-1"), orchA, QStringLiteral("agent:main:subagent:w1"),
                 T0 + 2 * kMin, T0 + 5 * kMin),
            spec(QStringLiteral("fail-1"), orchB, QStringLiteral("agent:main:subagent:w2"),
                 T0 + 3 * kMin, T0 + 7 * kMin, TaskState::Failed,
                 QStringLiteral("worker-ended-error")),
            spec(QStringLiteral("run-1"), orchB, QStringLiteral("agent:main:subagent:w3"),
                 T0 + 6 * kMin, 0),
        }));
        view.resize(1000, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.replotNow();
    }
};
} // namespace

void TestTimeline::viewClickSelectsTask()
{
    ViewFixture f;
    QCOMPARE(f.view.currentLayout().lanes.size(), 3);
    QSignalSpy selected(&f.view, &TimelineView::taskSelected);
    const QPoint point = f.view.barCenter(QStringLiteral("fail-1"));
    QVERIFY(!point.isNull());
    QTest::mouseClick(f.view.plot(), Qt::LeftButton, Qt::NoModifier, point);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.constFirst().constFirst().toString(), QStringLiteral("fail-1"));
    QCOMPARE(f.view.selectedTaskId(), QStringLiteral("fail-1"));
    QCOMPARE(f.view.selectedBar()->outcome, TaskState::Failed);

    // Empty space selects nothing new.
    const QRect rect = f.view.plot()->axisRect()->rect();
    QTest::mouseClick(f.view.plot(), Qt::LeftButton, Qt::NoModifier,
                      QPoint(rect.left() + 3, rect.bottom() - 3));
    QCOMPARE(selected.size(), 1);

    QSignalSpy activated(&f.view, &TimelineView::taskActivated);
    QTest::mouseDClick(f.view.plot(), Qt::LeftButton, Qt::NoModifier,
                       f.view.barCenter(QStringLiteral("run-1")));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.constFirst().constFirst().toString(), QStringLiteral("run-1"));
}

void TestTimeline::viewHoverExplainsBar()
{
    ViewFixture f;
    const QPoint point = f.view.barCenter(QStringLiteral("fail-1"));
    QVERIFY(!point.isNull());
    // The tooltip is the text QToolTip gets; read it the way the view builds it, through a hover.
    QMouseEvent move(QEvent::MouseMove, QPointF(point), f.view.plot()->mapToGlobal(QPointF(point)),
                     Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(f.view.plot(), &move);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString text = QToolTip::text();
    QVERIFY2(text.contains(QStringLiteral("fail-1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("label-fail-1")), qPrintable(text));
    // Lane labels are session keys in hex: QCustomPlot's beautiful powers ('b') would typeset
    // "864e848f" as "864·10^848f".
    QVERIFY(!f.view.plot()->yAxis->numberFormat().contains(QLatin1Char('b')));
    QVERIFY2(text.contains(QStringLiteral("worker failed with an error")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1 of 3")), qPrintable(text));
    QCOMPARE(f.view.plot()->cursor().shape(), Qt::PointingHandCursor);
}

void TestTimeline::viewWheelZoomsAndPanStopsFollowing()
{
    ViewFixture f;
    QVERIFY(f.view.window().isFollowing());
    auto *live = f.view.findChild<QToolButton *>(QStringLiteral("timeline.live"));
    QVERIFY(live && live->isChecked());
    const qint64 span = f.view.window().spanMs();
    const QPoint center = f.view.plot()->axisRect()->rect().center();
    QWheelEvent wheel(QPointF(center), f.view.plot()->mapToGlobal(QPointF(center)), QPoint(),
                      QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(f.view.plot(), &wheel);
    QVERIFY(f.view.window().spanMs() < span); // zoomed in
    QVERIFY(f.view.window().isFollowing());   // around the present, so still live
    QCOMPARE(f.view.plot()->xAxis->range().upper, double(f.view.window().toMs()) / 1000.0);

    QSignalSpy following(&f.view, &TimelineView::followingChanged);
    f.view.setVisibleRange(T0, T0 + 5 * kMin);
    QVERIFY(!f.view.window().isFollowing());
    QVERIFY(!live->isChecked());
    QCOMPARE(following.size(), 1);
    f.now += kMin;
    f.view.replotNow();
    QCOMPARE(f.view.window().toMs(), T0 + 5 * kMin); // time goes on, the window stays

    live->click();
    QVERIFY(f.view.window().isFollowing());
    QVERIFY(live->isChecked());
    QCOMPARE(f.view.window().toMs(), f.now + f.view.window().leadMs());

    // A drag of the axis (what QCustomPlot does on a mouse drag) is a pan away from now.
    f.view.plot()->xAxis->moveRange(-300);
    QVERIFY(!f.view.window().isFollowing());
}

void TestTimeline::viewReplotsAreThrottledAndStopWhenHidden()
{
    ViewFixture f;
    const int before = f.view.replotCount();
    for (int i = 0; i < 50; ++i)
        f.data.applyDelta(deltaOf(
            {spec(QStringLiteral("burst-%1").arg(i), orchA, QStringLiteral("w-burst-%1").arg(i),
                  T0 + 8 * kMin + i * kSec, T0 + 9 * kMin)}));
    QCOMPARE(f.view.replotCount(), before); // coalesced, not one replot per change
    QTRY_VERIFY(f.view.replotCount() > before);
    QVERIFY(f.view.replotCount() <= before + 2);
    QCOMPARE(f.view.currentLayout().lanes.size(), 53);

    f.view.hide();
    const int hidden = f.view.replotCount();
    for (int i = 0; i < 5; ++i)
        f.data.applyDelta(deltaOf({spec(QStringLiteral("h-%1").arg(i), orchA,
                                        QStringLiteral("w-h-%1").arg(i), T0 + 9 * kMin, 0)}));
    QTest::qWait(1300); // longer than the replot interval and the clock tick
    QCOMPARE(f.view.replotCount(), hidden);

    f.view.show();
    QCOMPARE(f.view.replotCount(), hidden + 1); // catches up at once when shown
    QCOMPARE(f.view.currentLayout().lanes.size(), 58);
}

void TestTimeline::feedLoadsHistoryAndIgnoresStaleAnswers()
{
    FakeEngineLink link;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    core::ChangeSet changes;
    AttemptSpec recent = spec(QStringLiteral("hist-1"), orchA, QStringLiteral("w-hist"),
                              now - 20 * kMin, now - 18 * kMin);
    AttemptSpec old = spec(QStringLiteral("hist-0"), orchA, QStringLiteral("w-old"),
                           now - kMin * 5 * 60, now - kMin * 5 * 60 + kMin);
    for (const AttemptSpec &s : {recent, old}) {
        changes.taskUpserts.append(rowOf(s));
        changes.transitions += transitionsOf(s);
    }
    QVERIFY(!link.store().apply(changes));

    ActivityFeed feed(link);
    feed.setNowFunction([now] { return now; });
    feed.reload();
    feed.reload(); // the first answer is stale once a second request went out
    QCOMPARE(link.activityRequests.size(), 2);
    QCOMPARE(link.activityRequests.constLast().second.sinceMs, now - feed.historyMs());
    QSignalSpy loaded(&feed, &ActivityFeed::loaded);
    QCOMPARE(link.answerActivity(), 2);
    QCOMPARE(loaded.size(), 1);
    QVERIFY(!feed.isLoading());
    // Only what lies within the history window came back.
    QVERIFY(feed.timeline()->bar(QStringLiteral("hist-1")));
    QVERIFY(!feed.timeline()->bar(QStringLiteral("hist-0")));
    QCOMPARE(feed.timeline()->bar(QStringLiteral("hist-1"))->outcome, TaskState::NeedsVerification);
    QCOMPARE(feed.charts()->totalsSince(now - 60 * kMin).spawned, 1);

    // Deltas reach both.
    Q_EMIT link.delta(deltaOf(
        {spec(QStringLiteral("live-1"), orchB, QStringLiteral("w-live"), now - kMin, 0)}, now));
    QVERIFY(feed.timeline()->bar(QStringLiteral("live-1")));
    QCOMPARE(feed.charts()->totalsSince(now - 60 * kMin).spawned, 2);
}

void TestTimeline::mainWindowFollowsTimelineClick()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    window.resize(1400, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!link.activityRequests.isEmpty()); // the window asks for the history

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    AttemptSpec running = spec(QStringLiteral("0000000000aa-a1"), orchA,
                               QStringLiteral("agent:main:subagent:w-running"), now - 3 * kMin, 0);
    AttemptSpec done =
        spec(QStringLiteral("0000000000bb-a1"), orchB, QStringLiteral("agent:main:subagent:w-done"),
             now - 4 * kMin, now - 2 * kMin);
    link.upsert({rowOf(running), rowOf(done)}, false);
    Q_EMIT link.delta(deltaOf({running, done}, now));

    TimelineView *timeline = w.timeline;
    QVERIFY(timeline);
    w.tabs->setCurrentWidget(timeline);
    QVERIFY(window.findChild<QAction *>(QStringLiteral("action.tab4")));
    timeline->replotNow();
    const QPoint point = timeline->barCenter(running.taskId);
    QVERIFY(!point.isNull());
    link.detailRequests.clear();
    QTest::mouseClick(timeline->plot(), Qt::LeftButton, Qt::NoModifier, point);

    // The detail panel asks for the task, and the actions act on it.
    QCOMPARE(link.detailRequests.size(), 1);
    QCOMPARE(link.detailRequests.constFirst().second, running.taskId);
    QCOMPARE(w.actions->selection().size(), 1);
    QCOMPARE(w.actions->selection().constFirst().taskId, running.taskId);
    QVERIFY(w.actions->action(TaskAction::Kill)->isEnabled());
    QVERIFY(!w.actions->action(TaskAction::Verify)->isEnabled());

    // Another tab: the selection is that tab's again.
    w.tabs->setCurrentIndex(0);
    QVERIFY(w.actions->selection().isEmpty());

    // A task chosen in the Tasks table is the one marked on the timeline.
    link.answerPages();
    QVERIFY(w.tasksPage->view()->selectTask(done.taskId));
    QCOMPARE(timeline->selectedTaskId(), done.taskId);
}

void TestTimeline::tableSelectionStillDrivesActions()
{
    // The window's selection now also knows the timeline; a table's multi-selection must still
    // reach the actions whole.
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<core::TaskRecord> rows;
    for (int i = 0; i < 3; ++i) {
        core::TaskRecord row = makeTask(
            i + 1, i < 2 ? TaskState::Running : TaskState::NeedsVerification, now - i * kSec);
        rows.append(row);
    }
    link.upsert(rows);
    link.answerPages();
    TaskTableView *view = w.tasksPage->view();
    view->selectAll();
    QTRY_COMPARE(w.actions->selection().size(), 3);
    QTRY_COMPARE(w.actions->action(TaskAction::Kill)->text(), QStringLiteral("Kill (3)"));
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
