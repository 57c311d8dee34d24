// The core at its edges, where the plugin's in-process hooks never were: a gateway that is not
// reachable, a send that fails, a store that cannot answer, a restart's counts, posts the
// gateway must not swallow, and spawns the adapter saw only in part.

#include "CoreHarness.h"
#include "core/Identity.h"

#include <QTest>

using namespace clawops::core;
using namespace clawops::testing;

namespace {

const QString kMain = QStringLiteral("agent:main:main");
const QString kOrch = QStringLiteral("agent:main:subagent:orch-1");

EngineConfig retryingConfig()
{
    return resolveConfig(QJsonObject{{QStringLiteral("autoRetryFailedSubagents"), true}});
}

// Spawns one worker under kOrch (bound to kMain) and returns its task id.
TaskId startWorker(CoreRig &rig, const QString &ref, const QString &child,
                   const QString &task = QStringLiteral("Build the docs"),
                   const QString &label = QStringLiteral("docs"))
{
    rig.send(spawnOf(ref, task, label, kOrch, kMain));
    rig.send(accepted(ref, child));
    return rig.core->worker(SessionKey(child))->taskId;
}

QList<SendToSession> sendsFor(const CoreRig &rig, SendToSession::Purpose purpose)
{
    QList<SendToSession> out;
    for (const SendToSession &send : rig.sends()) {
        if (send.purpose == purpose)
            out.append(send);
    }
    return out;
}

// The task text a retry block asks the orchestrator to respawn.
QString respawnedText(const SendToSession &retry)
{
    return retry.text.section(QStringLiteral("task: "), 1)
        .section(QStringLiteral("\nlabel: "), 0, 0);
}

} // namespace

class TestOrchestratorEdges : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryWaitsForTheGateway();
    void restoredRetryWaitsForTheFirstConnect();
    void failedRetrySendIsQueuedAgain();
    void respawnWatchWaitsOutAnOutage();
    void verificationGraceWaitsOutAnOutage();
    void failedAttemptReadHoldsTheSpawn();
    void failedAttemptReadHoldsTheRetry();
    void plannerRunsAreTheirOwnWork();
    void interruptedWorkerWaitsForTheOperator();
    void childrenWithoutSpawnCallAreNotDuplicates_data();
    void childrenWithoutSpawnCallAreNotDuplicates();
    void queuedRetryShowsTheCappedBackoff();
};

void TestOrchestratorEdges::retryWaitsForTheGateway()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    const QString child = QStringLiteral("agent:main:subagent:w1");
    const TaskId taskId = startWorker(rig, QStringLiteral("s1"), child);
    rig.send(ended(child, QStringLiteral("error")));
    rig.setLive(false);
    rig.tick(60'000);
    QVERIFY(sendsFor(rig, SendToSession::Purpose::Retry).isEmpty());
    QCOMPARE(rig.core->pendingRetryCount(), 1);
    QCOMPARE(rig.taskById(taskId).state, TaskState::Queued);
    QVERIFY(rig.taskById(taskId).nextRunAt.has_value());

    rig.setLive(true);
    rig.tick(0);
    QCOMPARE(sendsFor(rig, SendToSession::Purpose::Retry).size(), 1);
    QCOMPARE(rig.core->pendingRetryCount(), 0);
}

void TestOrchestratorEdges::restoredRetryWaitsForTheFirstConnect()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    const QString child = QStringLiteral("agent:main:subagent:w1");
    startWorker(rig, QStringLiteral("s1"), child);
    rig.send(ended(child, QStringLiteral("error")));
    rig.live = false; // the engine starts again, the gateway not yet there
    rig.restart();
    rig.tick(30'000); // long overdue
    QVERIFY(sendsFor(rig, SendToSession::Purpose::Retry).isEmpty());
    QCOMPARE(rig.core->pendingRetryCount(), 1);
    rig.setLive(true);
    rig.tick(0);
    QCOMPARE(sendsFor(rig, SendToSession::Purpose::Retry).size(), 1);
}

void TestOrchestratorEdges::failedRetrySendIsQueuedAgain()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    const QString child = QStringLiteral("agent:main:subagent:w1");
    const TaskId taskId = startWorker(rig, QStringLiteral("s1"), child);
    rig.send(ended(child, QStringLiteral("error")));
    rig.tick(1500);
    QCOMPARE(sendsFor(rig, SendToSession::Purpose::Retry).size(), 1);
    const SendToSession first = sendsFor(rig, SendToSession::Purpose::Retry).first();

    rig.send(sendFailed(first, QStringLiteral("not connected")));
    TaskRecord task = rig.taskById(taskId);
    QCOMPARE(task.state, TaskState::Queued);
    QVERIFY(task.nextRunAt.has_value()); // a waiting retry again, one a restart would resume
    QCOMPARE(task.lastOutcome.toText(), QStringLiteral("queued-retry-1-error"));
    QCOMPARE(rig.core->pendingRetryCount(), 1);
    QCOMPARE(rig.core->retriesUsed(task.taskKey), 1); // a failed send spends no budget

    // Long past the respawn window of the failed send: sent again, not given up.
    rig.tick(120'000);
    const QList<SendToSession> retries = sendsFor(rig, SendToSession::Purpose::Retry);
    QCOMPARE(retries.size(), 2);
    QCOMPARE(retries.last().idempotencyKey, first.idempotencyKey); // the same logical send
    QCOMPARE(retries.last().text, first.text);
    QCOMPARE(rig.taskById(taskId).state, TaskState::Queued);
    QCOMPARE(rig.core->pendingRetryCount(), 0);
    // The history tells the failed send apart: sent, queued again from queued, sent again; one
    // transition per event, none doubled.
    QStringList history;
    for (const TransitionRecord &transition : rig.store.transitions) {
        if (transition.taskId == taskId && transition.from == TaskState::Queued)
            history.append(transition.cause.toText());
    }
    QCOMPARE(history, (QStringList{QStringLiteral("error"), QStringLiteral("queued-retry-1-error"),
                                   QStringLiteral("error")}));
    // A failure of some other send (an older attempt's) changes nothing.
    rig.send(SendFailed{taskId, QStringLiteral("retry:other:1"), QStringLiteral("refused")});
    QCOMPARE(rig.core->pendingRetryCount(), 0);
    // Delivered this time, but never respawned: the watch still ends in needs_input.
    rig.tick(120'000);
    QCOMPARE(rig.taskById(taskId).state, TaskState::NeedsInput);
}

void TestOrchestratorEdges::respawnWatchWaitsOutAnOutage()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    const QString child = QStringLiteral("agent:main:subagent:w1");
    const TaskId first = startWorker(rig, QStringLiteral("s1"), child);
    rig.send(ended(child, QStringLiteral("error")));
    rig.tick(1500);
    const SendToSession retry = sendsFor(rig, SendToSession::Purpose::Retry).first();

    // The link drops right after the retry went out, for longer than the respawn window.
    rig.setLive(false);
    rig.tick(300'000);
    QCOMPARE(rig.taskById(first).state, TaskState::Queued);
    rig.setLive(true);
    rig.tick(1000);
    QCOMPARE(rig.taskById(first).state, TaskState::Queued);

    // The resync brings the respawn the orchestrator made meanwhile.
    rig.send(
        spawnOf(QStringLiteral("s2"), respawnedText(retry), QStringLiteral("docs"), kOrch, kMain));
    rig.send(accepted(QStringLiteral("s2"), QStringLiteral("agent:main:subagent:w2")));
    QVERIFY(rig.cancels().isEmpty());
    QCOMPARE(rig.taskById(first).lastOutcome.toText(), QStringLiteral("respawned-as-next-attempt"));
    const TaskId second =
        rig.core->worker(SessionKey(QStringLiteral("agent:main:subagent:w2")))->taskId;
    QCOMPARE(rig.taskById(second).attempt, 2);
    QCOMPARE(rig.taskById(second).state, TaskState::Running);
}

void TestOrchestratorEdges::verificationGraceWaitsOutAnOutage()
{
    CoreRig rig(EngineConfig{});
    const TimeMs grace = rig.config.verificationGraceMs;
    rig.send(bound(kMain, kOrch));
    const QString reporting = QStringLiteral("agent:main:subagent:w1");
    const QString silent = QStringLiteral("agent:main:subagent:w2");
    const TaskId reported = startWorker(rig, QStringLiteral("s1"), reporting);
    const TaskId unreported = startWorker(rig, QStringLiteral("s2"), silent,
                                          QStringLiteral("Lint the docs"), QStringLiteral("lint"));
    rig.send(ended(reporting, QStringLiteral("ok")));
    rig.send(ended(silent, QStringLiteral("ok")));
    rig.tick(grace / 2);

    // The link drops before either receipt comes in, for longer than the grace window.
    rig.setLive(false);
    rig.tick(3 * grace);
    QCOMPARE(rig.taskById(reported).state, TaskState::NeedsVerification);
    rig.setLive(true);
    rig.tick(1000);
    QCOMPARE(rig.taskById(reported).state, TaskState::NeedsVerification);
    QCOMPARE(rig.taskById(unreported).state, TaskState::NeedsVerification);

    // The resync reads back the receipt the first worker sent meanwhile.
    rig.send(sessionText(
        reporting, QStringLiteral("Done.\n```json\n{\"task_id\":\"%1\",\"status\":\"completed\","
                                  "\"no_verification\":true}\n```\n")
                       .arg(reported.str())));
    QCOMPARE(rig.taskById(reported).state, TaskState::Done);
    QCOMPARE(rig.taskById(reported).lastOutcome.toText(),
             QStringLiteral("worker-reported-completed-no-verification"));

    // The other one gets a whole window from the reconnect, then waits for the operator.
    rig.tick(grace - 1000 - 1);
    QCOMPARE(rig.taskById(unreported).state, TaskState::NeedsVerification);
    rig.tick(1);
    QCOMPARE(rig.taskById(unreported).state, TaskState::NeedsInput);
    QCOMPARE(rig.taskById(unreported).lastOutcome.toText(),
             QStringLiteral("verification-timeout-missing-receipt"));
}

void TestOrchestratorEdges::failedAttemptReadHoldsTheSpawn()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    // Two attempts of the same work, settled, so that after a restart only the store knows them.
    QList<TaskId> settled;
    for (const QString &n : {QStringLiteral("1"), QStringLiteral("2")}) {
        const QString child = QStringLiteral("agent:main:subagent:w") + n;
        settled.append(startWorker(rig, QStringLiteral("s") + n, child));
        rig.send(ended(child, QStringLiteral("ok")));
        QVERIFY(rig.command(command(OperatorCommand::Kind::Verify, settled.last())).ok);
    }
    QCOMPARE(rig.taskById(settled.last()).attempt, 2);
    rig.restart();

    rig.store.failReadsWith = QStringLiteral("disk I/O error");
    const QString child = QStringLiteral("agent:main:subagent:w3");
    rig.send(spawnOf(QStringLiteral("s3"), QStringLiteral("Build the docs"), QStringLiteral("docs"),
                     kOrch, kMain));
    rig.send(accepted(QStringLiteral("s3"), child));
    rig.tick(1000);
    // Nothing is numbered on a guess: no row written, no older row touched.
    QCOMPARE(rig.store.tasks.size(), 2);
    for (const TaskId &id : std::as_const(settled))
        QCOMPARE(rig.taskById(id).state, TaskState::Done);
    QVERIFY(!rig.core->worker(SessionKey(child)));
    QCOMPARE(rig.core->heldEventCount(), 3); // the spawn, its acceptance, the turn
    QVERIFY(!rig.store.audits.isEmpty());
    QVERIFY(rig.store.audits.last().result.contains(QStringLiteral("disk I/O error")));

    rig.store.failReadsWith.clear();
    rig.tick(1000);
    QCOMPARE(rig.core->heldEventCount(), 0);
    const TaskId third = rig.core->worker(SessionKey(child))->taskId;
    QCOMPARE(rig.taskById(third).attempt, 3);
    QCOMPARE(rig.taskById(third).state, TaskState::Running);
    QCOMPARE(rig.store.tasks.size(), 3);
    for (const TaskId &id : std::as_const(settled))
        QCOMPARE(rig.taskById(id).state, TaskState::Done);
}

void TestOrchestratorEdges::failedAttemptReadHoldsTheRetry()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    const QString child = QStringLiteral("agent:main:subagent:w1");
    const TaskId first = startWorker(rig, QStringLiteral("s1"), child);
    rig.send(ended(child, QStringLiteral("error")));
    rig.restart();
    rig.store.failReadsWith = QStringLiteral("database is locked");
    rig.tick(5000);
    // The retry's packet names the attempt it will become; unknown, the retry waits.
    QVERIFY(sendsFor(rig, SendToSession::Purpose::Retry).isEmpty());
    QCOMPARE(rig.core->pendingRetryCount(), 1);
    rig.store.failReadsWith.clear();
    rig.tick(1000);
    const QList<SendToSession> retries = sendsFor(rig, SendToSession::Purpose::Retry);
    QCOMPARE(retries.size(), 1);
    const QString second = makeTaskId(rig.taskById(first).taskKey, 2);
    QVERIFY(retries.first().text.contains(QStringLiteral("\"task_id\": \"%1\"").arg(second)));
}

// The plugin scopes a planner spawn by the caller's run (its requestId): the same planner asked
// for again in the same run is a duplicate, in a later run it is new work.
void TestOrchestratorEdges::plannerRunsAreTheirOwnWork()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    const auto plan = [&rig](const QString &ref, const QString &runId) {
        SpawnRequested spawn =
            spawnOf(ref, QStringLiteral("Plan the release"), QStringLiteral("plan"), kOrch, kMain);
        spawn.callerRunId = runId;
        rig.send(spawn);
        QString child = QStringLiteral("agent:main:subagent:") + ref;
        rig.send(accepted(ref, child));
        return child;
    };
    const QString first = plan(QStringLiteral("p1"), QStringLiteral("run-1"));
    const TaskRecord task = rig.taskById(rig.core->worker(SessionKey(first))->taskId);
    QCOMPARE(task.spec.kind, QStringLiteral("planner"));
    QCOMPARE(task.spec.requestId, QStringLiteral("run-1"));

    plan(QStringLiteral("p2"), QStringLiteral("run-1"));
    QCOMPARE(rig.cancels().size(), 1);
    QCOMPARE(rig.cancels().first().reason, CancelWorker::Reason::DuplicateSuppressed);

    const QString later = plan(QStringLiteral("p3"), QStringLiteral("run-2"));
    QCOMPARE(rig.cancels().size(), 1);
    const TaskRecord laterTask = rig.taskById(rig.core->worker(SessionKey(later))->taskId);
    QVERIFY(laterTask.taskKey != task.taskKey);
    QCOMPARE(laterTask.state, TaskState::Running);
    QCOMPARE(laterTask.attempt, 1);

    // Without a run (a call seen only in a transcript) the plugin's fallback scope stays.
    const QString unscoped = plan(QStringLiteral("p4"), {});
    QCOMPARE(rig.taskById(rig.core->worker(SessionKey(unscoped))->taskId).spec.requestId,
             kOrch + QLatin1Char(':') + shortHash(QStringLiteral("Plan the release")));
}

// A run cut off by a gateway restart (2026.9.7's `interrupted` row) is not relaunched by the
// gateway, and not retried by ClawOps even with retries on for every outcome they allow: the
// task waits in needs_input, and the cause says why.
void TestOrchestratorEdges::interruptedWorkerWaitsForTheOperator()
{
    EngineConfig config = retryingConfig();
    config.retryOutcomes = {QStringLiteral("error"), QStringLiteral("timeout"),
                            QStringLiteral("killed"), QStringLiteral("reset"),
                            QStringLiteral("deleted")};
    CoreRig rig(config);
    rig.send(bound(kMain, kOrch));
    const QString child = QStringLiteral("agent:main:subagent:w1");
    const TaskId taskId = startWorker(rig, QStringLiteral("s1"), child);
    rig.send(ended(child, QStringLiteral("interrupted")));
    rig.tick(600'000);
    const TaskRecord task = rig.taskById(taskId.str());
    QCOMPARE(task.state, TaskState::NeedsInput);
    QCOMPARE(task.lastOutcome, TransitionCause::workerEnded(WorkerOutcome::Interrupted));
    QCOMPARE(task.lastOutcome.toText(), QStringLiteral("worker-ended-interrupted"));
    QCOMPARE(rig.core->pendingRetryCount(), 0);
    QVERIFY(sendsFor(rig, SendToSession::Purpose::Retry).isEmpty());
    QCOMPARE(statusText(*rig.core->worker(SessionKey(child))), QStringLiteral("interrupted"));
    // A later failure signal for the same run changes nothing.
    rig.send(ended(child, QStringLiteral("error")));
    rig.tick(600'000);
    QCOMPARE(rig.taskById(taskId.str()).state, TaskState::NeedsInput);
    QVERIFY(sendsFor(rig, SendToSession::Purpose::Retry).isEmpty());
}

void TestOrchestratorEdges::childrenWithoutSpawnCallAreNotDuplicates_data()
{
    QTest::addColumn<QString>("label");
    QTest::newRow("no label") << QString();
    QTest::newRow("same label") << QStringLiteral("docs");
}

// Issue 12, defect 6: children whose spawn call was never seen are announced from their own
// record, with an empty task. Two of one parent with the same (or no) label are two pieces of
// work, not a duplicate to cancel; the same child announced again is still one task.
void TestOrchestratorEdges::childrenWithoutSpawnCallAreNotDuplicates()
{
    QFETCH(QString, label);
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    const auto announce = [&](const QString &child) {
        SpawnRequested request =
            spawnOf(QStringLiteral("child:") + child, QString(), label, kOrch, kMain);
        request.childWithoutCall = SessionKey(child);
        rig.send(request);
        rig.send(accepted(QStringLiteral("child:") + child, child));
    };
    const QString first = QStringLiteral("agent:main:subagent:w1");
    const QString second = QStringLiteral("agent:main:subagent:w2");
    announce(first);
    announce(second);
    QVERIFY(rig.cancels().isEmpty());
    const std::optional<WorkerRecord> one = rig.core->worker(SessionKey(first));
    const std::optional<WorkerRecord> two = rig.core->worker(SessionKey(second));
    QVERIFY(one && two);
    QVERIFY(one->taskKey != two->taskKey);
    QCOMPARE(rig.taskById(one->taskId.str()).state, TaskState::Running);
    QCOMPARE(rig.taskById(two->taskId.str()).state, TaskState::Running);
    QVERIFY(rig.store.suppressed.isEmpty());
    // Stable: the key does not depend on the order or the moment of the announcement.
    CoreRig again(retryingConfig());
    again.send(bound(kMain, kOrch));
    SpawnRequested request =
        spawnOf(QStringLiteral("child:") + second, QString(), label, kOrch, kMain);
    request.childWithoutCall = SessionKey(second);
    again.send(request);
    again.send(accepted(QStringLiteral("child:") + second, second));
    QCOMPARE(again.core->worker(SessionKey(second))->taskKey, two->taskKey);
}

// Issue 12, defect 7: the backoff the retry queue shows is the one the retry is scheduled with,
// min(retryMaxBackoffMs, retryBaseBackoffMs * 2^(attempt-1)) as the plugin's, not the uncapped
// doubling.
void TestOrchestratorEdges::queuedRetryShowsTheCappedBackoff()
{
    EngineConfig config = retryingConfig();
    config.retryBaseBackoffMs = 40'000;
    config.retryMaxBackoffMs = 50'000;
    config.maxRetriesPerTask = 5;
    CoreRig rig(config);
    rig.send(bound(kMain, kOrch));
    const QString task = QStringLiteral("Build the docs");
    startWorker(rig, QStringLiteral("s1"), QStringLiteral("agent:main:subagent:w1"), task);
    rig.send(ended(QStringLiteral("agent:main:subagent:w1"), QStringLiteral("error")));
    QList<Orchestrator::QueuedRetry> queued = rig.core->queuedRetries();
    QCOMPARE(queued.size(), 1);
    QCOMPARE(queued.first().attempt, 1);
    QCOMPARE(queued.first().backoffMs, qint64(40'000));

    // The retry goes out, the orchestrator respawns, the second attempt fails too.
    rig.tick(60'000);
    const QList<SendToSession> retries = sendsFor(rig, SendToSession::Purpose::Retry);
    QCOMPARE(retries.size(), 1);
    startWorker(rig, QStringLiteral("s2"), QStringLiteral("agent:main:subagent:w2"),
                respawnedText(retries.first()));
    rig.send(ended(QStringLiteral("agent:main:subagent:w2"), QStringLiteral("error")));
    queued = rig.core->queuedRetries();
    QCOMPARE(queued.size(), 1);
    QCOMPARE(queued.first().attempt, 2);
    QCOMPARE(queued.first().backoffMs, qint64(50'000)); // 80 000 uncapped
    QVERIFY(queued.first().runAfterMs - rig.clock.now() <= 50'000);
}

QTEST_GUILESS_MAIN(TestOrchestratorEdges)
#include "tst_orchestrator_edges.moc"
