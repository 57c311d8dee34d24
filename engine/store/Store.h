#pragma once

#include "core/Records.h"
#include "core/TaskQuery.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace clawops::store {

// Why a store could not be opened, as a value the console can show as it is.
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
    };
    Kind kind = Kind::None;
    QString message; // one sentence for the operator, naming the file

    explicit operator bool() const { return kind != Kind::None; }
};

struct OpenOptions
{
    // PRAGMA quick_check reads every page. Up to this file size open() runs it in full; above it
    // open() checks the schema and ClawOps's small tables only, so that a store with a million
    // task rows still opens in about a second. checkIntegrity() runs the full check on demand.
    qint64 fullCheckMaxBytes = qint64(64) * 1024 * 1024;
};

// The durable store: the plugin's four tables (same names and columns) plus ClawOps's own,
// through Qt SQL only. One Store per thread; it opens its own connection in the thread that
// calls open().
class Store final : public core::TaskArchive
{
public:
    Store();
    ~Store() override;
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens (creating when missing or empty) and migrates. A file it does not recognise is
    // refused before anything is written to it. The folder must exist. Call it in the thread that
    // will use the store; close() (or the destructor) must run in that thread too.
    StoreError open(const QString &path, const OpenOptions &options = {});
    void close();
    bool isOpen() const;
    QString path() const;
    int schemaVersion() const;

    // The full PRAGMA quick_check, whatever the size of the file.
    StoreError checkIntegrity();

    // Everything the core needs at start-up. Bindings, retry counts and workers are read the way
    // the plugin rehydrates them (its defaults for bad values; `now` stands in for its Date.now(),
    // the wall clock when absent). activeTasks holds the rows whose state is exactly one of the
    // five active states, as the plugin's SQL selects them; a row with an unknown state stays in
    // the file but is not revived.
    core::Snapshot loadSnapshot(StoreError *error = nullptr,
                                std::optional<core::TimeMs> now = std::nullopt);
    // One transaction for the whole change set. On failure nothing of it is written.
    StoreError apply(const core::ChangeSet &changes);

    // core::TaskArchive. A stored state that is not one of the eight reads as queued, like the
    // plugin's readTaskState.
    core::ReadResult<core::TaskRecord> findTask(const core::TaskId &taskId) const override;
    core::ReadResult<int> highestAttempt(const core::TaskKey &taskKey) const override;

    // Reads for the console (run on the engine thread, never on the GUI thread).
    QList<core::TaskRecord> queryTasks(const core::TaskQuery &query,
                                       StoreError *error = nullptr) const;
    int countTasks(const core::TaskQuery &query, StoreError *error = nullptr) const;
    // Every state has an entry. Stored states are normalised like the plugin's readStatusSummary
    // (trimmed, lower-cased, unknown counted as queued).
    core::StateCounts countByState(StoreError *error = nullptr) const;
    QList<core::TransitionRecord> transitionsFor(const core::TaskId &taskId) const;
    QList<core::AuditRecord> auditFor(const core::TaskId &taskId) const;
    QList<core::TaskRecord> attemptsFor(const core::TaskKey &taskKey) const;
    QList<core::SuppressedSpawnRecord> suppressedFor(const core::TaskKey &taskKey) const;
    // Recent activity for the console's timeline and charts. Transitions at or after `since`,
    // oldest first; when there are more than `limit`, the newest `limit` of them (and *truncated
    // says so). Tasks whose row changed at or after `since`, newest first, at most `limit`.
    QList<core::TransitionRecord> transitionsSince(core::TimeMs since, int limit,
                                                   bool *truncated = nullptr,
                                                   StoreError *error = nullptr) const;
    QList<core::TaskRecord> tasksUpdatedSince(core::TimeMs since, int limit,
                                              StoreError *error = nullptr) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace clawops::store
