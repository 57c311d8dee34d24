#include "TasksPage.h"

#include "SavedViewsPanel.h"
#include "StateChips.h"
#include "TaskTableView.h"
#include "models/ModelRoles.h"
#include "models/OrchestratorListModel.h"
#include "models/TaskTableModel.h"
#include "search/QuerySyntax.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace clawops::ui {

TasksPage::TasksPage(TaskTableModel *model, OrchestratorListModel *orchestrators,
                     PendingCommands *pending, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_orchestrators(orchestrators)
    , m_chips(new StateChips(this))
    , m_search(new QLineEdit(this))
    , m_orchestrator(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_problems(new QLabel(this))
    , m_views(new SavedViewsPanel(this))
    , m_view(new TaskTableView(this))
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("tasksPage"));
    m_search->setObjectName(QStringLiteral("tasks.search"));
    m_search->setPlaceholderText(tr("Search: text, state:failed, label:build*, attempt>1, orch:…"));
    m_search->setToolTip(QuerySyntax::help());
    m_problems->setObjectName(QStringLiteral("tasks.queryProblems"));
    m_problems->setWordWrap(true);
    m_problems->hide();
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(220);
    m_orchestrator->setObjectName(QStringLiteral("tasks.orchestrator"));
    m_orchestrator->setModel(orchestrators);
    m_orchestrator->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_orchestrator->setMinimumContentsLength(18);
    m_orchestrator->setToolTip(tr("Show the tasks of one orchestrator session"));
    m_count->setObjectName(QStringLiteral("tasks.count"));
    m_view->setObjectName(QStringLiteral("tasks.table"));
    m_view->setModel(model);
    m_view->setStateColumn(TaskTableModel::StateColumn);
    m_view->setPendingCommands(pending);
    m_view->setPlaceholderText(tr("Loading tasks…"));

    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->resizeSection(TaskTableModel::IdColumn, 130);
    header->resizeSection(TaskTableModel::StateColumn, 150);
    header->resizeSection(TaskTableModel::LabelColumn, 200);
    header->resizeSection(TaskTableModel::KindColumn, 70);
    header->resizeSection(TaskTableModel::AttemptColumn, 64);
    header->resizeSection(TaskTableModel::OrchestratorColumn, 150);
    // Wide enough for a nested worker's own id ("main › sub 6f4eb4b8 › 1c9d0e2a"), which is
    // what tells it apart from its orchestrator.
    header->resizeSection(TaskTableModel::WorkerColumn, 215);
    header->resizeSection(TaskTableModel::OutcomeColumn, 170);
    header->resizeSection(TaskTableModel::UpdatedColumn, 90);
    connect(header, &QHeaderView::sectionClicked, this, &TasksPage::onHeaderClicked);

    layOut();

    m_views->setQueryProvider([this] { return m_search->text().trimmed(); });
    connect(m_views, &SavedViewsPanel::viewChosen, this, [this](const QString &query) {
        m_chips->setSelectedStates({});
        m_search->setText(query);
        m_debounce->stop();
        applyFilters();
    });

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_debounce->stop();
        applyFilters();
    });
    connect(m_debounce, &QTimer::timeout, this, &TasksPage::applyFilters);
    connect(m_chips, &StateChips::selectionChanged, this, &TasksPage::applyFilters);
    // activated, not currentIndexChanged: rows inserted into the list must not refilter.
    connect(m_orchestrator, &QComboBox::activated, this, &TasksPage::applyFilters);
    connect(model, &TaskTableModel::countsChanged, this, &TasksPage::updateCountLabel);
    connect(model, &TaskTableModel::loadingChanged, this, &TasksPage::updateCountLabel);
    connect(model, &TaskTableModel::pageFailed, this, &TasksPage::updateCountLabel);
    connect(model, &TaskTableModel::storeCountsChanged, m_chips, &StateChips::setCounts);
    updateSortIndicator();
    updateCountLabel();
}

// The state chips, then search, orchestrator and count, over the table; the saved views beside.
void TasksPage::layOut()
{
    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_chips, 1);
    auto *second = new QHBoxLayout;
    second->setContentsMargins(0, 0, 0, 0);
    second->addWidget(m_search, 2);
    second->addWidget(m_orchestrator, 1);
    second->addStretch(0);
    second->addWidget(m_count);
    auto *main = new QWidget(this);
    auto *mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(0, 0, 0, 0);
    mainLayout->addLayout(filters);
    mainLayout->addLayout(second);
    mainLayout->addWidget(m_problems);
    mainLayout->addWidget(m_view, 1);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("tasks.splitter"));
    splitter->setChildrenCollapsible(true);
    splitter->addWidget(m_views);
    splitter->addWidget(main);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 1000});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(splitter, 1);
}

void TasksPage::setSearchDebounceMs(int ms)
{
    m_debounce->setInterval(ms);
}

void TasksPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QString TasksPage::queryProblems() const
{
    return m_problems->isHidden() ? QString() : m_problems->text();
}

void TasksPage::applyFilters()
{
    const ParsedTaskQuery parsed = QuerySyntax::parse(m_search->text());
    TaskQuery query = m_model->query();
    parsed.applyTo(query);
    if (!parsed.namesStates)
        query.states = m_chips->selectedStates();
    m_chips->setEnabled(!parsed.namesStates);
    m_chips->setToolTip(parsed.namesStates ? tr("The search's state: terms choose the states.")
                                           : QString());
    m_problems->setText(parsed.problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!parsed.problems.isEmpty());
    m_views->showQuery(m_search->text().trimmed());
    query.orchestratorSessionKey =
        core::SessionKey(m_orchestrator->currentData(OrchestratorRole).toString());
    m_orchestrators->setPinnedKey(query.orchestratorSessionKey);
    // A copy of the model's query with its filter replaced: equal means the filter is.
    if (query == m_model->query())
        return;
    m_model->setQuery(query);
}

void TasksPage::onHeaderClicked(int section)
{
    const std::optional<core::TaskSortKey> key = TaskTableModel::sortKeyFor(section);
    if (!key) {
        updateSortIndicator(); // keep showing the real order
        return;
    }
    const TaskQuery &query = m_model->query();
    // A new column starts with the order an operator most likely wants: newest or largest first
    // for times and attempts, A→Z for text.
    bool descending = *key == core::TaskSortKey::UpdatedAt || *key == core::TaskSortKey::Attempt ||
                      *key == core::TaskSortKey::CreatedAt;
    if (query.sortKey == *key)
        descending = !query.descending;
    m_model->sort(section, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    updateSortIndicator();
}

void TasksPage::updateSortIndicator()
{
    const int column = TaskTableModel::columnForSortKey(m_model->query().sortKey);
    m_view->horizontalHeader()->setSortIndicator(
        column, m_model->query().descending ? Qt::DescendingOrder : Qt::AscendingOrder);
}

void TasksPage::updateCountLabel()
{
    const QLocale locale;
    if (!m_model->lastError().isEmpty()) {
        m_count->setText(tr("Could not load tasks: %1").arg(m_model->lastError()));
        m_view->setPlaceholderText(
            tr("The store did not answer: %1\nPress F5 to try again.").arg(m_model->lastError()));
        return;
    }
    if (m_model->isLoading()) {
        m_count->setText(tr("Loading…"));
        m_view->setPlaceholderText(tr("Loading tasks…"));
        return;
    }
    m_view->setPlaceholderText(tr("No task matches these filters."));
    const int loaded = m_model->rowCount();
    const int total = m_model->totalMatching();
    if (loaded >= total) {
        m_count->setText(tr("%1 tasks").arg(locale.toString(total)));
    } else if (loaded >= m_model->maxRows()) {
        m_count->setText(tr("First %1 of %2 tasks; narrow the filters to see the others")
                             .arg(locale.toString(loaded), locale.toString(total)));
    } else {
        m_count->setText(
            tr("%1 of %2 tasks loaded").arg(locale.toString(loaded), locale.toString(total)));
    }
}

} // namespace clawops::ui
