// clawops-model-bench: how long the task table model takes to apply one engine delta that moves
// many rows of a large, fully loaded model (the GUI thread does this work while the operator
// waits).
//
//   clawops-model-bench [--rows N] [--burst N] [--repeat N]
//
// The model is filled from a real store (the tests' FakeEngineLink) with N rows sorted by last
// change, newest first; each repeat updates `burst` tasks spread across it so that every one of
// them moves to the top, and times TaskTableModel::applyDelta alone. After every repeat the rows
// must be exactly the store's order, or the program fails: a fast wrong answer is no result.
// Prints one JSON object with the median, p99 and max in milliseconds; the aim (a 500-task delta
// into a 12,000-row model well under a 16 ms frame) is read from it, never asserted by a test.

#include "FakeEngineLink.h"
#include "models/TaskTableModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;

namespace {

constexpr qint64 kBase = 1795469000000;

struct Options
{
    int rows = 12000;
    int burst = 500;
    int repeat = 50;
};

bool parse(const QCoreApplication &app, Options &options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times one large delta into the task model."));
    parser.addHelpOption();
    const QCommandLineOption rows(QStringLiteral("rows"), QStringLiteral("Rows in the model."),
                                  QStringLiteral("N"), QString::number(options.rows));
    const QCommandLineOption burst(QStringLiteral("burst"),
                                   QStringLiteral("Tasks changed by each delta."),
                                   QStringLiteral("N"), QString::number(options.burst));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Deltas timed."),
                                    QStringLiteral("N"), QString::number(options.repeat));
    parser.addOptions({rows, burst, repeat});
    parser.process(app);
    options.rows = parser.value(rows).toInt();
    options.burst = parser.value(burst).toInt();
    options.repeat = parser.value(repeat).toInt();
    if (options.rows < 1 || options.burst < 1 || options.burst > options.rows ||
        options.repeat < 1) {
        std::fprintf(stderr, "clawops-model-bench: need 1 <= burst <= rows and repeat >= 1\n");
        return false;
    }
    return true;
}

QStringList ids(const TaskTableModel &model)
{
    QStringList list;
    list.reserve(model.rowCount());
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.rowAt(row)->taskId);
    return list;
}

QStringList ids(const QList<core::TaskRecord> &records)
{
    QStringList list;
    list.reserve(records.size());
    for (const core::TaskRecord &record : records)
        list.append(record.taskId);
    return list;
}

void fill(FakeEngineLink &link, TaskTableModel &model, int rows)
{
    QList<core::TaskRecord> tasks;
    tasks.reserve(rows);
    for (int i = 0; i < rows; ++i)
        tasks.append(
            makeTask(i, core::TaskState(i % core::kTaskStateCount), kBase + qint64(i) * 1000));
    link.upsert(tasks, false);
    core::TaskQuery query;
    query.sortKey = core::TaskSortKey::UpdatedAt;
    query.descending = true;
    model.setQuery(query);
    while (model.rowCount() < rows) {
        if (link.answerPages() > 0)
            continue;
        if (!model.canFetchMore({}))
            break;
        model.fetchMore({});
    }
}

// Milliseconds of the sorted sample at quantile q (nearest rank).
double quantile(const std::vector<double> &sorted, double q)
{
    const auto rank = std::size_t(std::ceil(q * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

} // namespace

int main(int argc, char **argv)
{
    // The model needs a GUI application (it answers decoration roles) but no screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("clawops.*.info=false\nclawops.*.debug=false"));
    Options options;
    if (!parse(app, options))
        return 2;

    FakeEngineLink link;
    TaskTableModel model;
    model.setPageSize(5000);
    model.setMaxRows(std::max(model.maxRows(), options.rows));
    model.setNowFunction([] { return kBase + 1000000; });
    model.setPageRequester([&link](const core::TaskQuery &r) { return link.requestTaskPage(r); });
    QObject::connect(
        &link, &host::EngineApi::taskPageReady, &model,
        [&model](quint64 id, const host::TaskPage &page) { model.applyPage(id, page); });
    fill(link, model, options.rows);
    if (model.rowCount() != options.rows) {
        std::fprintf(stderr, "clawops-model-bench: loaded %d of %d rows\n", model.rowCount(),
                     options.rows);
        return 1;
    }

    std::vector<double> millis;
    qint64 newest = kBase + qint64(options.rows) * 1000;
    for (int round = 0; round < options.repeat; ++round) {
        // Spread over the whole model (a stride coprime with most sizes), a new set each round.
        QList<core::TaskRecord> burst;
        for (int i = 0; i < options.burst; ++i) {
            const int n = int((qint64(i) * 23 + qint64(round) * 7) % options.rows);
            core::TaskRecord task = *link.task(makeTask(n, core::TaskState::Running, 0).taskId);
            task.updatedAt = ++newest;
            task.state = core::TaskState::Running;
            burst.append(task);
        }
        link.upsert(burst, false);
        const host::EngineDelta delta = link.deltaFor(burst);
        QElapsedTimer timer;
        timer.start();
        model.applyDelta(delta);
        millis.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (ids(model) != ids(link.oracle(model.query(), model.rowCount()))) {
            std::fprintf(stderr, "clawops-model-bench: round %d left the rows out of order\n",
                         round);
            return 1;
        }
    }

    std::sort(millis.begin(), millis.end());
    QJsonArray runs;
    for (double ms : millis)
        runs.append(ms);
    const QJsonObject result{
        {QStringLiteral("rows"), options.rows},
        {QStringLiteral("burst"), options.burst},
        {QStringLiteral("repeat"), options.repeat},
        {QStringLiteral("median_ms"), quantile(millis, 0.5)},
        {QStringLiteral("p99_ms"), quantile(millis, 0.99)},
        {QStringLiteral("max_ms"), millis.back()},
        {QStringLiteral("sorted_ms"), runs},
    };
    std::printf("%s", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}
