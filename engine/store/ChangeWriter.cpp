#include "ChangeWriter.h"

#include "BoundValues.h"
#include "PeerNews.h"
#include "SqlDialect.h"
#include "Tables.h"
#include "Values.h"
#include "core/Logging.h"

#include <QHash>
#include <QSqlError>
#include <QStringList>

namespace clawops::store {

using values::requiredText;

namespace {

// Rows written to the searched tables after which the queues are indexed whatever the time: a
// search reads every queued row, and at full speed a second's worth is a few thousand.
constexpr qsizetype kSearchSyncRows = 8192;

} // namespace

ChangeWriter::ChangeWriter(const Connection &connection, const SqlDialect &dialect,
                           int searchSyncMs)
    : m_connection(connection)
    , m_dialect(dialect)
    , m_lease(connection, dialect)
    , m_begin(connection.db)
    , m_commit(connection.db)
    , m_rollback(connection.db)
    , m_bindDeleteOthers(connection.db)
    , m_upsertBinding(connection.db)
    , m_deleteBindingByRequester(connection.db)
    , m_deleteBindingByOrchestrator(connection.db)
    , m_completeCommand(connection.db)
    , m_releaseClaim(connection.db)
    , m_searchSyncMs(searchSyncMs)
{}

QString ChangeWriter::prepare()
{
    if (QString error = m_lease.prepare(); !error.isEmpty())
        return error;
    const std::pair<QSqlQuery *, QString> all[] = {
        // The plugin's setBinding: one requester per orchestrator, so the others go first.
        {&m_bindDeleteOthers, QStringLiteral("DELETE FROM orchestrator_bindings WHERE "
                                             "orchestrator_session_key = ? AND "
                                             "requester_session_key <> ?")},
        {&m_upsertBinding, tables::bindings().upsert(m_dialect)},
        {&m_deleteBindingByRequester,
         QStringLiteral("DELETE FROM orchestrator_bindings WHERE requester_session_key = ?")},
        {&m_deleteBindingByOrchestrator,
         QStringLiteral("DELETE FROM orchestrator_bindings WHERE orchestrator_session_key = ?")},
        // Only a command this engine's epoch took: a row another engine took or a console
        // withdrew is not ours to finish.
        {&m_completeCommand,
         QStringLiteral("UPDATE clawops_commands SET status = ?, result = ?, executed_at = ?, "
                        "executed_by_epoch = ? WHERE id = ? AND status = 'running' AND "
                        "claimed_by_epoch = ?")},
        {&m_releaseClaim, QStringLiteral("DELETE FROM clawops_claims WHERE task_id = ?")},
    };
    for (const auto &[query, sql] : all) {
        if (!query->prepare(sql))
            return QStringLiteral("%1: %2").arg(sql.simplified(), errorText(query->lastError()));
    }
    m_searchSync.clear();
    for (const QString &sql : m_dialect.searchSync) {
        QSqlQuery &sync = m_searchSync.emplace_back(m_connection.db);
        if (!sync.prepare(sql))
            return QStringLiteral("%1: %2").arg(sql.simplified(), errorText(sync.lastError()));
    }
    // The single-row forms now, so that a statement that cannot work fails the open.
    for (Rows rows :
         {m_dialect.splitUpsert ? Rows::TaskInsert : Rows::Tasks, Rows::TaskUpdate, Rows::Workers,
          Rows::DeleteWorkers, Rows::DeleteWorkersOfOrchestrators, Rows::Retries, Rows::Transitions,
          Rows::Audits, Rows::Suppressed, Rows::PolicyViolations}) {
        QString error;
        if (!statement(rows, 1, &error))
            return error;
    }
    return {};
}

QString ChangeWriter::sqlFor(Rows rows, int count) const
{
    switch (rows) {
    case Rows::Tasks:
        return tables::tasks().upsert(m_dialect, count);
    case Rows::TaskInsert:
        return tables::tasks().insertUnlessKeyExists(m_dialect);
    case Rows::TaskUpdate:
        return tables::tasks().updateByKey(m_dialect);
    case Rows::Workers:
        return tables::workers().upsert(m_dialect, count);
    case Rows::DeleteWorkers:
        return QStringLiteral("DELETE FROM orchestrator_workers WHERE child_session_key IN (%1)")
            .arg(QStringList(count, QStringLiteral("?")).join(QStringLiteral(", ")));
    case Rows::DeleteWorkersOfOrchestrators:
        return QStringLiteral(
                   "DELETE FROM orchestrator_workers WHERE orchestrator_session_key IN (%1)")
            .arg(QStringList(count, QStringLiteral("?")).join(QStringLiteral(", ")));
    case Rows::Retries:
        return tables::retries().upsert(m_dialect, count);
    case Rows::Transitions:
        return tables::transitions().insert(count, m_dialect.failingInsert);
    case Rows::Audits:
        return tables::audits().insert(count, m_dialect.failingInsert);
    case Rows::Suppressed:
        return tables::suppressed().insert(count, m_dialect.failingInsert);
    case Rows::PolicyViolations:
        return tables::policyViolations().insert(count, m_dialect.failingInsert);
    }
    return {};
}

QSqlQuery *ChangeWriter::statement(Rows rows, int count, QString *error)
{
    std::unique_ptr<QSqlQuery> &slot = m_statements[{rows, count}];
    if (!slot) {
        auto query = std::make_unique<QSqlQuery>(m_connection.db);
        const QString sql = sqlFor(rows, count);
        if (!query->prepare(sql)) {
            *error = QStringLiteral("%1: %2").arg(sql.simplified().left(200),
                                                  errorText(query->lastError()));
            m_statements.erase({rows, count});
            return nullptr;
        }
        slot = std::move(query);
    }
    return slot.get();
}

StoreError ChangeWriter::writeRows(Rows rows, const QList<QVariantList> &values,
                                   const QString &what)
{
    qsizetype at = 0;
    while (at < values.size()) {
        int count = std::max(1, m_dialect.rowsPerStatement);
        while (count > values.size() - at)
            count /= 2;
        QString error;
        QSqlQuery *query = statement(rows, count, &error);
        if (!query) {
            StoreError failure{StoreError::Kind::Query,
                               QStringLiteral("%1 in “%2” failed: %3")
                                   .arg(what, nativePath(m_connection.path), error)};
            m_rollback.exec(QStringLiteral("ROLLBACK"));
            qCWarning(lcStore).noquote() << failure.message;
            return failure;
        }
        if (count == 1) {
            setBoundValues(*query, values.at(at));
        } else {
            QVariantList bound;
            bound.reserve(values.at(at).size() * count);
            for (qsizetype row = at; row < at + count; ++row)
                bound.append(values.at(row));
            setBoundValues(*query, std::move(bound));
        }
        if (!query->exec())
            return failed(*query, what);
        at += count;
    }
    return {};
}

namespace {

template<class Record>
QList<QVariantList> allValues(const RowCodec<Record> &codec, const QList<Record> &records)
{
    QList<QVariantList> out;
    out.reserve(records.size());
    for (const Record &record : records)
        out.append(codec.values(record));
    return out;
}

} // namespace

StoreError ChangeWriter::apply(const core::ChangeSet &changes, const Fence *fence)
{
    if (changes.isEmpty() && !fence)
        return {};
    // Not prepared: PostgreSQL prepares only queries and DML, not transaction control.
    if (!m_begin.exec(m_dialect.beginWrite))
        return m_connection.queryError(QStringLiteral("Starting a transaction"),
                                       m_begin.lastError());
    // The lease row first: its row lock orders this transaction against another engine taking
    // the lease over, so either this commits at a current epoch or the taker sees it extended.
    if (fence) {
        const StoreResult<bool> current = m_lease.extendWithin(*fence);
        if (!current.isOk()) {
            m_rollback.exec(QStringLiteral("ROLLBACK"));
            return current.error();
        }
        if (!current.value()) {
            m_rollback.exec(QStringLiteral("ROLLBACK"));
            return StoreError{StoreError::Kind::Fenced,
                              QStringLiteral("The lease of “%1” has passed to another engine "
                                             "(this engine held epoch %2); nothing of this batch "
                                             "was written.")
                                  .arg(nativePath(m_connection.path))
                                  .arg(fence->epoch)};
        }
    }
    // Each step rolls back and reports on its own failure. Full task rows, last write wins,
    // created_at of the first: what the sequence of upserts would leave.
    StoreError error = writeTasks(tables::tasks().mergeByKey(changes.taskUpserts));
    if (!error)
        error = writeWorkers(changes.workerChanges);
    if (!error)
        error = writeBindings(changes.bindingChanges);
    if (!error)
        error = writeRows(Rows::Retries, tables::retries().mergeByKey(changes.retryCounts),
                          QStringLiteral("Saving the retry counts"));
    if (!error)
        error = writeRows(Rows::Transitions, allValues(tables::transitions(), changes.transitions),
                          QStringLiteral("Recording transitions"));
    if (!error)
        error = writeRows(Rows::Audits, allValues(tables::audits(), changes.audits),
                          QStringLiteral("Recording operator actions"));
    if (!error)
        error = writeRows(Rows::Suppressed, allValues(tables::suppressed(), changes.suppressed),
                          QStringLiteral("Recording suppressed spawns"));
    if (!error)
        error = writeRows(Rows::PolicyViolations,
                          allValues(tables::policyViolations(), changes.policyViolations),
                          QStringLiteral("Recording policy violations"));
    if (!error)
        error = writeCompletions(changes.commandCompletions, fence);
    if (!error)
        error = releaseResolvedClaims(changes.transitions);
    // Last before the commit: the search indexes join the transaction here and nowhere earlier
    // (SqlDialect::searchSync).
    const bool syncSearch = searchSyncDue(changes);
    for (QSqlQuery &sync : m_searchSync) {
        if (!error && syncSearch && !sync.exec())
            error = failed(sync, QStringLiteral("Indexing the search"));
    }
    if (!error && !changes.isEmpty()) {
        if (const QSqlError refused =
                announceToPeers(m_connection.db, m_dialect, PeerNews::Changes);
            refused.isValid()) {
            error = m_connection.queryError(QStringLiteral("Telling the other consoles"), refused);
            m_rollback.exec(QStringLiteral("ROLLBACK"));
        }
    }
    if (!error && !m_commit.exec(QStringLiteral("COMMIT")))
        error = failed(m_commit, QStringLiteral("Committing"));
    if (!error) {
        m_writtenSinceSearchSync += changes.taskUpserts.size() + changes.audits.size();
        if (syncSearch) {
            m_sinceSearchSync.start();
            m_writtenSinceSearchSync = 0;
        }
    }
    return error;
}

bool ChangeWriter::searchSyncDue(const core::ChangeSet &changes) const
{
    return !m_sinceSearchSync.isValid() || m_sinceSearchSync.elapsed() >= m_searchSyncMs ||
           m_writtenSinceSearchSync + changes.taskUpserts.size() + changes.audits.size() >=
               kSearchSyncRows;
}

StoreError ChangeWriter::failed(QSqlQuery &query, const QString &what)
{
    StoreError error = m_connection.queryError(what, query.lastError());
    if (!m_rollback.exec(QStringLiteral("ROLLBACK"))) {
        // SQLite rolls back by itself after some errors (disk full, I/O); then there is nothing
        // left to roll back and this failure is harmless.
        qCInfo(lcStore).noquote() << "rollback:" << errorText(m_rollback.lastError());
    }
    qCWarning(lcStore).noquote() << error.message;
    return error;
}

StoreError ChangeWriter::writeTasks(const QList<QVariantList> &rows)
{
    const QString what = QStringLiteral("Saving tasks");
    if (!m_dialect.splitUpsert)
        return writeRows(Rows::Tasks, rows, what);
    // Only the tasks table needs the split: its search triggers make every statement on it one
    // that may write twice. The workers' and retries' upserts write one row and copy nothing.
    for (const QVariantList &row : rows) {
        if (StoreError error = writeRows(Rows::TaskInsert, {row}, what))
            return error;
        if (m_statements.at({Rows::TaskInsert, 1})->numRowsAffected() > 0)
            continue;
        if (StoreError error =
                writeRows(Rows::TaskUpdate, {tables::tasks().updateValues(row)}, what))
            return error;
    }
    return {};
}

StoreError ChangeWriter::writeWorkers(const QList<core::WorkerChange> &changes)
{
    // An orchestrator's removal depends on which orchestrator each row is filed under at that
    // point of the sequence (an upsert keeps a stored row's orchestrator), so the changes are
    // written in runs between such removals. Retirements are rare: most batches are one run.
    using Kind = core::WorkerChange::Kind;
    qsizetype runStart = 0;
    while (runStart < changes.size()) {
        qsizetype runEnd = runStart;
        while (runEnd < changes.size() && changes.at(runEnd).kind != Kind::DeleteByOrchestrator)
            ++runEnd;
        if (StoreError error = writeWorkerRun(changes.mid(runStart, runEnd - runStart)))
            return error;
        QList<QVariantList> orchestrators;
        for (; runEnd < changes.size() && changes.at(runEnd).kind == Kind::DeleteByOrchestrator;
             ++runEnd)
            orchestrators.append(
                QVariantList{requiredText(changes.at(runEnd).record.orchestratorSessionKey)});
        if (StoreError error =
                writeRows(Rows::DeleteWorkersOfOrchestrators, orchestrators,
                          QStringLiteral("Removing a retired orchestrator's workers")))
            return error;
        runStart = runEnd;
    }
    return {};
}

StoreError ChangeWriter::writeWorkerRun(const QList<core::WorkerChange> &changes)
{
    // Per worker, what the sequence of changes leaves: removed (a removal, and no upsert after
    // it), or upserted, after a removal when there was one (then the row is new and the merged
    // upsert's first-seen columns are its own). Workers are independent rows, so all removals
    // can go first and all upserts after.
    struct Net
    {
        bool removed = false;
        QList<core::WorkerRecord> upsertsAfter; // the upserts after the last removal
    };
    QStringList order;
    QHash<QString, Net> net;
    for (const core::WorkerChange &change : changes) {
        const QString key = change.record.childSessionKey.str();
        auto found = net.find(key);
        if (found == net.end()) {
            order.append(key);
            found = net.insert(key, Net{});
        }
        if (change.kind == core::WorkerChange::Kind::Delete) {
            found->removed = true;
            found->upsertsAfter.clear();
        } else {
            found->upsertsAfter.append(change.record);
        }
    }
    QList<QVariantList> removalRows;
    QList<core::WorkerRecord> upserts;
    for (const QString &key : std::as_const(order)) {
        const Net &worker = net.value(key);
        if (worker.removed)
            removalRows.append(QVariantList{requiredText(key)});
        upserts.append(worker.upsertsAfter);
    }
    if (StoreError error =
            writeRows(Rows::DeleteWorkers, removalRows, QStringLiteral("Removing workers")))
        return error;
    return writeRows(Rows::Workers, tables::workers().mergeByKey(upserts),
                     QStringLiteral("Saving workers"));
}

StoreError ChangeWriter::writeBindings(const QList<core::BindingChange> &changes)
{
    for (const core::BindingChange &change : changes) {
        const core::BindingRecord &binding = change.record;
        switch (change.kind) {
        case core::BindingChange::Kind::Bind:
            m_bindDeleteOthers.bindValue(0, requiredText(binding.orchestratorSessionKey));
            m_bindDeleteOthers.bindValue(1, requiredText(binding.requesterSessionKey));
            if (!m_bindDeleteOthers.exec())
                return failed(m_bindDeleteOthers, QStringLiteral("Saving a binding"));
            tables::bindings().bind(m_upsertBinding, binding);
            if (!m_upsertBinding.exec())
                return failed(m_upsertBinding, QStringLiteral("Saving a binding"));
            break;
        case core::BindingChange::Kind::DeleteByRequester:
            m_deleteBindingByRequester.bindValue(0, requiredText(binding.requesterSessionKey));
            if (!m_deleteBindingByRequester.exec())
                return failed(m_deleteBindingByRequester, QStringLiteral("Removing a binding"));
            break;
        case core::BindingChange::Kind::DeleteByOrchestrator:
            m_deleteBindingByOrchestrator.bindValue(0,
                                                    requiredText(binding.orchestratorSessionKey));
            if (!m_deleteBindingByOrchestrator.exec())
                return failed(m_deleteBindingByOrchestrator, QStringLiteral("Removing a binding"));
            break;
        }
    }
    return {};
}

StoreError ChangeWriter::writeCompletions(const QList<core::CommandCompletion> &completions,
                                          const Fence *fence)
{
    if (completions.isEmpty())
        return {};
    if (!fence) {
        // Commands are taken under a fence only; without one there is nothing of ours to finish.
        qCWarning(lcStore) << completions.size()
                           << "command completion(s) without a lease fence were not written";
        return {};
    }
    for (const core::CommandCompletion &completion : completions) {
        m_completeCommand.bindValue(0, completion.ok ? QStringLiteral("done")
                                                     : QStringLiteral("failed"));
        m_completeCommand.bindValue(1, completion.result);
        m_completeCommand.bindValue(2, completion.at);
        m_completeCommand.bindValue(3, fence->epoch);
        m_completeCommand.bindValue(4, completion.commandId);
        m_completeCommand.bindValue(5, fence->epoch);
        if (!m_completeCommand.exec())
            return failed(m_completeCommand, QStringLiteral("Finishing a queued command"));
        if (m_completeCommand.numRowsAffected() != 1)
            qCWarning(lcStore) << "queued command" << completion.commandId
                               << "was not running at epoch" << fence->epoch
                               << "; its result was not written";
    }
    return {};
}

StoreError ChangeWriter::releaseResolvedClaims(const QList<core::TransitionRecord> &transitions)
{
    for (const core::TransitionRecord &transition : transitions) {
        // Moving between the two kinds of waiting keeps the item in the Inbox, and its claim.
        if (!core::leavesTheInbox(transition))
            continue;
        m_releaseClaim.bindValue(0, requiredText(transition.taskId));
        if (!m_releaseClaim.exec())
            return failed(m_releaseClaim, QStringLiteral("Releasing a claim"));
    }
    return {};
}

} // namespace clawops::store
