#pragma once

#include "host/HostTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

// The tool starts the plugin's policies would have blocked, newest first, as the engine's deltas
// bring them (the first delta of a term carries the recent ones stored). New rows are inserted
// at the top; past kMaxRows the oldest leave at the bottom, so memory stays bounded.
class PolicyViolationModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        SessionColumn,
        ToolColumn,
        RuleColumn,
        ActionColumn,
        ArgumentsColumn,
        ColumnCount
    };
    enum Role
    {
        ReasonRole = Qt::UserRole + 1, // the plugin's block reason, word for word
        SessionKeyRole,
    };
    static constexpr int kMaxRows = 2000;

    explicit PolicyViolationModel(QObject *parent = nullptr);

    void subscribe(host::EngineApi &engine);
    void applyDelta(const host::EngineDelta &delta);
    const core::PolicyViolationRecord *violationAt(int row) const;
    // How many of the rows held concern the session (for the markers on its tasks).
    int countFor(const QString &sessionKey) const { return m_perSession.value(sessionKey); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // After rows were added, with how many: the window's tab title follows it.
    void violationsAdded(int count);

private:
    QVariant display(const core::PolicyViolationRecord &violation, int column) const;

    QList<core::PolicyViolationRecord> m_rows; // newest first
    QHash<QString, int> m_perSession;
};

} // namespace clawops::ui
