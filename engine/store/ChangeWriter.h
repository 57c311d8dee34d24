#pragma once

#include "Connection.h"
#include "Lease.h"
#include "RowCodec.h"
#include "StoreTypes.h"
#include "core/Records.h"

#include <QElapsedTimer>
#include <QSqlQuery>

#include <map>
#include <memory>
#include <vector>

namespace clawops::store {

// Applies change sets to an open connection, each in one transaction, through statements
// prepared once and reused for every change set. Rows of one kind go in multi-row statements
// where the dialect wants them; within a change set several upserts of one key become one row,
// and a worker's removal goes before the upserts, which leaves what the sequence would.
class ChangeWriter
{
public:
    // searchSyncMs: OpenOptions::searchSyncMs.
    ChangeWriter(const Connection &connection, const SqlDialect &dialect, int searchSyncMs);
    ChangeWriter(const ChangeWriter &) = delete;
    ChangeWriter &operator=(const ChangeWriter &) = delete;

    // Prepares every statement; what failed, or an empty string.
    QString prepare();

    // One transaction for the whole change set, in the order the core made the changes within each
    // kind. On failure nothing of it is written. With a fence, the transaction first extends the
    // lease at the fence's epoch, and is rolled back (Kind::Fenced) when that epoch is no longer
    // current; an empty change set with a fence is a renewal of the lease alone.
    StoreError apply(const core::ChangeSet &changes, const Fence *fence = nullptr);

private:
    // The tables written with multi-row statements.
    enum class Rows
    {
        Tasks,
        // A task upsert in two statements, where the dialect splits it (SqlDialect::splitUpsert).
        TaskInsert,
        TaskUpdate,
        Workers,
        DeleteWorkers,
        DeleteWorkersOfOrchestrators,
        Retries,
        Transitions,
        Audits,
        Suppressed,
        PolicyViolations,
    };

    StoreError failed(QSqlQuery &query, const QString &what);
    // The statement for `count` rows of `rows`, prepared on first use and kept; null with
    // *error set when it does not prepare.
    QSqlQuery *statement(Rows rows, int count, QString *error);
    QString sqlFor(Rows rows, int count) const;
    // Writes every row, as many per statement as the dialect takes (in power-of-two chunks, so
    // that a few prepared statements serve every batch size), in order.
    StoreError writeRows(Rows rows, const QList<QVariantList> &values, const QString &what);
    StoreError writeTasks(const QList<QVariantList> &rows);
    StoreError writeWorkers(const QList<core::WorkerChange> &changes);
    // Upserts and removals by key, no orchestrator's removal among them.
    StoreError writeWorkerRun(const QList<core::WorkerChange> &changes);
    StoreError writeBindings(const QList<core::BindingChange> &changes);
    StoreError writeCompletions(const QList<core::CommandCompletion> &completions,
                                const Fence *fence);
    // An Inbox item that left the Inbox (from needs_input or needs_verification to a state that
    // waits on nobody) is resolved: its claim goes.
    StoreError releaseResolvedClaims(const QList<core::TransitionRecord> &transitions);
    // Whether this transaction hands the search queues to their indexes: the first after
    // opening, then when the queued changes have waited searchSyncMs or grown long enough to
    // slow the searches that read them.
    bool searchSyncDue(const core::ChangeSet &changes) const;

    const Connection &m_connection;
    const SqlDialect &m_dialect;
    LeaseTable m_lease;
    QSqlQuery m_begin;
    QSqlQuery m_commit;
    QSqlQuery m_rollback;
    QSqlQuery m_bindDeleteOthers;
    QSqlQuery m_upsertBinding;
    QSqlQuery m_deleteBindingByRequester;
    QSqlQuery m_deleteBindingByOrchestrator;
    QSqlQuery m_completeCommand;
    QSqlQuery m_releaseClaim;
    std::map<std::pair<Rows, int>, std::unique_ptr<QSqlQuery>> m_statements;
    std::vector<QSqlQuery> m_searchSync;
    int m_searchSyncMs;
    QElapsedTimer m_sinceSearchSync; // invalid until the first sync
    qsizetype m_writtenSinceSearchSync = 0;
};

} // namespace clawops::store
