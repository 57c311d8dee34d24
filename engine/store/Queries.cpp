#include "Queries.h"

#include "SqlDialect.h"
#include "Tables.h"
#include "Values.h"
#include "core/Logging.h"

#include <QSqlError>

#include <algorithm>

namespace clawops::store {

using namespace values;

namespace {

// How a sort column orders: as text (code points) or as a number, and whether it may be NULL.
enum class SortKind
{
    Text,
    NullableText,
    Number,
    NullableNumber,
};

struct SortColumn
{
    core::TaskSortKey key;
    const char *column;
    SortKind kind;
};

// The one place a TaskSortKey meets SQL. core::compareTasks is the same order in C++: a record
// cannot tell a NULL text from an empty one, so the nullable text columns order NULL as ''.
constexpr SortColumn kSortColumns[] = {
    {core::TaskSortKey::Id, "task_id", SortKind::Text},
    {core::TaskSortKey::Key, "task_key", SortKind::Text},
    {core::TaskSortKey::Label, "label", SortKind::NullableText},
    {core::TaskSortKey::State, "state", SortKind::Text},
    {core::TaskSortKey::Attempt, "attempt", SortKind::Number},
    {core::TaskSortKey::LastOutcome, "last_outcome", SortKind::NullableText},
    {core::TaskSortKey::Orchestrator, "orchestrator_session_key", SortKind::Text},
    {core::TaskSortKey::Requester, "requester_session_key", SortKind::Text},
    {core::TaskSortKey::Worker, "worker_session_key", SortKind::NullableText},
    {core::TaskSortKey::NextRunAt, "next_run_at", SortKind::NullableNumber},
    {core::TaskSortKey::CreatedAt, "created_at", SortKind::Number},
    {core::TaskSortKey::UpdatedAt, "updated_at", SortKind::Number},
};
static_assert(std::size(kSortColumns) == core::kTaskSortKeyCount);

// A key outside the enum (a bad cast) sorts by updated_at, as core::compareTasks does.
const SortColumn &sortColumn(core::TaskSortKey key)
{
    for (const SortColumn &column : kSortColumns) {
        if (column.key == key)
            return column;
    }
    return kSortColumns[std::size(kSortColumns) - 1];
}

QString orderTerm(const SortColumn &column, bool descending, const SqlDialect &dialect)
{
    const QString name = QString::fromLatin1(column.column);
    const QString direction = descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    switch (column.kind) {
    case SortKind::Text:
        return name + dialect.binaryTextOrder + direction;
    case SortKind::NullableText:
        return QStringLiteral("COALESCE(%1, '')").arg(name) + dialect.binaryTextOrder + direction;
    case SortKind::Number:
        return name + direction;
    case SortKind::NullableNumber:
        return name + direction +
               (descending ? dialect.nullsLastDescending : dialect.nullsFirstAscending);
    }
    return name + direction;
}

// LIKE pattern for a substring search, with the wildcards of the search text made literal.
QString likePattern(const QString &search)
{
    QString escaped;
    escaped.reserve(search.size() + 8);
    for (const QChar c : search) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped.append(QLatin1Char('\\'));
        escaped.append(c);
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// The search as one FTS5 phrase: the trigram index finds every row holding it in a column. Empty
// when it is shorter than a trigram, which the index cannot look up.
QString searchIndexQuery(const QString &search)
{
    if (search.toUcs4().size() < 3)
        return {};
    QString phrase = search;
    phrase.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + phrase + QLatin1Char('"');
}

// The column a core::TaskPattern is held against: core::detail::fieldText in SQL.
QLatin1String patternColumn(core::TaskTextField field)
{
    switch (field) {
    case core::TaskTextField::Id:
        return QLatin1String("task_id");
    case core::TaskTextField::Label:
        return QLatin1String("label");
    case core::TaskTextField::Orchestrator:
        return QLatin1String("orchestrator_session_key");
    case core::TaskTextField::Worker:
        return QLatin1String("worker_session_key");
    case core::TaskTextField::Outcome:
        return QLatin1String("last_outcome");
    }
    return QLatin1String("label");
}

// The WHERE clause of a console list and the values it binds, in order: core::matchesQuery in
// SQL.
struct Filter
{
    QString where;
    QVariantList values;
};

// The receipt and note terms: each a LIKE test on the text, behind the index's prefilter.
void appendReceiptAndNoteTerms(const core::TaskQuery &query, const SqlDialect &dialect,
                               QStringList &clauses, QVariantList &values)
{
    if (const QString receipt = query.receiptSearch(); !receipt.isEmpty()) {
        clauses.append(dialect.containsPattern.arg(QLatin1String("receipt_json")));
        values.append(likePattern(receipt));
        if (const QString indexQuery = searchIndexQuery(receipt);
            !dialect.receiptPrefilter.isEmpty() && !indexQuery.isEmpty()) {
            clauses.append(dialect.receiptPrefilter);
            values.append(indexQuery);
        }
    }
    if (const QString note = query.noteSearch(); !note.isEmpty()) {
        // What people wrote: the engine's own audit lines (action outcomes) are not notes.
        QStringList noteClauses{QStringLiteral("operator <> 'engine'"),
                                QStringLiteral("(%1 OR %2)")
                                    .arg(dialect.containsPattern.arg(QLatin1String("reason")),
                                         dialect.containsPattern.arg(QLatin1String("detail")))};
        values.append(likePattern(note));
        values.append(likePattern(note));
        if (const QString indexQuery = searchIndexQuery(note);
            !dialect.notePrefilter.isEmpty() && !indexQuery.isEmpty()) {
            noteClauses.append(dialect.notePrefilter);
            values.append(indexQuery);
        }
        clauses.append(QStringLiteral("task_id IN (SELECT task_id FROM operator_actions WHERE %1)")
                           .arg(noteClauses.join(QStringLiteral(" AND "))));
    }
}

// Whether a page should walk its order's index rather than read the states' rows: only states
// filter (any other term may be far more selective), no index leads with the state and this
// order (the update time and the state itself have one), and walking to the page's end passes
// fewer rows than the states hold (at 1 in 10 rows failed, 2,000 rows instead of 100,000).
bool walksOrderIndex(const core::TaskQuery &query, const RowCounts &counts)
{
    if (query.states.isEmpty() || counts.inStates <= 0 || counts.all <= 0 ||
        query.sortKey == core::TaskSortKey::UpdatedAt || query.sortKey == core::TaskSortKey::State)
        return false;
    if (!query.searchText().isEmpty() || !query.orchestratorSessionKey.isEmpty() ||
        !query.patterns.isEmpty() || query.minAttempt || query.maxAttempt ||
        !query.judgedInMemory() || !query.onlyTaskIds.isEmpty())
        return false;
    const double walked = double(std::max(0, query.offset) + std::max(0, query.limit)) *
                          double(counts.all) / double(counts.inStates);
    return walked < double(counts.inStates);
}

Filter buildFilter(const core::TaskQuery &query, const SqlDialect &dialect,
                   bool walkOrderIndex = false)
{
    Filter filter;
    QStringList clauses;
    if (!query.states.isEmpty()) {
        QStringList marks;
        for (const core::TaskState state : query.states) {
            marks.append(QStringLiteral("?"));
            filter.values.append(core::stateName(state));
        }
        const QString column = walkOrderIndex ? dialect.unindexed.arg(QLatin1String("state"))
                                              : QStringLiteral("state");
        clauses.append(QStringLiteral("%1 IN (%2)").arg(column, marks.join(QStringLiteral(", "))));
    }
    if (!query.orchestratorSessionKey.isEmpty()) {
        clauses.append(QStringLiteral("orchestrator_session_key = ?"));
        filter.values.append(query.orchestratorSessionKey.str());
    }
    if (query.minAttempt) {
        clauses.append(QStringLiteral("attempt >= ?"));
        filter.values.append(*query.minAttempt);
    }
    if (query.maxAttempt) {
        clauses.append(QStringLiteral("attempt <= ?"));
        filter.values.append(*query.maxAttempt);
    }
    for (const core::TaskPattern &pattern : query.patterns) {
        // COALESCE: the record reads a NULL column as empty text, and so must the match.
        const QString column = QStringLiteral("COALESCE(%1, '')").arg(patternColumn(pattern.field));
        const QString test = dialect.containsPattern.arg(column);
        clauses.append(pattern.negated ? QStringLiteral("NOT (%1)").arg(test) : test);
        filter.values.append(core::globToLikePattern(pattern.glob));
    }
    if (const QString search = query.searchText(); !search.isEmpty()) {
        const QString pattern = likePattern(search);
        QStringList any;
        for (const char *column : {"task_id", "label", "task_preview", "last_outcome"}) {
            any.append(dialect.containsPattern.arg(QLatin1String(column)));
            filter.values.append(pattern);
        }
        clauses.append(QStringLiteral("(%1)").arg(any.join(QStringLiteral(" OR "))));
        if (const QString indexQuery = searchIndexQuery(search);
            !dialect.searchPrefilter.isEmpty() && !indexQuery.isEmpty()) {
            clauses.append(dialect.searchPrefilter);
            filter.values.append(indexQuery);
        }
    }
    appendReceiptAndNoteTerms(query, dialect, clauses, filter.values);
    if (!query.onlyTaskIds.isEmpty()) {
        QStringList marks;
        for (const QString &taskId : query.onlyTaskIds) {
            marks.append(QStringLiteral("?"));
            filter.values.append(taskId);
        }
        clauses.append(QStringLiteral("task_id IN (%1)").arg(marks.join(QStringLiteral(", "))));
    }
    if (!clauses.isEmpty())
        filter.where = QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND "));
    return filter;
}

} // namespace

QStringList sortIndexes(const SqlDialect &dialect)
{
    // SQLite orders text by its default collation, so the primary key and schema 1's indexes
    // serve the task id, the update time and the task key (whose groups are the few attempts of
    // one key); PostgreSQL's indexes use the database's collation, so every order needs its own.
    const bool defaultIndexesServe = dialect.binaryTextOrder.isEmpty();
    QStringList out;
    for (const SortColumn &column : kSortColumns) {
        if (defaultIndexesServe &&
            (column.key == core::TaskSortKey::Id || column.key == core::TaskSortKey::UpdatedAt ||
             column.key == core::TaskSortKey::Key))
            continue;
        QString terms = orderTerm(column, false, dialect);
        if (column.key != core::TaskSortKey::Id)
            terms +=
                QStringLiteral(", ") + orderTerm(sortColumn(core::TaskSortKey::Id), false, dialect);
        out.append(QStringLiteral("CREATE INDEX IF NOT EXISTS idx_clawops_tasks_sort_%1 ON "
                                  "orchestrator_tasks(%2)")
                       .arg(QLatin1String(column.column), terms));
    }
    return out;
}

Queries::Queries(const Connection &connection, const SqlDialect &dialect)
    : m_connection(connection)
    , m_dialect(dialect)
    , m_findTask(connection.db)
    , m_highestAttempt(connection.db)
{}

QString Queries::prepare()
{
    const std::pair<QSqlQuery *, QString> all[] = {
        {&m_findTask, tables::tasks().select() + QStringLiteral(" WHERE task_id = ?")},
        {&m_highestAttempt,
         QStringLiteral("SELECT MAX(attempt) FROM orchestrator_tasks WHERE task_key = ?")},
    };
    for (const auto &[query, sql] : all) {
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return QStringLiteral("%1: %2").arg(sql.simplified(), errorText(query->lastError()));
    }
    return {};
}

core::ReadResult<core::TaskRecord> Queries::findTask(const core::TaskId &taskId)
{
    using Result = core::ReadResult<core::TaskRecord>;
    m_findTask.bindValue(0, requiredText(taskId));
    if (!m_findTask.exec()) {
        return Result::failed(m_connection
                                  .queryError(QStringLiteral("Reading task %1").arg(taskId.str()),
                                              m_findTask.lastError())
                                  .message);
    }
    if (!m_findTask.next()) {
        m_findTask.finish();
        return Result::absent();
    }
    core::TaskRecord task = tables::tasks().read(m_findTask);
    // A statement left on a row holds a read transaction, which would keep the WAL from being
    // checkpointed.
    m_findTask.finish();
    return Result::found(std::move(task));
}

core::ReadResult<int> Queries::highestAttempt(const core::TaskKey &taskKey)
{
    m_highestAttempt.bindValue(0, requiredText(taskKey));
    if (!m_highestAttempt.exec()) {
        return core::ReadResult<int>::failed(
            m_connection
                .queryError(QStringLiteral("Reading the attempts of %1").arg(taskKey.str()),
                            m_highestAttempt.lastError())
                .message);
    }
    int attempt = 0;
    if (m_highestAttempt.next())
        attempt = clampToInt(asNonNegativeInt(m_highestAttempt.value(0), 0));
    m_highestAttempt.finish();
    return core::ReadResult<int>::found(attempt);
}

template<class Record>
StoreResult<QList<Record>> Queries::readRows(const RowCodec<Record> &codec, const QString &tail,
                                             const QVariantList &values, const char *what) const
{
    QSqlQuery query(m_connection.db);
    if (StoreError error = m_connection.select(query, codec.select() + tail, values, what))
        return error;
    QList<Record> rows;
    while (query.next())
        rows.append(codec.read(query));
    return rows;
}

QString orderByClause(const core::TaskQuery &query, const SqlDialect &dialect)
{
    const SortColumn &column = sortColumn(query.sortKey);
    QString order = QStringLiteral(" ORDER BY ") + orderTerm(column, query.descending, dialect);
    if (column.key != core::TaskSortKey::Id)
        order += QStringLiteral(", ") +
                 orderTerm(sortColumn(core::TaskSortKey::Id), query.descending, dialect);
    return order;
}

namespace {

// A console list's page: its filter, then ORDER BY and LIMIT/OFFSET, with every value bound.
Filter taskPage(const core::TaskQuery &query, const SqlDialect &dialect, const RowCounts &counts)
{
    Filter page = buildFilter(query, dialect, walksOrderIndex(query, counts));
    page.where += orderByClause(query, dialect) + QStringLiteral(" LIMIT ? OFFSET ?");
    page.values.append(query.limit);
    page.values.append(std::max(0, query.offset));
    return page;
}

} // namespace

QString taskPageTail(const core::TaskQuery &query, const SqlDialect &dialect,
                     const RowCounts &counts)
{
    return taskPage(query, dialect, counts).where;
}

StoreResult<QList<core::TaskRecord>> Queries::tasks(const core::TaskQuery &query,
                                                    const RowCounts &counts) const
{
    if (query.limit <= 0)
        return QList<core::TaskRecord>();
    const Filter page = taskPage(query, m_dialect, counts);
    return readRows(tables::tasks(), page.where, page.values, "Reading tasks");
}

StoreResult<int> Queries::countTasks(const core::TaskQuery &query) const
{
    const Filter filter = buildFilter(query, m_dialect);
    QSqlQuery count(m_connection.db);
    if (StoreError error = m_connection.select(
            count, QStringLiteral("SELECT COUNT(*) FROM orchestrator_tasks") + filter.where,
            filter.values, "Counting tasks"))
        return error;
    return count.next() ? clampToInt(count.value(0).toLongLong()) : 0;
}

StoreResult<core::StateCounts> Queries::countByState() const
{
    QSqlQuery query(m_connection.db);
    if (StoreError error = m_connection.select(
            query, QStringLiteral("SELECT state, COUNT(*) FROM orchestrator_tasks GROUP BY state"),
            {}, "Counting tasks by state"))
        return error;
    // Normalised like the plugin's readStatusSummary: an unknown state counts as queued.
    core::StateCounts counts;
    while (query.next())
        counts[stateOrQueued(query.value(0))] += clampToInt(query.value(1).toLongLong());
    return counts;
}

StoreResult<QList<core::TransitionRecord>> Queries::transitionsFor(const core::TaskId &taskId) const
{
    return readRows(tables::transitions(), QStringLiteral(" WHERE task_id = ? ORDER BY at, id"),
                    {requiredText(taskId)}, "Reading transitions");
}

StoreResult<QList<core::AuditRecord>> Queries::auditFor(const core::TaskId &taskId) const
{
    return readRows(tables::audits(), QStringLiteral(" WHERE task_id = ? ORDER BY at, id"),
                    {requiredText(taskId)}, "Reading operator actions");
}

StoreResult<QList<core::TransitionRecord>>
Queries::transitionsOfWork(const core::TaskKey &taskKey) const
{
    return readRows(
        tables::transitions(),
        QStringLiteral(" WHERE task_id IN (SELECT task_id FROM orchestrator_tasks WHERE "
                       "task_key = ?) ORDER BY at, id"),
        {requiredText(taskKey)}, "Reading the transitions of every attempt");
}

StoreResult<QList<core::TaskRecord>> Queries::attemptsFor(const core::TaskKey &taskKey) const
{
    return readRows(tables::tasks(),
                    QStringLiteral(" WHERE task_key = ? ORDER BY attempt, created_at, task_id"),
                    {requiredText(taskKey)}, "Reading attempts");
}

StoreResult<QList<core::SuppressedSpawnRecord>>
Queries::suppressedFor(const core::TaskKey &key) const
{
    return readRows(tables::suppressed(), QStringLiteral(" WHERE task_key = ? ORDER BY at, id"),
                    {requiredText(key)}, "Reading suppressed spawns");
}

StoreResult<QList<core::PolicyViolationRecord>> Queries::recentPolicyViolations(int limit) const
{
    if (limit <= 0)
        return QList<core::PolicyViolationRecord>{};
    // Newest first for LIMIT, handed back oldest first as they happened.
    StoreResult<QList<core::PolicyViolationRecord>> rows =
        readRows(tables::policyViolations(), QStringLiteral(" ORDER BY at DESC, id DESC LIMIT ?"),
                 {limit}, "Reading policy violations");
    if (!rows.isOk())
        return rows.error();
    QList<core::PolicyViolationRecord> out = std::move(rows).value();
    std::reverse(out.begin(), out.end());
    return out;
}

StoreResult<RecentTransitions> Queries::transitionsSince(core::TimeMs since, int limit) const
{
    if (limit <= 0)
        return RecentTransitions{};
    // Newest first so that LIMIT keeps the recent end when the window holds too much; one row
    // more than asked tells whether anything was left out.
    StoreResult<QList<core::TransitionRecord>> rows = readRows(
        tables::transitions(), QStringLiteral(" WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?"),
        {since, limit + 1}, "Reading recent transitions");
    if (!rows.isOk())
        return rows.error();
    RecentTransitions recent;
    recent.transitions = std::move(rows).value();
    if (recent.transitions.size() > limit) {
        recent.truncated = true;
        recent.transitions.resize(limit);
    }
    std::reverse(recent.transitions.begin(), recent.transitions.end());
    return recent;
}

StoreResult<QList<core::TaskRecord>> Queries::tasksUpdatedSince(core::TimeMs since, int limit) const
{
    if (limit <= 0)
        return QList<core::TaskRecord>();
    return readRows(tables::tasks(),
                    QStringLiteral(" WHERE updated_at >= ? ORDER BY updated_at DESC, task_id DESC "
                                   "LIMIT ?"),
                    {since, limit}, "Reading recently changed tasks");
}

namespace {

template<class Record>
StoreResult<RowsAfter<Record>> readRowsAfter(const Connection &connection,
                                             const RowCodec<Record> &codec, const QString &table,
                                             qint64 afterId, int limit, const char *what)
{
    RowsAfter<Record> out;
    out.lastId = afterId;
    if (limit <= 0)
        return out;
    QSqlQuery query(connection.db);
    // The id after the codec's columns, which read() ignores.
    const QString sql = QStringLiteral("SELECT %1, id FROM %2 WHERE id > ? ORDER BY id LIMIT ?")
                            .arg(codec.columnNames().join(QStringLiteral(", ")), table);
    if (StoreError error = connection.select(query, sql, {afterId, limit}, what))
        return error;
    const int idColumn = int(codec.columnNames().size());
    while (query.next()) {
        out.rows.append(codec.read(query));
        out.lastId = query.value(idColumn).toLongLong();
    }
    return out;
}

} // namespace

StoreResult<RowsAfter<core::TransitionRecord>> Queries::transitionsAfter(qint64 afterId,
                                                                         int limit) const
{
    return readRowsAfter(m_connection, tables::transitions(), QStringLiteral("task_transitions"),
                         afterId, limit, "Reading the transitions committed since");
}

StoreResult<RowsAfter<core::PolicyViolationRecord>> Queries::policyViolationsAfter(qint64 afterId,
                                                                                   int limit) const
{
    return readRowsAfter(m_connection, tables::policyViolations(),
                         QStringLiteral("policy_violations"), afterId, limit,
                         "Reading the policy violations committed since");
}

StoreResult<qint64> Queries::lastId(const QString &table) const
{
    QSqlQuery query(m_connection.db);
    if (StoreError error = m_connection.select(
            query, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM %1").arg(table), {},
            "Reading the last row id"))
        return error;
    return query.next() ? query.value(0).toLongLong() : qint64(0);
}

} // namespace clawops::store
