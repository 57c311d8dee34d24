#include "SavedViews.h"

#include "QuerySyntax.h"

#include <QFont>
#include <QSettings>

namespace clawops::ui {

namespace {
const QString kGroup = QStringLiteral("views/saved");
const QString kName = QStringLiteral("name");
const QString kQuery = QStringLiteral("query");
} // namespace

SavedViews::SavedViews(QObject *parent)
    : QAbstractListModel(parent)
{
    m_views = {
        {tr("All tasks"), QString(), true},
        {tr("Failed and never recovered"), QuerySyntax::failedNeverRecovered(), true},
        {tr("Waiting for me"), QStringLiteral("state:needs_input,needs_verification"), true},
        {tr("Retried"), QStringLiteral("attempt>1"), true},
    };
    m_builtIns = int(m_views.size());
}

void SavedViews::load(QSettings &settings)
{
    QList<View> own;
    const int count = settings.beginReadArray(kGroup);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        const QString name = settings.value(kName).toString().trimmed();
        if (name.isEmpty())
            continue; // a damaged entry is dropped, not shown nameless
        own.append({name, settings.value(kQuery).toString(), false});
    }
    settings.endArray();
    beginResetModel();
    m_views = m_views.mid(0, m_builtIns) + own;
    endResetModel();
}

void SavedViews::store(QSettings &settings) const
{
    settings.remove(kGroup);
    settings.beginWriteArray(kGroup, int(m_views.size()) - m_builtIns);
    for (int row = m_builtIns; row < m_views.size(); ++row) {
        settings.setArrayIndex(row - m_builtIns);
        settings.setValue(kName, m_views.at(row).name);
        settings.setValue(kQuery, m_views.at(row).query);
    }
    settings.endArray();
}

bool SavedViews::save(const QString &name, const QString &query)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return false;
    const int existing = rowOfName(trimmed);
    if (existing >= 0 && existing < m_builtIns)
        return false;
    if (existing >= 0) {
        m_views[existing].query = query;
        const QModelIndex changed = index(existing);
        Q_EMIT dataChanged(changed, changed);
        return true;
    }
    const int row = int(m_views.size());
    beginInsertRows({}, row, row);
    m_views.append({trimmed, query, false});
    endInsertRows();
    return true;
}

bool SavedViews::remove(int row)
{
    if (row < m_builtIns || row >= m_views.size())
        return false;
    beginRemoveRows({}, row, row);
    m_views.removeAt(row);
    endRemoveRows();
    return true;
}

int SavedViews::rowOfQuery(const QString &query) const
{
    const QString wanted = query.simplified();
    for (int row = 0; row < m_views.size(); ++row) {
        if (m_views.at(row).query.simplified() == wanted)
            return row;
    }
    return -1;
}

int SavedViews::rowOfName(const QString &name) const
{
    for (int row = 0; row < m_views.size(); ++row) {
        if (m_views.at(row).name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

int SavedViews::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_views.size());
}

QVariant SavedViews::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const View &view = m_views.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return view.name;
    case Qt::ToolTipRole:
        return view.query.isEmpty() ? tr("Every task") : view.query;
    case QueryRole:
        return view.query;
    case BuiltInRole:
        return view.builtIn;
    case Qt::FontRole:
        if (view.builtIn) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

} // namespace clawops::ui
