// Operator commands: the human decisions the plugin never had. Each one checks the task's state,
// changes it through the same bookkeeping as gateway events, and is audited either way.
#include "Identity.h"
#include "Logging.h"
#include "Orchestrator.h"

namespace clawops::core {

QString commandName(OperatorCommand::Kind kind)
{
    switch (kind) {
    case OperatorCommand::Kind::Verify:
        return QStringLiteral("verify");
    case OperatorCommand::Kind::Reject:
        return QStringLiteral("reject");
    case OperatorCommand::Kind::Answer:
        return QStringLiteral("answer");
    case OperatorCommand::Kind::ForceRetry:
        return QStringLiteral("force_retry");
    case OperatorCommand::Kind::Kill:
        return QStringLiteral("kill");
    case OperatorCommand::Kind::MarkDead:
        return QStringLiteral("mark_dead");
    case OperatorCommand::Kind::CancelRetry:
        return QStringLiteral("cancel_retry");
    case OperatorCommand::Kind::PauseRetries:
        return QStringLiteral("pause_retries");
    case OperatorCommand::Kind::ResumeRetries:
        return QStringLiteral("resume_retries");
    case OperatorCommand::Kind::CheckItem:
        return QStringLiteral("check_item");
    case OperatorCommand::Kind::DecideApproval:
        return QStringLiteral("decide_approval");
    case OperatorCommand::Kind::Claim:
        return QStringLiteral("claim");
    case OperatorCommand::Kind::ReleaseClaim:
        return QStringLiteral("release_claim");
    }
    return QStringLiteral("unknown");
}

namespace {

using Result = CommandResult::Kind;
using Cause = TransitionCause::Kind;

CommandResult noSuchTask(const OperatorCommand &command)
{
    return CommandResult::refused(Result::NoSuchTask, command.taskId);
}

} // namespace

CommandResult Orchestrator::execute(const OperatorCommand &command)
{
    CommandResult result;
    switch (command.kind) {
    case OperatorCommand::Kind::Verify:
        result = verify(command);
        break;
    case OperatorCommand::Kind::Reject:
        result = reject(command);
        break;
    case OperatorCommand::Kind::Answer:
        result = answer(command);
        break;
    case OperatorCommand::Kind::ForceRetry:
        result = forceRetry(command);
        break;
    case OperatorCommand::Kind::Kill:
        result = kill(command);
        break;
    case OperatorCommand::Kind::MarkDead:
        result = markDead(command, Cause::OperatorMarkedDead);
        break;
    case OperatorCommand::Kind::CancelRetry: {
        const TaskRecord *task = m_tasks.find(command.taskId);
        if (task && task->state != TaskState::Queued)
            result = CommandResult::wrongState(task->taskId, task->state, {TaskState::Queued});
        else
            result = markDead(command, Cause::OperatorCancelledRetry);
        break;
    }
    case OperatorCommand::Kind::PauseRetries:
        result = setPaused(command, true);
        break;
    case OperatorCommand::Kind::ResumeRetries:
        result = setPaused(command, false);
        break;
    case OperatorCommand::Kind::CheckItem:
        result = checkItem(command);
        break;
    case OperatorCommand::Kind::DecideApproval:
        result = decideApproval(command);
        break;
    case OperatorCommand::Kind::Claim:
    case OperatorCommand::Kind::ReleaseClaim:
        // The host writes claims to the store itself; they change nothing the core holds.
        return CommandResult::refused(Result::EngineNotRunning, command.taskId);
    }
    audit(command, result);
    qCInfo(lcCore).noquote() << "operator" << command.operatorName << commandName(command.kind)
                             << command.taskId << (result.ok ? "ok:" : "refused:")
                             << result.auditText();
    return result;
}

CommandResult Orchestrator::verify(const OperatorCommand &command)
{
    const TaskRecord *task = m_tasks.find(command.taskId);
    if (!task)
        return noSuchTask(command);
    if (task->state != TaskState::NeedsVerification)
        return CommandResult::wrongState(task->taskId, task->state, {TaskState::NeedsVerification});
    m_tasks.setState(task->taskId, TaskState::Done, TransitionCause::of(Cause::OperatorVerified));
    emitStatusUpdate(task->orchestratorSessionKey, QStringLiteral("operator-verified"));
    return CommandResult::done(Result::Verified, task->taskId);
}

// Nothing changes but the audit log: a tick is the operator's note to themselves (and to the
// next operator) while they verify, so only a task still waiting for verification takes one.
CommandResult Orchestrator::checkItem(const OperatorCommand &command)
{
    const TaskRecord *task = m_tasks.find(command.taskId);
    if (!task)
        return noSuchTask(command);
    if (task->state != TaskState::NeedsVerification)
        return CommandResult::wrongState(task->taskId, task->state, {TaskState::NeedsVerification});
    if (command.itemIndex < 0)
        return CommandResult::refused(Result::NoSuchItem, task->taskId);
    return CommandResult::done(command.ticked ? Result::ItemChecked : Result::ItemUnchecked,
                               task->taskId, command.text);
}

CommandResult Orchestrator::reject(const OperatorCommand &command)
{
    const TaskRecord *task = m_tasks.find(command.taskId);
    if (!task)
        return noSuchTask(command);
    if (task->state != TaskState::NeedsVerification && task->state != TaskState::NeedsInput)
        return CommandResult::wrongState(task->taskId, task->state,
                                         {TaskState::NeedsVerification, TaskState::NeedsInput});
    if (!command.retry) {
        m_tasks.setState(task->taskId, TaskState::Failed,
                         TransitionCause::of(Cause::OperatorRejected));
        emitStatusUpdate(task->orchestratorSessionKey, QStringLiteral("operator-rejected"));
        return CommandResult::done(Result::Rejected, task->taskId);
    }
    const std::optional<PendingSpawn> pending = pendingFromTask(*task);
    if (!pending)
        return CommandResult::refused(Result::NoSpecToRetry, task->taskId);
    // The operator's judgement replaces the budget: the retry goes out at the next turn.
    queueRetry(task->taskId, *pending, task->workerSessionKey,
               RetryReason::of(RetryReason::Kind::OperatorRejected),
               m_retries.retriesUsed(task->taskKey) + 1, m_clock.now(), command.text, true);
    return CommandResult::done(Result::RejectedAndRetryQueued, task->taskId);
}

CommandResult Orchestrator::answer(const OperatorCommand &command)
{
    const TaskRecord *task = m_tasks.find(command.taskId);
    if (!task)
        return noSuchTask(command);
    if (task->state != TaskState::NeedsInput)
        return CommandResult::wrongState(task->taskId, task->state, {TaskState::NeedsInput});
    if (command.text.trimmed().isEmpty())
        return CommandResult::refused(Result::EmptyAnswer, task->taskId);

    const SessionKey child = task->workerSessionKey;
    if (!child.isEmpty() && m_orchestrators.sessionAlive(child)) {
        // The worker session can take a new turn even after its run finished; its next reply
        // and ending are tracked like the first ones.
        m_actions.append(SendToSession{
            SendToSession::Purpose::Answer, child, command.text, task->taskId,
            QStringLiteral("answer:%1:%2").arg(task->taskId.str(), shortHash(command.text))});
        const WorkerRecord *known = m_workers.find(child);
        WorkerRecord worker = known ? *known : WorkerRecord{};
        if (!known) {
            worker.childSessionKey = child;
            worker.orchestratorSessionKey = task->orchestratorSessionKey;
            worker.taskId = task->taskId;
            worker.taskKey = task->taskKey;
            worker.label = task->label;
            worker.taskPreview = task->taskPreview;
            worker.attempt = task->attempt;
            worker.startedAt = m_clock.now();
        }
        worker.ended.reset();
        worker.outcome.clear();
        worker.updatedAt = m_clock.now();
        m_workers.upsert(worker);
        m_tasks.forgetReceiptText(task->taskId); // the next receipt, even if alike, is news
        m_tasks.setState(task->taskId, TaskState::Running,
                         TransitionCause::of(Cause::OperatorAnswered));
        return CommandResult::done(Result::AnswerSentToWorker, task->taskId, child);
    }

    // No live worker: the orchestrator gets the answer with the task's context and respawns.
    const std::optional<PendingSpawn> pending = pendingFromTask(*task);
    if (!pending)
        return CommandResult::refused(Result::NoWorkerNorSpec, task->taskId);
    queueRetry(task->taskId, *pending, child.isEmpty() ? QStringLiteral("none") : child.str(),
               RetryReason::of(RetryReason::Kind::OperatorAnswered),
               m_retries.retriesUsed(task->taskKey) + 1, m_clock.now(), command.text, true);
    return CommandResult::done(
        Result::AnswerSentToOrchestrator, task->taskId,
        m_orchestrators.liveTargetFor(task->orchestratorSessionKey, task->requesterSessionKey));
}

CommandResult Orchestrator::forceRetry(const OperatorCommand &command)
{
    const TaskRecord *task = m_tasks.find(command.taskId);
    if (!task)
        return noSuchTask(command);
    if (task->state == TaskState::Leased || task->state == TaskState::Running) {
        CommandResult refusal = CommandResult::refused(Result::KillBeforeRetry, task->taskId);
        refusal.state = task->state;
        return refusal;
    }
    const TaskId activeId = m_tasks.activeTaskFor(task->taskKey);
    if (!activeId.isEmpty() && activeId != task->taskId)
        return CommandResult::refused(Result::OtherTaskActive, task->taskId, activeId);
    const std::optional<PendingSpawn> pending = pendingFromTask(*task);
    if (!pending)
        return CommandResult::refused(Result::NoSpecToRetry, task->taskId);
    m_retries.stopWatching(task->taskKey);
    queueRetry(task->taskId, *pending,
               task->workerSessionKey.isEmpty() ? QStringLiteral("none")
                                                : task->workerSessionKey.str(),
               task->lastOutcome.isNone() ? RetryReason::of(RetryReason::Kind::OperatorForced)
                                          : RetryReason::fromText(task->lastOutcome.toText()),
               m_retries.retriesUsed(task->taskKey) + 1, m_clock.now(), command.reason, true);
    dispatchDueRetries(m_clock.now());
    return CommandResult::done(Result::RetrySent, command.taskId);
}

CommandResult Orchestrator::kill(const OperatorCommand &command)
{
    const TaskRecord *task = m_tasks.find(command.taskId);
    if (!task)
        return noSuchTask(command);
    if (!isActive(task->state))
        return CommandResult::wrongState(task->taskId, task->state,
                                         {TaskState::Queued, TaskState::Leased, TaskState::Running,
                                          TaskState::NeedsInput, TaskState::NeedsVerification});
    const SessionKey child = task->workerSessionKey;
    const WorkerRecord *worker = m_workers.find(child);
    const bool workerRunning = !child.isEmpty() && m_orchestrators.sessionAlive(child) &&
                               (task->state == TaskState::Running ||
                                task->state == TaskState::Leased || (worker && worker->running()));
    if (workerRunning) {
        m_actions.append(CancelWorker{child, task->gatewayTaskId, task->taskId,
                                      CancelWorker::Reason::OperatorKill});
    }
    m_retries.drop(task->taskKey);
    m_retries.stopWatching(task->taskKey);
    m_tasks.setState(task->taskId, TaskState::Dead, TransitionCause::of(Cause::OperatorKilled));
    emitStatusUpdate(task->orchestratorSessionKey, QStringLiteral("operator-killed"));
    return workerRunning ? CommandResult::done(Result::WorkerCancelled, task->taskId, child)
                         : CommandResult::done(Result::KilledWithoutWorker, task->taskId);
}

CommandResult Orchestrator::markDead(const OperatorCommand &command, TransitionCause::Kind cause)
{
    const TaskRecord *task = m_tasks.find(command.taskId);
    if (!task)
        return noSuchTask(command);
    if (task->state == TaskState::Dead)
        return CommandResult::refused(Result::AlreadyDead, task->taskId);
    m_retries.drop(task->taskKey);
    m_retries.stopWatching(task->taskKey);
    const TransitionCause why = TransitionCause::of(cause);
    m_tasks.setState(task->taskId, TaskState::Dead, why);
    emitStatusUpdate(task->orchestratorSessionKey, why.toText());
    return CommandResult::done(Result::MarkedDead, task->taskId);
}

CommandResult Orchestrator::setPaused(const OperatorCommand &, bool paused)
{
    if (m_retriesPaused == paused)
        return CommandResult::refused(paused ? Result::AlreadyPaused : Result::AlreadyRunning);
    m_retriesPaused = paused;
    return CommandResult::done(paused ? Result::RetriesPaused : Result::RetriesResumed, {});
}

void Orchestrator::noteActionOutcome(const QString &action, const TaskId &taskId, bool ok,
                                     const QString &outcome, const QString &detail)
{
    AuditRecord record;
    record.at = m_clock.now();
    record.operatorName = QStringLiteral("engine");
    record.action = action;
    record.taskId = taskId;
    record.reason = outcome;
    record.result = ok ? QStringLiteral("ok") : outcome;
    record.detail = detail;
    m_changes.audits.append(record);
}

void Orchestrator::audit(const OperatorCommand &command, const CommandResult &result)
{
    AuditRecord record;
    record.at = m_clock.now();
    record.operatorName = command.operatorName;
    record.consoleHost = command.consoleHost;
    record.action = commandName(command.kind);
    record.taskId = command.taskId;
    record.reason = command.reason;
    record.result = result.ok ? QStringLiteral("ok") : result.auditText();
    record.detail = command.text;
    if (command.kind == OperatorCommand::Kind::DecideApproval)
        record.detail =
            QStringLiteral("%1 %2: %3").arg(command.text, command.approvalId, result.subject);
    if (command.kind == OperatorCommand::Kind::CheckItem && result.ok)
        record.check = CheckMark{command.itemIndex, command.ticked};
    m_changes.audits.append(record);
}

} // namespace clawops::core
