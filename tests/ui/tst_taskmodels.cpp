// The paged task models (TaskTableModel, InboxModel) against a real store as the oracle: after
// any sequence of pages and deltas the rows a model holds must be exactly the first rows the
// store returns for its query, and every change must reach views as the exact structural
// signal (inserted, removed, moved, dataChanged) — QAbstractItemModelTester watches throughout.
#include "FakeEngineLink.h"
#include "models/InboxModel.h"
#include "models/ModelRoles.h"
#include "models/PendingCommands.h"
#include "models/TaskTableModel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <limits>
#include <utility>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskSortKey;
using core::TaskState;

namespace {

constexpr qint64 kBase = 1795469000000;

QStringList ids(const PagedTaskModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.rowAt(row)->taskId);
    return list;
}

QStringList ids(const QList<core::TaskRecord> &records)
{
    QStringList list;
    for (const core::TaskRecord &record : records)
        list.append(record.taskId);
    return list;
}

TaskQuery query(TaskSortKey sortKey, bool descending, QList<TaskState> states = {},
                const QString &search = {}, const QString &orchestrator = {})
{
    TaskQuery q;
    q.sortKey = sortKey;
    q.descending = descending;
    q.states = std::move(states);
    q.search = search;
    q.orchestratorSessionKey = clawops::core::SessionKey(orchestrator);
    return q;
}

struct Harness
{
    FakeEngineLink link;
    TaskTableModel model;
    PendingCommands pending;
    qint64 now = kBase + 1000000;
    std::unique_ptr<QAbstractItemModelTester> tester;

    explicit Harness(int pageSize = 50)
    {
        model.setPageSize(pageSize);
        model.setNowFunction([this] { return now; });
        model.setPendingCommands(&pending);
        model.setPageRequester([this](const TaskQuery &r) { return link.requestTaskPage(r); });
        QObject::connect(
            &link, &host::EngineApi::taskPageReady, &model,
            [this](quint64 id, const host::TaskPage &page) { model.applyPage(id, page); });
        QObject::connect(&link, &host::EngineApi::delta, &model,
                         [this](const host::EngineDelta &d) { model.applyDelta(d); });
        tester = std::make_unique<QAbstractItemModelTester>(
            &model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    }

    void seed(int count)
    {
        QList<core::TaskRecord> tasks;
        for (int i = 0; i < count; ++i)
            tasks.append(
                makeTask(i, TaskState(i % core::kTaskStateCount), kBase + qint64(i) * 1000));
        link.upsert(tasks, false);
    }

    // Answers page requests (the tester asks for more pages on its own, as views do when their
    // viewport is not full) until the model holds at least `rows` rows or can get no more.
    void loadUntil(int rows)
    {
        while (model.rowCount() < rows) {
            if (link.answerPages() > 0)
                continue;
            if (!model.canFetchMore({}))
                break;
            model.fetchMore({});
        }
    }

    void loadAll() { loadUntil(std::numeric_limits<int>::max()); }

    void load(const TaskQuery &q, int pages = 1)
    {
        model.setQuery(q);
        loadUntil(pages * model.pageSize());
    }

    QStringList expected() const { return ids(link.oracle(model.query(), model.rowCount())); }
};

} // namespace

class TestTaskModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstPageAndFetchMore();
    void maxRowsBoundsTheCache();
    void updateInPlaceIsOneDataChanged();
    void updateThatReordersMovesTheRow();
    void newMatchingTaskIsInsertedWhereItSorts();
    void taskThatStopsMatchingIsRemoved();
    void unloadedTaskStaysUnloaded();
    void unloadedTaskSortingIntoPrefixIsInserted();
    void loadedTaskSortingPastPrefixLeaves();
    void lastLoadedRowMovingDownLeaves();
    void newTaskPastPrefixCountsButIsNotLoaded();
    void filterChangeResets();
    void sortChangeReloadsInStoreOrder();
    void sortOnUnsortableColumnIsIgnored();
    void staleAnswersAreIgnored();
    void deltasBeforeFirstPageAreIgnored();
    void fetchAnsweredAfterPrefixShrankRefetches();
    void pageErrorStopsFetching();
    void pendingCommandMarksRow();
    void timeColumnsTick();
    void stateCountsGiveExactTotals();
    void largePages();
    void randomChurnMatchesStore_data();
    void randomChurnMatchesStore();
    void inboxOldestFirstWithGrace();
    void inboxTexts_data();
    void inboxTexts();
    void inboxShowsClaimsIncrementally();
};

void TestTaskModels::firstPageAndFetchMore()
{
    Harness h(100);
    h.seed(350);
    QSignalSpy loading(&h.model, &PagedTaskModel::loadingChanged);
    h.model.setQuery(query(TaskSortKey::UpdatedAt, true));
    QVERIFY(h.model.isLoading());
    QCOMPARE(h.model.rowCount(), 0);
    QVERIFY(!h.model.canFetchMore({})); // the first page is in flight
    // The tester asked for a page before the query was set; that answer will be ignored.
    QVERIFY(!h.link.pendingPages.isEmpty());
    for (const FakeEngineLink::PageRequest &request : std::as_const(h.link.pendingPages)) {
        QCOMPARE(request.request.offset, 0);
        QCOMPARE(request.request.limit, 100);
    }
    h.link.answerPages();
    QVERIFY(!h.model.isLoading());
    QCOMPARE(loading.last().at(0).toBool(), false);
    QCOMPARE(h.model.rowCount(), 100);
    QCOMPARE(h.model.totalMatching(), 350);
    QCOMPARE(ids(h.model), h.expected());

    QSignalSpy inserted(&h.model, &QAbstractItemModel::rowsInserted);
    if (h.model.canFetchMore({}))
        h.model.fetchMore({});
    QVERIFY(!h.model.canFetchMore({})); // one request at a time
    QCOMPARE(h.link.pendingPages.size(), 1);
    QCOMPARE(h.link.pendingPages.at(0).request.offset, 100);
    h.link.answerPages();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 100);
    QCOMPARE(inserted.at(0).at(2).toInt(), 199);
    h.loadAll();
    QCOMPARE(h.model.rowCount(), 350);
    QVERIFY(h.model.isComplete());
    QVERIFY(!h.model.canFetchMore({}));
    QCOMPARE(ids(h.model), ids(h.link.oracle(h.model.query())));
}

void TestTaskModels::maxRowsBoundsTheCache()
{
    Harness h(100);
    h.seed(1000);
    h.model.setMaxRows(250);
    h.model.setQuery(query(TaskSortKey::Id, false));
    h.loadAll();
    QVERIFY(h.model.rowCount() >= 250);
    QVERIFY(h.model.rowCount() <= 250 + 100);
    QVERIFY(!h.model.canFetchMore({}));
    QCOMPARE(h.model.totalMatching(), 1000);
    QCOMPARE(ids(h.model), h.expected());

    // Deltas cannot grow it past the bound plus one page of slack.
    QList<core::TaskRecord> burst;
    for (int i = 0; i < 300; ++i)
        burst.append(makeTask(5000 + i, TaskState::Running, h.now, h.now));
    for (core::TaskRecord &task : burst)
        task.taskId = clawops::core::TaskId(
            QStringLiteral("000000000000-b%1").arg(task.taskId)); // sorts first
    h.link.upsert(burst);
    QVERIFY(h.model.rowCount() <= 250 + 100);
    QCOMPARE(ids(h.model), h.expected());
}

void TestTaskModels::updateInPlaceIsOneDataChanged()
{
    Harness h;
    h.seed(200);
    h.load(query(TaskSortKey::Id, false));
    const int row = 7;
    core::TaskRecord task = *h.link.task(h.model.rowAt(row)->taskId);
    task.lastOutcome = clawops::core::TransitionCause::fromText(QStringLiteral("operator-note"));
    QSignalSpy changed(&h.model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&h.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&h.model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&h.model, &QAbstractItemModel::rowsMoved);
    h.link.upsert({task});
    QCOMPARE(changed.size(), 1);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), row);
    QCOMPARE(bottomRight.row(), row);
    QCOMPARE(topLeft.column(), 0);
    QCOMPARE(bottomRight.column(), TaskTableModel::ColumnCount - 1);
    QCOMPARE(inserted.size() + removed.size() + moved.size(), 0);
    QCOMPARE(h.model.index(row, TaskTableModel::OutcomeColumn).data().toString(),
             QStringLiteral("operator-note"));

    // The same row again: nothing changed, nothing emitted.
    h.link.upsert({task});
    QCOMPARE(changed.size(), 1);
}

void TestTaskModels::updateThatReordersMovesTheRow()
{
    Harness h;
    h.seed(200);
    h.load(query(TaskSortKey::UpdatedAt, true));
    const QString id = h.model.rowAt(30)->taskId;
    core::TaskRecord task = *h.link.task(id);
    task.updatedAt = h.now;
    task.state = TaskState::Done;
    QSignalSpy moved(&h.model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&h.model, &QAbstractItemModel::dataChanged);
    const QPersistentModelIndex persistent = h.model.index(30, 0);
    h.link.upsert({task});
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.at(0).at(1).toInt(), 30);
    QCOMPARE(moved.at(0).at(4).toInt(), 0);
    QCOMPARE(h.model.rowAt(0)->taskId, id);
    QCOMPARE(persistent.row(), 0); // selections follow the row
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(ids(h.model), h.expected());

    // And down again (older than anything).
    task.updatedAt = kBase - 5000;
    h.link.upsert({task});
    QCOMPARE(ids(h.model), h.expected());
}

void TestTaskModels::newMatchingTaskIsInsertedWhereItSorts()
{
    Harness h;
    h.seed(200);
    h.load(query(TaskSortKey::Id, false));
    core::TaskRecord task = makeTask(3, TaskState::Running, h.now, h.now);
    task.taskId = clawops::core::TaskId(h.model.rowAt(10)->taskId +
                                        QStringLiteral("x")); // right after row 10
    QSignalSpy inserted(&h.model, &QAbstractItemModel::rowsInserted);
    h.link.upsert({task});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 11);
    QCOMPARE(inserted.at(0).at(2).toInt(), 11);
    QCOMPARE(h.model.totalMatching(), 201);
    QCOMPARE(ids(h.model), h.expected());
}

void TestTaskModels::taskThatStopsMatchingIsRemoved()
{
    Harness h;
    h.seed(200);
    h.load(query(TaskSortKey::UpdatedAt, true, {TaskState::Running}));
    const int before = h.model.totalMatching();
    core::TaskRecord task = *h.link.task(h.model.rowAt(3)->taskId);
    task.state = TaskState::Done;
    task.updatedAt = h.now;
    QSignalSpy removed(&h.model, &QAbstractItemModel::rowsRemoved);
    h.link.upsert({task});
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 3);
    QCOMPARE(h.model.totalMatching(), before - 1);
    QCOMPARE(ids(h.model), h.expected());
}

void TestTaskModels::unloadedTaskStaysUnloaded()
{
    Harness h;
    h.seed(300);
    h.load(query(TaskSortKey::Id, false));
    QCOMPARE(h.model.rowCount(), 50);
    const QString beyond = h.link.oracle(h.model.query()).at(200).taskId;
    core::TaskRecord task = *h.link.task(beyond);
    task.lastOutcome =
        clawops::core::TransitionCause::fromText(QStringLiteral("changed-out-of-sight"));
    QSignalSpy inserted(&h.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&h.model, &QAbstractItemModel::dataChanged);
    h.link.upsert({task});
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(h.model.rowCount(), 50);
    QCOMPARE(h.model.totalMatching(), 300);
}

void TestTaskModels::unloadedTaskSortingIntoPrefixIsInserted()
{
    Harness h;
    h.seed(300);
    h.load(query(TaskSortKey::UpdatedAt, true));
    const QString beyond = h.link.oracle(h.model.query()).at(250).taskId;
    core::TaskRecord task = *h.link.task(beyond);
    task.updatedAt = h.now;
    QSignalSpy inserted(&h.model, &QAbstractItemModel::rowsInserted);
    h.link.upsert({task});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(h.model.totalMatching(), 300); // it was counted already
    QCOMPARE(ids(h.model), h.expected());
    // The next page continues without a gap or a duplicate.
    h.loadUntil(h.model.rowCount() + 1);
    QCOMPARE(ids(h.model), h.expected());
}

void TestTaskModels::loadedTaskSortingPastPrefixLeaves()
{
    Harness h;
    h.seed(300);
    h.load(query(TaskSortKey::UpdatedAt, false));
    const QString id = h.model.rowAt(5)->taskId;
    core::TaskRecord task = *h.link.task(id);
    task.updatedAt = h.now; // newest: last in ascending order, far past the prefix
    QSignalSpy removed(&h.model, &QAbstractItemModel::rowsRemoved);
    h.link.upsert({task});
    QCOMPARE(removed.size(), 1);
    QCOMPARE(h.model.rowOf(id), -1);
    QCOMPARE(h.model.totalMatching(), 300);
    QCOMPARE(ids(h.model), h.expected());
}

void TestTaskModels::lastLoadedRowMovingDownLeaves()
{
    Harness h;
    h.seed(300);
    h.load(query(TaskSortKey::Label, false));
    // The last loaded row gets a key that sorts after rows that were never loaded: it leaves.
    core::TaskRecord last = *h.link.task(h.model.rowAt(h.model.rowCount() - 1)->taskId);
    last.label = QStringLiteral("zzzz-after-everything");
    h.link.upsert({last});
    QCOMPARE(h.model.rowOf(last.taskId), -1);
    QCOMPARE(ids(h.model), h.expected());
    // Moving up keeps it where it now belongs.
    core::TaskRecord up = *h.link.task(h.model.rowAt(h.model.rowCount() - 1)->taskId);
    up.label = QStringLiteral("a");
    h.link.upsert({up});
    QVERIFY(h.model.rowOf(up.taskId) >= 0);
    QCOMPARE(ids(h.model), h.expected());
}

void TestTaskModels::newTaskPastPrefixCountsButIsNotLoaded()
{
    Harness h;
    h.seed(300);
    h.load(query(TaskSortKey::UpdatedAt, false, {}, QStringLiteral("T-")));
    QCOMPARE(h.model.totalMatching(), 300);
    h.now += 10;
    core::TaskRecord task = makeTask(9999, TaskState::Running, h.now, h.now);
    QSignalSpy counts(&h.model, &PagedTaskModel::countsChanged);
    h.link.upsert({task});
    QCOMPARE(h.model.rowCount(), 50);
    QCOMPARE(h.model.totalMatching(), 301);
    QVERIFY(!counts.isEmpty());
}

void TestTaskModels::filterChangeResets()
{
    Harness h;
    h.seed(200);
    h.load(query(TaskSortKey::UpdatedAt, true));
    QSignalSpy reset(&h.model, &QAbstractItemModel::modelReset);
    h.model.setQuery(
        query(TaskSortKey::UpdatedAt, true, {TaskState::NeedsInput}, QStringLiteral("T-1")));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(h.model.rowCount(), 0);
    h.link.answerPages();
    QVERIFY(h.model.rowCount() > 0);
    QCOMPARE(ids(h.model), h.expected());
    for (int row = 0; row < h.model.rowCount(); ++row)
        QCOMPARE(h.model.rowAt(row)->state, TaskState::NeedsInput);
}

void TestTaskModels::sortChangeReloadsInStoreOrder()
{
    Harness h;
    h.seed(200);
    h.load(query(TaskSortKey::UpdatedAt, true));
    const QList<int> columns = {TaskTableModel::IdColumn,           TaskTableModel::StateColumn,
                                TaskTableModel::LabelColumn,        TaskTableModel::AttemptColumn,
                                TaskTableModel::OrchestratorColumn, TaskTableModel::OutcomeColumn,
                                TaskTableModel::UpdatedColumn,      TaskTableModel::NextRunColumn};
    for (const int column : columns) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            QSignalSpy reset(&h.model, &QAbstractItemModel::modelReset);
            h.model.sort(column, order);
            QCOMPARE(h.model.query().sortKey, TaskTableModel::sortKeyFor(column));
            QCOMPARE(h.model.query().descending, order == Qt::DescendingOrder);
            h.link.answerPages();
            QCOMPARE(ids(h.model), h.expected());
        }
    }
}

void TestTaskModels::sortOnUnsortableColumnIsIgnored()
{
    Harness h;
    h.seed(20);
    h.load(query(TaskSortKey::UpdatedAt, true));
    QSignalSpy reset(&h.model, &QAbstractItemModel::modelReset);
    h.model.sort(TaskTableModel::KindColumn, Qt::AscendingOrder);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(h.model.query().sortKey, TaskSortKey::UpdatedAt);
}

void TestTaskModels::staleAnswersAreIgnored()
{
    Harness h;
    h.seed(100);
    h.model.setQuery(query(TaskSortKey::UpdatedAt, true));
    const auto old = h.link.pendingPages;
    h.link.pendingPages.clear();
    h.model.setQuery(query(TaskSortKey::Id, true));
    QVERIFY(!h.model.applyPage(old.at(0).id, h.link.pageFor(old.at(0).request)));
    QCOMPARE(h.model.rowCount(), 0);
    QVERIFY(h.model.isLoading());
    h.link.answerPages();
    QCOMPARE(ids(h.model), h.expected());
}

void TestTaskModels::deltasBeforeFirstPageAreIgnored()
{
    Harness h;
    h.seed(100);
    h.model.setQuery(query(TaskSortKey::UpdatedAt, true));
    h.link.upsert({makeTask(500, TaskState::Running, h.now, h.now)});
    QCOMPARE(h.model.rowCount(), 0);
    h.link.answerPages();
    QCOMPARE(ids(h.model), h.expected());
    QCOMPARE(h.model.rowAt(0)->taskId, makeTask(500, TaskState::Running, 0).taskId);
}

void TestTaskModels::fetchAnsweredAfterPrefixShrankRefetches()
{
    Harness h;
    h.seed(300);
    h.load(query(TaskSortKey::Id, false,
                 {TaskState::Queued, TaskState::Running, TaskState::Done, TaskState::Dead}));
    const int held = h.model.rowCount();
    if (h.link.pendingPages.isEmpty())
        h.model.fetchMore({});
    QCOMPARE(h.link.pendingPages.size(), 1);
    QCOMPARE(h.link.pendingPages.at(0).request.offset, held);
    // Before the page arrives, two loaded rows stop matching: the page was asked for at an
    // offset that is now two rows too far and would leave a gap. (The host sends a change's
    // delta before any page that already reflects it.)
    QList<core::TaskRecord> leaving;
    for (const int row : {1, 4}) {
        core::TaskRecord task = *h.link.task(h.model.rowAt(row)->taskId);
        task.state = TaskState::Failed;
        leaving.append(task);
    }
    h.link.upsert(leaving);
    h.link.answerPages();
    QCOMPARE(h.model.rowCount(), held - 2);
    QCOMPARE(h.link.pendingPages.size(), 1); // asked again from where it really is
    QCOMPARE(h.link.pendingPages.at(0).request.offset, held - 2);
    h.link.answerPages();
    QCOMPARE(ids(h.model), h.expected());
    QVERIFY(h.model.rowCount() > held);
}

void TestTaskModels::pageErrorStopsFetching()
{
    Harness h;
    h.seed(100);
    h.model.setQuery(query(TaskSortKey::UpdatedAt, true));
    QSignalSpy failed(&h.model, &PagedTaskModel::pageFailed);
    h.link.failPages(QStringLiteral("database is locked"));
    QCOMPARE(failed.size(), 1);
    QVERIFY(!h.model.isLoading());
    QVERIFY(!h.model.canFetchMore({}));
    QCOMPARE(h.model.lastError(), QStringLiteral("database is locked"));
    h.model.reload();
    h.loadUntil(1);
    QVERIFY(h.model.lastError().isEmpty());
    QCOMPARE(h.model.rowCount(), 50);
}

void TestTaskModels::pendingCommandMarksRow()
{
    Harness h;
    h.seed(60);
    h.load(query(TaskSortKey::Id, false));
    const QString id = h.model.rowAt(4)->taskId;
    QSignalSpy changed(&h.model, &QAbstractItemModel::dataChanged);
    core::OperatorCommand command;
    command.kind = core::OperatorCommand::Kind::Kill;
    command.taskId = clawops::core::TaskId(id);
    h.pending.add(42, command);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 4);
    QVERIFY(h.model.index(4, 0).data(PendingRole).toBool());
    QCOMPARE(h.model.index(4, 0).data(PendingTextRole).toString(), QStringLiteral("kill pending"));
    QVERIFY(h.pending.finish(42));
    QVERIFY(!h.model.index(4, 0).data(PendingRole).toBool());
}

void TestTaskModels::timeColumnsTick()
{
    Harness h;
    QList<core::TaskRecord> tasks = {makeTask(1, TaskState::Queued, h.now - 180000),
                                     makeTask(2, TaskState::Running, h.now - 3000)};
    tasks[0].nextRunAt = h.now + 42000;
    h.link.upsert(tasks, false);
    h.load(query(TaskSortKey::UpdatedAt, true));
    QCOMPARE(h.model.index(1, TaskTableModel::UpdatedColumn).data().toString(),
             QStringLiteral("3 min ago"));
    QCOMPARE(h.model.index(1, TaskTableModel::NextRunColumn).data().toString(),
             QStringLiteral("0:42"));
    QCOMPARE(h.model.index(0, TaskTableModel::UpdatedColumn).data().toString(),
             QStringLiteral("just now"));
    QSignalSpy changed(&h.model, &QAbstractItemModel::dataChanged);
    h.now += 2000;
    h.model.refreshTimes();
    QCOMPARE(changed.size(), 2);
    for (const auto &args : changed) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        QCOMPARE(topLeft.column(), bottomRight.column());
        QVERIFY(topLeft.column() == TaskTableModel::UpdatedColumn ||
                topLeft.column() == TaskTableModel::NextRunColumn);
        QCOMPARE(topLeft.row(), 0);
        QCOMPARE(bottomRight.row(), 1);
    }
    QCOMPARE(h.model.index(1, TaskTableModel::NextRunColumn).data().toString(),
             QStringLiteral("0:40"));
    QVERIFY(!h.model.index(1, TaskTableModel::UpdatedColumn)
                 .data(Qt::ToolTipRole)
                 .toString()
                 .isEmpty());
}

void TestTaskModels::stateCountsGiveExactTotals()
{
    Harness h;
    h.seed(240);
    h.load(query(TaskSortKey::UpdatedAt, true, {TaskState::Done, TaskState::Failed}));
    QCOMPARE(h.model.totalMatching(), 60);
    // A change far past the prefix (not loaded) still moves the exact total.
    const auto all = h.link.oracle(h.model.query());
    core::TaskRecord task = *h.link.task(all.constLast().taskId);
    task.state = TaskState::Dead;
    h.link.upsert({task});
    QCOMPARE(h.model.totalMatching(), 59);
}

void TestTaskModels::largePages()
{
    Harness h(5000);
    h.seed(12000);
    h.model.setQuery(query(TaskSortKey::UpdatedAt, true));
    h.loadAll();
    QCOMPARE(h.model.rowCount(), 12000);
    QCOMPARE(ids(h.model), h.expected());
    // A burst of updates across a large prefix: every updated row moves to the top, newest first,
    // one move at a time; nothing resets the model (views would lose selection and scroll). How
    // long it takes is measured by clawops-model-bench.
    QList<core::TaskRecord> burst;
    for (int i = 0; i < 500; ++i) {
        core::TaskRecord task =
            *h.link.task(makeTask(i * 23 % 12000, TaskState::Running, 0).taskId);
        task.updatedAt = kBase + qint64(12000) * 1000 + i; // after every seeded row
        task.state = TaskState::Running;
        burst.append(task);
    }
    h.link.upsert(burst, false);
    const host::EngineDelta delta = h.link.deltaFor(burst);
    QSignalSpy resets(&h.model, &QAbstractItemModel::modelReset);
    QSignalSpy layouts(&h.model, &QAbstractItemModel::layoutChanged);
    QSignalSpy moves(&h.model, &QAbstractItemModel::rowsMoved);
    QSignalSpy inserts(&h.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removes(&h.model, &QAbstractItemModel::rowsRemoved);
    h.model.applyDelta(delta);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(inserts.size(), 0);
    QCOMPARE(removes.size(), 0);
    QVERIFY(!moves.isEmpty());
    QCOMPARE(h.model.rowCount(), 12000);
    QStringList newestFirst;
    for (auto it = burst.crbegin(); it != burst.crend(); ++it)
        newestFirst.append(it->taskId);
    QCOMPARE(ids(h.model).mid(0, 500), newestFirst);
    QCOMPARE(ids(h.model), h.expected());
    for (int row = 0; row < 500; ++row)
        QCOMPARE(h.model.rowAt(row)->state, TaskState::Running);
}

void TestTaskModels::randomChurnMatchesStore_data()
{
    QTest::addColumn<TaskQuery>("q");
    QTest::addColumn<int>("pages");
    QTest::newRow("updated desc") << query(TaskSortKey::UpdatedAt, true) << 2;
    QTest::newRow("updated asc") << query(TaskSortKey::UpdatedAt, false) << 2;
    QTest::newRow("state asc") << query(TaskSortKey::State, false) << 3;
    QTest::newRow("label asc, search")
        << query(TaskSortKey::Label, false, {}, QStringLiteral("T-1")) << 1;
    QTest::newRow("id desc, two states")
        << query(TaskSortKey::Id, true, {TaskState::Running, TaskState::NeedsInput}) << 1;
    QTest::newRow("attempt desc, orchestrator")
        << query(TaskSortKey::Attempt, true, {}, {}, QStringLiteral("agent:main:subagent:orch-1"))
        << 2;
    QTest::newRow("next run asc") << query(TaskSortKey::NextRunAt, false) << 2;
    QTest::newRow("next run desc") << query(TaskSortKey::NextRunAt, true) << 2;
    QTest::newRow("outcome desc") << query(TaskSortKey::LastOutcome, true) << 2;
    QTest::newRow("created asc") << query(TaskSortKey::CreatedAt, false) << 2;
    QTest::newRow("orchestrator asc") << query(TaskSortKey::Orchestrator, false) << 2;
    QTest::newRow("everything loaded") << query(TaskSortKey::UpdatedAt, true) << 100;
}

void TestTaskModels::randomChurnMatchesStore()
{
    QFETCH(TaskQuery, q);
    QFETCH(int, pages);
    Harness h(40);
    h.seed(400);
    h.load(q, pages);
    QRandomGenerator random(20261123);
    QHash<QString, core::TaskRecord> known;
    for (const core::TaskRecord &record : h.link.oracle(query(TaskSortKey::Id, false)))
        known.insert(record.taskId, record);
    int next = 400;
    for (int round = 0; round < 60; ++round) {
        h.now += 1000;
        QList<core::TaskRecord> batch;
        const int size = 1 + int(random.bounded(12));
        for (int i = 0; i < size; ++i) {
            if (random.bounded(4) == 0) {
                core::TaskRecord task =
                    makeTask(next++, TaskState(random.bounded(8)), h.now, h.now);
                known.insert(task.taskId, task);
                batch.append(task);
                continue;
            }
            const QStringList keys = known.keys();
            core::TaskRecord task =
                known.value(keys.at(int(random.bounded(qsizetype(keys.size())))));
            task.state = TaskState(random.bounded(8));
            task.updatedAt = h.now + i;
            task.attempt = 1 + int(random.bounded(3));
            if (random.bounded(3) == 0)
                task.label = QStringLiteral("worker-T-%1").arg(random.bounded(60));
            if (random.bounded(3) == 0)
                task.lastOutcome = clawops::core::TransitionCause::fromText(
                    QStringLiteral("worker-ended-%1").arg(random.bounded(5)));
            task.nextRunAt = task.state == TaskState::Queued
                                 ? std::optional<qint64>(h.now + random.bounded(60000))
                                 : std::nullopt;
            known.insert(task.taskId, task);
            batch.append(task);
        }
        h.link.upsert(batch);
        if (round % 9 == 4)
            h.loadUntil(h.model.rowCount() + 1);
        const QStringList held = ids(h.model);
        QCOMPARE(held, h.expected());
        const int total = int(h.link.oracle(h.model.query()).size());
        if (h.model.isComplete())
            QCOMPARE(h.model.rowCount(), total);
        if (q.search.isEmpty() && q.orchestratorSessionKey.isEmpty())
            QCOMPARE(h.model.totalMatching(), total);
        QVERIFY(h.model.totalMatching() >= h.model.rowCount());
    }
    // Scrolling to the end after all that churn gives exactly the store's answer.
    h.loadAll();
    QCOMPARE(ids(h.model), ids(h.link.oracle(h.model.query())));
}

void TestTaskModels::inboxOldestFirstWithGrace()
{
    FakeEngineLink link;
    InboxModel model;
    qint64 now = kBase + 500000;
    model.setNowFunction([&now] { return now; });
    model.setVerificationGraceMs(120000);
    model.setPageRequester([&link](const TaskQuery &r) { return link.requestTaskPage(r); });
    QObject::connect(
        &link, &host::EngineApi::taskPageReady, &model,
        [&model](quint64 id, const host::TaskPage &page) { model.applyPage(id, page); });
    QObject::connect(&link, &host::EngineApi::delta, &model,
                     [&model](const host::EngineDelta &d) { model.applyDelta(d); });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<core::TaskRecord> tasks;
    for (int i = 0; i < 40; ++i)
        tasks.append(makeTask(i, TaskState(i % 8), kBase + qint64(i) * 1000));
    link.upsert(tasks, false);
    model.reload();
    while (link.answerPages() > 0) {
    }
    QCOMPARE(model.rowCount(), 10); // 5 needs_input + 5 needs_verification
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.rowAt(row - 1)->updatedAt <= model.rowAt(row)->updatedAt);
    QCOMPARE(ids(model), ids(link.oracle(model.query())));

    // A task answered leaves the inbox; a new blocked one joins at the end.
    core::TaskRecord answered = *link.task(model.rowAt(0)->taskId);
    answered.state = TaskState::Running;
    answered.updatedAt = now;
    core::TaskRecord blocked = makeTask(100, TaskState::NeedsInput, now, now);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    link.upsert({answered, blocked});
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowAt(model.rowCount() - 1)->taskId, blocked.taskId);
    QCOMPARE(ids(model), ids(link.oracle(model.query())));

    // Waiting time and grace countdown follow the clock.
    const int row = model.rowOf(makeTask(4, TaskState::NeedsVerification, 0).taskId);
    QVERIFY(row >= 0);
    const qint64 updated = model.rowAt(row)->updatedAt;
    now = updated + 60000;
    QCOMPARE(model.index(row, InboxModel::WaitingColumn).data().toString(),
             QStringLiteral("1 min"));
    QCOMPARE(model.index(row, InboxModel::GraceColumn).data().toString(),
             QStringLiteral("needs input in 1:00"));
    now = updated + 130000;
    QCOMPARE(model.index(row, InboxModel::GraceColumn).data().toString(),
             QStringLiteral("resolving now"));

    // The acting engine's link: no window runs out while it is down, and each counts again
    // from the reconnect.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setGatewayLink(GraceClock::Link::Down);
    QVERIFY(!changed.isEmpty());
    const QModelIndex grace = model.index(row, InboxModel::GraceColumn);
    QCOMPARE(grace.data().toString(), QStringLiteral("held: gateway down"));
    QVERIFY(grace.data(Qt::ToolTipRole).toString().contains(QStringLiteral("reconnect")));
    model.setGatewayLink(GraceClock::Link::Live, updated + 100000);
    QCOMPARE(grace.data().toString(), QStringLiteral("needs input in 1:30"));
    QCOMPARE(grace.data(RawValueRole).toLongLong(), updated + 220000);
    now = updated + 220000;
    QCOMPARE(grace.data().toString(), QStringLiteral("resolving now"));
    // A link live since before the task's last change leaves its window as it was.
    model.setGatewayLink(GraceClock::Link::Live, updated - 5000);
    QCOMPARE(grace.data(RawValueRole).toLongLong(), updated + 120000);
    // Another console acts: its link is not known here.
    model.setGatewayLink(GraceClock::Link::Unknown, updated + 100000);
    QCOMPARE(model.graceClock().liveSinceMs, 0);
    QCOMPARE(grace.data(RawValueRole).toLongLong(), updated + 120000);
}

void TestTaskModels::inboxTexts_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("receipt");
    QTest::addColumn<int>("items");
    QTest::addColumn<bool>("explicitNone");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("grace");
    QTest::addColumn<QString>("needs");
    QTest::newRow("verification with items")
        << int(TaskState::NeedsVerification) << true << 3 << false << QString() << "done in 1:30"
        << "Check 3 verification item(s) from the receipt";
    QTest::newRow("explicitly nothing to verify")
        << int(TaskState::NeedsVerification) << true << 0 << true << QString() << "done in 1:30"
        << "Confirm the result (the worker says there is nothing to verify)";
    QTest::newRow("no receipt") << int(TaskState::NeedsVerification) << false << 0 << false
                                << QString() << "needs input in 1:30"
                                << "No receipt: check the transcript, then verify or reject";
    QTest::newRow("blocked") << int(TaskState::NeedsInput) << true << 0 << false
                             << "worker-reported-blocked" << QString()
                             << "The worker is blocked and asks for input";
    QTest::newRow("respawn missing")
        << int(TaskState::NeedsInput) << false << 0 << false
        << "respawn-not-seen-within-120s-after-retry-to-agent:main:main" << QString()
        << "A retry was delivered but no respawn followed";
}

void TestTaskModels::inboxTexts()
{
    QFETCH(int, state);
    QFETCH(bool, receipt);
    QFETCH(int, items);
    QFETCH(bool, explicitNone);
    QFETCH(QString, outcome);
    QFETCH(QString, grace);
    QFETCH(QString, needs);
    TaskRow row;
    row.state = TaskState(state);
    row.receiptSeen = receipt;
    row.verificationItems = items;
    row.explicitNoVerification = explicitNone;
    row.lastOutcome = clawops::core::TransitionCause::fromText(outcome);
    row.updatedAt = kBase;
    QCOMPARE(InboxModel::graceText(row, GraceClock{}, kBase + 30000), grace);
    QCOMPARE(InboxModel::needsText(row), needs);
}

void TestTaskModels::inboxShowsClaimsIncrementally()
{
    FakeEngineLink link;
    InboxModel model;
    qint64 now = kBase + 500000;
    model.setNowFunction([&now] { return now; });
    model.setConsoleIdentity({QStringLiteral("ada"), QStringLiteral("ops-east")});
    model.setPageRequester([&link](const TaskQuery &r) { return link.requestTaskPage(r); });
    QObject::connect(
        &link, &host::EngineApi::taskPageReady, &model,
        [&model](quint64 id, const host::TaskPage &page) { model.applyPage(id, page); });
    QObject::connect(&link, &host::EngineApi::delta, &model,
                     [&model](const host::EngineDelta &d) { model.applyDelta(d); });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<core::TaskRecord> tasks;
    for (int i = 0; i < 16; ++i)
        tasks.append(makeTask(i, TaskState(i % 8), kBase + qint64(i) * 1000));
    link.upsert(tasks, false);
    model.reload();
    while (link.answerPages() > 0) {
    }
    QCOMPARE(model.rowCount(), 4);
    const QString first = model.rowAt(0)->taskId;
    const QString second = model.rowAt(1)->taskId;
    const QString third = model.rowAt(2)->taskId;
    const auto claimCell = [&model](const QString &taskId, int role = Qt::DisplayRole) {
        return model.index(model.rowOf(taskId), InboxModel::ClaimColumn).data(role);
    };
    QCOMPARE(model.headerData(InboxModel::ClaimColumn, Qt::Horizontal).toString(),
             QStringLiteral("Claim"));
    QCOMPARE(claimCell(first).toString(), QString());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    const auto changedRows = [&changed] {
        QList<int> rows;
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const auto topLeft = args.at(0).value<QModelIndex>();
            const auto bottomRight = args.at(1).value<QModelIndex>();
            if (topLeft.column() != InboxModel::ClaimColumn ||
                bottomRight.column() != InboxModel::ClaimColumn)
                return QList<int>{-1}; // a claim repaints its own cell only
            for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                rows.append(row);
        }
        std::sort(rows.begin(), rows.end());
        return rows;
    };

    // Another console's claim and this console's own, as the engine's delta brings them.
    host::EngineDelta delta;
    delta.claims = QList<core::ClaimRecord>{
        {core::TaskId(first), QStringLiteral("alice"), QStringLiteral("ops-west"), now - 180000},
        {core::TaskId(second), QStringLiteral("ada"), QStringLiteral("ops-east"), now - 60000},
        {core::TaskId(QStringLiteral("not-loaded")), QStringLiteral("bob"), QStringLiteral("x"),
         now}};
    Q_EMIT link.delta(delta);
    QCOMPARE(claimCell(first).toString(), QStringLiteral("claimed by alice @ ops-west"));
    QCOMPARE(claimCell(second).toString(), QStringLiteral("claimed by you"));
    QCOMPARE(claimCell(third).toString(), QString());
    QVERIFY(claimCell(first, Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("Claimed by alice @ ops-west since ")));
    QVERIFY(claimCell(first, Qt::ToolTipRole).toString().endsWith(QStringLiteral("(3 min ago)")));
    QVERIFY(claimCell(first, Qt::FontRole).value<QFont>().bold()); // someone else's stands out
    QVERIFY(!claimCell(second, Qt::FontRole).value<QFont>().bold());
    QCOMPARE(changedRows(), QList<int>({0, 1}));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 0);

    // A delta without claims leaves them as they are.
    changed.clear();
    Q_EMIT link.delta(host::EngineDelta{});
    QCOMPARE(changed.size(), 0);
    QCOMPARE(claimCell(first).toString(), QStringLiteral("claimed by alice @ ops-west"));

    // Alice released hers, and takes the third item: only those two rows change.
    delta.claims = QList<core::ClaimRecord>{
        {core::TaskId(second), QStringLiteral("ada"), QStringLiteral("ops-east"), now - 60000},
        {core::TaskId(third), QStringLiteral("alice"), QStringLiteral("ops-west"), now}};
    Q_EMIT link.delta(delta);
    QCOMPARE(claimCell(first).toString(), QString());
    QCOMPARE(claimCell(second).toString(), QStringLiteral("claimed by you"));
    QCOMPARE(claimCell(third).toString(), QStringLiteral("claimed by alice @ ops-west"));
    QCOMPARE(changedRows(), QList<int>({0, 2}));
    QCOMPARE(reset.size(), 0);

    // A row that arrives later shows the claim the model already has.
    core::TaskRecord late = makeTask(100, TaskState::NeedsInput, now, now);
    delta = link.deltaFor({late});
    delta.claims = QList<core::ClaimRecord>{
        {late.taskId, QStringLiteral("bob"), QStringLiteral("ops-north"), now}};
    link.upsert({late}, false);
    Q_EMIT link.delta(delta);
    QCOMPARE(claimCell(late.taskId).toString(), QStringLiteral("claimed by bob @ ops-north"));
    QCOMPARE(claimCell(third).toString(), QString());
}

QTEST_MAIN(TestTaskModels)
#include "tst_taskmodels.moc"
