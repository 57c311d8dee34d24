// The core on the real SQL store: changes committed batch by batch, the store closed and reopened,
// and the core rehydrated from it, as happens when ClawOps restarts.

#include "CoreHarness.h"
#include "core/Identity.h"
#include "store/Store.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace clawops;
using namespace clawops::core;
using namespace clawops::testing;
using clawops::testing::ManualClock;
using clawops::testing::ScriptedRandom;
using clawops::testing::spawnOf;

namespace {

const QString kMain = QStringLiteral("agent:main:main");
const QString kOrch = QStringLiteral("agent:main:subagent:orch");

// A core, its store, and the host's commit step.
struct StoredCore
{
    StoredCore(const QString &path, ManualClock &clock, ScriptedRandom &random,
               EngineConfig engineConfig = resolveConfig(QJsonObject{
                   {QStringLiteral("autoRetryFailedSubagents"), true}}))
        : config(std::move(engineConfig))
    {
        const store::StoreError error = store.open(path);
        if (error)
            qFatal("store: %s", qPrintable(error.message));
        core = std::make_unique<Orchestrator>(config, clock, random, &store);
        core->rehydrate(store.loadSnapshot().value());
        core->handle(GatewayReachability{true});
    }
    void send(const DomainEvent &event)
    {
        core->handle(event);
        commit();
    }
    void commit()
    {
        const store::StoreError error = store.apply(core->takeChanges());
        QVERIFY2(!error, qPrintable(error.message));
        actions.append(core->takeActions());
        core->compact();
    }
    QList<SendToSession> sends() const
    {
        QList<SendToSession> out;
        for (const DomainAction &action : actions) {
            if (const auto *send = std::get_if<SendToSession>(&action))
                out.append(*send);
        }
        return out;
    }

    EngineConfig config;
    store::Store store;
    std::unique_ptr<Orchestrator> core;
    QList<DomainAction> actions;
};

// Worker rows in the file, read on a connection of the test's own.
int storedWorkerCount(const QString &path, const QString &where = {})
{
    int count = -1;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("worker-count"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT COUNT(*) FROM orchestrator_workers ") + where,
                            db);
            if (query.next())
                count = query.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("worker-count"));
    return count;
}

} // namespace

class TestCoreWithStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restartKeepsBindingsWorkersRetriesAndCounts();
    void terminalTasksAreReadBackFromTheStore();
    void checkMarksAreReadBackTyped();
    void archiveAnswersStayTrueAsTheCoreWrites();
    void countsSurviveARestart();
    void endedWorkersLeaveMemoryButNotTheStore();
};

void TestCoreWithStore::restartKeepsBindingsWorkersRetriesAndCounts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("orchestrator.db"));
    ManualClock clock;
    ScriptedRandom random({0.0});
    QString failedTask;
    QString runningTask;
    {
        StoredCore first(path, clock, random);
        first.send(bound(kMain, kOrch));
        first.send(spawnOf(QStringLiteral("s1"), QStringLiteral("Flaky job"),
                           QStringLiteral("flaky"), kOrch, kMain));
        first.send(accepted(QStringLiteral("s1"), QStringLiteral("agent:main:subagent:w1"), {},
                            QStringLiteral("gw-1")));
        first.send(spawnOf(QStringLiteral("s2"), QStringLiteral("Long job"), QStringLiteral("long"),
                           kOrch, kMain));
        first.send(accepted(QStringLiteral("s2"), QStringLiteral("agent:main:subagent:w2"), {},
                            QStringLiteral("gw-2")));
        first.send(ended(QStringLiteral("agent:main:subagent:w1"), QStringLiteral("error"), {}));
        const QList<TaskRecord> active = first.core->activeTasks();
        QCOMPARE(active.size(), 2);
        for (const TaskRecord &task : active)
            (task.label == QLatin1String("flaky") ? failedTask : runningTask) = task.taskId;
        QCOMPARE(first.core->task(TaskId(failedTask))->state, TaskState::Queued);
        first.store.close();
    }

    StoredCore second(path, clock, random);
    QVERIFY(second.core->isOrchestrator(SessionKey(kOrch)));
    QCOMPARE(second.core->orchestratorFor(SessionKey(kMain)), kOrch);
    QCOMPARE(second.core->pendingRetryCount(), 1);
    QVERIFY(second.core->worker(SessionKey(QStringLiteral("agent:main:subagent:w2")))->running());
    QCOMPARE(second.core->task(TaskId(runningTask))->gatewayTaskId, QStringLiteral("gw-2"));
    QCOMPARE(second.core->summaryFor(SessionKey(kOrch))[TaskState::Queued], 1);
    QCOMPARE(second.core->summaryFor(SessionKey(kOrch))[TaskState::Running], 1);

    // The queued retry still falls due and goes to the orchestrator.
    clock.advance(1500);
    second.send(Tick{});
    QCOMPARE(second.sends().size(), 1);
    QCOMPARE(second.sends().first().sessionKey, kOrch);
    // The worker that was running across the restart still gets its ending and its retry.
    second.send(ended(QStringLiteral("agent:main:subagent:w2"), QStringLiteral("timeout"), {}));
    QCOMPARE(second.core->task(TaskId(runningTask))->state, TaskState::Queued);
    // The respawn of the first task is attempt 2, found through the store's attempt history.
    second.send(spawnOf(QStringLiteral("s3"), QStringLiteral("Flaky job"), QStringLiteral("flaky"),
                        kOrch, kMain));
    const QString key = second.core->task(TaskId(failedTask))->taskKey;
    QCOMPARE(second.core->task(TaskId(makeTaskId(key, 2)))->state, TaskState::Leased);
    QCOMPARE(second.store.highestAttempt(TaskKey(key)).value(), 2);
    QCOMPARE(second.store.attemptsFor(TaskKey(key)).value().size(), 2);
}

void TestCoreWithStore::terminalTasksAreReadBackFromTheStore()
{
    QTemporaryDir dir;
    ManualClock clock;
    ScriptedRandom random({0.0});
    StoredCore rig(dir.filePath(QStringLiteral("o.db")), clock, random);
    rig.send(spawnOf(QStringLiteral("s"), QStringLiteral("Report"), QStringLiteral("report")));
    rig.send(accepted(QStringLiteral("s"), QStringLiteral("agent:main:subagent:w"), {}, {}));
    rig.send(ended(QStringLiteral("agent:main:subagent:w"), QStringLiteral("ok"), {}));
    const QString taskId = rig.core->activeTasks().first().taskId;
    const CommandResult verified = rig.core->execute(
        command(OperatorCommand::Kind::Verify, taskId, QStringLiteral("ann"), {}, {}, false));
    QVERIFY(verified.ok);
    rig.commit();
    // Compacted out of memory, the done task is still there for the operator's next command.
    QVERIFY(rig.core->activeTasks().isEmpty());
    const CommandResult again = rig.core->execute(
        command(OperatorCommand::Kind::Verify, taskId, QStringLiteral("ann"), {}, {}, false));
    QVERIFY(!again.ok);
    QVERIFY2(again.auditText().contains(QStringLiteral("done")), qPrintable(again.auditText()));
    rig.commit();
    QCOMPARE(rig.store.auditFor(TaskId(taskId)).value().size(), 2);
    QCOMPARE(rig.store.transitionsFor(TaskId(taskId)).value().size(), 4);
}

// The console rebuilds a checklist from the audit rows after a restart: the marks come back typed,
// and rows of other commands come back without one.
void TestCoreWithStore::checkMarksAreReadBackTyped()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("o.db"));
    ManualClock clock;
    ScriptedRandom random({0.0});
    QString taskId;
    {
        StoredCore rig(path, clock, random);
        rig.send(spawnOf(QStringLiteral("s"), QStringLiteral("Report"), QStringLiteral("report")));
        rig.send(accepted(QStringLiteral("s"), QStringLiteral("agent:main:subagent:w"), {}, {}));
        rig.send(ended(QStringLiteral("agent:main:subagent:w"), QStringLiteral("ok"), {}));
        taskId = rig.core->activeTasks().first().taskId;
        OperatorCommand tick = command(OperatorCommand::Kind::CheckItem, taskId,
                                       QStringLiteral("ann"), {}, QStringLiteral("make check"));
        tick.itemIndex = 2;
        tick.ticked = true;
        QVERIFY(rig.core->execute(tick).ok);
        tick.itemIndex = 0;
        tick.ticked = false;
        QVERIFY(rig.core->execute(tick).ok);
        QVERIFY(rig.core
                    ->execute(command(OperatorCommand::Kind::Reject, taskId, QStringLiteral("ann"),
                                      {}, {}, false))
                    .ok);
        rig.commit();
        rig.store.close();
    }
    StoredCore reopened(path, clock, random);
    const QList<AuditRecord> audits = reopened.store.auditFor(TaskId(taskId)).value();
    QCOMPARE(audits.size(), 3);
    QCOMPARE(audits.at(0).check, std::optional<CheckMark>(CheckMark{2, true}));
    QCOMPARE(audits.at(0).detail, QStringLiteral("make check"));
    QCOMPARE(audits.at(1).check, std::optional<CheckMark>(CheckMark{0, false}));
    QCOMPARE(audits.at(2).action, QStringLiteral("reject"));
    QVERIFY(!audits.at(2).check);
}

// The core remembers what the store answered (an id it lacks, a key's highest attempt) so that
// busy traffic does not pay a read per frame; those answers must not go stale when the core itself
// then writes the id or the key.
void TestCoreWithStore::archiveAnswersStayTrueAsTheCoreWrites()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("o.db"));
    ManualClock clock;
    ScriptedRandom random({0.0});
    const auto runToDone = [](StoredCore &rig, const QString &ref, const QString &worker) {
        rig.send(spawnOf(ref, QStringLiteral("Report"), QStringLiteral("report")));
        rig.send(accepted(ref, worker, {}, {}));
        rig.send(ended(worker, QStringLiteral("ok"), {}));
        const QString taskId = rig.core->activeTasks().first().taskId;
        QVERIFY(rig.core
                    ->execute(command(OperatorCommand::Kind::Verify, taskId, QStringLiteral("ann"),
                                      {}, {}, false))
                    .ok);
        rig.commit();
        QVERIFY(rig.core->activeTasks().isEmpty()); // compacted: only the store has it now
    };
    QString taskKey;
    {
        StoredCore rig(path, clock, random);
        rig.send(spawnOf(QStringLiteral("s1"), QStringLiteral("Report"), QStringLiteral("report")));
        taskKey = rig.core->activeTasks().first().taskKey;
        QCOMPARE(rig.core->activeTasks().first().taskId, makeTaskId(taskKey, 1));
        rig.send(accepted(QStringLiteral("s1"), QStringLiteral("agent:main:subagent:w1"), {}, {}));
        rig.send(ended(QStringLiteral("agent:main:subagent:w1"), QStringLiteral("ok"), {}));
        QVERIFY(rig.core
                    ->execute(command(OperatorCommand::Kind::Verify, makeTaskId(taskKey, 1),
                                      QStringLiteral("ann"), {}, {}, false))
                    .ok);
        rig.commit();
        // Asked for before it exists: absent, and remembered as such...
        const QString second = makeTaskId(taskKey, 2);
        QVERIFY(!rig.core->task(TaskId(second)));
        QVERIFY(!rig.core
                     ->execute(command(OperatorCommand::Kind::Verify, second, QStringLiteral("ann"),
                                       {}, {}, false))
                     .ok);
        // ... until the core makes it: attempt 2 (the store's attempt 1 counted), found again
        // once it lives only in the store.
        runToDone(rig, QStringLiteral("s2"), QStringLiteral("agent:main:subagent:w2"));
        const CommandResult again = rig.core->execute(
            command(OperatorCommand::Kind::Verify, second, QStringLiteral("ann"), {}, {}, false));
        QVERIFY2(again.auditText().contains(QStringLiteral("done")), qPrintable(again.auditText()));
        runToDone(rig, QStringLiteral("s3"), QStringLiteral("agent:main:subagent:w3"));
        QCOMPARE(rig.store.attemptsFor(TaskKey(taskKey)).value().size(), 3);
    }
    // A new core reads the key's highest attempt from the store once, then counts on.
    StoredCore rig(path, clock, random);
    runToDone(rig, QStringLiteral("s4"), QStringLiteral("agent:main:subagent:w4"));
    runToDone(rig, QStringLiteral("s5"), QStringLiteral("agent:main:subagent:w5"));
    QVERIFY(rig.store.findTask(TaskId(makeTaskId(taskKey, 5))).isFound());
    QCOMPARE(rig.store.attemptsFor(TaskKey(taskKey)).value().size(), 5);
}

// The plugin's status counts are over every row of the store; after a restart they still are,
// tasks read back from the store move in them, and no count goes below zero.
void TestCoreWithStore::countsSurviveARestart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("o.db"));
    ManualClock clock;
    ScriptedRandom random({0.0});
    EngineConfig config;
    config.statusEnabled = true;
    const auto run = [&clock](StoredCore &rig, const QString &ref, const QString &task,
                              const QString &outcome) {
        const QString worker = QStringLiteral("agent:main:subagent:") + ref;
        rig.send(spawnOf(ref, task, ref, kOrch, kMain));
        rig.send(accepted(ref, worker));
        clock.advance(1000);
        rig.send(ended(worker, outcome));
        return rig.core->worker(SessionKey(worker))->taskId;
    };
    TaskId failed;
    {
        StoredCore first(path, clock, random, config);
        first.send(bound(kMain, kOrch));
        const TaskId done =
            run(first, QStringLiteral("w1"), QStringLiteral("Report"), QStringLiteral("ok"));
        QVERIFY(
            first.core->execute(command(OperatorCommand::Kind::Verify, done, QStringLiteral("ann")))
                .ok);
        failed = run(first, QStringLiteral("w2"), QStringLiteral("Flaky"), QStringLiteral("error"));
        first.commit();
        QVERIFY(first.core->activeTasks().isEmpty());
        first.store.close();
    }

    StoredCore second(path, clock, random, config);
    StatusSummary counts = second.core->summaryFor(SessionKey(kOrch));
    QCOMPARE(counts[TaskState::Done], 1);
    QCOMPARE(counts[TaskState::Failed], 1);
    QCOMPARE(counts.total(), 2);

    // A failed task read back from the store and retried by the operator leaves `failed`.
    QVERIFY(second.core
                ->execute(command(OperatorCommand::Kind::ForceRetry, failed, QStringLiteral("ann")))
                .ok);
    second.commit();
    counts = second.core->summaryFor(SessionKey(kOrch));
    QCOMPARE(counts[TaskState::Failed], 0);
    QCOMPARE(counts[TaskState::Queued], 1);

    // The next failure is reported with the figures the plugin would count in its store.
    clock.advance(1000);
    run(second, QStringLiteral("w3"), QStringLiteral("Other"), QStringLiteral("error"));
    const QList<SendToSession> sends = second.sends();
    QVERIFY(!sends.isEmpty());
    QCOMPARE(sends.last().purpose, SendToSession::Purpose::Incident);
    QVERIFY2(sends.last().text.contains(QStringLiteral("failures=1 running=0 queued=1")),
             qPrintable(sends.last().text));
    QVERIFY(sends.at(sends.size() - 2).text.contains(QStringLiteral("tasksDone: 1")));
}

// A fleet that never deletes its sessions must not grow the engine by a worker record per spawn:
// past the newest WorkerRegistry::kEndedKept endings, an ended worker lives in the store only.
// Its late duplicate ending changes nothing, a restart reads back the running workers only, and
// retiring the orchestrator still deletes every row of its workers.
void TestCoreWithStore::endedWorkersLeaveMemoryButNotTheStore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("o.db"));
    ManualClock clock;
    ScriptedRandom random({0.0});
    const int endedWorkers = int(WorkerRegistry::kEndedKept) + 50;
    const auto child = [](int i) { return QStringLiteral("agent:main:subagent:w%1").arg(i); };
    TaskId firstTask;
    {
        StoredCore rig(path, clock, random);
        rig.send(bound(kMain, kOrch));
        for (int i = 0; i <= endedWorkers; ++i) {
            const QString ref = QStringLiteral("r%1").arg(i);
            rig.core->handle(spawnOf(ref, QStringLiteral("Task %1").arg(i), ref, kOrch, kMain));
            rig.core->handle(accepted(ref, child(i)));
            if (i < endedWorkers)
                rig.core->handle(ended(child(i), QStringLiteral("ok")));
            if (i == 0)
                firstTask = rig.core->worker(SessionKey(child(0)))->taskId;
            if (i % 256 == 0)
                rig.commit();
        }
        rig.commit();
        QVERIFY(!rig.core->worker(SessionKey(child(0))));
        QVERIFY(!rig.core->worker(SessionKey(child(endedWorkers - 1)))->running());
        QVERIFY(rig.core->worker(SessionKey(child(endedWorkers)))->running());
        QCOMPARE(storedWorkerCount(path), endedWorkers + 1);

        // The first worker's ending again, long after: its task waits for verification still.
        rig.send(ended(child(0), QStringLiteral("error")));
        QCOMPARE(rig.core->task(firstTask)->state, TaskState::NeedsVerification);
        rig.store.close();
    }

    StoredCore second(path, clock, random);
    QVERIFY(!second.core->worker(SessionKey(child(endedWorkers - 1))));
    QVERIFY(second.core->worker(SessionKey(child(endedWorkers)))->running());
    second.send(SessionEnded{SessionKey(kOrch)});
    QCOMPARE(storedWorkerCount(path), 0);
}

QTEST_GUILESS_MAIN(TestCoreWithStore)
#include "tst_core_with_store.moc"
