// The orchestration core driven by domain events with an injected clock: every transition rule of
// the plugin, the retry policy, the grace window, duplicates, operator commands and restarts.

#include "CoreHarness.h"
#include "core/Identity.h"
#include "core/Messages.h"

#include <QTest>

using namespace clawops::core;
using namespace clawops::testing;

namespace {

const QString kMain = QStringLiteral("agent:main:main");
const QString kOrch = QStringLiteral("agent:main:subagent:orch-1");

EngineConfig retryingConfig()
{
    EngineConfig config =
        resolveConfig(QJsonObject{{QStringLiteral("autoRetryFailedSubagents"), true}});
    return config;
}

QString fence(const QString &json)
{
    return QStringLiteral("Work done.\n```json\n%1\n```\n").arg(json);
}

// Spawns one worker under kMain and returns its task id.
QString startWorker(CoreRig &rig, const QString &ref, const QString &child,
                    const QString &task = QStringLiteral("Run the checks for T-1."),
                    const QString &label = QStringLiteral("worker-t-1"))
{
    rig.send(spawnOf(ref, task, label));
    rig.send(accepted(ref, child, QStringLiteral("run-") + ref, {}));
    const QString key = stableTaskKey(kMain, [&] {
        SpawnSpec spec;
        spec.task = task;
        spec.label = label;
        spec.kind = inferSpawnKind(task, label);
        return spec;
    }());
    return makeTaskId(key, rig.store.highestAttempt(TaskKey(key)).value());
}

QStringList statesOf(const MemoryStore &store, const QString &taskId)
{
    QStringList out;
    for (const TransitionRecord &t : store.transitions) {
        if (t.taskId == taskId)
            out.append(stateName(t.to));
    }
    return out;
}

} // namespace

class TestOrchestrator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spawnLeasesThenRuns();
    void workerEndingDecidesState_data();
    void workerEndingDecidesState();
    void receiptDecidesState_data();
    void receiptDecidesState();
    void receiptBeforeEndIsNotOverwritten_data();
    void receiptBeforeEndIsNotOverwritten();
    void receiptWithForeignTaskIdIsAttributedToItsChild();
    void repeatedReceiptDoesNotReopenVerifiedTask();
    void failedWorkerIsRetriedWithBackoffUntilDead();
    void backoffStaysWithinBounds_data();
    void backoffStaysWithinBounds();
    void outcomesOutsideRetryListFailWithoutRetry_data();
    void outcomesOutsideRetryListFailWithoutRetry();
    void concurrencySlotsLimitDispatch();
    void verificationGraceExpiry_data();
    void verificationGraceExpiry();
    void duplicateSpawnIsCancelledAndRecorded();
    void duplicateSuppressedBeforeRestartStaysSuppressed();
    void spawnerIsToldWhyItsDuplicateWasCancelled();
    void spawnerIsNotToldWhenTheSettingIsOff();
    void receiptBeforeItsSpawnIsKeptForIt();
    void respawnThatNeverComesNeedsInput();
    void retryGoesUpTheChainWhenOrchestratorIsGone();
    void idleOrchestratorIsRetired();
    void rehydrationContinuesQueuedRetry();
    void workerEndingAfterRestartIsStillRetried();
    void repeatedEndingIsCountedOnce();
    void operatorVerifyAndReject();
    void operatorRejectWithRetryCarriesNote();
    void operatorAnswerGoesToLiveWorker();
    void operatorAnswerGoesToOrchestratorWhenWorkerIsGone();
    void operatorForceRetryIgnoresBudget();
    void operatorKillCancelsWorker();
    void operatorCheckItemIsAuditedAndChangesNothing();
    void operatorCommandsAreRefusedInWrongStates_data();
    void operatorCommandsAreRefusedInWrongStates();
    void pausedRetriesWaitForResume();
    void spawnRejectedFailsTask();
    void statusBlocksWhenEnabled();
    void workerThatSpawnsBecomesOrchestrator();
};

void TestOrchestrator::spawnLeasesThenRuns()
{
    CoreRig rig(EngineConfig{});
    rig.send(spawnOf(QStringLiteral("call-1"), QStringLiteral("Run the checks for T-1."),
                     QStringLiteral("worker-t-1")));
    QCOMPARE(rig.store.tasks.size(), 1);
    const TaskRecord leased = rig.store.tasks.begin().value();
    QCOMPARE(leased.state, TaskState::Leased);
    QCOMPARE(leased.attempt, 1);
    QCOMPARE(leased.maxRetries, 2);
    QVERIFY(leased.taskId.str().endsWith(QStringLiteral("-a1")));
    QCOMPARE(leased.taskId, makeTaskId(leased.taskKey, 1));
    QVERIFY(leased.spec.task.contains(QStringLiteral("[Worker result contract]")));
    QVERIFY(leased.spec.task.contains(QStringLiteral("\"task_id\": \"%1\"").arg(leased.taskId)));
    QCOMPARE(leased.taskPreview, taskPreview(leased.spec.task));
    QCOMPARE(leased.spec.kind, QStringLiteral("worker"));

    rig.send(accepted(QStringLiteral("call-1"), QStringLiteral("agent:main:subagent:c1"),
                      QStringLiteral("run-1"), QStringLiteral("gw-task-1")));
    const TaskRecord running = rig.taskById(leased.taskId);
    QCOMPARE(running.state, TaskState::Running);
    QCOMPARE(running.lastOutcome.toText(), QStringLiteral("worker-started"));
    QCOMPARE(running.workerSessionKey, QStringLiteral("agent:main:subagent:c1"));
    QCOMPARE(running.gatewayTaskId, QStringLiteral("gw-task-1"));
    const WorkerRecord worker =
        rig.store.workers.value(SessionKey(QStringLiteral("agent:main:subagent:c1")));
    QCOMPARE(statusText(worker), QStringLiteral("running"));
    QCOMPARE(worker.taskId, leased.taskId);
    QCOMPARE(worker.orchestratorSessionKey, kMain);
    QCOMPARE(statesOf(rig.store, leased.taskId),
             (QStringList{QStringLiteral("leased"), QStringLiteral("running")}));
    QVERIFY(!rig.store.transitions.first().from.has_value());
}

void TestOrchestrator::workerEndingDecidesState_data()
{
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("lastOutcome");
    QTest::newRow("ok") << "ok"
                        << "needs_verification"
                        << "worker-ended-ok";
    QTest::newRow("success") << "success"
                             << "needs_verification"
                             << "worker-ended-ok";
    QTest::newRow("completed") << "COMPLETED"
                               << "needs_verification"
                               << "worker-ended-ok";
    QTest::newRow("error") << "error"
                           << "failed"
                           << "worker-ended-error";
    QTest::newRow("timeout") << "timeout"
                             << "failed"
                             << "worker-ended-timeout";
    QTest::newRow("killed") << "killed"
                            << "failed"
                            << "worker-ended-killed";
    QTest::newRow("deleted") << "deleted"
                             << "failed"
                             << "worker-ended-deleted";
    QTest::newRow("empty is unknown") << ""
                                      << "failed"
                                      << "worker-ended-unknown";
}

void TestOrchestrator::workerEndingDecidesState()
{
    QFETCH(QString, outcome);
    QFETCH(QString, state);
    QFETCH(QString, lastOutcome);
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(ended(child, outcome, {}));
    QCOMPARE(stateName(rig.taskById(taskId).state), state);
    QCOMPARE(rig.taskById(taskId).lastOutcome.toText(), lastOutcome);
    // The row keeps the ending's canonical text ("success" and "completed" are ok).
    QCOMPARE(statusText(rig.store.workers.value(SessionKey(child))),
             outcomeText(outcomeOf(outcome)));
    QVERIFY(rig.sends().isEmpty()); // retries are off by default, as in the plugin
}

void TestOrchestrator::receiptDecidesState_data()
{
    QTest::addColumn<QString>("receipt");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("lastOutcome");
    QTest::addColumn<int>("items");
    QTest::addColumn<bool>("explicitNone");
    QTest::newRow("completed with verification")
        << R"({"task_id":"%1","status":"completed","verification":[{"kind":"command","value":"make test","expected":"ok"}]})"
        << "needs_verification"
        << "worker-reported-completed-awaiting-verification" << 1 << false;
    QTest::newRow("completed, verification []")
        << R"({"task_id":"%1","status":"completed","verification":[]})"
        << "done"
        << "worker-reported-completed-no-verification" << 0 << true;
    QTest::newRow("completed, verification_required false")
        << R"({"task_id":"%1","status":"completed","verification_required":false})"
        << "done"
        << "worker-reported-completed-no-verification" << 0 << true;
    QTest::newRow("completed, no_verification true")
        << R"({"task_id":"%1","status":"completed","no_verification":true})"
        << "done"
        << "worker-reported-completed-no-verification" << 0 << true;
    QTest::newRow("completed, verification missing")
        << R"({"task_id":"%1","status":"completed"})"
        << "needs_verification"
        << "worker-reported-completed-missing-verification" << 0 << false;
    QTest::newRow("blocked")
        << R"({"task_id":"%1","status":"blocked","blockers":[{"type":"input","message":"which db?","suggested_fix":"name it","required_from_user":true}]})"
        << "needs_input"
        << "worker-reported-blocked" << 0 << false;
    QTest::newRow("failed") << R"({"task_id":"%1","status":"FAILED"})"
                            << "failed"
                            << "worker-reported-failed" << 0 << false;
    QTest::newRow("unknown status is no receipt") << R"({"task_id":"%1","status":"done"})"
                                                  << "running"
                                                  << "worker-started" << 0 << false;
}

void TestOrchestrator::receiptDecidesState()
{
    QFETCH(QString, receipt);
    QFETCH(QString, state);
    QFETCH(QString, lastOutcome);
    QFETCH(int, items);
    QFETCH(bool, explicitNone);
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(sessionText(child, fence(receipt.arg(taskId)), {}));
    const TaskRecord task = rig.taskById(taskId);
    QCOMPARE(stateName(task.state), state);
    QCOMPARE(task.lastOutcome.toText(), lastOutcome);
    QCOMPARE(task.verificationItems, items);
    QCOMPARE(task.explicitNoVerification, explicitNone);
    QCOMPARE(task.receiptSeen, state != QLatin1String("running"));
}

void TestOrchestrator::receiptBeforeEndIsNotOverwritten_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("extra");
    QTest::addColumn<QString>("state");
    QTest::newRow("done stays done") << "completed"
                                     << R"(,"verification":[])"
                                     << "done";
    QTest::newRow("needs_input stays") << "blocked"
                                       << ""
                                       << "needs_input";
    QTest::newRow("failed stays") << "failed"
                                  << ""
                                  << "failed";
    QTest::newRow("awaiting verification stays")
        << "completed"
        << R"(,"verification":[{"kind":"file","value":"a","expected":"b"}])"
        << "needs_verification";
}

void TestOrchestrator::receiptBeforeEndIsNotOverwritten()
{
    QFETCH(QString, status);
    QFETCH(QString, extra);
    QFETCH(QString, state);
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(sessionText(
        child,
        fence(QStringLiteral(R"({"task_id":"%1","status":"%2"%3})").arg(taskId, status, extra)),
        {}));
    rig.send(ended(child, QStringLiteral("ok"), {}));
    QCOMPARE(stateName(rig.taskById(taskId).state), state);
}

void TestOrchestrator::receiptWithForeignTaskIdIsAttributedToItsChild()
{
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    // The announce in the parent names the child; the worker used its own id "T-42".
    rig.send(sessionText(
        kMain,
        fence(QStringLiteral(
            R"({"task_id":"T-42","status":"completed","verification":[{"kind":"url","value":"u","expected":"200"}]})")),
        child));
    const TaskRecord task = rig.taskById(taskId);
    QCOMPARE(task.state, TaskState::NeedsVerification);
    QCOMPARE(task.receiptTaskRef, QStringLiteral("T-42"));
    QCOMPARE(task.receiptStatus, QStringLiteral("completed"));
    QVERIFY(task.receiptJson.contains(QStringLiteral("\"verification\"")));

    // Two receipts for unknown ids in one text cannot be attributed.
    CoreRig other(EngineConfig{});
    const QString otherTask = startWorker(other, QStringLiteral("call-9"), child);
    other.send(sessionText(
        child,
        fence(QStringLiteral(
            R"([{"task_id":"X","status":"failed"},{"task_id":"Y","status":"failed"}])")),
        {}));
    QCOMPARE(other.taskById(otherTask).state, TaskState::Running);
}

void TestOrchestrator::repeatedReceiptDoesNotReopenVerifiedTask()
{
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    const QString text = fence(
        QStringLiteral(
            R"({"task_id":"%1","status":"completed","verification":[{"kind":"command","value":"ls","expected":"x"}]})")
            .arg(taskId));
    rig.send(sessionText(child, text, {}));
    rig.send(ended(child, QStringLiteral("ok"), {}));
    QVERIFY(rig.command(command(OperatorCommand::Kind::Verify, taskId, {}, {}, {}, false)).ok);
    QCOMPARE(rig.taskById(taskId).state, TaskState::Done);
    const int transitions = int(rig.store.transitions.size());
    rig.send(sessionText(kMain, text, child)); // the announce turn repeats it
    QCOMPARE(rig.taskById(taskId).state, TaskState::Done);
    QCOMPARE(int(rig.store.transitions.size()), transitions);
}

void TestOrchestrator::failedWorkerIsRetriedWithBackoffUntilDead()
{
    CoreRig rig(retryingConfig(), {0.0});
    rig.send(bound(kMain, kOrch));
    const QString task = QStringLiteral("Build the docs");
    const QString label = QStringLiteral("docs");
    rig.send(spawnOf(QStringLiteral("s1"), task, label, kOrch, kMain));
    rig.send(accepted(QStringLiteral("s1"), QStringLiteral("agent:main:subagent:w1"), {}, {}));
    const QString key = rig.store.tasks.begin()->taskKey;
    const QString a1 = makeTaskId(key, 1);
    const TimeMs failedAt = rig.clock.now();
    rig.send(ended(QStringLiteral("agent:main:subagent:w1"), QStringLiteral("error"), {}));

    TaskRecord queued = rig.taskById(a1);
    QCOMPARE(queued.state, TaskState::Queued);
    QCOMPARE(queued.lastOutcome.toText(), QStringLiteral("queued-retry-1-error"));
    QVERIFY(queued.nextRunAt.has_value());
    QCOMPARE(*queued.nextRunAt, failedAt + 1500); // base · 2^0 + jitter 0
    QCOMPARE(rig.store.retries.value(TaskKey(key)).retries, 1);
    QCOMPARE(statesOf(rig.store, a1), (QStringList{"leased", "running", "failed", "queued"}));

    rig.tick(1000); // not due yet
    QVERIFY(rig.sends().isEmpty());
    rig.tick(500);
    QCOMPARE(rig.sends().size(), 1);
    const SendToSession retry = rig.sends().first();
    QCOMPARE(retry.purpose, SendToSession::Purpose::Retry);
    QCOMPARE(retry.sessionKey, kOrch);
    QCOMPARE(retry.taskId, a1);
    QVERIFY(retry.text.startsWith(
        QStringLiteral("<orchestrator-retry>\nfailedChildSession: agent:main:subagent:w1\noutcome: "
                       "error\nattempt: 1/2\n")));
    QVERIFY(retry.text.contains(QStringLiteral("\"task_id\": \"%1\"").arg(makeTaskId(key, 2))));
    QVERIFY(!rig.taskById(a1).nextRunAt.has_value());

    // The orchestrator respawns, copying the task text with the contract inside.
    const QString copied =
        retry.text.section(QStringLiteral("task: "), 1).section(QStringLiteral("\nlabel: "), 0, 0);
    rig.send(spawnOf(QStringLiteral("s2"), copied, label, kOrch, kMain));
    const QString a2 = makeTaskId(key, 2);
    QCOMPARE(rig.taskById(a2).state, TaskState::Leased);
    QCOMPARE(rig.taskById(a2).attempt, 2);
    QCOMPARE(rig.taskById(a1).state, TaskState::Failed);
    QCOMPARE(rig.taskById(a1).lastOutcome.toText(), QStringLiteral("respawned-as-next-attempt"));
    rig.send(accepted(QStringLiteral("s2"), QStringLiteral("agent:main:subagent:w2"), {}, {}));
    const TimeMs secondFailure = rig.clock.now();
    rig.send(ended(QStringLiteral("agent:main:subagent:w2"), QStringLiteral("timeout"), {}));
    QCOMPARE(rig.taskById(a2).state, TaskState::Queued);
    QCOMPARE(*rig.taskById(a2).nextRunAt, secondFailure + 3000); // base · 2^1
    rig.tick(3000);
    QCOMPARE(rig.sends().size(), 2);
    QVERIFY(rig.sends().last().text.contains(QStringLiteral("attempt: 2/2")));

    rig.send(spawnOf(QStringLiteral("s3"), task, label, kOrch, kMain));
    rig.send(accepted(QStringLiteral("s3"), QStringLiteral("agent:main:subagent:w3"), {}, {}));
    rig.send(ended(QStringLiteral("agent:main:subagent:w3"), QStringLiteral("error"), {}));
    const QString a3 = makeTaskId(key, 3);
    QCOMPARE(rig.taskById(a3).state, TaskState::Dead);
    QCOMPARE(rig.taskById(a3).lastOutcome.toText(), QStringLiteral("retry-exhausted-error"));
    const SendToSession incident = rig.sends().last();
    QCOMPARE(incident.purpose, SendToSession::Purpose::Incident);
    QCOMPARE(incident.sessionKey, kMain);
    QVERIFY(incident.text.contains(QStringLiteral("reason: retry-budget-exhausted")));
}

void TestOrchestrator::backoffStaysWithinBounds_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("delay");
    // base 1500, max 60000: jitter range max(250, 375) = 375.
    QTest::newRow("1, low") << 1 << 0.0 << qint64(1500);
    QTest::newRow("1, high") << 1 << 0.999999 << qint64(1500 + 374);
    QTest::newRow("2, low") << 2 << 0.0 << qint64(3000);
    QTest::newRow("2, high") << 2 << 0.999999 << qint64(3374);
}

void TestOrchestrator::backoffStaysWithinBounds()
{
    QFETCH(int, attempt);
    QFETCH(double, random);
    QFETCH(qint64, delay);
    EngineConfig config = retryingConfig();
    config.maxRetriesPerTask = 5;
    CoreRig rig(config, {random});
    const QString task = QStringLiteral("Do it");
    for (int n = 1; n <= attempt; ++n) {
        const QString ref = QStringLiteral("s%1").arg(n);
        const QString child = QStringLiteral("agent:main:subagent:w%1").arg(n);
        rig.send(spawnOf(ref, task, QStringLiteral("l")));
        rig.send(accepted(ref, child, {}, {}));
        const TimeMs failedAt = rig.clock.now();
        rig.send(ended(child, QStringLiteral("error"), {}));
        const QString key = rig.store.tasks.begin()->taskKey;
        const TaskRecord queued = rig.taskById(makeTaskId(key, n));
        QCOMPARE(queued.state, TaskState::Queued);
        if (n == attempt) {
            QCOMPARE(*queued.nextRunAt - failedAt, delay);
            return;
        }
        rig.tick(*queued.nextRunAt - failedAt);
    }
}

void TestOrchestrator::outcomesOutsideRetryListFailWithoutRetry_data()
{
    QTest::addColumn<bool>("autoRetry");
    QTest::addColumn<QString>("outcome");
    QTest::newRow("killed is not retried by default") << true << "killed";
    QTest::newRow("deleted is not retried by default") << true << "deleted";
    QTest::newRow("auto retry off") << false << "error";
}

void TestOrchestrator::outcomesOutsideRetryListFailWithoutRetry()
{
    QFETCH(bool, autoRetry);
    QFETCH(QString, outcome);
    EngineConfig config = retryingConfig();
    config.autoRetryFailedSubagents = autoRetry;
    CoreRig rig(config);
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(ended(child, outcome, {}));
    QCOMPARE(rig.taskById(taskId).state, TaskState::Failed);
    rig.tick(120'000);
    QVERIFY(rig.sends().isEmpty());
    QCOMPARE(rig.core->pendingRetryCount(), 0);
}

void TestOrchestrator::concurrencySlotsLimitDispatch()
{
    EngineConfig config = retryingConfig();
    config.schedulerMaxConcurrentWorkers = 2;
    CoreRig rig(config);
    startWorker(rig, QStringLiteral("a"), QStringLiteral("agent:main:subagent:a"),
                QStringLiteral("task a"), QStringLiteral("a"));
    startWorker(rig, QStringLiteral("b"), QStringLiteral("agent:main:subagent:b"),
                QStringLiteral("task b"), QStringLiteral("b"));
    startWorker(rig, QStringLiteral("c"), QStringLiteral("agent:main:subagent:c"),
                QStringLiteral("task c"), QStringLiteral("c"));
    rig.send(ended(QStringLiteral("agent:main:subagent:c"), QStringLiteral("error"), {}));
    rig.tick(10'000);
    QVERIFY2(rig.sends().isEmpty(), "two workers are running and there are two slots");
    rig.send(ended(QStringLiteral("agent:main:subagent:a"), QStringLiteral("ok"), {}));
    rig.tick(0);
    QCOMPARE(rig.sends().size(), 1);
}

void TestOrchestrator::verificationGraceExpiry_data()
{
    QTest::addColumn<QString>("receipt"); // empty: no receipt at all
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("lastOutcome");
    QTest::newRow("verified receipt → done")
        << R"({"task_id":"%1","status":"completed","verification":[{"kind":"file","value":"a","expected":"b"}]})"
        << "done"
        << "auto-verified-after-grace-window";
    QTest::newRow("receipt without verification → needs_input")
        << R"({"task_id":"%1","status":"completed"})"
        << "needs_input"
        << "verification-timeout-unverified";
    QTest::newRow("no receipt → needs_input") << ""
                                              << "needs_input"
                                              << "verification-timeout-missing-receipt";
}

void TestOrchestrator::verificationGraceExpiry()
{
    QFETCH(QString, receipt);
    QFETCH(QString, state);
    QFETCH(QString, lastOutcome);
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    if (!receipt.isEmpty())
        rig.send(sessionText(child, fence(receipt.arg(taskId)), {}));
    rig.send(ended(child, QStringLiteral("ok"), {}));
    QCOMPARE(rig.taskById(taskId).state, TaskState::NeedsVerification);
    rig.tick(119'999);
    QCOMPARE(rig.taskById(taskId).state, TaskState::NeedsVerification);
    rig.tick(1);
    QCOMPARE(stateName(rig.taskById(taskId).state), state);
    QCOMPARE(rig.taskById(taskId).lastOutcome.toText(), lastOutcome);
}

void TestOrchestrator::duplicateSpawnIsCancelledAndRecorded()
{
    CoreRig rig(EngineConfig{});
    const QString taskId =
        startWorker(rig, QStringLiteral("call-1"), QStringLiteral("agent:main:subagent:c1"));
    rig.send(spawnOf(QStringLiteral("call-2"), QStringLiteral("Run the checks for T-1."),
                     QStringLiteral("worker-t-1")));
    QCOMPARE(rig.store.tasks.size(), 1); // no new task for a duplicate
    rig.send(accepted(QStringLiteral("call-2"), QStringLiteral("agent:main:subagent:dup"), {},
                      QStringLiteral("gw-dup")));
    QCOMPARE(rig.cancels().size(), 1);
    const CancelWorker cancel = rig.cancels().first();
    QCOMPARE(cancel.childSessionKey, QStringLiteral("agent:main:subagent:dup"));
    QCOMPARE(cancel.gatewayTaskId, QStringLiteral("gw-dup"));
    QCOMPARE(cancel.reason, CancelWorker::Reason::DuplicateSuppressed);
    QCOMPARE(rig.store.suppressed.size(), 1);
    QCOMPARE(rig.store.suppressed.first().activeTaskId, taskId);
    QCOMPARE(rig.taskById(taskId).state, TaskState::Running);
    QVERIFY(!rig.store.workers.contains(SessionKey(QStringLiteral("agent:main:subagent:dup"))));
    // The duplicate's own ending does not touch the real task.
    rig.send(ended(QStringLiteral("agent:main:subagent:dup"), QStringLiteral("killed"), {}));
    QCOMPARE(rig.taskById(taskId).state, TaskState::Running);
}

// After a restart the adapter may read a suppressed call again from its parent's transcript, by
// then the task it repeated has ended: it must not become a task of its own.
void TestOrchestrator::duplicateSuppressedBeforeRestartStaysSuppressed()
{
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString dup = QStringLiteral("agent:main:subagent:dup");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(spawnOf(QStringLiteral("call-2"), QStringLiteral("Run the checks for T-1."),
                     QStringLiteral("worker-t-1")));
    rig.send(accepted(QStringLiteral("call-2"), dup, {}, QStringLiteral("gw-dup")));
    QCOMPARE(rig.cancels().size(), 1);
    rig.send(sessionText(
        child,
        fence(QStringLiteral(R"({"task_id":"%1","status":"completed","verification":[]})")
                  .arg(taskId)),
        {}));
    rig.send(ended(child, QStringLiteral("ok"), {}));
    QCOMPARE(rig.taskById(taskId).state, TaskState::Done);

    rig.restart();
    rig.send(spawnOf(QStringLiteral("call-2"), QStringLiteral("Run the checks for T-1."),
                     QStringLiteral("worker-t-1")));
    rig.send(accepted(QStringLiteral("call-2"), dup, {}, QStringLiteral("gw-dup")));
    rig.send(ended(dup, QStringLiteral("killed"), {}));
    QCOMPARE(rig.store.tasks.size(), 1);
    QCOMPARE(rig.store.suppressed.size(), 1); // recorded once, when it was first suppressed
    QCOMPARE(rig.cancels().size(), 2);        // the cancel is repeated: it may have been lost
    QCOMPARE(rig.cancels().last().childSessionKey, dup);
    QCOMPARE(rig.taskById(taskId).state, TaskState::Done);
}

namespace {

QList<SendToSession> duplicateNotices(const CoreRig &rig)
{
    QList<SendToSession> notices;
    for (const SendToSession &send : rig.sends()) {
        if (send.purpose == SendToSession::Purpose::DuplicateNotice)
            notices.append(send);
    }
    return notices;
}

} // namespace

// The plugin blocked a duplicate spawn and its caller read the block reason; outside the gateway
// the duplicate is cancelled once accepted, and the caller is sent that reason, once.
void TestOrchestrator::spawnerIsToldWhyItsDuplicateWasCancelled()
{
    CoreRig rig(EngineConfig{});
    const QString dup = QStringLiteral("agent:main:subagent:dup");
    const QString taskId =
        startWorker(rig, QStringLiteral("call-1"), QStringLiteral("agent:main:subagent:c1"));
    rig.send(spawnOf(QStringLiteral("call-2"), QStringLiteral("Run the checks for T-1."),
                     QStringLiteral("worker-t-1")));
    QVERIFY(duplicateNotices(rig).isEmpty()); // not before the duplicate exists
    rig.send(accepted(QStringLiteral("call-2"), dup, {}, QStringLiteral("gw-dup")));

    const QList<SendToSession> notices = duplicateNotices(rig);
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.first().sessionKey, SessionKey(kMain)); // the session that called the spawn
    QCOMPARE(notices.first().taskId, TaskId(taskId));
    QVERIFY(!notices.first().idempotencyKey.isEmpty());
    const QString taskKey = rig.taskById(taskId).taskKey.str();
    QCOMPARE(notices.first().text,
             QStringLiteral("Duplicate worker task suppressed; task %1 is already active. Use "
                            "session_status/sessions_history to poll progress instead of spawning "
                            "again. (taskKey=%2 activeTask=%1 kind=worker requestId=none "
                            "label=worker-t-1)")
                 .arg(taskId, taskKey.left(12)));

    // Read again after a restart, the call is cancelled again but its spawner was told already.
    rig.restart();
    rig.send(spawnOf(QStringLiteral("call-2"), QStringLiteral("Run the checks for T-1."),
                     QStringLiteral("worker-t-1")));
    rig.send(accepted(QStringLiteral("call-2"), dup, {}, QStringLiteral("gw-dup")));
    QCOMPARE(rig.cancels().size(), 2);
    QCOMPARE(duplicateNotices(rig).size(), 1);
}

void TestOrchestrator::spawnerIsNotToldWhenTheSettingIsOff()
{
    EngineConfig config;
    config.tellSpawnerOfDuplicates = false;
    CoreRig rig(config);
    startWorker(rig, QStringLiteral("call-1"), QStringLiteral("agent:main:subagent:c1"));
    rig.send(spawnOf(QStringLiteral("call-2"), QStringLiteral("Run the checks for T-1."),
                     QStringLiteral("worker-t-1")));
    rig.send(accepted(QStringLiteral("call-2"), QStringLiteral("agent:main:subagent:dup"), {},
                      QStringLiteral("gw-dup")));
    QCOMPARE(rig.cancels().size(), 1);
    QVERIFY(duplicateNotices(rig).isEmpty());
}

// After a reconnect the parent's transcript, quoting a worker's reply, can be read before the
// spawn call that started the worker: the receipt waits for its task instead of being lost.
void TestOrchestrator::receiptBeforeItsSpawnIsKeptForIt()
{
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    rig.send(sessionText(
        kMain,
        fence(QStringLiteral(R"({"task_id":"T-44","status":"completed","verification":[]})")),
        child));
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(ended(child, QStringLiteral("ok"), {}));
    const TaskRecord task = rig.taskById(taskId);
    QCOMPARE(task.state, TaskState::Done);
    QCOMPARE(task.lastOutcome.toText(),
             QStringLiteral("worker-reported-completed-no-verification"));
    // A reply about another child stays out of it.
    rig.send(sessionText(kMain, fence(QStringLiteral(R"({"task_id":"T-45","status":"failed"})")),
                         QStringLiteral("agent:main:subagent:c2")));
    const QString other =
        startWorker(rig, QStringLiteral("call-3"), QStringLiteral("agent:main:subagent:c3"),
                    QStringLiteral("Another task."), QStringLiteral("other"));
    QCOMPARE(rig.taskById(other).state, TaskState::Running);
}

void TestOrchestrator::respawnThatNeverComesNeedsInput()
{
    CoreRig rig(retryingConfig());
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(ended(child, QStringLiteral("error"), {}));
    rig.tick(1500);
    QCOMPARE(rig.sends().size(), 1);
    rig.tick(119'999);
    QCOMPARE(rig.taskById(taskId).state, TaskState::Queued);
    rig.tick(1);
    const TaskRecord task = rig.taskById(taskId);
    QCOMPARE(task.state, TaskState::NeedsInput);
    QVERIFY(task.lastOutcome.toText().startsWith(QStringLiteral("respawn-not-seen-within-120s")));
}

void TestOrchestrator::retryGoesUpTheChainWhenOrchestratorIsGone()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    rig.send(spawnOf(QStringLiteral("s1"), QStringLiteral("t"), QStringLiteral("l"), kOrch, kMain));
    rig.send(accepted(QStringLiteral("s1"), QStringLiteral("agent:main:subagent:w1"), {}, {}));
    rig.send(ended(QStringLiteral("agent:main:subagent:w1"), QStringLiteral("error"), {}));
    rig.send(orchestratorEnded(kOrch));
    QVERIFY(rig.store.bindings.isEmpty());
    rig.tick(2000);
    QCOMPARE(rig.sends().size(), 1);
    QCOMPARE(rig.sends().first().sessionKey, kMain);
}

void TestOrchestrator::idleOrchestratorIsRetired()
{
    CoreRig rig(EngineConfig{});
    rig.send(bound(kMain, kOrch));
    QCOMPARE(rig.store.bindings.value(SessionKey(kMain)).orchestratorSessionKey, kOrch);
    rig.tick(179'999);
    QVERIFY(rig.core->isOrchestrator(SessionKey(kOrch)));
    rig.tick(1);
    QVERIFY(!rig.core->isOrchestrator(SessionKey(kOrch)));
    QVERIFY(rig.store.bindings.isEmpty());

    // Idle time counts only while the gateway can be seen: an orchestrator bound just before
    // the link dropped may spawn again meanwhile, and the resync would show it.
    rig.send(bound(kMain, kOrch));
    rig.setLive(false);
    rig.tick(300'000);
    QVERIFY(rig.core->isOrchestrator(SessionKey(kOrch)));
    rig.setLive(true);
    rig.tick(179'999);
    QVERIFY(rig.core->isOrchestrator(SessionKey(kOrch)));
    rig.tick(1);
    QVERIFY(!rig.core->isOrchestrator(SessionKey(kOrch)));
}

void TestOrchestrator::rehydrationContinuesQueuedRetry()
{
    CoreRig rig(retryingConfig());
    rig.send(bound(kMain, kOrch));
    rig.send(spawnOf(QStringLiteral("s1"), QStringLiteral("t"), QStringLiteral("l"), kOrch, kMain));
    rig.send(accepted(QStringLiteral("s1"), QStringLiteral("agent:main:subagent:w1"), {}, {}));
    rig.send(ended(QStringLiteral("agent:main:subagent:w1"), QStringLiteral("error"), {}));
    rig.restart();
    QCOMPARE(rig.core->pendingRetryCount(), 1);
    QVERIFY(rig.core->isOrchestrator(SessionKey(kOrch)));
    QCOMPARE(rig.core->retriesUsed(rig.store.tasks.begin()->taskKey), 1);
    rig.tick(1500);
    QCOMPARE(rig.sends().size(), 1);
    QCOMPARE(rig.sends().first().sessionKey, kOrch);
    QVERIFY(rig.sends().first().text.contains(
        QStringLiteral("failedChildSession: agent:main:subagent:w1")));
}

void TestOrchestrator::workerEndingAfterRestartIsStillRetried()
{
    CoreRig rig(retryingConfig());
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.restart();
    QCOMPARE(statusText(*rig.core->worker(SessionKey(child))), QStringLiteral("running"));
    rig.send(ended(child, QStringLiteral("error"), {}));
    QCOMPARE(rig.taskById(taskId).state, TaskState::Queued);
    rig.tick(1500);
    QCOMPARE(rig.sends().size(), 1);
}

void TestOrchestrator::repeatedEndingIsCountedOnce()
{
    CoreRig rig(retryingConfig());
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(ended(child, QStringLiteral("error"), {}));
    rig.send(ended(child, QStringLiteral("error"), {}));
    QCOMPARE(rig.store.retries.value(TaskKey(rig.taskById(taskId).taskKey)).retries, 1);
    QCOMPARE(rig.core->pendingRetryCount(), 1);
}

void TestOrchestrator::operatorVerifyAndReject()
{
    CoreRig rig(EngineConfig{});
    const QString c1 = QStringLiteral("agent:main:subagent:c1");
    const QString t1 =
        startWorker(rig, QStringLiteral("a"), c1, QStringLiteral("one"), QStringLiteral("one"));
    rig.send(ended(c1, QStringLiteral("ok"), {}));
    const CommandResult verified =
        rig.command(command(OperatorCommand::Kind::Verify, t1, QStringLiteral("ann"),
                            QStringLiteral("looked"), {}, false));
    QVERIFY(verified.ok);
    QCOMPARE(rig.taskById(t1).state, TaskState::Done);
    QCOMPARE(rig.taskById(t1).lastOutcome.toText(), QStringLiteral("operator-verified"));
    QCOMPARE(rig.store.audits.size(), 1);
    const AuditRecord audit = rig.store.audits.first();
    QCOMPARE(audit.operatorName, QStringLiteral("ann"));
    QCOMPARE(audit.action, QStringLiteral("verify"));
    QCOMPARE(audit.taskId, t1);
    QCOMPARE(audit.reason, QStringLiteral("looked"));
    QCOMPARE(audit.result, QStringLiteral("ok"));

    const QString c2 = QStringLiteral("agent:main:subagent:c2");
    const QString t2 =
        startWorker(rig, QStringLiteral("b"), c2, QStringLiteral("two"), QStringLiteral("two"));
    rig.send(ended(c2, QStringLiteral("ok"), {}));
    QVERIFY(rig.command(command(OperatorCommand::Kind::Reject, t2, {}, QStringLiteral("wrong"), {},
                                false))
                .ok);
    QCOMPARE(rig.taskById(t2).state, TaskState::Failed);
    QCOMPARE(rig.taskById(t2).lastOutcome.toText(), QStringLiteral("operator-rejected"));
    QVERIFY(rig.sends().isEmpty());
}

void TestOrchestrator::operatorRejectWithRetryCarriesNote()
{
    CoreRig rig(EngineConfig{}); // automatic retries off: the operator's retry still goes
    const QString c1 = QStringLiteral("agent:main:subagent:c1");
    const QString t1 = startWorker(rig, QStringLiteral("a"), c1);
    rig.send(ended(c1, QStringLiteral("ok"), {}));
    QVERIFY(rig.command(command(OperatorCommand::Kind::Reject, t1, {}, {},
                                QStringLiteral("use the staging db"), true))
                .ok);
    QCOMPARE(rig.taskById(t1).state, TaskState::Queued);
    rig.tick(0);
    QCOMPARE(rig.sends().size(), 1);
    QVERIFY(rig.sends().first().text.contains(QStringLiteral("\nnote: use the staging db\n")));
    QCOMPARE(rig.sends().first().sessionKey, kMain);
}

void TestOrchestrator::operatorAnswerGoesToLiveWorker()
{
    CoreRig rig(EngineConfig{});
    const QString c1 = QStringLiteral("agent:main:subagent:c1");
    const QString t1 = startWorker(rig, QStringLiteral("a"), c1);
    rig.send(sessionText(
        c1, fence(QStringLiteral(R"({"task_id":"%1","status":"blocked"})").arg(t1)), {}));
    rig.send(ended(c1, QStringLiteral("ok"), {}));
    QCOMPARE(rig.taskById(t1).state, TaskState::NeedsInput);
    QVERIFY(rig.command(command(OperatorCommand::Kind::Answer, t1, {}, {},
                                QStringLiteral("Use option B.")))
                .ok);
    QCOMPARE(rig.sends().size(), 1);
    QCOMPARE(rig.sends().first().purpose, SendToSession::Purpose::Answer);
    QCOMPARE(rig.sends().first().sessionKey, c1);
    QCOMPARE(rig.sends().first().text, QStringLiteral("Use option B."));
    QCOMPARE(rig.taskById(t1).state, TaskState::Running);
    QCOMPARE(statusText(rig.store.workers.value(SessionKey(c1))), QStringLiteral("running"));
    // The resumed run reports again, this time done; then it ends.
    rig.send(sessionText(
        c1,
        fence(QStringLiteral(R"({"task_id":"%1","status":"completed","verification":[]})").arg(t1)),
        {}));
    rig.send(ended(c1, QStringLiteral("ok"), {}));
    QCOMPARE(rig.taskById(t1).state, TaskState::Done);
    // A second block with the same text after another answer is a new question, not a repeat.
    const QString c2 = QStringLiteral("agent:main:subagent:c2");
    const QString t2 =
        startWorker(rig, QStringLiteral("b"), c2, QStringLiteral("other"), QStringLiteral("other"));
    const QString blocked = fence(QStringLiteral(R"({"task_id":"%1","status":"blocked"})").arg(t2));
    rig.send(sessionText(c2, blocked, {}));
    QVERIFY(
        rig.command(command(OperatorCommand::Kind::Answer, t2, {}, {}, QStringLiteral("a"), false))
            .ok);
    rig.send(sessionText(c2, blocked, {}));
    QCOMPARE(rig.taskById(t2).state, TaskState::NeedsInput);
}

void TestOrchestrator::operatorAnswerGoesToOrchestratorWhenWorkerIsGone()
{
    CoreRig rig(EngineConfig{});
    const QString c1 = QStringLiteral("agent:main:subagent:c1");
    const QString t1 = startWorker(rig, QStringLiteral("a"), c1);
    rig.send(sessionText(
        c1, fence(QStringLiteral(R"({"task_id":"%1","status":"blocked"})").arg(t1)), {}));
    rig.send(ended(c1, QStringLiteral("ok"), {}));
    rig.send(sessionEnded(c1, QStringLiteral("deleted")));
    QVERIFY(rig.command(command(OperatorCommand::Kind::Answer, t1, {}, {},
                                QStringLiteral("Use option B.")))
                .ok);
    QCOMPARE(rig.taskById(t1).state, TaskState::Queued);
    rig.tick(0);
    QCOMPARE(rig.sends().size(), 1);
    const SendToSession send = rig.sends().first();
    QCOMPARE(send.sessionKey, kMain);
    QCOMPARE(send.purpose, SendToSession::Purpose::Retry);
    QVERIFY(send.text.contains(QStringLiteral("note: Use option B.")));
    QVERIFY(send.text.contains(QStringLiteral("task: Run the checks for T-1.")));
}

void TestOrchestrator::operatorForceRetryIgnoresBudget()
{
    EngineConfig config = retryingConfig();
    config.maxRetriesPerTask = 1;
    CoreRig rig(config);
    const QString c1 = QStringLiteral("agent:main:subagent:c1");
    const QString t1 = startWorker(rig, QStringLiteral("a"), c1);
    rig.send(ended(c1, QStringLiteral("error"), {}));
    rig.tick(1500);
    rig.send(spawnOf(QStringLiteral("b"), QStringLiteral("Run the checks for T-1."),
                     QStringLiteral("worker-t-1")));
    rig.send(accepted(QStringLiteral("b"), QStringLiteral("agent:main:subagent:c2"), {}, {}));
    rig.send(ended(QStringLiteral("agent:main:subagent:c2"), QStringLiteral("error"), {}));
    const QString t2 = makeTaskId(rig.taskById(t1).taskKey, 2);
    QCOMPARE(rig.taskById(t2).state, TaskState::Dead);
    const int sendsBefore = int(rig.sends().size());
    QVERIFY(rig.command(command(OperatorCommand::Kind::ForceRetry, t2, {}, QStringLiteral("flaky"),
                                {}, false))
                .ok);
    QCOMPARE(int(rig.sends().size()), sendsBefore + 1); // dispatched at once, not at the next tick
    QCOMPARE(rig.taskById(t2).state, TaskState::Queued);
    QVERIFY(rig.sends().last().text.contains(QStringLiteral("attempt: 2/1")));
}

void TestOrchestrator::operatorKillCancelsWorker()
{
    EngineConfig config = retryingConfig();
    config.retryOutcomes.append(QStringLiteral("killed")); // even then a kill is final
    CoreRig rig(config);
    const QString c1 = QStringLiteral("agent:main:subagent:c1");
    rig.send(spawnOf(QStringLiteral("a"), QStringLiteral("slow"), QStringLiteral("slow")));
    rig.send(taskSeen(c1, QStringLiteral("gw-77"))); // the ledger is often first
    rig.send(accepted(QStringLiteral("a"), c1, {}, {}));
    const QString t1 = rig.store.tasks.begin()->taskId;
    QCOMPARE(rig.taskById(t1).gatewayTaskId, QStringLiteral("gw-77"));
    QVERIFY(rig.command(command(OperatorCommand::Kind::Kill, t1, {}, QStringLiteral("runaway"), {},
                                false))
                .ok);
    QCOMPARE(rig.cancels().size(), 1);
    QCOMPARE(rig.cancels().first().gatewayTaskId, QStringLiteral("gw-77"));
    QCOMPARE(rig.cancels().first().reason, CancelWorker::Reason::OperatorKill);
    QCOMPARE(rig.taskById(t1).state, TaskState::Dead);
    // The cancellation comes back as a killed ending.
    rig.send(ended(c1, QStringLiteral("killed"), {}));
    QCOMPARE(rig.taskById(t1).state, TaskState::Dead);
    rig.tick(60'000);
    QVERIFY(rig.sends().isEmpty());
}

// A tick is an audit row with a typed mark and nothing else: no transition, no action, no state.
void TestOrchestrator::operatorCheckItemIsAuditedAndChangesNothing()
{
    CoreRig rig(EngineConfig{});
    const QString child = QStringLiteral("agent:main:subagent:c1");
    const QString taskId = startWorker(rig, QStringLiteral("call-1"), child);
    rig.send(sessionText(
        child,
        fence(QStringLiteral(R"({"task_id":"%1","status":"completed","verification":[)"
                             R"({"kind":"command","value":"ls","expected":"x"},)"
                             R"({"kind":"file","value":"out.txt","expected":"exists"}]})")
                  .arg(taskId)),
        {}));
    rig.send(ended(child, QStringLiteral("ok"), {}));
    QCOMPARE(rig.taskById(taskId).state, TaskState::NeedsVerification);
    const TaskRecord before = rig.taskById(taskId);
    const int transitions = int(rig.store.transitions.size());
    const int audits = int(rig.store.audits.size());
    rig.actions.clear();

    auto check = [&](int index, const QString &text, bool ticked) {
        OperatorCommand c =
            command(OperatorCommand::Kind::CheckItem, taskId, QStringLiteral("ann"), {}, text);
        c.itemIndex = index;
        c.ticked = ticked;
        return rig.command(c);
    };
    const CommandResult ticked = check(1, QStringLiteral("out.txt"), true);
    QVERIFY(ticked.ok);
    QCOMPARE(ticked.kind, CommandResult::Kind::ItemChecked);
    QCOMPARE(ticked.subject, QStringLiteral("out.txt"));
    const CommandResult unticked = check(1, QStringLiteral("out.txt"), false);
    QCOMPARE(unticked.kind, CommandResult::Kind::ItemUnchecked);
    QCOMPARE(rig.taskById(taskId), before);
    QCOMPARE(int(rig.store.transitions.size()), transitions);
    QVERIFY(rig.actions.isEmpty());

    QCOMPARE(int(rig.store.audits.size()), audits + 2);
    const AuditRecord tick = rig.store.audits.at(audits);
    QCOMPARE(tick.action, QStringLiteral("check_item"));
    QCOMPARE(tick.action, commandName(OperatorCommand::Kind::CheckItem));
    QCOMPARE(tick.operatorName, QStringLiteral("ann"));
    QCOMPARE(tick.taskId, TaskId(taskId));
    QCOMPARE(tick.result, QStringLiteral("ok"));
    QCOMPARE(tick.detail, QStringLiteral("out.txt"));
    QCOMPARE(tick.check, std::optional<CheckMark>(CheckMark{1, true}));
    QCOMPARE(rig.store.audits.at(audits + 1).check, std::optional<CheckMark>(CheckMark{1, false}));

    // A tick that names no item is refused, and its row carries no mark to read back.
    const CommandResult noItem = check(-1, QStringLiteral("?"), true);
    QVERIFY(!noItem.ok);
    QCOMPARE(noItem.kind, CommandResult::Kind::NoSuchItem);
    QCOMPARE(rig.store.audits.last().result, noItem.auditText());
    QVERIFY(!rig.store.audits.last().check);

    // Once verified, the checklist is closed: refused as the wrong state, and still audited.
    QVERIFY(rig.command(command(OperatorCommand::Kind::Verify, taskId)).ok);
    const int afterVerify = int(rig.store.audits.size());
    const CommandResult late = check(0, QStringLiteral("ls"), true);
    QVERIFY(!late.ok);
    QCOMPARE(late.kind, CommandResult::Kind::WrongState);
    QCOMPARE(late.state, TaskState::Done);
    QCOMPARE(late.wanted, QList<TaskState>{TaskState::NeedsVerification});
    QCOMPARE(int(rig.store.audits.size()), afterVerify + 1);
    QCOMPARE(rig.store.audits.last().action, QStringLiteral("check_item"));
    QCOMPARE(rig.store.audits.last().result, late.auditText());
    QVERIFY(!rig.store.audits.last().check);
    QCOMPARE(rig.taskById(taskId).state, TaskState::Done);
}

void TestOrchestrator::operatorCommandsAreRefusedInWrongStates_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("verify running") << int(OperatorCommand::Kind::Verify);
    QTest::newRow("reject running") << int(OperatorCommand::Kind::Reject);
    QTest::newRow("answer running") << int(OperatorCommand::Kind::Answer);
    QTest::newRow("force retry running") << int(OperatorCommand::Kind::ForceRetry);
    QTest::newRow("cancel retry running") << int(OperatorCommand::Kind::CancelRetry);
    QTest::newRow("check item running") << int(OperatorCommand::Kind::CheckItem);
}

void TestOrchestrator::operatorCommandsAreRefusedInWrongStates()
{
    QFETCH(int, kind);
    CoreRig rig(EngineConfig{});
    const QString t1 =
        startWorker(rig, QStringLiteral("a"), QStringLiteral("agent:main:subagent:c1"));
    const CommandResult result =
        rig.command(command(OperatorCommand::Kind(kind), t1, {}, {}, QStringLiteral("x")));
    QVERIFY(!result.ok);
    QVERIFY(result.auditText().contains(t1));
    QCOMPARE(rig.taskById(t1).state, TaskState::Running);
    QCOMPARE(rig.store.audits.size(), 1);
    QCOMPARE(rig.store.audits.first().result, result.auditText());
    QVERIFY(rig.actions.isEmpty());

    const CommandResult unknown =
        rig.command(command(OperatorCommand::Kind(kind), QStringLiteral("nope-a1")));
    QVERIFY(!unknown.ok);
}

void TestOrchestrator::pausedRetriesWaitForResume()
{
    CoreRig rig(retryingConfig());
    QVERIFY(rig.command(command(OperatorCommand::Kind::PauseRetries, {}, {}, {}, {}, false)).ok);
    const QString c1 = QStringLiteral("agent:main:subagent:c1");
    startWorker(rig, QStringLiteral("a"), c1);
    rig.send(ended(c1, QStringLiteral("error"), {}));
    rig.tick(60'000);
    QVERIFY(rig.sends().isEmpty());
    QVERIFY(rig.command(command(OperatorCommand::Kind::ResumeRetries, {}, {}, {}, {}, false)).ok);
    rig.tick(0);
    QCOMPARE(rig.sends().size(), 1);
    QCOMPARE(rig.store.audits.size(), 2);
}

void TestOrchestrator::spawnRejectedFailsTask()
{
    CoreRig rig(EngineConfig{});
    rig.send(spawnOf(QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("x")));
    rig.send(rejected(QStringLiteral("a"), QStringLiteral("spawn-not-accepted")));
    const TaskRecord task = rig.store.tasks.begin().value();
    QCOMPARE(task.state, TaskState::Failed);
    QCOMPARE(task.lastOutcome.toText(), QStringLiteral("spawn-not-accepted"));

    rig.send(spawnOf(QStringLiteral("b"), QStringLiteral("y"), QStringLiteral("y")));
    rig.send(accepted(QStringLiteral("b"), {}, {}, {}));
    bool found = false;
    for (const TaskRecord &t : std::as_const(rig.store.tasks)) {
        if (t.label == QLatin1String("y")) {
            QCOMPARE(t.lastOutcome.toText(), QStringLiteral("missing-child-session-key"));
            found = true;
        }
    }
    QVERIFY(found);
}

void TestOrchestrator::statusBlocksWhenEnabled()
{
    EngineConfig config;
    config.statusEnabled = true;
    config.statusChannel = QStringLiteral("#friday-status");
    CoreRig rig(config);
    rig.send(bound(kMain, kOrch));
    QCOMPARE(rig.sends().size(), 1);
    QVERIFY(rig.sends().first().text.startsWith(
        QStringLiteral("<orchestrator-status>\nrequesterSessionKey: agent:main:main\n")));
    rig.send(spawnOf(QStringLiteral("s"), QStringLiteral("t"), QStringLiteral("l"), kOrch, kMain));
    rig.send(accepted(QStringLiteral("s"), QStringLiteral("agent:main:subagent:w"), {}, {}));
    QCOMPARE(rig.sends().size(), 1); // throttled: less than 700 ms since the last one
    rig.clock.advance(700);
    rig.send(ended(QStringLiteral("agent:main:subagent:w"), QStringLiteral("error"), {}));
    QVERIFY(rig.sends().size() >= 2);
    QVERIFY(rig.sends().at(1).text.contains(QStringLiteral("tasksFailed: 1")));
    QCOMPARE(rig.sends().last().purpose, SendToSession::Purpose::Incident);
}

void TestOrchestrator::workerThatSpawnsBecomesOrchestrator()
{
    CoreRig rig(retryingConfig());
    const QString hidden = QStringLiteral("agent:main:subagent:hidden");
    const QString first =
        startWorker(rig, QStringLiteral("a"), hidden, QStringLiteral("Coordinate T-9"),
                    QStringLiteral("coordinate"));
    rig.send(bound(kMain, hidden));
    QCOMPARE(rig.taskById(first).state, TaskState::Done);
    QCOMPARE(rig.taskById(first).lastOutcome.toText(),
             QStringLiteral("worker-became-orchestrator"));
    QVERIFY(!rig.store.workers.contains(SessionKey(hidden)));
    QCOMPARE(rig.store.bindings.value(SessionKey(kMain)).orchestratorSessionKey, hidden);

    rig.send(spawnOf(QStringLiteral("b"), QStringLiteral("Do T-9"), QStringLiteral("do"), hidden,
                     kMain));
    rig.send(accepted(QStringLiteral("b"), QStringLiteral("agent:main:subagent:hidden:subagent:w"),
                      {}, {}));
    const TaskRecord worker = rig.core->activeTasks().first();
    QCOMPARE(worker.orchestratorSessionKey, hidden);
    QCOMPARE(worker.requesterSessionKey, kMain);
    // Its own ending is the orchestrator's, not a worker failure to retry.
    rig.send(orchestratorEnded(hidden));
    QVERIFY(!rig.core->isOrchestrator(SessionKey(hidden)));
    QCOMPARE(rig.taskById(first).state, TaskState::Done);
    QVERIFY(rig.sends().isEmpty());
}

QTEST_GUILESS_MAIN(TestOrchestrator)
#include "tst_orchestrator.moc"
