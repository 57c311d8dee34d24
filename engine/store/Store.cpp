#include "Store.h"

#include "ChangeWriter.h"
#include "Connection.h"
#include "Opener.h"
#include "Queries.h"
#include "SnapshotReader.h"
#include "SqlDialect.h"
#include "core/Logging.h"

#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>

namespace clawops::store {

struct Store::Private
{
    QString connectionName;
    Connection connection;
    // Both run statements on the connection and must go before it closes.
    std::unique_ptr<ChangeWriter> writer;
    std::unique_ptr<Queries> queries;
    std::unique_ptr<LeaseTable> lease;
    std::unique_ptr<TeamTables> team;
    std::unique_ptr<ConsoleRoll> roll;
    int version = 0;
    const SqlDialect *dialect = nullptr;
    std::function<void(PeerNews)> onPeerNews;
    bool hearsPeers = false;

    bool isOpen() const { return queries != nullptr; }
    void listen();
};

void Store::Private::listen()
{
    hearsPeers = false;
    if (!onPeerNews || !dialect || dialect->notifyPeers.isEmpty())
        return;
    QSqlDriver *driver = connection.db.driver();
    if (!driver || !driver->hasFeature(QSqlDriver::EventNotifications))
        return;
    const QString channel = QString::fromLatin1(kPeerChannel);
    if (!driver->subscribeToNotification(channel)) {
        qCWarning(lcStore).noquote() << "not listening to the other consoles (polling instead):"
                                     << errorText(driver->lastError());
        return;
    }
    // The driver is the context: its connection, and with it this subscription, ends with it.
    QObject::connect(
        driver, &QSqlDriver::notification, driver,
        [handler = onPeerNews, channel](const QString &name, QSqlDriver::NotificationSource source,
                                        const QVariant &payload) {
            // What this connection said itself it knows already.
            if (name != channel || source == QSqlDriver::SelfSource)
                return;
            if (const std::optional<PeerNews> news = peerNewsFromName(payload.toString()))
                handler(*news);
        });
    hearsPeers = true;
}

Store::Store()
    : d(std::make_unique<Private>())
{
    d->connectionName =
        QStringLiteral("clawops-store-%1").arg(reinterpret_cast<quintptr>(this), 0, 16);
}

Store::~Store()
{
    close();
}

StoreError Store::open(const QString &path, const OpenOptions &options)
{
    close();
    d->connection.path = path;
    opener::Opened opened;
    if (StoreError error = opener::open(d->connectionName, path, options, &opened))
        return error;
    d->connection.db = opened.db;
    d->version = opened.schemaVersion;

    d->dialect = opened.dialect;
    const SqlDialect &dialect = *opened.dialect;
    auto writer = std::make_unique<ChangeWriter>(d->connection, dialect, options.searchSyncMs);
    auto queries = std::make_unique<Queries>(d->connection, dialect);
    auto lease = std::make_unique<LeaseTable>(d->connection, dialect);
    QString error = writer->prepare();
    if (error.isEmpty())
        error = queries->prepare();
    if (error.isEmpty())
        error = lease->prepare();
    if (!error.isEmpty()) {
        writer.reset();
        queries.reset();
        lease.reset();
        close();
        return StoreError{StoreError::Kind::Query,
                          QStringLiteral("Cannot prepare the statements for “%1”: %2.")
                              .arg(nativePath(path), error)};
    }
    d->writer = std::move(writer);
    d->queries = std::move(queries);
    d->lease = std::move(lease);
    d->team = std::make_unique<TeamTables>(d->connection, dialect, *d->lease);
    d->roll = std::make_unique<ConsoleRoll>(d->connection, dialect);
    d->listen();
    qCInfo(lcStore).noquote() << "opened" << dialect.name << "store" << path << "schema"
                              << d->version
                              << (d->hearsPeers ? "(listening to other consoles)" : "");
    return {};
}

void Store::close()
{
    d->writer.reset();
    d->queries.reset();
    d->team.reset();
    d->roll.reset();
    d->lease.reset();
    opener::close(d->connection.db, d->connectionName);
    d->version = 0;
    d->hearsPeers = false;
}

StoreError Store::sayPresent(const ConsolePresence &me, int listedForMs)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->roll->sayPresent(me, listedForMs);
}

StoreError Store::sayGone(const QString &holderId)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->roll->sayGone(holderId);
}

StoreResult<QList<ConsolePresence>> Store::consolesPresent(const QString &exceptHolderId) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->roll->present(exceptHolderId);
}

void Store::listenToPeers(std::function<void(PeerNews)> onNews)
{
    d->onPeerNews = std::move(onNews);
    if (d->isOpen())
        d->listen();
}

bool Store::hearsPeers() const
{
    return d->isOpen() && d->hearsPeers;
}

bool Store::isOpen() const
{
    return d->isOpen();
}

QString Store::path() const
{
    return d->connection.path;
}

int Store::schemaVersion() const
{
    return d->isOpen() ? d->version : 0;
}

StoreError Store::checkIntegrity()
{
    if (!d->isOpen())
        return Connection::notOpen();
    // PostgreSQL checksums and checks its own pages; there is nothing like quick_check to run.
    if (!d->dialect->hasQuickCheck)
        return {};
    return opener::quickCheck(d->connection.db, d->connection.path);
}

StoreResult<core::Snapshot> Store::loadSnapshot(std::optional<core::TimeMs> now)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return readSnapshot(d->connection, now.value_or(QDateTime::currentMSecsSinceEpoch()));
}

StoreError Store::apply(const core::ChangeSet &changes, const Fence *fence)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->writer->apply(changes, fence);
}

StoreResult<LeaseState> Store::acquireLease(const LeaseHolder &holder, int ttlMs)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->lease->acquire(holder, ttlMs);
}

StoreError Store::releaseLease(const Fence &fence)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->lease->release(fence);
}

StoreResult<LeaseState> Store::readLease()
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->lease->read();
}

StoreResult<qint64> Store::enqueueCommand(const core::OperatorCommand &command, core::TimeMs at)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->team->enqueue(command, at);
}

StoreResult<CommandState> Store::commandState(qint64 id) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->team->state(id);
}

StoreResult<bool> Store::withdrawCommand(qint64 id, core::TimeMs at)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->team->withdraw(id, at);
}

StoreResult<QList<QueuedCommand>> Store::claimCommands(const Fence &fence, int limit)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->team->claim(fence, limit);
}

StoreError Store::writeClaim(const core::ClaimRecord &claim, const core::AuditRecord &audit)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->team->writeClaim(claim, audit);
}

StoreError Store::releaseClaim(const core::TaskId &taskId, const core::AuditRecord &audit)
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->team->releaseClaim(taskId, audit);
}

StoreResult<QList<core::ClaimRecord>> Store::claims() const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->team->claims();
}

core::ReadResult<core::TaskRecord> Store::findTask(const core::TaskId &taskId) const
{
    if (!d->isOpen())
        return core::ReadResult<core::TaskRecord>::failed(Connection::notOpen().message);
    return d->queries->findTask(taskId);
}

core::ReadResult<int> Store::highestAttempt(const core::TaskKey &taskKey) const
{
    if (!d->isOpen())
        return core::ReadResult<int>::failed(Connection::notOpen().message);
    return d->queries->highestAttempt(taskKey);
}

StoreResult<QList<core::TaskRecord>> Store::queryTasks(const core::TaskQuery &query,
                                                       const RowCounts &counts) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->tasks(query, counts);
}

StoreResult<int> Store::countTasks(const core::TaskQuery &query) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->countTasks(query);
}

StoreResult<core::StateCounts> Store::countByState() const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->countByState();
}

StoreResult<QList<core::TransitionRecord>> Store::transitionsFor(const core::TaskId &taskId) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->transitionsFor(taskId);
}

StoreResult<QList<core::AuditRecord>> Store::auditFor(const core::TaskId &taskId) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->auditFor(taskId);
}

StoreResult<QList<core::TransitionRecord>>
Store::transitionsOfWork(const core::TaskKey &taskKey) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->transitionsOfWork(taskKey);
}

StoreResult<QList<core::TaskRecord>> Store::attemptsFor(const core::TaskKey &taskKey) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->attemptsFor(taskKey);
}

StoreResult<QList<core::SuppressedSpawnRecord>>
Store::suppressedFor(const core::TaskKey &taskKey) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->suppressedFor(taskKey);
}

StoreResult<QList<core::PolicyViolationRecord>> Store::recentPolicyViolations(int limit) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->recentPolicyViolations(limit);
}

StoreResult<RecentTransitions> Store::transitionsSince(core::TimeMs since, int limit) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->transitionsSince(since, limit);
}

StoreResult<QList<core::TaskRecord>> Store::tasksUpdatedSince(core::TimeMs since, int limit) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->tasksUpdatedSince(since, limit);
}

StoreResult<RowsAfter<core::TransitionRecord>> Store::transitionsAfter(qint64 afterId,
                                                                       int limit) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->transitionsAfter(afterId, limit);
}

StoreResult<qint64> Store::lastTransitionId() const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->lastId(QStringLiteral("task_transitions"));
}

StoreResult<RowsAfter<core::PolicyViolationRecord>> Store::policyViolationsAfter(qint64 afterId,
                                                                                 int limit) const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->policyViolationsAfter(afterId, limit);
}

StoreResult<qint64> Store::lastPolicyViolationId() const
{
    if (!d->isOpen())
        return Connection::notOpen();
    return d->queries->lastId(QStringLiteral("policy_violations"));
}

} // namespace clawops::store
