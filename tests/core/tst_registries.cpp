// The worker and orchestrator registries on their own: running workers counted as they start and
// end, workers filed under their orchestrator, bindings kept both ways, retired and ended
// sessions, and the walk up to a live session.

#include "core/OrchestratorRegistry.h"
#include "core/WorkerRegistry.h"

#include <QTest>

using namespace clawops::core;

namespace {

const SessionKey kMain(QStringLiteral("agent:main:main"));
const SessionKey kOrch(QStringLiteral("agent:main:subagent:orch"));
const SessionKey kInner(QStringLiteral("agent:main:subagent:orch:subagent:inner"));

WorkerRecord workerOf(const QString &child, const SessionKey &orchestrator, bool running = true)
{
    WorkerRecord worker;
    worker.childSessionKey = SessionKey(child);
    worker.orchestratorSessionKey = orchestrator;
    if (!running)
        worker.ended = WorkerOutcome::Ok;
    return worker;
}

} // namespace

class TestRegistries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runningWorkersAreCounted();
    void workersAreFiledUnderTheirOrchestrator();
    void removalsAreRecordedForTheStore();
    void onlyTheNewestEndedWorkersStayInMemory();
    void bindingsAreKeptBothWays();
    void retiringRemovesTheBindingOnly();
    void liveTargetWalksUpTheChain();
};

void TestRegistries::runningWorkersAreCounted()
{
    ChangeSet changes;
    WorkerRegistry workers(changes);
    workers.restore(workerOf(QStringLiteral("w1"), kOrch));
    workers.restore(workerOf(QStringLiteral("w0"), kOrch, false));
    QCOMPARE(workers.runningCount(), 1);
    workers.upsert(workerOf(QStringLiteral("w2"), kOrch));
    workers.upsert(workerOf(QStringLiteral("w2"), kOrch)); // the same run again
    QCOMPARE(workers.runningCount(), 2);
    workers.upsert(workerOf(QStringLiteral("w1"), kOrch, false));
    QCOMPARE(workers.runningCount(), 1);
    workers.upsert(workerOf(QStringLiteral("w1"), kOrch)); // answered: it runs again
    QCOMPARE(workers.runningCount(), 2);
    workers.remove(SessionKey(QStringLiteral("w2")));
    QCOMPARE(workers.runningCount(), 1);
    workers.removeAllOf(kOrch);
    QCOMPARE(workers.runningCount(), 0);
    QCOMPARE(workers.size(), 0);
}

void TestRegistries::workersAreFiledUnderTheirOrchestrator()
{
    ChangeSet changes;
    WorkerRegistry workers(changes);
    workers.upsert(workerOf(QStringLiteral("w1"), kOrch));
    workers.upsert(workerOf(QStringLiteral("w2"), kMain, false));
    QVERIFY(workers.anyRunningUnder(kOrch));
    QVERIFY(!workers.anyRunningUnder(kMain));
    // A worker refiled under another orchestrator leaves the first one.
    workers.upsert(workerOf(QStringLiteral("w1"), kMain));
    QVERIFY(!workers.anyRunningUnder(kOrch));
    QVERIFY(workers.anyRunningUnder(kMain));
    workers.removeAllOf(kOrch);
    QVERIFY(workers.contains(SessionKey(QStringLiteral("w1"))));
    workers.removeAllOf(kMain);
    QCOMPARE(workers.size(), 0);
}

void TestRegistries::removalsAreRecordedForTheStore()
{
    ChangeSet changes;
    WorkerRegistry workers(changes);
    workers.upsert(workerOf(QStringLiteral("w1"), kOrch));
    // The plugin deletes the row whether or not it tracked the worker.
    workers.remove(SessionKey(QStringLiteral("unknown")));
    // A retired orchestrator's workers go by key, as in the plugin, and its other rows by its
    // key: the store holds ended workers that memory no longer does.
    workers.removeAllOf(kOrch);
    QCOMPARE(changes.workerChanges.size(), 4);
    QCOMPARE(changes.workerChanges.at(0).kind, WorkerChange::Kind::Upsert);
    QCOMPARE(changes.workerChanges.at(1).kind, WorkerChange::Kind::Delete);
    QCOMPARE(changes.workerChanges.at(1).record.childSessionKey, QStringLiteral("unknown"));
    QCOMPARE(changes.workerChanges.at(2).kind, WorkerChange::Kind::Delete);
    QCOMPARE(changes.workerChanges.at(2).record.childSessionKey, QStringLiteral("w1"));
    QCOMPARE(changes.workerChanges.at(3).kind, WorkerChange::Kind::DeleteByOrchestrator);
    QCOMPARE(changes.workerChanges.at(3).record.orchestratorSessionKey, kOrch);
    QVERIFY(!workers.contains(SessionKey(QStringLiteral("w1"))));
}

void TestRegistries::onlyTheNewestEndedWorkersStayInMemory()
{
    ChangeSet changes;
    WorkerRegistry workers(changes, 3);
    const auto key = [](int i) { return SessionKey(QStringLiteral("w%1").arg(i)); };
    for (int i = 0; i < 6; ++i) {
        WorkerRecord worker = workerOf(key(i).str(), i % 2 ? kMain : kOrch);
        worker.updatedAt = 100 + i;
        workers.upsert(worker);
    }
    QCOMPARE(workers.size(), 6); // running workers never leave
    const auto end = [&workers](const SessionKey &child, TimeMs at) {
        WorkerRecord worker = *workers.find(child);
        worker.ended = WorkerOutcome::Error;
        worker.updatedAt = at;
        workers.upsert(worker);
    };
    end(key(0), 200);
    end(key(1), 201);
    end(key(2), 202);
    QCOMPARE(workers.size(), 6);
    QCOMPARE(workers.runningCount(), 3);
    // w0 is answered and runs again, then ends again: its first ending no longer stands for it.
    WorkerRecord again = *workers.find(key(0));
    again.ended.reset();
    again.updatedAt = 203;
    workers.upsert(again);
    end(key(0), 204); // four endings recorded, three kept: w0's first is stale and skipped
    QCOMPARE(workers.size(), 6);
    end(key(3), 205); // now w1, the oldest ending that still stands, leaves memory
    QVERIFY(!workers.contains(key(1)));
    QVERIFY(workers.contains(key(0)) && workers.contains(key(2)) && workers.contains(key(3)));
    end(key(4), 206);
    QVERIFY(!workers.contains(key(2)));
    QCOMPARE(workers.size(), 4);
    QCOMPARE(workers.runningCount(), 1);
    QVERIFY(workers.anyRunningUnder(kMain)); // w5
    QVERIFY(!workers.anyRunningUnder(kOrch));
    // Letting go of memory is not a deletion: the store keeps the rows.
    for (const WorkerChange &change : std::as_const(changes.workerChanges))
        QCOMPARE(change.kind, WorkerChange::Kind::Upsert);
    // The ending of a worker removed since is skipped, and does not count against the others.
    workers.remove(key(0));
    end(key(5), 207);
    QVERIFY(workers.contains(key(3)) && workers.contains(key(4)) && workers.contains(key(5)));
    QCOMPARE(workers.size(), 3);
    QCOMPARE(workers.runningCount(), 0);
    QVERIFY(!workers.anyRunningUnder(kMain));
}

void TestRegistries::bindingsAreKeptBothWays()
{
    ChangeSet changes;
    OrchestratorRegistry registry(changes);
    QVERIFY(registry.bind(kMain, kOrch, 100));
    QVERIFY(!registry.bind(kMain, kOrch, 200)); // already so
    QVERIFY(!registry.bind(kMain, SessionKey(), 200));
    QCOMPARE(changes.bindingChanges.size(), 1);
    QCOMPARE(changes.bindingChanges.first().record, (BindingRecord{kMain, kOrch, 100}));
    QVERIFY(registry.isOrchestrator(kOrch));
    QCOMPARE(registry.orchestratorFor(kMain), kOrch);
    QCOMPARE(registry.requesterOf(kOrch), kMain);
    QCOMPARE(registry.lastTouch(kOrch, 0), 100);
    registry.touch(kOrch, 150);
    QCOMPARE(registry.lastTouch(kOrch, 0), 150);
}

void TestRegistries::retiringRemovesTheBindingOnly()
{
    ChangeSet changes;
    OrchestratorRegistry registry(changes);
    registry.bind(kMain, kOrch, 100);
    const SessionKey next(QStringLiteral("agent:main:subagent:next"));
    registry.bind(kMain, next, 110); // the requester moved on
    changes.clear();
    registry.retire(kOrch, QStringLiteral("test"));
    QVERIFY(!registry.isOrchestrator(kOrch));
    QVERIFY(!registry.sessionAlive(kOrch));
    QCOMPARE(registry.orchestratorFor(kMain), next); // the newer binding stays
    QCOMPARE(changes.bindingChanges.size(), 1);
    QCOMPARE(changes.bindingChanges.first().kind, BindingChange::Kind::DeleteByOrchestrator);

    registry.retire(next, QStringLiteral("test"));
    QVERIFY(registry.orchestratorFor(kMain).isEmpty());
    QCOMPARE(changes.bindingChanges.last().kind, BindingChange::Kind::DeleteByRequester);
    // Bound again, a retired orchestrator is alive again.
    QVERIFY(registry.bind(kMain, kOrch, 300));
    QVERIFY(registry.sessionAlive(kOrch));
}

void TestRegistries::liveTargetWalksUpTheChain()
{
    ChangeSet changes;
    OrchestratorRegistry registry(changes);
    registry.bind(kMain, kOrch, 0);
    registry.bind(kOrch, kInner, 0);
    QCOMPARE(registry.liveTargetFor(kInner, kMain), kInner);
    registry.noteSessionEnded(kInner);
    QCOMPARE(registry.liveTargetFor(kInner, kMain), kOrch);
    registry.noteSessionEnded(kOrch);
    QCOMPARE(registry.liveTargetFor(kInner, kMain), kMain);
    // A session with no known chain falls back to the requester it names.
    const SessionKey stray(QStringLiteral("agent:main:subagent:stray"));
    registry.noteSessionEnded(stray);
    QCOMPARE(registry.liveTargetFor(stray, kMain), kMain);
    QCOMPARE(registry.liveTargetFor(stray, SessionKey()), stray);
}

QTEST_GUILESS_MAIN(TestRegistries)
#include "tst_registries.moc"
