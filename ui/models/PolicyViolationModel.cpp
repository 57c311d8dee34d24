#include "PolicyViolationModel.h"

#include "host/EngineApi.h"
#include "present/EngineWords.h"
#include "present/SessionKeys.h"
#include "present/TimeFormat.h"

#include <algorithm>

namespace clawops::ui {

PolicyViolationModel::PolicyViolationModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PolicyViolationModel::subscribe(host::EngineApi &engine)
{
    connect(&engine, &host::EngineApi::delta, this, &PolicyViolationModel::applyDelta);
}

void PolicyViolationModel::applyDelta(const host::EngineDelta &delta)
{
    const QList<core::PolicyViolationRecord> &fresh = delta.policyViolations;
    if (fresh.isEmpty())
        return;
    // A new term's first delta repeats what is already shown (a reconnect, a lease taken over):
    // rows already held are not added twice.
    QList<core::PolicyViolationRecord> added;
    for (auto it = fresh.crbegin(); it != fresh.crend(); ++it) {
        if (!std::any_of(m_rows.cbegin(), m_rows.cend(),
                         [&](const core::PolicyViolationRecord &row) { return row == *it; }))
            added.append(*it);
    }
    if (added.isEmpty())
        return;
    const int count = int(std::min<qsizetype>(added.size(), kMaxRows));
    added.resize(count);
    beginInsertRows({}, 0, count - 1);
    m_rows = added + m_rows;
    for (const core::PolicyViolationRecord &violation : std::as_const(added))
        m_perSession[violation.sessionKey] += 1;
    endInsertRows();
    if (m_rows.size() > kMaxRows) {
        beginRemoveRows({}, kMaxRows, int(m_rows.size()) - 1);
        for (qsizetype i = kMaxRows; i < m_rows.size(); ++i) {
            const QString key = m_rows.at(i).sessionKey;
            if (--m_perSession[key] <= 0)
                m_perSession.remove(key);
        }
        m_rows.resize(kMaxRows);
        endRemoveRows();
    }
    Q_EMIT violationsAdded(count);
}

const core::PolicyViolationRecord *PolicyViolationModel::violationAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int PolicyViolationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PolicyViolationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PolicyViolationModel::display(const core::PolicyViolationRecord &violation,
                                       int column) const
{
    switch (Column(column)) {
    case TimeColumn:
        return TimeFormat::absolute(violation.at);
    case SessionColumn:
        return shortSessionKey(violation.sessionKey);
    case ToolColumn:
        return violation.toolName;
    case RuleColumn:
        return EngineWords::policyRule(violation.rule);
    case ActionColumn:
        return EngineWords::policyAction(violation.action);
    case ArgumentsColumn:
        return violation.argsPreview;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant PolicyViolationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::PolicyViolationRecord &violation = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(violation, index.column());
    case Qt::ToolTipRole:
        return index.column() == SessionColumn ? QVariant(violation.sessionKey.str())
                                               : QVariant(violation.reason);
    case ReasonRole:
        return violation.reason;
    case SessionKeyRole:
        return violation.sessionKey.str();
    default:
        return {};
    }
}

QVariant PolicyViolationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case SessionColumn:
        return tr("Session");
    case ToolColumn:
        return tr("Tool");
    case RuleColumn:
        return tr("Rule");
    case ActionColumn:
        return tr("Action");
    case ArgumentsColumn:
        return tr("Arguments");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace clawops::ui
