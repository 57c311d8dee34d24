#pragma once

#include "host/HostTypes.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace clawops::ui {

// Why the operator is being told about a task, most urgent first.
enum class NotificationKind
{
    NeedsInput,
    NeedsVerification,
    Dead,
    // A worker failed and nothing will retry it. The engine sends its <orchestrator-incident>
    // blocks to the requester session and puts no incident in the deltas, so the console
    // recognises the same situations from the transitions (see NotificationPolicy.cpp).
    Incident,
    // A tool start the plugin's policies would have blocked (the engine's policy watch). It
    // concerns a session, not a task: a click opens the window.
    PolicyViolation,
};

inline constexpr int kNotificationKindCount = 5;

struct Notification
{
    QString title;
    QString body;
    QString taskId; // what a click opens: the first task of the most urgent kind
    NotificationKind kind = NotificationKind::NeedsInput; // the most urgent kind in it
    QHash<NotificationKind, int> counts;                  // tasks per kind
    int taskCount = 0;
    bool critical = false; // dead tasks or incidents: the platform may show it more urgently
};

struct NotificationTiming
{
    qint64 coalesceMs = 1500;    // events this close together become one notification
    qint64 minIntervalMs = 6000; // at least this long between two notifications
    qint64 settleMs = 3000;      // after start or resync, transitions only set the baseline
};

// Decides what the console tells the operator outside its window: which task transitions are
// worth a desktop notification, how a burst becomes one message, and when to stay silent
// (initial load, resync after a (re)connect, do not disturb). No widgets and no timers: the
// caller feeds deltas and the connection phase with the time, and asks when to flush, so tests
// can drive it with plain numbers.
class NotificationPolicy
{
    Q_DECLARE_TR_FUNCTIONS(NotificationPolicy)

public:
    using Timing = NotificationTiming;

    explicit NotificationPolicy(qint64 startedAtMs, Timing timing = {});

    void setConnectionPhase(host::ConnectionPhase phase, qint64 nowMs);
    void applyDelta(const host::EngineDelta &delta, qint64 nowMs);

    void setDoNotDisturb(bool on);
    bool doNotDisturb() const { return m_doNotDisturb; }

    bool hasPending() const { return !m_pending.isEmpty(); }
    // When flush() will have something to say; nullopt while nothing is pending.
    std::optional<qint64> nextFlushAtMs() const;
    // The coalesced notification once its time has come; tasks that already left the state they
    // were announced for are dropped.
    std::optional<Notification> flush(qint64 nowMs);

    const core::StateCounts &stateCounts() const { return m_counts; }
    // One line per state the operator cares about, e.g. for a tray tooltip.
    static QStringList countLines(const core::StateCounts &counts);
    static QString kindHeadline(NotificationKind kind, int count);

private:
    struct Pending
    {
        QString taskId; // empty for a policy violation
        QString title;
        QString detail; // a violation's rule, in words
        core::TransitionCause reason;
        NotificationKind kind = NotificationKind::NeedsInput;
        qint64 atMs = 0;
    };

    bool quiet(qint64 nowMs) const;
    void queue(const Pending &item);
    void queueViolations(const QList<core::PolicyViolationRecord> &violations, qint64 nowMs);
    void track(const core::TaskRecord &task);
    static std::optional<NotificationKind> kindFor(const core::TransitionRecord &transition);
    static core::TaskState stateOf(NotificationKind kind);
    static QString titleOf(const core::TaskRecord &task);
    static Notification compose(const QList<Pending> &items);

    Timing m_timing;
    host::ConnectionPhase m_phase = host::ConnectionPhase::Offline;
    qint64 m_quietUntilMs = 0;
    qint64 m_lastShownAtMs = 0;
    bool m_shownOnce = false;
    bool m_doNotDisturb = false;
    core::StateCounts m_counts;
    // Tasks known to wait for the operator, so a repeated or replayed entry is not announced
    // twice. Bounded by the tasks that are waiting right now.
    QHash<QString, core::TaskState> m_waiting;
    QList<Pending> m_pending;
};

} // namespace clawops::ui

Q_DECLARE_METATYPE(clawops::ui::Notification)
