#include "FrameFeed.h"

#include <ctime>

namespace clawops::bench {

namespace {

// As FrameSocket batches: what one read delivers, up to this many frames.
constexpr qsizetype kBatchFrames = 128;
// A few batches ahead: parsed documents are pooled, and a bounded lead keeps the pool warm.
constexpr size_t kMaxQueued = 2;

double threadCpuNow()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

} // namespace

FrameFeed::FrameFeed(const Workload &workload, bool ownThread)
{
    if (!m_reader.open(workload.path, &m_error)) {
        m_done = true;
        return;
    }
    if (ownThread)
        m_thread = std::thread([this] { produce(); });
}

FrameFeed::~FrameFeed()
{
    if (!m_thread.joinable())
        return;
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

bool FrameFeed::readBatch(QList<ArrivedFrame> &batch)
{
    batch.clear();
    QByteArray text;
    while (batch.size() < kBatchFrames && m_reader.next(text)) {
        ArrivedFrame arrived;
        arrived.arrival = std::chrono::steady_clock::now();
        gateway::FrameParseError error = gateway::FrameParseError::None;
        arrived.frame = m_decoder.decode(text, &error);
        batch.append(std::move(arrived));
    }
    return !batch.isEmpty();
}

void FrameFeed::produce()
{
    const double cpuStart = threadCpuNow();
    QList<ArrivedFrame> batch;
    for (;;) {
        const bool more = readBatch(batch);
        std::unique_lock lock(m_mutex);
        if (!more) {
            m_done = true;
            m_error = m_reader.error();
            m_threadCpuSeconds = threadCpuNow() - cpuStart;
            break;
        }
        m_changed.wait(lock, [this] { return m_stop || m_queue.size() < kMaxQueued; });
        if (m_stop)
            return;
        m_queue.push_back(std::exchange(batch, {}));
        lock.unlock();
        m_changed.notify_all();
    }
    m_changed.notify_all();
}

bool FrameFeed::next(QList<ArrivedFrame> &batch)
{
    if (!m_thread.joinable()) {
        if (m_done)
            return false;
        if (readBatch(batch))
            return true;
        m_error = m_reader.error();
        m_done = true;
        return false;
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_queue.empty() || m_done; });
    if (m_queue.empty())
        return false;
    batch = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    m_changed.notify_all();
    return true;
}

QString FrameFeed::error() const
{
    const std::lock_guard lock(m_mutex);
    return m_error;
}

double FrameFeed::threadCpuSeconds() const
{
    const std::lock_guard lock(m_mutex);
    return m_threadCpuSeconds;
}

} // namespace clawops::bench
