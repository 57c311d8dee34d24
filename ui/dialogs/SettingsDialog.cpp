#include "SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <climits>

namespace clawops::ui {

namespace {

const QStringList kOutcomes = {QStringLiteral("error"), QStringLiteral("timeout"),
                               QStringLiteral("killed"), QStringLiteral("reset"),
                               QStringLiteral("deleted")};

QLabel *hint(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QSpinBox *spin(QWidget *parent, int minimum, int maximum, const QString &suffix)
{
    auto *box = new QSpinBox(parent);
    box->setRange(minimum, maximum);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    box->setAccelerated(true);
    return box;
}

} // namespace

SettingsDialog::SettingsDialog(const core::EngineConfig &config, const UiSettings &ui,
                               QWidget *parent)
    : QDialog(parent)
    , m_initialConfig(config)
    , m_initialUi(ui)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("settings.tabs"));
    tabs->addTab(buildEnginePage(), tr("Engine"));
    tabs->addTab(buildConsolePage(), tr("Console"));

    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply |
                                 QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults,
                             this);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("settings.ok"));
    buttons->button(QDialogButtonBox::Apply)->setObjectName(QStringLiteral("settings.apply"));
    buttons->button(QDialogButtonBox::RestoreDefaults)
        ->setToolTip(tr("Put every engine setting back to the plugin's default"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { loadEngine(core::EngineConfig{}); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
    loadEngine(config);
    resize(680, 720);
}

QWidget *SettingsDialog::buildEnginePage()
{
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    m_enginePage = new QWidget(scroll);
    auto *layout = new QVBoxLayout(m_enginePage);
    buildRetryGroup(addGroup(layout, tr("Retries")));
    buildSchedulerGroup(addGroup(layout, tr("Scheduler")));
    buildVerificationGroup(addGroup(layout, tr("Verification")));
    buildRoutingGroup(addGroup(layout, tr("Routing")));
    buildStatusGroup(addGroup(layout, tr("Status messages")));
    buildStoreGroup(addGroup(layout, tr("Store")));

    m_warnings = new QLabel(m_enginePage);
    m_warnings->setObjectName(QStringLiteral("settings.warnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::PlainText);
    m_warnings->setStyleSheet(QStringLiteral("color: #b35600;"));
    layout->addWidget(m_warnings);
    layout->addStretch(1);
    scroll->setWidget(m_enginePage);
    return scroll;
}

QFormLayout *SettingsDialog::addGroup(QVBoxLayout *page, const QString &title)
{
    auto *box = new QGroupBox(title, m_enginePage);
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    page->addWidget(box);
    return form;
}

void SettingsDialog::addBool(QFormLayout *form, const QString &key, const QString &title,
                             const QString &help)
{
    auto *box = new QCheckBox(title, m_enginePage);
    box->setObjectName(QStringLiteral("settings.") + key);
    form->addRow(box);
    form->addRow(hint(help, m_enginePage));
    m_bools.insert(key, box);
    connect(box, &QCheckBox::toggled, this, &SettingsDialog::validate);
}

void SettingsDialog::addInt(QFormLayout *form, const QString &key, const QString &title,
                            const QString &suffix, int fallback, const QString &help)
{
    QSpinBox *box = spin(m_enginePage, 1, INT_MAX, suffix);
    box->setObjectName(QStringLiteral("settings.") + key);
    form->addRow(title, box);
    form->addRow(QString(),
                 hint(help + QLatin1Char(' ') + tr("Default %1.").arg(fallback), m_enginePage));
    m_ints.insert(key, box);
    connect(box, &QSpinBox::valueChanged, this, &SettingsDialog::validate);
}

void SettingsDialog::addString(QFormLayout *form, const QString &key, const QString &title,
                               const QString &help)
{
    auto *edit = new QLineEdit(m_enginePage);
    edit->setObjectName(QStringLiteral("settings.") + key);
    form->addRow(title, edit);
    form->addRow(QString(), hint(help, m_enginePage));
    m_strings.insert(key, edit);
    connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
}

void SettingsDialog::buildRetryGroup(QFormLayout *retries)
{
    const core::EngineConfig defaults;
    addBool(retries, QStringLiteral("autoRetryFailedSubagents"),
            tr("Retry failed workers automatically"),
            tr("When a worker ends with one of the outcomes below, ask its orchestrator to "
               "respawn it after a backoff. Off by default, as in the plugin."));
    addInt(retries, QStringLiteral("maxRetriesPerTask"), tr("Retries per task"), QString(),
           defaults.maxRetriesPerTask,
           tr("Automatic retries of the same work before it is marked dead."));
    addInt(retries, QStringLiteral("retryBaseBackoffMs"), tr("Base backoff"), tr(" ms"),
           defaults.retryBaseBackoffMs,
           tr("Delay before the first retry; it doubles with each attempt, plus jitter."));
    addInt(retries, QStringLiteral("retryMaxBackoffMs"), tr("Maximum backoff"), tr(" ms"),
           defaults.retryMaxBackoffMs, tr("No retry waits longer than this."));
    auto *outcomes = new QWidget(m_enginePage);
    auto *outcomesRow = new QHBoxLayout(outcomes);
    outcomesRow->setContentsMargins(0, 0, 0, 0);
    for (const QString &outcome : kOutcomes) {
        auto *box = new QCheckBox(outcome, outcomes);
        box->setObjectName(QStringLiteral("settings.retryOutcomes.") + outcome);
        outcomesRow->addWidget(box);
        m_outcomes.insert(outcome, box);
        connect(box, &QCheckBox::toggled, this, &SettingsDialog::validate);
    }
    outcomesRow->addStretch(1);
    retries->addRow(tr("Retry on"), outcomes);
    retries->addRow(QString(), hint(tr("Worker outcomes that trigger a retry. Default: error, "
                                       "timeout."),
                                    m_enginePage));
    m_delivery = new QComboBox(m_enginePage);
    m_delivery->setObjectName(QStringLiteral("settings.retryDelivery"));
    m_delivery->addItem(tr("Message to the orchestrator session"), QStringLiteral("message"));
    m_delivery->addItem(tr("Wake (heartbeat system event)"), QStringLiteral("wake"));
    retries->addRow(tr("Deliver retries as"), m_delivery);
    retries->addRow(QString(), hint(tr("A message works on every gateway; wake hands the text to "
                                       "the model as data in a heartbeat turn."),
                                    m_enginePage));
    connect(m_delivery, &QComboBox::currentIndexChanged, this, &SettingsDialog::validate);
    addInt(retries, QStringLiteral("respawnWindowMs"), tr("Respawn window"), tr(" ms"),
           defaults.respawnWindowMs,
           tr("After delivering a retry, how long to wait for the orchestrator to respawn the "
              "worker before the task needs input."));
}

void SettingsDialog::buildSchedulerGroup(QFormLayout *scheduler)
{
    const core::EngineConfig defaults;
    addInt(scheduler, QStringLiteral("schedulerTickMs"), tr("Tick"), tr(" ms"),
           defaults.schedulerTickMs, tr("How often due retries are dispatched."));
    addInt(scheduler, QStringLiteral("schedulerMaxConcurrentWorkers"), tr("Retries per tick"),
           QString(), defaults.schedulerMaxConcurrentWorkers,
           tr("At most this many retries are dispatched in one tick."));
}

void SettingsDialog::buildVerificationGroup(QFormLayout *verification)
{
    addInt(verification, QStringLiteral("verificationGraceMs"), tr("Grace window"), tr(" ms"),
           core::EngineConfig{}.verificationGraceMs,
           tr("How long a task waits in needs verification before the engine decides: done when "
              "its receipt lists verification (or says there is none), else needs input."));
}

void SettingsDialog::buildRoutingGroup(QFormLayout *routing)
{
    addBool(routing, QStringLiteral("injectOrchestratorPrompt"),
            tr("Inject the orchestrator prompt"),
            tr("Kept for compatibility with plugin configs; an outside engine cannot change "
               "prompts."));
    addBool(routing, QStringLiteral("enforceMainDelegation"), tr("Enforce main delegation"),
            tr("Kept for compatibility: a client can observe tool calls but cannot veto them."));
    addBool(routing, QStringLiteral("tellSpawnerOfDuplicates"),
            tr("Tell the spawner why its duplicate was cancelled"),
            tr("Sends the session that spawned a duplicate worker the plugin's block reason, so "
               "that it polls the active task instead of spawning it again."));
    routing->addRow(tr("Main session tools"), buildMainToolBoxes());
    routing->addRow(QString(), hint(tr("The defaults are always allowed; only routing tools can "
                                       "be added. The orchestrator's tools are the full routing "
                                       "set."),
                                    m_enginePage));
    addString(routing, QStringLiteral("orchestratorLabelPrefix"), tr("Orchestrator label prefix"),
              tr("Spawns whose label starts with this are orchestrators. Letters, digits, dot, "
                 "dash and underscore."));
}

QWidget *SettingsDialog::buildMainToolBoxes()
{
    auto *tools = new QWidget(m_enginePage);
    auto *toolsGrid = new QVBoxLayout(tools);
    toolsGrid->setContentsMargins(0, 0, 0, 0);
    const QStringList mainDefaults = core::defaultAllowedMainTools();
    auto *toolRow = new QHBoxLayout;
    int inRow = 0;
    for (const QString &tool : core::strictRouterTools()) {
        auto *box = new QCheckBox(tool, tools);
        box->setObjectName(QStringLiteral("settings.allowedMainTools.") + tool);
        if (mainDefaults.contains(tool)) {
            box->setChecked(true);
            box->setEnabled(false); // the plugin always keeps its defaults
        }
        m_mainTools.insert(tool, box);
        toolRow->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &SettingsDialog::validate);
        if (++inRow == 3) {
            toolsGrid->addLayout(toolRow);
            toolRow = new QHBoxLayout;
            inRow = 0;
        }
    }
    toolsGrid->addLayout(toolRow);
    return tools;
}

void SettingsDialog::buildStatusGroup(QFormLayout *status)
{
    addBool(status, QStringLiteral("statusEnabled"), tr("Post status blocks"),
            tr("Post an <orchestrator-status> block to the status channel on changes."));
    addString(status, QStringLiteral("statusChannel"), tr("Status channel"),
              tr("Where status blocks go, e.g. #friday-status."));
    addString(status, QStringLiteral("statusStickyEmoji"), tr("Sticky emoji"),
              tr("Marks the status message."));
    addBool(status, QStringLiteral("enforceFridayChannels"), tr("Only #friday channels"),
            tr("Refuse status channels that are not #friday or #friday-*."));
}

void SettingsDialog::buildStoreGroup(QFormLayout *store)
{
    addString(store, QStringLiteral("stateDbPath"), tr("Plugin state database"),
              tr("The plugin's orchestrator.db path; the store ClawOps opens is chosen at start "
                 "(--db) and changes on the next start."));
}

QWidget *SettingsDialog::buildConsolePage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    addDecisionRows(form, page);
    addRefreshRows(form, page);
    addAppearanceRows(form, page);
    return page;
}

// Who acts, how decisions are confirmed, and when waiting tasks are escalated.
void SettingsDialog::addDecisionRows(QFormLayout *form, QWidget *page)
{
    m_operator = new QLineEdit(m_initialUi.operatorName, page);
    m_operator->setObjectName(QStringLiteral("settings.operatorName"));
    form->addRow(tr("Operator name"), m_operator);
    form->addRow(QString(), hint(tr("Recorded with every action you take."), page));

    m_confirm = new QCheckBox(tr("Ask before kill, mark dead, reject and cancel retry"), page);
    m_confirm->setObjectName(QStringLiteral("settings.confirmDestructive"));
    m_confirm->setChecked(m_initialUi.confirmDestructive);
    form->addRow(m_confirm);
    form->addRow(
        hint(tr("Actions on several tasks always show what they will touch first."), page));
    m_advance = new QCheckBox(tr("Move to the next Inbox item after a decision"), page);
    m_advance->setObjectName(QStringLiteral("settings.advanceAfterDecision"));
    m_advance->setChecked(m_initialUi.advanceAfterDecision);
    form->addRow(m_advance);
    m_allChecks = new QCheckBox(tr("Verify only when every check is ticked"), page);
    m_allChecks->setObjectName(QStringLiteral("settings.verifyNeedsAllChecks"));
    m_allChecks->setChecked(m_initialUi.verifyNeedsAllChecks);
    form->addRow(m_allChecks);
    form->addRow(hint(tr("The receipt's verification items are a checklist in the detail panel; "
                         "a receipt without items never holds Verify back."),
                      page));
    m_inputLimit = spin(page, 0, 10080, tr(" min"));
    m_inputLimit->setObjectName(QStringLiteral("settings.needsInputLimitMin"));
    m_inputLimit->setSpecialValueText(tr("no limit"));
    m_inputLimit->setValue(m_initialUi.needsInputLimitMin);
    form->addRow(tr("Escalate needs input after"), m_inputLimit);
    m_verificationLimit = spin(page, 0, 10080, tr(" min"));
    m_verificationLimit->setObjectName(QStringLiteral("settings.needsVerificationLimitMin"));
    m_verificationLimit->setSpecialValueText(tr("no limit"));
    m_verificationLimit->setValue(m_initialUi.needsVerificationLimitMin);
    form->addRow(tr("Escalate needs verification after"), m_verificationLimit);
    form->addRow(hint(tr("A task waiting longer is marked in the Inbox and announced once with a "
                         "desktop notification."),
                      page));
}

// How often the console refreshes, and how much of the task table it keeps.
void SettingsDialog::addRefreshRows(QFormLayout *form, QWidget *page)
{
    m_clockTick = spin(page, 250, 60000, tr(" ms"));
    m_clockTick->setObjectName(QStringLiteral("settings.clockTickMs"));
    m_clockTick->setValue(m_initialUi.clockTickMs);
    form->addRow(tr("Refresh ages and countdowns every"), m_clockTick);
    m_transcriptRefresh = spin(page, 0, 600000, tr(" ms"));
    m_transcriptRefresh->setObjectName(QStringLiteral("settings.transcriptRefreshMs"));
    m_transcriptRefresh->setSpecialValueText(tr("only on request"));
    m_transcriptRefresh->setValue(m_initialUi.transcriptRefreshMs);
    form->addRow(tr("Refresh a running worker's transcript every"), m_transcriptRefresh);
    m_debounce = spin(page, 0, 5000, tr(" ms"));
    m_debounce->setObjectName(QStringLiteral("settings.searchDebounceMs"));
    m_debounce->setValue(m_initialUi.searchDebounceMs);
    form->addRow(tr("Search after typing stops for"), m_debounce);
    m_pageSize = spin(page, 20, 5000, tr(" rows"));
    m_pageSize->setObjectName(QStringLiteral("settings.pageSize"));
    m_pageSize->setValue(m_initialUi.pageSize);
    form->addRow(tr("Rows per page"), m_pageSize);
    m_maxRows = spin(page, 1000, 1000000, tr(" rows"));
    m_maxRows->setObjectName(QStringLiteral("settings.maxLoadedRows"));
    m_maxRows->setValue(m_initialUi.maxLoadedRows);
    form->addRow(tr("Keep at most"), m_maxRows);
    form->addRow(QString(), hint(tr("The task table loads pages as you scroll and stops here; "
                                    "filter or search to reach the rest."),
                                 page));
}

// Theme, language and notifications.
void SettingsDialog::addAppearanceRows(QFormLayout *form, QWidget *page)
{
    m_theme = new QComboBox(page);
    m_theme->setObjectName(QStringLiteral("settings.theme"));
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(m_initialUi.theme)));
    form->addRow(tr("Theme"), m_theme);
    form->addRow(QString(), hint(tr("Following the system switches between light and dark "
                                    "with the desktop."),
                                 page));

    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("settings.language"));
    m_language->addItem(tr("Follow the system"), QStringLiteral("system"));
    // Each language is named in itself, so it can be found whatever the current one is.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_initialUi.language)));
    form->addRow(tr("Language"), m_language);
    form->addRow(QString(), hint(tr("Takes effect the next time ClawOps starts."), page));

    m_doNotDisturb = new QCheckBox(tr("Do not disturb: no desktop notifications"), page);
    m_doNotDisturb->setObjectName(QStringLiteral("settings.doNotDisturb"));
    m_doNotDisturb->setChecked(m_initialUi.doNotDisturb);
    form->addRow(m_doNotDisturb);
    form->addRow(hint(tr("Otherwise ClawOps notifies when tasks need input or verification, die, "
                         "or fail without a retry. Also in the View menu and the tray icon's "
                         "menu."),
                      page));
}

void SettingsDialog::loadEngine(const core::EngineConfig &c)
{
    const QJsonObject json = core::configToJson(c);
    for (auto it = m_bools.constBegin(); it != m_bools.constEnd(); ++it)
        it.value()->setChecked(json.value(it.key()).toBool());
    for (auto it = m_ints.constBegin(); it != m_ints.constEnd(); ++it)
        it.value()->setValue(json.value(it.key()).toInt());
    for (auto it = m_strings.constBegin(); it != m_strings.constEnd(); ++it)
        it.value()->setText(json.value(it.key()).toString());
    for (auto it = m_outcomes.constBegin(); it != m_outcomes.constEnd(); ++it)
        it.value()->setChecked(c.retryOutcomes.contains(it.key()));
    for (auto it = m_mainTools.constBegin(); it != m_mainTools.constEnd(); ++it)
        it.value()->setChecked(c.allowedMainTools.contains(it.key()));
    m_delivery->setCurrentIndex(std::max(0, m_delivery->findData(c.retryDelivery)));
    validate();
}

QJsonObject SettingsDialog::configJson() const
{
    QJsonObject json = core::configToJson(m_initialConfig); // keys the dialog does not show
    for (auto it = m_bools.constBegin(); it != m_bools.constEnd(); ++it)
        json.insert(it.key(), it.value()->isChecked());
    for (auto it = m_ints.constBegin(); it != m_ints.constEnd(); ++it)
        json.insert(it.key(), it.value()->value());
    for (auto it = m_strings.constBegin(); it != m_strings.constEnd(); ++it)
        json.insert(it.key(), it.value()->text());
    QJsonArray outcomes;
    for (const QString &outcome : kOutcomes) {
        if (m_outcomes.value(outcome)->isChecked())
            outcomes.append(outcome);
    }
    json.insert(QStringLiteral("retryOutcomes"), outcomes);
    QJsonArray tools;
    for (const QString &tool : core::strictRouterTools()) {
        if (m_mainTools.value(tool)->isChecked())
            tools.append(tool);
    }
    json.insert(QStringLiteral("allowedMainTools"), tools);
    json.insert(QStringLiteral("retryDelivery"), m_delivery->currentData().toString());
    return json;
}

core::EngineConfig SettingsDialog::engineConfig() const
{
    QStringList ignored;
    return core::resolveConfig(configJson(), &ignored);
}

QStringList SettingsDialog::warnings() const
{
    QStringList warnings;
    const QJsonObject json = configJson();
    const core::EngineConfig resolved = core::resolveConfig(json, &warnings);
    if (json.value(QStringLiteral("retryOutcomes")).toArray().isEmpty())
        warnings.append(tr("retryOutcomes: none checked, so the default (error, timeout) is used"));
    if (resolved.retryMaxBackoffMs < resolved.retryBaseBackoffMs)
        warnings.append(tr("retryMaxBackoffMs is below retryBaseBackoffMs: every retry waits "
                           "the maximum"));
    if (resolved.verificationGraceMs < resolved.schedulerTickMs)
        warnings.append(tr("verificationGraceMs is shorter than one scheduler tick"));
    if (!resolved.autoRetryFailedSubagents)
        warnings.append(tr("automatic retries are off: failed workers stay failed until you "
                           "retry them"));
    return warnings;
}

void SettingsDialog::validate()
{
    if (!m_warnings)
        return;
    const QStringList list = warnings();
    m_warnings->setText(list.isEmpty() ? QString()
                                       : tr("Notes:\n• %1").arg(list.join(QStringLiteral("\n• "))));
}

UiSettings SettingsDialog::uiSettings() const
{
    UiSettings s = m_initialUi;
    s.operatorName = m_operator->text().trimmed().isEmpty() ? UiSettings::defaultOperatorName()
                                                            : m_operator->text().trimmed();
    s.confirmDestructive = m_confirm->isChecked();
    s.advanceAfterDecision = m_advance->isChecked();
    s.verifyNeedsAllChecks = m_allChecks->isChecked();
    s.needsInputLimitMin = m_inputLimit->value();
    s.needsVerificationLimitMin = m_verificationLimit->value();
    s.clockTickMs = m_clockTick->value();
    s.transcriptRefreshMs = m_transcriptRefresh->value();
    s.searchDebounceMs = m_debounce->value();
    s.pageSize = m_pageSize->value();
    s.maxLoadedRows = m_maxRows->value();
    s.theme = m_theme->currentData().toString();
    s.language = m_language->currentData().toString();
    s.doNotDisturb = m_doNotDisturb->isChecked();
    return s;
}

void SettingsDialog::apply()
{
    const core::EngineConfig config = engineConfig();
    if (!(config == m_initialConfig)) {
        m_initialConfig = config;
        Q_EMIT engineConfigChanged(config);
    }
    const UiSettings ui = uiSettings();
    if (!(ui == m_initialUi)) {
        m_initialUi = ui;
        Q_EMIT uiSettingsChanged(ui);
    }
}

} // namespace clawops::ui
