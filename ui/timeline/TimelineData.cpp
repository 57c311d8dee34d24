#include "TimelineData.h"

#include "models/TransitionList.h"

#include <algorithm>
#include <limits>

namespace clawops::ui {

using core::TaskState;

namespace {

bool isWorking(TaskState state)
{
    return state == TaskState::Leased || state == TaskState::Running;
}

// Where a worker stopped working on the attempt: the end of its bar.
bool endsWork(const std::optional<TaskState> &from, TaskState to)
{
    return from && isWorking(*from) && !isWorking(to);
}

bool overlaps(const TimelineBar &bar, qint64 fromMs, qint64 toMs, qint64 nowMs)
{
    return bar.startMs <= toMs && bar.endOr(nowMs) >= fromMs;
}

} // namespace

const TimelineBar *TimelineLayout::barAt(int lane, qint64 atMs, qint64 toleranceMs,
                                         qint64 nowMs) const
{
    if (lane < 0 || lane >= int(lanes.size()))
        return nullptr;
    const TimelineBar *best = nullptr;
    qint64 bestDistance = std::numeric_limits<qint64>::max();
    for (const TimelineBar &bar : lanes.at(lane).bars) {
        const qint64 end = bar.endOr(nowMs);
        qint64 distance = 0;
        if (atMs < bar.startMs)
            distance = bar.startMs - atMs;
        else if (atMs > end)
            distance = atMs - end;
        if (distance <= toleranceMs && distance < bestDistance) {
            best = &bar;
            bestDistance = distance;
        }
    }
    return best;
}

int TimelineLayout::laneOf(const QString &taskId) const
{
    for (int i = 0; i < int(lanes.size()); ++i) {
        for (const TimelineBar &bar : lanes.at(i).bars) {
            if (bar.taskId == taskId)
                return i;
        }
    }
    return -1;
}

TimelineData::TimelineData(QObject *parent)
    : QObject(parent)
{}

void TimelineData::applyDelta(const host::EngineDelta &delta)
{
    if (delta.tasks.isEmpty() && delta.transitions.isEmpty())
        return;
    for (const core::TaskRecord &task : delta.tasks)
        mergeTask(task);
    for (const core::TransitionRecord &transition : delta.transitions)
        mergeTransition(transition);
    Q_EMIT changed();
}

void TimelineData::applyActivity(const host::ActivitySnapshot &activity)
{
    if (!activity.error.isEmpty())
        return;
    for (const core::TaskRecord &task : activity.tasks)
        mergeTask(task);
    for (const core::TransitionRecord &transition : activity.transitions)
        mergeTransition(transition);
    Q_EMIT changed();
}

void TimelineData::clear()
{
    m_attempts.clear();
    Q_EMIT changed();
}

void TimelineData::mergeTask(const core::TaskRecord &task)
{
    if (task.taskId.isEmpty())
        return;
    auto it = m_attempts.find(task.taskId.str());
    if (it == m_attempts.end())
        it = m_attempts.insert(task.taskId.str(), {});
    Attempt &attempt = it.value();
    // The history and the deltas overlap and may arrive in either order: the newer row wins.
    if (!attempt.fromRow || attempt.rowUpdatedAt <= task.updatedAt) {
        TimelineBar bar;
        bar.taskId = it.key(); // shared with the key
        bar.label = task.label;
        bar.orchestratorSessionKey = task.orchestratorSessionKey.str();
        bar.workerSessionKey = task.workerSessionKey.str();
        bar.attempt = task.attempt;
        bar.maxRetries = task.maxRetries;
        bar.outcome = task.state;
        bar.startMs = task.createdAt;
        bar.endReason = task.lastOutcome;
        attempt.fromRow = std::move(bar);
        attempt.rowUpdatedAt = task.updatedAt;
    }
}

bool TimelineData::mergeTransition(const core::TransitionRecord &transition)
{
    if (transition.taskId.isEmpty())
        return false;
    Attempt &attempt = m_attempts[transition.taskId.str()];
    if (endsWork(transition.from, transition.to))
        TransitionList::insert(attempt.endings, Ending{transition.at, transition.cause});
    return TransitionList::insert(attempt.transitions,
                                  Step{transition.at, transition.from, transition.to});
}

TimelineBar TimelineData::barFor(const QString &taskId, const Attempt &attempt) const
{
    TimelineBar bar;
    const QList<Step> &transitions = attempt.transitions;
    if (attempt.fromRow) {
        bar = *attempt.fromRow;
        bar.endReason = {}; // the row's last cause counts only when no transition tells the end
    } else if (!transitions.isEmpty()) {
        bar.taskId = taskId;
        bar.outcome = transitions.constLast().to;
    }
    for (const Step &transition : transitions) {
        if (!transition.from) {
            bar.startMs = transition.at;
            break;
        }
    }
    if (bar.startMs <= 0 && !transitions.isEmpty())
        bar.startMs = transitions.constFirst().at;

    for (const Step &transition : transitions) {
        if (endsWork(transition.from, transition.to)) {
            bar.endMs = transition.at;
            const auto ending = std::find_if(
                attempt.endings.cbegin(), attempt.endings.cend(),
                [&](const Ending &candidate) { return candidate.at == transition.at; });
            if (ending != attempt.endings.cend())
                bar.endReason = ending->cause;
            break;
        }
    }
    if (bar.endMs == 0 && !isWorking(bar.outcome)) {
        // The end happened before the history we have: the row's last change is the best bound.
        bar.endMs = attempt.fromRow ? attempt.rowUpdatedAt : transitions.constLast().at;
        if (attempt.fromRow)
            bar.endReason = attempt.fromRow->endReason;
    }
    if (bar.endMs != 0)
        bar.endMs = std::max(bar.endMs, bar.startMs);
    return bar;
}

std::optional<TimelineBar> TimelineData::bar(const QString &taskId) const
{
    const auto it = m_attempts.constFind(taskId);
    if (it == m_attempts.constEnd())
        return std::nullopt;
    return barFor(it.key(), *it);
}

void TimelineData::prune(qint64 nowMs)
{
    const qint64 cutoff = nowMs - m_retentionMs;
    bool removed = false;
    QList<std::pair<qint64, QString>> endedKept; // when, which
    for (auto it = m_attempts.begin(); it != m_attempts.end();) {
        const TimelineBar bar = barFor(it.key(), *it);
        if (!bar.isOpen() && bar.endMs < cutoff) {
            it = m_attempts.erase(it);
            removed = true;
        } else {
            if (!bar.isOpen())
                endedKept.append({bar.endMs, it.key()});
            ++it;
        }
    }
    if (endedKept.size() > m_maxEndedAttempts) {
        // The excess with the oldest ends go (of attempts ending at the same moment, any).
        const auto firstKept = endedKept.begin() + (endedKept.size() - m_maxEndedAttempts);
        std::nth_element(endedKept.begin(), firstKept, endedKept.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (auto it = endedKept.cbegin(); it != firstKept; ++it)
            m_attempts.remove(it->second);
        removed = true;
    }
    if (removed)
        Q_EMIT changed();
}

qint64 TimelineData::earliestMs() const
{
    qint64 earliest = 0;
    for (auto it = m_attempts.cbegin(); it != m_attempts.cend(); ++it) {
        const qint64 start = barFor(it.key(), *it).startMs;
        if (start > 0 && (earliest == 0 || start < earliest))
            earliest = start;
    }
    return earliest;
}

TimelineLayout TimelineData::layout(qint64 fromMs, qint64 toMs, qint64 nowMs) const
{
    // Lanes keyed by worker session; a spawn not yet accepted has a lane of its own.
    struct LaneBuild
    {
        TimelineLane lane;
        qint64 firstStart = 0;
    };
    QHash<QString, LaneBuild> lanes;
    for (auto it = m_attempts.cbegin(); it != m_attempts.cend(); ++it) {
        const TimelineBar bar = barFor(it.key(), *it);
        if (bar.startMs <= 0 || !overlaps(bar, fromMs, toMs, nowMs))
            continue;
        const QString key = bar.workerSessionKey.isEmpty() ? QStringLiteral("\x01") + bar.taskId
                                                           : bar.workerSessionKey;
        LaneBuild &build = lanes[key];
        if (build.lane.bars.isEmpty()) {
            build.lane.workerSessionKey = bar.workerSessionKey;
            build.lane.orchestratorSessionKey = bar.orchestratorSessionKey;
            build.firstStart = bar.startMs;
        }
        build.firstStart = std::min(build.firstStart, bar.startMs);
        build.lane.bars.append(bar);
    }

    // Orchestrators in order of their first visible work, lanes likewise within each, so that
    // rows keep their order while the window slides.
    QHash<QString, QList<LaneBuild *>> byOrchestrator;
    QHash<QString, qint64> orchestratorStart;
    for (LaneBuild &build : lanes) {
        std::sort(build.lane.bars.begin(), build.lane.bars.end(),
                  [](const TimelineBar &a, const TimelineBar &b) {
                      return a.startMs != b.startMs ? a.startMs < b.startMs : a.taskId < b.taskId;
                  });
        const QString &orchestrator = build.lane.orchestratorSessionKey;
        byOrchestrator[orchestrator].append(&build);
        auto start = orchestratorStart.find(orchestrator);
        if (start == orchestratorStart.end())
            orchestratorStart.insert(orchestrator, build.firstStart);
        else
            *start = std::min(*start, build.firstStart);
    }
    QStringList orchestrators = byOrchestrator.keys();
    std::sort(orchestrators.begin(), orchestrators.end(),
              [&orchestratorStart](const QString &a, const QString &b) {
                  const qint64 sa = orchestratorStart.value(a);
                  const qint64 sb = orchestratorStart.value(b);
                  return sa != sb ? sa < sb : a < b;
              });

    TimelineLayout out;
    for (const QString &orchestrator : std::as_const(orchestrators)) {
        QList<LaneBuild *> group = byOrchestrator.value(orchestrator);
        std::sort(group.begin(), group.end(), [](const LaneBuild *a, const LaneBuild *b) {
            if (a->firstStart != b->firstStart)
                return a->firstStart < b->firstStart;
            return a->lane.bars.constFirst().taskId < b->lane.bars.constFirst().taskId;
        });
        out.groups.append({orchestrator, int(out.lanes.size()), int(group.size())});
        for (const LaneBuild *build : std::as_const(group))
            out.lanes.append(build->lane);
    }
    return out;
}

} // namespace clawops::ui
