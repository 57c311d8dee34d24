#include "Approvals.h"

#include "Logging.h"

namespace clawops::core {

namespace {

// The gateway names the system as the resolver when the run that asked ended.
const QString kScopeClosed = QStringLiteral("approval-scope-closed");
// A deny by nobody this long before the deadline is not the timeout (clocks differ a little).
constexpr TimeMs kExpirySlackMs = 5000;
constexpr qsizetype kMaxClosedRemembered = 4096;

ApprovalStatus statusOfDecision(const QString &decision)
{
    if (decision == kAllowOnce)
        return ApprovalStatus::Allowed;
    if (decision == kAllowAlways)
        return ApprovalStatus::AllowedAlways;
    return ApprovalStatus::Denied;
}

} // namespace

bool ApprovalRequest::offers(const QString &decision) const
{
    if (!isApprovalDecision(decision))
        return false;
    return allowedDecisions.isEmpty() || allowedDecisions.contains(decision);
}

bool isApprovalDecision(const QString &decision)
{
    return decision == kAllowOnce || decision == kAllowAlways || decision == kDeny;
}

QString approvalStatusText(ApprovalStatus status)
{
    switch (status) {
    case ApprovalStatus::Pending:
        return QStringLiteral("pending");
    case ApprovalStatus::Allowed:
        return QStringLiteral("allowed");
    case ApprovalStatus::AllowedAlways:
        return QStringLiteral("allowed-always");
    case ApprovalStatus::Denied:
        return QStringLiteral("denied");
    case ApprovalStatus::Expired:
        return QStringLiteral("expired");
    case ApprovalStatus::Cancelled:
        return QStringLiteral("cancelled");
    case ApprovalStatus::Gone:
        return QStringLiteral("gone");
    }
    return QStringLiteral("unknown");
}

ApprovalBook::ApprovalBook(const Clock &clock, QList<ApprovalRecord> &changes)
    : m_clock(clock)
    , m_changes(changes)
{}

bool ApprovalBook::add(const ApprovalRequest &request, const TaskId &taskId,
                       const QString &taskLabel)
{
    if (request.id.isEmpty() || m_closed.contains(request.id))
        return false;
    if (m_pending.contains(request.id))
        return true;
    ApprovalRecord record;
    record.request = request;
    record.taskId = taskId;
    record.taskLabel = taskLabel;
    record.at = m_clock.now();
    m_pending.insert(request.id, record);
    m_changes.append(record);
    qCInfo(lcCore).noquote() << "approval" << request.id << "waits:" << request.kind
                             << request.command << "for" << request.sessionKey;
    return true;
}

void ApprovalBook::resolve(const QString &id, const QString &decision, const QString &resolvedBy,
                           bool thisConsole)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.constEnd())
        return;
    ApprovalRecord record = *it;
    record.decision = decision;
    record.resolvedBy = resolvedBy;
    const QString sent = m_sent.value(id);
    record.decidedHere = thisConsole || (!sent.isEmpty() && sent == decision &&
                                         !resolvedBy.isEmpty() && resolvedBy != kScopeClosed);
    ApprovalStatus status = statusOfDecision(decision);
    if (resolvedBy == kScopeClosed) {
        status = ApprovalStatus::Cancelled;
        record.resolvedBy.clear();
    } else if (resolvedBy.isEmpty() && !record.decidedHere && decision == kDeny &&
               (record.request.expiresAtMs <= 0 ||
                m_clock.now() + kExpirySlackMs >= record.request.expiresAtMs)) {
        status = ApprovalStatus::Expired;
    }
    close(record, status);
}

void ApprovalBook::reconcile(const QString &kind, const QSet<QString> &pendingIds)
{
    const QList<QString> ids = m_pending.keys();
    for (const QString &id : ids) {
        if (m_pending.value(id).request.kind == kind && !pendingIds.contains(id))
            close(m_pending.value(id), ApprovalStatus::Gone);
    }
}

void ApprovalBook::expire(TimeMs now)
{
    QList<QString> due;
    for (auto it = m_pending.constBegin(); it != m_pending.constEnd(); ++it) {
        if (it->request.expiresAtMs > 0 && now >= it->request.expiresAtMs)
            due.append(it.key());
    }
    for (const QString &id : std::as_const(due))
        close(m_pending.value(id), ApprovalStatus::Expired);
}

void ApprovalBook::noteDecisionSent(const QString &id, const QString &decision)
{
    if (m_pending.contains(id))
        m_sent.insert(id, decision);
}

void ApprovalBook::noteDecisionFailed(const QString &id)
{
    m_sent.remove(id);
}

const ApprovalRecord *ApprovalBook::find(const QString &id) const
{
    const auto it = m_pending.constFind(id);
    return it == m_pending.constEnd() ? nullptr : &*it;
}

QList<ApprovalRecord> ApprovalBook::pending() const
{
    return m_pending.values();
}

void ApprovalBook::close(ApprovalRecord record, ApprovalStatus status)
{
    const QString id = record.request.id;
    m_pending.remove(id);
    m_sent.remove(id);
    if (m_closed.size() >= kMaxClosedRemembered)
        m_closed.clear();
    m_closed.insert(id);
    record.status = status;
    record.at = m_clock.now();
    m_changes.append(record);
    qCInfo(lcCore).noquote() << "approval" << id << approvalStatusText(status)
                             << (record.resolvedBy.isEmpty()
                                     ? QString()
                                     : QStringLiteral("by ") + record.resolvedBy)
                             << (record.decidedHere ? "(this console)" : "");
}

} // namespace clawops::core
