// A store file as found on disk, mutated → store::Store::open, then every read the engine and
// the console make, and one write.
//
// The fuzz input is the whole file, written to a temporary folder (alone: no -wal or -shm beside
// it). Beyond "no crash, no leak, no undefined behaviour": a refusal is a message naming the
// file, and a file refused as not a database, foreign, too new or damaged is left byte for byte
// as it was (Store::open's promise: decided before the first write).
#include "FuzzSupport.h"
#include "StoreTestUtil.h"
#include "store/Store.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace clawops;
using clawops::fuzz::fail;
using store::StoreError;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool refusedBeforeWriting(StoreError::Kind kind)
{
    return kind == StoreError::Kind::NotADatabase || kind == StoreError::Kind::ForeignDatabase ||
           kind == StoreError::Kind::TooNew || kind == StoreError::Kind::Corrupt;
}

// What the engine reads at start-up and the console's views read, over whatever the file holds.
void readEverything(store::Store &store)
{
    const core::Snapshot snapshot = store.loadSnapshot(core::TimeMs(1'800'000'000'000)).value();
    store.countByState();
    store.countTasks(core::TaskQuery{});
    core::TaskQuery byOutcome;
    byOutcome.search = QStringLiteral("a");
    byOutcome.sortKey = core::TaskSortKey::LastOutcome;
    byOutcome.descending = false;
    const QList<core::TaskRecord> tasks = store.queryTasks(byOutcome).value();
    store.transitionsSince(0, 50);
    store.tasksUpdatedSince(0, 50);
    QList<core::TaskRecord> some = snapshot.activeTasks.mid(0, 4);
    some.append(tasks.mid(0, 4));
    for (const core::TaskRecord &task : some) {
        store.findTask(task.taskId);
        store.highestAttempt(task.taskKey);
        store.transitionsFor(task.taskId);
        store.auditFor(task.taskId);
        store.attemptsFor(task.taskKey);
        store.suppressedFor(task.taskKey);
    }
}

void writeOnce(store::Store &store)
{
    core::ChangeSet changes;
    changes.taskUpserts.append(store::testing::makeTask(QStringLiteral("fuzz-task"), 1000));
    changes.retryCounts.append({core::TaskKey(QStringLiteral("key-fuzz-task")), 1, 1000});
    changes.transitions.append(
        {core::TaskId(QStringLiteral("fuzz-task")), 1000, std::nullopt, core::TaskState::Leased,
         core::TransitionCause::of(core::TransitionCause::Kind::SpawnRequested)});
    store.apply(changes);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    clawops::fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("store.db"));
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
    const QByteArray input = clawops::fuzz::toBytes(data, size);
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(input) != input.size())
            fail("cannot write the store file", path.toUtf8());
    }

    store::Store store;
    const StoreError error = store.open(path);
    if (error) {
        if (!error.message.contains(QDir::toNativeSeparators(path)))
            fail("a refusal that does not name the file", error.message.toUtf8());
        if (store.isOpen())
            fail("a refused store is open", error.message.toUtf8());
        if (refusedBeforeWriting(error.kind) && readAll(path) != input)
            fail("a refused store file was changed", error.message.toUtf8());
        return 0;
    }
    readEverything(store);
    store.checkIntegrity();
    writeOnce(store);
    readEverything(store);
    store.close();
    return 0;
}
