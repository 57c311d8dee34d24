#include "TaskDetailPanel.h"

#include "LineageView.h"
#include "PolicyMarker.h"
#include "ReceiptView.h"
#include "VerificationChecklist.h"
#include "host/EngineApi.h"
#include "models/InboxModel.h"
#include "models/PendingCommands.h"
#include "present/Accent.h"
#include "present/EngineWords.h"
#include "present/SessionKeys.h"
#include "present/StateStyle.h"
#include "present/TimeFormat.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace clawops::ui {

namespace {

constexpr int kTranscriptLines = 60;

QTreeWidget *makeTree(QWidget *parent, const QString &name, const QStringList &headers)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    tree->setAlternatingRowColors(true);
    tree->setHeaderLabels(headers);
    tree->header()->setStretchLastSection(true);
    tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    return tree;
}

QString badgeStyle(core::TaskState state)
{
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: 8px; "
                          "padding: 1px 8px; font-weight: bold; }")
        .arg(StateStyle::color(state).name(), StateStyle::textColor(state).name());
}

QString timeText(qint64 ms)
{
    return ms > 0 ? TimeFormat::absolute(ms) : QString();
}

} // namespace

TaskDetailPanel::TaskDetailPanel(host::EngineApi &engine, PendingCommands &pending, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_pending(pending)
    , m_stack(new QStackedWidget(this))
    , m_idLabel(new QLabel(this))
    , m_stateLabel(new QLabel(this))
    , m_pendingLabel(new QLabel(this))
    , m_titleLabel(new QLabel(this))
    , m_graceLabel(new QLabel(this))
    , m_policyMarker(new PolicyMarker(this))
    , m_actions(new QToolBar(this))
    , m_tabs(new QTabWidget(this))
    , m_form(new QFormLayout)
    , m_taskText(new QPlainTextEdit(this))
    , m_receipt(new ReceiptView(this))
    , m_checklist(new VerificationChecklist(this))
    , m_transitions(makeTree(this, QStringLiteral("detail.transitions"),
                             {tr("When"), tr("From"), tr("To"), tr("Reason")}))
    , m_attempts(makeTree(this, QStringLiteral("detail.attempts"),
                          {tr("Task"), tr("State"), tr("Attempt"), tr("Outcome"), tr("Updated")}))
    , m_suppressed(new QLabel(this))
    , m_lineage(new LineageView(this))
    , m_transcript(new QPlainTextEdit(this))
    , m_transcriptStatus(new QLabel(this))
    , m_follow(new QCheckBox(tr("Follow"), this))
    , m_audits(makeTree(this, QStringLiteral("detail.audits"),
                        {tr("When"), tr("Operator"), tr("Action"), tr("Result"), tr("Note")}))
    , m_refresh(new QTimer(this))
    , m_transcriptTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("detailPanel"));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    auto *empty = new QLabel(tr("Select a task to see its spec, receipt, history and "
                                "transcript."),
                             this);
    empty->setObjectName(QStringLiteral("detail.empty"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false);

    auto *page = new QWidget(this);
    QLayout *headerRow = buildHeader(fixed);
    QWidget *overview = buildOverview(fixed);
    m_receipt->setObjectName(QStringLiteral("detail.receipt"));

    QWidget *history = buildHistory();
    QWidget *transcriptPage = buildTranscriptPage(fixed);

    m_tabs->setObjectName(QStringLiteral("detail.tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(overview, tr("Overview"));
    m_tabs->addTab(m_receipt, tr("Receipt"));
    m_tabs->addTab(history, tr("History"));
    auto *lineageScroll = new QScrollArea(this);
    lineageScroll->setObjectName(QStringLiteral("detail.lineageScroll"));
    lineageScroll->setWidgetResizable(true);
    lineageScroll->setFrameShape(QFrame::NoFrame);
    lineageScroll->setWidget(m_lineage);
    m_tabs->addTab(lineageScroll, tr("Lineage"));
    m_tabs->addTab(transcriptPage, tr("Transcript"));
    m_tabs->addTab(m_audits, tr("Operator actions"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (transcriptVisible())
            refreshTranscript();
        updateTranscriptTimer();
    });

    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(6, 6, 6, 6);
    pageLayout->addLayout(headerRow);
    pageLayout->addWidget(m_titleLabel);
    pageLayout->addWidget(m_policyMarker);
    pageLayout->addWidget(m_actions);
    pageLayout->addWidget(m_checklist);
    pageLayout->addWidget(m_tabs, 1);

    m_stack->addWidget(empty);
    m_stack->addWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    // A burst of deltas about this task becomes one detail request.
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(250);
    connect(m_refresh, &QTimer::timeout, this, &TaskDetailPanel::requestDetail);
    connect(m_transcriptTimer, &QTimer::timeout, this, &TaskDetailPanel::refreshTranscript);
    connect(&m_engine, &host::EngineApi::delta, this, &TaskDetailPanel::applyDelta);
    connect(&m_engine, &host::EngineApi::taskDetailReady, this, &TaskDetailPanel::onDetail);
    connect(&m_engine, &host::EngineApi::transcriptReady, this, &TaskDetailPanel::onTranscript);
    connect(&m_pending, &PendingCommands::changed, this, [this](const QString &taskId) {
        if (taskId == m_taskId)
            updatePending();
    });
    connectChecklist();
}

void TaskDetailPanel::connectChecklist()
{
    connect(m_checklist, &VerificationChecklist::toggled, this,
            [this](int index, const QString &text, bool ticked) {
                Q_EMIT checkToggled(m_taskId, index, text, ticked);
            });
    connect(m_checklist, &VerificationChecklist::uncheckedChanged, this, [this](int unchecked) {
        if (!m_taskId.isEmpty())
            Q_EMIT uncheckedItemsChanged(m_taskId, unchecked);
    });
    connect(
        &m_engine, &host::EngineApi::commandFinished, this,
        [this](quint64, const core::OperatorCommand &command, const core::CommandResult &result) {
            if (!result.ok && command.kind == core::OperatorCommand::Kind::CheckItem &&
                command.taskId == m_taskId)
                m_checklist->dropLocalTick(command.itemIndex);
        });
}

void TaskDetailPanel::setVerifyNeedsAllChecks(bool require)
{
    m_checklist->setVerifyNeedsAllChecks(require);
}

// The row of state, id, pending marker and grace countdown, and the title and actions under it.
QLayout *TaskDetailPanel::buildHeader(const QFont &fixed)
{
    m_idLabel->setObjectName(QStringLiteral("detail.taskId"));
    m_idLabel->setFont(fixed);
    m_idLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stateLabel->setObjectName(QStringLiteral("detail.state"));
    m_pendingLabel->setObjectName(QStringLiteral("detail.pending"));
    m_pendingLabel->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                                      .arg(accentColor(Accent::Info, palette()).name()));
    m_titleLabel->setObjectName(QStringLiteral("detail.title"));
    m_titleLabel->setWordWrap(true);
    m_titleLabel->setTextFormat(Qt::PlainText);
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);
    m_graceLabel->setObjectName(QStringLiteral("detail.grace"));
    m_actions->setObjectName(QStringLiteral("detail.actions"));
    m_actions->setIconSize(QSize(18, 18));
    m_actions->setToolButtonStyle(Qt::ToolButtonIconOnly);

    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_stateLabel);
    headerRow->addWidget(m_idLabel);
    headerRow->addWidget(m_pendingLabel);
    headerRow->addStretch(1);
    headerRow->addWidget(m_graceLabel);
    return headerRow;
}

// Overview: the spec as the orchestrator asked for it.
QWidget *TaskDetailPanel::buildOverview(const QFont &fixed)
{
    auto *overview = new QWidget(this);
    auto *overviewLayout = new QVBoxLayout(overview);
    m_form->setLabelAlignment(Qt::AlignRight);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QList<QPair<QString, QString>> fields = {
        {QStringLiteral("label"), tr("Label")},
        {QStringLiteral("kind"), tr("Kind")},
        {QStringLiteral("agent"), tr("Agent")},
        {QStringLiteral("model"), tr("Model")},
        {QStringLiteral("thinking"), tr("Thinking")},
        {QStringLiteral("attempt"), tr("Attempt")},
        {QStringLiteral("outcome"), tr("Last outcome")},
        {QStringLiteral("orchestrator"), tr("Orchestrator")},
        {QStringLiteral("requester"), tr("Requester")},
        {QStringLiteral("worker"), tr("Worker session")},
        {QStringLiteral("gatewayTask"), tr("Gateway task")},
        {QStringLiteral("created"), tr("Created")},
        {QStringLiteral("updated"), tr("Updated")},
        {QStringLiteral("nextRun"), tr("Next run")},
        {QStringLiteral("taskKey"), tr("Task key")},
    };
    for (const auto &[key, title] : fields) {
        auto *value = new QLabel(overview);
        value->setObjectName(QStringLiteral("detail.field.") + key);
        value->setTextFormat(Qt::PlainText);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        m_form->addRow(title, value);
        m_fields.insert(key, value);
    }
    m_fields.value(QStringLiteral("taskKey"))->setFont(fixed);
    overviewLayout->addLayout(m_form);
    overviewLayout->addWidget(new QLabel(tr("Task text (without the result contract):"), this));
    m_taskText->setObjectName(QStringLiteral("detail.taskText"));
    m_taskText->setReadOnly(true);
    overviewLayout->addWidget(m_taskText, 1);
    return overview;
}

QWidget *TaskDetailPanel::buildHistory()
{
    auto *history = new QSplitter(Qt::Vertical, this);
    auto *transitionsBox = new QWidget(history);
    auto *transitionsLayout = new QVBoxLayout(transitionsBox);
    transitionsLayout->setContentsMargins(0, 0, 0, 0);
    transitionsLayout->addWidget(new QLabel(tr("State changes"), transitionsBox));
    transitionsLayout->addWidget(m_transitions);
    auto *attemptsBox = new QWidget(history);
    auto *attemptsLayout = new QVBoxLayout(attemptsBox);
    attemptsLayout->setContentsMargins(0, 0, 0, 0);
    attemptsLayout->addWidget(new QLabel(tr("Attempts of the same work"), attemptsBox));
    attemptsLayout->addWidget(m_attempts);
    m_suppressed->setObjectName(QStringLiteral("detail.suppressed"));
    m_suppressed->setWordWrap(true);
    attemptsLayout->addWidget(m_suppressed);
    history->addWidget(transitionsBox);
    history->addWidget(attemptsBox);
    return history;
}

QWidget *TaskDetailPanel::buildTranscriptPage(const QFont &fixed)
{
    auto *transcriptPage = new QWidget(this);
    auto *transcriptLayout = new QVBoxLayout(transcriptPage);
    auto *transcriptBar = new QHBoxLayout;
    auto *refresh = new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Refresh"),
                                    transcriptPage);
    refresh->setObjectName(QStringLiteral("detail.transcriptRefresh"));
    m_follow->setObjectName(QStringLiteral("detail.transcriptFollow"));
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Refresh while the worker is active and keep the newest line in "
                            "view"));
    m_transcriptStatus->setObjectName(QStringLiteral("detail.transcriptStatus"));
    m_transcriptStatus->setTextFormat(Qt::PlainText);
    transcriptBar->addWidget(m_transcriptStatus, 1);
    transcriptBar->addWidget(m_follow);
    transcriptBar->addWidget(refresh);
    m_transcript->setObjectName(QStringLiteral("detail.transcript"));
    m_transcript->setReadOnly(true);
    m_transcript->setFont(fixed);
    m_transcript->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    transcriptLayout->addLayout(transcriptBar);
    transcriptLayout->addWidget(m_transcript, 1);
    connect(refresh, &QPushButton::clicked, this, &TaskDetailPanel::refreshTranscript);
    connect(m_follow, &QCheckBox::toggled, this, &TaskDetailPanel::updateTranscriptTimer);
    return transcriptPage;
}

void TaskDetailPanel::setActions(const QList<QAction *> &actions)
{
    m_actions->clear();
    m_actions->addActions(actions);
}

void TaskDetailPanel::setTranscriptRefreshMs(int ms)
{
    m_transcriptRefreshMs = ms;
    updateTranscriptTimer();
}

void TaskDetailPanel::showTask(const QString &taskId)
{
    if (taskId == m_taskId)
        return;
    m_taskId = taskId;
    m_detail = host::TaskDetail{};
    m_detail.task.taskId = core::TaskId(taskId);
    m_transcriptRequest = 0;
    m_transcript->clear();
    m_transcriptStatus->clear();
    if (taskId.isEmpty()) {
        m_stack->setCurrentIndex(0);
        m_detailRequest = 0;
        updateTranscriptTimer();
        return;
    }
    m_stack->setCurrentIndex(1);
    m_idLabel->setText(taskId);
    m_titleLabel->setText(tr("Loading…"));
    m_stateLabel->clear();
    m_stateLabel->setStyleSheet(QString());
    m_receipt->clearTask();
    m_policyMarker->clearTask();
    m_checklist->setDetail(m_detail);
    m_transitions->clear();
    m_attempts->clear();
    m_audits->clear();
    updatePending();
    requestDetail();
}

void TaskDetailPanel::requestDetail()
{
    if (!m_taskId.isEmpty())
        m_detailRequest = m_engine.requestTaskDetail(core::TaskId(m_taskId));
}

void TaskDetailPanel::onDetail(quint64 requestId, const host::TaskDetail &detail)
{
    if (requestId != m_detailRequest || requestId == 0)
        return;
    m_detailRequest = 0;
    if (!detail.found) {
        m_titleLabel->setText(tr("Task %1 is not in the store.").arg(m_taskId));
        return;
    }
    const bool workerChanged = detail.task.workerSessionKey != m_detail.task.workerSessionKey;
    m_detail = detail;
    renderTask();
    renderHistory();
    m_lineage->setSteps(LineageStep::of(m_detail));
    renderAudits();
    if (workerChanged && transcriptVisible())
        refreshTranscript();
    updateTranscriptTimer();
}

void TaskDetailPanel::applyDelta(const host::EngineDelta &delta)
{
    if (m_taskId.isEmpty())
        return;
    bool touched = false;
    for (const core::TaskRecord &task : delta.tasks) {
        if (task.taskId == m_taskId) {
            // Show the new state at once; attempts and audits follow with the detail.
            m_detail.task = task;
            m_detail.found = true;
            renderTask();
            touched = true;
        } else if (!m_detail.task.taskKey.isEmpty() && task.taskKey == m_detail.task.taskKey) {
            touched = true; // another attempt of the same work
        }
    }
    for (const core::TransitionRecord &transition : delta.transitions)
        touched = touched || transition.taskId == m_taskId;
    for (const core::AuditRecord &audit : delta.audits)
        touched = touched || audit.taskId == m_taskId;
    if (touched && !m_refresh->isActive())
        m_refresh->start();
}

void TaskDetailPanel::setPolicyModel(const PolicyViolationModel *model)
{
    m_policyMarker->setModel(model);
}

void TaskDetailPanel::renderTask()
{
    const core::TaskRecord &task = m_detail.task;
    m_policyMarker->showFor(task);
    m_idLabel->setText(task.taskId);
    m_stateLabel->setText(StateStyle::label(task.state));
    m_stateLabel->setStyleSheet(badgeStyle(task.state));
    m_stateLabel->setToolTip(StateStyle::description(task.state));
    const QString label = task.label.isEmpty() ? task.spec.label : task.label;
    m_titleLabel->setText(label.isEmpty() ? stripContractPacket(task.taskPreview) : label);
    const auto set = [this](const char *key, const QString &value, const QString &tip = {}) {
        QLabel *field = m_fields.value(QLatin1String(key));
        field->setText(value.isEmpty() ? QStringLiteral("—") : value);
        field->setToolTip(tip);
    };
    set("label", label);
    set("kind", task.spec.kind);
    set("agent", task.spec.agentId);
    set("model", task.spec.model);
    set("thinking", task.spec.thinking);
    set("attempt", tr("%1 of %2 allowed").arg(task.attempt).arg(task.maxRetries + 1));
    set("outcome", EngineWords::cause(task.lastOutcome));
    set("orchestrator", task.orchestratorSessionKey);
    set("requester", task.requesterSessionKey);
    set("worker", task.workerSessionKey);
    set("gatewayTask", task.gatewayTaskId);
    set("created", timeText(task.createdAt));
    set("updated", timeText(task.updatedAt));
    set("nextRun", task.nextRunAt ? timeText(*task.nextRunAt) : QString());
    set("taskKey", task.taskKey);
    const QString text = stripContractPacket(task.spec.task);
    if (m_taskText->toPlainText() != text)
        m_taskText->setPlainText(text.isEmpty() ? stripContractPacket(task.taskPreview) : text);
    m_receipt->setTask(task);
    m_checklist->setDetail(m_detail);
    tick(m_now > 0 ? m_now : QDateTime::currentMSecsSinceEpoch());
}

void TaskDetailPanel::renderHistory()
{
    m_transitions->clear();
    for (const core::TransitionRecord &t : std::as_const(m_detail.transitions)) {
        auto *item = new QTreeWidgetItem(m_transitions,
                                         {TimeFormat::absolute(t.at),
                                          t.from ? StateStyle::label(*t.from) : tr("(created)"),
                                          StateStyle::label(t.to), EngineWords::cause(t.cause)});
        item->setForeground(2, StateStyle::color(t.to));
    }
    m_transitions->resizeColumnToContents(0);
    m_transitions->scrollToBottom();

    m_attempts->clear();
    for (const core::TaskRecord &a : std::as_const(m_detail.attempts)) {
        auto *item = new QTreeWidgetItem(
            m_attempts, {a.taskId, StateStyle::label(a.state), QString::number(a.attempt),
                         EngineWords::cause(a.lastOutcome), TimeFormat::absolute(a.updatedAt)});
        if (a.taskId == m_taskId) {
            QFont bold = item->font(0);
            bold.setBold(true);
            for (int c = 0; c < m_attempts->columnCount(); ++c)
                item->setFont(c, bold);
        }
    }
    m_attempts->resizeColumnToContents(0);
    const int suppressed = int(m_detail.suppressed.size());
    m_suppressed->setVisible(suppressed > 0);
    m_suppressed->setText(tr("%n duplicate spawn(s) of this work were suppressed; the last "
                             "came from %1.",
                             nullptr, suppressed)
                              .arg(suppressed > 0
                                       ? m_detail.suppressed.constLast().orchestratorSessionKey
                                       : QString()));
}

void TaskDetailPanel::renderAudits()
{
    m_audits->clear();
    for (const core::AuditRecord &a : std::as_const(m_detail.audits)) {
        QString note = a.reason;
        // A tick and an untick share the action; the typed mark says which it was.
        const QString detail = !a.check          ? a.detail
                               : a.check->ticked ? tr("ticked: %1").arg(a.detail)
                                                 : tr("unticked: %1").arg(a.detail);
        if (!detail.isEmpty() && detail != a.reason)
            note = note.isEmpty() ? detail : note + QStringLiteral(" — ") + detail;
        auto *item = new QTreeWidgetItem(
            m_audits,
            {TimeFormat::absolute(a.at),
             a.consoleHost.isEmpty()
                 ? a.operatorName
                 : tr("%1 @ %2", "operator @ console host").arg(a.operatorName, a.consoleHost),
             a.action, a.result, note});
        if (a.result != QLatin1String("ok"))
            item->setForeground(3, accentColor(Accent::Error, palette()));
    }
    m_audits->resizeColumnToContents(0);
}

void TaskDetailPanel::updatePending()
{
    const QString pending = m_pending.describe(m_taskId);
    m_pendingLabel->setText(pending.isEmpty() ? QString() : QStringLiteral("\u231B ") + pending);
    m_pendingLabel->setVisible(!pending.isEmpty());
}

void TaskDetailPanel::tick(qint64 nowMs)
{
    m_now = nowMs;
    const core::TaskRecord &task = m_detail.task;
    if (m_taskId.isEmpty() || task.state != core::TaskState::NeedsVerification ||
        task.updatedAt <= 0) {
        m_graceLabel->clear();
        return;
    }
    TaskRow row = TaskRow::fromRecord(task);
    m_graceLabel->setText(tr("Grace window: %1").arg(InboxModel::graceText(row, m_grace, nowMs)));
}

bool TaskDetailPanel::transcriptVisible() const
{
    return isVisible() && m_tabs->currentWidget() == m_transcript->parentWidget();
}

void TaskDetailPanel::refreshTranscript()
{
    const core::SessionKey session = m_detail.task.workerSessionKey;
    if (session.isEmpty()) {
        m_transcriptStatus->setText(m_detail.found ? tr("No worker session for this attempt.")
                                                   : QString());
        return;
    }
    if (m_transcriptRequest != 0)
        return; // one in flight is enough
    m_transcriptRequest = m_engine.requestTranscript(session, kTranscriptLines);
    m_transcriptStatus->setText(tr("Reading %1…").arg(shortSessionKey(session)));
}

void TaskDetailPanel::onTranscript(quint64 requestId, const host::Transcript &transcript)
{
    if (requestId != m_transcriptRequest || requestId == 0)
        return;
    m_transcriptRequest = 0;
    if (!transcript.error.isEmpty()) {
        m_transcriptStatus->setText(tr("Transcript unavailable: %1").arg(transcript.error));
        return;
    }
    QStringList lines;
    for (const host::TranscriptLine &line : transcript.lines) {
        const QString when =
            line.atMs > 0
                ? QDateTime::fromMSecsSinceEpoch(line.atMs).toString(QStringLiteral("HH:mm:ss"))
                : QString();
        lines.append(QStringLiteral("[%1] %2: %3").arg(when, line.role, line.text));
    }
    QScrollBar *bar = m_transcript->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    const int keep = bar->value();
    m_transcript->setPlainText(lines.join(QLatin1Char('\n')));
    if (atEnd || m_follow->isChecked())
        bar->setValue(bar->maximum());
    else
        bar->setValue(keep);
    m_transcriptStatus->setText(
        tr("%n line(s) from %1, read %2", nullptr, int(lines.size()))
            .arg(shortSessionKey(transcript.sessionKey),
                 QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))));
}

void TaskDetailPanel::updateTranscriptTimer()
{
    const bool active =
        core::isActive(m_detail.task.state) && !m_detail.task.workerSessionKey.isEmpty();
    const bool want =
        m_transcriptRefreshMs > 0 && m_follow->isChecked() && active && transcriptVisible();
    if (want) {
        if (m_transcriptTimer->interval() != m_transcriptRefreshMs ||
            !m_transcriptTimer->isActive())
            m_transcriptTimer->start(m_transcriptRefreshMs);
    } else {
        m_transcriptTimer->stop();
    }
}

} // namespace clawops::ui
