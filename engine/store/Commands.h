#pragma once

#include "Connection.h"
#include "Lease.h"
#include "StoreTypes.h"
#include "core/OperatorCommand.h"
#include "core/Records.h"

#include <QList>

namespace clawops::store {

struct SqlDialect;

// An operator command another console queued in clawops_commands for the acting engine.
struct QueuedCommand
{
    qint64 id = 0;
    core::OperatorCommand command;
};

// Where a queued command stands. Pending: nobody took it yet. Running: the acting engine of
// epoch `claimedByEpoch` took it and runs it; it becomes done or failed in the transaction that
// holds its changes, or, when that engine lost the lease first, a later acting engine takes it
// again. Done and failed carry the result (core::commandResultToJson); withdrawn is final: the
// sending console gave up on it and no engine will run it.
enum class CommandStatus
{
    Pending,
    Running,
    Done,
    Failed,
    Withdrawn,
};

QString commandStatusName(CommandStatus status);

struct CommandState
{
    CommandStatus status = CommandStatus::Pending;
    QString result;
    qint64 claimedByEpoch = 0;
    qint64 executedByEpoch = 0;
};

// The tables of the consoles sharing a store: the command queue and the Inbox claims. Statements
// are built per call: they run a few times a second at most.
class TeamTables
{
public:
    TeamTables(const Connection &connection, const SqlDialect &dialect, LeaseTable &lease);
    TeamTables(const TeamTables &) = delete;
    TeamTables &operator=(const TeamTables &) = delete;

    // Queues a command as pending; its row id.
    StoreResult<qint64> enqueue(const core::OperatorCommand &command, core::TimeMs at);
    StoreResult<CommandState> state(qint64 id) const;
    // Withdraws a command nobody can still run: pending, or taken by an engine whose lease epoch
    // has passed (its transaction can no longer commit). False when it was done, failed or is
    // being run at the current epoch; then the caller waits for its result.
    StoreResult<bool> withdraw(qint64 id, core::TimeMs at);
    // In a transaction of its own under `fence` (refused with Kind::Fenced when its epoch is no
    // longer current): takes up to `limit` commands in id order, pending ones and those an engine
    // of an older epoch took and never finished, marking them running at the fence's epoch.
    StoreResult<QList<QueuedCommand>> claim(const Fence &fence, int limit);

    // Writes (or takes over) the claim on a task, with its audit row, in one transaction.
    StoreError writeClaim(const core::ClaimRecord &claim, const core::AuditRecord &audit);
    // Drops the claim on a task, with its audit row.
    StoreError releaseClaim(const core::TaskId &taskId, const core::AuditRecord &audit);
    StoreResult<QList<core::ClaimRecord>> claims() const;

private:
    StoreError run(QSqlQuery &query, const QString &sql, const QVariantList &values,
                   const char *what) const;
    StoreError begin() const;
    StoreError commit() const;
    void rollback() const;
    // Marks a row whose command does not read back as failed, so it is not taken again.
    StoreError failUnreadable(qint64 id, const Fence &fence);
    StoreError writeAudit(const core::AuditRecord &audit) const;

    const Connection &m_connection;
    const SqlDialect &m_dialect;
    LeaseTable &m_lease;
};

} // namespace clawops::store
