#include "ActionController.h"

#include "ActionDialog.h"
#include "UiLogging.h"
#include "host/EngineApi.h"
#include "models/PendingCommands.h"
#include "present/EngineWords.h"

#include <QAction>
#include <QDateTime>
#include <QIcon>
#include <QKeySequence>
#include <QMenu>

namespace clawops::ui {

namespace {

struct ActionSpec
{
    TaskAction action;
    const char *objectName;
    const char *icon;
    QKeySequence shortcut;
    bool claim = false;
};

// Single keys for the frequent triage moves (an edit field keeps its own keystrokes), modified
// keys for the destructive ones so that they cannot be hit by accident.
const QList<ActionSpec> &specs()
{
    static const QList<ActionSpec> list = {
        {TaskAction::Verify, "action.verify", ":/icons/verify.svg", QKeySequence(Qt::Key_V)},
        {TaskAction::VerifyWithNote, "action.verifyWithNote", ":/icons/note.svg",
         QKeySequence(Qt::SHIFT | Qt::Key_V)},
        {TaskAction::Reject, "action.reject", ":/icons/reject.svg", QKeySequence(Qt::Key_R)},
        {TaskAction::Answer, "action.answer", ":/icons/answer.svg", QKeySequence(Qt::Key_A)},
        {TaskAction::ForceRetry, "action.forceRetry", ":/icons/retry.svg",
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
        {TaskAction::Kill, "action.kill", ":/icons/kill.svg",
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K)},
        {TaskAction::MarkDead, "action.markDead", ":/icons/dead.svg",
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)},
        {TaskAction::CancelRetry, "action.cancelRetry", ":/icons/cancel-retry.svg",
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
        {TaskAction::Claim, "action.claim", "", QKeySequence(Qt::Key_C), true},
        {TaskAction::ReleaseClaim, "action.releaseClaim", "", QKeySequence(Qt::SHIFT | Qt::Key_C),
         true},
    };
    return list;
}

} // namespace

ActionController::ActionController(host::EngineApi &engine, PendingCommands &pending,
                                   QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_pending(pending)
    , m_dialogParent(dialogParent)
    , m_me(ConsoleIdentity::local(QString()))
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    createActions();
    connect(&m_engine, &host::EngineApi::commandFinished, this,
            &ActionController::onCommandFinished);
    connect(&m_engine, &host::EngineApi::delta, this, [this](const host::EngineDelta &delta) {
        setRetriesPaused(delta.retriesPaused);
        if (delta.claims)
            setClaims(*delta.claims);
    });
    connect(&m_pending, &PendingCommands::changed, this, [this](const QString &taskId) {
        for (TaskRef &task : m_selection) {
            if (task.taskId == taskId)
                task.pending = m_pending.isPending(taskId);
        }
        updateEnabled();
    });
    updateEnabled();
}

void ActionController::createActions()
{
    for (const ActionSpec &spec : specs()) {
        auto *action = new QAction(ActionRules::title(spec.action), this);
        if (*spec.icon)
            action->setIcon(QIcon(QString::fromLatin1(spec.icon)));
        action->setObjectName(QString::fromLatin1(spec.objectName));
        action->setShortcut(spec.shortcut);
        action->setStatusTip(ActionRules::explanation(spec.action));
        const TaskAction which = spec.action;
        connect(action, &QAction::triggered, this, [this, which] { trigger(which); });
        m_actions.insert(int(spec.action), action);
    }
    m_pause = new QAction(QIcon(QStringLiteral(":/icons/pause.svg")), tr("Pause Automatic Retries"),
                          this);
    m_pause->setObjectName(QStringLiteral("action.pauseRetries"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pause->setStatusTip(tr("Stop or resume dispatching queued retries; retries you force "
                             "still go out."));
    connect(m_pause, &QAction::triggered, this, &ActionController::togglePause);
}

QList<QAction *> ActionController::taskActions() const
{
    QList<QAction *> list;
    for (const ActionSpec &spec : specs()) {
        if (!spec.claim)
            list.append(m_actions.value(int(spec.action)));
    }
    return list;
}

QList<QAction *> ActionController::claimActions() const
{
    return {m_actions.value(int(TaskAction::Claim)),
            m_actions.value(int(TaskAction::ReleaseClaim))};
}

void ActionController::addToMenu(QMenu *menu) const
{
    for (QAction *action : taskActions()) {
        menu->addAction(action);
        if (action == m_actions.value(int(TaskAction::Answer)))
            menu->addSeparator(); // triage above, lifecycle below
    }
    menu->addSeparator();
    menu->addActions(claimActions());
}

void ActionController::setOperatorName(const QString &name)
{
    m_operator = name;
    m_me.operatorName = name;
    updateEnabled();
}

void ActionController::setConsoleHost(const QString &host)
{
    m_me.host = host;
    updateEnabled();
}

void ActionController::setClaims(const QList<core::ClaimRecord> &claims)
{
    m_claims.clear();
    for (const core::ClaimRecord &claim : claims)
        m_claims.insert(claim.taskId.str(), claim);
    updateEnabled();
}

void ActionController::setSelection(const QList<TaskRef> &tasks)
{
    m_selection = tasks;
    updateEnabled();
}

void ActionController::setSelectionProvider(std::function<QList<TaskRef>()> provider)
{
    m_provider = std::move(provider);
}

ActionPlan ActionController::planFor(TaskAction action) const
{
    QList<TaskRef> tasks = m_selection;
    for (TaskRef &task : tasks) {
        task.uncheckedItems = m_unchecked.value(task.taskId, -1);
        const auto claim = m_claims.constFind(task.taskId);
        task.claim = claim == m_claims.constEnd() ? std::nullopt : std::optional(*claim);
    }
    return ActionRules::plan(action, tasks, m_requireAllChecks, m_me);
}

void ActionController::setRequireAllChecks(bool require)
{
    m_requireAllChecks = require;
    updateEnabled();
}

void ActionController::setUncheckedItems(const QString &taskId, int unchecked)
{
    if (m_unchecked.contains(taskId) && m_unchecked.value(taskId) == unchecked)
        return;
    m_unchecked.insert(taskId, unchecked);
    updateEnabled();
}

quint64 ActionController::sendCheck(const QString &taskId, int index, const QString &text,
                                    bool ticked)
{
    core::OperatorCommand command;
    command.kind = core::OperatorCommand::Kind::CheckItem;
    command.taskId = core::TaskId(taskId);
    command.operatorName = m_operator;
    command.itemIndex = index;
    command.text = text;
    command.ticked = ticked;
    // Pending like any command: Verify stays off until the engine has the tick in its log.
    const quint64 id = m_engine.sendCommand(command);
    m_pending.add(id, command);
    m_checkRequests.insert(id);
    qCInfo(lcUiActions).noquote() << "sent" << core::commandName(command.kind) << taskId << index
                                  << (ticked ? "ticked" : "unticked") << "as" << id;
    return id;
}

void ActionController::updateEnabled()
{
    for (const ActionSpec &spec : specs()) {
        QAction *action = m_actions.value(int(spec.action));
        const ActionPlan plan = planFor(spec.action);
        const int count = int(plan.eligible.size());
        action->setEnabled(count > 0);
        const QString title = ActionRules::title(spec.action);
        action->setText(count > 1 ? tr("%1 (%2)").arg(title).arg(count) : title);
        QString tip = ActionRules::explanation(spec.action);
        if (m_selection.isEmpty())
            tip += QLatin1Char('\n') + tr("Select a task first.");
        else if (count == 0 && !plan.skipped.isEmpty())
            tip += QLatin1Char('\n') + tr("Not now: %1").arg(plan.skipped.constFirst().reason);
        else if (!plan.skipped.isEmpty())
            tip += QLatin1Char('\n') +
                   tr("%n selected task(s) will be skipped.", nullptr, int(plan.skipped.size()));
        action->setToolTip(tip + QStringLiteral(" (%1)").arg(
                                     action->shortcut().toString(QKeySequence::NativeText)));
    }
}

bool ActionController::needsDialog(const ActionPlan &plan) const
{
    const TaskAction action = plan.action;
    if (int(plan.eligible.size() + plan.skipped.size()) > 1)
        return true; // bulk: always show exactly what will be touched
    if (ActionRules::needsText(action) || action == TaskAction::VerifyWithNote ||
        action == TaskAction::Reject)
        return true;
    return ActionRules::isDestructive(action) && m_confirmDestructive;
}

void ActionController::trigger(TaskAction action)
{
    if (m_provider)
        setSelection(m_provider());
    const ActionPlan plan = planFor(action);
    if (plan.isEmpty()) {
        Q_EMIT statusMessage(
            plan.skipped.isEmpty()
                ? tr("%1: select a task first.").arg(ActionRules::title(action))
                : tr("%1: not possible now (%2).")
                      .arg(ActionRules::title(action), plan.skipped.constFirst().reason));
        return;
    }
    // Someone else's claim asks first, even where the action itself would not.
    const QString claimQuestion = ActionRules::claimQuestion(plan, m_me, m_now());
    if (claimQuestion.isEmpty() && !needsDialog(plan)) {
        run(plan, QString(), false);
        return;
    }
    auto *dialog = new ActionDialog(plan, m_dialogParent);
    if (!claimQuestion.isEmpty())
        dialog->setClaimQuestion(claimQuestion);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { run(dialog->plan(), dialog->text(), dialog->retry()); });
    // open(), not exec(): no nested event loop; the engine's answers keep flowing meanwhile.
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

QList<quint64> ActionController::run(const ActionPlan &plan, const QString &text, bool retry)
{
    QList<quint64> ids;
    if (plan.eligible.isEmpty())
        return ids;
    const int batchId = ++m_nextBatch;
    Batch batch;
    batch.action = plan.action;
    for (const TaskRef &task : plan.eligible) {
        core::OperatorCommand command;
        command.kind = ActionRules::commandKind(plan.action);
        command.taskId = core::TaskId(task.taskId);
        command.operatorName = m_operator;
        switch (plan.action) {
        case TaskAction::Answer:
            command.text = text;
            break;
        case TaskAction::Reject:
            command.retry = retry;
            command.text = text;
            command.reason = text;
            break;
        default:
            command.reason = text;
            break;
        }
        const quint64 id = m_engine.sendCommand(command);
        m_pending.add(id, command);
        m_batchOf.insert(id, batchId);
        m_taskOf.insert(id, task);
        ++batch.remaining;
        ids.append(id);
        qCInfo(lcUiActions).noquote()
            << "sent" << core::commandName(command.kind) << command.taskId << "as" << id;
    }
    m_batches.insert(batchId, batch);
    QStringList taskIds;
    for (const TaskRef &task : plan.eligible)
        taskIds.append(task.taskId);
    Q_EMIT commandsSent(plan.action, taskIds);
    Q_EMIT statusMessage(
        tr("%1: %n command(s) sent, waiting for the engine…", nullptr, int(ids.size()))
            .arg(ActionRules::title(plan.action)));
    return ids;
}

void ActionController::setRetriesPaused(bool paused)
{
    m_retriesPaused = paused;
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume Automatic Retries") : tr("Pause Automatic Retries"));
    m_pause->setIcon(
        QIcon(paused ? QStringLiteral(":/icons/resume.svg") : QStringLiteral(":/icons/pause.svg")));
}

void ActionController::togglePause()
{
    // The check state follows the engine, not the click.
    m_pause->setChecked(m_retriesPaused);
    if (m_pauseRequest != 0)
        return;
    core::OperatorCommand command;
    command.kind = m_retriesPaused ? core::OperatorCommand::Kind::ResumeRetries
                                   : core::OperatorCommand::Kind::PauseRetries;
    command.operatorName = m_operator;
    m_pauseRequest = m_engine.sendCommand(command);
    m_pending.add(m_pauseRequest, command);
    m_pause->setEnabled(false);
    Q_EMIT statusMessage(m_retriesPaused ? tr("Resuming automatic retries…")
                                         : tr("Pausing automatic retries…"));
}

void ActionController::onCommandFinished(quint64 requestId, const core::OperatorCommand &command,
                                         const core::CommandResult &result)
{
    if (!m_pending.finish(requestId))
        return; // not one of ours
    if (m_checkRequests.remove(requestId)) {
        if (!result.ok)
            Q_EMIT failed(EngineWords::commandResult(result));
        return;
    }
    if (requestId == m_pauseRequest) {
        m_pauseRequest = 0;
        m_pause->setEnabled(true);
        if (result.ok)
            setRetriesPaused(command.kind == core::OperatorCommand::Kind::PauseRetries);
        if (result.ok)
            Q_EMIT statusMessage(EngineWords::commandResult(result));
        else
            Q_EMIT failed(EngineWords::commandResult(result));
        return;
    }
    const int batchId = m_batchOf.take(requestId);
    const TaskRef task = m_taskOf.take(requestId);
    auto it = m_batches.find(batchId);
    if (it == m_batches.end())
        return;
    // Emitted before holding on to the batch: a receiver may send new commands.
    Q_EMIT commandAnswered(it->action, task, result.ok, EngineWords::commandResult(result));
    it = m_batches.find(batchId);
    if (it == m_batches.end())
        return;
    Batch &batch = it.value();
    --batch.remaining;
    const QString title = ActionRules::title(batch.action);
    if (result.ok) {
        ++batch.succeeded;
    } else {
        batch.failures.append(
            tr("%1: %2").arg(command.taskId.str(), EngineWords::commandResult(result)));
        qCWarning(lcUiActions).noquote() << core::commandName(command.kind) << command.taskId
                                         << "refused:" << result.auditText();
    }
    if (batch.remaining > 0)
        return;
    const int total = batch.succeeded + int(batch.failures.size());
    if (total == 1) {
        if (result.ok)
            Q_EMIT succeeded(EngineWords::commandResult(result));
        else
            Q_EMIT failed(tr("%1 failed: %2").arg(title, EngineWords::commandResult(result)));
    } else if (batch.failures.isEmpty()) {
        Q_EMIT succeeded(tr("%1: all %2 tasks done.").arg(title).arg(total));
    } else {
        Q_EMIT failed(tr("%1: %2 of %3 done; refused: %4")
                          .arg(title)
                          .arg(batch.succeeded)
                          .arg(total)
                          .arg(batch.failures.join(QStringLiteral("; "))));
    }
    m_batches.erase(it);
}

} // namespace clawops::ui
