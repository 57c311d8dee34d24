#pragma once

#include "Ids.h"
#include "TaskState.h"
#include "TransitionCause.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <concepts>
#include <optional>

namespace clawops::core {

// What a task list can be ordered by: one column of orchestrator_tasks each. The store maps every
// key to its SQL column in one place; compareTasks() below is the same order in C++.
enum class TaskSortKey
{
    Id,  // the task id
    Key, // the task key
    Label,
    State,
    Attempt,
    LastOutcome,
    Orchestrator,
    Requester,
    Worker,
    NextRunAt,
    CreatedAt,
    UpdatedAt,
};

inline constexpr int kTaskSortKeyCount = 12;

// A text column a query can hold a pattern against.
enum class TaskTextField
{
    Id,
    Label,
    Orchestrator,
    Worker,
    Outcome, // last_outcome
};

// The column matches the glob (or, negated, does not): `*` stands for any run of characters,
// everything else is literal, ASCII letters match in either case (SQLite's LIKE), and the whole
// value must match. A NULL column reads as empty text.
struct TaskPattern
{
    TaskTextField field = TaskTextField::Label;
    QString glob;
    bool negated = false;

    bool operator==(const TaskPattern &) const = default;
};

// The filter, order and window of a task list: what the console asks the store for, and what it
// uses to place rows it learns of from deltas.
struct TaskQuery
{
    QList<TaskState> states; // empty: all
    QString search;          // a substring of id, label, preview or outcome (see matchesQuery)
    SessionKey orchestratorSessionKey; // empty: all
    QList<TaskPattern> patterns;       // every one must hold
    std::optional<int> minAttempt;     // attempt >= this
    std::optional<int> maxAttempt;     // attempt <= this
    // Substrings of the task's receipt and of what operators wrote about it (a reason, an
    // answer, a note), matched as the search is. Only the store can judge them: the rows the
    // console holds carry neither text (see judgedInMemory).
    QString receiptText;
    QString noteText;
    // Non-empty: only these tasks (the console asking the store about rows it cannot judge).
    QStringList onlyTaskIds;
    TaskSortKey sortKey = TaskSortKey::UpdatedAt;
    bool descending = true; // ties break on task id, in the same direction
    int offset = 0;
    int limit = 200; // <= 0: no rows

    // The search as it is applied: surrounding white space is not part of it.
    QString searchText() const { return search.trimmed(); }
    QString receiptSearch() const { return receiptText.trimmed(); }
    QString noteSearch() const { return noteText.trimmed(); }
    // False when a row that matchesQuery() may still fail the store's test (the receipt and
    // note terms).
    bool judgedInMemory() const { return receiptSearch().isEmpty() && noteSearch().isEmpty(); }

    bool operator==(const TaskQuery &) const = default;
};

// SQLite's BINARY collation on text stored as UTF-8: the order of code points, which differs from
// the order of UTF-16 units when a surrogate pair meets a character from U+E000 to U+FFFF. NULL
// and empty text read back alike (empty) and come first. Negative when `a` comes first.
int compareStoredText(const QString &a, const QString &b);

// SQLite's `text LIKE '%needle%' ESCAPE '\'` with the needle's wildcards escaped: a literal
// substring, where only ASCII letters match regardless of case (SQLite's LIKE folds A-Z only; 'Ä'
// and 'ä' are different characters to it, and so they are here).
bool containsLikeSqlite(const QString &text, const QString &needle);

// `text LIKE pattern ESCAPE '\'` in SQLite for the pattern globToLikePattern(glob) makes: an
// anchored match where `*` is any run and ASCII letters fold.
bool matchesGlobLikeSqlite(const QString &text, const QString &glob);
// The LIKE pattern (with '\' as escape) the store binds for a glob.
QString globToLikePattern(const QString &glob);

// States in the order of their stored names, as ORDER BY state puts them.
int compareStates(TaskState a, TaskState b);

// A row the comparator and the filter can read: the engine's TaskRecord and the console's
// smaller TaskRow both qualify, so both follow the one definition below.
template<class Task>
concept QueryableTask = requires(const Task &task)
{
    {
        task.taskId
        } -> std::convertible_to<const QString &>;
    {
        task.taskKey
        } -> std::convertible_to<const QString &>;
    {
        task.requesterSessionKey
        } -> std::convertible_to<const QString &>;
    {
        task.orchestratorSessionKey
        } -> std::convertible_to<const QString &>;
    {
        task.workerSessionKey
        } -> std::convertible_to<const QString &>;
    {
        task.label
        } -> std::convertible_to<const QString &>;
    {
        task.taskPreview
        } -> std::convertible_to<const QString &>;
    {
        task.lastOutcome
        } -> std::convertible_to<const TransitionCause &>;
    {
        task.state
        } -> std::convertible_to<TaskState>;
    {
        task.attempt
        } -> std::convertible_to<int>;
    {
        task.nextRunAt
        } -> std::convertible_to<std::optional<qint64>>;
    {
        task.createdAt
        } -> std::convertible_to<qint64>;
    {
        task.updatedAt
        } -> std::convertible_to<qint64>;
};

namespace detail {

template<class T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// NULL first, as in SQLite.
inline int compareOptional(const std::optional<qint64> &a, const std::optional<qint64> &b)
{
    if (a.has_value() != b.has_value())
        return a.has_value() ? 1 : -1;
    return a ? threeWay(*a, *b) : 0;
}

template<QueryableTask Task> int compareByKey(const Task &a, const Task &b, TaskSortKey key)
{
    switch (key) {
    case TaskSortKey::Id:
        return 0; // the tie-break does it
    case TaskSortKey::Key:
        return compareStoredText(a.taskKey, b.taskKey);
    case TaskSortKey::Label:
        return compareStoredText(a.label, b.label);
    case TaskSortKey::State:
        return compareStates(a.state, b.state);
    case TaskSortKey::Attempt:
        return threeWay<int>(a.attempt, b.attempt);
    case TaskSortKey::LastOutcome:
        return compareStoredText(a.lastOutcome.toText(), b.lastOutcome.toText());
    case TaskSortKey::Orchestrator:
        return compareStoredText(a.orchestratorSessionKey, b.orchestratorSessionKey);
    case TaskSortKey::Requester:
        return compareStoredText(a.requesterSessionKey, b.requesterSessionKey);
    case TaskSortKey::Worker:
        return compareStoredText(a.workerSessionKey, b.workerSessionKey);
    case TaskSortKey::NextRunAt:
        return compareOptional(a.nextRunAt, b.nextRunAt);
    case TaskSortKey::CreatedAt:
        return threeWay<qint64>(a.createdAt, b.createdAt);
    case TaskSortKey::UpdatedAt:
        break;
    }
    return threeWay<qint64>(a.updatedAt, b.updatedAt); // also the store's fallback
}

} // namespace detail

// The store's ORDER BY <key> <dir>, task_id <dir>: negative when `a` comes first. Rows read from
// the store are compared by what they hold after reading (a stored state that is none of the
// eight reads as queued, and sorts as queued here).
template<QueryableTask Task> int compareTasks(const Task &a, const Task &b, const TaskQuery &query)
{
    int result = detail::compareByKey(a, b, query.sortKey);
    if (result == 0)
        result = compareStoredText(a.taskId, b.taskId);
    return query.descending ? -result : result;
}

// The store's WHERE clause: one of the states, the orchestrator, the attempt bounds, every
// pattern, and the search text found (as containsLikeSqlite finds it) in the id, label, preview
// or last outcome. Everything but the receipt and note terms, which hold here (judgedInMemory).
namespace detail {

template<QueryableTask Task> QString fieldText(const Task &task, TaskTextField field)
{
    switch (field) {
    case TaskTextField::Id:
        return task.taskId;
    case TaskTextField::Label:
        return task.label;
    case TaskTextField::Orchestrator:
        return task.orchestratorSessionKey;
    case TaskTextField::Worker:
        return task.workerSessionKey;
    case TaskTextField::Outcome:
        return task.lastOutcome.toText();
    }
    return {};
}

} // namespace detail

template<QueryableTask Task> bool matchesQuery(const Task &task, const TaskQuery &query)
{
    if (query.minAttempt && task.attempt < *query.minAttempt)
        return false;
    if (query.maxAttempt && task.attempt > *query.maxAttempt)
        return false;
    for (const TaskPattern &pattern : query.patterns) {
        if (matchesGlobLikeSqlite(detail::fieldText(task, pattern.field), pattern.glob) ==
            pattern.negated)
            return false;
    }
    if (!query.states.isEmpty() && !query.states.contains(task.state))
        return false;
    if (!query.orchestratorSessionKey.isEmpty() &&
        static_cast<const QString &>(task.orchestratorSessionKey) !=
            query.orchestratorSessionKey.str())
        return false;
    if (!query.onlyTaskIds.isEmpty() &&
        !query.onlyTaskIds.contains(static_cast<const QString &>(task.taskId)))
        return false;
    const QString search = query.searchText();
    if (search.isEmpty())
        return true;
    return containsLikeSqlite(task.taskId, search) || containsLikeSqlite(task.label, search) ||
           containsLikeSqlite(task.taskPreview, search) ||
           containsLikeSqlite(task.lastOutcome.toText(), search);
}

} // namespace clawops::core
