#pragma once

#include <QAbstractListModel>
#include <QList>

class QSettings;

namespace clawops::ui {

// Named searches for the Tasks tab: the built-in ones first (translated, not editable), then
// the operator's own in the order they were saved, kept in QSettings under "views/saved".
class SavedViews final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        QueryRole = Qt::UserRole + 1, // the search text
        BuiltInRole,
    };

    struct View
    {
        QString name;
        QString query;
        bool builtIn = false;
    };

    explicit SavedViews(QObject *parent = nullptr);

    // Reads the operator's views (replacing any held).
    void load(QSettings &settings);
    void store(QSettings &settings) const;

    // Saves under the name, replacing the operator's view of that name. False (and nothing
    // changed) for an empty name or the name of a built-in view.
    bool save(const QString &name, const QString &query);
    // Removes an operator's view; built-in ones stay.
    bool remove(int row);
    int rowOfQuery(const QString &query) const;
    int rowOfName(const QString &name) const;
    View view(int row) const { return m_views.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<View> m_views;
    int m_builtIns = 0;
};

} // namespace clawops::ui
