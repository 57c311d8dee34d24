#include "EngineWorker.h"

#include "GatewayLink.h"
#include "core/Logging.h"
#include "core/Orchestrator.h"
#include "store/Store.h"
#include "store/StoreWriter.h"

#include <QElapsedTimer>
#include <QSet>
#include <QThread>

namespace clawops::host {

namespace {
// Events arriving within this window share one transaction and one delta: a burst of frames
// becomes a handful of commits instead of thousands.
constexpr int kBatchWindowMs = 5;
// Shutdown waits this long for the store writer; the host gives the whole stop 2 s.
constexpr int kShutdownCommitMs = 1500;

} // namespace

EngineWorker::EngineWorker(QObject *parent)
    : QObject(parent)
{}

EngineWorker::~EngineWorker() = default;

void EngineWorker::start(const EngineSettings &settings)
{
    m_settings = settings;
    m_store = std::make_unique<store::Store>();
    if (const store::StoreError error = m_store->open(settings.databasePath)) {
        m_failedToStart = true;
        m_store.reset();
        qCCritical(lcHost).noquote() << error.message;
        Q_EMIT failed(error.message);
        return;
    }
    const store::StoreResult<core::Snapshot> snapshot = m_store->loadSnapshot();
    if (!snapshot.isOk()) {
        m_failedToStart = true;
        Q_EMIT failed(snapshot.error().message);
        return;
    }
    // The writer's connection opens after the engine's, which has inspected and migrated the
    // file; a full quick_check again would only double the start-up cost of a big store.
    store::OpenOptions writerOptions;
    writerOptions.fullCheckMaxBytes = 0;
    m_writer = std::make_unique<store::StoreWriter>();
    if (const store::StoreError error = m_writer->start(m_store->path(), writerOptions)) {
        m_failedToStart = true;
        m_writer.reset();
        qCCritical(lcHost).noquote() << error.message;
        Q_EMIT failed(error.message);
        return;
    }
    connect(m_writer.get(), &store::StoreWriter::resultReady, this,
            &EngineWorker::takeCommitResults);
    m_core =
        std::make_unique<core::Orchestrator>(settings.config, m_clock, m_random, m_store.get());
    m_core->rehydrate(snapshot.value());
    m_stateCounts = m_store->countByState().value();

    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kBatchWindowMs);
    connect(m_flushTimer, &QTimer::timeout, this, &EngineWorker::flush);
    m_tickTimer = new QTimer(this);
    m_tickTimer->setInterval(settings.config.schedulerTickMs);
    connect(m_tickTimer, &QTimer::timeout, this, &EngineWorker::tick);
    m_tickTimer->start();

    m_link = std::make_unique<GatewayLink>(*this, settings);
    connect(m_link.get(), &GatewayLink::statusChanged, this, &EngineWorker::connectionChanged);
    connect(m_link.get(), &GatewayLink::transcriptReady, this, &EngineWorker::transcriptReady);
    if (settings.connectToGateway && settings.gatewayUrl.isValid())
        m_link->connectToGateway();
    else
        m_link->publishOffline();

    Q_EMIT started(m_store->path());
    // The console's first delta: counts and the retry queue as they stand.
    EngineDelta initial;
    initial.stateCounts = m_stateCounts;
    initial.batchAtMs = m_clock.now();
    publishRetryQueue(initial);
    Q_EMIT delta(initial);
}

void EngineWorker::scheduleFlush()
{
    // While a batch is in flight its completion submits the next one; no timer needed.
    if (m_flushTimer && !m_flushTimer->isActive() && !m_flushWanted)
        m_flushTimer->start();
}

void EngineWorker::tick()
{
    if (!m_core)
        return;
    m_core->handle(core::Tick{});
    flush();
}

void EngineWorker::flush()
{
    if (!m_core || !m_writer)
        return;
    if (m_flushTimer)
        m_flushTimer->stop();
    if (m_batchInFlight) {
        // One batch at a time: compact() after a commit is only safe when every change taken
        // from the core so far is in the store. Actions need no commit (they never waited for
        // one), so they go out now.
        dispatchActions();
        m_flushWanted = true;
        return;
    }
    m_flushWanted = false;
    core::ChangeSet changes = m_core->takeChanges();
    dispatchActions();
    if (!changes.isEmpty()) {
        submit(std::move(changes));
        return;
    }
    // Nothing to write: what changed in memory only (the retry queue) goes out at once.
    EngineDelta out;
    publishRetryQueue(out);
    if (out.retryQueueChanged) {
        m_core->compact();
        out.stateCounts = m_stateCounts;
        out.retriesPaused = m_core->automaticRetriesPaused();
        out.batchAtMs = m_clock.now();
        Q_EMIT delta(out);
    }
    replyToCommands(m_commandsWaiting);
}

void EngineWorker::submit(core::ChangeSet changes)
{
    if (m_writer->submit(std::move(changes)) == 0) {
        // Only a stopped writer refuses, and it is stopped only after the last flush.
        qCCritical(lcHost) << "commit refused: the store writer is not running";
        Q_EMIT failed(tr("The store writer is not running."));
        replyToCommands(m_commandsWaiting);
        return;
    }
    m_batchInFlight = true;
    m_commandsInFlight.append(std::move(m_commandsWaiting));
    m_commandsWaiting.clear();
}

void EngineWorker::takeCommitResults()
{
    store::StoreWriter::Result result;
    while (m_writer && m_writer->tryTakeResult(result))
        finishBatch(std::move(result.changes), result.error.message);
}

void EngineWorker::finishBatch(core::ChangeSet changes, const QString &error)
{
    m_batchInFlight = false;
    if (!error.isEmpty()) {
        // Keep the changes in memory state (the core has them) and say so loudly; the next
        // batch will carry the rows again when they change again.
        qCCritical(lcHost).noquote() << "commit failed:" << error;
        Q_EMIT failed(error);
    } else if (m_core) {
        // Every change taken from the core so far is committed; what changed since is still
        // dirty there and stays in memory.
        m_core->compact();
        for (const core::TransitionRecord &transition : std::as_const(changes.transitions))
            m_stateCounts.move(transition.from, transition.to);
        EngineDelta out;
        publishRetryQueue(out);
        out.tasks = std::move(changes.taskUpserts);
        out.transitions = std::move(changes.transitions);
        out.audits = std::move(changes.audits);
        out.stateCounts = m_stateCounts;
        out.retriesPaused = m_core->automaticRetriesPaused();
        out.batchAtMs = m_clock.now();
        Q_EMIT delta(out);
    }
    replyToCommands(m_commandsInFlight);
    if (m_flushWanted)
        flush();
}

void EngineWorker::replyToCommands(QList<FinishedCommand> &commands)
{
    const QList<FinishedCommand> finished = std::move(commands);
    commands.clear();
    for (const FinishedCommand &command : finished)
        Q_EMIT commandFinished(command.requestId, command.command, command.result);
}

void EngineWorker::commitEverything(QDeadlineTimer deadline)
{
    if (!m_writer)
        return;
    for (;;) {
        if (m_batchInFlight) {
            if (!m_writer->waitIdle(deadline)) {
                qCCritical(lcHost)
                    << "the store writer is still committing after" << kShutdownCommitMs << "ms";
                return;
            }
            // Finishing a batch may submit the next one at once.
            takeCommitResults();
            continue;
        }
        flush();
        if (!m_batchInFlight)
            return;
    }
}

void EngineWorker::dispatchActions()
{
    const QList<core::DomainAction> actions = m_core->takeActions();
    if (actions.isEmpty())
        return;
    if (m_link)
        m_link->perform(actions);
}

void EngineWorker::publishRetryQueue(EngineDelta &delta)
{
    if (!m_core || m_core->retryQueueRevision() == m_publishedRetryRevision)
        return;
    m_publishedRetryRevision = m_core->retryQueueRevision();
    delta.retryQueueChanged = true;
    delta.retriesPaused = m_core->automaticRetriesPaused();
    const qint64 base = m_core->config().retryBaseBackoffMs;
    for (const core::Orchestrator::QueuedRetry &retry : m_core->queuedRetries()) {
        RetryEntry entry;
        entry.taskId = retry.taskId;
        entry.orchestratorSessionKey = retry.orchestratorSessionKey;
        entry.attempt = retry.attempt;
        entry.maxRetries = m_core->config().maxRetriesPerTask;
        entry.reason = retry.reason;
        entry.runAfterMs = retry.runAfterMs;
        entry.backoffMs = base << qBound(0, retry.attempt - 1, 20);
        if (const std::optional<core::TaskRecord> task = m_core->task(retry.taskId))
            entry.label = task->label;
        delta.retryQueue.append(entry);
    }
}

void EngineWorker::executeCommand(quint64 requestId, const core::OperatorCommand &command)
{
    if (!m_core) {
        Q_EMIT commandFinished(requestId, command,
                               core::CommandResult::refused(
                                   core::CommandResult::Kind::EngineNotRunning, command.taskId));
        return;
    }
    core::OperatorCommand stamped = command;
    if (stamped.operatorName.isEmpty())
        stamped.operatorName = m_settings.operatorName;
    m_commandsWaiting.append(FinishedCommand{requestId, stamped, m_core->execute(stamped)});
    flush();
}

void EngineWorker::fetchTaskPage(quint64 requestId, const core::TaskQuery &request)
{
    TaskPage page;
    page.request = request;
    if (!m_store) {
        page.error = tr("The store is not open.");
        Q_EMIT taskPageReady(requestId, page);
        return;
    }
    store::StoreResult<QList<core::TaskRecord>> rows = m_store->queryTasks(request);
    const store::StoreResult<int> total =
        rows.isOk() ? m_store->countTasks(request) : store::StoreResult<int>(rows.error());
    page.rows = std::move(rows).value();
    page.totalMatching = total.value();
    if (!total.isOk())
        page.error = total.error().message;
    Q_EMIT taskPageReady(requestId, page);
}

void EngineWorker::fetchTaskDetail(quint64 requestId, const core::TaskId &taskId)
{
    TaskDetail detail;
    if (m_store) {
        if (const std::optional<core::TaskRecord> task = m_store->findTask(taskId).optional()) {
            detail.found = true;
            detail.task = *task;
            detail.attempts = m_store->attemptsFor(task->taskKey).value();
            detail.transitions = m_store->transitionsFor(taskId).value();
            detail.audits = m_store->auditFor(taskId).value();
            detail.suppressed = m_store->suppressedFor(task->taskKey).value();
        }
    }
    Q_EMIT taskDetailReady(requestId, detail);
}

void EngineWorker::fetchTranscript(quint64 requestId, const QString &sessionKey, int maxLines)
{
    if (!m_link) {
        Q_EMIT transcriptReady(requestId,
                               Transcript{sessionKey, {}, tr("The engine is not running.")});
        return;
    }
    m_link->fetchTranscript(requestId, sessionKey, maxLines);
}

void EngineWorker::fetchActivity(quint64 requestId, const ActivityRequest &request)
{
    ActivitySnapshot activity;
    activity.request = request;
    if (!m_store) {
        activity.error = tr("The store is not open.");
        Q_EMIT activityReady(requestId, activity);
        return;
    }
    // Read from what is committed: changes still in the batch window reach the console in the
    // next delta, and the console merges the overlap between deltas and this snapshot.
    const store::StoreResult<store::RecentTransitions> recent =
        m_store->transitionsSince(request.sinceMs, request.maxTransitions);
    activity.transitions = recent.value().transitions;
    activity.truncated = recent.value().truncated;
    store::StoreError error = recent.error();
    if (!error) {
        store::StoreResult<QList<core::TaskRecord>> tasks =
            m_store->tasksUpdatedSince(request.sinceMs, request.maxTasks);
        error = tasks.error();
        activity.tasks = std::move(tasks).value();
    }
    if (!error && m_core) {
        // Long-running workers may not have changed within the window, but they are on screen.
        QSet<QString> have;
        for (const core::TaskRecord &task : std::as_const(activity.tasks))
            have.insert(task.taskId);
        for (const core::TaskRecord &task : m_core->activeTasks()) {
            if (!have.contains(task.taskId))
                activity.tasks.append(task);
        }
    }
    if (error)
        activity.error = error.message;
    activity.stateCounts = m_stateCounts;
    activity.atMs = m_clock.now();
    Q_EMIT activityReady(requestId, activity);
}

void EngineWorker::reconnectGateway(const QUrl &gatewayUrl, const QString &token)
{
    m_settings.gatewayUrl = gatewayUrl;
    m_settings.token = token;
    if (m_link)
        m_link->reconnect(gatewayUrl, token);
}

void EngineWorker::disconnectGateway()
{
    if (m_link)
        m_link->disconnectFromGateway();
}

void EngineWorker::applyConfig(const core::EngineConfig &config)
{
    m_settings.config = config;
    if (m_core)
        m_core->setConfig(config);
    if (m_tickTimer)
        m_tickTimer->setInterval(config.schedulerTickMs);
    if (m_link)
        m_link->setConfig(config);
}

void EngineWorker::shutdown()
{
    QElapsedTimer timer;
    timer.start();
    const QDeadlineTimer deadline(kShutdownCommitMs);
    if (m_tickTimer)
        m_tickTimer->stop();
    commitEverything(deadline);
    if (m_link)
        m_link->shutdown();
    commitEverything(deadline);
    m_link.reset();
    // Joins the writer's thread; it commits anything still queued first.
    m_writer.reset();
    m_batchInFlight = false;
    replyToCommands(m_commandsInFlight);
    replyToCommands(m_commandsWaiting);
    m_core.reset();
    if (m_store)
        m_store->close();
    m_store.reset();
    qCInfo(lcHost) << "engine stopped in" << timer.elapsed() << "ms";
    Q_EMIT shutdownFinished();
}

} // namespace clawops::host
