#include "Lease.h"

#include "SqlDialect.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSysInfo>

#include <cerrno>
#include <csignal>

namespace clawops::store {

namespace {

constexpr QChar kIdSeparator = QLatin1Char('/');

// Whether the process that wrote `holderId` on this host is gone. Unknown (another host, an id
// that does not parse, a process we may not signal) counts as alive: waiting for the TTL is
// always safe, taking a live engine's lease never is.
bool holderIsGoneFromThisHost(const QString &holderId, const QString &holderHost,
                              const QString &ourHost)
{
    if (holderId.isEmpty() || holderHost != ourHost)
        return false;
    const QStringList parts = holderId.split(kIdSeparator);
    if (parts.size() < 3)
        return false;
    bool ok = false;
    const qint64 pid = parts.at(parts.size() - 2).toLongLong(&ok);
    if (!ok || pid <= 0 || pid == QCoreApplication::applicationPid())
        return false;
    return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

LeaseHolder makeLeaseHolder(const QString &operatorName)
{
    const QString host = QSysInfo::machineHostName();
    const QString id = QStringList{host, QString::number(QCoreApplication::applicationPid()),
                                   QString::number(QRandomGenerator::system()->generate64(), 36)}
                           .join(kIdSeparator);
    return LeaseHolder{id, host, operatorName};
}

LeaseTable::LeaseTable(const Connection &connection, const SqlDialect &dialect)
    : m_connection(connection)
    , m_dialect(dialect)
    , m_ensureRow(connection.db)
    , m_take(connection.db)
    , m_extend(connection.db)
    , m_release(connection.db)
    , m_read(connection.db)
{}

QString LeaseTable::prepare()
{
    const QString now = m_dialect.nowMs;
    const std::pair<QSqlQuery *, QString> all[] = {
        // The row exists from the migration on; a store someone emptied by hand gets it back.
        {&m_ensureRow, QStringLiteral("INSERT INTO clawops_lease(id, holder, holder_host, "
                                      "operator, epoch, expires_at) VALUES (1, '', '', '', 0, 0) "
                                      "ON CONFLICT(id) DO NOTHING")},
        // The conditions are evaluated again under the row's lock, so of two engines taking an
        // expired lease at once exactly one updates it.
        {&m_take, QStringLiteral("UPDATE clawops_lease SET holder = ?, holder_host = ?, "
                                 "operator = ?, epoch = epoch + 1, expires_at = %1 + ? WHERE id = "
                                 "1 AND (expires_at < %1 OR holder = ? OR holder = ?)")
                      .arg(now)},
        {&m_extend, QStringLiteral("UPDATE clawops_lease SET expires_at = %1 + ? WHERE id = 1 AND "
                                   "holder = ? AND epoch = ?")
                        .arg(now)},
        {&m_release, QStringLiteral("UPDATE clawops_lease SET expires_at = 0 WHERE id = 1 AND "
                                    "holder = ? AND epoch = ?")},
        {&m_read, QStringLiteral("SELECT holder, holder_host, operator, epoch, expires_at, %1 FROM "
                                 "clawops_lease WHERE id = 1")
                      .arg(now)},
    };
    for (const auto &[query, sql] : all) {
        if (!query->prepare(sql))
            return QStringLiteral("%1: %2").arg(sql.simplified(), errorText(query->lastError()));
    }
    return {};
}

StoreError LeaseTable::failed(QSqlQuery &query, const QString &what)
{
    StoreError error = m_connection.queryError(what, query.lastError());
    QSqlQuery rollback(m_connection.db);
    rollback.exec(QStringLiteral("ROLLBACK"));
    qCWarning(lcStore).noquote() << error.message;
    return error;
}

StoreResult<LeaseState> LeaseTable::readRow(const QString &holder)
{
    if (!m_read.exec())
        return m_connection.queryError(QStringLiteral("Reading the lease"), m_read.lastError());
    LeaseState state;
    if (m_read.next()) {
        state.holder = m_read.value(0).toString();
        state.holderHost = m_read.value(1).toString();
        state.operatorName = m_read.value(2).toString();
        state.epoch = m_read.value(3).toLongLong();
        state.expiresAtMs = m_read.value(4).toLongLong();
        state.databaseNowMs = m_read.value(5).toLongLong();
        state.held =
            !holder.isEmpty() && state.holder == holder && state.expiresAtMs >= state.databaseNowMs;
    }
    m_read.finish();
    return state;
}

StoreResult<LeaseState> LeaseTable::read()
{
    return readRow(QString());
}

StoreResult<LeaseState> LeaseTable::acquire(const LeaseHolder &holder, int ttlMs)
{
    QSqlQuery begin(m_connection.db);
    if (!begin.exec(m_dialect.beginWrite))
        return m_connection.queryError(QStringLiteral("Starting the lease transaction"),
                                       begin.lastError());
    if (!m_ensureRow.exec())
        return failed(m_ensureRow, QStringLiteral("Creating the lease"));
    StoreResult<LeaseState> before = readRow(holder.id);
    if (!before.isOk()) {
        failed(m_read, QStringLiteral("Reading the lease"));
        return before.error();
    }
    const QString abandoned =
        holderIsGoneFromThisHost(before.value().holder, before.value().holderHost, holder.host)
            ? before.value().holder
            : holder.id;
    m_take.bindValue(0, holder.id);
    m_take.bindValue(1, holder.host);
    m_take.bindValue(2, holder.operatorName);
    m_take.bindValue(3, ttlMs);
    m_take.bindValue(4, holder.id);
    m_take.bindValue(5, abandoned);
    if (!m_take.exec())
        return failed(m_take, QStringLiteral("Taking the lease"));
    const bool took = m_take.numRowsAffected() == 1;
    StoreResult<LeaseState> after = took ? readRow(holder.id) : std::move(before);
    if (!after.isOk()) {
        failed(m_read, QStringLiteral("Reading the lease"));
        return after.error();
    }
    QSqlQuery commit(m_connection.db);
    if (!commit.exec(QStringLiteral("COMMIT")))
        return failed(commit, QStringLiteral("Committing the lease"));
    if (took)
        qCInfo(lcStore).noquote() << "took the lease, epoch" << after.value().epoch
                                  << (abandoned != holder.id
                                          ? QStringLiteral("(its holder on this host is gone)")
                                          : QString());
    return after;
}

StoreResult<bool> LeaseTable::extendWithin(const Fence &fence)
{
    m_extend.bindValue(0, fence.ttlMs);
    m_extend.bindValue(1, fence.holder);
    m_extend.bindValue(2, fence.epoch);
    if (!m_extend.exec())
        return m_connection.queryError(QStringLiteral("Checking the lease"), m_extend.lastError());
    return m_extend.numRowsAffected() == 1;
}

StoreError LeaseTable::release(const Fence &fence)
{
    m_release.bindValue(0, fence.holder);
    m_release.bindValue(1, fence.epoch);
    if (!m_release.exec())
        return m_connection.queryError(QStringLiteral("Releasing the lease"),
                                       m_release.lastError());
    return {};
}

} // namespace clawops::store
