#include "ChartsData.h"

#include "models/TransitionList.h"

#include <algorithm>

namespace clawops::ui {

using core::TaskState;

namespace {

bool isWaitState(TaskState state)
{
    return state == TaskState::NeedsInput || state == TaskState::NeedsVerification;
}

qint64 floorTo(qint64 atMs, qint64 stepMs)
{
    const qint64 q = atMs / stepMs;
    return (atMs % stepMs < 0 ? q - 1 : q) * stepMs;
}

void count(MinuteActivity &minute, std::optional<TaskState> enteredFrom, TaskState to)
{
    if (!enteredFrom) {
        ++minute.spawned;
        return;
    }
    const TaskState from = *enteredFrom;
    if (from == to)
        return;
    switch (to) {
    case TaskState::Done:
        ++minute.completed;
        break;
    case TaskState::Failed:
        // A queued attempt that fails because its respawn arrived is bookkeeping, not a failure:
        // its worker's failure was counted when it ended.
        if (from != TaskState::Queued)
            ++minute.failed;
        break;
    case TaskState::Dead:
        ++minute.dead;
        break;
    case TaskState::Queued:
        ++minute.retried;
        break;
    default:
        break;
    }
}

} // namespace

ChartsData::ChartsData(QObject *parent)
    : QObject(parent)
{}

void ChartsData::applyDelta(const host::EngineDelta &delta)
{
    for (const core::TaskRecord &task : delta.tasks)
        mergeTask(task);
    for (const core::TransitionRecord &transition : delta.transitions)
        mergeTransition(transition);
    if (delta.stateCounts && delta.batchAtMs > 0)
        sample(delta.batchAtMs, *delta.stateCounts, true);
    if (!delta.tasks.isEmpty() || !delta.transitions.isEmpty() || delta.stateCounts)
        Q_EMIT changed();
}

void ChartsData::applyActivity(const host::ActivitySnapshot &activity)
{
    if (!activity.error.isEmpty())
        return;
    for (const core::TaskRecord &task : activity.tasks)
        mergeTask(task);
    for (const core::TransitionRecord &transition : activity.transitions)
        mergeTransition(transition);
    reconstructBefore(activity);
    Q_EMIT changed();
}

void ChartsData::clear()
{
    m_tracks.clear();
    m_samples.clear();
    m_minutes.clear();
    Q_EMIT changed();
}

void ChartsData::mergeTask(const core::TaskRecord &task)
{
    if (task.taskId.isEmpty())
        return;
    Track &track = m_tracks[task.taskId];
    if (!track.rowState || track.rowUpdatedAt <= task.updatedAt) {
        track.rowState = task.state;
        track.rowUpdatedAt = task.updatedAt;
    }
}

void ChartsData::mergeTransition(const core::TransitionRecord &transition)
{
    if (transition.taskId.isEmpty())
        return;
    // Counted once, whichever of the history and the deltas brings it first.
    const Step step{transition.at, transition.from, transition.to};
    if (TransitionList::insert(m_tracks[transition.taskId].transitions, step))
        count(m_minutes[floorTo(step.at, kMinuteMs)], step.from, step.to);
}

void ChartsData::sample(qint64 atMs, const core::StateCounts &counts, bool overwrite)
{
    StateCounts values{};
    for (int state = 0; state < core::kTaskStateCount; ++state)
        values[state] = std::max(0, counts[core::TaskState(state)]);
    sample(atMs, values, overwrite);
}

void ChartsData::sample(qint64 atMs, const StateCounts &counts, bool overwrite)
{
    const qint64 bucket = floorTo(atMs, kSampleMs);
    if (overwrite || !m_samples.contains(bucket))
        m_samples.insert(bucket, counts);
}

void ChartsData::reconstructBefore(const host::ActivitySnapshot &activity)
{
    if (activity.stateCounts.isEmpty() || activity.atMs <= 0)
        return;
    // Walk back from the counts as they stood when the history was read, undoing one transition
    // at a time; each bucket gets the counts as they were at its end. Live samples already
    // taken from deltas stay, they were measured rather than derived.
    StateCounts counts{};
    for (int state = 0; state < core::kTaskStateCount; ++state)
        counts[state] = activity.stateCounts[core::TaskState(state)];
    const QList<core::TransitionRecord> &transitions = activity.transitions;
    qint64 oldest = activity.request.sinceMs;
    if (activity.truncated && !transitions.isEmpty())
        oldest = transitions.constFirst().at;
    oldest = std::max(oldest, activity.atMs - m_retentionMs);

    qsizetype next = transitions.size() - 1;
    for (qint64 bucket = floorTo(activity.atMs, kSampleMs); bucket >= floorTo(oldest, kSampleMs);
         bucket -= kSampleMs) {
        const qint64 end = bucket + kSampleMs;
        for (; next >= 0 && transitions.at(next).at >= end; --next) {
            const core::TransitionRecord &transition = transitions.at(next);
            counts[int(transition.to)] -= 1;
            if (transition.from)
                counts[int(*transition.from)] += 1;
        }
        StateCounts clamped = counts;
        for (int &value : clamped)
            value = std::max(0, value);
        sample(bucket, clamped, false);
    }
}

void ChartsData::prune(qint64 nowMs)
{
    const qint64 cutoff = nowMs - m_retentionMs;
    bool removed = false;
    while (!m_samples.isEmpty() && m_samples.firstKey() < cutoff) {
        m_samples.erase(m_samples.begin());
        removed = true;
    }
    while (!m_minutes.isEmpty() && m_minutes.firstKey() < floorTo(cutoff, kMinuteMs)) {
        m_minutes.erase(m_minutes.begin());
        removed = true;
    }
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        const Track &track = *it;
        const qint64 last =
            track.transitions.isEmpty() ? track.rowUpdatedAt : track.transitions.constLast().at;
        const bool waiting = track.rowState && isWaitState(*track.rowState);
        if (!waiting && last < cutoff) {
            it = m_tracks.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    if (removed)
        Q_EMIT changed();
}

MinuteActivity ChartsData::totalsSince(qint64 fromMs) const
{
    MinuteActivity total;
    for (auto it = m_minutes.lowerBound(floorTo(fromMs, kMinuteMs)); it != m_minutes.cend(); ++it) {
        total.spawned += it->spawned;
        total.completed += it->completed;
        total.failed += it->failed;
        total.dead += it->dead;
        total.retried += it->retried;
    }
    return total;
}

QList<Wait> ChartsData::waitsOf(const Track &track) const
{
    QList<Wait> out;
    std::optional<Wait> open;
    // The task id is the track's key: waits() sets it.
    for (const Step &transition : track.transitions) {
        if (open && transition.to != open->state) {
            open->untilMs = std::max(transition.at, open->sinceMs);
            out.append(*open);
            open.reset();
        }
        if (!open && isWaitState(transition.to) && transition.from != transition.to)
            open = Wait{QString(), transition.to, transition.at, 0, true};
    }
    // The row may be newer than the transitions we hold (or the wait began before them).
    const bool rowIsNewer =
        track.rowState &&
        (track.transitions.isEmpty() || track.rowUpdatedAt >= track.transitions.constLast().at);
    if (open) {
        if (!rowIsNewer || *track.rowState == open->state)
            out.append(*open);
    } else if (rowIsNewer && isWaitState(*track.rowState)) {
        const bool lastWasThisState =
            !track.transitions.isEmpty() && track.transitions.constLast().to == *track.rowState;
        if (!lastWasThisState)
            out.append(Wait{QString(), *track.rowState, track.rowUpdatedAt, 0, false});
    }
    return out;
}

QList<Wait> ChartsData::waits() const
{
    QList<Wait> out;
    for (auto it = m_tracks.cbegin(); it != m_tracks.cend(); ++it) {
        for (Wait wait : waitsOf(*it)) {
            wait.taskId = it.key();
            out.append(wait);
        }
    }
    std::sort(out.begin(), out.end(), [](const Wait &a, const Wait &b) {
        return a.sinceMs != b.sinceMs ? a.sinceMs < b.sinceMs : a.taskId < b.taskId;
    });
    return out;
}

const QList<qint64> &ChartsData::waitBucketBoundsMs()
{
    static const QList<qint64> bounds = {qint64(30) * 1000,      qint64(60) * 1000,
                                         qint64(2) * 60 * 1000,  qint64(5) * 60 * 1000,
                                         qint64(15) * 60 * 1000, qint64(60) * 60 * 1000,
                                         qint64(1) << 62};
    return bounds;
}

QString ChartsData::waitBucketLabel(int bucket)
{
    switch (bucket) {
    case 0:
        return tr("< 30 s");
    case 1:
        return tr("30 s–1 min");
    case 2:
        return tr("1–2 min");
    case 3:
        return tr("2–5 min");
    case 4:
        return tr("5–15 min");
    case 5:
        return tr("15–60 min");
    case 6:
        return tr("> 1 h");
    }
    return {};
}

WaitDistribution ChartsData::waitDistribution(TaskState state, qint64 nowMs) const
{
    const QList<qint64> &bounds = waitBucketBoundsMs();
    WaitDistribution out;
    out.finished.fill(0, bounds.size());
    out.current.fill(0, bounds.size());
    auto bucketOf = [&bounds](qint64 ms) {
        for (int i = 0; i < int(bounds.size()); ++i) {
            if (ms < bounds.at(i))
                return i;
        }
        return int(bounds.size()) - 1;
    };
    QList<qint64> finished;
    for (const Wait &wait : waits()) {
        if (wait.state != state)
            continue;
        const qint64 duration = std::max<qint64>(0, wait.durationMs(nowMs));
        if (wait.isOpen()) {
            ++out.current[bucketOf(duration)];
            if (duration > out.longestCurrentMs) {
                out.longestCurrentMs = duration;
                out.longestCurrentTaskId = wait.taskId;
            }
        } else {
            ++out.finished[bucketOf(duration)];
            finished.append(duration);
        }
    }
    if (!finished.isEmpty()) {
        std::sort(finished.begin(), finished.end());
        out.medianFinishedMs = finished.at(finished.size() / 2);
    }
    return out;
}

} // namespace clawops::ui
