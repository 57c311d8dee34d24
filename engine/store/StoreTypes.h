#pragma once

#include "core/Records.h"

#include <QList>
#include <QString>

#include <utility>

namespace clawops::store {

// Why a store could not be opened or answer, as a value the console can show as it is.
struct StoreError
{
    enum class Kind
    {
        None,
        CannotOpen,      // missing folder, permissions, locked beyond busy_timeout, not open
        NotADatabase,    // the file exists but is not SQLite (garbage, text, truncated header)
        ForeignDatabase, // SQLite, but neither a ClawOps nor a plugin store
        TooNew,          // written by a newer ClawOps (user_version above ours)
        Corrupt,         // SQLite, but quick_check or reading the schema found damage
        Query,           // a statement failed at run time (message: the driver's text)
        Fenced, // a write of an engine whose lease epoch is no longer current: nothing written
    };
    Kind kind = Kind::None;
    QString message; // one sentence for the operator, naming the file or the PostgreSQL URL

    explicit operator bool() const { return kind != Kind::None; }
};

// The answer to a read that either gives a value or fails. An empty list is an answer ("no
// rows"); a failure is not, and the two never look alike. On failure value() is the empty
// (default) value, so a caller that has decided to show nothing can still take it.
template<class T> class StoreResult
{
public:
    StoreResult(T value)
        : m_value(std::move(value))
    {}
    StoreResult(StoreError error)
        : m_error(std::move(error))
    {}

    bool isOk() const { return !m_error; }
    const T &value() const & { return m_value; }
    // By value, so that `for (x : store.read().value())` does not loop over a dead temporary.
    T value() && { return std::move(m_value); }
    const StoreError &error() const { return m_error; }

private:
    T m_value{};
    StoreError m_error;
};

// Transitions in a window of time, and whether the window held more than was asked for.
struct RecentTransitions
{
    QList<core::TransitionRecord> transitions; // oldest first
    bool truncated = false;
};

// Transitions committed after a known row, in the order they were committed, and the id of the
// last one (the one to ask after next time).
// Rows a follower has not shown yet: those with an id above the last it saw, oldest first, and
// the id to ask after next time.
template<class Record> struct RowsAfter
{
    QList<Record> rows;
    qint64 lastId = 0;
};

struct OpenOptions
{
    // PRAGMA quick_check reads every page. Up to this file size open() runs it in full; above it
    // open() checks the schema and ClawOps's small tables only, so that a store with a million
    // task rows still opens in about a second. checkIntegrity() runs the full check on demand.
    qint64 fullCheckMaxBytes = qint64(64) * 1024 * 1024;
    // PostgreSQL only: the password from the connect dialog or the keychain. Empty lets libpq
    // read PGPASSFILE or ~/.pgpass. Never logged, never part of a message.
    QString password;
    // SQLite: how long changes to the text a search reads may wait in the search indexes' queues
    // before the writer indexes them (SqlDialect::deferredSearchIndex). A search finds them
    // meanwhile; the wait only decides how often the trigram indexes are written. 0: at every
    // commit.
    int searchSyncMs = 1000;
};

// How many tasks the store holds, and how many are in the states a query names (the engine keeps
// both). With them a page of a large state in another order walks that order's index and stops
// after a page, where the planner, blind to how many rows a state has, would read and sort every
// row of the state. Unknown (negative): the planner decides.
struct RowCounts
{
    qint64 inStates = -1;
    qint64 all = -1;
};

} // namespace clawops::store
