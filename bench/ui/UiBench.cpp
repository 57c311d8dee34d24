// clawops-ui-bench: the real console under load, measured from its GUI thread.
//
//   clawops-ui-bench [--seconds S] [--spawns-per-second N] [--clear-inbox] [--store FILE]
//                    [--no-burst]
//
// Burst: the console connects to a simulated gateway (`clawops-sim`, a process of its own, so that
// its work is not counted as the console's) that spawns short workers at a high rate; a 10 ms timer
// in the GUI thread measures how late it fires (the event loop's stalls), the engine's deltas are
// counted as the models receive them, and RSS is sampled every second. With --clear-inbox an
// operator verifies or marks dead every task that comes to wait on one, so that what the console
// holds is what runs and what is inside its grace window, not a backlog nobody answers.
//
// Store: with --store, the console opens that store offline (a million rows from
// `clawops-store-bench --rows 1000000 --lifecycles 0 --dir D`) and times the first paint, paging
// to the end, a sort by every sortable column and a state filter.
//
// Prints one JSON object; the aims (p99 < 16 ms, max < 100 ms, each store step <= 100 ms) are
// read from it, never asserted. bench/ui-bench runs it under Xvfb with the million-row store.

#include "InboxClearer.h"
#include "SimProcess.h"
#include "UiProbe.h"
#include "UiResources.h"
#include "host/EngineHost.h"
#include "models/TaskTableModel.h"
#include "views/MainWindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <optional>

using namespace clawops;

namespace {

struct Options
{
    int seconds = 60;
    double spawnsPerSecond = 150;
    QString store;
    bool burst = true;
    bool clearInbox = false;
};

host::EngineSettings baseSettings(const QTemporaryDir &dir)
{
    host::EngineSettings settings;
    settings.databasePath = dir.filePath(QStringLiteral("burst.db"));
    settings.identityDir = dir.filePath(QStringLiteral("identity"));
    settings.operatorName = QStringLiteral("ui-bench");
    settings.config.autoRetryFailedSubagents = true;
    return settings;
}

// A gateway busier than any real one: many short workers at once, the demo's mix of endings.
QStringList burstArguments(double spawnsPerSecond)
{
    return {QStringLiteral("--rate"),
            QString::number(spawnsPerSecond),
            QStringLiteral("--max-running"),
            QStringLiteral("5000"),
            QStringLiteral("--worker-min-ms"),
            QStringLiteral("500"),
            QStringLiteral("--worker-max-ms"),
            QStringLiteral("3000"),
            QStringLiteral("--slow-ms"),
            QStringLiteral("8000"),
            QStringLiteral("--respawn-delay-ms"),
            QStringLiteral("100"),
            QStringLiteral("--seed"),
            QStringLiteral("20261123")};
}

QJsonObject runBurst(const Options &options, const QTemporaryDir &dir)
{
    bench::SimProcess gateway;
    QString error;
    if (!gateway.start(burstArguments(options.spawnsPerSecond), &error))
        return {{QStringLiteral("error"), error}};
    host::EngineSettings settings = baseSettings(dir);
    settings.gatewayUrl = QUrl(gateway.url());
    settings.token = gateway.token();

    QJsonObject out;
    {
        host::EngineHost engine;
        ui::MainWindow window(engine, settings, true);
        window.resize(1500, 950);
        window.show();
        bench::DeltaCounter deltas(engine);
        std::optional<bench::InboxClearer> inbox;
        if (options.clearInbox)
            inbox.emplace(engine);
        engine.start(settings);

        // The first seconds connect and resync; the measurement starts once frames flow.
        bench::waitUntil([&] { return deltas.tasks() > 0; }, 20000);
        bench::LatencyProbe probe;
        bench::RssSeries rss;
        const qint64 framesBefore = gateway.framesSent();
        const double simulatorCpuBefore = gateway.cpuSeconds();
        const qint64 consoleCpuBefore = bench::processCpuNs();
        const bench::DeltaCounter::Totals deltasBefore = deltas.totals();
        QElapsedTimer wall;
        wall.start();
        probe.start();
        rss.start();
        bench::runFor(options.seconds * 1000);
        probe.stop();
        rss.stop();
        const double seconds = double(wall.nsecsElapsed()) / 1e9;
        const bench::DeltaCounter::Totals received = deltas.totals() - deltasBefore;

        out = probe.describe();
        out.insert(QStringLiteral("seconds"), seconds);
        out.insert(QStringLiteral("spawns_per_second_asked"), options.spawnsPerSecond);
        out.insert(QStringLiteral("frames_per_second"),
                   double(gateway.framesSent() - framesBefore) / seconds);
        out.insert(QStringLiteral("deltas_per_second"), double(received.deltas) / seconds);
        out.insert(QStringLiteral("task_rows_per_second"), double(received.tasks) / seconds);
        out.insert(QStringLiteral("transitions_per_second"),
                   double(received.transitions) / seconds);
        out.insert(QStringLiteral("rss_mb"), rss.describe());
        out.insert(QStringLiteral("retry_queue_length_at_end"), deltas.retryQueueLength());
        out.insert(QStringLiteral("retry_entries_per_second"),
                   double(received.retryEntries) / seconds);
        // Who had the machine's cores: the console (every thread) and the simulated gateway.
        out.insert(QStringLiteral("console_cpu_seconds"),
                   double(bench::processCpuNs() - consoleCpuBefore) / 1e9);
        out.insert(QStringLiteral("simulator_cpu_seconds"),
                   gateway.cpuSeconds() - simulatorCpuBefore);
        out.insert(QStringLiteral("cores"), QThread::idealThreadCount());
        if (inbox) {
            out.insert(QStringLiteral("inbox_cleared"),
                       QJsonObject{{QStringLiteral("verify_commands"), inbox->verifiesSent()},
                                   {QStringLiteral("mark_dead_commands"), inbox->markDeadsSent()},
                                   {QStringLiteral("refused"), inbox->refused()}});
        }
        window.close();
        engine.stop();
    }
    gateway.stop();
    return out;
}

// One operator step on the million-row store: what `act` starts, until the table's model has its
// answer and the window has painted it.
double timeStep(QWidget &window, ui::TaskTableModel &model, const std::function<void()> &act)
{
    QElapsedTimer timer;
    timer.start();
    act();
    bench::waitUntil([&] { return !model.isLoading(); }, 30000);
    window.repaint();
    return double(timer.nsecsElapsed()) / 1e6;
}

QJsonObject runStore(const Options &options, const QTemporaryDir &dir)
{
    host::EngineSettings settings = baseSettings(dir);
    settings.databasePath = options.store;
    settings.connectToGateway = false;

    host::EngineHost engine;
    QString failure;
    QObject::connect(&engine, &host::EngineApi::failed, &engine,
                     [&failure](const QString &message) { failure = message; });
    QElapsedTimer timer;
    timer.start();
    ui::MainWindow window(engine, settings, false);
    window.resize(1500, 950);
    window.show();
    engine.start(settings);
    auto *table = window.findChild<QTableView *>(QStringLiteral("tasks.table"));
    auto *model = table ? qobject_cast<ui::TaskTableModel *>(table->model()) : nullptr;
    if (!model)
        return {{QStringLiteral("error"), QStringLiteral("no task table in the window")}};
    bench::waitUntil([&] { return !failure.isEmpty() || model->rowCount() > 0; }, 60000);
    window.repaint();
    const double firstPaintMs = double(timer.nsecsElapsed()) / 1e6;
    if (!failure.isEmpty())
        return {{QStringLiteral("error"), failure}};

    QJsonObject out{{QStringLiteral("first_paint_ms"), firstPaintMs},
                    {QStringLiteral("rows_matching"), model->totalMatching()}};

    // Scrolling to the end as the End key would, page after page until the model has nothing
    // more to fetch (it keeps a bounded window of rows, so the end is that window's end).
    QList<double> pages;
    while (pages.size() < 10000) {
        const int before = model->rowCount();
        QElapsedTimer page;
        page.start();
        table->scrollToBottom();
        // The view asks for the next page itself; none comes at the end of the window.
        if (!bench::waitUntil([&] { return model->rowCount() > before; }, 5000))
            break;
        window.repaint();
        pages.append(double(page.nsecsElapsed()) / 1e6);
    }
    std::sort(pages.begin(), pages.end());
    out.insert(
        QStringLiteral("scroll_to_end"),
        QJsonObject{
            {QStringLiteral("pages"), pages.size()},
            {QStringLiteral("rows_shown"), model->rowCount()},
            {QStringLiteral("total_ms"), std::accumulate(pages.cbegin(), pages.cend(), 0.0)},
            {QStringLiteral("page_ms_p50"), pages.isEmpty() ? 0.0 : pages.at(pages.size() / 2)},
            {QStringLiteral("page_ms_max"), pages.isEmpty() ? 0.0 : pages.last()}});

    QJsonObject sorts;
    QHeaderView *header = table->horizontalHeader();
    for (int column = 0; column < model->columnCount(); ++column) {
        if (!ui::TaskTableModel::sortKeyFor(column))
            continue;
        const QString name = model->headerData(column, Qt::Horizontal).toString();
        // The operator's click, through the header's signal: the page's own sort path.
        sorts.insert(name,
                     timeStep(window, *model, [&] { Q_EMIT header->sectionClicked(column); }));
    }
    out.insert(QStringLiteral("sort_ms"), sorts);

    auto *failedChip = window.findChild<QAbstractButton *>(QStringLiteral("chip.failed"));
    if (failedChip)
        out.insert(QStringLiteral("filter_failed_ms"),
                   timeStep(window, *model, [&] { failedChip->click(); }));
    out.insert(QStringLiteral("rss_mb"), bench::currentRssMb());
    window.close();
    engine.stop();
    return out;
}

Options parseOptions(const QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The console's GUI thread under load"));
    parser.addHelpOption();
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("Length of the burst (default 60)."),
                                     QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption spawns(QStringLiteral("spawns-per-second"),
                                    QStringLiteral("Workers the simulated gateway spawns per "
                                                   "second (default 150, about 5,000 frames/s)."),
                                    QStringLiteral("N"), QStringLiteral("150"));
    const QCommandLineOption store(
        QStringLiteral("store"),
        QStringLiteral("A large SQLite store to open offline and time (first paint, paging, "
                       "sorting, filtering)."),
        QStringLiteral("FILE"));
    const QCommandLineOption noBurst(QStringLiteral("no-burst"),
                                     QStringLiteral("Only the store part."));
    const QCommandLineOption clearInbox(
        QStringLiteral("clear-inbox"),
        QStringLiteral("In the burst, verify or mark dead every task that comes to wait on an "
                       "operator."));
    parser.addOptions({seconds, spawns, store, noBurst, clearInbox});
    parser.process(app);
    Options options;
    options.seconds = qMax(1, parser.value(seconds).toInt());
    options.spawnsPerSecond = qMax(0.1, parser.value(spawns).toDouble());
    options.store = parser.value(store);
    options.burst = !parser.isSet(noBurst);
    options.clearInbox = parser.isSet(clearInbox);
    return options;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    // Settings of its own, so the bench never changes an operator's console.
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOpsBench"));
    QCoreApplication::setApplicationName(QStringLiteral("clawops-ui-bench"));
    QLoggingCategory::setFilterRules(QStringLiteral("clawops.*.debug=false\nclawops.*.info=false"));
    const Options options = parseOptions(app);
    host::EngineHost::registerMetaTypes();
    ui::initResources();

    QTemporaryDir dir;
    QJsonObject out;
    if (options.burst)
        out.insert(QStringLiteral("burst"), runBurst(options, dir));
    if (!options.store.isEmpty())
        out.insert(QStringLiteral("store"), runStore(options, dir));
    out.insert(QStringLiteral("peak_rss_mb"), bench::peakRssMb());
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    const bool failed = out.value(QStringLiteral("burst")).toObject().contains(u"error") ||
                        out.value(QStringLiteral("store")).toObject().contains(u"error");
    return failed ? 1 : 0;
}
