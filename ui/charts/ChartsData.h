#pragma once

#include "host/HostTypes.h"
#include "models/TransitionList.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>

#include <array>
#include <optional>

namespace clawops::ui {

// Task counts per state at one moment.
using StateCounts = std::array<int, core::kTaskStateCount>;

// What finished, failed and was retried within one minute.
struct MinuteActivity
{
    int spawned = 0;   // attempts started (spawn requested)
    int completed = 0; // → done
    int failed = 0;    // a worker attempt ended badly (→ failed from working or waiting)
    int dead = 0;      // given up (→ dead)
    int retried = 0;   // a retry was queued (→ queued from another state)
};

// One stay of a task in needs_input or needs_verification.
struct Wait
{
    QString taskId;
    core::TaskState state = core::TaskState::NeedsInput;
    qint64 sinceMs = 0;
    qint64 untilMs = 0;     // 0 while it still waits
    bool sinceKnown = true; // false: entered before the history we have (since is a lower bound)

    bool isOpen() const { return untilMs == 0; }
    qint64 durationMs(qint64 nowMs) const { return (isOpen() ? nowMs : untilMs) - sinceMs; }
};

// Summary of waits in one state: how long finished waits took and how long the current ones
// have been waiting so far, in the buckets the chart shows.
struct WaitDistribution
{
    QList<int> finished; // per bucket of waitBucketBoundsMs()
    QList<int> current;  // per bucket, still waiting
    qint64 medianFinishedMs = -1;
    qint64 longestCurrentMs = -1;
    QString longestCurrentTaskId;
};

// The Charts tab's data, without widgets: task counts per state over time, per-minute
// completions, failures and retries, and how long tasks wait for a human. Fed by deltas and by
// the activity history; the history and the deltas may overlap and arrive in either order.
class ChartsData final : public QObject
{
    Q_OBJECT

public:
    explicit ChartsData(QObject *parent = nullptr);

    void applyDelta(const host::EngineDelta &delta);
    void applyActivity(const host::ActivitySnapshot &activity);
    void clear();

    void setRetentionMs(qint64 ms) { m_retentionMs = ms; }
    void prune(qint64 nowMs);

    // One sample per kSampleMs bucket (its start as key), the last counts seen within it.
    const QMap<qint64, StateCounts> &stateSeries() const { return m_samples; }
    // Per minute (the minute's start as key), only minutes with activity.
    const QMap<qint64, MinuteActivity> &perMinute() const { return m_minutes; }
    MinuteActivity totalsSince(qint64 fromMs) const;

    QList<Wait> waits() const;
    WaitDistribution waitDistribution(core::TaskState state, qint64 nowMs) const;
    // Upper bounds of the wait buckets; the last bucket is open-ended.
    static const QList<qint64> &waitBucketBoundsMs();
    static QString waitBucketLabel(int bucket);

    static constexpr qint64 kSampleMs = qint64(10) * 1000;
    static constexpr qint64 kMinuteMs = qint64(60) * 1000;

Q_SIGNALS:
    void changed();

private:
    // What the charts count of a transition (StateStep): the cause and the task id tell them
    // nothing.
    using Step = StateStep;
    struct Track
    {
        QList<Step> transitions; // by time, without duplicates
        std::optional<core::TaskState> rowState;
        qint64 rowUpdatedAt = 0;
    };

    void mergeTask(const core::TaskRecord &task);
    void mergeTransition(const core::TransitionRecord &transition);
    void sample(qint64 atMs, const core::StateCounts &counts, bool overwrite);
    void sample(qint64 atMs, const StateCounts &counts, bool overwrite);
    void reconstructBefore(const host::ActivitySnapshot &activity);
    QList<Wait> waitsOf(const Track &track) const;

    QHash<QString, Track> m_tracks;
    QMap<qint64, StateCounts> m_samples;
    QMap<qint64, MinuteActivity> m_minutes;
    qint64 m_retentionMs = qint64(2) * 60 * 60 * 1000;
};

} // namespace clawops::ui
