// The search box's query syntax, the saved views beside the task table and the built-in
// "failed and never recovered" view: parsed into the one core::TaskQuery that the store runs and
// the model keeps up to date from deltas.
#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "models/ModelRoles.h"
#include "models/TaskTableModel.h"
#include "search/QuerySyntax.h"
#include "search/SavedViews.h"
#include "views/MainWindow.h"
#include "views/SavedViewsPanel.h"
#include "views/StateChips.h"
#include "views/TasksPage.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskPattern;
using core::TaskState;
using core::TaskTextField;

class TestSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void parsesTerms();
    void parsesStatesAndNegation();
    void reportsWhatDoesNotParse();
    void savedViewsModel();
    void searchBoxBecomesTheQuery();
    void receiptAndNoteTermsAskTheStore();
    void failedNeverRecoveredView();
    void savingAndDeletingAView();
};

void TestSearch::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOpsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_search"));
}

void TestSearch::init()
{
    QSettings().clear();
}

void TestSearch::parsesTerms()
{
    const ParsedTaskQuery parsed = QuerySyntax::parse(
        QStringLiteral("state:failed label:build* attempt>1 orch:*main* flaky  \"disk full\""));
    QVERIFY2(parsed.problems.isEmpty(), qPrintable(parsed.problems.join(QLatin1Char('\n'))));
    QVERIFY(parsed.namesStates);
    QCOMPARE(parsed.states, QList<TaskState>{TaskState::Failed});
    const QList<TaskPattern> patterns = {
        {TaskTextField::Label, QStringLiteral("build*"), false},
        {TaskTextField::Orchestrator, QStringLiteral("*main*"), false},
    };
    QCOMPARE(parsed.patterns, patterns);
    QCOMPARE(parsed.minAttempt, std::optional<int>(2));
    QCOMPARE(parsed.maxAttempt, std::nullopt);
    QCOMPARE(parsed.search, QStringLiteral("flaky disk full"));

    // Quoted values keep their spaces; bounds narrow each other; field names ignore case.
    const ParsedTaskQuery more = QuerySyntax::parse(
        QStringLiteral("LABEL:\"nightly build*\" attempt>=2 attempt<=3 attempt<3 -worker:"
                       " outcome:worker-* id:4f2a*"));
    QVERIFY(more.problems.isEmpty());
    QVERIFY(!more.namesStates);
    QVERIFY(more.states.isEmpty());
    QCOMPARE(more.minAttempt, std::optional<int>(2));
    QCOMPARE(more.maxAttempt, std::optional<int>(2));
    const QList<TaskPattern> morePatterns = {
        {TaskTextField::Label, QStringLiteral("nightly build*"), false},
        {TaskTextField::Worker, QString(), true},
        {TaskTextField::Outcome, QStringLiteral("worker-*"), false},
        {TaskTextField::Id, QStringLiteral("4f2a*"), false},
    };
    QCOMPARE(more.patterns, morePatterns);
    QVERIFY(more.search.isEmpty());

    // Plain text is plain text, as the search box always took it.
    const ParsedTaskQuery plain = QuerySyntax::parse(QStringLiteral(" T-11 "));
    QCOMPARE(plain.search, QStringLiteral("T-11"));
    QVERIFY(plain.patterns.isEmpty() && plain.problems.isEmpty() && !plain.namesStates);

    core::TaskQuery query;
    query.sortKey = core::TaskSortKey::Label;
    parsed.applyTo(query);
    QCOMPARE(query.sortKey, core::TaskSortKey::Label);
    QCOMPARE(query.patterns, patterns);
    QCOMPARE(query.search, QStringLiteral("flaky disk full"));
}

void TestSearch::parsesStatesAndNegation()
{
    QCOMPARE(QuerySyntax::parse(QStringLiteral("state:dead,failed state:failed")).states,
             (QList<TaskState>{TaskState::Failed, TaskState::Dead}));
    // Only exclusions: every other state.
    const QList<TaskState> notDone = QuerySyntax::parse(QStringLiteral("-state:done")).states;
    QCOMPARE(notDone.size(), core::kTaskStateCount - 1);
    QVERIFY(!notDone.contains(TaskState::Done));
    QCOMPARE(QuerySyntax::parse(QStringLiteral("is:needs_input")).states,
             QList<TaskState>{TaskState::NeedsInput});
    // Nothing left: the query must match nothing, not everything.
    const ParsedTaskQuery none = QuerySyntax::parse(QStringLiteral("state:done -state:done"));
    QVERIFY(none.states.isEmpty());
    QCOMPARE(none.problems.size(), 1);
    core::TaskQuery query;
    none.applyTo(query);
    QVERIFY(!core::matchesQuery(makeTask(1, TaskState::Done, 1000), query));
}

void TestSearch::reportsWhatDoesNotParse()
{
    const ParsedTaskQuery parsed =
        QuerySyntax::parse(QStringLiteral("state:finished stat:failed attempt:x http://host"));
    QCOMPARE(parsed.problems.size(), 4);
    QVERIFY(parsed.problems.at(0).contains(QStringLiteral("finished")));
    QVERIFY(parsed.problems.at(1).contains(QStringLiteral("stat:")));
    QVERIFY(parsed.problems.at(2).contains(QStringLiteral("attempt>1")));
    // An unknown field is still searched, as text.
    QCOMPARE(parsed.search, QStringLiteral("stat:failed http://host"));
    QVERIFY(parsed.namesStates);

    // Receipt and note terms gather their text; they cannot be negated.
    const ParsedTaskQuery texts = QuerySyntax::parse(
        QStringLiteral("receipt:migrat note:\"asked for logs\" -note:secret Receipt:ledger flaky"));
    QCOMPARE(texts.receiptText, QStringLiteral("migrat ledger"));
    QCOMPARE(texts.noteText, QStringLiteral("asked for logs"));
    QCOMPARE(texts.search, QStringLiteral("flaky"));
    QCOMPARE(texts.problems.size(), 1);
    QVERIFY(texts.problems.constFirst().contains(QStringLiteral("-note:secret")));
    core::TaskQuery query;
    texts.applyTo(query);
    QCOMPARE(query.receiptText, QStringLiteral("migrat ledger"));
    QCOMPARE(query.noteText, QStringLiteral("asked for logs"));
    QVERIFY(!query.judgedInMemory());
}

void TestSearch::savedViewsModel()
{
    SavedViews views;
    QAbstractItemModelTester tester(&views, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int builtIns = views.rowCount();
    QVERIFY(builtIns >= 2);
    const int failedRow = views.rowOfQuery(QuerySyntax::failedNeverRecovered());
    QVERIFY(failedRow >= 0);
    QCOMPARE(views.index(failedRow).data().toString(),
             QStringLiteral("Failed and never recovered"));
    QVERIFY(views.index(failedRow).data(SavedViews::BuiltInRole).toBool());

    QVERIFY(views.save(QStringLiteral("Builds"), QStringLiteral("label:build*")));
    QCOMPARE(views.rowCount(), builtIns + 1);
    // The same name replaces; a built-in's name is refused; built-ins cannot be removed.
    QVERIFY(views.save(QStringLiteral(" builds "), QStringLiteral("label:build* attempt>1")));
    QCOMPARE(views.rowCount(), builtIns + 1);
    QCOMPARE(views.index(builtIns).data(SavedViews::QueryRole).toString(),
             QStringLiteral("label:build* attempt>1"));
    QVERIFY(!views.save(QStringLiteral("Failed and never recovered"), QStringLiteral("x")));
    QVERIFY(!views.save(QStringLiteral("  "), QStringLiteral("x")));
    QVERIFY(!views.remove(0));
    QVERIFY(views.save(QStringLiteral("Mine"), QStringLiteral("orch:*me*")));

    QSettings settings;
    views.store(settings);
    SavedViews again;
    QAbstractItemModelTester againTester(&again,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    again.load(settings);
    QCOMPARE(again.rowCount(), builtIns + 2);
    QCOMPARE(again.view(builtIns + 1).name, QStringLiteral("Mine"));
    QVERIFY(again.remove(builtIns));
    QCOMPARE(again.view(builtIns).name, QStringLiteral("Mine"));
    again.store(settings);
    views.load(settings);
    QCOMPARE(views.rowCount(), builtIns + 1);
}

namespace {

QList<core::TaskRecord> seededTasks()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<core::TaskRecord> tasks;
    for (int i = 0; i < 80; ++i)
        tasks.append(makeTask(i, TaskState(i % 8), now - qint64{80 - i} * 30000));
    // Superseded attempts: failed, but a later attempt took over.
    for (int i : {6, 14, 22})
        tasks[i].lastOutcome =
            core::TransitionCause::of(core::TransitionCause::Kind::RespawnedAsNextAttempt);
    return tasks;
}

QStringList ids(const QList<core::TaskRecord> &tasks)
{
    QStringList out;
    for (const core::TaskRecord &task : tasks)
        out.append(task.taskId.str());
    return out;
}

QStringList modelIds(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, 0).data(TaskIdRole).toString());
    return out;
}

} // namespace

void TestSearch::searchBoxBecomesTheQuery()
{
    FakeEngineLink link;
    link.upsert(seededTasks(), false);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    QAbstractItemModelTester tester(w.tasksModel,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    auto *search = named<QLineEdit>(window, QStringLiteral("tasks.search"));
    search->setText(QStringLiteral("state:failed,dead label:worker-T-1* attempt>1"));
    Q_EMIT search->returnPressed();
    const core::TaskQuery &query = w.tasksModel->query();
    QCOMPARE(query.states, (QList<TaskState>{TaskState::Failed, TaskState::Dead}));
    QCOMPARE(query.patterns.size(), 1);
    QCOMPARE(query.minAttempt, std::optional<int>(2));
    link.answerPages();
    const QStringList expected = ids(link.oracle(query));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(modelIds(*w.tasksModel), expected);
    // The chips step aside while the search names states.
    QVERIFY(!w.tasksPage->chips()->isEnabled());
    QVERIFY(w.tasksPage->queryProblems().isEmpty());

    // A task that comes to match arrives by delta and lands where the store would put it.
    core::TaskRecord late = makeTask(17, TaskState::Running, QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(late.label, QStringLiteral("worker-T-17"));
    late.state = TaskState::Dead;
    late.attempt = 3;
    link.upsert({late});
    QCOMPARE(modelIds(*w.tasksModel), ids(link.oracle(query)));
    QVERIFY(w.tasksModel->rowOf(late.taskId.str()) >= 0);
    // The total is the query's, not the store's count of those states.
    QCOMPARE(w.tasksModel->totalMatching(), int(link.oracle(query).size()));

    // What does not parse is said under the box; the chips are back without state terms.
    search->setText(QStringLiteral("stat:failed"));
    Q_EMIT search->returnPressed();
    QVERIFY(w.tasksPage->queryProblems().contains(QStringLiteral("stat:")));
    QVERIFY(keepScreenshot(&window, QStringLiteral("search-problem")));
    QVERIFY(w.tasksPage->chips()->isEnabled());
    QCOMPARE(w.tasksModel->query().search, QStringLiteral("stat:failed"));
}

// Only the store knows receipts and notes: the table shows what it finds, and a task a delta
// brings is placed once the store says it matches, never on a guess.
void TestSearch::receiptAndNoteTermsAskTheStore()
{
    FakeEngineLink link;
    QList<core::TaskRecord> tasks = seededTasks();
    for (int i : {2, 9, 15})
        tasks[i].receiptJson =
            QStringLiteral("{\"status\":\"completed\",\"summary\":\"ledger migration %1\"}").arg(i);
    link.upsert(tasks, false);
    core::ChangeSet notes;
    core::AuditRecord audit;
    audit.at = 5000;
    audit.operatorName = QStringLiteral("alice");
    audit.action = QStringLiteral("answer");
    audit.taskId = tasks.at(4).taskId;
    audit.detail = QStringLiteral("use the staging ledger");
    audit.result = QStringLiteral("ok");
    notes.audits = {audit};
    QVERIFY(!link.store().apply(notes));

    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    QAbstractItemModelTester tester(w.tasksModel,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *search = named<QLineEdit>(window, QStringLiteral("tasks.search"));
    search->setText(QStringLiteral("receipt:migration"));
    Q_EMIT search->returnPressed();
    link.answerPages();
    const core::TaskQuery &query = w.tasksModel->query();
    QCOMPARE(query.receiptText, QStringLiteral("migration"));
    QCOMPARE(modelIds(*w.tasksModel), ids(link.oracle(query)));
    QCOMPARE(w.tasksModel->rowCount(), 3);
    QVERIFY(keepScreenshot(&window, QStringLiteral("search-receipt")));

    // A receipt arrives for a task the table does not hold, and another without the word: the
    // model asks the store about both, by id, and places the one it names.
    core::TaskRecord arrived = tasks.at(20);
    arrived.receiptJson = QStringLiteral("{\"summary\":\"migration done\"}");
    arrived.updatedAt += 1;
    core::TaskRecord unrelated = tasks.at(21);
    unrelated.receiptJson = QStringLiteral("{\"summary\":\"nothing to see\"}");
    unrelated.updatedAt += 1;
    link.upsert({arrived, unrelated});
    QCOMPARE(w.tasksModel->rowOf(arrived.taskId.str()), -1);
    QTRY_COMPARE(link.pendingPages.size(), 1);
    QCOMPARE(link.pendingPages.constFirst().request.onlyTaskIds,
             (QStringList{arrived.taskId.str(), unrelated.taskId.str()}));
    link.answerPages();
    QVERIFY(w.tasksModel->rowOf(arrived.taskId.str()) >= 0);
    QCOMPARE(w.tasksModel->rowOf(unrelated.taskId.str()), -1);
    QCOMPARE(modelIds(*w.tasksModel), ids(link.oracle(query)));
    QCOMPARE(w.tasksModel->totalMatching(), 4);

    // A held row that changes stays without a question; one that leaves a judged term goes.
    core::TaskRecord moved = tasks.at(9);
    moved.state = core::TaskState::Dead;
    moved.updatedAt += 100;
    link.upsert({moved});
    QCOMPARE(modelIds(*w.tasksModel), ids(link.oracle(query)));
    search->setText(QStringLiteral("receipt:migration -state:dead"));
    Q_EMIT search->returnPressed();
    link.answerPages();
    QCOMPARE(modelIds(*w.tasksModel), ids(link.oracle(w.tasksModel->query())));
    QVERIFY(w.tasksModel->rowOf(tasks.at(2).taskId.str()) >= 0);
    moved = tasks.at(2);
    moved.state = core::TaskState::Dead;
    moved.updatedAt += 200;
    link.upsert({moved});
    QCOMPARE(w.tasksModel->rowOf(moved.taskId.str()), -1);
    QCOMPARE(modelIds(*w.tasksModel), ids(link.oracle(w.tasksModel->query())));

    // Notes: what an operator wrote.
    search->setText(QStringLiteral("note:staging"));
    Q_EMIT search->returnPressed();
    link.answerPages();
    QCOMPARE(modelIds(*w.tasksModel), QStringList{tasks.at(4).taskId.str()});
    QVERIFY(link.pendingPages.isEmpty());
}

void TestSearch::failedNeverRecoveredView()
{
    FakeEngineLink link;
    const QList<core::TaskRecord> tasks = seededTasks();
    link.upsert(tasks, false);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    auto *list = named<QListView>(window, QStringLiteral("views.list"));
    const int row =
        w.tasksPage->savedViews()->views()->rowOfQuery(QuerySyntax::failedNeverRecovered());
    const QModelIndex index = list->model()->index(row, 0);
    list->scrollTo(index);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(index).center());
    QCOMPARE(named<QLineEdit>(window, QStringLiteral("tasks.search"))->text(),
             QuerySyntax::failedNeverRecovered());
    link.answerPages();
    QStringList expected;
    for (const core::TaskRecord &task : tasks) {
        if ((task.state == TaskState::Failed || task.state == TaskState::Dead) &&
            task.lastOutcome.kind != core::TransitionCause::Kind::RespawnedAsNextAttempt)
            expected.append(task.taskId.str());
    }
    QStringList shown = modelIds(*w.tasksModel);
    QCOMPARE(shown.size(), expected.size());
    std::sort(shown.begin(), shown.end());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(shown, expected);
    QVERIFY(!shown.contains(tasks.at(6).taskId.str()));
    QVERIFY(list->selectionModel()->isSelected(index));
    QVERIFY(keepScreenshot(&window, QStringLiteral("failed-never-recovered")));
}

void TestSearch::savingAndDeletingAView()
{
    FakeEngineLink link;
    link.upsert(seededTasks(), false);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    SavedViewsPanel *panel = w.tasksPage->savedViews();
    panel->setNameAsker([](const QString &) { return QStringLiteral("Retried builds"); });
    auto *search = named<QLineEdit>(window, QStringLiteral("tasks.search"));
    search->setText(QStringLiteral("label:worker* attempt>2"));
    Q_EMIT search->returnPressed();
    named<QToolButton>(window, QStringLiteral("views.save"))->click();
    const int row = panel->views()->rowOfName(QStringLiteral("Retried builds"));
    QVERIFY(row >= 0);
    QVERIFY(panel->list()->selectionModel()->isSelected(panel->views()->index(row)));
    // Kept for the next start.
    SavedViews stored;
    QSettings settings;
    stored.load(settings);
    QCOMPARE(stored.view(stored.rowOfName(QStringLiteral("Retried builds"))).query,
             QStringLiteral("label:worker* attempt>2"));

    // Another view, then back to the saved one by a click.
    search->setText(QStringLiteral("state:done"));
    Q_EMIT search->returnPressed();
    QVERIFY(!panel->list()->selectionModel()->hasSelection());
    const QModelIndex index = panel->views()->index(row);
    QTest::mouseClick(panel->list()->viewport(), Qt::LeftButton, {},
                      panel->list()->visualRect(index).center());
    QCOMPARE(search->text(), QStringLiteral("label:worker* attempt>2"));
    QCOMPARE(w.tasksModel->query().minAttempt, std::optional<int>(3));

    auto *remove = named<QToolButton>(window, QStringLiteral("views.delete"));
    QVERIFY(remove->isEnabled());
    remove->click();
    QCOMPARE(panel->views()->rowOfName(QStringLiteral("Retried builds")), -1);
    stored.load(settings);
    QCOMPARE(stored.rowOfName(QStringLiteral("Retried builds")), -1);
    // A built-in view cannot be deleted.
    panel->list()->setCurrentIndex(panel->views()->index(0));
    QVERIFY(!remove->isEnabled());
}

QTEST_MAIN(TestSearch)
#include "tst_search.moc"
