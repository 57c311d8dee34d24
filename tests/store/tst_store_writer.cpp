// The store writer: transactions committed on a thread of their own, reported back in order as
// values, readable through a second connection as soon as they are reported.

#include "StoreTestUtil.h"
#include "core/Records.h"
#include "store/Store.h"
#include "store/StoreWriter.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace clawops;
using namespace clawops::store;
using namespace clawops::store::testing;
using namespace Qt::Literals::StringLiterals;
using core::TaskState;

namespace {

// Generous: a deadline only keeps a broken writer from hanging the suite.
constexpr int kWaitMs = 30000;

// One new task and its creation transition, tagged so a trigger can pick it out.
core::ChangeSet createTask(const QString &id, core::TimeMs at, const QString &reason = u"spawned"_s)
{
    core::ChangeSet changes;
    changes.taskUpserts = {makeTask(id, at)};
    changes.transitions = {transition(id, at, std::nullopt, TaskState::Leased, reason)};
    return changes;
}

QList<StoreWriter::Result> takeAll(StoreWriter &writer)
{
    QList<StoreWriter::Result> results;
    StoreWriter::Result result;
    while (writer.tryTakeResult(result))
        results.append(std::move(result));
    return results;
}

} // namespace

class TestStoreWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void commitsInOrderAndHandsChangesBack();
    void failureIsAResultAndTheNextBatchCommits();
    void resultReadyArrivesInTheOwnersThread();
    void openErrorsAreReturned();
    void stopCommitsWhatIsQueued();
    void idleWithoutWork();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStoreWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QTest::failOnWarning(QRegularExpression(u"still in use"_s));
    QTest::failOnWarning(QRegularExpression(u"does not belong to the calling thread"_s));
}

void TestStoreWriter::cleanup()
{
    // The writer's connection was removed in its own thread before it stopped.
    QCOMPARE(QSqlDatabase::connectionNames(), QStringList());
    m_dir.reset();
}

void TestStoreWriter::commitsInOrderAndHandsChangesBack()
{
    const QString file = path(u"writer.db"_s);
    Store reader;
    QVERIFY(!reader.open(file));
    StoreWriter writer;
    const StoreError started = writer.start(file);
    QVERIFY2(!started, qPrintable(started.message));
    QVERIFY(writer.isRunning());

    QList<core::ChangeSet> submitted;
    QList<quint64> batches;
    for (int i = 1; i <= 3; ++i) {
        core::ChangeSet changes = createTask(u"t%1"_s.arg(i), 100 * i);
        submitted.append(changes);
        batches.append(writer.submit(std::move(changes)));
    }
    QCOMPARE(batches, (QList<quint64>{1, 2, 3}));
    // The same task changed again in a later batch: order decides what the row holds.
    core::TaskRecord running = makeTask(u"t1"_s, 100);
    running.state = TaskState::Running;
    running.updatedAt = 400;
    core::ChangeSet update;
    update.taskUpserts = {running};
    update.transitions = {
        transition(u"t1"_s, 400, TaskState::Leased, TaskState::Running, u"started"_s)};
    submitted.append(update);
    QCOMPARE(writer.submit(std::move(update)), quint64(4));

    QVERIFY(writer.waitIdle(QDeadlineTimer(kWaitMs)));
    QVERIFY(writer.idle());
    const QList<StoreWriter::Result> results = takeAll(writer);
    QCOMPARE(results.size(), 4);
    for (int i = 0; i < results.size(); ++i) {
        const StoreWriter::Result &result = results.at(i);
        QCOMPARE(result.batch, quint64(i + 1));
        QVERIFY2(!result.error, qPrintable(result.error.message));
        QCOMPARE(result.changes.taskUpserts, submitted.at(i).taskUpserts);
        QCOMPARE(result.changes.transitions, submitted.at(i).transitions);
        QVERIFY(result.finishedAt >= result.startedAt);
        if (i > 0)
            QVERIFY(result.startedAt >= results.at(i - 1).finishedAt);
    }

    // Visible to the engine's own connection and to any other reader of the file.
    QCOMPARE(reader.findTask(clawops::core::TaskId(u"t1"_s)).value().state, TaskState::Running);
    QCOMPARE(reader.findTask(clawops::core::TaskId(u"t3"_s)).value().state, TaskState::Leased);
    QCOMPARE(reader.transitionsFor(clawops::core::TaskId(u"t1"_s)).value().size(), 2);
    SideConnection side(file);
    QVERIFY(side.ok());
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM orchestrator_tasks"_s).toInt(), 3);
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM task_transitions"_s).toInt(), 4);
}

void TestStoreWriter::failureIsAResultAndTheNextBatchCommits()
{
    const QString file = path(u"failure.db"_s);
    Store reader;
    QVERIFY(!reader.open(file));
    {
        SideConnection side(file);
        QCOMPARE(side.exec(u"CREATE TRIGGER fail_boom BEFORE INSERT ON task_transitions "
                           "WHEN NEW.reason = 'boom' BEGIN SELECT RAISE(ABORT, 'forced failure'); "
                           "END"_s),
                 QString());
    }
    StoreWriter writer;
    QVERIFY(!writer.start(file));
    writer.submit(createTask(u"before"_s, 100));
    writer.submit(createTask(u"bad"_s, 200, u"boom"_s));
    writer.submit(createTask(u"after"_s, 300));
    QVERIFY(writer.waitIdle(QDeadlineTimer(kWaitMs)));

    const QList<StoreWriter::Result> results = takeAll(writer);
    QCOMPARE(results.size(), 3);
    QVERIFY(!results.at(0).error);
    QCOMPARE(results.at(1).error.kind, StoreError::Kind::Query);
    QVERIFY2(results.at(1).error.message.contains(u"forced failure"_s),
             qPrintable(results.at(1).error.message));
    // The failed batch comes back whole, so the submitter can say what was lost.
    QCOMPARE(results.at(1).changes.taskUpserts.size(), 1);
    QVERIFY(!results.at(2).error);

    QVERIFY(reader.findTask(clawops::core::TaskId(u"before"_s)).isFound());
    QVERIFY(!reader.findTask(clawops::core::TaskId(u"bad"_s)).isFound());
    QVERIFY(reader.findTask(clawops::core::TaskId(u"after"_s)).isFound());
}

void TestStoreWriter::resultReadyArrivesInTheOwnersThread()
{
    const QString file = path(u"signal.db"_s);
    Store reader;
    QVERIFY(!reader.open(file));
    StoreWriter writer;
    QList<quint64> taken;
    bool otherThread = false;
    connect(&writer, &StoreWriter::resultReady, this, [&] {
        otherThread = otherThread || QThread::currentThread() != thread();
        StoreWriter::Result result;
        while (writer.tryTakeResult(result))
            taken.append(result.batch);
    });
    QVERIFY(!writer.start(file));
    writer.submit(createTask(u"a"_s, 1));
    writer.submit(createTask(u"b"_s, 2));
    QTRY_COMPARE_WITH_TIMEOUT(taken, (QList<quint64>{1, 2}), kWaitMs);
    QVERIFY(!otherThread);
    // A notification whose result was already taken finds nothing.
    StoreWriter::Result none;
    QVERIFY(!writer.tryTakeResult(none));
}

void TestStoreWriter::openErrorsAreReturned()
{
    {
        StoreWriter writer;
        const StoreError error = writer.start(path(u"missing/folder/x.db"_s));
        QCOMPARE(error.kind, StoreError::Kind::CannotOpen);
        QVERIFY2(error.message.contains(u"folder"_s), qPrintable(error.message));
        QVERIFY(!writer.isRunning());
        QCOMPARE(writer.submit(createTask(u"t"_s, 1)), quint64(0));
        QVERIFY(writer.idle());
    }
    {
        const QString file = path(u"text.db"_s);
        QFile text(file);
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write(QByteArray("not a database, just some words that fill a header\n").repeated(4));
        text.close();
        StoreWriter writer;
        QCOMPARE(writer.start(file).kind, StoreError::Kind::NotADatabase);
        QVERIFY(!writer.isRunning());
        // A failed start can be followed by a good one.
        QVERIFY(QFile::remove(file));
        QVERIFY(!writer.start(file));
        QVERIFY(writer.isRunning());
    }
}

void TestStoreWriter::stopCommitsWhatIsQueued()
{
    const QString file = path(u"stop.db"_s);
    Store reader;
    QVERIFY(!reader.open(file));
    StoreWriter writer;
    QVERIFY(!writer.start(file));
    for (int i = 0; i < 20; ++i)
        writer.submit(createTask(u"t%1"_s.arg(i), i + 1));
    writer.stop();
    QVERIFY(!writer.isRunning());
    QVERIFY(writer.idle());
    QCOMPARE(writer.submit(createTask(u"late"_s, 99)), quint64(0));
    QCOMPARE(takeAll(writer).size(), 20);
    for (int i = 0; i < 20; ++i)
        QVERIFY(reader.findTask(clawops::core::TaskId(u"t%1"_s.arg(i))).isFound());
    QVERIFY(!reader.findTask(clawops::core::TaskId(u"late"_s)).isFound());
}

void TestStoreWriter::idleWithoutWork()
{
    StoreWriter writer;
    QVERIFY(writer.idle());
    QVERIFY(writer.waitIdle(QDeadlineTimer(0)));
    StoreWriter::Result result;
    QVERIFY(!writer.tryTakeResult(result));
    writer.stop();
}

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_store_writer.moc"
