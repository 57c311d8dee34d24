#include "ApprovalModel.h"

#include "ModelRoles.h"
#include "host/EngineApi.h"
#include "present/SessionKeys.h"
#include "present/TimeFormat.h"

#include <QDateTime>
#include <QFont>
#include <QFontDatabase>

namespace clawops::ui {

using core::ApprovalRecord;
using core::ApprovalStatus;

ApprovalModel::ApprovalModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{}

void ApprovalModel::subscribe(host::EngineApi &engine)
{
    connect(&engine, &host::EngineApi::delta, this,
            [this](const host::EngineDelta &delta) { apply(delta.approvals); });
}

void ApprovalModel::setClock(std::function<qint64()> now)
{
    m_now = std::move(now);
}

void ApprovalModel::apply(const QList<ApprovalRecord> &records)
{
    for (const ApprovalRecord &record : records) {
        if (record.isPending())
            upsert(record);
        else
            remove(record);
    }
}

void ApprovalModel::upsert(const ApprovalRecord &record)
{
    const int row = rowOf(record.request.id);
    if (row >= 0) {
        m_rows[row] = record;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // Oldest first: an approval listed again after a reconnect keeps its place by age.
    int at = int(m_rows.size());
    while (at > 0 && m_rows.at(at - 1).request.createdAtMs > record.request.createdAtMs)
        --at;
    beginInsertRows({}, at, at);
    m_rows.insert(at, record);
    endInsertRows();
}

void ApprovalModel::remove(const ApprovalRecord &record)
{
    const int row = rowOf(record.request.id);
    m_deciding.remove(record.request.id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT approvalClosed(record, closingNote(record));
}

void ApprovalModel::refreshTimes()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, WaitingColumn), index(rowCount() - 1, ExpiresColumn),
                           {Qt::DisplayRole, Qt::ToolTipRole});
}

void ApprovalModel::setDeciding(const QString &id, const QString &decision)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_deciding.insert(id, decision);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ApprovalModel::clearDeciding(const QString &id)
{
    if (m_deciding.remove(id) == 0)
        return;
    if (const int row = rowOf(id); row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

const ApprovalRecord *ApprovalModel::recordAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int ApprovalModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).request.id == id)
            return i;
    }
    return -1;
}

QString ApprovalModel::decisionText(const QString &decision)
{
    if (decision == core::kAllowOnce)
        return tr("approve once");
    if (decision == core::kAllowAlways)
        return tr("allow always");
    if (decision == core::kDeny)
        return tr("deny");
    return decision;
}

QString ApprovalModel::closingNote(const ApprovalRecord &record)
{
    const QString what = record.request.command;
    const QString by = record.resolvedBy;
    switch (record.status) {
    case ApprovalStatus::Pending:
        return {};
    case ApprovalStatus::Allowed:
    case ApprovalStatus::AllowedAlways:
        if (record.decidedHere)
            return record.status == ApprovalStatus::AllowedAlways
                       ? tr("“%1” allowed always from this console").arg(what)
                       : tr("“%1” approved once from this console").arg(what);
        return by.isEmpty() ? tr("“%1” approved elsewhere").arg(what)
                            : tr("“%1” approved by %2 elsewhere").arg(what, by);
    case ApprovalStatus::Denied:
        if (record.decidedHere)
            return tr("“%1” denied from this console").arg(what);
        return by.isEmpty() ? tr("“%1” denied elsewhere").arg(what)
                            : tr("“%1” denied by %2 elsewhere").arg(what, by);
    case ApprovalStatus::Expired:
        return tr("“%1” expired: nobody decided before the gateway's timeout").arg(what);
    case ApprovalStatus::Cancelled:
        return tr("“%1” left: the run that asked has ended").arg(what);
    case ApprovalStatus::Gone:
        return tr("“%1” left: the gateway no longer lists it as waiting").arg(what);
    }
    return {};
}

QString ApprovalModel::riskText(const core::ApprovalRequest &request)
{
    QStringList parts;
    if (!request.severity.isEmpty())
        parts.append(request.severity);
    parts.append(request.riskKinds);
    if (!request.warningText.isEmpty())
        parts.append(request.warningText);
    parts.append(request.warningLines);
    if (parts.isEmpty() && !request.security.isEmpty())
        return tr("not on the allowlist (%1, ask %2)").arg(request.security, request.ask);
    return parts.join(QStringLiteral("; "));
}

int ApprovalModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApprovalModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApprovalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WaitingColumn:
        return tr("Waiting");
    case AsksColumn:
        return tr("Asks to run");
    case WhereColumn:
        return tr("Where");
    case TaskColumn:
        return tr("Session / task");
    case RiskColumn:
        return tr("Risk");
    case ExpiresColumn:
        return tr("Expires");
    }
    return {};
}

QVariant ApprovalModel::display(const ApprovalRecord &record, int column) const
{
    const core::ApprovalRequest &request = record.request;
    const qint64 nowMs = now();
    switch (column) {
    case WaitingColumn:
        return TimeFormat::duration(nowMs - request.createdAtMs);
    case AsksColumn:
        return request.kind == QLatin1String("plugin")
                   ? tr("%1 (plugin %2)").arg(request.command, request.pluginId)
                   : request.command;
    case WhereColumn:
        return request.cwd.isEmpty() ? request.host
                                     : QStringLiteral("%1 · %2").arg(request.host, request.cwd);
    case TaskColumn: {
        const QString session = shortSessionKey(request.sessionKey.str());
        if (record.taskId.isEmpty())
            return session;
        const QString task = record.taskLabel.isEmpty() ? record.taskId.str() : record.taskLabel;
        return tr("%1 (task %2)").arg(session, task);
    }
    case RiskColumn:
        return riskText(request);
    case ExpiresColumn:
        if (m_deciding.contains(request.id))
            return tr("sent: %1").arg(decisionText(m_deciding.value(request.id)));
        if (request.expiresAtMs <= 0)
            return QString();
        if (request.expiresAtMs <= nowMs)
            return tr("expiring now");
        return tr("in %1").arg(TimeFormat::countdown(request.expiresAtMs, nowMs));
    }
    return {};
}

QVariant ApprovalModel::toolTip(const ApprovalRecord &record, int column) const
{
    const core::ApprovalRequest &request = record.request;
    switch (column) {
    case WaitingColumn:
        return tr("Asked %1").arg(TimeFormat::absolute(request.createdAtMs));
    case AsksColumn:
        return request.resolvedPath.isEmpty()
                   ? request.command
                   : tr("%1\nresolves to %2").arg(request.command, request.resolvedPath);
    case WhereColumn:
        return tr("host %1, working directory %2, agent %3")
            .arg(request.host, request.cwd, request.agentId);
    case TaskColumn:
        return record.taskId.isEmpty()
                   ? request.sessionKey.str()
                   : tr("%1\ntask %2").arg(request.sessionKey.str(), record.taskId.str());
    case RiskColumn:
        return tr("exec policy: security %1, ask %2").arg(request.security, request.ask);
    case ExpiresColumn:
        return request.expiresAtMs > 0 ? tr("The gateway denies it at %1 unless someone decides")
                                             .arg(TimeFormat::absolute(request.expiresAtMs))
                                       : QVariant();
    }
    return {};
}

QVariant ApprovalModel::data(const QModelIndex &index, int role) const
{
    const ApprovalRecord *record = index.isValid() ? recordAt(index.row()) : nullptr;
    if (!record || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*record, index.column());
    case Qt::ToolTipRole:
        return toolTip(*record, index.column());
    case ApprovalIdRole:
        return record->request.id;
    case ApprovalTaskIdRole:
        return record->taskId.str();
    case DecidingRole:
        return m_deciding.value(record->request.id);
    case RawValueRole:
        if (index.column() == WaitingColumn)
            return record->request.createdAtMs;
        if (index.column() == ExpiresColumn)
            return record->request.expiresAtMs;
        return display(*record, index.column());
    case Qt::FontRole:
        if (index.column() == AsksColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == WaitingColumn || index.column() == ExpiresColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

} // namespace clawops::ui
