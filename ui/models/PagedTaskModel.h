#pragma once

#include "TaskRow.h"
#include "host/HostTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

class PendingCommands;

// A live, paged window onto the tasks that match one query, in the store's order.
//
// The model holds a prefix of the sorted result: the first page when the query is set, more
// pages through canFetchMore()/fetchMore() as the view scrolls, at most maxRows() rows (the
// memory bound: the store may hold millions). Engine deltas keep that prefix exact without a
// reload: rows it holds are updated in place (dataChanged), moved when their sort key changed,
// removed when they stop matching; matching rows it does not hold are inserted where they sort,
// as long as that is inside the prefix. Only a new query resets the model. A receipt or note
// term is the exception the model cannot judge alone: a changed row that passes the rest is
// inserted once the store says it matches (a batched question naming those rows only).
//
// Subclasses choose the columns. Requests go out through a function and answers come back
// through applyPage(), so that a test can drive the model by hand; subscribe() wires both, and
// the deltas, to the engine.
class PagedTaskModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    using PageRequester = std::function<quint64(const TaskQuery &)>;
    using NowFunction = std::function<qint64()>;

    explicit PagedTaskModel(QObject *parent = nullptr);
    ~PagedTaskModel() override;

    // Asks this engine for pages and takes its answers (to this model's requests only) and
    // deltas.
    void subscribe(host::EngineApi &engine);
    void setPageRequester(PageRequester requester);
    void setNowFunction(NowFunction now);
    void setPendingCommands(PendingCommands *pending);
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }

    const TaskQuery &query() const { return m_query; }
    // Resets the model and asks for the first page of the new query.
    void setQuery(const TaskQuery &query);
    void reload();

    // Returns false when the page answers a request this model did not make (or an old one).
    bool applyPage(quint64 requestId, const host::TaskPage &page);
    virtual void applyDelta(const host::EngineDelta &delta);
    // The clock moved: time-dependent cells ("3 min ago", countdowns) need repainting.
    void refreshTimes();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Matching tasks in the store as far as the model knows (exact after each page).
    int totalMatching() const { return m_total; }
    bool isLoading() const { return m_loading; }
    bool isComplete() const { return m_endReached; }
    QString lastError() const { return m_error; }
    const TaskRow *rowAt(int row) const;
    int rowOf(const QString &taskId) const;
    qint64 now() const { return m_now(); }

Q_SIGNALS:
    void loadingChanged(bool loading);
    void countsChanged(int loaded, int total);
    // The engine's totals per state over the whole store, as a delta brought them.
    void storeCountsChanged(const core::StateCounts &counts);
    void pageFailed(const QString &message);

protected:
    virtual QVariant cellData(const TaskRow &row, int column, int role) const = 0;
    // Columns whose text depends on the clock.
    virtual QList<int> timeColumns() const = 0;
    PendingCommands *pendingCommands() const { return m_pending; }

private:
    using RowPtr = std::unique_ptr<TaskRow>;

    void requestPage(int offset);
    void applyTask(const TaskRow &row);
    void placeNewRow(const TaskRow &row);
    void askStoreAboutUnjudged();
    void applyRecheck(const host::TaskPage &page);
    void insertAt(int position, const TaskRow &row);
    void removeAt(int position);
    int lowerBound(const TaskRow &row) const;
    int positionOf(const TaskRow *row) const;
    void trimToBound();
    void updateTotalFromCounts();
    void onPendingChanged(const QString &taskId);

    PageRequester m_requester;
    NowFunction m_now;
    PendingCommands *m_pending = nullptr;
    TaskQuery m_query;
    std::vector<RowPtr> m_rows;
    QHash<QString, TaskRow *> m_byId;
    std::optional<core::StateCounts> m_stateCounts;
    quint64 m_pendingRequest = 0;
    // Rows a delta brought that pass every term the model can judge but the receipt or note
    // term, which the store judges: asked about in batches (onlyTaskIds), one question at a time.
    QStringList m_unjudged;
    quint64 m_recheckRequest = 0;
    QTimer m_recheckTimer;
    qint64 m_snapshotAtMs = 0; // tasks created after this were not in the last page's total
    int m_pageSize = 200;
    int m_maxRows = 20000;
    int m_total = 0;
    int m_driftRetries = 0;
    bool m_loading = false;
    bool m_endReached = false;
    bool m_fetchFailed = false;
    QString m_error;
};

} // namespace clawops::ui
