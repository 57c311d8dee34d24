#pragma once

#include "Connection.h"
#include "StoreTypes.h"

#include <QSqlQuery>
#include <QString>

namespace clawops::store {

struct SqlDialect;

// Who asks for the leader lease: an id unique to this engine process (host, pid and a random
// part, see makeLeaseHolder), the host the console shows to the others, and the operator.
struct LeaseHolder
{
    QString id;
    QString host;
    QString operatorName;
};

// A lease the engine holds: the fencing epoch every write transaction of the acting engine checks,
// and how long each renewal lasts.
struct Fence
{
    QString holder;
    qint64 epoch = 0;
    int ttlMs = 10000;
};

// The clawops_lease row as one read saw it, and whether the reader holds the lease.
struct LeaseState
{
    bool held = false; // by the holder that asked
    QString holder;    // empty: never taken
    QString holderHost;
    QString operatorName;
    qint64 epoch = 0;
    qint64 expiresAtMs = 0; // the database's clock
    qint64 databaseNowMs = 0;
};

// An id for this process: host, pid and a random part, so that two engines on one host and an
// engine restarted with a recycled pid never share one.
LeaseHolder makeLeaseHolder(const QString &operatorName);

// The leader lease of a shared store, one row of clawops_lease, with the database's clock as the
// only clock its expiry is measured on (two consoles' wall clocks may disagree by seconds; the
// server's is the one both see). Statements prepared once on the connection given.
class LeaseTable
{
public:
    LeaseTable(const Connection &connection, const SqlDialect &dialect);
    LeaseTable(const LeaseTable &) = delete;
    LeaseTable &operator=(const LeaseTable &) = delete;

    QString prepare();

    // In a transaction of its own: takes the lease (epoch + 1) when it is free, expired, or left
    // behind by a process of this host that no longer runs (a crashed engine restarting need not
    // wait for its own old lease), and says who holds it afterwards.
    StoreResult<LeaseState> acquire(const LeaseHolder &holder, int ttlMs);
    // Inside the caller's open write transaction: extends the lease by its TTL if it is still
    // `fence`'s epoch and holder. False when it is not: someone else took over, and nothing of
    // this transaction may be committed.
    StoreResult<bool> extendWithin(const Fence &fence);
    // Lets the lease expire now, when it is still ours: a clean stop hands over at once instead
    // of after the TTL.
    StoreError release(const Fence &fence);
    StoreResult<LeaseState> read();

private:
    StoreError failed(QSqlQuery &query, const QString &what);
    StoreResult<LeaseState> readRow(const QString &holder);

    const Connection &m_connection;
    const SqlDialect &m_dialect;
    QSqlQuery m_ensureRow;
    QSqlQuery m_take;
    QSqlQuery m_extend;
    QSqlQuery m_release;
    QSqlQuery m_read;
};

} // namespace clawops::store
