#include "NotificationPolicy.h"

#include "present/EngineWords.h"
#include "present/SessionKeys.h"
#include "present/StateStyle.h"

#include <algorithm>

namespace clawops::ui {

using core::TaskState;
using host::ConnectionPhase;

namespace {

constexpr int kTitlesListed = 3;
constexpr int kTitleChars = 80;

bool syncing(ConnectionPhase phase)
{
    return phase == ConnectionPhase::Connecting || phase == ConnectionPhase::Handshaking ||
           phase == ConnectionPhase::Resyncing;
}

bool waitsForOperator(TaskState state)
{
    return state == TaskState::NeedsInput || state == TaskState::NeedsVerification;
}

} // namespace

NotificationPolicy::NotificationPolicy(qint64 startedAtMs, Timing timing)
    : m_timing(timing)
    , m_quietUntilMs(startedAtMs + timing.settleMs)
{}

void NotificationPolicy::setConnectionPhase(ConnectionPhase phase, qint64 nowMs)
{
    // The delta carrying the last resync answers is flushed a moment after the phase turns
    // Live, so the quiet period has to outlast the phase itself.
    if (syncing(m_phase) && !syncing(phase))
        m_quietUntilMs = std::max(m_quietUntilMs, nowMs + m_timing.settleMs);
    m_phase = phase;
}

bool NotificationPolicy::quiet(qint64 nowMs) const
{
    return syncing(m_phase) || nowMs < m_quietUntilMs;
}

void NotificationPolicy::setDoNotDisturb(bool on)
{
    m_doNotDisturb = on;
    if (on)
        m_pending.clear(); // nothing saved up to pop out the moment it is switched off
}

std::optional<NotificationKind>
NotificationPolicy::kindFor(const core::TransitionRecord &transition)
{
    if (transition.from && *transition.from == transition.to)
        return std::nullopt;
    // The operator did it (from this console or another one); telling them is noise.
    if (transition.cause.byOperator())
        return std::nullopt;
    switch (transition.to) {
    case TaskState::NeedsInput:
        return NotificationKind::NeedsInput;
    case TaskState::NeedsVerification:
        return NotificationKind::NeedsVerification;
    case TaskState::Dead:
        // Includes "retry-exhausted-*", for which the engine raises its retry-budget incident.
        return NotificationKind::Dead;
    case TaskState::Failed:
        // The engine's worker-failure incident fires when failures grow. A failed attempt that
        // was replaced by its respawn is routine, and one that is retried automatically moves
        // on to queued in the same batch (applyDelta keeps only the final state).
        if (transition.cause.kind == core::TransitionCause::Kind::RespawnedAsNextAttempt)
            return std::nullopt;
        return NotificationKind::Incident;
    default:
        return std::nullopt;
    }
}

TaskState NotificationPolicy::stateOf(NotificationKind kind)
{
    switch (kind) {
    case NotificationKind::NeedsInput:
        return TaskState::NeedsInput;
    case NotificationKind::NeedsVerification:
        return TaskState::NeedsVerification;
    case NotificationKind::Dead:
        return TaskState::Dead;
    case NotificationKind::Incident:
    case NotificationKind::PolicyViolation:
        return TaskState::Failed;
    }
    return TaskState::Failed;
}

QString NotificationPolicy::titleOf(const core::TaskRecord &task)
{
    QString title = task.label.isEmpty() ? task.spec.label : task.label;
    if (title.isEmpty())
        title = stripContractPacket(task.taskPreview).section(QLatin1Char('\n'), 0, 0).trimmed();
    if (title.isEmpty())
        title = task.taskId;
    if (title.size() > kTitleChars)
        title = title.left(kTitleChars - 1) + QChar(0x2026);
    return title;
}

void NotificationPolicy::applyDelta(const host::EngineDelta &delta, qint64 nowMs)
{
    if (delta.stateCounts)
        m_counts = *delta.stateCounts;

    QHash<QString, const core::TaskRecord *> rows;
    for (const core::TaskRecord &task : delta.tasks)
        rows.insert(task.taskId, &task);
    QHash<QString, TaskState> finalStates;
    for (const core::TransitionRecord &transition : delta.transitions)
        finalStates.insert(transition.taskId, transition.to);
    for (const core::TaskRecord &task : delta.tasks)
        finalStates.insert(task.taskId, task.state);

    // One entry per task and batch: the last notable transition, if the task is still there.
    QList<Pending> entered;
    for (const core::TransitionRecord &transition : delta.transitions) {
        const std::optional<NotificationKind> kind = kindFor(transition);
        if (!kind)
            continue;
        const TaskState state = stateOf(*kind);
        if (finalStates.value(transition.taskId) != state)
            continue;
        if (waitsForOperator(state) && m_waiting.value(transition.taskId) == state)
            continue; // already known to be waiting there: a replay, not a new entry
        const auto row = rows.constFind(transition.taskId);
        Pending item{transition.taskId,
                     row != rows.constEnd() ? titleOf(**row) : transition.taskId,
                     {},
                     transition.cause,
                     *kind,
                     nowMs};
        const auto same = std::find_if(entered.begin(), entered.end(),
                                       [&](const Pending &p) { return p.taskId == item.taskId; });
        if (same != entered.end())
            *same = item;
        else
            entered.append(item);
    }

    for (auto it = finalStates.constBegin(); it != finalStates.constEnd(); ++it) {
        if (waitsForOperator(it.value()))
            m_waiting.insert(it.key(), it.value());
        else
            m_waiting.remove(it.key());
    }
    // A task answered, verified or retried before the notification went out is old news.
    m_pending.erase(std::remove_if(m_pending.begin(), m_pending.end(),
                                   [&](const Pending &p) {
                                       const auto state = finalStates.constFind(p.taskId);
                                       return !p.taskId.isEmpty() &&
                                              state != finalStates.constEnd() &&
                                              *state != stateOf(p.kind);
                                   }),
                    m_pending.end());

    if (quiet(nowMs) || m_doNotDisturb)
        return;
    for (const Pending &item : std::as_const(entered))
        queue(item);
    queueViolations(delta.policyViolations, nowMs);
}

void NotificationPolicy::queue(const Pending &item)
{
    const bool queued = std::any_of(m_pending.cbegin(), m_pending.cend(), [&](const Pending &p) {
        return !p.taskId.isEmpty() && p.taskId == item.taskId && p.kind == item.kind;
    });
    if (!queued)
        m_pending.append(item);
}

// Every violation is news (the engine records each call once); they coalesce with the rest.
void NotificationPolicy::queueViolations(const QList<core::PolicyViolationRecord> &violations,
                                         qint64 nowMs)
{
    for (const core::PolicyViolationRecord &violation : violations) {
        Pending item;
        item.title = tr("%1 in %2").arg(violation.toolName, shortSessionKey(violation.sessionKey));
        item.detail = EngineWords::policyRule(violation.rule);
        item.kind = NotificationKind::PolicyViolation;
        item.atMs = nowMs;
        m_pending.append(item);
    }
}

std::optional<qint64> NotificationPolicy::nextFlushAtMs() const
{
    if (m_pending.isEmpty())
        return std::nullopt;
    qint64 at = m_pending.constFirst().atMs + m_timing.coalesceMs;
    if (m_shownOnce)
        at = std::max(at, m_lastShownAtMs + m_timing.minIntervalMs);
    return at;
}

std::optional<Notification> NotificationPolicy::flush(qint64 nowMs)
{
    const std::optional<qint64> due = nextFlushAtMs();
    if (!due || nowMs < *due)
        return std::nullopt;
    if (m_doNotDisturb) {
        m_pending.clear();
        return std::nullopt;
    }
    Notification notification = compose(m_pending);
    m_pending.clear();
    m_lastShownAtMs = nowMs;
    m_shownOnce = true;
    return notification;
}

QString NotificationPolicy::kindHeadline(NotificationKind kind, int count)
{
    // The singular has its own sentence so English needs no plural forms of its own.
    switch (kind) {
    case NotificationKind::NeedsInput:
        return count == 1 ? tr("A task needs input") : tr("%n tasks need input", nullptr, count);
    case NotificationKind::NeedsVerification:
        return count == 1 ? tr("A task needs verification")
                          : tr("%n tasks need verification", nullptr, count);
    case NotificationKind::Dead:
        return count == 1 ? tr("A task is dead") : tr("%n tasks are dead", nullptr, count);
    case NotificationKind::Incident:
        return count == 1 ? tr("A worker failed") : tr("%n workers failed", nullptr, count);
    case NotificationKind::PolicyViolation:
        return count == 1 ? tr("A policy was broken") : tr("%n policy violations", nullptr, count);
    }
    return {};
}

namespace {

QString reasonText(NotificationKind kind, const core::TransitionCause &reason)
{
    if (kind == NotificationKind::Dead &&
        reason.kind == core::TransitionCause::Kind::RetryExhausted)
        return NotificationPolicy::tr("Out of retries; the last worker %1.")
            .arg(EngineWords::outcome(reason.outcome));
    if (kind == NotificationKind::Incident)
        return NotificationPolicy::tr("No retry is scheduled (%1).")
            .arg(EngineWords::cause(reason));
    return {};
}

} // namespace

Notification NotificationPolicy::compose(const QList<Pending> &items)
{
    Notification out;
    out.taskCount = int(items.size());
    for (const Pending &item : items)
        out.counts[item.kind] += 1;
    out.kind = NotificationKind::Incident;
    for (int k = 0; k < kNotificationKindCount; ++k) {
        if (out.counts.value(NotificationKind(k)) > 0) {
            out.kind = NotificationKind(k);
            break;
        }
    }
    out.critical = out.counts.value(NotificationKind::Dead) > 0 ||
                   out.counts.value(NotificationKind::Incident) > 0 ||
                   out.counts.value(NotificationKind::PolicyViolation) > 0;

    QList<const Pending *> main;
    for (const Pending &item : items) {
        if (item.kind == out.kind)
            main.append(&item);
    }
    out.taskId = main.constFirst()->taskId;
    out.title = kindHeadline(out.kind, int(main.size()));

    QStringList lines;
    if (main.size() == 1) {
        lines.append(main.constFirst()->title);
        if (const QString why = reasonText(out.kind, main.constFirst()->reason); !why.isEmpty())
            lines.append(why);
        if (!main.constFirst()->detail.isEmpty())
            lines.append(main.constFirst()->detail);
    } else {
        for (int i = 0; i < std::min(int(main.size()), kTitlesListed); ++i)
            lines.append(QStringLiteral("• ") + main.at(i)->title);
        if (main.size() > kTitlesListed)
            lines.append(tr("…and %n more", nullptr, int(main.size()) - kTitlesListed));
    }
    QStringList others;
    for (int k = 0; k < kNotificationKindCount; ++k) {
        const auto kind = NotificationKind(k);
        if (kind != out.kind && out.counts.value(kind) > 0)
            others.append(kindHeadline(kind, out.counts.value(kind)));
    }
    if (!others.isEmpty())
        lines.append(tr("Also: %1").arg(others.join(tr("; "))));
    out.body = lines.join(QLatin1Char('\n'));
    return out;
}

QStringList NotificationPolicy::countLines(const core::StateCounts &counts)
{
    QStringList lines;
    for (const TaskState state :
         {TaskState::NeedsInput, TaskState::NeedsVerification, TaskState::Running,
          TaskState::Queued, TaskState::Failed, TaskState::Dead})
        lines.append(tr("%1: %L2").arg(StateStyle::label(state)).arg(counts[state]));
    return lines;
}

} // namespace clawops::ui
