#pragma once

#include "host/HostTypes.h"

#include <QAbstractListModel>
#include <QHash>
#include <QStringList>

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

// The orchestrator sessions the console has seen, for the orchestrator filter. Row 0 is "all
// orchestrators" (an empty key); the others are sorted by key and only ever inserted, so a
// combo box showing them keeps its current item. The list is bounded: past maxKeys() the key
// seen least recently is dropped. Keys come from the rows of every page and delta the engine
// sends.
class OrchestratorListModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    explicit OrchestratorListModel(QObject *parent = nullptr);

    void subscribe(host::EngineApi &engine);
    void addKey(const QString &key);
    void addRecords(const QList<core::TaskRecord> &records);
    void setMaxKeys(int maxKeys);
    // The key the filter uses now is never dropped.
    void setPinnedKey(const QString &key) { m_pinned = key; }
    int maxKeys() const { return m_maxKeys; }
    QString keyAt(int row) const;
    int rowOfKey(const QString &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void dropLeastRecent();

    QStringList m_keys; // sorted; row = index + 1
    QHash<QString, quint64> m_lastSeen;
    QString m_pinned;
    quint64 m_sequence = 0;
    int m_maxKeys = 500;
};

} // namespace clawops::ui
