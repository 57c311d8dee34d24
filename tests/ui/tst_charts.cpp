// The Charts tab: per-minute bucketing, counts per state over time (measured from deltas and
// derived backwards from the history), waits for a human, and the page's throttled replots.

#include "ActivityFixtures.h"
#include "charts/ChartsData.h"
#include "charts/ChartsPage.h"
#include "plot/CustomPlot.h"

#include <QSignalSpy>
#include <QTest>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskState;

namespace {
constexpr qint64 T0 = 1'700'000'040'000 - 1'700'000'040'000 % 60'000; // a minute boundary
constexpr qint64 kSec = 1000;
constexpr qint64 kMin = 60 * kSec;

host::EngineDelta transitionsDelta(const QList<core::TransitionRecord> &transitions)
{
    host::EngineDelta delta;
    delta.transitions = transitions;
    return delta;
}

core::StateCounts counts(std::initializer_list<std::pair<TaskState, int>> values)
{
    core::StateCounts out;
    for (const auto &[state, count] : values)
        out[state] = count;
    return out;
}
} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void perMinuteBucketing();
    void transitionsCountOnceWhicheverWayTheyCome();
    void liveSamplesFromDeltas();
    void historyIsReplayedBackwards();
    void waitDurations();
    void waitsOfTasksEnteredBeforeHistory();
    void pruneDropsOldMinutes();
    void pageShowsDataAndThrottles();
};

void TestCharts::perMinuteBucketing()
{
    ChartsData data;
    const QString a = QStringLiteral("a");
    const QString b = QStringLiteral("b");
    data.applyDelta(transitionsDelta({
        transition(a, T0 + 5 * kSec, std::nullopt, TaskState::Leased),
        transition(a, T0 + 6 * kSec, TaskState::Leased, TaskState::Running),
        transition(a, T0 + 50 * kSec, TaskState::Running, TaskState::Failed,
                   QStringLiteral("worker-ended-error")),
        transition(a, T0 + 59 * kSec, TaskState::Failed, TaskState::Queued,
                   QStringLiteral("queued-retry-1-error")),
        // Minute 2: the retry's respawn closes the queued attempt (not a new failure).
        transition(a, T0 + 70 * kSec, TaskState::Queued, TaskState::Failed,
                   QStringLiteral("respawned-as-next-attempt")),
        transition(b, T0 + 70 * kSec, std::nullopt, TaskState::Leased),
        transition(b, T0 + 100 * kSec, TaskState::Running, TaskState::NeedsVerification),
        transition(b, T0 + 119 * kSec, TaskState::NeedsVerification, TaskState::Done),
        // Minute 4: given up.
        transition(b, T0 + 3 * kMin + kSec, TaskState::Done, TaskState::Dead),
    }));
    const QMap<qint64, MinuteActivity> &minutes = data.perMinute();
    QCOMPARE(minutes.size(), 3);
    QCOMPARE(minutes.firstKey(), T0);
    const MinuteActivity first = minutes.value(T0);
    QCOMPARE(first.spawned, 1);
    QCOMPARE(first.failed, 1);
    QCOMPARE(first.retried, 1);
    QCOMPARE(first.completed, 0);
    const MinuteActivity second = minutes.value(T0 + kMin);
    QCOMPARE(second.spawned, 1);
    QCOMPARE(second.failed, 0); // queued → failed is bookkeeping
    QCOMPARE(second.completed, 1);
    QVERIFY(!minutes.contains(T0 + 2 * kMin)); // quiet minutes are not stored
    QCOMPARE(minutes.value(T0 + 3 * kMin).dead, 1);

    const MinuteActivity all = data.totalsSince(T0);
    QCOMPARE(all.spawned, 2);
    QCOMPARE(all.completed, 1);
    QCOMPARE(all.failed, 1);
    QCOMPARE(all.dead, 1);
    QCOMPARE(all.retried, 1);
    QCOMPARE(data.totalsSince(T0 + 90 * kSec).completed, 1); // from the minute it falls in
    QCOMPARE(data.totalsSince(T0 + 2 * kMin).completed, 0);
}

void TestCharts::transitionsCountOnceWhicheverWayTheyCome()
{
    ChartsData data;
    const core::TransitionRecord done = transition(QStringLiteral("x"), T0 + 10 * kSec,
                                                   TaskState::NeedsVerification, TaskState::Done);
    data.applyDelta(transitionsDelta({done}));
    host::ActivitySnapshot history;
    history.transitions = {transition(QStringLiteral("x"), T0, std::nullopt, TaskState::Leased),
                           done};
    history.atMs = T0 + 20 * kSec;
    data.applyActivity(history);
    data.applyActivity(history);
    data.applyDelta(transitionsDelta({done}));
    QCOMPARE(data.totalsSince(T0).completed, 1);
    QCOMPARE(data.totalsSince(T0).spawned, 1);
}

void TestCharts::liveSamplesFromDeltas()
{
    ChartsData data;
    QSignalSpy changed(&data, &ChartsData::changed);
    host::EngineDelta delta;
    delta.stateCounts = counts({{TaskState::Running, 3}, {TaskState::Done, 10}});
    delta.batchAtMs = T0 + 2 * kSec;
    data.applyDelta(delta);
    delta.stateCounts = counts({{TaskState::Running, 4}, {TaskState::Done, 10}});
    delta.batchAtMs = T0 + 7 * kSec; // same 10 s sample: the later value wins
    data.applyDelta(delta);
    delta.stateCounts = counts({{TaskState::Running, 1}, {TaskState::NeedsInput, 2}});
    delta.batchAtMs = T0 + 31 * kSec;
    data.applyDelta(delta);
    QCOMPARE(changed.size(), 3);

    const QMap<qint64, StateCounts> &series = data.stateSeries();
    QCOMPARE(series.size(), 2);
    QCOMPARE(series.firstKey(), T0);
    QCOMPARE(series.value(T0)[int(TaskState::Running)], 4);
    QCOMPARE(series.value(T0)[int(TaskState::Done)], 10);
    QCOMPARE(series.value(T0 + 30 * kSec)[int(TaskState::NeedsInput)], 2);
    QCOMPARE(series.value(T0 + 30 * kSec)[int(TaskState::Running)], 1);
}

void TestCharts::historyIsReplayedBackwards()
{
    ChartsData data;
    // Now (T0 + 60 s): 1 running, 1 done. Before: task a spawned at 5 s, running at 12 s;
    // task b ran since before the window and finished at 35 s (→ needs_verification) and was
    // verified at 45 s.
    host::ActivitySnapshot history;
    history.request.sinceMs = T0;
    history.atMs = T0 + 60 * kSec;
    history.stateCounts = counts({{TaskState::Running, 1}, {TaskState::Done, 1}});
    history.transitions = {
        transition(QStringLiteral("a"), T0 + 5 * kSec, std::nullopt, TaskState::Leased),
        transition(QStringLiteral("a"), T0 + 12 * kSec, TaskState::Leased, TaskState::Running),
        transition(QStringLiteral("b"), T0 + 35 * kSec, TaskState::Running,
                   TaskState::NeedsVerification),
        transition(QStringLiteral("b"), T0 + 45 * kSec, TaskState::NeedsVerification,
                   TaskState::Done),
    };
    // A live sample already taken for the last bucket is kept as measured.
    host::EngineDelta live;
    live.stateCounts = counts({{TaskState::Running, 1}, {TaskState::Done, 1}});
    live.batchAtMs = T0 + 61 * kSec;
    data.applyDelta(live);
    data.applyActivity(history);

    const QMap<qint64, StateCounts> &series = data.stateSeries();
    auto at = [&series](qint64 bucket, TaskState state) {
        return series.value(T0 + bucket * kSec)[int(state)];
    };
    QCOMPARE(series.firstKey(), T0);
    // 0–10 s: b running, a just leased.
    QCOMPARE(at(0, TaskState::Running), 1);
    QCOMPARE(at(0, TaskState::Leased), 1);
    // 10–20 s: both running.
    QCOMPARE(at(10, TaskState::Running), 2);
    QCOMPARE(at(10, TaskState::Leased), 0);
    // 30–40 s: b waits for verification.
    QCOMPARE(at(30, TaskState::Running), 1);
    QCOMPARE(at(30, TaskState::NeedsVerification), 1);
    QCOMPARE(at(30, TaskState::Done), 0);
    // 40–50 s: verified.
    QCOMPARE(at(40, TaskState::NeedsVerification), 0);
    QCOMPARE(at(40, TaskState::Done), 1);
    QCOMPARE(at(60, TaskState::Running), 1);
    QVERIFY(!series.contains(T0 - 10 * kSec)); // nothing is made up before the history
}

void TestCharts::waitDurations()
{
    ChartsData data;
    const qint64 now = T0 + 20 * kMin;
    data.applyDelta(transitionsDelta({
        // Answered after 90 s.
        transition(QStringLiteral("in"), T0, TaskState::Running, TaskState::NeedsInput),
        transition(QStringLiteral("in"), T0 + 90 * kSec, TaskState::NeedsInput, TaskState::Running),
        // Verified after 20 s.
        transition(QStringLiteral("v1"), T0, TaskState::Running, TaskState::NeedsVerification),
        transition(QStringLiteral("v1"), T0 + 20 * kSec, TaskState::NeedsVerification,
                   TaskState::Done),
        // Verification timed out into needs_input after 2 min, still waiting there.
        transition(QStringLiteral("v2"), T0 + 10 * kMin, TaskState::Running,
                   TaskState::NeedsVerification),
        transition(QStringLiteral("v2"), T0 + 12 * kMin, TaskState::NeedsVerification,
                   TaskState::NeedsInput, QStringLiteral("verification-timeout")),
        // Waiting for verification for 8 minutes now.
        transition(QStringLiteral("v3"), T0 + 12 * kMin, TaskState::Running,
                   TaskState::NeedsVerification),
    }));

    const QList<Wait> waits = data.waits();
    QCOMPARE(waits.size(), 5);
    int open = 0;
    for (const Wait &wait : waits) {
        QVERIFY(wait.sinceKnown);
        if (wait.isOpen())
            ++open;
    }
    QCOMPARE(open, 2);

    const WaitDistribution input = data.waitDistribution(TaskState::NeedsInput, now);
    QCOMPARE(input.finished.size(), ChartsData::waitBucketBoundsMs().size());
    QCOMPARE(input.finished.at(2), 1); // 90 s: "1–2 min"
    QCOMPARE(input.current.at(4), 1);  // v2 waits since 12 min: 8 min, "5–15 min"
    QCOMPARE(input.medianFinishedMs, 90 * kSec);
    QCOMPARE(input.longestCurrentMs, 8 * kMin);
    QCOMPARE(input.longestCurrentTaskId, QStringLiteral("v2"));

    const WaitDistribution verify = data.waitDistribution(TaskState::NeedsVerification, now);
    QCOMPARE(verify.finished.at(0), 1); // 20 s
    QCOMPARE(verify.finished.at(3), 1); // v2's 2 min stay counts as "2–5 min"
    QCOMPARE(verify.current.at(4), 1);  // v3: 8 min
    QCOMPARE(verify.longestCurrentTaskId, QStringLiteral("v3"));
    int total = 0;
    for (int count : verify.finished)
        total += count;
    QCOMPARE(total, 2);
}

void TestCharts::waitsOfTasksEnteredBeforeHistory()
{
    ChartsData data;
    // Only the row is known: the task waits since at least its last change.
    core::TaskRecord row;
    row.taskId = clawops::core::TaskId(QStringLiteral("old-wait"));
    row.state = TaskState::NeedsInput;
    row.updatedAt = T0;
    host::EngineDelta delta;
    delta.tasks.append(row);
    data.applyDelta(delta);
    const QList<Wait> waits = data.waits();
    QCOMPARE(waits.size(), 1);
    QCOMPARE(waits.constFirst().taskId, QStringLiteral("old-wait"));
    QVERIFY(waits.constFirst().isOpen());
    QVERIFY(!waits.constFirst().sinceKnown);
    QCOMPARE(waits.constFirst().sinceMs, T0);
    QCOMPARE(data.waitDistribution(TaskState::NeedsInput, T0 + 3 * kMin).current.at(3), 1);

    // Once it is answered the open wait is gone; its start was never seen, so no duration.
    row.state = TaskState::Running;
    row.updatedAt = T0 + 4 * kMin;
    delta.tasks = {row};
    delta.transitions = {
        transition(row.taskId, T0 + 4 * kMin, TaskState::NeedsInput, TaskState::Running)};
    data.applyDelta(delta);
    QVERIFY(data.waits().isEmpty());
}

void TestCharts::pruneDropsOldMinutes()
{
    ChartsData data;
    data.setRetentionMs(30 * kMin);
    data.applyDelta(transitionsDelta({
        transition(QStringLiteral("old"), T0, std::nullopt, TaskState::Leased),
        transition(QStringLiteral("new"), T0 + 40 * kMin, std::nullopt, TaskState::Leased),
    }));
    host::EngineDelta sample;
    sample.stateCounts = counts({{TaskState::Leased, 1}});
    sample.batchAtMs = T0;
    data.applyDelta(sample);
    data.prune(T0 + 50 * kMin);
    QCOMPARE(data.perMinute().size(), 1);
    QCOMPARE(data.perMinute().firstKey(), T0 + 40 * kMin);
    QVERIFY(data.stateSeries().isEmpty());
    QCOMPARE(data.totalsSince(0).spawned, 1);
}

void TestCharts::pageShowsDataAndThrottles()
{
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    now -= now % kMin;
    ChartsData data;
    ChartsPage page(&data);
    page.setNowFunction([&now] { return now; });
    host::EngineDelta delta = deltaOf({
        AttemptSpec{QStringLiteral("p1"), QStringLiteral("o"), QStringLiteral("w1"),
                    QStringLiteral("l"), 1, now - 10 * kMin, now - 10 * kMin + kSec, now - 9 * kMin,
                    TaskState::Failed, QStringLiteral("worker-ended-error")},
        AttemptSpec{QStringLiteral("p2"), QStringLiteral("o"), QStringLiteral("w2"),
                    QStringLiteral("l"), 1, now - 5 * kMin, now - 5 * kMin + kSec, now - 4 * kMin,
                    TaskState::Done, QStringLiteral("receipt")},
    });
    delta.stateCounts = counts({{TaskState::Running, 2}, {TaskState::NeedsInput, 1}});
    delta.batchAtMs = now - kMin;
    data.applyDelta(delta);

    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const int shown = page.replotCount();
    QVERIFY(shown >= 1); // drawn when shown

    // Throughput: the failure and the completion in their minutes.
    QCPBars *failed = nullptr;
    QCPBars *completed = nullptr;
    for (int i = 0; i < page.throughputPlot()->plottableCount(); ++i) {
        auto *bars = qobject_cast<QCPBars *>(page.throughputPlot()->plottable(i));
        if (bars && bars->name() == QStringLiteral("failed"))
            failed = bars;
        if (bars && bars->name() == QStringLiteral("done"))
            completed = bars;
    }
    QVERIFY(failed && completed);
    double failedSum = 0;
    for (auto it = failed->data()->constBegin(); it != failed->data()->constEnd(); ++it)
        failedSum += it->value;
    QCOMPARE(failedSum, 1.0);
    QCOMPARE(completed->data()->size(), 4); // one key per minute with any activity
    // States: the stack's top line carries the total of active tasks (2 running + 1 input).
    QCPGraph *top = page.statesPlot()->graph(page.statesPlot()->graphCount() - 1);
    QVERIFY(!top->data()->isEmpty());
    QCOMPARE((top->data()->constEnd() - 1)->value, 3.0);
    QCOMPARE(page.statesPlot()->xAxis->range().upper, double(now) / 1000.0);

    // A burst of changes is one replot, later; hidden, none.
    for (int i = 0; i < 30; ++i)
        data.applyDelta(transitionsDelta({transition(QStringLiteral("q%1").arg(i), now - kSec,
                                                     std::nullopt, TaskState::Leased)}));
    QCOMPARE(page.replotCount(), shown);
    QTRY_COMPARE(page.replotCount(), shown + 1);
    page.hide();
    data.applyDelta(transitionsDelta(
        {transition(QStringLiteral("z"), now - kSec, std::nullopt, TaskState::Leased)}));
    QTest::qWait(600);
    QCOMPARE(page.replotCount(), shown + 1);

    page.setSpanMs(15 * kMin);
    QCOMPARE(page.spanMs(), 15 * kMin);
    QCOMPARE(page.statesPlot()->xAxis->range().lower, double(now - 15 * kMin) / 1000.0);
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
