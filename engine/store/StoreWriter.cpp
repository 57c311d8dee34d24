#include "StoreWriter.h"

#include "core/Logging.h"

#include <QDir>
#include <QMetaMethod>
#include <QThread>

namespace clawops::store {

StoreWriter::StoreWriter(QObject *parent)
    : QObject(parent)
{}

StoreWriter::~StoreWriter()
{
    stop();
}

StoreError StoreWriter::start(const QString &path, const OpenOptions &options)
{
    if (m_thread) {
        return StoreError{StoreError::Kind::CannotOpen,
                          QStringLiteral("The store writer for “%1” is already running.")
                              .arg(QDir::toNativeSeparators(path))};
    }
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = false;
        m_opened = false;
        m_openFinished = false;
        m_openError = {};
    }
    m_thread.reset(QThread::create([this, path, options] { run(path, options); }));
    m_thread->setObjectName(QStringLiteral("clawops-store-writer"));
    m_thread->start();

    StoreError error;
    {
        std::unique_lock lock(m_mutex);
        m_settled.wait(lock, [this] { return m_openFinished; });
        error = m_openError;
    }
    if (error) {
        m_thread->wait();
        m_thread.reset();
    }
    return error;
}

bool StoreWriter::isRunning() const
{
    const std::lock_guard lock(m_mutex);
    return m_opened && !m_stopping;
}

quint64 StoreWriter::submit(core::ChangeSet changes)
{
    const std::lock_guard lock(m_mutex);
    if (!m_opened || m_stopping)
        return 0;
    const quint64 batch = ++m_lastBatch;
    m_jobs.push_back(Job{batch, std::move(changes), m_fence});
    m_wake.notify_one();
    return batch;
}

void StoreWriter::setFence(std::optional<Fence> fence)
{
    const std::lock_guard lock(m_mutex);
    m_fence = std::move(fence);
}

bool StoreWriter::tryTakeResult(Result &result)
{
    // The common answer, "nothing yet", without touching the lock the writer uses.
    if (m_resultCount.load(std::memory_order_acquire) == 0)
        return false;
    const std::lock_guard lock(m_mutex);
    if (m_results.empty())
        return false;
    result = std::move(m_results.front());
    m_results.pop_front();
    m_resultCount.fetch_sub(1, std::memory_order_release);
    return true;
}

bool StoreWriter::idle() const
{
    const std::lock_guard lock(m_mutex);
    return m_jobs.empty() && !m_busy;
}

bool StoreWriter::waitIdle(QDeadlineTimer deadline)
{
    std::unique_lock lock(m_mutex);
    const auto settled = [this] { return m_jobs.empty() && !m_busy; };
    if (deadline.isForever()) {
        m_settled.wait(lock, settled);
        return true;
    }
    return m_settled.wait_for(lock, deadline.remainingTimeAsDuration(), settled);
}

void StoreWriter::stop()
{
    if (!m_thread)
        return;
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_wake.notify_all();
    }
    m_thread->wait();
    m_thread.reset();
    const std::lock_guard lock(m_mutex);
    m_opened = false;
}

void StoreWriter::run(const QString &path, const OpenOptions &options)
{
    // Opened, used and closed in this thread only: Qt SQL connections belong to their thread.
    Store store;
    const StoreError openError = store.open(path, options);
    {
        const std::lock_guard lock(m_mutex);
        m_openError = openError;
        m_opened = !openError;
        m_openFinished = true;
        m_settled.notify_all();
    }
    if (openError)
        return;

    const QMetaMethod readySignal = QMetaMethod::fromSignal(&StoreWriter::resultReady);
    bool reopen = false;
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_jobs.empty() || m_stopping; });
            // Stopping still commits everything that was submitted.
            if (m_jobs.empty())
                break;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
            m_busy = true;
        }
        Result result;
        result.batch = job.batch;
        result.startedAt = Clock::now();
        if (reopen)
            result.error = store.open(path, options);
        if (!result.error)
            result.error = store.apply(job.changes, job.fence ? &*job.fence : nullptr);
        reopen = result.error && result.error.kind != StoreError::Kind::Fenced;
        if (reopen)
            qCWarning(lcStore).noquote() << "batch" << job.batch
                                         << "not written, the connection is opened again for "
                                            "the next:"
                                         << result.error.message;
        result.finishedAt = Clock::now();
        result.changes = std::move(job.changes);
        result.fence = std::move(job.fence);
        {
            const std::lock_guard lock(m_mutex);
            m_results.push_back(std::move(result));
            m_resultCount.fetch_add(1, std::memory_order_release);
            m_busy = false;
            if (m_jobs.empty())
                m_settled.notify_all();
        }
        // Posted to the writer object's own thread; a submitter that only polls (no listener,
        // perhaps no event loop) gets no events piling up.
        if (isSignalConnected(readySignal))
            QMetaObject::invokeMethod(
                this, [this] { Q_EMIT resultReady(); }, Qt::QueuedConnection);
    }
    store.close();
    qCDebug(lcStore).noquote() << "store writer for" << path << "stopped";
}

} // namespace clawops::store
