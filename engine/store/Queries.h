#pragma once

#include "Connection.h"
#include "RowCodec.h"
#include "StoreTypes.h"
#include "core/Records.h"
#include "core/TaskQuery.h"

#include <QSqlQuery>

namespace clawops::store {

struct SqlDialect;

// Schema 10: an index per sort order of the task table that no other index serves, on exactly
// the terms orderByClause writes (the column, then the task id), so that the first page of a
// million-row store in any order reads 200 index entries instead of sorting every row.
QStringList sortIndexes(const SqlDialect &dialect);
// The ORDER BY clause (with its leading space) of a console list in this order.
QString orderByClause(const core::TaskQuery &query, const SqlDialect &dialect);

// WHERE, ORDER BY and LIMIT/OFFSET (placeholders for the values buildFilter binds, then the limit
// and the offset) of a console list: what Queries::tasks runs after the codec's SELECT.
QString taskPageTail(const core::TaskQuery &query, const SqlDialect &dialect,
                     const RowCounts &counts = {});

// The reads of an open store: the core's archive lookups (statements prepared once, they run on
// every new task) and the console's lists (built per call from constant SQL and bound values).
class Queries
{
public:
    Queries(const Connection &connection, const SqlDialect &dialect);
    Queries(const Queries &) = delete;
    Queries &operator=(const Queries &) = delete;

    // Prepares the lookups; what failed, or an empty string.
    QString prepare();

    core::ReadResult<core::TaskRecord> findTask(const core::TaskId &taskId);
    core::ReadResult<int> highestAttempt(const core::TaskKey &taskKey);

    StoreResult<QList<core::TaskRecord>> tasks(const core::TaskQuery &query,
                                               const RowCounts &counts = {}) const;
    StoreResult<int> countTasks(const core::TaskQuery &query) const;
    StoreResult<core::StateCounts> countByState() const;
    StoreResult<QList<core::TransitionRecord>> transitionsFor(const core::TaskId &taskId) const;
    StoreResult<QList<core::AuditRecord>> auditFor(const core::TaskId &taskId) const;
    StoreResult<QList<core::TaskRecord>> attemptsFor(const core::TaskKey &taskKey) const;
    // The transitions of every attempt of the work, oldest first.
    StoreResult<QList<core::TransitionRecord>>
    transitionsOfWork(const core::TaskKey &taskKey) const;
    StoreResult<QList<core::SuppressedSpawnRecord>> suppressedFor(const core::TaskKey &key) const;
    StoreResult<RecentTransitions> transitionsSince(core::TimeMs since, int limit) const;
    StoreResult<QList<core::PolicyViolationRecord>> recentPolicyViolations(int limit) const;
    StoreResult<QList<core::TaskRecord>> tasksUpdatedSince(core::TimeMs since, int limit) const;
    StoreResult<RowsAfter<core::TransitionRecord>> transitionsAfter(qint64 afterId,
                                                                    int limit) const;
    StoreResult<RowsAfter<core::PolicyViolationRecord>> policyViolationsAfter(qint64 afterId,
                                                                              int limit) const;
    // The highest id of a table with an id column (task_transitions, policy_violations).
    StoreResult<qint64> lastId(const QString &table) const;

private:
    // A codec's SELECT with a tail (WHERE, ORDER BY, LIMIT), every row read through the codec.
    template<class Record>
    StoreResult<QList<Record>> readRows(const RowCodec<Record> &codec, const QString &tail,
                                        const QVariantList &values, const char *what) const;

    const Connection &m_connection;
    const SqlDialect &m_dialect;
    QSqlQuery m_findTask;
    QSqlQuery m_highestAttempt;
};

} // namespace clawops::store
