// The leader lease and its fence, on SQLite and on PostgreSQL: one holder at a time, epochs that
// only grow, writes at an old epoch refused whole, a released or abandoned lease taken at once.
// Expiry is made by writing the row (a past expires_at), never by waiting for a clock.

#include "PgServer.h"
#include "StoreTestUtil.h"
#include "store/Lease.h"
#include "store/Store.h"

#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace clawops;
using namespace clawops::store;
using namespace clawops::store::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int kTtlMs = 10000;

LeaseHolder holderNamed(const QString &operatorName)
{
    return makeLeaseHolder(operatorName);
}

core::ChangeSet oneTask(const QString &id)
{
    core::ChangeSet changes;
    changes.taskUpserts.append(makeTask(id, 1000));
    return changes;
}

} // namespace

class TestLease : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void oneHolderAtATime_data() { backends(); }
    void oneHolderAtATime();
    void fenceRefusesAnOldEpoch_data() { backends(); }
    void fenceRefusesAnOldEpoch();
    void fencedWriteRenewsTheLease_data() { backends(); }
    void fencedWriteRenewsTheLease();
    void releaseHandsOverAtOnce_data() { backends(); }
    void releaseHandsOverAtOnce();
    void goneHolderOnThisHostIsReplaced_data() { backends(); }
    void goneHolderOnThisHostIsReplaced();
    void liveHolderElsewhereIsNotReplaced_data() { backends(); }
    void liveHolderElsewhereIsNotReplaced();

private:
    void backends();
    // A fresh store of the row's backend, opened by `stores` engines.
    QString freshLocation();
    void openStores(const QString &location, Store &a, Store &b);

    PgServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    int m_databases = 0;
};

void TestLease::initTestCase()
{
    // No PostgreSQL is a failure, not a skip: ./scripts/install-deps installs it.
    const QString error = m_server.start();
    QVERIFY2(error.isEmpty(), qPrintable(u"cannot start a PostgreSQL server: "_s + error));
}

void TestLease::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestLease::cleanup()
{
    m_dir.reset();
}

void TestLease::backends()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("postgres") << true;
}

QString TestLease::freshLocation()
{
    QFETCH(bool, postgres);
    if (!postgres)
        return m_dir->filePath(u"store-%1.db"_s.arg(++m_databases));
    const QString name = u"lease_%1"_s.arg(++m_databases);
    if (const QString error = m_server.createDatabase(name); !error.isEmpty())
        qWarning("%s", qPrintable(error));
    return m_server.url(name);
}

void TestLease::openStores(const QString &location, Store &a, Store &b)
{
    QVERIFY(!location.isEmpty());
    const StoreError first = a.open(location);
    QVERIFY2(!first, qPrintable(first.message));
    const StoreError second = b.open(location);
    QVERIFY2(!second, qPrintable(second.message));
}

void TestLease::oneHolderAtATime()
{
    Store a;
    Store b;
    openStores(freshLocation(), a, b);
    const LeaseHolder alice = holderNamed(u"alice"_s);
    const LeaseHolder bob = holderNamed(u"bob"_s);
    QVERIFY(alice.id != bob.id);

    const StoreResult<LeaseState> took = a.acquireLease(alice, kTtlMs);
    QVERIFY2(took.isOk(), qPrintable(took.error().message));
    QVERIFY(took.value().held);
    QCOMPARE(took.value().epoch, 1);
    QCOMPARE(took.value().operatorName, u"alice"_s);

    const StoreResult<LeaseState> refused = b.acquireLease(bob, kTtlMs);
    QVERIFY2(refused.isOk(), qPrintable(refused.error().message));
    QVERIFY(!refused.value().held);
    QCOMPARE(refused.value().holder, alice.id);
    QCOMPARE(refused.value().holderHost, QSysInfo::machineHostName());
    QCOMPARE(refused.value().operatorName, u"alice"_s);
    QCOMPARE(refused.value().epoch, 1);
    QVERIFY(refused.value().expiresAtMs > refused.value().databaseNowMs);
}

void TestLease::fenceRefusesAnOldEpoch()
{
    const QString location = freshLocation();
    Store a;
    Store b;
    openStores(location, a, b);
    const LeaseHolder alice = holderNamed(u"alice"_s);
    const LeaseHolder bob = holderNamed(u"bob"_s);
    QVERIFY(a.acquireLease(alice, kTtlMs).value().held);
    const Fence aliceFence{alice.id, 1, kTtlMs};
    QCOMPARE(a.apply(oneTask(u"before"_s), &aliceFence).message, QString());

    // Alice is paused past her TTL: the row says it expired, and Bob takes over.
    SideConnection side(location);
    QVERIFY(side.ok());
    QCOMPARE(side.exec(u"UPDATE clawops_lease SET expires_at = 0"_s), QString());
    const StoreResult<LeaseState> bobs = b.acquireLease(bob, kTtlMs);
    QVERIFY(bobs.value().held);
    QCOMPARE(bobs.value().epoch, 2);

    // Alice wakes up and writes at her old epoch: nothing of the batch is written.
    const StoreError refused = a.apply(oneTask(u"stale"_s), &aliceFence);
    QCOMPARE(refused.kind, StoreError::Kind::Fenced);
    QVERIFY(refused.message.contains(u"another engine"_s));
    QCOMPARE(
        side.scalar(u"SELECT COUNT(*) FROM orchestrator_tasks WHERE task_id = 'stale'"_s).toInt(),
        0);
    // Nor did her attempt touch Bob's lease.
    QCOMPARE(side.scalar(u"SELECT holder FROM clawops_lease"_s).toString(), bob.id);
    QCOMPARE(side.scalar(u"SELECT epoch FROM clawops_lease"_s).toLongLong(), 2);

    const Fence bobFence{bob.id, 2, kTtlMs};
    QCOMPARE(b.apply(oneTask(u"fresh"_s), &bobFence).message, QString());
    QCOMPARE(side.scalar(u"SELECT COUNT(*) FROM orchestrator_tasks"_s).toInt(), 2);
}

void TestLease::fencedWriteRenewsTheLease()
{
    const QString location = freshLocation();
    Store a;
    Store b;
    openStores(location, a, b);
    const LeaseHolder alice = holderNamed(u"alice"_s);
    QVERIFY(a.acquireLease(alice, kTtlMs).value().held);
    SideConnection side(location);
    QVERIFY(side.ok());
    // Nearly expired; an empty change set with the fence is a renewal and brings it back.
    QCOMPARE(side.exec(u"UPDATE clawops_lease SET expires_at = 5"_s), QString());
    const Fence fence{alice.id, 1, kTtlMs};
    QCOMPARE(a.apply(core::ChangeSet{}, &fence).message, QString());
    const LeaseState after = b.readLease().value();
    QCOMPARE(after.holder, alice.id);
    QCOMPARE(after.epoch, 1);
    QVERIFY(after.expiresAtMs > after.databaseNowMs);
    QVERIFY(after.expiresAtMs <= after.databaseNowMs + kTtlMs);
    QVERIFY(!b.acquireLease(holderNamed(u"bob"_s), kTtlMs).value().held);
}

void TestLease::releaseHandsOverAtOnce()
{
    Store a;
    Store b;
    openStores(freshLocation(), a, b);
    const LeaseHolder alice = holderNamed(u"alice"_s);
    QVERIFY(a.acquireLease(alice, kTtlMs).value().held);
    QCOMPARE(a.releaseLease(Fence{alice.id, 1, kTtlMs}).message, QString());
    const LeaseState bobs = b.acquireLease(holderNamed(u"bob"_s), kTtlMs).value();
    QVERIFY(bobs.held);
    QCOMPARE(bobs.epoch, 2);
    // A release at an old epoch lets nothing go.
    QCOMPARE(a.releaseLease(Fence{alice.id, 1, kTtlMs}).message, QString());
    QVERIFY(!a.acquireLease(alice, kTtlMs).value().held);
}

void TestLease::goneHolderOnThisHostIsReplaced()
{
    const QString location = freshLocation();
    Store a;
    Store b;
    openStores(location, a, b);
    SideConnection side(location);
    QVERIFY(side.ok());
    // An engine of this host that was killed: its pid (above any pid_max) runs no process.
    const QString host = QSysInfo::machineHostName();
    QCOMPARE(side.exec(u"UPDATE clawops_lease SET holder = ?, holder_host = ?, operator = 'x', "
                       "epoch = 7, expires_at = 9000000000000"_s,
                       {u"%1/4999999999/abc"_s.arg(host), host}),
             QString());
    const LeaseState took = a.acquireLease(holderNamed(u"alice"_s), kTtlMs).value();
    QVERIFY(took.held);
    QCOMPARE(took.epoch, 8);
}

void TestLease::liveHolderElsewhereIsNotReplaced()
{
    const QString location = freshLocation();
    Store a;
    Store b;
    openStores(location, a, b);
    SideConnection side(location);
    QVERIFY(side.ok());
    // The same pid on another host says nothing about a process there.
    QCOMPARE(side.exec(u"UPDATE clawops_lease SET holder = 'elsewhere/4999999999/abc', "
                       "holder_host = 'elsewhere', operator = 'x', epoch = 7, "
                       "expires_at = 9000000000000"_s),
             QString());
    const LeaseState refused = a.acquireLease(holderNamed(u"alice"_s), kTtlMs).value();
    QVERIFY(!refused.held);
    QCOMPARE(refused.holderHost, u"elsewhere"_s);
    QCOMPARE(refused.epoch, 7);
}

QTEST_GUILESS_MAIN(TestLease)
#include "tst_lease.moc"
