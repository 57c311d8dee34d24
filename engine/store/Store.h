#pragma once

#include "Commands.h"
#include "Consoles.h"
#include "Lease.h"
#include "PeerNews.h"
#include "StoreTypes.h"
#include "core/Records.h"
#include "core/TaskQuery.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace clawops::store {

// The durable store: the plugin's four tables (same names and columns) plus ClawOps's own,
// through Qt SQL only. One Store per thread; it opens its own connection in the thread that
// calls open(). The work is done by its parts: opener (file checks, set-up, migration),
// ChangeWriter (the write transaction), Queries and readSnapshot (the reads), all through the
// column tables in Tables.h.
class Store final : public core::TaskArchive
{
public:
    Store();
    ~Store() override;
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens (creating when missing or empty) and migrates. `path` is a SQLite file or a
    // postgresql://user@host:port/dbname URL (Location.h). A file or database it does not
    // recognise is refused before anything is written to it. The folder must exist. Call it in the
    // thread that will use the store; close() (or the destructor) must run in that thread too.
    StoreError open(const QString &path, const OpenOptions &options = {});
    void close();
    bool isOpen() const;
    QString path() const;
    int schemaVersion() const;

    // The full PRAGMA quick_check, whatever the size of the file; nothing on PostgreSQL.
    StoreError checkIntegrity();

    // Everything the core needs at start-up. Bindings, retry counts and workers are read the way
    // the plugin rehydrates them (its defaults for bad values; `now` stands in for its Date.now(),
    // the wall clock when absent), but of the workers only the running ones (the table keeps
    // every worker ever; WorkerRegistry says why the ended ones are not needed). activeTasks holds
    // the rows whose state is exactly one of the five active states, as the plugin's SQL selects
    // them; a row with an unknown state stays in the file but is not revived. summaries counts
    // every orchestrator's tasks per state over all history, normalised like the plugin's
    // readStatusSummary (trimmed, lower-cased, unknown as queued).
    StoreResult<core::Snapshot> loadSnapshot(std::optional<core::TimeMs> now = std::nullopt);
    // One transaction for the whole change set. On failure nothing of it is written. With a
    // fence, only while the fence's lease epoch is current (ChangeWriter::apply).
    StoreError apply(const core::ChangeSet &changes, const Fence *fence = nullptr);

    // The leader lease (LeaseTable): taken when free or expired, released on a clean stop.
    StoreResult<LeaseState> acquireLease(const LeaseHolder &holder, int ttlMs);
    StoreError releaseLease(const Fence &fence);
    StoreResult<LeaseState> readLease();

    // Team operation: the other consoles' news (PeerNews.h), where the database delivers it
    // (PostgreSQL's LISTEN/NOTIFY), called from the event loop of this store's thread. The
    // handler is kept across open(): every new connection listens again. hearsPeers() says
    // whether the open connection does; where it does not, the caller polls.
    void listenToPeers(std::function<void(PeerNews)> onNews);
    bool hearsPeers() const;

    // Team operation (ConsoleRoll): who runs a console on this store.
    StoreError sayPresent(const ConsolePresence &me, int listedForMs);
    StoreError sayGone(const QString &holderId);
    StoreResult<QList<ConsolePresence>> consolesPresent(const QString &exceptHolderId) const;

    // Team operation (TeamTables): the command queue of the consoles whose engines follow, and
    // the Inbox claims.
    StoreResult<qint64> enqueueCommand(const core::OperatorCommand &command, core::TimeMs at);
    StoreResult<CommandState> commandState(qint64 id) const;
    StoreResult<bool> withdrawCommand(qint64 id, core::TimeMs at);
    StoreResult<QList<QueuedCommand>> claimCommands(const Fence &fence, int limit);
    StoreError writeClaim(const core::ClaimRecord &claim, const core::AuditRecord &audit);
    StoreError releaseClaim(const core::TaskId &taskId, const core::AuditRecord &audit);
    StoreResult<QList<core::ClaimRecord>> claims() const;

    // core::TaskArchive. A stored state that is not one of the eight reads as queued, like the
    // plugin's readTaskState.
    core::ReadResult<core::TaskRecord> findTask(const core::TaskId &taskId) const override;
    core::ReadResult<int> highestAttempt(const core::TaskKey &taskKey) const override;

    // Reads for the console (run on the engine thread, never on the GUI thread).
    // `counts` (the engine's) let a page of a large state in another order walk that order's
    // index (store::RowCounts).
    StoreResult<QList<core::TaskRecord>> queryTasks(const core::TaskQuery &query,
                                                    const RowCounts &counts = {}) const;
    StoreResult<int> countTasks(const core::TaskQuery &query) const;
    // Every state has an entry. Stored states are normalised like the plugin's readStatusSummary
    // (trimmed, lower-cased, unknown counted as queued).
    StoreResult<core::StateCounts> countByState() const;
    StoreResult<QList<core::TransitionRecord>> transitionsFor(const core::TaskId &taskId) const;
    StoreResult<QList<core::AuditRecord>> auditFor(const core::TaskId &taskId) const;
    StoreResult<QList<core::TaskRecord>> attemptsFor(const core::TaskKey &taskKey) const;
    // Every attempt's transitions (the work of `taskKey`), oldest first.
    StoreResult<QList<core::TransitionRecord>>
    transitionsOfWork(const core::TaskKey &taskKey) const;
    StoreResult<QList<core::SuppressedSpawnRecord>>
    suppressedFor(const core::TaskKey &taskKey) const;
    // The newest `limit` policy violations, oldest first.
    StoreResult<QList<core::PolicyViolationRecord>> recentPolicyViolations(int limit) const;
    // Recent activity for the console's timeline and charts. Transitions at or after `since`,
    // oldest first; when there are more than `limit`, the newest `limit` of them (and truncated
    // says so). Tasks whose row changed at or after `since`, newest first, at most `limit`.
    StoreResult<RecentTransitions> transitionsSince(core::TimeMs since, int limit) const;
    StoreResult<QList<core::TaskRecord>> tasksUpdatedSince(core::TimeMs since, int limit) const;
    // What another engine committed since a follower last looked: transitions with a row id
    // above `afterId`, oldest first, at most `limit`; and the highest id there is now.
    StoreResult<RowsAfter<core::TransitionRecord>> transitionsAfter(qint64 afterId,
                                                                    int limit) const;
    StoreResult<qint64> lastTransitionId() const;
    StoreResult<RowsAfter<core::PolicyViolationRecord>> policyViolationsAfter(qint64 afterId,
                                                                              int limit) const;
    StoreResult<qint64> lastPolicyViolationId() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace clawops::store
