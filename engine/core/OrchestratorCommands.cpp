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
    }
    return QStringLiteral("unknown");
}

namespace {

CommandResult wrongState(const TaskRecord &task, const QString &wanted)
{
    return CommandResult::refused(QStringLiteral("Task %1 is %2; this needs %3.")
                                      .arg(task.taskId, stateName(task.state), wanted));
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
        result = markDead(command, QStringLiteral("operator-marked-dead"));
        break;
    case OperatorCommand::Kind::CancelRetry: {
        const TaskRecord *task = findTask(command.taskId);
        if (task && task->state != TaskState::Queued)
            result = wrongState(*task, QStringLiteral("a queued retry"));
        else
            result = markDead(command, QStringLiteral("retry-cancelled-by-operator"));
        break;
    }
    case OperatorCommand::Kind::PauseRetries:
        result = setPaused(command, true);
        break;
    case OperatorCommand::Kind::ResumeRetries:
        result = setPaused(command, false);
        break;
    }
    audit(command, result);
    qCInfo(lcCore).noquote() << "operator" << command.operatorName << commandName(command.kind)
                             << command.taskId << (result.ok ? "ok:" : "refused:")
                             << result.message;
    return result;
}

CommandResult Orchestrator::verify(const OperatorCommand &command)
{
    TaskRecord *task = findTask(command.taskId);
    if (!task)
        return CommandResult::refused(QStringLiteral("No task %1.").arg(command.taskId));
    if (task->state != TaskState::NeedsVerification)
        return wrongState(*task, stateName(TaskState::NeedsVerification));
    setTaskState(*task, TaskState::Done, QStringLiteral("operator-verified"));
    emitStatusUpdate(task->orchestratorSessionKey, QStringLiteral("operator-verified"));
    return CommandResult::success(QStringLiteral("Task %1 verified and done.").arg(task->taskId));
}

CommandResult Orchestrator::reject(const OperatorCommand &command)
{
    TaskRecord *task = findTask(command.taskId);
    if (!task)
        return CommandResult::refused(QStringLiteral("No task %1.").arg(command.taskId));
    if (task->state != TaskState::NeedsVerification && task->state != TaskState::NeedsInput)
        return wrongState(*task, QStringLiteral("needs_verification or needs_input"));
    if (!command.retry) {
        setTaskState(*task, TaskState::Failed, QStringLiteral("operator-rejected"));
        emitStatusUpdate(task->orchestratorSessionKey, QStringLiteral("operator-rejected"));
        return CommandResult::success(QStringLiteral("Task %1 rejected.").arg(task->taskId));
    }
    const std::optional<PendingSpawn> pending = pendingFromTask(*task);
    if (!pending)
        return CommandResult::refused(
            QStringLiteral("Task %1 has no stored spec to retry from.").arg(task->taskId));
    // The operator's judgement replaces the budget: the retry goes out at the next turn.
    queueRetry(*task, *pending, task->workerSessionKey, QStringLiteral("rejected"),
               m_retryCounts.value(task->taskKey) + 1, m_clock.now(), command.text, true);
    return CommandResult::success(
        QStringLiteral("Task %1 rejected; a retry with your note is queued.").arg(task->taskId));
}

CommandResult Orchestrator::answer(const OperatorCommand &command)
{
    TaskRecord *task = findTask(command.taskId);
    if (!task)
        return CommandResult::refused(QStringLiteral("No task %1.").arg(command.taskId));
    if (task->state != TaskState::NeedsInput)
        return wrongState(*task, stateName(TaskState::NeedsInput));
    if (command.text.trimmed().isEmpty())
        return CommandResult::refused(QStringLiteral("An answer needs some text."));

    const QString child = task->workerSessionKey;
    if (!child.isEmpty() && sessionAlive(child)) {
        // The worker session can take a new turn even after its run finished; its next reply
        // and ending are tracked like the first ones.
        m_actions.append(SendToSession{
            SendToSession::Purpose::Answer, child, command.text, task->taskId,
            QStringLiteral("answer:%1:%2").arg(task->taskId, shortHash(command.text))});
        WorkerRecord worker = m_workers.value(child);
        if (worker.childSessionKey.isEmpty()) {
            worker.childSessionKey = child;
            worker.orchestratorSessionKey = task->orchestratorSessionKey;
            worker.taskId = task->taskId;
            worker.taskKey = task->taskKey;
            worker.label = task->label;
            worker.taskPreview = task->taskPreview;
            worker.attempt = task->attempt;
            worker.startedAt = m_clock.now();
        }
        worker.status = QStringLiteral("running");
        worker.outcome.clear();
        worker.updatedAt = m_clock.now();
        upsertWorker(worker);
        task->receiptJson.clear(); // the next receipt, even if alike, is a new answer
        setTaskState(*task, TaskState::Running, QStringLiteral("operator-answered"));
        return CommandResult::success(
            QStringLiteral("Answer sent to worker %1; task %2 resumes.").arg(child, task->taskId));
    }

    // No live worker: the orchestrator gets the answer with the task's context and respawns.
    const std::optional<PendingSpawn> pending = pendingFromTask(*task);
    if (!pending)
        return CommandResult::refused(
            QStringLiteral("Task %1 has no live worker and no stored spec.").arg(task->taskId));
    queueRetry(*task, *pending, child.isEmpty() ? QStringLiteral("none") : child,
               QStringLiteral("needs-input-answered"), m_retryCounts.value(task->taskKey) + 1,
               m_clock.now(), command.text, true);
    return CommandResult::success(
        QStringLiteral("The worker is gone; the answer goes to orchestrator %1 with a respawn "
                       "of task %2.")
            .arg(liveTargetFor(task->orchestratorSessionKey, task->requesterSessionKey),
                 task->taskId));
}

CommandResult Orchestrator::forceRetry(const OperatorCommand &command)
{
    TaskRecord *task = findTask(command.taskId);
    if (!task)
        return CommandResult::refused(QStringLiteral("No task %1.").arg(command.taskId));
    if (task->state == TaskState::Leased || task->state == TaskState::Running)
        return CommandResult::refused(QStringLiteral("Task %1 is %2; kill it before retrying.")
                                          .arg(task->taskId, stateName(task->state)));
    const QString activeId = m_activeTaskByKey.value(task->taskKey);
    if (!activeId.isEmpty() && activeId != task->taskId)
        return CommandResult::refused(
            QStringLiteral("Task %1 is already active for the same work.").arg(activeId));
    const std::optional<PendingSpawn> pending = pendingFromTask(*task);
    if (!pending)
        return CommandResult::refused(
            QStringLiteral("Task %1 has no stored spec to retry from.").arg(task->taskId));
    m_respawnWatches.remove(task->taskKey);
    queueRetry(*task, *pending,
               task->workerSessionKey.isEmpty() ? QStringLiteral("none") : task->workerSessionKey,
               task->lastOutcome.isEmpty() ? QStringLiteral("operator") : task->lastOutcome,
               m_retryCounts.value(task->taskKey) + 1, m_clock.now(), command.reason, true);
    dispatchDueRetries(m_clock.now());
    return CommandResult::success(
        QStringLiteral("Retry of task %1 sent to its orchestrator.").arg(task->taskId));
}

CommandResult Orchestrator::kill(const OperatorCommand &command)
{
    TaskRecord *task = findTask(command.taskId);
    if (!task)
        return CommandResult::refused(QStringLiteral("No task %1.").arg(command.taskId));
    if (!isActive(task->state))
        return wrongState(*task, QStringLiteral("an active state"));
    const QString child = task->workerSessionKey;
    const bool workerRunning =
        !child.isEmpty() && sessionAlive(child) &&
        (task->state == TaskState::Running || task->state == TaskState::Leased ||
         m_workers.value(child).status == QLatin1String("running"));
    if (workerRunning) {
        m_actions.append(CancelWorker{child, task->gatewayTaskId, task->taskId,
                                      QStringLiteral("operator-kill")});
    }
    dropRetryFor(task->taskKey);
    m_respawnWatches.remove(task->taskKey);
    setTaskState(*task, TaskState::Dead, QStringLiteral("operator-killed"));
    emitStatusUpdate(task->orchestratorSessionKey, QStringLiteral("operator-killed"));
    return CommandResult::success(
        workerRunning
            ? QStringLiteral("Cancelling worker %1; task %2 is dead.").arg(child, task->taskId)
            : QStringLiteral("Task %1 is dead (no running worker).").arg(task->taskId));
}

CommandResult Orchestrator::markDead(const OperatorCommand &command, const QString &outcome)
{
    TaskRecord *task = findTask(command.taskId);
    if (!task)
        return CommandResult::refused(QStringLiteral("No task %1.").arg(command.taskId));
    if (task->state == TaskState::Dead)
        return CommandResult::refused(QStringLiteral("Task %1 is already dead.").arg(task->taskId));
    dropRetryFor(task->taskKey);
    m_respawnWatches.remove(task->taskKey);
    setTaskState(*task, TaskState::Dead, outcome);
    emitStatusUpdate(task->orchestratorSessionKey, outcome);
    return CommandResult::success(QStringLiteral("Task %1 is dead.").arg(task->taskId));
}

CommandResult Orchestrator::setPaused(const OperatorCommand &, bool paused)
{
    if (m_retriesPaused == paused)
        return CommandResult::refused(
            paused ? QStringLiteral("Automatic retries are already paused.")
                   : QStringLiteral("Automatic retries are already running."));
    m_retriesPaused = paused;
    return CommandResult::success(paused ? QStringLiteral("Automatic retries paused.")
                                         : QStringLiteral("Automatic retries resumed."));
}

void Orchestrator::noteActionOutcome(const QString &action, const QString &taskId, bool ok,
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
    record.action = commandName(command.kind);
    record.taskId = command.taskId;
    record.reason = command.reason;
    record.result = result.ok ? QStringLiteral("ok") : result.message;
    record.detail = command.text;
    m_changes.audits.append(record);
}

} // namespace clawops::core
