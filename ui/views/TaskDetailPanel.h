#pragma once

#include "host/HostTypes.h"
#include "models/GraceClock.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QFont;
class QFormLayout;
class QLabel;
class QLayout;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QToolBar;
class QTreeWidget;

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

class LineageView;
class PendingCommands;
class PolicyMarker;
class PolicyViolationModel;
class ReceiptView;
class VerificationChecklist;

// Everything about one task: its spec (without the result-contract packet), its receipt, its
// attempts and transitions, its lineage (front session to orchestrator to attempts), the tail of
// the worker's transcript and the operator actions taken on it. Asks the engine for the detail when
// a task is chosen and again (coalesced) when a delta touches it; the transcript only while its tab
// is shown.
class TaskDetailPanel final : public QWidget
{
    Q_OBJECT

public:
    TaskDetailPanel(host::EngineApi &engine, PendingCommands &pending, QWidget *parent = nullptr);

    void showTask(const QString &taskId);
    QString taskId() const { return m_taskId; }
    const host::TaskDetail &detail() const { return m_detail; }
    void setActions(const QList<QAction *> &actions);
    void setTranscriptRefreshMs(int ms);
    void setGraceClock(const GraceClock &clock) { m_grace = clock; }
    void tick(qint64 nowMs);
    void refreshTranscript();
    void setVerifyNeedsAllChecks(bool require);
    // The Policy tab's model, for the marker of violations by the task's sessions.
    void setPolicyModel(const PolicyViolationModel *model);

Q_SIGNALS:
    // The operator ticked or unticked one of the receipt's verification items.
    void checkToggled(const QString &taskId, int index, const QString &text, bool ticked);
    // How many of the shown task's verification items are not ticked (0 when none are shown).
    void uncheckedItemsChanged(const QString &taskId, int unchecked);

private:
    QLayout *buildHeader(const QFont &fixed);
    void connectChecklist();
    QWidget *buildOverview(const QFont &fixed);
    QWidget *buildHistory();
    QWidget *buildTranscriptPage(const QFont &fixed);
    void applyDelta(const host::EngineDelta &delta);
    void requestDetail();
    void onDetail(quint64 requestId, const host::TaskDetail &detail);
    void onTranscript(quint64 requestId, const host::Transcript &transcript);
    void renderTask();
    void renderHistory();
    void renderAudits();
    void updatePending();
    void updateTranscriptTimer();
    bool transcriptVisible() const;

    host::EngineApi &m_engine;
    PendingCommands &m_pending;
    QString m_taskId;
    host::TaskDetail m_detail;
    quint64 m_detailRequest = 0;
    quint64 m_transcriptRequest = 0;
    GraceClock m_grace;
    qint64 m_now = 0;
    int m_transcriptRefreshMs = 5000;

    QStackedWidget *m_stack;
    QLabel *m_idLabel;
    QLabel *m_stateLabel;
    QLabel *m_pendingLabel;
    QLabel *m_titleLabel;
    QLabel *m_graceLabel;
    PolicyMarker *m_policyMarker;
    QToolBar *m_actions;
    QTabWidget *m_tabs;
    QFormLayout *m_form;
    QHash<QString, QLabel *> m_fields;
    QPlainTextEdit *m_taskText;
    ReceiptView *m_receipt;
    VerificationChecklist *m_checklist;
    QTreeWidget *m_transitions;
    QTreeWidget *m_attempts;
    QLabel *m_suppressed;
    LineageView *m_lineage;
    QPlainTextEdit *m_transcript;
    QLabel *m_transcriptStatus;
    QCheckBox *m_follow;
    QTreeWidget *m_audits;
    QTimer *m_refresh;
    QTimer *m_transcriptTimer;
};

} // namespace clawops::ui
