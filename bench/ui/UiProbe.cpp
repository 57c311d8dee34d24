#include "UiProbe.h"

#include "host/EngineApi.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <unistd.h>

namespace clawops::bench {

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

void runFor(int ms)
{
    const QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents,
                                        int(qMax<qint64>(1, deadline.remainingTime())));
}

namespace {

// A field of /proc/self/status in kB ("VmRSS", "VmHWM").
double statusFieldMb(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

double percentile(QList<double> values, double share)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto at = qsizetype(std::ceil(share * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(at, 0, values.size() - 1));
}

} // namespace

qint64 threadCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

qint64 processCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

double currentRssMb()
{
    return statusFieldMb("VmRSS");
}

double peakRssMb()
{
    return statusFieldMb("VmHWM");
}

LatencyProbe::LatencyProbe(int intervalMs)
    : m_intervalMs(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::tick);
}

void LatencyProbe::start()
{
    m_stallsMs.clear();
    m_busyMs.clear();
    m_clock.start();
    m_lastNs = 0;
    m_lastCpuNs = threadCpuNs();
    m_timer.start();
}

void LatencyProbe::stop()
{
    m_timer.stop();
}

void LatencyProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_stallsMs.append(qMax(0.0, double(now - m_lastNs) / 1e6 - m_intervalMs));
    m_lastNs = now;
    const qint64 cpu = threadCpuNs();
    m_busyMs.append(double(cpu - m_lastCpuNs) / 1e6);
    m_lastCpuNs = cpu;
}

QJsonObject LatencyProbe::describe() const
{
    return QJsonObject{
        {QStringLiteral("gui_stall_ms_p50"), percentile(m_stallsMs, 0.50)},
        {QStringLiteral("gui_stall_ms_p99"), percentile(m_stallsMs, 0.99)},
        {QStringLiteral("gui_stall_ms_max"), percentile(m_stallsMs, 1.0)},
        {QStringLiteral("gui_busy_ms_p99"), percentile(m_busyMs, 0.99)},
        {QStringLiteral("gui_busy_ms_max"), percentile(m_busyMs, 1.0)},
        {QStringLiteral("probe_ticks"), m_stallsMs.size()},
        {QStringLiteral("probe_interval_ms"), m_intervalMs},
    };
}

RssSeries::RssSeries()
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] { m_samplesMb.append(currentRssMb()); });
}

void RssSeries::start()
{
    m_samplesMb = {currentRssMb()};
    m_timer.start();
}

void RssSeries::stop()
{
    m_timer.stop();
    m_samplesMb.append(currentRssMb());
}

QJsonObject RssSeries::describe() const
{
    QJsonArray everyTenSeconds;
    for (qsizetype at = 0; at < m_samplesMb.size(); at += 10)
        everyTenSeconds.append(m_samplesMb.at(at));
    const double max =
        m_samplesMb.isEmpty() ? 0 : *std::max_element(m_samplesMb.begin(), m_samplesMb.end());
    QJsonObject out{
        {QStringLiteral("first"), m_samplesMb.value(0)},
        {QStringLiteral("last"), m_samplesMb.isEmpty() ? 0 : m_samplesMb.last()},
        {QStringLiteral("max"), max},
        {QStringLiteral("every_10_s"), everyTenSeconds},
    };
    // Bounded means flat once caches and pages have filled: what the last minute added.
    if (m_samplesMb.size() > 120)
        out.insert(QStringLiteral("growth_in_last_60_s"),
                   m_samplesMb.last() - m_samplesMb.at(m_samplesMb.size() - 61));
    return out;
}

DeltaCounter::DeltaCounter(host::EngineApi &engine)
{
    connect(&engine, &host::EngineApi::delta, this, [this](const host::EngineDelta &delta) {
        ++m_totals.deltas;
        m_totals.tasks += delta.tasks.size();
        m_totals.transitions += delta.transitions.size();
        if (delta.retryQueue) {
            m_totals.retryEntries +=
                delta.retryQueue->queued.size() + delta.retryQueue->left.size();
            m_retryQueueLength = delta.retryQueue->length;
        }
    });
}

} // namespace clawops::bench
