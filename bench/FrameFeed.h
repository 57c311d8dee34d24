#pragma once

#include "Workload.h"
#include "gateway/FrameDecoder.h"

#include <QList>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace clawops::bench {

// A frame as the engine thread receives it, with the moment its text was read.
struct ArrivedFrame
{
    gateway::Frame frame;
    std::chrono::steady_clock::time_point arrival;
};

// The socket side of the benchmark: reads the workload's frames and parses them with
// gateway::FrameDecoder, handing them over in batches, in order. On a thread of its own, as
// gateway::FrameSocket reads and parses on its own thread in the engine; or, for comparison, on
// the caller's thread as the engine did before.
class FrameFeed
{
public:
    FrameFeed(const Workload &workload, bool ownThread);
    ~FrameFeed();
    FrameFeed(const FrameFeed &) = delete;
    FrameFeed &operator=(const FrameFeed &) = delete;

    // The next frames (replacing `batch`); false when there are none left.
    bool next(QList<ArrivedFrame> &batch);
    // After the last batch: what went wrong reading the file, if anything.
    QString error() const;
    // After the last batch: CPU seconds of the feed's own thread (0 without one).
    double threadCpuSeconds() const;

private:
    bool readBatch(QList<ArrivedFrame> &batch);
    void produce();

    FrameReader m_reader;
    gateway::FrameDecoder m_decoder;
    QString m_error;
    double m_threadCpuSeconds = 0;

    // With a thread: batches ready for the caller, at most kMaxQueued of them.
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QList<ArrivedFrame>> m_queue;
    bool m_done = false;
    bool m_stop = false;
};

} // namespace clawops::bench
