#pragma once

#include "ActionRules.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

class ActionDialog;
class PendingCommands;

// The operator's actions on tasks: one QAction each (toolbar, menus, context menus and
// shortcuts share them), enabled from the current selection's states, confirmed through
// ActionDialog where the action needs text, is destructive or touches several tasks, then sent
// to the engine without waiting. Each command shows as pending until the engine answers;
// answers become status messages, failures notices. Whether automatic retries are paused
// follows the engine's deltas.
class ActionController final : public QObject
{
    Q_OBJECT

public:
    ActionController(host::EngineApi &engine, PendingCommands &pending, QWidget *dialogParent,
                     QObject *parent = nullptr);

    QAction *action(TaskAction action) const { return m_actions.value(int(action)); }
    QAction *pauseRetriesAction() const { return m_pause; }
    QList<QAction *> taskActions() const;
    // Claim and Release Claim: annotations for the other consoles, kept apart from the actions
    // that change a task (they go where the Inbox is worked, not on the main toolbar).
    QList<QAction *> claimActions() const;
    void addToMenu(QMenu *menu) const;

    void setOperatorName(const QString &name);
    // Whose claims are this console's own; the host follows the machine (tests set another).
    void setConsoleHost(const QString &host);
    const ConsoleIdentity &identity() const { return m_me; }
    // Every claim, as the engine's deltas bring them; a test may set them directly.
    void setClaims(const QList<core::ClaimRecord> &claims);
    void setNowFunction(std::function<qint64()> now) { m_now = std::move(now); }
    void setConfirmDestructive(bool confirm) { m_confirmDestructive = confirm; }
    // Verify waits for every verification check of a task to be ticked (Settings).
    void setRequireAllChecks(bool require);
    // The detail panel's checklist of a task: how many of its items are not ticked.
    void setUncheckedItems(const QString &taskId, int unchecked);
    // Audits one tick or untick of a verification item; the answer comes as commandFinished.
    quint64 sendCheck(const QString &taskId, int index, const QString &text, bool ticked);
    void setSelection(const QList<TaskRef> &tasks);
    // Reads the selection afresh when an action fires, so that a shortcut pressed in the same
    // event-loop turn as a change acts on what is selected now, not on what was.
    void setSelectionProvider(std::function<QList<TaskRef>()> provider);
    const QList<TaskRef> &selection() const { return m_selection; }
    void setRetriesPaused(bool paused);

    // What the action would do to the current selection.
    ActionPlan planFor(TaskAction action) const;
    // Opens the confirmation when one is due, else runs at once.
    void trigger(TaskAction action);
    // Sends the commands of a confirmed plan. Returns their request ids.
    QList<quint64> run(const ActionPlan &plan, const QString &text, bool retry);

Q_SIGNALS:
    void statusMessage(const QString &text);
    void succeeded(const QString &text);
    void failed(const QString &text);
    // Commands for these tasks went to the engine (after any confirmation).
    void commandsSent(clawops::ui::TaskAction action, const QStringList &taskIds);
    // The engine answered the command this action sent for this task.
    void commandAnswered(clawops::ui::TaskAction action, const clawops::ui::TaskRef &task, bool ok,
                         const QString &text);
    // A confirmation dialog is open (tests and the end-to-end driver answer it).
    void dialogOpened(clawops::ui::ActionDialog *dialog);

private:
    struct Batch
    {
        TaskAction action = TaskAction::Verify;
        int remaining = 0;
        int succeeded = 0;
        QStringList failures;
    };

    void createActions();
    void updateEnabled();
    void togglePause();
    void onCommandFinished(quint64 requestId, const core::OperatorCommand &command,
                           const core::CommandResult &result);
    bool needsDialog(const ActionPlan &plan) const;

    host::EngineApi &m_engine;
    PendingCommands &m_pending;
    QPointer<QWidget> m_dialogParent;
    QHash<int, QAction *> m_actions;
    QAction *m_pause = nullptr;
    QList<TaskRef> m_selection;
    std::function<QList<TaskRef>()> m_provider;
    QString m_operator;
    ConsoleIdentity m_me;
    QHash<QString, core::ClaimRecord> m_claims;
    std::function<qint64()> m_now;
    bool m_confirmDestructive = true;
    bool m_requireAllChecks = true;
    QHash<QString, int> m_unchecked;
    QSet<quint64> m_checkRequests;
    bool m_retriesPaused = false;
    quint64 m_pauseRequest = 0;
    int m_nextBatch = 0;
    QHash<quint64, int> m_batchOf;
    QHash<quint64, TaskRef> m_taskOf;
    QHash<int, Batch> m_batches;
};

} // namespace clawops::ui
