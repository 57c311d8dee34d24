#include "InboxModel.h"

#include "ModelRoles.h"
#include "present/Accent.h"
#include "present/EngineWords.h"
#include "present/SessionKeys.h"
#include "present/StateStyle.h"
#include "present/TimeFormat.h"
#include "views/DotIcon.h"

#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>

namespace clawops::ui {

using core::TaskState;

InboxModel::InboxModel(QObject *parent)
    : PagedTaskModel(parent)
{
    setQuery(inboxQuery());
}

TaskQuery InboxModel::inboxQuery()
{
    TaskQuery query;
    query.states = {TaskState::NeedsInput, TaskState::NeedsVerification};
    query.sortKey = core::TaskSortKey::UpdatedAt;
    query.descending = false;
    return query;
}

void InboxModel::setVerificationGraceMs(qint64 graceMs)
{
    if (graceMs == m_grace.graceMs)
        return;
    m_grace.graceMs = graceMs;
    refreshTimes();
}

void InboxModel::setGatewayLink(GraceClock::Link link, qint64 liveSinceMs)
{
    GraceClock next = m_grace;
    next.link = link;
    next.liveSinceMs = link == GraceClock::Link::Live ? liveSinceMs : 0;
    if (next == m_grace)
        return;
    m_grace = next;
    refreshTimes();
}

void InboxModel::setWaitingLimits(const WaitingLimitConfig &limits)
{
    if (limits == m_limits.config())
        return;
    m_limits.setConfig(limits);
    refreshTimes();
}

bool InboxModel::isOverdue(const TaskRow &row, qint64 nowMs) const
{
    return m_limits.isOverdue(row.state, row.updatedAt, nowMs);
}

QList<WaitingTask> InboxModel::waitingTasks() const
{
    QList<WaitingTask> tasks;
    for (int i = 0; i < rowCount(); ++i) {
        const TaskRow *row = rowAt(i);
        tasks.append(
            {row->taskId,
             row->label.isEmpty() ? stripContractPacket(row->taskPreview).left(80) : row->label,
             row->state, row->updatedAt});
    }
    return tasks;
}

int InboxModel::overdueCount(qint64 nowMs) const
{
    int count = 0;
    for (int i = 0; i < rowCount(); ++i) {
        if (isOverdue(*rowAt(i), nowMs))
            ++count;
    }
    return count;
}

void InboxModel::setConsoleIdentity(const ConsoleIdentity &me)
{
    if (me == m_me)
        return;
    m_me = me;
    claimCellsChanged(m_claims.keys());
}

void InboxModel::applyClaims(const QList<core::ClaimRecord> &claims)
{
    QHash<QString, core::ClaimRecord> next;
    for (const core::ClaimRecord &claim : claims)
        next.insert(claim.taskId.str(), claim);
    QStringList changed;
    for (auto it = next.cbegin(); it != next.cend(); ++it) {
        const auto old = m_claims.constFind(it.key());
        if (old == m_claims.cend() || !(*old == *it))
            changed.append(it.key());
    }
    for (auto it = m_claims.cbegin(); it != m_claims.cend(); ++it) {
        if (!next.contains(it.key()))
            changed.append(it.key());
    }
    m_claims = std::move(next);
    claimCellsChanged(changed);
}

const core::ClaimRecord *InboxModel::claimOf(const QString &taskId) const
{
    const auto it = m_claims.constFind(taskId);
    return it == m_claims.cend() ? nullptr : &*it;
}

void InboxModel::applyDelta(const host::EngineDelta &delta)
{
    PagedTaskModel::applyDelta(delta);
    if (delta.claims)
        applyClaims(*delta.claims);
}

// Only the loaded rows have cells to repaint; rows loaded later read the claim when painted.
void InboxModel::claimCellsChanged(const QStringList &taskIds)
{
    for (const QString &taskId : taskIds) {
        const int row = rowOf(taskId);
        if (row < 0)
            continue;
        const QModelIndex cell = index(row, ClaimColumn);
        Q_EMIT dataChanged(cell, cell);
    }
}

namespace {
bool willAutoComplete(const TaskRow &row)
{
    // The engine's grace expiry: done when a receipt with verification (or an explicit "none")
    // was seen, else the task drops to needs_input.
    return row.receiptSeen && (row.verificationItems > 0 || row.explicitNoVerification);
}
} // namespace

QString InboxModel::graceText(const TaskRow &row, const GraceClock &clock, qint64 nowMs)
{
    if (row.state != TaskState::NeedsVerification)
        return {};
    if (clock.held())
        return tr("held: gateway down");
    const qint64 deadline = clock.deadline(row.updatedAt);
    if (deadline <= nowMs)
        return tr("resolving now");
    const QString left = TimeFormat::countdown(deadline, nowMs);
    return willAutoComplete(row) ? tr("done in %1").arg(left) : tr("needs input in %1").arg(left);
}

QString InboxModel::needsText(const TaskRow &row)
{
    if (row.state == TaskState::NeedsVerification) {
        if (!row.receiptSeen)
            return tr("No receipt: check the transcript, then verify or reject");
        if (row.verificationItems > 0)
            return tr("Check %n verification item(s) from the receipt", nullptr,
                      row.verificationItems);
        if (row.explicitNoVerification)
            return tr("Confirm the result (the worker says there is nothing to verify)");
        return tr("Check the receipt (it lists no verification)");
    }
    using Cause = core::TransitionCause::Kind;
    switch (row.lastOutcome.kind) {
    case Cause::ReportedBlocked:
        return tr("The worker is blocked and asks for input");
    case Cause::VerificationTimeoutMissingReceipt:
        return tr("No receipt arrived within the grace window");
    case Cause::VerificationTimeoutUnverified:
        return tr("The receipt lists nothing to verify; decide");
    case Cause::RespawnNotSeen:
        return tr("A retry was delivered but no respawn followed");
    case Cause::None:
        return tr("Needs an answer");
    default:
        return EngineWords::cause(row.lastOutcome);
    }
}

int InboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case WaitingColumn:
            return tr("Waiting");
        case StateColumn:
            return tr("State");
        case LabelColumn:
            return tr("Label");
        case ClaimColumn:
            return tr("Claim");
        case NeedsColumn:
            return tr("Needs");
        case GraceColumn:
            return tr("Grace window");
        case OrchestratorColumn:
            return tr("Orchestrator");
        case IdColumn:
            return tr("Task");
        }
    }
    if (role == Qt::ToolTipRole && section == GraceColumn)
        return tr("What the engine does on its own when the verification grace window ends");
    if (role == Qt::ToolTipRole && section == ClaimColumn)
        return tr("Who handles the item: an operator claims it from the Inbox (Claim, C)");
    return {};
}

// What a cell shows.
QVariant InboxModel::displayText(const TaskRow &row, int column) const
{
    const qint64 nowMs = now();
    switch (column) {
    case WaitingColumn:
        return TimeFormat::duration(nowMs - row.updatedAt);
    case StateColumn:
        return StateStyle::label(row.state);
    case LabelColumn:
        return row.label.isEmpty() ? stripContractPacket(row.taskPreview) : row.label;
    case ClaimColumn: {
        const core::ClaimRecord *claim = claimOf(row.taskId);
        return claim ? ClaimWords::badge(*claim, m_me) : QString();
    }
    case NeedsColumn:
        return needsText(row);
    case GraceColumn:
        return graceText(row, m_grace, nowMs);
    case OrchestratorColumn:
        return shortSessionKey(row.orchestratorSessionKey);
    case IdColumn:
        return row.taskId;
    }
    return {};
}

// The whole of what a cell shortens, and why a row is marked.
QVariant InboxModel::toolTip(const TaskRow &row, int column) const
{
    const qint64 nowMs = now();
    switch (column) {
    case WaitingColumn:
        if (isOverdue(row, nowMs))
            return tr("Waiting since %1, longer than the %2 limit for %3")
                .arg(TimeFormat::absolute(row.updatedAt),
                     WaitingLimits::limitText(m_limits.config().limitFor(row.state)),
                     StateStyle::label(row.state));
        return tr("Waiting since %1").arg(TimeFormat::absolute(row.updatedAt));
    case StateColumn:
        return StateStyle::description(row.state);
    case LabelColumn:
        return stripContractPacket(row.taskPreview);
    case ClaimColumn: {
        const core::ClaimRecord *claim = claimOf(row.taskId);
        if (!claim)
            return tr("Nobody has claimed it yet");
        return tr("Claimed by %1 since %2 (%3)")
            .arg(ClaimWords::claimant(*claim, m_me), TimeFormat::absolute(claim->claimedAt),
                 TimeFormat::relative(claim->claimedAt, nowMs));
    }
    case NeedsColumn:
        return EngineWords::cause(row.lastOutcome);
    case GraceColumn:
        if (row.state != TaskState::NeedsVerification)
            return {};
        if (m_grace.held())
            return tr("The engine lets no grace window run out while the gateway is unreachable: "
                      "a receipt sent meanwhile comes with the resync. The window counts again "
                      "from the reconnect.");
        return tr("Grace window ends %1")
            .arg(TimeFormat::absolute(m_grace.deadline(row.updatedAt)));
    case OrchestratorColumn:
        return row.orchestratorSessionKey;
    case IdColumn:
        return row.taskId;
    }
    return {};
}

QVariant InboxModel::cellData(const TaskRow &row, int column, int role) const
{
    const qint64 nowMs = now();
    if (role == Qt::DisplayRole)
        return displayText(row, column);
    if (role == Qt::ToolTipRole)
        return toolTip(row, column);
    if (role == RawValueRole) {
        switch (column) {
        case WaitingColumn:
            return row.updatedAt;
        case StateColumn:
            return int(row.state);
        case GraceColumn:
            return row.state == TaskState::NeedsVerification
                       ? QVariant(m_grace.deadline(row.updatedAt))
                       : QVariant();
        case IdColumn:
            return row.taskId;
        default:
            return cellData(row, column, Qt::DisplayRole);
        }
    }
    if (column == WaitingColumn && isOverdue(row, nowMs)) {
        // The badge of a task over its waiting limit: a red dot, red bold text.
        if (role == Qt::DecorationRole)
            return dotIcon(accentColor(Accent::Error, QGuiApplication::palette()));
        if (role == Qt::ForegroundRole)
            return accentColor(Accent::Error, QGuiApplication::palette());
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (role == OverdueRole)
            return true;
    }
    if (column == ClaimColumn) {
        // Someone else's claim stands out (the operator is asked before acting on it); one's
        // own reads as settled.
        const core::ClaimRecord *claim = claimOf(row.taskId);
        if (claim && role == Qt::DecorationRole)
            return dotIcon(accentColor(m_me.owns(*claim) ? Accent::Success : Accent::Warning,
                                       QGuiApplication::palette()));
        if (claim && role == Qt::FontRole && !m_me.owns(*claim)) {
            QFont font;
            font.setBold(true);
            return font;
        }
    }
    if (role == Qt::TextAlignmentRole && (column == WaitingColumn || column == GraceColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && column == IdColumn)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    return {};
}

QList<int> InboxModel::timeColumns() const
{
    return {WaitingColumn, GraceColumn};
}

} // namespace clawops::ui
