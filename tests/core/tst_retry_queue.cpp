// The retry queue on its own: one retry per task key in queueing order, the scheduler's choice of
// what goes now (forced, due, paused, free slots), the respawn watches, the budget and the
// changes the console is sent.

#include "core/RetryQueue.h"

#include <QTest>

using namespace clawops::core;

namespace {

RetryEnvelope retryOf(const QString &key, TimeMs runAfter, bool forced = false,
                      const QString &requester = QStringLiteral("agent:main:subagent:o"))
{
    RetryEnvelope envelope;
    envelope.taskKey = TaskKey(key);
    envelope.taskId = TaskId(key + QStringLiteral("-a1"));
    envelope.requesterSessionKey = SessionKey(requester);
    envelope.runAfterMs = runAfter;
    envelope.operatorForced = forced;
    return envelope;
}

template<typename Envelopes> QStringList keysOf(const Envelopes &envelopes)
{
    QStringList out;
    for (const RetryEnvelope &envelope : envelopes)
        out.append(envelope.taskKey);
    return out;
}

template<typename Id> QStringList sorted(const QList<Id> &ids)
{
    QStringList out;
    for (const Id &id : ids)
        out.append(id);
    out.sort();
    return out;
}

} // namespace

class TestRetryQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneRetryPerKeyInQueueingOrder();
    void changesNameWhatMovedSinceTheyWereTaken();
    void tooManyChangesBecomeTheWholeQueue();
    void requestersAreCountedThroughReplacesAndDrops();
    void dueNowFollowsThePluginsTurn();
    void failedSendGivesTheRetryBack();
    void outageExtendsTheWatches();
    void queueingEndsTheRespawnWatch();
    void expiredWatchesAreTakenOnce();
    void budgetIsRecordedForTheStore();
};

void TestRetryQueue::oneRetryPerKeyInQueueingOrder()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    queue.enqueue(retryOf(QStringLiteral("a"), 10));
    queue.enqueue(retryOf(QStringLiteral("b"), 20));
    queue.enqueue(retryOf(QStringLiteral("a"), 30)); // the newer retry of a, queued last
    QCOMPARE(keysOf(queue.queued()), (QStringList{QStringLiteral("b"), QStringLiteral("a")}));
    QCOMPARE(queue.queued().back().runAfterMs, 30);
    QCOMPARE(queue.find(TaskKey(QStringLiteral("a")))->runAfterMs, 30);
    QVERIFY(!queue.find(TaskKey(QStringLiteral("c"))));
    QVERIFY(queue.anyFor(SessionKey(QStringLiteral("agent:main:subagent:o"))));
    QVERIFY(!queue.anyFor(SessionKey(QStringLiteral("agent:main:main"))));
    QVERIFY(queue.drop(TaskKey(QStringLiteral("b"))));
    QVERIFY(!queue.drop(TaskKey(QStringLiteral("b"))));
    QCOMPARE(queue.size(), 1);
}

void TestRetryQueue::changesNameWhatMovedSinceTheyWereTaken()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    QVERIFY(queue.takeChanges().whole); // nobody has seen the queue yet
    QVERIFY(queue.takeChanges().isEmpty());

    queue.enqueue(retryOf(QStringLiteral("a"), 10));
    queue.enqueue(retryOf(QStringLiteral("b"), 20));
    RetryQueueChanges taken = queue.takeChanges();
    QVERIFY(!taken.whole);
    QCOMPARE(sorted(taken.queued), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(taken.left.isEmpty());

    // A retry of the same attempt replaced: changed, nothing left. Of another attempt: the old
    // attempt's row leaves.
    queue.enqueue(retryOf(QStringLiteral("a"), 30));
    taken = queue.takeChanges();
    QCOMPARE(sorted(taken.queued), QStringList{QStringLiteral("a")});
    QVERIFY(taken.left.isEmpty());
    RetryEnvelope second = retryOf(QStringLiteral("a"), 40);
    second.taskId = TaskId(QStringLiteral("a-a2"));
    queue.enqueue(second);
    taken = queue.takeChanges();
    QCOMPARE(sorted(taken.queued), QStringList{QStringLiteral("a")});
    QCOMPARE(sorted(taken.left), QStringList{QStringLiteral("a-a1")});

    // Dropped: gone, whether or not the console saw it queued. A miss changes nothing.
    QVERIFY(queue.drop(TaskKey(QStringLiteral("b"))));
    queue.enqueue(retryOf(QStringLiteral("c"), 50));
    QVERIFY(queue.drop(TaskKey(QStringLiteral("c"))));
    QVERIFY(!queue.drop(TaskKey(QStringLiteral("missing"))));
    taken = queue.takeChanges();
    QVERIFY(taken.queued.isEmpty());
    QCOMPARE(sorted(taken.left), (QStringList{QStringLiteral("b-a1"), QStringLiteral("c-a1")}));
    QVERIFY(queue.takeChanges().isEmpty());
    QCOMPARE(keysOf(queue.queued()), QStringList{QStringLiteral("a")});
}

void TestRetryQueue::tooManyChangesBecomeTheWholeQueue()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    queue.takeChanges();
    for (int i = 0; i < 5000; ++i) {
        const QString key = QStringLiteral("k%1").arg(i);
        queue.enqueue(retryOf(key, i));
        queue.drop(TaskKey(key));
    }
    queue.enqueue(retryOf(QStringLiteral("kept"), 1));
    const RetryQueueChanges taken = queue.takeChanges();
    QVERIFY(taken.whole);
    QVERIFY(taken.queued.isEmpty());
    QVERIFY(taken.left.isEmpty());
    QVERIFY(queue.takeChanges().isEmpty());
    QCOMPARE(queue.size(), 1);
}

void TestRetryQueue::requestersAreCountedThroughReplacesAndDrops()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    const SessionKey o(QStringLiteral("agent:main:subagent:o"));
    const SessionKey p(QStringLiteral("agent:main:subagent:p"));
    queue.enqueue(retryOf(QStringLiteral("a"), 10));
    queue.enqueue(retryOf(QStringLiteral("b"), 10));
    queue.enqueue(retryOf(QStringLiteral("a"), 20, false, p)); // a now retries for p
    QVERIFY(queue.anyFor(o));
    QVERIFY(queue.anyFor(p));
    queue.drop(TaskKey(QStringLiteral("b")));
    QVERIFY(!queue.anyFor(o));
    QVERIFY(queue.anyFor(p));
    queue.drop(TaskKey(QStringLiteral("a")));
    QVERIFY(!queue.anyFor(p));
    QCOMPARE(queue.size(), 0);
}

void TestRetryQueue::dueNowFollowsThePluginsTurn()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    queue.enqueue(retryOf(QStringLiteral("due-1"), 100));
    queue.enqueue(retryOf(QStringLiteral("later"), 500));
    queue.enqueue(retryOf(QStringLiteral("forced"), 100, true));
    queue.enqueue(retryOf(QStringLiteral("due-2"), 100));
    queue.enqueue(retryOf(QStringLiteral("forced-behind"), 100, true));
    queue.enqueue(retryOf(QStringLiteral("forced-resend"), 900, true)); // its send failed

    QCOMPARE(keysOf(queue.dueNow(100, 5, false)),
             (QStringList{"due-1", "forced", "due-2", "forced-behind"}));
    // Forced retries take no slot and ignore the pause; the others wait for both.
    QCOMPARE(keysOf(queue.dueNow(100, 5, true)), (QStringList{"forced", "forced-behind"}));
    QCOMPARE(keysOf(queue.dueNow(1000, 2, false)), (QStringList{"due-1", "later", "forced"}));
    QCOMPARE(keysOf(queue.dueNow(1000, 5, true)),
             (QStringList{"forced", "forced-behind", "forced-resend"}));
    // Like the plugin's loop, the turn ends at the first due retry that finds no slot, and the
    // forced retry queued behind it waits for the next turn.
    QCOMPARE(keysOf(queue.dueNow(100, 1, false)), (QStringList{"due-1", "forced"}));
    QCOMPARE(keysOf(queue.dueNow(100, 0, false)), QStringList{});
    // Choosing changes nothing: the scheduler drops what it sends.
    QCOMPARE(queue.size(), 6);
}

void TestRetryQueue::failedSendGivesTheRetryBack()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    const TaskKey key(QStringLiteral("a"));
    RetryEnvelope sent = retryOf(QStringLiteral("a"), 10);
    sent.attempt = 2;
    queue.watchRespawn(key, {sent.taskId, SessionKey(QStringLiteral("o")), 50,
                             QStringLiteral("retry:a-a1:2"), sent});
    QVERIFY(!queue.takeFailedSend(key, QStringLiteral("retry:a-a1:1")));
    QVERIFY(!queue.takeFailedSend(TaskKey(QStringLiteral("b")), QStringLiteral("retry:a-a1:2")));
    const std::optional<RetryEnvelope> back =
        queue.takeFailedSend(key, QStringLiteral("retry:a-a1:2"));
    QVERIFY(back.has_value());
    QCOMPARE(back->attempt, 2);
    QVERIFY(queue.takeExpiredWatches(1000).isEmpty()); // the watch ended with it
    // A watch restored after a restart has no send to give back.
    queue.watchRespawn(key, {sent.taskId, SessionKey(QStringLiteral("o")), 50, {}, {}});
    QVERIFY(!queue.takeFailedSend(key, QString()));
}

void TestRetryQueue::outageExtendsTheWatches()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    queue.watchRespawn(
        TaskKey(QStringLiteral("a")),
        {TaskId(QStringLiteral("a-a1")), SessionKey(QStringLiteral("o")), 50, {}, {}});
    queue.watchRespawn(
        TaskKey(QStringLiteral("b")),
        {TaskId(QStringLiteral("b-a1")), SessionKey(QStringLiteral("o")), 500, {}, {}});
    queue.extendWatches(300);
    QVERIFY(queue.takeExpiredWatches(299).isEmpty());
    QCOMPARE(queue.takeExpiredWatches(300).size(), 1);
    QCOMPARE(queue.takeExpiredWatches(500).first().taskId, QStringLiteral("b-a1"));
}

void TestRetryQueue::queueingEndsTheRespawnWatch()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    const TaskKey key(QStringLiteral("a"));
    queue.watchRespawn(
        key, {TaskId(QStringLiteral("a-a1")), SessionKey(QStringLiteral("o")), 50, {}, {}});
    queue.enqueue(retryOf(QStringLiteral("a"), 10));
    QVERIFY(queue.takeExpiredWatches(1000).isEmpty());
}

void TestRetryQueue::expiredWatchesAreTakenOnce()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    queue.watchRespawn(
        TaskKey(QStringLiteral("a")),
        {TaskId(QStringLiteral("a-a1")), SessionKey(QStringLiteral("o")), 50, {}, {}});
    queue.watchRespawn(
        TaskKey(QStringLiteral("b")),
        {TaskId(QStringLiteral("b-a1")), SessionKey(QStringLiteral("o")), 80, {}, {}});
    QVERIFY(queue.takeExpiredWatches(49).isEmpty());
    const QList<RespawnWatch> first = queue.takeExpiredWatches(50);
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.first().taskId, QStringLiteral("a-a1"));
    QVERIFY(queue.takeExpiredWatches(60).isEmpty());
    queue.stopWatching(TaskKey(QStringLiteral("b")));
    QVERIFY(queue.takeExpiredWatches(100).isEmpty());
}

void TestRetryQueue::budgetIsRecordedForTheStore()
{
    ChangeSet changes;
    RetryQueue queue(changes);
    const TaskKey key(QStringLiteral("a"));
    queue.restoreCount(key, 1);
    queue.restoreCount(TaskKey(QStringLiteral("b")), -3);
    QVERIFY(changes.retryCounts.isEmpty());
    QCOMPARE(queue.retriesUsed(key), 1);
    QCOMPARE(queue.retriesUsed(TaskKey(QStringLiteral("b"))), 0);
    QCOMPARE(queue.retriesUsed(TaskKey(QStringLiteral("c")), 7), 7);
    queue.setRetriesUsed(key, 2, 1234);
    QCOMPARE(queue.retriesUsed(key), 2);
    QCOMPARE(changes.retryCounts, (QList<RetryCountRecord>{{key, 2, 1234}}));
}

QTEST_GUILESS_MAIN(TestRetryQueue)
#include "tst_retry_queue.moc"
