#include "EngineWorker.h"

#include "AnswerOutlet.h"
#include "GatewayLink.h"
#include "core/Logging.h"
#include "core/Orchestrator.h"
#include "store/Store.h"
#include "store/StoreWriter.h"

#include <QElapsedTimer>
#include <QSet>

#include <thread>
#include <utility>

namespace clawops::host {

namespace {
// Events arriving within this window share one transaction and one delta: a burst of frames
// becomes a handful of commits instead of thousands.
constexpr int kBatchWindowMs = 5;

// A writer stuck in a commit finishes on a thread of its own: destroying it there commits what
// it still has queued, closes its connection and joins its thread, without holding up ours.
void letFinishAlone(std::unique_ptr<store::StoreWriter> writer)
{
    // It belonged to this thread's event loop; belonging to none, it may be destroyed anywhere.
    writer->moveToThread(nullptr);
    std::thread([finishing = std::move(writer)]() mutable { finishing.reset(); }).detach();
}

} // namespace

EngineWorker::EngineWorker(std::shared_ptr<const AnswerOutlet> answers, QObject *parent)
    : QObject(parent)
    , m_answers(std::move(answers))
{}

EngineWorker::~EngineWorker() = default;

void EngineWorker::start(const EngineSettings &settings)
{
    m_settings = settings;
    core::Snapshot snapshot;
    if (!openStore(settings, snapshot))
        return;
    m_core =
        std::make_unique<core::Orchestrator>(settings.config, m_clock, m_random, m_store.get());
    m_core->rehydrate(snapshot);
    m_stateCounts = m_store->countByState().value();
    startTimers(settings);

    m_link = std::make_unique<GatewayLink>(static_cast<GatewaySink &>(*this), settings);
    m_link->trackWhatTheEngineKnows(*m_core, *m_store);
    if (settings.connectToGateway && settings.gatewayUrl.isValid())
        m_link->connectToGateway();
    else
        m_link->publishOffline();

    m_answers->send(&EngineAnswers::started, m_store->path());
    // The console's first delta: counts and the retry queue as they stand.
    EngineDelta initial;
    initial.stateCounts = m_stateCounts;
    initial.batchAtMs = m_clock.now();
    publishRetryQueue(initial);
    m_answers->send(&EngineAnswers::delta, initial);
}

bool EngineWorker::openStore(const EngineSettings &settings, core::Snapshot &snapshot)
{
    m_store = std::make_unique<store::Store>();
    store::OpenOptions options;
    options.password = settings.databasePassword;
    if (const store::StoreError error = m_store->open(settings.databasePath, options)) {
        m_store.reset();
        qCCritical(lcHost).noquote() << error.message;
        m_answers->send(&EngineAnswers::failed, error.message);
        return false;
    }
    store::StoreResult<core::Snapshot> loaded = m_store->loadSnapshot();
    if (!loaded.isOk()) {
        m_answers->send(&EngineAnswers::failed, loaded.error().message);
        return false;
    }
    snapshot = std::move(loaded).value();
    // The writer's connection opens after the engine's, which has inspected and migrated the
    // file; a full quick_check again would only double the start-up cost of a big store.
    store::OpenOptions writerOptions;
    writerOptions.fullCheckMaxBytes = 0;
    writerOptions.password = settings.databasePassword;
    m_writer = std::make_unique<store::StoreWriter>();
    if (const store::StoreError error = m_writer->start(m_store->path(), writerOptions)) {
        m_writer.reset();
        qCCritical(lcHost).noquote() << error.message;
        m_answers->send(&EngineAnswers::failed, error.message);
        return false;
    }
    connect(m_writer.get(), &store::StoreWriter::resultReady, this,
            &EngineWorker::takeCommitResults);
    return true;
}

void EngineWorker::startTimers(const EngineSettings &settings)
{
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kBatchWindowMs);
    connect(m_flushTimer, &QTimer::timeout, this, &EngineWorker::flush);
    m_tickTimer = new QTimer(this);
    m_tickTimer->setInterval(settings.config.schedulerTickMs);
    connect(m_tickTimer, &QTimer::timeout, this, &EngineWorker::tick);
    m_tickTimer->start();
}

void EngineWorker::feed(const QList<core::DomainEvent> &events,
                        const QList<gateway::ActionOutcome> &outcomes)
{
    if (m_core) {
        for (const core::DomainEvent &event : events)
            m_core->handle(event);
        for (const gateway::ActionOutcome &outcome : outcomes) {
            m_core->noteActionOutcome(outcome.kind == gateway::ActionOutcome::Kind::Cancel
                                          ? QStringLiteral("cancel")
                                          : QStringLiteral("send"),
                                      core::TaskId(outcome.taskId), outcome.ok, outcome.outcome,
                                      outcome.sessionKey + QStringLiteral(": ") + outcome.detail);
            // A send that did not reach the gateway keeps its retry queued (issue 12, defect 1).
            if (outcome.kind == gateway::ActionOutcome::Kind::Send && !outcome.ok)
                m_core->handle(core::SendFailed{core::TaskId(outcome.taskId), outcome.actionKey,
                                                outcome.detail});
        }
    }
    scheduleFlush();
}

void EngineWorker::reportStatus(const ConnectionStatus &status)
{
    m_answers->send(&EngineAnswers::connectionChanged, status);
}

void EngineWorker::deliverTranscript(quint64 requestId, const Transcript &transcript)
{
    m_answers->send(&EngineAnswers::transcriptReady, requestId, transcript);
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
        m_answers->send(&EngineAnswers::delta, out);
    }
    replyToCommands(m_commandsWaiting);
}

void EngineWorker::submit(core::ChangeSet changes)
{
    const BatchSize size{int(changes.taskUpserts.size()), int(changes.transitions.size()),
                         int(changes.audits.size())};
    if (m_writer->submit(std::move(changes)) == 0) {
        // Only a stopped writer refuses, and it is stopped only after the last flush.
        qCCritical(lcHost) << "commit refused: the store writer is not running";
        m_answers->send(&EngineAnswers::failed, tr("The store writer is not running."));
        replyToCommands(m_commandsWaiting);
        return;
    }
    m_batchInFlight = true;
    m_inFlight = size;
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
        m_answers->send(&EngineAnswers::failed, error);
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
        m_answers->send(&EngineAnswers::delta, out);
    }
    replyToCommands(m_commandsInFlight);
    if (m_flushWanted)
        flush();
}

void EngineWorker::replyToCommands(QList<FinishedCommand> &commands)
{
    const QList<FinishedCommand> finished = std::exchange(commands, {});
    for (const FinishedCommand &command : finished)
        m_answers->send(&EngineAnswers::commandFinished, command.requestId, command.command,
                        command.result);
}

bool EngineWorker::commitEverything(QDeadlineTimer deadline)
{
    if (!m_writer)
        return true;
    for (;;) {
        if (m_batchInFlight) {
            if (!m_writer->waitIdle(deadline))
                return false;
            // Finishing a batch may submit the next one at once.
            takeCommitResults();
            continue;
        }
        flush();
        if (!m_batchInFlight)
            return true;
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
    for (const core::Orchestrator::QueuedRetry &retry : m_core->queuedRetries()) {
        RetryEntry entry;
        entry.taskId = retry.taskId;
        entry.orchestratorSessionKey = retry.orchestratorSessionKey;
        entry.attempt = retry.attempt;
        entry.maxRetries = m_core->config().maxRetriesPerTask;
        entry.reason = retry.reason;
        entry.runAfterMs = retry.runAfterMs;
        entry.backoffMs = retry.backoffMs;
        if (const std::optional<core::TaskRecord> task = m_core->task(retry.taskId))
            entry.label = task->label;
        delta.retryQueue.append(entry);
    }
}

void EngineWorker::executeCommand(quint64 requestId, const core::OperatorCommand &command)
{
    if (!m_core) {
        m_answers->send(&EngineAnswers::commandFinished, requestId, command,
                        core::CommandResult::refused(core::CommandResult::Kind::EngineNotRunning,
                                                     command.taskId));
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
        m_answers->send(&EngineAnswers::taskPageReady, requestId, page);
        return;
    }
    store::StoreResult<QList<core::TaskRecord>> rows = m_store->queryTasks(request);
    const store::StoreResult<int> total =
        rows.isOk() ? m_store->countTasks(request) : store::StoreResult<int>(rows.error());
    page.rows = std::move(rows).value();
    page.totalMatching = total.value();
    if (!total.isOk())
        page.error = total.error().message;
    m_answers->send(&EngineAnswers::taskPageReady, requestId, page);
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
    m_answers->send(&EngineAnswers::taskDetailReady, requestId, detail);
}

void EngineWorker::fetchTranscript(quint64 requestId, const core::SessionKey &sessionKey,
                                   int maxLines)
{
    if (!m_link) {
        deliverTranscript(requestId, Transcript{sessionKey, {}, tr("The engine is not running.")});
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
        m_answers->send(&EngineAnswers::activityReady, requestId, activity);
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
    m_answers->send(&EngineAnswers::activityReady, requestId, activity);
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

ShutdownReport EngineWorker::shutdown(QDeadlineTimer deadline)
{
    QElapsedTimer timer;
    timer.start();
    ShutdownReport report;
    if (m_tickTimer)
        m_tickTimer->stop();
    commitEverything(deadline);
    if (m_link)
        m_link->shutdown();
    // Stopping the link may have produced changes (action outcomes) of its own.
    const bool committed = commitEverything(deadline);
    m_link.reset();
    if (!committed)
        abandonWriter(report);
    m_writer.reset(); // idle by now (or handed off): joins its thread at once
    m_batchInFlight = false;
    replyToCommands(m_commandsInFlight);
    replyToCommands(m_commandsWaiting);
    m_core.reset();
    if (m_store)
        m_store->close();
    m_store.reset();
    report.elapsedMs = timer.elapsed();
    if (report.complete)
        qCInfo(lcHost) << "engine stopped in" << report.elapsedMs << "ms";
    else
        qCCritical(lcHost).noquote() << report.problem;
    return report;
}

void EngineWorker::abandonWriter(ShutdownReport &report)
{
    report.complete = false;
    report.uncommittedBatches = 1; // the one the writer is stuck in
    report.uncommittedTasks = m_inFlight.tasks;
    report.uncommittedTransitions = m_inFlight.transitions;
    report.uncommittedAudits = m_inFlight.audits;
    if (m_core) {
        // Queued behind the stuck batch: the writer commits it too if it gets that far.
        core::ChangeSet rest = m_core->takeChanges();
        if (!rest.isEmpty()) {
            ++report.uncommittedBatches;
            report.uncommittedTasks += int(rest.taskUpserts.size());
            report.uncommittedTransitions += int(rest.transitions.size());
            report.uncommittedAudits += int(rest.audits.size());
            m_writer->submit(std::move(rest));
        }
    }
    report.problem = QStringLiteral("the store writer was still committing at the shutdown "
                                    "deadline: %1 batch(es) with %2 task rows, %3 transitions "
                                    "and %4 audit rows are not confirmed in the store; the "
                                    "writer goes on with them in the background")
                         .arg(report.uncommittedBatches)
                         .arg(report.uncommittedTasks)
                         .arg(report.uncommittedTransitions)
                         .arg(report.uncommittedAudits);
    disconnect(m_writer.get(), nullptr, this, nullptr);
    letFinishAlone(std::move(m_writer));
}

} // namespace clawops::host
