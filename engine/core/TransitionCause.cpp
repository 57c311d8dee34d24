#include "TransitionCause.h"

#include <QRegularExpression>

#include <array>

namespace clawops::core {

namespace {

using Kind = TransitionCause::Kind;

struct FixedText
{
    Kind kind;
    const char16_t *text;
};

// The causes whose text carries no values, as the plugin (or ClawOps, for its own kinds) writes
// them.
constexpr std::array kFixedTexts{
    FixedText{Kind::SpawnRequested, u"spawn-requested"},
    FixedText{Kind::SpawnNotAccepted, u"spawn-not-accepted"},
    FixedText{Kind::MissingChildSessionKey, u"missing-child-session-key"},
    FixedText{Kind::WorkerStarted, u"worker-started"},
    FixedText{Kind::RespawnedAsNextAttempt, u"respawned-as-next-attempt"},
    FixedText{Kind::OperatorRetryDispatched, u"operator-retry-dispatched"},
    FixedText{Kind::AutoVerified, u"auto-verified-after-grace-window"},
    FixedText{Kind::VerificationTimeoutUnverified, u"verification-timeout-unverified"},
    FixedText{Kind::VerificationTimeoutMissingReceipt, u"verification-timeout-missing-receipt"},
    FixedText{Kind::BecameOrchestrator, u"worker-became-orchestrator"},
    FixedText{Kind::ReportedCompletedAwaitingVerification,
              u"worker-reported-completed-awaiting-verification"},
    FixedText{Kind::ReportedCompletedNoVerification, u"worker-reported-completed-no-verification"},
    FixedText{Kind::ReportedCompletedMissingVerification,
              u"worker-reported-completed-missing-verification"},
    FixedText{Kind::ReportedBlocked, u"worker-reported-blocked"},
    FixedText{Kind::ReportedFailed, u"worker-reported-failed"},
    FixedText{Kind::OperatorVerified, u"operator-verified"},
    FixedText{Kind::OperatorRejected, u"operator-rejected"},
    FixedText{Kind::OperatorAnswered, u"operator-answered"},
    FixedText{Kind::OperatorKilled, u"operator-killed"},
    FixedText{Kind::OperatorMarkedDead, u"operator-marked-dead"},
    FixedText{Kind::OperatorCancelledRetry, u"retry-cancelled-by-operator"},
};

struct ReasonText
{
    RetryReason::Kind kind;
    const char16_t *text;
};

constexpr std::array kReasonTexts{
    ReasonText{RetryReason::Kind::OperatorRejected, u"rejected"},
    ReasonText{RetryReason::Kind::OperatorAnswered, u"needs-input-answered"},
    ReasonText{RetryReason::Kind::OperatorForced, u"operator"},
    ReasonText{RetryReason::Kind::Restored, u"restored"},
};

// Only the canonical spelling of an outcome: "Timeout" or "success" was not written by toText().
std::optional<WorkerOutcome> exactOutcome(QStringView text)
{
    const std::optional<WorkerOutcome> outcome = outcomeFromText(text.toString());
    if (outcome && outcomeText(*outcome) == text)
        return outcome;
    return std::nullopt;
}

// A decimal without sign or leading zero, as QString::number writes it; -1 otherwise.
qint64 exactNumber(QStringView text)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < 0 || QString::number(value) != text)
        return -1;
    return value;
}

TransitionCause parseValued(const QString &text)
{
    static const QRegularExpression queued(QStringLiteral("^queued-retry-(\\d+)-([a-z]+)$"));
    static const QRegularExpression operatorQueued(QStringLiteral("^operator-retry-(\\d+)$"));
    static const QRegularExpression respawn(
        QStringLiteral("^respawn-not-seen-within-(\\d+)s-after-retry-to-(.*)$"),
        QRegularExpression::DotMatchesEverythingOption);

    if (const auto match = queued.match(text); match.hasMatch()) {
        const qint64 attempt = exactNumber(match.capturedView(1));
        const std::optional<WorkerOutcome> outcome = exactOutcome(match.capturedView(2));
        if (attempt >= 0 && attempt <= INT_MAX && outcome)
            return TransitionCause::retryQueued(int(attempt), *outcome);
    }
    if (const auto match = operatorQueued.match(text); match.hasMatch()) {
        const qint64 attempt = exactNumber(match.capturedView(1));
        if (attempt >= 0 && attempt <= INT_MAX)
            return TransitionCause::operatorRetryQueued(int(attempt));
    }
    if (const auto match = respawn.match(text); match.hasMatch()) {
        const qint64 seconds = exactNumber(match.capturedView(1));
        if (seconds >= 0)
            return TransitionCause::respawnNotSeen(seconds, match.captured(2));
    }
    const QStringView view(text);
    if (view.startsWith(u"worker-ended-")) {
        if (const auto outcome = exactOutcome(view.mid(13)))
            return TransitionCause::workerEnded(*outcome);
    }
    if (view.startsWith(u"retry-exhausted-")) {
        if (const auto outcome = exactOutcome(view.mid(16)))
            return TransitionCause::retryExhausted(*outcome);
    }
    return TransitionCause::other(text);
}

} // namespace

// --- RetryReason ---------------------------------------------------------------------------

QString RetryReason::toText() const
{
    switch (kind) {
    case Kind::WorkerEnded:
        return outcomeText(outcome);
    case Kind::Carried:
        return carried;
    default:
        break;
    }
    for (const ReasonText &entry : kReasonTexts) {
        if (entry.kind == kind)
            return QString::fromUtf16(entry.text);
    }
    return {};
}

RetryReason RetryReason::fromText(const QString &text)
{
    if (text.isEmpty())
        return of(Kind::Restored);
    if (const std::optional<WorkerOutcome> outcome = exactOutcome(text))
        return workerEnded(*outcome);
    for (const ReasonText &entry : kReasonTexts) {
        if (text == QStringView(entry.text))
            return of(entry.kind);
    }
    RetryReason reason;
    reason.kind = Kind::Carried;
    reason.carried = text;
    return reason;
}

std::optional<WorkerOutcome> RetryReason::workerOutcome() const
{
    if (kind == Kind::WorkerEnded)
        return outcome;
    if (kind == Kind::Carried)
        return TransitionCause::fromText(carried).workerOutcome();
    return std::nullopt;
}

// --- TransitionCause -----------------------------------------------------------------------

TransitionCause TransitionCause::workerEnded(WorkerOutcome outcome)
{
    TransitionCause cause = of(Kind::WorkerEnded);
    cause.outcome = outcome;
    return cause;
}

TransitionCause TransitionCause::retryExhausted(WorkerOutcome outcome)
{
    TransitionCause cause = of(Kind::RetryExhausted);
    cause.outcome = outcome;
    return cause;
}

TransitionCause TransitionCause::retryQueued(int attempt, WorkerOutcome outcome)
{
    TransitionCause cause = of(Kind::RetryQueued);
    cause.attempt = attempt;
    cause.outcome = outcome;
    return cause;
}

TransitionCause TransitionCause::operatorRetryQueued(int attempt)
{
    TransitionCause cause = of(Kind::OperatorRetryQueued);
    cause.attempt = attempt;
    return cause;
}

TransitionCause TransitionCause::retryDispatched(const RetryReason &reason)
{
    TransitionCause cause = of(Kind::RetryDispatched);
    cause.retry = reason;
    return cause;
}

TransitionCause TransitionCause::respawnNotSeen(qint64 seconds, const QString &target)
{
    TransitionCause cause = of(Kind::RespawnNotSeen);
    cause.seconds = seconds;
    cause.target = target;
    return cause;
}

TransitionCause TransitionCause::other(const QString &text)
{
    TransitionCause cause = of(text.isEmpty() ? Kind::None : Kind::Other);
    cause.text = text;
    return cause;
}

bool TransitionCause::byOperator() const
{
    switch (kind) {
    case Kind::OperatorRetryQueued:
    case Kind::OperatorRetryDispatched:
    case Kind::OperatorVerified:
    case Kind::OperatorRejected:
    case Kind::OperatorAnswered:
    case Kind::OperatorKilled:
    case Kind::OperatorMarkedDead:
    case Kind::OperatorCancelledRetry:
        return true;
    case Kind::RetryDispatched:
        return retry.kind == RetryReason::Kind::OperatorRejected ||
               retry.kind == RetryReason::Kind::OperatorAnswered ||
               retry.kind == RetryReason::Kind::OperatorForced;
    default:
        return false;
    }
}

std::optional<WorkerOutcome> TransitionCause::workerOutcome() const
{
    switch (kind) {
    case Kind::WorkerEnded:
    case Kind::RetryExhausted:
    case Kind::RetryQueued:
        return outcome;
    case Kind::RetryDispatched:
        return retry.workerOutcome();
    default:
        return std::nullopt;
    }
}

QString TransitionCause::toText() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::WorkerEnded:
        return QStringLiteral("worker-ended-") + outcomeText(outcome);
    case Kind::RetryExhausted:
        return QStringLiteral("retry-exhausted-") + outcomeText(outcome);
    case Kind::RetryQueued:
        return QStringLiteral("queued-retry-%1-%2").arg(attempt).arg(outcomeText(outcome));
    case Kind::OperatorRetryQueued:
        return QStringLiteral("operator-retry-%1").arg(attempt);
    case Kind::RetryDispatched:
        return retry.toText();
    case Kind::RespawnNotSeen:
        return QStringLiteral("respawn-not-seen-within-%1s-after-retry-to-%2")
            .arg(seconds)
            .arg(target);
    case Kind::Other:
        return text;
    default:
        break;
    }
    for (const FixedText &entry : kFixedTexts) {
        if (entry.kind == kind)
            return QString::fromUtf16(entry.text);
    }
    return text;
}

TransitionCause TransitionCause::fromText(const QString &text)
{
    if (text.isEmpty())
        return {};
    for (const FixedText &entry : kFixedTexts) {
        if (text == QStringView(entry.text))
            return of(entry.kind);
    }
    // The texts a dispatched retry leaves behind: the bare reason.
    const RetryReason reason = RetryReason::fromText(text);
    if (reason.kind != RetryReason::Kind::Carried)
        return retryDispatched(reason);
    return parseValued(text);
}

} // namespace clawops::core
