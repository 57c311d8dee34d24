#include "FakeEngineLink.h"

#include <QDateTime>
#include <QTest>

namespace clawops::ui::test {

FakeEngineLink::FakeEngineLink(QObject *parent)
    : host::EngineApi(parent)
    , m_store(std::make_unique<store::Store>())
{
    const store::StoreError error = m_store->open(m_dir.filePath(QStringLiteral("test.db")));
    if (error)
        qFatal("cannot open the test store: %s", qPrintable(error.message));
}

FakeEngineLink::~FakeEngineLink()
{
    m_store->close();
}

void FakeEngineLink::upsert(const QList<core::TaskRecord> &tasks, bool emitDelta)
{
    core::ChangeSet changes;
    changes.taskUpserts = tasks;
    const store::StoreError error = m_store->apply(changes);
    if (error)
        qFatal("store apply failed: %s", qPrintable(error.message));
    if (emitDelta)
        Q_EMIT delta(deltaFor(tasks));
}

core::StateCounts FakeEngineLink::stateCounts() const
{
    return m_store->countByState().value();
}

host::EngineDelta FakeEngineLink::deltaFor(const QList<core::TaskRecord> &tasks) const
{
    host::EngineDelta d;
    d.tasks = tasks;
    d.stateCounts = stateCounts();
    return d;
}

QList<core::TaskRecord> FakeEngineLink::oracle(const core::TaskQuery &query, int limit) const
{
    core::TaskQuery q = query;
    q.offset = 0;
    q.limit = limit > 0 ? limit : 100000000;
    return m_store->queryTasks(q).value();
}

host::TaskPage FakeEngineLink::pageFor(const core::TaskQuery &request) const
{
    host::TaskPage page;
    page.request = request;
    const store::StoreResult<QList<core::TaskRecord>> rows = m_store->queryTasks(request);
    page.rows = rows.value();
    page.totalMatching = m_store->countTasks(request).value();
    if (!rows.isOk())
        page.error = rows.error().message;
    return page;
}

std::optional<core::TaskRecord> FakeEngineLink::task(const QString &taskId) const
{
    return m_store->findTask(core::TaskId(taskId)).optional();
}

int FakeEngineLink::answerPages()
{
    const QList<PageRequest> pages = std::exchange(pendingPages, {});
    for (const PageRequest &page : pages)
        Q_EMIT taskPageReady(page.id, pageFor(page.request));
    return int(pages.size());
}

void FakeEngineLink::failPages(const QString &error)
{
    const QList<PageRequest> pages = std::exchange(pendingPages, {});
    for (const PageRequest &page : pages) {
        host::TaskPage answer;
        answer.request = page.request;
        answer.error = error;
        Q_EMIT taskPageReady(page.id, answer);
    }
}

namespace {

core::CommandResult::Kind doneKindFor(core::OperatorCommand::Kind kind)
{
    using Command = core::OperatorCommand::Kind;
    using Result = core::CommandResult::Kind;
    switch (kind) {
    case Command::Verify:
        return Result::Verified;
    case Command::Reject:
        return Result::Rejected;
    case Command::Answer:
        return Result::AnswerSentToWorker;
    case Command::ForceRetry:
        return Result::RetrySent;
    case Command::Kill:
        return Result::KilledWithoutWorker;
    case Command::MarkDead:
    case Command::CancelRetry:
        return Result::MarkedDead;
    case Command::PauseRetries:
        return Result::RetriesPaused;
    case Command::ResumeRetries:
        return Result::RetriesResumed;
    case Command::CheckItem:
        return Result::ItemChecked;
    case Command::DecideApproval:
        return Result::ApprovalDecisionSent;
    case Command::Claim:
        return Result::Claimed;
    case Command::ReleaseClaim:
        return Result::ClaimReleased;
    }
    return Result::Verified;
}

} // namespace

void FakeEngineLink::finishCommand(quint64 requestId, bool ok, core::CommandResult::Kind refusal)
{
    for (const auto &[id, command] : std::as_const(commands)) {
        if (id == requestId) {
            finishCommand(id,
                          ok ? core::CommandResult::done(doneKindFor(command.kind), command.taskId)
                             : core::CommandResult::refused(refusal, command.taskId));
            return;
        }
    }
    QFAIL("finishCommand: unknown request id");
}

void FakeEngineLink::finishCommand(quint64 requestId, const core::CommandResult &result)
{
    for (const auto &[id, command] : std::as_const(commands)) {
        if (id == requestId) {
            Q_EMIT commandFinished(id, command, result);
            return;
        }
    }
    QFAIL("finishCommand: unknown request id");
}

void FakeEngineLink::answerDetails()
{
    const auto requests = std::exchange(detailRequests, {});
    for (const auto &[id, taskId] : requests) {
        host::TaskDetail detail;
        if (const auto found = m_store->findTask(core::TaskId(taskId)).optional()) {
            detail.found = true;
            detail.task = *found;
            detail.attempts = m_store->attemptsFor(found->taskKey).value();
            detail.transitions = m_store->transitionsFor(clawops::core::TaskId(taskId)).value();
            detail.attemptTransitions = m_store->transitionsOfWork(found->taskKey).value();
            detail.audits = m_store->auditFor(clawops::core::TaskId(taskId)).value();
        }
        Q_EMIT taskDetailReady(id, detail);
    }
}

int FakeEngineLink::answerActivity()
{
    const auto requests = std::exchange(activityRequests, {});
    for (const auto &[id, request] : requests) {
        host::ActivitySnapshot activity;
        activity.request = request;
        const store::RecentTransitions recent =
            m_store->transitionsSince(request.sinceMs, request.maxTransitions).value();
        activity.transitions = recent.transitions;
        activity.truncated = recent.truncated;
        activity.tasks = m_store->tasksUpdatedSince(request.sinceMs, request.maxTasks).value();
        activity.stateCounts = stateCounts();
        activity.atMs = QDateTime::currentMSecsSinceEpoch();
        Q_EMIT activityReady(id, activity);
    }
    return int(requests.size());
}

quint64 FakeEngineLink::sendCommand(const core::OperatorCommand &command)
{
    commands.append({++m_lastId, command});
    return m_lastId;
}

quint64 FakeEngineLink::requestTaskPage(const core::TaskQuery &request)
{
    pendingPages.append({++m_lastId, request});
    return m_lastId;
}

quint64 FakeEngineLink::requestTaskDetail(const core::TaskId &taskId)
{
    detailRequests.append({++m_lastId, taskId});
    return m_lastId;
}

quint64 FakeEngineLink::requestTranscript(const core::SessionKey &sessionKey, int)
{
    transcriptRequests.append({++m_lastId, sessionKey});
    return m_lastId;
}

quint64 FakeEngineLink::requestActivity(const host::ActivityRequest &request)
{
    activityRequests.append({++m_lastId, request});
    return m_lastId;
}

void FakeEngineLink::reconnect(const QUrl &gatewayUrl, const QString &token)
{
    reconnects.append({gatewayUrl, token});
}

void FakeEngineLink::disconnectGateway()
{
    ++disconnects;
}

void FakeEngineLink::takeOver()
{
    ++takeOvers;
}

void FakeEngineLink::updateConfig(const core::EngineConfig &config)
{
    configs.append(config);
}

core::TaskRecord makeTask(int n, core::TaskState state, qint64 updatedAt, qint64 createdAt)
{
    core::TaskRecord task;
    const QString key = QStringLiteral("%1").arg(n, 12, 16, QLatin1Char('0'));
    task.taskId = clawops::core::TaskId(key + QStringLiteral("-a1"));
    task.taskKey = clawops::core::TaskKey(key + QStringLiteral("ffff"));
    task.requesterSessionKey = clawops::core::SessionKey(QStringLiteral("agent:main:main"));
    task.orchestratorSessionKey =
        clawops::core::SessionKey(QStringLiteral("agent:main:subagent:orch-%1").arg(n % 3));
    task.label = n % 7 == 0 ? QString() : QStringLiteral("worker-T-%1").arg(n % 50);
    task.taskPreview = QStringLiteral("Run the checks for T-%1 and report.").arg(n);
    task.spec.task =
        task.taskPreview +
        QStringLiteral("\n\n[Worker result contract]\nWhen done, include ONE JSON object");
    task.spec.label = task.label;
    task.spec.kind = QStringLiteral("worker");
    task.spec.agentId = QStringLiteral("main");
    task.state = state;
    task.attempt = 1 + n % 3;
    task.maxRetries = 2;
    if (state == core::TaskState::Queued)
        task.nextRunAt = updatedAt + qint64(1000) * (n % 5);
    task.lastOutcome = clawops::core::TransitionCause::fromText(
        n % 4 == 0 ? QString() : QStringLiteral("worker-ended-%1").arg(n % 4));
    task.createdAt = createdAt > 0 ? createdAt : updatedAt;
    task.updatedAt = updatedAt;
    if (state == core::TaskState::Running || state == core::TaskState::NeedsInput ||
        state == core::TaskState::NeedsVerification)
        task.workerSessionKey =
            clawops::core::SessionKey(QStringLiteral("agent:main:subagent:w-%1").arg(n));
    return task;
}

} // namespace clawops::ui::test
