#pragma once

#include "Connection.h"
#include "RowCodec.h"
#include "StoreTypes.h"
#include "core/Records.h"

#include <QSqlQuery>

namespace clawops::store {

// Applies change sets to an open connection, each in one transaction, through statements
// prepared once and reused for every change set.
class ChangeWriter
{
public:
    ChangeWriter(const Connection &connection, const SqlDialect &dialect);
    ChangeWriter(const ChangeWriter &) = delete;
    ChangeWriter &operator=(const ChangeWriter &) = delete;

    // Prepares every statement; what failed, or an empty string.
    QString prepare();

    // One transaction for the whole change set, in the order the core made the changes within each
    // kind. On failure nothing of it is written.
    StoreError apply(const core::ChangeSet &changes);

private:
    StoreError failed(QSqlQuery &query, const QString &what);
    StoreError writeTasks(const QList<core::TaskRecord> &tasks);
    StoreError writeWorkers(const QList<core::WorkerChange> &changes);
    StoreError writeBindings(const QList<core::BindingChange> &changes);
    // Binds and runs the statement for each record; `describe` names a record that failed.
    template<class Record, class Describe>
    StoreError writeRows(QSqlQuery &statement, const RowCodec<Record> &codec,
                         const QList<Record> &records, const Describe &describe);

    const Connection &m_connection;
    const SqlDialect &m_dialect;
    QSqlQuery m_begin;
    QSqlQuery m_commit;
    QSqlQuery m_rollback;
    QSqlQuery m_upsertTask;
    QSqlQuery m_upsertWorker;
    QSqlQuery m_deleteWorker;
    QSqlQuery m_bindDeleteOthers;
    QSqlQuery m_upsertBinding;
    QSqlQuery m_deleteBindingByRequester;
    QSqlQuery m_deleteBindingByOrchestrator;
    QSqlQuery m_upsertRetry;
    QSqlQuery m_insertTransition;
    QSqlQuery m_insertAudit;
    QSqlQuery m_insertSuppressed;
};

} // namespace clawops::store
