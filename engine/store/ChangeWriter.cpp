#include "ChangeWriter.h"

#include "SqlDialect.h"
#include "Tables.h"
#include "Values.h"
#include "core/Logging.h"

#include <QHash>
#include <QSqlError>

namespace clawops::store {

using values::requiredText;

ChangeWriter::ChangeWriter(const Connection &connection, const SqlDialect &dialect)
    : m_connection(connection)
    , m_dialect(dialect)
    , m_begin(connection.db)
    , m_commit(connection.db)
    , m_rollback(connection.db)
    , m_upsertTask(connection.db)
    , m_upsertWorker(connection.db)
    , m_deleteWorker(connection.db)
    , m_bindDeleteOthers(connection.db)
    , m_upsertBinding(connection.db)
    , m_deleteBindingByRequester(connection.db)
    , m_deleteBindingByOrchestrator(connection.db)
    , m_upsertRetry(connection.db)
    , m_insertTransition(connection.db)
    , m_insertAudit(connection.db)
    , m_insertSuppressed(connection.db)
{}

QString ChangeWriter::prepare()
{
    const std::pair<QSqlQuery *, QString> all[] = {
        {&m_begin, m_dialect.beginWrite},
        {&m_commit, QStringLiteral("COMMIT")},
        {&m_rollback, QStringLiteral("ROLLBACK")},
        {&m_upsertTask, tables::tasks().upsert(m_dialect)},
        {&m_upsertWorker, tables::workers().upsert(m_dialect)},
        {&m_deleteWorker,
         QStringLiteral("DELETE FROM orchestrator_workers WHERE child_session_key = ?")},
        // The plugin's setBinding: one requester per orchestrator, so the others go first.
        {&m_bindDeleteOthers, QStringLiteral("DELETE FROM orchestrator_bindings WHERE "
                                             "orchestrator_session_key = ? AND "
                                             "requester_session_key <> ?")},
        {&m_upsertBinding, tables::bindings().upsert(m_dialect)},
        {&m_deleteBindingByRequester,
         QStringLiteral("DELETE FROM orchestrator_bindings WHERE requester_session_key = ?")},
        {&m_deleteBindingByOrchestrator,
         QStringLiteral("DELETE FROM orchestrator_bindings WHERE orchestrator_session_key = ?")},
        {&m_upsertRetry, tables::retries().upsert(m_dialect)},
        {&m_insertTransition, tables::transitions().insert()},
        {&m_insertAudit, tables::audits().insert()},
        {&m_insertSuppressed, tables::suppressed().insert()},
    };
    for (const auto &[query, sql] : all) {
        if (!query->prepare(sql))
            return QStringLiteral("%1: %2").arg(sql.simplified(), errorText(query->lastError()));
    }
    return {};
}

template<class Record, class Describe>
StoreError ChangeWriter::writeRows(QSqlQuery &statement, const RowCodec<Record> &codec,
                                   const QList<Record> &records, const Describe &describe)
{
    for (const Record &record : records) {
        codec.bind(statement, record);
        if (!statement.exec())
            return failed(statement, describe(record));
    }
    return {};
}

StoreError ChangeWriter::apply(const core::ChangeSet &changes)
{
    if (changes.isEmpty())
        return {};
    if (!m_begin.exec())
        return m_connection.queryError(QStringLiteral("Starting a transaction"),
                                       m_begin.lastError());
    // Each step rolls back and reports on its own failure.
    StoreError error = writeTasks(changes.taskUpserts);
    if (!error)
        error = writeWorkers(changes.workerChanges);
    if (!error)
        error = writeBindings(changes.bindingChanges);
    if (!error)
        error = writeRows(m_upsertRetry, tables::retries(), changes.retryCounts,
                          [](const auto &) { return QStringLiteral("Saving the retry count"); });
    if (!error)
        error = writeRows(
            m_insertTransition, tables::transitions(), changes.transitions,
            [](const core::TransitionRecord &transition) {
                return QStringLiteral("Recording a transition of %1").arg(transition.taskId);
            });
    if (!error)
        error = writeRows(m_insertAudit, tables::audits(), changes.audits, [](const auto &) {
            return QStringLiteral("Recording an operator action");
        });
    if (!error)
        error =
            writeRows(m_insertSuppressed, tables::suppressed(), changes.suppressed,
                      [](const auto &) { return QStringLiteral("Recording a suppressed spawn"); });
    if (!error && !m_commit.exec())
        error = failed(m_commit, QStringLiteral("Committing"));
    return error;
}

StoreError ChangeWriter::failed(QSqlQuery &query, const QString &what)
{
    StoreError error = m_connection.queryError(what, query.lastError());
    if (!m_rollback.exec()) {
        // SQLite rolls back by itself after some errors (disk full, I/O); then there is nothing
        // left to roll back and this failure is harmless.
        qCInfo(lcStore).noquote() << "rollback:" << errorText(m_rollback.lastError());
    }
    qCWarning(lcStore).noquote() << error.message;
    return error;
}

StoreError ChangeWriter::writeTasks(const QList<core::TaskRecord> &tasks)
{
    const RowCodec<core::TaskRecord> &codec = tables::tasks();
    if (tasks.size() == 1) {
        codec.bind(m_upsertTask, tasks.constFirst());
        if (!m_upsertTask.exec())
            return failed(m_upsertTask,
                          QStringLiteral("Saving task %1").arg(tasks.constFirst().taskId));
        return {};
    }
    // Full rows, last write wins: only the last upsert of each task in the batch reaches SQLite,
    // carrying the created_at of the first, which is what the sequence of upserts would leave.
    QHash<QString, qsizetype> lastIndex;
    QHash<QString, core::TimeMs> firstCreatedAt;
    lastIndex.reserve(tasks.size());
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        lastIndex.insert(tasks.at(i).taskId, i);
        if (!firstCreatedAt.contains(tasks.at(i).taskId))
            firstCreatedAt.insert(tasks.at(i).taskId, tasks.at(i).createdAt);
    }
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const core::TaskRecord &task = tasks.at(i);
        if (lastIndex.value(task.taskId) != i)
            continue;
        const core::TimeMs createdAt = firstCreatedAt.value(task.taskId);
        if (createdAt == task.createdAt) {
            codec.bind(m_upsertTask, task);
        } else {
            core::TaskRecord first = task;
            first.createdAt = createdAt;
            codec.bind(m_upsertTask, first);
        }
        if (!m_upsertTask.exec())
            return failed(m_upsertTask, QStringLiteral("Saving task %1").arg(task.taskId));
    }
    return {};
}

StoreError ChangeWriter::writeWorkers(const QList<core::WorkerChange> &changes)
{
    for (const core::WorkerChange &change : changes) {
        const core::WorkerRecord &worker = change.record;
        QSqlQuery &query = change.remove ? m_deleteWorker : m_upsertWorker;
        if (change.remove)
            m_deleteWorker.bindValue(0, requiredText(worker.childSessionKey));
        else
            tables::workers().bind(m_upsertWorker, worker);
        if (!query.exec()) {
            return failed(query, (change.remove ? QStringLiteral("Removing worker %1")
                                                : QStringLiteral("Saving worker %1"))
                                     .arg(worker.childSessionKey));
        }
    }
    return {};
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

} // namespace clawops::store
