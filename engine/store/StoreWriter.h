#pragma once

#include "Store.h"
#include "core/Records.h"

#include <QDeadlineTimer>
#include <QObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

class QThread;

namespace clawops::store {

// Commits change sets on a thread of its own, with its own connection to the store, so that the
// thread producing the changes never waits on SQLite. Each submitted change set is one
// transaction; they are committed in the order they were submitted.
//
// Completions are handed back as values, taken with tryTakeResult() from the submitting thread.
// resultReady() says when one is waiting, emitted in the thread the writer object lives in (so a
// submitter with an event loop needs no polling); a plain loop polls instead. Only the taker
// owns a result, so the two ways never report the same commit twice.
//
// The writer's connection is one more connection to a store that is already open and migrated:
// open the reading connection first, it inspects and upgrades the file. After a transaction fails
// for any reason but the fence, the writer opens its connection again before the next one: a
// PostgreSQL server that restarted leaves the old connection dead for good, and reopening a
// healthy SQLite file costs a millisecond.
class StoreWriter : public QObject
{
    Q_OBJECT

public:
    using Clock = std::chrono::steady_clock;

    struct Result
    {
        quint64 batch = 0;            // what submit() returned
        StoreError error;             // empty when the transaction committed
        core::ChangeSet changes;      // handed back, so the submitter can publish what was written
        std::optional<Fence> fence;   // the one it was written under (or refused by)
        Clock::time_point startedAt;  // the writer took the batch up
        Clock::time_point finishedAt; // the transaction committed (or failed)
    };

    explicit StoreWriter(QObject *parent = nullptr);
    // Commits what is still queued, then closes the connection and stops the thread.
    ~StoreWriter() override;
    StoreWriter(const StoreWriter &) = delete;
    StoreWriter &operator=(const StoreWriter &) = delete;

    // Starts the thread and opens the connection in it; returns once it is open or refused.
    StoreError start(const QString &path, const OpenOptions &options = {});
    bool isRunning() const;

    // Queues one transaction; returns its batch number (1, 2, ...), or 0 when the writer is not
    // running. Thread-safe, but results come back in one queue: use one submitting thread.
    quint64 submit(core::ChangeSet changes);
    // Every change set submitted from now on is written only while this fence's lease epoch is
    // current (a refused one comes back as StoreError::Kind::Fenced); nullopt writes unfenced.
    void setFence(std::optional<Fence> fence);
    // The oldest completion not yet taken. Thread-safe and cheap when there is none.
    bool tryTakeResult(Result &result);
    // Nothing queued and nothing being written (results may still wait to be taken).
    bool idle() const;
    // Blocks until idle() or the deadline; returns idle().
    bool waitIdle(QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // Commits what is queued, closes the connection and joins the thread. Results already made
    // can still be taken afterwards.
    void stop();

Q_SIGNALS:
    // At least one result is waiting; sent once per completion.
    void resultReady();

private:
    struct Job
    {
        quint64 batch = 0;
        core::ChangeSet changes;
        std::optional<Fence> fence; // as it was when the job was submitted
    };

    void run(const QString &path, const OpenOptions &options);

    std::unique_ptr<QThread> m_thread;
    // The standard library's, not QMutex/QWaitCondition: ThreadSanitizer sees through these,
    // while Qt (not built with it) unlocks and relocks inside QWaitCondition::wait() where it
    // cannot see, which made every handover look like a race.
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;    // to the writer: a job or stop
    std::condition_variable m_settled; // to waiters: open finished, or the writer went idle
    std::deque<Job> m_jobs;
    std::deque<Result> m_results;
    std::atomic<int> m_resultCount{0};
    quint64 m_lastBatch = 0;
    std::optional<Fence> m_fence;
    bool m_busy = false;
    bool m_stopping = false;
    bool m_opened = false;
    bool m_openFinished = false;
    StoreError m_openError;
};

} // namespace clawops::store
