#pragma once

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

namespace clawops::host {
class EngineApi;
}

namespace clawops::bench {

// Runs the event loop until `done` holds or `timeoutMs` passed; false on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs);
// Runs the event loop for this long.
void runFor(int ms);

double currentRssMb();
double peakRssMb();

// CPU time of the calling thread, and of the whole process, in nanoseconds.
qint64 threadCpuNs();
qint64 processCpuNs();

// How late a 10 ms timer in the GUI thread fires: each tick's delay beyond its interval is what
// the event loop kept the operator waiting (input, repaints) at that moment. Beside it, the GUI
// thread's own CPU time between ticks: a tick late by 20 ms while the thread ran for 2 ms of it
// waited for a core, not for the console's work.
class LatencyProbe : public QObject
{
public:
    explicit LatencyProbe(int intervalMs = 10);
    void start();
    void stop();
    // gui_stall_ms_p50 / _p99 / _max, gui_busy_ms_p99 / _max, ticks
    QJsonObject describe() const;

private:
    void tick();

    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_lastCpuNs = 0;
    QList<double> m_stallsMs;
    QList<double> m_busyMs;
};

// Resident memory once a second, to tell bounded from growing.
class RssSeries : public QObject
{
public:
    RssSeries();
    void start();
    void stop();
    QJsonObject describe() const; // first, last, max, every tenth sample

private:
    QTimer m_timer;
    QList<double> m_samplesMb;
};

// What reaches the console's models from the engine, counted as they receive it.
class DeltaCounter : public QObject
{
public:
    struct Totals
    {
        qint64 deltas = 0;
        qint64 tasks = 0;
        qint64 transitions = 0;
        qint64 retryEntries = 0; // retry queue rows shipped (queued or changed, and gone)
        Totals operator-(const Totals &other) const
        {
            return {deltas - other.deltas, tasks - other.tasks, transitions - other.transitions,
                    retryEntries - other.retryEntries};
        }
    };

    explicit DeltaCounter(host::EngineApi &engine);
    Totals totals() const { return m_totals; }
    qint64 tasks() const { return m_totals.tasks; }
    // The retry queue's length as the last delta that carried it gave it.
    qint64 retryQueueLength() const { return m_retryQueueLength; }

private:
    Totals m_totals;
    qint64 m_retryQueueLength = 0;
};

} // namespace clawops::bench
