#pragma once

#include "host/HostTypes.h"
#include "models/TransitionList.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <optional>

namespace clawops::ui {

// One attempt of a task as the timeline draws it: from the spawn request until its worker
// stopped working on it (or until now while it still does).
struct TimelineBar
{
    QString taskId;
    QString label;
    QString orchestratorSessionKey;
    QString workerSessionKey;
    int attempt = 1;
    int maxRetries = 0;
    qint64 startMs = 0;
    qint64 endMs = 0; // 0 while the worker is still on it
    // What became of the attempt, as its state stands now: a worker that ended well shows as
    // needs_verification until someone verifies it, then as done.
    core::TaskState outcome = core::TaskState::Leased;
    core::TransitionCause endReason; // why the worker part ended; None while open

    bool isOpen() const { return endMs == 0; }
    qint64 endOr(qint64 nowMs) const { return isOpen() ? nowMs : endMs; }
};

// A row of the timeline: one worker session (or one spawn the gateway has not accepted yet).
struct TimelineLane
{
    QString workerSessionKey; // empty for a spawn without a session yet
    QString orchestratorSessionKey;
    QList<TimelineBar> bars; // by start
};

// Consecutive lanes that belong to one orchestrator.
struct TimelineGroup
{
    QString orchestratorSessionKey;
    int firstLane = 0;
    int laneCount = 0;
};

// What is on screen for one time range: lanes grouped by orchestrator, top to bottom.
struct TimelineLayout
{
    QList<TimelineLane> lanes;
    QList<TimelineGroup> groups;

    // The bar under time `atMs` in lane `lane`, within `toleranceMs` of its ends; the nearest
    // one when several are within reach. nullptr when there is none.
    const TimelineBar *barAt(int lane, qint64 atMs, qint64 toleranceMs, qint64 nowMs) const;
    int laneOf(const QString &taskId) const;
};

// The worker timeline's data, without widgets: every attempt seen in the engine's deltas and in
// the activity history, merged whatever order they arrive in, and laid out as lanes per worker
// session grouped by orchestrator for any time range.
class TimelineData final : public QObject
{
    Q_OBJECT

public:
    explicit TimelineData(QObject *parent = nullptr);

    void applyDelta(const host::EngineDelta &delta);
    void applyActivity(const host::ActivitySnapshot &activity);
    void clear();

    // Attempts that ended before now - retention are forgotten at the next prune(), and beyond
    // the newest setMaxEndedAttempts() ended ones the older go too: a busy fleet's two hours are
    // hundreds of thousands of attempts, at about a kilobyte each. Open attempts always stay.
    void setRetentionMs(qint64 ms) { m_retentionMs = ms; }
    qint64 retentionMs() const { return m_retentionMs; }
    void setMaxEndedAttempts(qsizetype count) { m_maxEndedAttempts = count; }
    void prune(qint64 nowMs);

    int attemptCount() const { return int(m_attempts.size()); }
    std::optional<TimelineBar> bar(const QString &taskId) const;
    // Lanes holding at least one bar that overlaps [fromMs, toMs].
    TimelineLayout layout(qint64 fromMs, qint64 toMs, qint64 nowMs) const;
    // Earliest start of any known attempt (0 when there is none).
    qint64 earliestMs() const;

Q_SIGNALS:
    void changed();

private:
    // What the bars need of a transition (StateStep), and its cause only where it can be a
    // bar's end reason (a cause is five times the size of the rest).
    using Step = StateStep;
    struct Ending
    {
        qint64 at = 0;
        core::TransitionCause cause;
        bool operator==(const Ending &) const = default;
    };
    struct Attempt
    {
        // The bar as the task's newest row draws it: start and outcome, and as its end reason
        // the row's last cause. Not the row itself: attempts are kept for hours, and a row
        // holds the task's whole text, its spec and its receipt.
        std::optional<TimelineBar> fromRow;
        qint64 rowUpdatedAt = 0;
        QList<Step> transitions; // by time, without duplicates
        QList<Ending> endings;   // causes of the transitions out of leased/running, by time
    };

    void mergeTask(const core::TaskRecord &task);
    bool mergeTransition(const core::TransitionRecord &transition);
    TimelineBar barFor(const QString &taskId, const Attempt &attempt) const;

    QHash<QString, Attempt> m_attempts;
    qint64 m_retentionMs = qint64(2) * 60 * 60 * 1000;
    // As many as the activity history brings at most (20,000 transitions), and then some.
    qsizetype m_maxEndedAttempts = 20000;
};

} // namespace clawops::ui
