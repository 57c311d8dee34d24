// What the console tells the operator outside its window: which transitions notify, bursts
// becoming one message, silence on the initial load, during resync and with do not disturb.
#include "notify/NotificationPolicy.h"
#include "notify/TrayNotifier.h"

#include <QAction>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace clawops;
using namespace clawops::ui;
using core::TaskState;
using host::ConnectionPhase;

namespace {

constexpr qint64 kCoalesce = 1000;
constexpr qint64 kInterval = 5000;
constexpr qint64 kSettle = 2000;
constexpr qint64 kLive = 10000; // a moment well after start-up

NotificationPolicy::Timing timing()
{
    NotificationPolicy::Timing t;
    t.coalesceMs = kCoalesce;
    t.minIntervalMs = kInterval;
    t.settleMs = kSettle;
    return t;
}

core::TaskRecord task(const QString &id, TaskState state)
{
    core::TaskRecord t;
    t.taskId = clawops::core::TaskId(id);
    t.taskKey = clawops::core::TaskKey(QStringLiteral("key-") + id);
    t.label = QStringLiteral("Label of ") + id;
    t.state = state;
    return t;
}

// One batch: each task moved from `from` to `to` for `reason`, and its row as it ends.
host::EngineDelta moved(const QStringList &ids, TaskState from, TaskState to,
                        const QString &reason = QStringLiteral("worker-reported-blocked"))
{
    host::EngineDelta delta;
    for (const QString &id : ids) {
        delta.transitions.append(
            {core::TaskId(id), 1, from, to, core::TransitionCause::fromText(reason)});
        delta.tasks.append(task(id, to));
    }
    return delta;
}

NotificationPolicy livePolicy()
{
    NotificationPolicy policy(0, timing());
    policy.setConnectionPhase(ConnectionPhase::Connecting, 100);
    policy.setConnectionPhase(ConnectionPhase::Resyncing, 200);
    policy.setConnectionPhase(ConnectionPhase::Live, 300);
    return policy;
}

QStringList ids(const QString &prefix, int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out.append(QStringLiteral("%1-%2").arg(prefix).arg(i));
    return out;
}

} // namespace

class TestNotifications : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void enteringEachStateNotifiesOnce_data();
    void enteringEachStateNotifiesOnce();
    void reenteringNotifiesAgain();
    void burstBecomesOneNotification();
    void mixedKindsLeadWithTheMostUrgent();
    void notificationsAreSpacedOut();
    void initialLoadIsSilent();
    void resyncIsSilentUntilSettled();
    void rowsWithoutTransitionsAreSilent();
    void taskThatMovesOnBeforeTheFlushIsDropped();
    void routineAndOperatorTransitionsAreSilent();
    void doNotDisturbSuppresses();
    void countLinesFollowTheDeltas();
    void trayNotifierWithoutTray();
};

void TestNotifications::enteringEachStateNotifiesOnce_data()
{
    QTest::addColumn<int>("to");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("title");
    QTest::addColumn<bool>("critical");
    QTest::newRow("needs input") << int(TaskState::NeedsInput)
                                 << QStringLiteral("worker-reported-blocked")
                                 << int(NotificationKind::NeedsInput)
                                 << QStringLiteral("A task needs input") << false;
    QTest::newRow("needs verification")
        << int(TaskState::NeedsVerification) << QStringLiteral("worker-reported-completed")
        << int(NotificationKind::NeedsVerification) << QStringLiteral("A task needs verification")
        << false;
    QTest::newRow("dead") << int(TaskState::Dead) << QStringLiteral("retry-exhausted-error")
                          << int(NotificationKind::Dead) << QStringLiteral("A task is dead")
                          << true;
    QTest::newRow("incident") << int(TaskState::Failed) << QStringLiteral("worker-ended-error")
                              << int(NotificationKind::Incident)
                              << QStringLiteral("A worker failed") << true;
}

void TestNotifications::enteringEachStateNotifiesOnce()
{
    QFETCH(int, to);
    QFETCH(QString, reason);
    QFETCH(int, kind);
    QFETCH(QString, title);
    QFETCH(bool, critical);
    NotificationPolicy policy = livePolicy();
    const host::EngineDelta delta =
        moved({QStringLiteral("t1")}, TaskState::Running, TaskState(to), reason);
    policy.applyDelta(delta, kLive);
    QVERIFY(policy.hasPending());
    QCOMPARE(policy.nextFlushAtMs().value(), kLive + kCoalesce);
    QVERIFY(!policy.flush(kLive + kCoalesce - 1)); // still gathering the burst

    const std::optional<Notification> n = policy.flush(kLive + kCoalesce);
    QVERIFY(n);
    QCOMPARE(int(n->kind), kind);
    QCOMPARE(n->taskId, QStringLiteral("t1"));
    QCOMPARE(n->taskCount, 1);
    QCOMPARE(n->title, title);
    QVERIFY2(n->body.startsWith(QStringLiteral("Label of t1")), qPrintable(n->body));
    QCOMPARE(n->critical, critical);
    if (TaskState(to) == TaskState::Dead)
        QVERIFY2(n->body.contains(QStringLiteral("Out of retries")), qPrintable(n->body));

    // The same entry again (a replayed batch) and later updates of the row stay silent.
    if (TaskState(to) == TaskState::NeedsInput || TaskState(to) == TaskState::NeedsVerification)
        policy.applyDelta(delta, kLive + 20000);
    host::EngineDelta update;
    update.tasks.append(task(QStringLiteral("t1"), TaskState(to)));
    policy.applyDelta(update, kLive + 20000);
    QVERIFY(!policy.hasPending());
    QVERIFY(!policy.flush(kLive + 60000));
}

void TestNotifications::reenteringNotifiesAgain()
{
    NotificationPolicy policy = livePolicy();
    const QStringList one = {QStringLiteral("t1")};
    policy.applyDelta(moved(one, TaskState::Running, TaskState::NeedsInput), kLive);
    QVERIFY(policy.flush(kLive + kCoalesce));
    policy.applyDelta(
        moved(one, TaskState::NeedsInput, TaskState::Running, QStringLiteral("worker-started")),
        kLive + 2000);
    QVERIFY(!policy.hasPending());
    policy.applyDelta(moved(one, TaskState::Running, TaskState::NeedsInput), kLive + 3000);
    const std::optional<Notification> again = policy.flush(kLive + 3000 + kInterval);
    QVERIFY(again);
    QCOMPARE(again->taskId, QStringLiteral("t1"));
}

void TestNotifications::burstBecomesOneNotification()
{
    NotificationPolicy policy = livePolicy();
    const QStringList tasks = ids(QStringLiteral("burst"), 12);
    // Twelve tasks over 900 ms, in four batches.
    for (int batch = 0; batch < 4; ++batch)
        policy.applyDelta(moved(tasks.mid(batch * 3, 3), TaskState::Running, TaskState::NeedsInput),
                          kLive + batch * 300);
    QVERIFY(!policy.flush(kLive + kCoalesce - 1));
    const std::optional<Notification> n = policy.flush(kLive + kCoalesce);
    QVERIFY(n);
    QCOMPARE(n->title, QStringLiteral("12 tasks need input"));
    QCOMPARE(n->taskCount, 12);
    QCOMPARE(n->counts.value(NotificationKind::NeedsInput), 12);
    QCOMPARE(n->taskId, QStringLiteral("burst-0"));
    const QStringList lines = n->body.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), QStringLiteral("• Label of burst-0"));
    QCOMPARE(lines.at(3), QStringLiteral("…and 9 more"));
    QVERIFY(!policy.hasPending());
    QVERIFY(!policy.flush(kLive + 60000));
}

void TestNotifications::mixedKindsLeadWithTheMostUrgent()
{
    NotificationPolicy policy = livePolicy();
    host::EngineDelta delta = moved({QStringLiteral("d1")}, TaskState::Running, TaskState::Dead,
                                    QStringLiteral("retry-exhausted-timeout"));
    const host::EngineDelta input = moved({QStringLiteral("i1"), QStringLiteral("i2")},
                                          TaskState::Running, TaskState::NeedsInput);
    delta.transitions += input.transitions;
    delta.tasks += input.tasks;
    policy.applyDelta(delta, kLive);
    const std::optional<Notification> n = policy.flush(kLive + kCoalesce);
    QVERIFY(n);
    QCOMPARE(n->kind, NotificationKind::NeedsInput);
    QCOMPARE(n->title, QStringLiteral("2 tasks need input"));
    QCOMPARE(n->taskId, QStringLiteral("i1"));
    QCOMPARE(n->taskCount, 3);
    QVERIFY(n->critical);
    QVERIFY2(n->body.endsWith(QStringLiteral("Also: A task is dead")), qPrintable(n->body));
}

void TestNotifications::notificationsAreSpacedOut()
{
    NotificationPolicy policy = livePolicy();
    policy.applyDelta(moved({QStringLiteral("a")}, TaskState::Running, TaskState::NeedsInput),
                      kLive);
    QVERIFY(policy.flush(kLive + kCoalesce));
    const qint64 shownAt = kLive + kCoalesce;
    policy.applyDelta(moved({QStringLiteral("b")}, TaskState::Running, TaskState::NeedsInput),
                      shownAt + 100);
    policy.applyDelta(moved({QStringLiteral("c")}, TaskState::Running, TaskState::NeedsInput),
                      shownAt + 3000);
    QCOMPARE(policy.nextFlushAtMs().value(), shownAt + kInterval);
    QVERIFY(!policy.flush(shownAt + kInterval - 1));
    const std::optional<Notification> n = policy.flush(shownAt + kInterval);
    QVERIFY(n);
    QCOMPARE(n->title, QStringLiteral("2 tasks need input"));
}

void TestNotifications::initialLoadIsSilent()
{
    NotificationPolicy policy(0, timing());
    // The engine's first delta (counts only) and the first batches before connecting.
    host::EngineDelta initial;
    initial.stateCounts.emplace();
    (*initial.stateCounts)[TaskState::NeedsInput] = 5;
    policy.applyDelta(initial, 10);
    policy.applyDelta(moved(ids(QStringLiteral("old"), 5), TaskState::NeedsVerification,
                            TaskState::NeedsInput, QStringLiteral("verification-timeout")),
                      500);
    QVERIFY(!policy.hasPending());
    QVERIFY(!policy.flush(kLive));
    QCOMPARE(policy.stateCounts()[TaskState::NeedsInput], 5);
    // After the settle time the same kind of change is news.
    policy.applyDelta(moved({QStringLiteral("new")}, TaskState::Running, TaskState::NeedsInput),
                      kSettle + 1);
    QVERIFY(policy.flush(kSettle + 1 + kCoalesce));
}

void TestNotifications::resyncIsSilentUntilSettled()
{
    NotificationPolicy policy = livePolicy();
    // The connection drops and comes back: the gateway's state is read again.
    policy.setConnectionPhase(ConnectionPhase::Backoff, kLive);
    policy.setConnectionPhase(ConnectionPhase::Connecting, kLive + 100);
    policy.setConnectionPhase(ConnectionPhase::Handshaking, kLive + 200);
    policy.setConnectionPhase(ConnectionPhase::Resyncing, kLive + 300);
    policy.applyDelta(
        moved(ids(QStringLiteral("resync"), 3), TaskState::Running, TaskState::NeedsInput),
        kLive + 400);
    policy.setConnectionPhase(ConnectionPhase::Live, kLive + 500);
    // The last resync batch lands just after the phase turned live.
    policy.applyDelta(moved(ids(QStringLiteral("late"), 3), TaskState::Running, TaskState::Dead,
                            QStringLiteral("retry-exhausted-error")),
                      kLive + 510);
    QVERIFY(!policy.hasPending());
    // A replay of an entry the resync brought in is not news either.
    policy.applyDelta(
        moved({QStringLiteral("resync-0")}, TaskState::Running, TaskState::NeedsInput),
        kLive + 500 + kSettle + 1);
    QVERIFY(!policy.hasPending());
    policy.applyDelta(moved({QStringLiteral("fresh")}, TaskState::Running, TaskState::NeedsInput),
                      kLive + 500 + kSettle + 2);
    const std::optional<Notification> n = policy.flush(kLive + 60000);
    QVERIFY(n);
    QCOMPARE(n->taskCount, 1);
    QCOMPARE(n->taskId, QStringLiteral("fresh"));
}

void TestNotifications::rowsWithoutTransitionsAreSilent()
{
    NotificationPolicy policy = livePolicy();
    host::EngineDelta delta;
    delta.tasks.append(task(QStringLiteral("t1"), TaskState::NeedsInput));
    delta.tasks.append(task(QStringLiteral("t2"), TaskState::Dead));
    policy.applyDelta(delta, kLive);
    QVERIFY(!policy.hasPending());
}

void TestNotifications::taskThatMovesOnBeforeTheFlushIsDropped()
{
    NotificationPolicy policy = livePolicy();
    policy.applyDelta(moved({QStringLiteral("a"), QStringLiteral("b")}, TaskState::Running,
                            TaskState::NeedsInput),
                      kLive);
    policy.applyDelta(moved({QStringLiteral("a")}, TaskState::NeedsInput, TaskState::Running,
                            QStringLiteral("worker-started")),
                      kLive + 200);
    const std::optional<Notification> n = policy.flush(kLive + kCoalesce);
    QVERIFY(n);
    QCOMPARE(n->taskCount, 1);
    QCOMPARE(n->taskId, QStringLiteral("b"));

    policy.applyDelta(moved({QStringLiteral("c")}, TaskState::Running, TaskState::NeedsInput),
                      kLive + 2000);
    policy.applyDelta(moved({QStringLiteral("c")}, TaskState::NeedsInput, TaskState::Running,
                            QStringLiteral("worker-started")),
                      kLive + 2100);
    QVERIFY(!policy.hasPending());
}

void TestNotifications::routineAndOperatorTransitionsAreSilent()
{
    NotificationPolicy policy = livePolicy();
    // The operator's own actions.
    policy.applyDelta(moved({QStringLiteral("k")}, TaskState::Running, TaskState::Dead,
                            QStringLiteral("operator-killed")),
                      kLive);
    policy.applyDelta(moved({QStringLiteral("r")}, TaskState::NeedsVerification, TaskState::Failed,
                            QStringLiteral("operator-rejected")),
                      kLive);
    // A failed attempt replaced by its respawn.
    policy.applyDelta(moved({QStringLiteral("s")}, TaskState::Running, TaskState::Failed,
                            QStringLiteral("respawned-as-next-attempt")),
                      kLive);
    // A failure retried automatically: failed, then queued, in the same batch.
    host::EngineDelta retried;
    retried.transitions.append({core::TaskId(QStringLiteral("q")), 1, TaskState::Running,
                                TaskState::Failed,
                                core::TransitionCause::workerEnded(core::WorkerOutcome::Error)});
    retried.transitions.append({core::TaskId(QStringLiteral("q")), 1, TaskState::Failed,
                                TaskState::Queued,
                                core::TransitionCause::retryQueued(1, core::WorkerOutcome::Error)});
    retried.tasks.append(task(QStringLiteral("q"), TaskState::Queued));
    policy.applyDelta(retried, kLive);
    // A state written again without a change.
    policy.applyDelta(moved({QStringLiteral("v")}, TaskState::NeedsVerification,
                            TaskState::NeedsVerification, QStringLiteral("receipt")),
                      kLive);
    QVERIFY(!policy.hasPending());
}

void TestNotifications::doNotDisturbSuppresses()
{
    NotificationPolicy policy = livePolicy();
    policy.applyDelta(moved({QStringLiteral("before")}, TaskState::Running, TaskState::NeedsInput),
                      kLive);
    policy.setDoNotDisturb(true);
    QVERIFY(!policy.hasPending()); // nothing saved up for later
    policy.applyDelta(moved({QStringLiteral("during")}, TaskState::Running, TaskState::NeedsInput),
                      kLive + 100);
    host::EngineDelta counts;
    counts.stateCounts.emplace();
    (*counts.stateCounts)[TaskState::NeedsInput] = 2;
    policy.applyDelta(counts, kLive + 100);
    QVERIFY(!policy.flush(kLive + 60000));
    QCOMPARE(policy.stateCounts()[TaskState::NeedsInput], 2); // counts still kept

    policy.setDoNotDisturb(false);
    QVERIFY(!policy.hasPending());
    policy.applyDelta(moved({QStringLiteral("after")}, TaskState::Running, TaskState::NeedsInput),
                      kLive + 70000);
    const std::optional<Notification> n = policy.flush(kLive + 80000);
    QVERIFY(n);
    QCOMPARE(n->taskId, QStringLiteral("after"));
    QCOMPARE(n->taskCount, 1);
}

void TestNotifications::countLinesFollowTheDeltas()
{
    core::StateCounts counts;
    counts[TaskState::NeedsInput] = 3;
    counts[TaskState::NeedsVerification] = 1;
    counts[TaskState::Running] = 1200;
    counts[TaskState::Dead] = 2;
    const QStringList lines = NotificationPolicy::countLines(counts);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.at(0), QStringLiteral("needs input: 3"));
    QCOMPARE(lines.at(1), QStringLiteral("needs verification: 1"));
    QCOMPARE(lines.at(2), QStringLiteral("running: 1,200"));
    QCOMPARE(lines.at(3), QStringLiteral("queued: 0"));
    QCOMPARE(lines.at(5), QStringLiteral("dead: 2"));
}

void TestNotifications::trayNotifierWithoutTray()
{
    // The offscreen platform has no tray, like Xvfb: no icon, but do not disturb still works
    // and the decision still reaches the window's side.
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
    TrayNotifier notifier;
    QVERIFY(!notifier.hasTrayIcon());
    QSignalSpy dnd(&notifier, &TrayNotifier::doNotDisturbChanged);
    notifier.doNotDisturbAction()->trigger();
    QCOMPARE(dnd.size(), 1);
    QVERIFY(notifier.policy().doNotDisturb());
    notifier.setDoNotDisturb(false);
    QVERIFY(!notifier.policy().doNotDisturb());
    QVERIFY(!notifier.doNotDisturbAction()->isChecked());
}

QTEST_MAIN(TestNotifications)
#include "tst_notifications.moc"
