// The task index on its own: what hangs off a task (its key's active task, its worker, the
// counts per orchestrator, the rows to write, the attempt numbering) stays true as the task
// changes, and the store is asked once per answer.

#include "CoreHarness.h"
#include "core/Identity.h"
#include "core/TaskIndex.h"

#include <QTest>

using namespace clawops::core;
using namespace clawops::testing;

namespace {

const SessionKey kOrchA(QStringLiteral("agent:main:subagent:a"));
const SessionKey kOrchB(QStringLiteral("agent:main:subagent:b"));

TaskRecord taskOf(const QString &keyText, int attempt, const SessionKey &orchestrator = kOrchA)
{
    TaskRecord task;
    task.taskKey = TaskKey(sha256Hex(keyText));
    task.taskId = TaskId(makeTaskId(task.taskKey, attempt));
    task.attempt = attempt;
    task.orchestratorSessionKey = orchestrator;
    task.requesterSessionKey = orchestrator;
    task.state = TaskState::Leased;
    task.spec.task = keyText;
    return task;
}

// A store that counts the questions it is asked.
class CountingArchive final : public TaskArchive
{
public:
    ReadResult<TaskRecord> findTask(const TaskId &taskId) const override
    {
        ++taskReads;
        return store.findTask(taskId);
    }
    ReadResult<int> highestAttempt(const TaskKey &taskKey) const override
    {
        ++attemptReads;
        return store.highestAttempt(taskKey);
    }

    MemoryStore store;
    mutable int taskReads = 0;
    mutable int attemptReads = 0;
};

} // namespace

class TestTaskIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsMoveWithEveryTransition();
    void restoredCountsCoverTheStore();
    void countsNeverGoBelowZero();
    void activeTaskOfAKeyFollowsItsState();
    void workerLeadsToItsTaskUntilCompacted();
    void changedRowsAreWrittenOncePerBatchInOrder();
    void compactionKeepsActiveAndUnwrittenTasks();
    void compactionLetsGoWhatBecameIdleWhereverItCameFrom();
    void storeAnswersAreKept();
    void failedReadIsNotRememberedAsAbsent();
    void attemptsAreNumberedOnFromTheStore();
    void failedAttemptReadIsNeitherZeroNorRemembered();
    void attemptsOfCompactedKeysAreReadAgain();
    void receiptRepeatIsNoChange();
};

void TestTaskIndex::countsMoveWithEveryTransition()
{
    ManualClock clock;
    ChangeSet changes;
    TaskIndex index(clock, nullptr, changes);
    const TaskRecord a = taskOf(QStringLiteral("a"), 1, kOrchA);
    const TaskRecord b = taskOf(QStringLiteral("b"), 1, kOrchB);
    index.create(a, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    index.create(b, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    QCOMPARE(index.summaryFor(kOrchA)[TaskState::Leased], 1);
    QCOMPARE(index.summaryFor(kOrchB)[TaskState::Leased], 1);

    index.setState(a.taskId, TaskState::Running,
                   TransitionCause::of(TransitionCause::Kind::WorkerStarted));
    index.setState(a.taskId, TaskState::Running,
                   TransitionCause::of(TransitionCause::Kind::WorkerStarted));
    index.setState(a.taskId, TaskState::Failed, TransitionCause::workerEnded(WorkerOutcome::Error));
    const StatusSummary summary = index.summaryFor(kOrchA);
    QCOMPARE(summary[TaskState::Leased], 0);
    QCOMPARE(summary[TaskState::Running], 0);
    QCOMPARE(summary[TaskState::Failed], 1);
    QCOMPARE(summary.total(), 1);
    QCOMPARE(index.summaryFor(kOrchB).total(), 1);

    // Each call is one transition, a state kept included, each with where it came from.
    QCOMPARE(changes.transitions.size(), 5);
    QVERIFY(!changes.transitions.at(0).from.has_value());
    QCOMPARE(*changes.transitions.at(3).from, TaskState::Running);
    QCOMPARE(changes.transitions.at(3).to, TaskState::Running);
    QCOMPARE(*changes.transitions.at(4).from, TaskState::Running);
}

void TestTaskIndex::restoredCountsCoverTheStore()
{
    ManualClock clock;
    ChangeSet changes;
    TaskRecord running = taskOf(QStringLiteral("a"), 1);
    running.state = TaskState::Running;
    {
        TaskIndex index(clock, nullptr, changes);
        index.restore(running);
        QCOMPARE(index.summaryFor(kOrchA)[TaskState::Running], 1);
    }
    // With counts from the store, a restored task is already in them.
    TaskIndex index(clock, nullptr, changes);
    StatusSummary stored;
    stored[TaskState::Running] = 1;
    stored[TaskState::Done] = 4;
    index.restoreCounts({{kOrchA, stored}});
    index.restore(running);
    QCOMPARE(index.summaryFor(kOrchA), stored);
    QVERIFY(changes.transitions.isEmpty());
}

void TestTaskIndex::countsNeverGoBelowZero()
{
    ManualClock clock;
    ChangeSet changes;
    CountingArchive archive;
    TaskRecord stored = taskOf(QStringLiteral("old"), 1);
    stored.state = TaskState::Failed;
    archive.store.tasks.insert(stored.taskId, stored);
    TaskIndex index(clock, &archive, changes);
    StatusSummary missing; // counts that do not cover the stored row (an older store)
    missing[TaskState::Done] = 2;
    index.restoreCounts({{kOrchA, missing}});
    QVERIFY(index.find(stored.taskId));
    index.setState(stored.taskId, TaskState::Queued, TransitionCause::operatorRetryQueued(2),
                   clock.now());
    QCOMPARE(index.summaryFor(kOrchA)[TaskState::Failed], 0);
    QCOMPARE(index.summaryFor(kOrchA)[TaskState::Queued], 1);
    QCOMPARE(index.summaryFor(kOrchA)[TaskState::Done], 2);
}

void TestTaskIndex::activeTaskOfAKeyFollowsItsState()
{
    ManualClock clock;
    ChangeSet changes;
    TaskIndex index(clock, nullptr, changes);
    const TaskRecord first = taskOf(QStringLiteral("work"), 1);
    const TaskRecord second = taskOf(QStringLiteral("work"), 2);
    index.create(first, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    QCOMPARE(index.activeTaskFor(first.taskKey), first.taskId);
    index.setState(first.taskId, TaskState::Queued,
                   TransitionCause::retryQueued(1, WorkerOutcome::Error), clock.now());
    QCOMPARE(index.activeTaskFor(first.taskKey), first.taskId);

    index.create(second, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    QCOMPARE(index.activeTaskFor(first.taskKey), second.taskId);
    // The older attempt ending does not take the newer one's place away.
    index.setState(first.taskId, TaskState::Failed,
                   TransitionCause::of(TransitionCause::Kind::RespawnedAsNextAttempt));
    QCOMPARE(index.activeTaskFor(first.taskKey), second.taskId);
    index.setState(second.taskId, TaskState::Done,
                   TransitionCause::of(TransitionCause::Kind::OperatorVerified));
    QVERIFY(index.activeTaskFor(first.taskKey).isEmpty());
    QCOMPARE(index.activeTasks().size(), 0);
}

void TestTaskIndex::workerLeadsToItsTaskUntilCompacted()
{
    ManualClock clock;
    ChangeSet changes;
    TaskIndex index(clock, nullptr, changes);
    const SessionKey child(QStringLiteral("agent:main:subagent:w"));
    const TaskRecord task = taskOf(QStringLiteral("a"), 1);
    index.create(task, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    QVERIFY(!index.findByWorker(child));
    index.attachWorker(task.taskId, child, QStringLiteral("gw-1"));
    QCOMPARE(index.findByWorker(child)->taskId, task.taskId);
    QCOMPARE(index.findByWorker(child)->gatewayTaskId, QStringLiteral("gw-1"));

    index.setState(task.taskId, TaskState::Dead,
                   TransitionCause::of(TransitionCause::Kind::OperatorKilled));
    QList<TaskRecord> rows;
    index.takeChangedRows(rows);
    index.compact();
    QCOMPARE(index.size(), 0);
    QVERIFY(!index.findByWorker(child)); // no store behind this index
}

void TestTaskIndex::changedRowsAreWrittenOncePerBatchInOrder()
{
    ManualClock clock;
    ChangeSet changes;
    TaskIndex index(clock, nullptr, changes);
    const TaskRecord a = taskOf(QStringLiteral("a"), 1);
    const TaskRecord b = taskOf(QStringLiteral("b"), 1);
    index.create(a, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    index.create(b, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    clock.advance(5);
    index.setState(a.taskId, TaskState::Running,
                   TransitionCause::of(TransitionCause::Kind::WorkerStarted));
    QList<TaskRecord> rows;
    index.takeChangedRows(rows);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).taskId, a.taskId);
    QCOMPARE(rows.at(0).state, TaskState::Running); // the row as it stands, not as first changed
    QCOMPARE(rows.at(0).updatedAt, clock.now());
    QCOMPARE(rows.at(1).taskId, b.taskId);

    rows.clear();
    index.takeChangedRows(rows);
    QVERIFY(rows.isEmpty());
    index.setGatewayTaskId(b.taskId, QStringLiteral("gw-b"));
    index.setGatewayTaskId(b.taskId, QStringLiteral("gw-b"));
    index.takeChangedRows(rows);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().gatewayTaskId, QStringLiteral("gw-b"));
}

void TestTaskIndex::compactionKeepsActiveAndUnwrittenTasks()
{
    ManualClock clock;
    ChangeSet changes;
    TaskIndex index(clock, nullptr, changes);
    const TaskRecord active = taskOf(QStringLiteral("a"), 1);
    const TaskRecord finished = taskOf(QStringLiteral("b"), 1);
    index.create(active, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    index.create(finished, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    index.setState(finished.taskId, TaskState::Done,
                   TransitionCause::of(TransitionCause::Kind::OperatorVerified));
    index.compact(); // the done row is not written yet: it stays
    QCOMPARE(index.size(), 2);
    QList<TaskRecord> rows;
    index.takeChangedRows(rows);
    index.compact();
    QCOMPARE(index.size(), 1);
    QVERIFY(index.find(active.taskId));
    QVERIFY(!index.find(finished.taskId));
    // Counts are over everything, not over what is in memory.
    QCOMPARE(index.summaryFor(kOrchA)[TaskState::Done], 1);
}

void TestTaskIndex::compactionLetsGoWhatBecameIdleWhereverItCameFrom()
{
    ManualClock clock;
    ChangeSet changes;
    CountingArchive archive;
    TaskIndex index(clock, &archive, changes);
    TaskRecord stored = taskOf(QStringLiteral("stored"), 1);
    stored.state = TaskState::Done;
    archive.store.tasks.insert(stored.taskId, stored);
    TaskRecord restoredDead = taskOf(QStringLiteral("restored dead"), 1);
    restoredDead.state = TaskState::Dead;
    const TaskRecord restoredRunning = taskOf(QStringLiteral("restored running"), 1);
    index.restore(restoredDead);
    index.restore(restoredRunning);
    QVERIFY(index.find(stored.taskId)); // read from the store, and held
    QCOMPARE(archive.taskReads, 1);

    // Taken while active, ended after: held until that change is taken and committed.
    const TaskRecord endsLate = taskOf(QStringLiteral("ends late"), 1);
    index.create(endsLate, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    // Taken once ended, changed again before the commit: held until the change is committed.
    const TaskRecord changedAgain = taskOf(QStringLiteral("changed again"), 1);
    index.create(changedAgain, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    index.setState(changedAgain.taskId, TaskState::Dead,
                   TransitionCause::of(TransitionCause::Kind::OperatorKilled));
    QList<TaskRecord> rows;
    index.takeChangedRows(rows);
    index.setState(endsLate.taskId, TaskState::Done,
                   TransitionCause::of(TransitionCause::Kind::OperatorVerified));
    index.setGatewayTaskId(changedAgain.taskId, QStringLiteral("gw-late"));
    index.compact();
    QCOMPARE(index.size(), 3);
    QVERIFY(index.find(restoredRunning.taskId));
    QVERIFY(index.find(endsLate.taskId));
    QVERIFY(index.find(changedAgain.taskId));
    QCOMPARE(archive.taskReads, 1); // the three are held: no read

    index.takeChangedRows(rows);
    index.compact();
    QCOMPARE(index.size(), 1);
    QVERIFY(index.find(restoredRunning.taskId));
    QVERIFY(!index.find(restoredDead.taskId)); // not in this store: absent once let go
    // Let go, a stored task is read again when asked for.
    QVERIFY(index.find(stored.taskId));
    QCOMPARE(archive.taskReads, 3);
}

void TestTaskIndex::storeAnswersAreKept()
{
    ManualClock clock;
    ChangeSet changes;
    CountingArchive archive;
    TaskRecord stored = taskOf(QStringLiteral("old"), 1);
    stored.state = TaskState::Done;
    stored.workerSessionKey = SessionKey(QStringLiteral("agent:main:subagent:old"));
    archive.store.tasks.insert(stored.taskId, stored);
    TaskIndex index(clock, &archive, changes);

    QCOMPARE(index.find(stored.taskId)->state, TaskState::Done);
    QCOMPARE(index.find(stored.taskId)->state, TaskState::Done);
    QCOMPARE(archive.taskReads, 1);
    QCOMPARE(index.findByWorker(stored.workerSessionKey)->taskId, stored.taskId);

    // Absence is remembered until the index itself makes the task.
    const TaskRecord later = taskOf(QStringLiteral("old"), 2);
    QVERIFY(!index.find(later.taskId));
    QVERIFY(!index.find(later.taskId));
    QCOMPARE(archive.taskReads, 2);
    index.create(later, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    QCOMPARE(index.find(later.taskId)->attempt, 2);
    // Names no task id could be are never asked for.
    QVERIFY(!index.find(TaskId(QStringLiteral("T-44"))));
    QCOMPARE(archive.taskReads, 2);
}

void TestTaskIndex::failedReadIsNotRememberedAsAbsent()
{
    ManualClock clock;
    ChangeSet changes;
    CountingArchive archive;
    const TaskRecord stored = taskOf(QStringLiteral("old"), 1);
    archive.store.tasks.insert(stored.taskId, stored);
    TaskIndex index(clock, &archive, changes);
    archive.store.failReadsWith = QStringLiteral("database is locked");
    const ReadResult<const TaskRecord *> failed = index.lookup(stored.taskId);
    QVERIFY(failed.isFailed());
    QCOMPARE(failed.error(), QStringLiteral("database is locked"));
    archive.store.failReadsWith.clear();
    QVERIFY(index.lookup(stored.taskId).isFound());
    QCOMPARE(archive.taskReads, 2);
}

void TestTaskIndex::attemptsAreNumberedOnFromTheStore()
{
    ManualClock clock;
    ChangeSet changes;
    CountingArchive archive;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        TaskRecord old = taskOf(QStringLiteral("work"), attempt);
        old.state = TaskState::Failed;
        archive.store.tasks.insert(old.taskId, old);
    }
    TaskIndex index(clock, &archive, changes);
    const TaskKey key = taskOf(QStringLiteral("work"), 1).taskKey;
    QCOMPARE(index.nextAttemptFor(key).value(), 4);
    index.create(taskOf(QStringLiteral("work"), 4),
                 TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    QCOMPARE(index.nextAttemptFor(key).value(), 5);
    QCOMPARE(archive.attemptReads, 1);
    QCOMPARE(index.nextAttemptFor(taskOf(QStringLiteral("new"), 1).taskKey).value(), 1);
}

void TestTaskIndex::failedAttemptReadIsNeitherZeroNorRemembered()
{
    ManualClock clock;
    ChangeSet changes;
    CountingArchive archive;
    TaskRecord old = taskOf(QStringLiteral("work"), 3);
    old.state = TaskState::Dead;
    archive.store.tasks.insert(old.taskId, old);
    TaskIndex index(clock, &archive, changes);
    archive.store.failReadsWith = QStringLiteral("database is locked");
    const ReadResult<int> failed = index.nextAttemptFor(old.taskKey);
    QVERIFY(failed.isFailed());
    QCOMPARE(failed.error(), QStringLiteral("database is locked"));
    archive.store.failReadsWith.clear();
    QCOMPARE(index.nextAttemptFor(old.taskKey).value(), 4);
    QCOMPARE(archive.attemptReads, 2);
}

void TestTaskIndex::attemptsOfCompactedKeysAreReadAgain()
{
    // What the engine keeps per task key must not grow with every key it ever saw.
    constexpr int kKeys = 6000;
    ManualClock clock;
    ChangeSet changes;
    CountingArchive archive;
    TaskIndex index(clock, &archive, changes);
    ChangeSet changesWithoutStore;
    TaskIndex withoutStore(clock, nullptr, changesWithoutStore);
    const auto commit = [&archive](TaskIndex &tasks) {
        QList<TaskRecord> rows;
        tasks.takeChangedRows(rows);
        for (const TaskRecord &row : std::as_const(rows))
            archive.store.tasks.insert(row.taskId, row);
    };
    const auto runOnce = [](TaskIndex &tasks, const TaskRecord &task, TaskState end) {
        QCOMPARE(tasks.nextAttemptFor(task.taskKey).value(), task.attempt);
        tasks.create(task, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
        tasks.setState(task.taskId, end, TransitionCause::workerEnded(WorkerOutcome::Error));
    };
    for (int i = 0; i < kKeys; ++i) {
        runOnce(index, taskOf(QStringLiteral("key %1").arg(i), 1), TaskState::Done);
        runOnce(withoutStore, taskOf(QStringLiteral("key %1").arg(i), 1), TaskState::Done);
    }
    commit(index);
    commit(withoutStore);
    // The second attempt of one key ends before it is written: it stays held, and so does its
    // key's number, which the store does not know yet.
    const TaskRecord unwritten = taskOf(QStringLiteral("key 0"), 2);
    runOnce(index, unwritten, TaskState::Failed);
    const int readsBefore = archive.attemptReads;
    index.compact();
    withoutStore.compact();

    QCOMPARE(index.size(), 1);
    QCOMPARE(index.attemptKeysKept(), 1);
    QCOMPARE(index.nextAttemptFor(unwritten.taskKey).value(), 3);
    QCOMPARE(archive.attemptReads, readsBefore);
    const TaskKey compacted = taskOf(QStringLiteral("key 1"), 1).taskKey;
    QCOMPARE(index.nextAttemptFor(compacted).value(), 2);
    QCOMPARE(archive.attemptReads, readsBefore + 1);

    // Without a store the numbers held are all there is.
    QCOMPARE(withoutStore.size(), 0);
    QCOMPARE(withoutStore.attemptKeysKept(), kKeys);
    QCOMPARE(withoutStore.nextAttemptFor(compacted).value(), 2);
}

void TestTaskIndex::receiptRepeatIsNoChange()
{
    ManualClock clock;
    ChangeSet changes;
    TaskIndex index(clock, nullptr, changes);
    const TaskRecord task = taskOf(QStringLiteral("a"), 1);
    index.create(task, TransitionCause::of(TransitionCause::Kind::SpawnRequested));
    QList<TaskRecord> rows;
    index.takeChangedRows(rows);
    WorkerReceipt receipt;
    receipt.taskId = task.taskId;
    receipt.status = QStringLiteral("completed");
    receipt.verificationCount = 1;
    receipt.raw = QJsonObject{{QStringLiteral("status"), QStringLiteral("completed")}};
    QVERIFY(index.recordReceipt(task.taskId, receipt));
    QVERIFY(!index.recordReceipt(task.taskId, receipt));
    QCOMPARE(index.find(task.taskId)->receiptJson, QStringLiteral("{\"status\":\"completed\"}"));
    index.forgetReceiptText(task.taskId);
    QVERIFY(index.recordReceipt(task.taskId, receipt));
    rows.clear();
    index.takeChangedRows(rows);
    QCOMPARE(rows.size(), 1);
    QVERIFY(rows.first().receiptSeen);
}

QTEST_GUILESS_MAIN(TestTaskIndex)
#include "tst_taskindex.moc"
