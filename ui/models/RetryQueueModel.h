#pragma once

#include "host/HostTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <functional>

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

// The engine's queue of retries waiting for their time, soonest first. The engine sends what
// changed (rows queued, changed or gone) and, at the start of a term, the whole queue; the model
// turns either into row inserts, moves, removals and dataChanged, so selections survive. A
// change costs a binary search, not a pass over a queue that may hold thousands of rows. Whether
// the engine dispatches the queue automatically (retries paused or not) comes with every delta.
class RetryQueueModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        RunsInColumn,
        IdColumn,
        LabelColumn,
        AttemptColumn,
        OutcomeColumn,
        BackoffColumn,
        OrchestratorColumn,
        ColumnCount
    };

    explicit RetryQueueModel(QObject *parent = nullptr);

    // Takes the engine's deltas.
    void subscribe(host::EngineApi &engine);
    void setNowFunction(std::function<qint64()> now);
    // The whole queue.
    void setEntries(const QList<host::RetryEntry> &entries);
    void applyChange(const host::RetryQueueChange &change);
    void applyDelta(const host::EngineDelta &delta);
    void refreshTimes();
    const host::RetryEntry *entryAt(int row) const;
    bool retriesPaused() const { return m_paused; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void retriesPausedChanged(bool paused);

private:
    int rowOf(const core::TaskId &taskId) const;
    void upsert(const host::RetryEntry &entry);

    QList<host::RetryEntry> m_rows; // in runsBefore order
    // Each row's sort key, to find a row by task id with a binary search.
    QHash<core::TaskId, qint64> m_runAfterByTask;
    bool m_paused = false;
    std::function<qint64()> m_now;
};

} // namespace clawops::ui
