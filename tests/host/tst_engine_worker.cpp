// The engine worker in the test's own thread, offline: its batches are committed by the store
// writer, and what the console relies on holds however the commits and the commands interleave —
// a delta comes after its rows are in the store, a command's reply after the delta with its
// changes, and shutdown commits everything.

#include "core/OperatorCommand.h"
#include "core/Records.h"
#include "host/AnswerOutlet.h"
#include "host/EngineWorker.h"
#include "store/Store.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace clawops;
using core::TaskState;

namespace {

constexpr int kWaitMs = 30000; // only keeps a broken engine from hanging the suite

core::TaskRecord awaitingVerification(const QString &id)
{
    core::TaskRecord task;
    task.taskId = clawops::core::TaskId(id);
    task.taskKey = clawops::core::TaskKey(QStringLiteral("key-") + id);
    task.requesterSessionKey = clawops::core::SessionKey(QStringLiteral("agent:main:main"));
    task.orchestratorSessionKey = clawops::core::SessionKey(QStringLiteral("agent:main:main"));
    task.label = id;
    task.taskPreview = QStringLiteral("Check ") + id;
    task.spec.task = task.taskPreview;
    task.state = TaskState::NeedsVerification;
    task.lastOutcome = clawops::core::TransitionCause::fromText(QStringLiteral("worker-ended-ok"));
    task.createdAt = 1000;
    task.updatedAt = 1000;
    return task;
}

core::OperatorCommand verify(const QString &taskId)
{
    core::OperatorCommand command;
    command.kind = core::OperatorCommand::Kind::Verify;
    command.taskId = clawops::core::TaskId(taskId);
    return command;
}

// The worker with the answers object it reports to. Both live in the test's thread, so the
// answers arrive directly, in the order the worker sends them.
struct Engine
{
    host::EngineAnswers answers;
    host::EngineWorker worker{std::make_shared<host::AnswerOutlet>(answers)};
};

// What the console saw, in order: "delta <task>:<state>..." and "reply <request> <state read
// from the store when the reply came>".
struct Console
{
    explicit Console(Engine &engine)
    {
        host::EngineAnswers &answers = engine.answers;
        host::EngineWorker &worker = engine.worker;
        QObject::connect(&answers, &host::EngineAnswers::started, &answers,
                         [this](const QString &) { started = true; });
        QObject::connect(&answers, &host::EngineAnswers::delta, &answers,
                         [this](const host::EngineDelta &delta) {
                             for (const core::TaskRecord &task : delta.tasks)
                                 log.append(QStringLiteral("delta %1:%2")
                                                .arg(task.taskId, core::stateName(task.state)));
                         });
        QObject::connect(&answers, &host::EngineAnswers::taskDetailReady, &answers,
                         [this](quint64, const host::TaskDetail &detail) { lastDetail = detail; });
        QObject::connect(
            &answers, &host::EngineAnswers::commandFinished, &answers,
            [this, &worker](quint64 requestId, const core::OperatorCommand &command,
                            const core::CommandResult &result) {
                // The console refreshes the task from the store as soon as the reply arrives.
                worker.fetchTaskDetail(requestId, command.taskId);
                const QString state =
                    lastDetail.found ? core::stateName(lastDetail.task.state) : QStringLiteral("-");
                log.append(QStringLiteral("reply %1 %2 %3 audits:%4")
                               .arg(requestId)
                               .arg(result.ok ? QStringLiteral("ok") : QStringLiteral("refused"))
                               .arg(state)
                               .arg(lastDetail.audits.size()));
                ++replies;
            });
        QObject::connect(&answers, &host::EngineAnswers::failed, &answers,
                         [this](const QString &message) { failures.append(message); });
    }

    QStringList log;
    QStringList failures;
    host::TaskDetail lastDetail;
    int replies = 0;
    bool started = false;
};

} // namespace

class TestEngineWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void repliesFollowTheDeltaOfTheirCommit();
    void shutdownCommitsTheBatchInFlightAndTheRest();

private:
    host::EngineSettings settings() const;
    void seed(const QStringList &taskIds);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestEngineWorker::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QTest::failOnWarning(QRegularExpression(QStringLiteral("still in use")));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("does not belong to the calling")));
}

void TestEngineWorker::cleanup()
{
    QCOMPARE(QSqlDatabase::connectionNames(), QStringList());
    m_dir.reset();
}

host::EngineSettings TestEngineWorker::settings() const
{
    host::EngineSettings settings;
    settings.databasePath = m_dir->filePath(QStringLiteral("engine.db"));
    settings.identityDir = m_dir->filePath(QStringLiteral("identity"));
    settings.operatorName = QStringLiteral("tester");
    settings.connectToGateway = false;
    return settings;
}

void TestEngineWorker::seed(const QStringList &taskIds)
{
    store::Store store;
    QVERIFY(!store.open(m_dir->filePath(QStringLiteral("engine.db"))));
    core::ChangeSet changes;
    for (const QString &id : taskIds)
        changes.taskUpserts.append(awaitingVerification(id));
    QVERIFY(!store.apply(changes));
}

void TestEngineWorker::repliesFollowTheDeltaOfTheirCommit()
{
    seed({QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t3")});
    Engine engine;
    host::EngineWorker &worker = engine.worker;
    Console console(engine);
    worker.start(settings());
    QVERIFY2(console.started, qPrintable(console.failures.join(u'\n')));

    // Back to back, without the event loop in between: the second and third find the first
    // batch still with the writer (or not; either way the order below must hold). The refused
    // one changes no task but is audited.
    worker.executeCommand(1, verify(QStringLiteral("t1")));
    worker.executeCommand(2, verify(QStringLiteral("t2")));
    worker.executeCommand(3, verify(QStringLiteral("t1")));
    worker.executeCommand(4, verify(QStringLiteral("t3")));
    QTRY_COMPARE_WITH_TIMEOUT(console.replies, 4, kWaitMs);
    QVERIFY2(console.failures.isEmpty(), qPrintable(console.failures.join(u'\n')));

    const QStringList &log = console.log;
    for (const QString &id : {QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t3")})
        QCOMPARE(log.count(QStringLiteral("delta %1:done").arg(id)), 1);
    QVERIFY2(log.indexOf(QStringLiteral("delta t1:done")) <
                 log.indexOf(QStringLiteral("reply 1 ok done audits:1")),
             qPrintable(log.join(u'\n')));
    QVERIFY2(log.indexOf(QStringLiteral("delta t2:done")) <
                 log.indexOf(QStringLiteral("reply 2 ok done audits:1")),
             qPrintable(log.join(u'\n')));
    QVERIFY2(log.contains(QStringLiteral("reply 3 refused done audits:2")),
             qPrintable(log.join(u'\n')));
    QVERIFY2(log.indexOf(QStringLiteral("delta t3:done")) <
                 log.indexOf(QStringLiteral("reply 4 ok done audits:1")),
             qPrintable(log.join(u'\n')));
    // Replies keep the order of the commands.
    QStringList replies = log.filter(QRegularExpression(QStringLiteral("^reply")));
    for (int i = 0; i < replies.size(); ++i)
        QVERIFY(replies.at(i).startsWith(QStringLiteral("reply %1 ").arg(i + 1)));

    QVERIFY(worker.shutdown(QDeadlineTimer(kWaitMs)).complete);
}

void TestEngineWorker::shutdownCommitsTheBatchInFlightAndTheRest()
{
    seed({QStringLiteral("t1"), QStringLiteral("t2")});
    {
        Engine engine;
        host::EngineWorker &worker = engine.worker;
        Console console(engine);
        worker.start(settings());
        worker.executeCommand(1, verify(QStringLiteral("t1")));
        worker.executeCommand(2, verify(QStringLiteral("t2")));
        // No event loop turn: the writer's completions are only taken by shutdown itself.
        const host::ShutdownReport report = worker.shutdown(QDeadlineTimer(kWaitMs));
        QVERIFY2(report.complete, qPrintable(report.problem));
        QCOMPARE(report.uncommittedBatches, 0);
        QCOMPARE(console.replies, 2);
        QVERIFY(console.failures.isEmpty());
    }
    store::Store store;
    QVERIFY(!store.open(m_dir->filePath(QStringLiteral("engine.db"))));
    for (const QString &id : {QStringLiteral("t1"), QStringLiteral("t2")}) {
        QCOMPARE(store.findTask(clawops::core::TaskId(id)).value().state, TaskState::Done);
        QCOMPARE(store.auditFor(clawops::core::TaskId(id)).value().size(), 1);
    }
}

QTEST_GUILESS_MAIN(TestEngineWorker)
#include "tst_engine_worker.moc"
