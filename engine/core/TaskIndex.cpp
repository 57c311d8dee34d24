#include "TaskIndex.h"

#include "Identity.h"
#include "Logging.h"

#include <QJsonDocument>

#include <algorithm>

namespace clawops::core {

namespace {

// Ids the archive was asked for and lacked; big enough for a burst of receipts, small enough
// not to matter in memory.
constexpr qsizetype kAbsentCacheSize = 65536;

} // namespace

TaskIndex::TaskIndex(const Clock &clock, const TaskArchive *archive, ChangeSet &changes)
    : m_clock(clock)
    , m_archive(archive)
    , m_changes(changes)
{}

void TaskIndex::restoreCounts(const QHash<SessionKey, StatusSummary> &summaries)
{
    for (const auto &[orchestrator, summary] : summaries.asKeyValueRange())
        m_summaries.insert(orchestrator, summary);
    m_countsRestored = !summaries.isEmpty();
}

void TaskIndex::restore(const TaskRecord &task)
{
    m_tasks.insert(task.taskId, task);
    if (!isActive(task.state))
        m_mayLetGo.append(task.taskId);
    m_activeTaskByKey.insert(task.taskKey, task.taskId);
    m_highestAttemptByKey[task.taskKey] =
        qMax(m_highestAttemptByKey.value(task.taskKey), task.attempt);
    if (!task.workerSessionKey.isEmpty())
        m_taskByWorker.insert(task.workerSessionKey, task.taskId);
    if (!m_countsRestored)
        count(task.orchestratorSessionKey, task.state, +1);
}

ReadResult<const TaskRecord *> TaskIndex::lookup(const TaskId &taskId)
{
    using Result = ReadResult<const TaskRecord *>;
    if (taskId.isEmpty())
        return Result::absent();
    if (const auto it = m_tasks.constFind(taskId); it != m_tasks.constEnd())
        return Result::found(&*it);
    if (!m_archive || !mayBeTaskId(taskId.str()) || m_absentFromArchive.contains(taskId))
        return Result::absent();
    ReadResult<TaskRecord> stored = m_archive->findTask(taskId);
    if (stored.isFailed()) {
        // Not remembered: the store may answer the next time.
        qCWarning(lcCore).noquote()
            << "could not read task" << taskId << "from the store:" << stored.error();
        return Result::failed(stored.error());
    }
    if (stored.isAbsent()) {
        if (m_absentFromArchive.size() >= kAbsentCacheSize)
            m_absentFromArchive.clear();
        m_absentFromArchive.insert(taskId);
        return Result::absent();
    }
    const TaskRecord &record = stored.value();
    if (!record.workerSessionKey.isEmpty())
        m_taskByWorker.insert(record.workerSessionKey, record.taskId);
    m_mayLetGo.append(taskId);
    return Result::found(&*m_tasks.insert(taskId, record));
}

const TaskRecord *TaskIndex::find(const TaskId &taskId)
{
    return lookup(taskId).optional().value_or(nullptr);
}

const TaskRecord *TaskIndex::findByWorker(const SessionKey &childSessionKey)
{
    return find(m_taskByWorker.value(childSessionKey));
}

std::optional<TaskRecord> TaskIndex::peek(const TaskId &taskId) const
{
    if (const auto it = m_tasks.constFind(taskId); it != m_tasks.constEnd())
        return *it;
    if (!m_archive)
        return std::nullopt;
    return m_archive->findTask(taskId).optional();
}

TaskId TaskIndex::activeTaskFor(const TaskKey &taskKey) const
{
    return m_activeTaskByKey.value(taskKey);
}

QList<TaskRecord> TaskIndex::activeTasks() const
{
    QList<TaskRecord> out;
    for (const TaskRecord &task : m_tasks) {
        if (isActive(task.state))
            out.append(task);
    }
    return out;
}

QList<TaskId> TaskIndex::awaitingVerificationSince(TimeMs cutoff, int limit) const
{
    QList<const TaskRecord *> stale;
    for (const TaskRecord &task : m_tasks) {
        if (task.state == TaskState::NeedsVerification && task.updatedAt <= cutoff)
            stale.append(&task);
    }
    std::sort(stale.begin(), stale.end(),
              [](const TaskRecord *a, const TaskRecord *b) { return a->updatedAt < b->updatedAt; });
    if (stale.size() > limit)
        stale.resize(limit);
    QList<TaskId> out;
    out.reserve(stale.size());
    for (const TaskRecord *task : std::as_const(stale))
        out.append(task->taskId);
    return out;
}

StatusSummary TaskIndex::summaryFor(const SessionKey &orchestratorSessionKey) const
{
    return m_summaries.value(orchestratorSessionKey);
}

ReadResult<int> TaskIndex::nextAttemptFor(const TaskKey &taskKey) const
{
    int highest = m_highestAttemptByKey.value(taskKey);
    if (m_archive) {
        auto archived = m_archivedHighestAttempt.constFind(taskKey);
        if (archived == m_archivedHighestAttempt.constEnd()) {
            const ReadResult<int> stored = m_archive->highestAttempt(taskKey);
            if (stored.isFailed()) {
                qCWarning(lcCore).noquote() << "could not read the attempts of" << taskKey
                                            << "from the store:" << stored.error();
                return ReadResult<int>::failed(stored.error());
            }
            archived =
                m_archivedHighestAttempt.insert(taskKey, stored.isFound() ? stored.value() : 0);
        }
        highest = qMax(highest, *archived);
    }
    return ReadResult<int>::found(highest + 1);
}

void TaskIndex::create(const TaskRecord &record, const TransitionCause &cause)
{
    const TaskId id = record.taskId;
    m_activeTaskByKey.insert(record.taskKey, id);
    m_highestAttemptByKey[record.taskKey] =
        qMax(m_highestAttemptByKey.value(record.taskKey), record.attempt);
    count(record.orchestratorSessionKey, record.state, +1);
    m_changes.transitions.append({id, record.updatedAt, std::nullopt, record.state, cause});
    m_absentFromArchive.remove(id);
    markChanged(*m_tasks.insert(id, record));
}

void TaskIndex::setState(const TaskId &taskId, TaskState state, const TransitionCause &cause,
                         std::optional<TimeMs> nextRunAt)
{
    TaskRecord *task = inMemory(taskId);
    if (!task)
        return;
    const TimeMs now = m_clock.now();
    const TaskState from = task->state;
    if (from != state) {
        count(task->orchestratorSessionKey, from, -1);
        count(task->orchestratorSessionKey, state, +1);
    }
    task->state = state;
    task->nextRunAt = nextRunAt;
    task->lastOutcome = cause;
    task->updatedAt = now;
    if (isActive(state))
        m_activeTaskByKey.insert(task->taskKey, task->taskId);
    else if (m_activeTaskByKey.value(task->taskKey) == task->taskId)
        m_activeTaskByKey.remove(task->taskKey);
    m_changes.transitions.append({task->taskId, now, from, state, cause});
    markChanged(*task);
}

void TaskIndex::attachWorker(const TaskId &taskId, const SessionKey &childSessionKey,
                             const QString &gatewayTaskId)
{
    TaskRecord *task = inMemory(taskId);
    if (!task)
        return;
    task->workerSessionKey = childSessionKey;
    task->gatewayTaskId = gatewayTaskId;
    m_taskByWorker.insert(childSessionKey, task->taskId);
    markChanged(*task);
}

void TaskIndex::setGatewayTaskId(const TaskId &taskId, const QString &gatewayTaskId)
{
    TaskRecord *task = inMemory(taskId);
    if (!task || task->gatewayTaskId == gatewayTaskId)
        return;
    task->gatewayTaskId = gatewayTaskId;
    markChanged(*task);
}

bool TaskIndex::recordReceipt(const TaskId &taskId, const WorkerReceipt &receipt)
{
    TaskRecord *task = inMemory(taskId);
    if (!task)
        return false;
    const QString receiptJson =
        receipt.raw.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(receipt.raw).toJson(QJsonDocument::Compact));
    if (task->receiptSeen && task->receiptStatus == receipt.status &&
        task->verificationItems == receipt.verificationCount &&
        task->explicitNoVerification == receipt.explicitNoVerification &&
        task->receiptJson == receiptJson && task->receiptTaskRef == receipt.taskId)
        return false;
    task->receiptSeen = true;
    task->verificationItems = receipt.verificationCount;
    task->explicitNoVerification = receipt.explicitNoVerification;
    task->receiptJson = receiptJson;
    task->receiptStatus = receipt.status;
    task->receiptTaskRef = receipt.taskId;
    markChanged(*task);
    return true;
}

void TaskIndex::forgetReceiptText(const TaskId &taskId)
{
    if (TaskRecord *task = inMemory(taskId))
        task->receiptJson.clear();
}

void TaskIndex::takeChangedRows(QList<TaskRecord> &rows)
{
    for (const TaskId &id : std::as_const(m_changedOrder)) {
        if (const auto it = m_tasks.constFind(id); it != m_tasks.constEnd()) {
            rows.append(*it);
            if (!isActive(it->state))
                m_mayLetGo.append(id);
        }
    }
    m_changedOrder.clear();
    m_changed.clear();
}

// Only the tasks that may have become idle since the last compaction are looked at, so that a
// compaction after every commit costs what that commit changed, not the whole held set (which
// grows with what waits on an operator).
void TaskIndex::compact()
{
    for (const TaskId &id : std::as_const(m_mayLetGo)) {
        const auto it = m_tasks.find(id);
        // Changed since it was taken: let go once that change is committed (taken again).
        if (it == m_tasks.end() || isActive(it->state) || m_changed.contains(id))
            continue;
        if (m_taskByWorker.value(it->workerSessionKey) == it->taskId)
            m_taskByWorker.remove(it->workerSessionKey);
        m_tasks.erase(it);
    }
    m_mayLetGo.clear();
    forgetAttemptsOfKeysNotHeld();
}

// Without this, both maps would hold every task key the engine ever saw. A key none of whose
// tasks is held has every attempt in the store: compaction follows a commit, and a task not yet
// written stays held. So the store numbers its next attempt as the maps would have. Without a
// store the maps are all there is, and they stay.
void TaskIndex::forgetAttemptsOfKeysNotHeld()
{
    constexpr qsizetype kSlack = 4096;
    // One pass over the held tasks each time the maps outgrow them twice over: amortised, a
    // constant per compacted task.
    if (!m_archive || attemptKeysKept() <= 2 * m_tasks.size() + kSlack)
        return;
    QSet<TaskKey> held;
    held.reserve(m_tasks.size());
    for (const TaskRecord &task : std::as_const(m_tasks))
        held.insert(task.taskKey);
    const auto forgetUnheld = [&held](QHash<TaskKey, int> &attempts) {
        for (auto it = attempts.begin(); it != attempts.end();)
            it = held.contains(it.key()) ? std::next(it) : attempts.erase(it);
    };
    forgetUnheld(m_highestAttemptByKey);
    forgetUnheld(m_archivedHighestAttempt);
}

TaskRecord *TaskIndex::inMemory(const TaskId &taskId)
{
    const auto it = m_tasks.find(taskId);
    Q_ASSERT_X(it != m_tasks.end(), "TaskIndex", "a task is changed only after find() held it");
    return it == m_tasks.end() ? nullptr : &*it;
}

void TaskIndex::markChanged(const TaskRecord &task)
{
    if (!m_changed.contains(task.taskId)) {
        m_changed.insert(task.taskId);
        m_changedOrder.append(task.taskId);
    }
}

void TaskIndex::count(const SessionKey &orchestrator, TaskState state, int delta)
{
    int &counted = m_summaries[orchestrator][state];
    counted += delta;
    if (counted < 0) {
        // Only counts that missed a task (a store that gave none) get here: the task that
        // leaves the state was never in it, and zero is what is left.
        qCWarning(lcCore).noquote() << "the count of" << stateName(state) << "tasks of"
                                    << orchestrator << "would go below zero; kept at zero";
        counted = 0;
    }
}

} // namespace clawops::core
