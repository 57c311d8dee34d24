#include "PagedTaskModel.h"

#include "ModelRoles.h"
#include "PendingCommands.h"
#include "UiLogging.h"
#include "host/EngineApi.h"

#include <QDateTime>

#include <algorithm>

namespace clawops::ui {

namespace {

// A fetch answered for an offset the prefix has since shrunk below would leave a gap; the model
// asks again from where it really is, a few times at most while the store churns.
constexpr int kMaxDriftRetries = 8;

// How long changed rows the model cannot judge gather before it asks the store about them, and
// how many one question names.
constexpr int kRecheckDelayMs = 250;
constexpr int kRecheckBatch = 500;

bool isStateOnly(const TaskQuery &query)
{
    return query.searchText().isEmpty() && query.orchestratorSessionKey.isEmpty() &&
           query.patterns.isEmpty() && !query.minAttempt && !query.maxAttempt &&
           query.judgedInMemory();
}

} // namespace

PagedTaskModel::PagedTaskModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_recheckTimer.setSingleShot(true);
    m_recheckTimer.setInterval(kRecheckDelayMs);
    connect(&m_recheckTimer, &QTimer::timeout, this, &PagedTaskModel::askStoreAboutUnjudged);
}

PagedTaskModel::~PagedTaskModel() = default;

void PagedTaskModel::subscribe(host::EngineApi &engine)
{
    setPageRequester(
        [&engine](const core::TaskQuery &request) { return engine.requestTaskPage(request); });
    connect(&engine, &host::EngineApi::taskPageReady, this, &PagedTaskModel::applyPage);
    connect(&engine, &host::EngineApi::delta, this, &PagedTaskModel::applyDelta);
}

void PagedTaskModel::setPageRequester(PageRequester requester)
{
    m_requester = std::move(requester);
}

void PagedTaskModel::setNowFunction(NowFunction now)
{
    m_now = std::move(now);
}

void PagedTaskModel::setPendingCommands(PendingCommands *pending)
{
    if (m_pending)
        disconnect(m_pending, nullptr, this, nullptr);
    m_pending = pending;
    if (m_pending)
        connect(m_pending, &PendingCommands::changed, this, &PagedTaskModel::onPendingChanged);
}

void PagedTaskModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

void PagedTaskModel::setMaxRows(int rows)
{
    m_maxRows = std::max(m_pageSize, rows);
    trimToBound();
}

void PagedTaskModel::setQuery(const TaskQuery &query)
{
    m_query = query;
    m_query.offset = 0;
    m_query.limit = 0;
    reload();
}

void PagedTaskModel::reload()
{
    const bool wasLoading = m_loading;
    beginResetModel();
    m_rows.clear();
    m_byId.clear();
    m_pendingRequest = 0;
    m_recheckRequest = 0;
    m_unjudged.clear();
    m_recheckTimer.stop();
    m_endReached = false;
    m_fetchFailed = false;
    m_error.clear();
    m_driftRetries = 0;
    m_total = 0;
    // Loading before the reset is announced: views and testers ask canFetchMore() right away,
    // and the first page is about to be requested anyway.
    m_loading = true;
    endResetModel();
    updateTotalFromCounts();
    requestPage(0);
    if (!wasLoading)
        Q_EMIT loadingChanged(true);
    Q_EMIT countsChanged(0, m_total);
}

void PagedTaskModel::requestPage(int offset)
{
    if (!m_requester)
        return;
    TaskQuery request = m_query;
    request.offset = offset;
    request.limit = m_pageSize;
    m_snapshotAtMs = m_now();
    m_pendingRequest = m_requester(request);
    qCDebug(lcUiModels) << "requested tasks" << offset << "+" << m_pageSize << "as"
                        << m_pendingRequest;
}

bool PagedTaskModel::applyPage(quint64 requestId, const host::TaskPage &page)
{
    if (requestId != 0 && requestId == m_recheckRequest) {
        applyRecheck(page);
        return true;
    }
    if (requestId == 0 || requestId != m_pendingRequest)
        return false;
    m_pendingRequest = 0;

    if (!page.error.isEmpty()) {
        m_fetchFailed = true; // until reload(): a view would otherwise retry on every scroll
        m_error = page.error;
        if (m_loading) {
            m_loading = false;
            Q_EMIT loadingChanged(false);
        }
        qCWarning(lcUiModels).noquote() << "task page failed:" << page.error;
        Q_EMIT pageFailed(page.error);
        return true;
    }

    const int offset = page.request.offset;
    const int held = int(m_rows.size());
    if (offset > held) {
        // Rows left the prefix while the request was in flight: this page starts past rows the
        // model never saw. Never show a gap; ask again from where the prefix really ends, and
        // if the store keeps churning faster than that, let the view ask again later.
        if (m_driftRetries < kMaxDriftRetries) {
            ++m_driftRetries;
            requestPage(held);
        } else {
            m_driftRetries = 0;
            qCDebug(lcUiModels) << "dropped a page that would leave a gap at" << held;
        }
        return true;
    }
    m_driftRetries = 0;

    // The page reflects every delta that arrived before it, so rows the model already holds
    // are as fresh as the page's copy. Rows that overlap (the prefix grew meanwhile) are skipped.
    QList<TaskRow> tail;
    for (const core::TaskRecord &record : page.rows) {
        TaskRow row = TaskRow::fromRecord(record);
        if (m_byId.contains(row.taskId) || !matchesQuery(row, m_query))
            continue;
        const bool afterLast =
            m_rows.empty() || !tail.isEmpty() || compareRows(*m_rows.back(), row, m_query) < 0;
        if (afterLast)
            tail.append(std::move(row));
        else
            insertAt(lowerBound(row), row);
    }
    if (!tail.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(tail.size()) - 1);
        for (TaskRow &row : tail) {
            auto owned = std::make_unique<TaskRow>(std::move(row));
            m_byId.insert(owned->taskId, owned.get());
            m_rows.push_back(std::move(owned));
        }
        endInsertRows();
    }

    const int limit = page.request.limit > 0 ? page.request.limit : m_pageSize;
    m_endReached = page.rows.size() < limit || offset + int(page.rows.size()) >= page.totalMatching;
    m_total = std::max(page.totalMatching, int(m_rows.size()));
    if (m_endReached)
        m_total = int(m_rows.size());
    trimToBound();
    if (m_loading) {
        m_loading = false;
        Q_EMIT loadingChanged(false);
    }
    Q_EMIT countsChanged(int(m_rows.size()), m_total);
    return true;
}

void PagedTaskModel::applyDelta(const host::EngineDelta &delta)
{
    if (delta.stateCounts)
        m_stateCounts = delta.stateCounts;
    const int before = m_total;
    const int heldBefore = int(m_rows.size());
    // Until the first page is here, it will carry these changes itself.
    if (!m_loading && !m_fetchFailed) {
        for (const core::TaskRecord &record : delta.tasks)
            applyTask(TaskRow::fromRecord(record));
        trimToBound();
    }
    updateTotalFromCounts();
    if (m_endReached && !m_loading)
        m_total = int(m_rows.size());
    m_total = std::max(m_total, int(m_rows.size()));
    if (m_total != before || heldBefore != int(m_rows.size()))
        Q_EMIT countsChanged(int(m_rows.size()), m_total);
    if (delta.stateCounts)
        Q_EMIT storeCountsChanged(*delta.stateCounts);
}

void PagedTaskModel::applyTask(const TaskRow &row)
{
    const bool match = matchesQuery(row, m_query);
    TaskRow *held = m_byId.value(row.taskId);
    if (held) {
        const int pos = positionOf(held);
        if (pos < 0)
            return;
        if (!match) {
            removeAt(pos);
            --m_total;
            return;
        }
        const int size = int(m_rows.size());
        const bool last = pos + 1 == size;
        // The last row of a partial prefix may only move up: past its old key lie rows that are
        // not loaded, and the new key might sort after some of them.
        const bool staysHere = (pos == 0 || compareRows(*m_rows[pos - 1], row, m_query) < 0) &&
                               (last ? m_endReached || compareRows(row, *held, m_query) <= 0
                                     : compareRows(row, *m_rows[pos + 1], m_query) < 0);
        if (staysHere) {
            if (*held != row) {
                *held = row;
                Q_EMIT dataChanged(index(pos, 0), index(pos, columnCount() - 1));
            }
            return;
        }
        const int target = lowerBound(row); // never pos or pos + 1, or it would stay here
        if (target == size && !m_endReached) {
            // It now sorts after everything loaded: it belongs to the part not fetched yet.
            removeAt(pos);
            return;
        }
        beginMoveRows({}, pos, pos, {}, target);
        if (target > pos)
            std::rotate(m_rows.begin() + pos, m_rows.begin() + pos + 1, m_rows.begin() + target);
        else
            std::rotate(m_rows.begin() + target, m_rows.begin() + pos, m_rows.begin() + pos + 1);
        *held = row;
        endMoveRows();
        const int landed = target > pos ? target - 1 : target;
        Q_EMIT dataChanged(index(landed, 0), index(landed, columnCount() - 1));
        return;
    }

    if (!match)
        return;
    if (!m_query.judgedInMemory()) {
        // Its receipt or notes decide, and only the store holds them.
        if (!m_unjudged.contains(row.taskId))
            m_unjudged.append(row.taskId);
        if (m_recheckRequest == 0 && !m_recheckTimer.isActive())
            m_recheckTimer.start();
        return;
    }
    placeNewRow(row);
}

void PagedTaskModel::placeNewRow(const TaskRow &row)
{
    const bool isNew = row.createdAt > m_snapshotAtMs;
    const int target = lowerBound(row);
    if (target == int(m_rows.size()) && !m_endReached) {
        if (isNew)
            ++m_total;
        return;
    }
    insertAt(target, row);
    if (isNew || m_endReached)
        ++m_total;
}

void PagedTaskModel::askStoreAboutUnjudged()
{
    if (!m_requester || m_unjudged.isEmpty() || m_recheckRequest != 0)
        return;
    TaskQuery request = m_query;
    const qsizetype count = std::min<qsizetype>(m_unjudged.size(), kRecheckBatch);
    request.onlyTaskIds = m_unjudged.mid(0, count);
    m_unjudged.remove(0, count);
    request.offset = 0;
    request.limit = int(count);
    m_recheckRequest = m_requester(request);
    qCDebug(lcUiModels) << "asked the store about" << count << "changed tasks as"
                        << m_recheckRequest;
}

// The store's verdict on rows the model could not judge: those it names match. They may have
// changed again since; a later delta corrects them as it would any row.
void PagedTaskModel::applyRecheck(const host::TaskPage &page)
{
    m_recheckRequest = 0;
    if (!page.error.isEmpty()) {
        qCWarning(lcUiModels).noquote() << "could not check changed tasks:" << page.error;
    } else {
        const int before = m_total;
        const int heldBefore = int(m_rows.size());
        for (const core::TaskRecord &record : page.rows) {
            TaskRow row = TaskRow::fromRecord(record);
            if (!m_byId.contains(row.taskId) && matchesQuery(row, m_query))
                placeNewRow(row);
        }
        trimToBound();
        m_total = std::max(m_total, int(m_rows.size()));
        if (m_total != before || heldBefore != int(m_rows.size()))
            Q_EMIT countsChanged(int(m_rows.size()), m_total);
    }
    if (!m_unjudged.isEmpty())
        m_recheckTimer.start();
}

void PagedTaskModel::insertAt(int position, const TaskRow &row)
{
    beginInsertRows({}, position, position);
    auto owned = std::make_unique<TaskRow>(row);
    m_byId.insert(owned->taskId, owned.get());
    m_rows.insert(m_rows.begin() + position, std::move(owned));
    endInsertRows();
}

void PagedTaskModel::removeAt(int position)
{
    beginRemoveRows({}, position, position);
    m_byId.remove(m_rows[position]->taskId);
    m_rows.erase(m_rows.begin() + position);
    endRemoveRows();
}

int PagedTaskModel::lowerBound(const TaskRow &row) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), row,
                                     [this](const RowPtr &held, const TaskRow &wanted) {
                                         return compareRows(*held, wanted, m_query) < 0;
                                     });
    return int(it - m_rows.begin());
}

int PagedTaskModel::positionOf(const TaskRow *row) const
{
    const int pos = lowerBound(*row);
    if (pos < int(m_rows.size()) && m_rows[pos].get() == row)
        return pos;
    // Only reachable if the order invariant broke; find it the slow way and say so.
    qCWarning(lcUiModels) << "task" << row->taskId << "was not where its sort key puts it";
    for (int i = 0; i < int(m_rows.size()); ++i) {
        if (m_rows[i].get() == row)
            return i;
    }
    return -1;
}

void PagedTaskModel::trimToBound()
{
    // Deltas may push the prefix past the bound; a page's worth of slack keeps this rare.
    const int size = int(m_rows.size());
    if (size <= m_maxRows + m_pageSize)
        return;
    beginRemoveRows({}, m_maxRows, size - 1);
    for (int i = m_maxRows; i < size; ++i)
        m_byId.remove(m_rows[i]->taskId);
    m_rows.erase(m_rows.begin() + m_maxRows, m_rows.end());
    endRemoveRows();
    m_endReached = false;
}

void PagedTaskModel::updateTotalFromCounts()
{
    // With no text or orchestrator filter the engine's per-state totals are exact.
    if (!m_stateCounts || !isStateOnly(m_query))
        return;
    int total = 0;
    for (int i = 0; i < core::kTaskStateCount; ++i) {
        const core::TaskState state(static_cast<core::TaskState>(i));
        if (m_query.states.isEmpty() || m_query.states.contains(state))
            total += (*m_stateCounts)[state];
    }
    m_total = total;
}

void PagedTaskModel::onPendingChanged(const QString &taskId)
{
    const int row = rowOf(taskId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void PagedTaskModel::refreshTimes()
{
    if (m_rows.empty())
        return;
    const int last = int(m_rows.size()) - 1;
    for (const int column : timeColumns())
        Q_EMIT dataChanged(index(0, column), index(last, column),
                           {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole,
                            Qt::DecorationRole, Qt::FontRole});
}

int PagedTaskModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant PagedTaskModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TaskRow &row = *m_rows[index.row()];
    switch (role) {
    case TaskIdRole:
        return row.taskId;
    case TaskStateRole:
        return int(row.state);
    case TaskLabelRole:
        return row.label;
    case PendingRole:
        return m_pending && m_pending->isPending(row.taskId);
    case PendingTextRole:
        return m_pending ? m_pending->describe(row.taskId) : QString();
    case UpdatedAtRole:
        return row.updatedAt;
    case NextRunAtRole:
        return row.nextRunAt ? QVariant(*row.nextRunAt) : QVariant();
    case WorkerSessionRole:
        return row.workerSessionKey;
    case OrchestratorRole:
        return row.orchestratorSessionKey;
    case VerificationItemsRole:
        return row.verificationItems;
    default:
        return cellData(row, index.column(), role);
    }
}

Qt::ItemFlags PagedTaskModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
}

bool PagedTaskModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_requester && !m_loading && !m_fetchFailed &&
           m_pendingRequest == 0 && !m_endReached && int(m_rows.size()) < m_maxRows;
}

void PagedTaskModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage(int(m_rows.size()));
}

const TaskRow *PagedTaskModel::rowAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[row].get() : nullptr;
}

int PagedTaskModel::rowOf(const QString &taskId) const
{
    const TaskRow *row = m_byId.value(taskId);
    return row ? positionOf(row) : -1;
}

} // namespace clawops::ui
