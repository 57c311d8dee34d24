#include "OrchestratorListModel.h"

#include "ModelRoles.h"
#include "host/EngineApi.h"
#include "present/SessionKeys.h"

#include <algorithm>

namespace clawops::ui {

OrchestratorListModel::OrchestratorListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void OrchestratorListModel::addKey(const QString &key)
{
    if (key.isEmpty())
        return;
    m_lastSeen.insert(key, ++m_sequence);
    const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), key);
    if (it != m_keys.end() && *it == key)
        return;
    const int row = int(it - m_keys.begin()) + 1;
    beginInsertRows({}, row, row);
    m_keys.insert(row - 1, key);
    endInsertRows();
    if (m_keys.size() > m_maxKeys)
        dropLeastRecent();
}

void OrchestratorListModel::subscribe(host::EngineApi &engine)
{
    connect(&engine, &host::EngineApi::taskPageReady, this,
            [this](quint64, const host::TaskPage &page) { addRecords(page.rows); });
    connect(&engine, &host::EngineApi::delta, this,
            [this](const host::EngineDelta &delta) { addRecords(delta.tasks); });
}

void OrchestratorListModel::addRecords(const QList<core::TaskRecord> &records)
{
    for (const core::TaskRecord &record : records)
        addKey(record.orchestratorSessionKey);
}

void OrchestratorListModel::setMaxKeys(int maxKeys)
{
    m_maxKeys = std::max(1, maxKeys);
    while (m_keys.size() > m_maxKeys)
        dropLeastRecent();
}

void OrchestratorListModel::dropLeastRecent()
{
    const auto oldest = std::min_element(
        m_keys.cbegin(), m_keys.cend(), [this](const QString &a, const QString &b) {
            // The pinned key sorts as the most recent.
            const auto seen = [this](const QString &k) {
                return k == m_pinned ? ~quint64(0) : m_lastSeen.value(k);
            };
            return seen(a) < seen(b);
        });
    const int row = int(oldest - m_keys.cbegin()) + 1;
    beginRemoveRows({}, row, row);
    m_lastSeen.remove(*oldest);
    m_keys.removeAt(row - 1);
    endRemoveRows();
}

QString OrchestratorListModel::keyAt(int row) const
{
    return row >= 1 && row <= m_keys.size() ? m_keys.at(row - 1) : QString();
}

int OrchestratorListModel::rowOfKey(const QString &key) const
{
    if (key.isEmpty())
        return 0;
    const auto it = std::lower_bound(m_keys.cbegin(), m_keys.cend(), key);
    return it != m_keys.cend() && *it == key ? int(it - m_keys.cbegin()) + 1 : -1;
}

int OrchestratorListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size()) + 1;
}

QVariant OrchestratorListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString key = keyAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return key.isEmpty() ? tr("All orchestrators") : shortSessionKey(key);
    case Qt::ToolTipRole:
        return key.isEmpty() ? tr("Tasks of every orchestrator") : key;
    case OrchestratorRole:
        return key;
    default:
        return {};
    }
}

} // namespace clawops::ui
