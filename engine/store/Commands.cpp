#include "Commands.h"

#include "PeerNews.h"
#include "SqlDialect.h"
#include "Tables.h"
#include "Values.h"
#include "core/CommandCodec.h"
#include "core/Logging.h"

#include <QSqlError>

namespace clawops::store {

namespace {

// A taken command is open for another engine when the epoch that took it is older than the
// epoch asked about: that engine's transaction can no longer commit.
constexpr char kOpenForEpoch[] =
    "(status = 'pending' OR (status = 'running' AND claimed_by_epoch < ?))";

StoreError fencedError(const Fence &fence)
{
    return StoreError{StoreError::Kind::Fenced,
                      QStringLiteral("The lease has passed to another engine (this engine held "
                                     "epoch %1); no queued command was taken.")
                          .arg(fence.epoch)};
}

std::optional<CommandStatus> statusFromName(const QString &name)
{
    for (const CommandStatus status :
         {CommandStatus::Pending, CommandStatus::Running, CommandStatus::Done,
          CommandStatus::Failed, CommandStatus::Withdrawn}) {
        if (commandStatusName(status) == name)
            return status;
    }
    return std::nullopt;
}

} // namespace

QString commandStatusName(CommandStatus status)
{
    switch (status) {
    case CommandStatus::Pending:
        return QStringLiteral("pending");
    case CommandStatus::Running:
        return QStringLiteral("running");
    case CommandStatus::Done:
        return QStringLiteral("done");
    case CommandStatus::Failed:
        return QStringLiteral("failed");
    case CommandStatus::Withdrawn:
        return QStringLiteral("withdrawn");
    }
    return {};
}

TeamTables::TeamTables(const Connection &connection, const SqlDialect &dialect, LeaseTable &lease)
    : m_connection(connection)
    , m_dialect(dialect)
    , m_lease(lease)
{}

StoreError TeamTables::run(QSqlQuery &query, const QString &sql, const QVariantList &values,
                           const char *what) const
{
    return m_connection.select(query, sql, values, what);
}

StoreError TeamTables::begin() const
{
    QSqlQuery query(m_connection.db);
    if (!query.exec(m_dialect.beginWrite))
        return m_connection.queryError(QStringLiteral("Starting a transaction"), query.lastError());
    return {};
}

StoreError TeamTables::commit() const
{
    QSqlQuery query(m_connection.db);
    if (!query.exec(QStringLiteral("COMMIT"))) {
        StoreError error = m_connection.queryError(QStringLiteral("Committing"), query.lastError());
        rollback();
        return error;
    }
    return {};
}

void TeamTables::rollback() const
{
    QSqlQuery query(m_connection.db);
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCInfo(lcStore).noquote() << "rollback:" << errorText(query.lastError());
}

StoreResult<qint64> TeamTables::enqueue(const core::OperatorCommand &command, core::TimeMs at)
{
    QSqlQuery query(m_connection.db);
    if (StoreError error = run(
            query,
            QStringLiteral("INSERT INTO clawops_commands(created_at, operator, console_host, kind, "
                           "task_id, arguments, status) VALUES (?, ?, ?, ?, ?, ?, 'pending') "
                           "RETURNING id"),
            {at, values::requiredText(command.operatorName),
             values::requiredText(command.consoleHost), core::commandName(command.kind),
             values::nullableText(command.taskId.str()),
             QString::fromUtf8(core::commandToJson(command))},
            "Queueing a command"))
        return error;
    if (!query.next())
        return m_connection.queryError(QStringLiteral("Queueing a command"), query.lastError());
    const qint64 id = query.value(0).toLongLong();
    // The row is in (autocommit); the acting engine polls for it anyway, so a lost notice only
    // costs time.
    if (const QSqlError refused = announceToPeers(m_connection.db, m_dialect, PeerNews::Commands);
        refused.isValid())
        qCInfo(lcStore).noquote() << "queued command" << id
                                  << "not announced:" << errorText(refused);
    return id;
}

StoreResult<CommandState> TeamTables::state(qint64 id) const
{
    QSqlQuery query(m_connection.db);
    if (StoreError error =
            run(query,
                QStringLiteral("SELECT status, result, claimed_by_epoch, "
                               "executed_by_epoch FROM clawops_commands WHERE id = ?"),
                {id}, "Reading a queued command"))
        return error;
    if (!query.next())
        return StoreError{StoreError::Kind::Query,
                          QStringLiteral("Queued command %1 is not in “%2”.")
                              .arg(id)
                              .arg(nativePath(m_connection.path))};
    CommandState state;
    state.status = statusFromName(query.value(0).toString()).value_or(CommandStatus::Failed);
    state.result = query.value(1).toString();
    state.claimedByEpoch = query.value(2).toLongLong();
    state.executedByEpoch = query.value(3).toLongLong();
    return state;
}

StoreResult<bool> TeamTables::withdraw(qint64 id, core::TimeMs at)
{
    const core::CommandResult withdrawn =
        core::CommandResult::refused(core::CommandResult::Kind::Withdrawn);
    QSqlQuery query(m_connection.db);
    if (StoreError error =
            run(query,
                QStringLiteral("UPDATE clawops_commands SET status = 'withdrawn', result = ?, "
                               "executed_at = ? WHERE id = ? AND (status = 'pending' OR (status = "
                               "'running' AND claimed_by_epoch < (SELECT epoch FROM clawops_lease "
                               "WHERE id = 1)))"),
                {QString::fromUtf8(core::commandResultToJson(withdrawn)), at, id},
                "Withdrawing a command"))
        return error;
    return query.numRowsAffected() == 1;
}

StoreError TeamTables::failUnreadable(qint64 id, const Fence &fence)
{
    qCWarning(lcStore) << "queued command" << id << "does not read back; marked failed";
    QSqlQuery query(m_connection.db);
    return run(query,
               QStringLiteral("UPDATE clawops_commands SET status = 'failed', result = ?, "
                              "executed_by_epoch = ? WHERE id = ?"),
               {QStringLiteral("unreadable command"), fence.epoch, id},
               "Refusing a queued command");
}

StoreResult<QList<QueuedCommand>> TeamTables::claim(const Fence &fence, int limit)
{
    // Asked several times a second: a read, not a write transaction, when nothing is queued. The
    // read also looks at the lease as extendWithin does (holder and epoch), so an engine that lost
    // it hears so even when there is nothing to take.
    {
        QSqlQuery probe(m_connection.db);
        if (StoreError error =
                run(probe,
                    QStringLiteral("SELECT (SELECT COUNT(*) FROM clawops_lease WHERE id = 1 AND "
                                   "holder = ? AND epoch = ?), (SELECT id FROM clawops_commands "
                                   "WHERE %1 LIMIT 1)")
                        .arg(QLatin1String(kOpenForEpoch)),
                    {fence.holder, fence.epoch, fence.epoch}, "Reading queued commands"))
            return error;
        if (!probe.next())
            return m_connection.queryError(QStringLiteral("Reading queued commands"),
                                           probe.lastError());
        if (probe.value(0).toLongLong() == 0)
            return fencedError(fence);
        if (probe.value(1).isNull())
            return QList<QueuedCommand>{};
    }
    if (StoreError error = begin())
        return error;
    const StoreResult<bool> current = m_lease.extendWithin(fence);
    if (!current.isOk() || !current.value()) {
        rollback();
        if (!current.isOk())
            return current.error();
        return fencedError(fence);
    }
    QList<QueuedCommand> taken;
    QSqlQuery select(m_connection.db);
    if (StoreError error = run(select,
                               QStringLiteral("SELECT id, arguments FROM clawops_commands WHERE "
                                              "%1 ORDER BY id LIMIT ?")
                                   .arg(QLatin1String(kOpenForEpoch)),
                               {fence.epoch, limit}, "Reading queued commands")) {
        rollback();
        return error;
    }
    QList<std::pair<qint64, QByteArray>> open;
    while (select.next())
        open.append({select.value(0).toLongLong(), select.value(1).toString().toUtf8()});
    select.finish();
    for (const auto &[id, arguments] : std::as_const(open)) {
        const std::optional<core::OperatorCommand> command = core::commandFromJson(arguments);
        StoreError error;
        QSqlQuery update(m_connection.db);
        if (!command) {
            error = failUnreadable(id, fence);
        } else {
            // Conditional again: the row lock decides against a console withdrawing it.
            error = run(update,
                        QStringLiteral("UPDATE clawops_commands SET status = 'running', "
                                       "claimed_by_epoch = ? WHERE id = ? AND %1")
                            .arg(QLatin1String(kOpenForEpoch)),
                        {fence.epoch, id, fence.epoch}, "Taking a queued command");
        }
        if (error) {
            rollback();
            return error;
        }
        if (command && update.numRowsAffected() == 1)
            taken.append(QueuedCommand{id, *command});
    }
    if (StoreError error = commit())
        return error;
    return taken;
}

StoreError TeamTables::writeAudit(const core::AuditRecord &audit) const
{
    QSqlQuery query(m_connection.db);
    StoreError error =
        run(query, tables::audits().insert(1), tables::audits().values(audit), "Recording a claim");
    // The note's search index takes it in the same transaction (SqlDialect::searchSync).
    for (const QString &sql : m_dialect.searchSync) {
        if (!error)
            error = run(query, sql, {}, "Indexing the search");
    }
    return error;
}

StoreError TeamTables::writeClaim(const core::ClaimRecord &claim, const core::AuditRecord &audit)
{
    if (StoreError error = begin())
        return error;
    QSqlQuery query(m_connection.db);
    StoreError error = run(
        query,
        QStringLiteral("INSERT INTO clawops_claims(task_id, operator, console_host, claimed_at) "
                       "VALUES (?, ?, ?, ?) ") +
            m_dialect.upsertClause.arg(
                QStringLiteral("task_id"),
                QStringList{QStringLiteral("operator = %1")
                                .arg(m_dialect.excludedColumn.arg(QStringLiteral("operator"))),
                            QStringLiteral("console_host = %1")
                                .arg(m_dialect.excludedColumn.arg(QStringLiteral("console_host"))),
                            QStringLiteral("claimed_at = %1")
                                .arg(m_dialect.excludedColumn.arg(QStringLiteral("claimed_at")))}
                    .join(QStringLiteral(", "))),
        {values::requiredText(claim.taskId.str()), values::requiredText(claim.operatorName),
         values::requiredText(claim.consoleHost), claim.claimedAt},
        "Claiming a task");
    if (!error)
        error = writeAudit(audit);
    if (!error) {
        if (const QSqlError refused = announceToPeers(m_connection.db, m_dialect, PeerNews::Claims);
            refused.isValid())
            error = m_connection.queryError(QStringLiteral("Telling the other consoles"), refused);
    }
    if (error) {
        rollback();
        return error;
    }
    return commit();
}

StoreError TeamTables::releaseClaim(const core::TaskId &taskId, const core::AuditRecord &audit)
{
    if (StoreError error = begin())
        return error;
    QSqlQuery query(m_connection.db);
    StoreError error = run(query, QStringLiteral("DELETE FROM clawops_claims WHERE task_id = ?"),
                           {values::requiredText(taskId.str())}, "Releasing a claim");
    if (!error)
        error = writeAudit(audit);
    if (!error) {
        if (const QSqlError refused = announceToPeers(m_connection.db, m_dialect, PeerNews::Claims);
            refused.isValid())
            error = m_connection.queryError(QStringLiteral("Telling the other consoles"), refused);
    }
    if (error) {
        rollback();
        return error;
    }
    return commit();
}

StoreResult<QList<core::ClaimRecord>> TeamTables::claims() const
{
    QSqlQuery query(m_connection.db);
    if (StoreError error = run(query,
                               QStringLiteral("SELECT task_id, operator, console_host, claimed_at "
                                              "FROM clawops_claims ORDER BY task_id"),
                               {}, "Reading claims"))
        return error;
    QList<core::ClaimRecord> out;
    while (query.next()) {
        out.append(core::ClaimRecord{core::TaskId(query.value(0).toString()),
                                     query.value(1).toString(), query.value(2).toString(),
                                     query.value(3).toLongLong()});
    }
    return out;
}

} // namespace clawops::store
