// RetryQueueModel and OrchestratorListModel under QAbstractItemModelTester: whole-queue
// updates become exact inserts, moves, removals and dataChanged; the orchestrator list only
// grows in sorted order and stays bounded.
#include "models/ModelRoles.h"
#include "models/OrchestratorListModel.h"
#include "models/RetryQueueModel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace clawops;
using namespace clawops::ui;

namespace {

host::RetryEntry entry(const QString &id, qint64 runAfter, int attempt = 1)
{
    host::RetryEntry e;
    e.taskId = clawops::core::TaskId(id);
    e.label = QStringLiteral("label-") + id;
    e.orchestratorSessionKey = clawops::core::SessionKey(QStringLiteral("agent:main:subagent:o"));
    e.attempt = attempt;
    e.maxRetries = 2;
    e.reason = core::RetryReason::workerEnded(core::WorkerOutcome::Error);
    e.runAfterMs = runAfter;
    e.backoffMs = 1500;
    return e;
}

QStringList order(const RetryQueueModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.entryAt(row)->taskId);
    return ids;
}

} // namespace

class TestListModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryQueueInsertsInRunOrder();
    void retryQueueRemovesAndMoves();
    void retryQueueUpdateIsDataChanged();
    void retryQueueOnlyOnChangedDeltas();
    void retryQueueRandomSequences();
    void retryQueueRandomChanges();
    void retryQueueCountdown();
    void orchestratorsSortedWithAllFirst();
    void orchestratorsBoundedKeepPinned();
};

void TestListModels::retryQueueInsertsInRunOrder()
{
    RetryQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setEntries({entry(QStringLiteral("c"), 300), entry(QStringLiteral("a"), 100),
                      entry(QStringLiteral("b"), 200)});
    QCOMPARE(order(model), QStringList({"a", "b", "c"}));
    QCOMPARE(inserted.size(), 3);
    model.setEntries({entry(QStringLiteral("c"), 300), entry(QStringLiteral("a"), 100),
                      entry(QStringLiteral("b"), 200), entry(QStringLiteral("d"), 150)});
    QCOMPARE(order(model), QStringList({"a", "d", "b", "c"}));
    QCOMPARE(inserted.size(), 4);
    QCOMPARE(inserted.last().at(1).toInt(), 1);
}

void TestListModels::retryQueueRemovesAndMoves()
{
    RetryQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setEntries({entry(QStringLiteral("a"), 100), entry(QStringLiteral("b"), 200),
                      entry(QStringLiteral("c"), 300), entry(QStringLiteral("d"), 400)});
    const QPersistentModelIndex d = model.index(3, 0);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // b and c dispatched; d re-scheduled earliest.
    model.setEntries({entry(QStringLiteral("a"), 100), entry(QStringLiteral("d"), 50)});
    QCOMPARE(order(model), QStringList({"d", "a"}));
    QCOMPARE(removed.size(), 1); // b..c as one block
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 2);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(d.row(), 0);
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void TestListModels::retryQueueUpdateIsDataChanged()
{
    RetryQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setEntries({entry(QStringLiteral("a"), 100), entry(QStringLiteral("b"), 200)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setEntries({entry(QStringLiteral("a"), 100), entry(QStringLiteral("b"), 200, 2)});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(model.index(1, RetryQueueModel::AttemptColumn).data().toString(),
             QStringLiteral("2/2"));
    model.setEntries({entry(QStringLiteral("a"), 100), entry(QStringLiteral("b"), 200, 2)});
    QCOMPARE(changed.size(), 1);
}

void TestListModels::retryQueueOnlyOnChangedDeltas()
{
    RetryQueueModel model;
    host::EngineDelta delta;
    model.applyDelta(delta); // no retry queue in it: nothing changes
    QCOMPARE(model.rowCount(), 0);
    delta.retryQueue.emplace();
    delta.retryQueue->queued = {entry(QStringLiteral("a"), 1), entry(QStringLiteral("b"), 2)};
    model.applyDelta(delta); // not the whole queue: rows join
    QCOMPARE(order(model), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(model.index(0, 0).data(TaskIdRole).toString(), QStringLiteral("a"));
    QCOMPARE(model.index(0, 0).data(TaskStateRole).toInt(), int(core::TaskState::Queued));

    delta.retryQueue->queued = {entry(QStringLiteral("c"), 0)};
    delta.retryQueue->left = {core::TaskId(QStringLiteral("a")), core::TaskId(QStringLiteral("x"))};
    model.applyDelta(delta); // a leaves; x was never there
    QCOMPARE(order(model), (QStringList{QStringLiteral("c"), QStringLiteral("b")}));

    delta.retryQueue->whole = true;
    delta.retryQueue->queued = {entry(QStringLiteral("d"), 5)};
    delta.retryQueue->left.clear();
    model.applyDelta(delta); // the whole queue: the rows not in it go
    QCOMPARE(order(model), QStringList{QStringLiteral("d")});
}

void TestListModels::retryQueueRandomSequences()
{
    RetryQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QRandomGenerator random(7);
    for (int round = 0; round < 300; ++round) {
        QList<host::RetryEntry> entries;
        const int count = int(random.bounded(12));
        for (int i = 0; i < count; ++i)
            entries.append(entry(QString(QChar(u'a' + int(random.bounded(15)))),
                                 qint64(random.bounded(20)) * 10, 1 + int(random.bounded(2))));
        model.setEntries(entries);
        // Expected: one row per task (first entry wins), by run time then id.
        QList<host::RetryEntry> unique;
        QStringList seen;
        for (const host::RetryEntry &e : entries) {
            if (!seen.contains(e.taskId)) {
                seen.append(e.taskId);
                unique.append(e);
            }
        }
        std::stable_sort(unique.begin(), unique.end(), [](const auto &a, const auto &b) {
            return a.runAfterMs != b.runAfterMs ? a.runAfterMs < b.runAfterMs : a.taskId < b.taskId;
        });
        QStringList expected;
        for (const host::RetryEntry &e : unique)
            expected.append(e.taskId);
        QCOMPARE(order(model), expected);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.entryAt(row)->attempt, unique.at(row).attempt);
    }
}

// What the engine sends between whole queues: rows that joined or changed (possibly moving up or
// down), and rows that left. The model must end where a whole queue would have put it.
void TestListModels::retryQueueRandomChanges()
{
    RetryQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QRandomGenerator random(11);
    QHash<QString, host::RetryEntry> queue;
    for (int round = 0; round < 400; ++round) {
        host::RetryQueueChange change;
        change.whole = round % 97 == 0;
        const int steps = 1 + int(random.bounded(6));
        QSet<QString> touched;
        for (int step = 0; step < steps; ++step) {
            const QString id(QChar(u'a' + int(random.bounded(20))));
            touched.insert(id);
            if (random.bounded(3) == 0) {
                queue.remove(id);
                change.left.append(core::TaskId(id));
            } else {
                queue.insert(
                    id, entry(id, qint64(random.bounded(10)) * 10, 1 + int(random.bounded(2))));
            }
        }
        QList<host::RetryEntry> expected = queue.values();
        std::sort(expected.begin(), expected.end(), [](const auto &a, const auto &b) {
            return a.runAfterMs != b.runAfterMs ? a.runAfterMs < b.runAfterMs : a.taskId < b.taskId;
        });
        if (change.whole) {
            change.queued = expected;
            change.left.clear();
        } else {
            // Only what this round touched goes: rows queued or changed, in no particular order.
            for (const QString &id : std::as_const(touched)) {
                if (queue.contains(id))
                    change.queued.append(queue.value(id));
            }
        }
        model.applyChange(change);
        QStringList expectedIds;
        for (const host::RetryEntry &e : std::as_const(expected))
            expectedIds.append(e.taskId);
        QCOMPARE(order(model), expectedIds);
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.entryAt(row)->attempt, expected.at(row).attempt);
            QCOMPARE(model.entryAt(row)->runAfterMs, expected.at(row).runAfterMs);
        }
    }
}

void TestListModels::retryQueueCountdown()
{
    RetryQueueModel model;
    qint64 now = 1000000;
    model.setNowFunction([&now] { return now; });
    model.setEntries({entry(QStringLiteral("a"), now + 65000)});
    QCOMPARE(model.index(0, RetryQueueModel::RunsInColumn).data().toString(),
             QStringLiteral("1:05"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    now += 66000;
    model.refreshTimes();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(0, RetryQueueModel::RunsInColumn).data().toString(),
             QStringLiteral("due"));
}

void TestListModels::orchestratorsSortedWithAllFirst()
{
    OrchestratorListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("All orchestrators"));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addKey(QStringLiteral("agent:main:subagent:bbbbbbbb-1111"));
    model.addKey(QStringLiteral("agent:main:subagent:aaaaaaaa-2222"));
    model.addKey(QStringLiteral("agent:main:subagent:bbbbbbbb-1111"));
    model.addKey(QString());
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.keyAt(1), QStringLiteral("agent:main:subagent:aaaaaaaa-2222"));
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("main \u203a sub aaaaaaaa"));
    QCOMPARE(model.index(2, 0).data(OrchestratorRole).toString(),
             QStringLiteral("agent:main:subagent:bbbbbbbb-1111"));
    QCOMPARE(model.rowOfKey(QStringLiteral("agent:main:subagent:bbbbbbbb-1111")), 2);
    QCOMPARE(model.rowOfKey(QString()), 0);
    QCOMPARE(model.rowOfKey(QStringLiteral("nope")), -1);
}

void TestListModels::orchestratorsBoundedKeepPinned()
{
    OrchestratorListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setMaxKeys(3);
    model.addKey(QStringLiteral("k1"));
    model.setPinnedKey(QStringLiteral("k1"));
    model.addKey(QStringLiteral("k2"));
    model.addKey(QStringLiteral("k3"));
    model.addKey(QStringLiteral("k4")); // k1 is the oldest but pinned: k2 goes
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOfKey(QStringLiteral("k1")), 1);
    QCOMPARE(model.rowOfKey(QStringLiteral("k2")), -1);
    model.addKey(QStringLiteral("k3")); // seen again: now the most recent
    model.addKey(QStringLiteral("k5")); // k4 goes
    QCOMPARE(model.rowOfKey(QStringLiteral("k4")), -1);
    QCOMPARE(model.rowOfKey(QStringLiteral("k3")), 2);
}

QTEST_MAIN(TestListModels)
#include "tst_listmodels.moc"
