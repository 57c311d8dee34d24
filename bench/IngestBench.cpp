// Measures ClawOps's ingest pipeline end to end and the JSON parsing share of it.
//   clawops-bench [--lifecycles N] [--seed S] [--lean-rows] [--batch-ms MS] [--repeat R]
//                 [--dump-frames FILE] [--pipeline-only] [--frames FILE] [--single-thread]
//                 [--db postgresql://user@host:port/dbname [--db-reset]]
// With --db the same pipeline also runs into that PostgreSQL database in the same process, and
// its figures are printed beside SQLite's under "postgresql".
// Frames are parsed by gateway::FrameDecoder on a thread of their own and reach the pipeline's
// thread parsed, as gateway::FrameSocket hands them to the engine thread (--single-thread: on the
// pipeline's thread, as before FrameSocket).
// CPU seconds are printed beside wall seconds: on a shared machine they are the steadier number.
// Commits run on the store writer's thread, as in the engine, so CPU seconds count both threads.
#include "FrameFeed.h"
#include "Workload.h"
#include "core/Clock.h"
#include "core/Config.h"
#include "core/Orchestrator.h"
#include "gateway/Adapter.h"
#include "gateway/Frame.h"
#include "gateway/FrameDecoder.h"
#include "store/Store.h"
#include "store/StoreWriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

using namespace clawops;

namespace {

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double cpuSeconds(clockid_t clock = CLOCK_PROCESS_CPUTIME_ID)
{
    timespec now{};
    clock_gettime(clock, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// What FrameSocket does with a text frame before the engine thread sees it.
gateway::Frame parseFrame(gateway::FrameDecoder &decoder, const QByteArray &text)
{
    gateway::FrameParseError error = gateway::FrameParseError::None;
    return decoder.decode(text, &error);
}

void openOrExit(bench::FrameReader &reader, const bench::Workload &workload)
{
    QString error;
    if (!reader.open(workload.path, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        std::exit(1);
    }
}

void exitOnReadError(const bench::FrameReader &reader)
{
    if (!reader.error().isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(reader.error()));
        std::exit(1);
    }
}

double percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index =
        std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size())));
    return double(values.at(index)) / 1000.0; // µs → ms
}

struct Result
{
    double seconds = 0;
    double cpuSeconds = 0;
    QList<qint64> latenciesUs;
    int transactions = 0;
    int domainEvents = 0;
    int tasks = 0;
    double threadCpuSeconds = 0; // the loop's own thread: the pipeline without the commits
    double feedCpuSeconds = 0;   // the thread that read and parsed the frames (0: the loop's)
    double commitSeconds = 0;    // the writer thread inside transactions, overlapping the rest
    int largestBatchFrames = 0;
};

// One batch in flight at a time, as in the engine host: the arrival times of the frames whose
// changes wait in the core, and of those in the batch the writer has.
struct Batches
{
    using Clock = store::StoreWriter::Clock;

    core::Orchestrator &core;
    store::StoreWriter &writer;
    Result &result;
    QList<Clock::time_point> pendingArrivals;
    QList<Clock::time_point> inFlightArrivals;
    bool inFlight = false;

    void submit()
    {
        core::ChangeSet changes = core.takeChanges();
        core.takeActions();
        result.tasks += int(changes.taskUpserts.size());
        result.largestBatchFrames =
            std::max(result.largestBatchFrames, int(pendingArrivals.size()));
        if (writer.submit(std::move(changes)) == 0) {
            std::fputs("commit: the store writer is not running\n", stderr);
            std::exit(1);
        }
        ++result.transactions;
        inFlight = true;
        inFlightArrivals.swap(pendingArrivals);
        pendingArrivals.clear();
    }

    void takeResults()
    {
        store::StoreWriter::Result done;
        while (writer.tryTakeResult(done)) {
            if (done.error) {
                std::fprintf(stderr, "commit: %s\n", qPrintable(done.error.message));
                std::exit(1);
            }
            // Every change taken so far is committed: the only batch in flight was this one.
            core.compact();
            inFlight = false;
            result.commitSeconds +=
                std::chrono::duration<double>(done.finishedAt - done.startedAt).count();
            for (const Clock::time_point arrival : std::as_const(inFlightArrivals)) {
                result.latenciesUs.append(
                    std::chrono::duration_cast<std::chrono::microseconds>(done.finishedAt - arrival)
                        .count());
            }
            inFlightArrivals.clear();
        }
    }
};

// The engine host's loop without its event loop: frames go through the adapter into the core, and
// the core's changes go to the store writer in batches, one batch in flight at a time. A batch is
// submitted when the writer is free and its first frame arrived at least the window ago, so under
// load batches grow while the writer is busy, as they do in EngineWorker.
Result runPipeline(const bench::Workload &workload, const QString &dbPath, int batchMs,
                   bool parseOnOwnThread)
{
    using Clock = store::StoreWriter::Clock;
    Result result;
    // As in the engine: this connection opens (and migrates) first and serves the core's
    // lookups; the writer's connection does the writing.
    store::Store store;
    if (const store::StoreError error = store.open(dbPath)) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error.message));
        std::exit(1);
    }
    store::StoreWriter writer;
    if (const store::StoreError error = writer.start(dbPath)) {
        std::fprintf(stderr, "store writer: %s\n", qPrintable(error.message));
        std::exit(1);
    }
    core::EngineConfig config =
        core::resolveConfig(QJsonObject{{QStringLiteral("autoRetryFailedSubagents"), true}});
    core::SystemClock clock;
    core::SystemRandom random;
    core::Orchestrator core(config, clock, random, &store);
    core.rehydrate(store.loadSnapshot().value());
    gateway::GatewayAdapter adapter(gateway::AdapterConfig::fromEngineConfig(config));
    result.latenciesUs.reserve(workload.frames);

    const double cpuStart = cpuSeconds();
    const double threadCpuStart = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    const Clock::time_point wallStart = Clock::now();
    const Clock::duration window = std::chrono::milliseconds(batchMs);
    gateway::AdapterOutput output;
    Batches batches{core, writer, result, {}, {}, false};
    bench::FrameFeed feed(workload, parseOnOwnThread);
    QList<bench::ArrivedFrame> batch;
    while (feed.next(batch)) {
        for (const bench::ArrivedFrame &arrived : std::as_const(batch)) {
            batches.pendingArrivals.append(arrived.arrival);
            output.clear();
            adapter.handleEvent(arrived.frame, output);
            result.domainEvents += int(output.events.size());
            for (const core::DomainEvent &event : std::as_const(output.events))
                core.handle(event);
            batches.takeResults();
            if (!batches.inFlight && Clock::now() - batches.pendingArrivals.constFirst() >= window)
                batches.submit();
        }
    }
    if (!feed.error().isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(feed.error()));
        std::exit(1);
    }
    result.feedCpuSeconds = feed.threadCpuSeconds();
    core.handle(core::Tick{});
    // The last batch waits for the one in flight, like the engine's shutdown.
    writer.waitIdle();
    batches.takeResults();
    batches.submit();
    writer.waitIdle();
    batches.takeResults();
    result.seconds = std::chrono::duration<double>(Clock::now() - wallStart).count();
    result.cpuSeconds = cpuSeconds() - cpuStart;
    result.threadCpuSeconds = cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - threadCpuStart;
    writer.stop();
    return result;
}

struct ParseResult
{
    double seconds = 0;
    double cpuSeconds = 0;
};

ParseResult runParseOnly(const bench::Workload &workload)
{
    gateway::FrameDecoder decoder;
    bench::FrameReader reader;
    openOrExit(reader, workload);
    const double cpuStart = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    qint64 keep = 0;
    QByteArray text;
    while (reader.next(text))
        keep += parseFrame(decoder, text).seq;
    ParseResult result{double(wall.nsecsElapsed()) / 1e9, cpuSeconds() - cpuStart};
    exitOnReadError(reader);
    if (keep == 42)
        std::fputs("", stderr); // keeps the loop from being optimised away
    return result;
}

// The run of median CPU time: on a shared machine single runs swing with the neighbours' load.
template<typename T> T medianByCpu(QList<T> runs)
{
    std::sort(runs.begin(), runs.end(),
              [](const T &a, const T &b) { return a.cpuSeconds < b.cpuSeconds; });
    return runs.at(runs.size() / 2);
}

// The runs of the pipeline (and of the parse alone, unless pipelineOnly), each pipeline on a new
// store; the run of median CPU time of each.
std::pair<Result, ParseResult> medianRuns(const bench::Workload &workload, int repeat, int batchMs,
                                          bool parseOnOwnThread, bool pipelineOnly)
{
    QList<Result> pipelines;
    QList<ParseResult> parses;
    for (int run = 0; run < repeat; ++run) {
        QTemporaryDir dir;
        pipelines.append(runPipeline(workload, dir.filePath(QStringLiteral("bench.db")), batchMs,
                                     parseOnOwnThread));
        if (pipelineOnly)
            continue;
        parses.append(runParseOnly(workload));
    }
    if (parses.isEmpty())
        parses.append(ParseResult{});
    return {medianByCpu(pipelines), medianByCpu(parses)};
}

QJsonObject report(const bench::Workload &workload, const Result &pipeline,
                   const ParseResult &parse, int repeat, bool parseOnOwnThread)
{
    const double frames = double(workload.frames);
    const double megabytes = double(workload.bytes) / 1e6;
    return QJsonObject{
        {QStringLiteral("lifecycles"), workload.lifecycles},
        {QStringLiteral("frames"), workload.frames},
        {QStringLiteral("bytes"), workload.bytes},
        {QStringLiteral("runs"), repeat},
        {QStringLiteral("pipeline_seconds"), pipeline.seconds},
        {QStringLiteral("pipeline_cpu_seconds"), pipeline.cpuSeconds},
        {QStringLiteral("frames_per_second"), frames / pipeline.seconds},
        {QStringLiteral("lifecycles_per_second"), workload.lifecycles / pipeline.seconds},
        {QStringLiteral("lifecycles_per_cpu_second"), workload.lifecycles / pipeline.cpuSeconds},
        {QStringLiteral("latency_ms_p50"), percentile(pipeline.latenciesUs, 0.50)},
        {QStringLiteral("latency_ms_p99"), percentile(pipeline.latenciesUs, 0.99)},
        {QStringLiteral("transactions"), pipeline.transactions},
        // Commits run on the store writer's thread; this much of the wall time overlapped the
        // parse, adapter and core work (or waited for it).
        {QStringLiteral("commit_seconds"), pipeline.commitSeconds},
        // The engine thread's share: what bounds the rate once commits overlap completely.
        {QStringLiteral("pipeline_thread_cpu_seconds"), pipeline.threadCpuSeconds},
        // Reading and parsing, on the socket side (0 with --single-thread: in the line above).
        {QStringLiteral("parse_thread_cpu_seconds"), pipeline.feedCpuSeconds},
        {QStringLiteral("parse_on_own_thread"), parseOnOwnThread},
        {QStringLiteral("frames_per_transaction"), frames / std::max(1, pipeline.transactions)},
        {QStringLiteral("largest_transaction_frames"), pipeline.largestBatchFrames},
        {QStringLiteral("domain_events"), pipeline.domainEvents},
        {QStringLiteral("task_rows_written"), pipeline.tasks},
        {QStringLiteral("parse_only_seconds"), parse.seconds},
        {QStringLiteral("parse_only_cpu_seconds"), parse.cpuSeconds},
        {QStringLiteral("parse_only_frames_per_second"), frames / parse.seconds},
        {QStringLiteral("parse_only_mb_per_cpu_second"), megabytes / parse.cpuSeconds},
        {QStringLiteral("pipeline_to_parse_ratio"), pipeline.seconds / parse.seconds},
        // The same in CPU time (all threads): steadier than wall time on a busy machine.
        {QStringLiteral("pipeline_to_parse_cpu_ratio"), pipeline.cpuSeconds / parse.cpuSeconds},
        {QStringLiteral("peak_rss_mb"), double(peakRssKb()) / 1024.0},
    };
}

} // namespace

// Opens (and so migrates) the PostgreSQL store and checks that it holds no tasks, emptying its
// tables first when asked to. What failed, or an empty string.
QString prepareDatabase(const QString &url, bool reset)
{
    store::Store store;
    if (const store::StoreError error = store.open(url))
        return QStringLiteral("--db: %1").arg(error.message);
    store.close();
    if (reset) {
        const QString name = QStringLiteral("clawops-bench-reset");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            const QUrl parsed(url);
            db.setHostName(parsed.host());
            db.setPort(parsed.port(5432));
            db.setUserName(parsed.userName());
            db.setDatabaseName(parsed.path().mid(1));
            QString failed;
            if (!db.open()) {
                failed = db.lastError().text();
            } else {
                QSqlQuery query(db);
                if (!query.exec(QStringLiteral(
                        "TRUNCATE orchestrator_tasks, orchestrator_workers, orchestrator_bindings, "
                        "orchestrator_retries, task_transitions, operator_actions, "
                        "suppressed_spawns RESTART IDENTITY")))
                    failed = query.lastError().text();
            }
            db.close();
            if (!failed.isEmpty()) {
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(name);
                return QStringLiteral("--db-reset: %1").arg(failed);
            }
        }
        QSqlDatabase::removeDatabase(name);
    }
    if (const store::StoreError error = store.open(url))
        return QStringLiteral("--db: %1").arg(error.message);
    const store::StoreResult<int> tasks = store.countTasks(core::TaskQuery{});
    if (!tasks.isOk())
        return QStringLiteral("--db: %1").arg(tasks.error().message);
    if (tasks.value() > 0)
        return QStringLiteral("--db: the database holds %1 tasks already; give an empty one or "
                              "--db-reset (which empties the store's tables)")
            .arg(tasks.value());
    return {};
}

// The same pipeline into the PostgreSQL store at `url`, `repeat` times on an emptied store; the
// run of median CPU time, or *failed.
QJsonObject runPostgres(const bench::Workload &workload, const QString &url, bool reset, int repeat,
                        int batchMs, bool parseOnOwnThread, QString *failed)
{
    QList<Result> runs;
    for (int run = 0; run < repeat; ++run) {
        // The workload's ids are fixed by the seed: a store holding an earlier run's rows would
        // make the core suppress every spawn as a duplicate.
        *failed = prepareDatabase(url, reset);
        if (!failed->isEmpty())
            return {};
        runs.append(runPipeline(workload, url, batchMs, parseOnOwnThread));
    }
    const Result postgres = medianByCpu(runs);
    const double frames = double(workload.frames);
    return QJsonObject{
        {QStringLiteral("pipeline_seconds"), postgres.seconds},
        {QStringLiteral("pipeline_cpu_seconds"), postgres.cpuSeconds},
        {QStringLiteral("lifecycles_per_second"), workload.lifecycles / postgres.seconds},
        {QStringLiteral("latency_ms_p50"), percentile(postgres.latenciesUs, 0.50)},
        {QStringLiteral("latency_ms_p99"), percentile(postgres.latenciesUs, 0.99)},
        {QStringLiteral("transactions"), postgres.transactions},
        {QStringLiteral("commit_seconds"), postgres.commitSeconds},
        {QStringLiteral("frames_per_transaction"), frames / std::max(1, postgres.transactions)},
        {QStringLiteral("task_rows_written"), postgres.tasks},
    };
}

// clawops-bench's command line.
struct BenchOptions
{
    QCommandLineOption lifecycles{QStringLiteral("lifecycles"),
                                  QStringLiteral("Worker lifecycles to simulate."),
                                  QStringLiteral("N"), QStringLiteral("20000")};
    QCommandLineOption seed{QStringLiteral("seed"), QStringLiteral("Random seed."),
                            QStringLiteral("S"), QStringLiteral("1")};
    QCommandLineOption lean{QStringLiteral("lean-rows"),
                            QStringLiteral("Leave the full session rows out of the frames.")};
    QCommandLineOption batch{QStringLiteral("batch-ms"),
                             QStringLiteral("Commit window, as the engine host uses."),
                             QStringLiteral("MS"), QStringLiteral("5")};
    QCommandLineOption repeat{
        QStringLiteral("repeat"),
        QStringLiteral("Runs of the pipeline and of the parse; the median by CPU time is shown."),
        QStringLiteral("R"), QStringLiteral("1")};
    QCommandLineOption dump{
        QStringLiteral("dump-frames"),
        QStringLiteral("Also write the workload's frames to FILE, one per line (for comparing "
                       "parsers outside the engine)."),
        QStringLiteral("FILE")};
    QCommandLineOption pipelineOnly{
        QStringLiteral("pipeline-only"),
        QStringLiteral("Skip the parse-only runs (for profilers: `perf record` or `valgrind "
                       "--tool=callgrind` then see the pipeline alone besides the workload's "
                       "generation).")};
    QCommandLineOption frames{
        QStringLiteral("frames"),
        QStringLiteral("Read the workload from FILE (written by --dump-frames with the same "
                       "--lifecycles) instead of generating it, so a profiler sees little but "
                       "the pipeline."),
        QStringLiteral("FILE")};
    QCommandLineOption singleThread{
        QStringLiteral("single-thread"),
        QStringLiteral("Parse the frames on the pipeline's thread, as the engine did before it "
                       "parsed on the socket's thread.")};
    QCommandLineOption db{
        QStringLiteral("db"),
        QStringLiteral("Also run the pipeline into this PostgreSQL database (the password from "
                       "~/.pgpass). It must be empty, or --db-reset given."),
        QStringLiteral("URL")};
    QCommandLineOption dbReset{
        QStringLiteral("db-reset"),
        QStringLiteral("Empty the store's tables in --db before each run: a benchmark database "
                       "only.")};

    QList<QCommandLineOption> all() const
    {
        return {lifecycles,   seed,   lean,         batch, repeat, dump,
                pipelineOnly, frames, singleThread, db,    dbReset};
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("clawops.*.info=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const BenchOptions options;
    parser.addOptions(options.all());
    parser.process(app);

    const int repeat = qMax(1, parser.value(options.repeat).toInt());

    const int lifecycles = qMax(1, parser.value(options.lifecycles).toInt());
    bench::Workload workload;
    QString error;
    // The workload is written to a file (the one --dump-frames names, else a temporary one) and
    // streamed from it by every run.
    QTemporaryDir workloadDir;
    const bool written =
        !parser.isSet(options.frames)
            ? bench::writeWorkload(parser.isSet(options.dump)
                                       ? parser.value(options.dump)
                                       : workloadDir.filePath(QStringLiteral("frames.jsonl")),
                                   lifecycles, parser.value(options.seed).toUInt(),
                                   !parser.isSet(options.lean), &workload, &error)
            : bench::openWorkload(parser.value(options.frames), lifecycles, &workload, &error);
    if (!written) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }

    const bool parseOnOwnThread = !parser.isSet(options.singleThread);
    const int batchMs = parser.value(options.batch).toInt();
    const auto [pipeline, parse] =
        medianRuns(workload, repeat, batchMs, parseOnOwnThread, parser.isSet(options.pipelineOnly));
    QJsonObject out = report(workload, pipeline, parse, repeat, parseOnOwnThread);
    if (parser.isSet(options.db)) {
        QString failed;
        const QJsonObject postgres =
            runPostgres(workload, parser.value(options.db), parser.isSet(options.dbReset), repeat,
                        batchMs, parseOnOwnThread, &failed);
        if (!failed.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(failed));
            return 1;
        }
        out.insert(QStringLiteral("postgresql"), postgres);
        std::fprintf(stderr, "lifecycles/s: SQLite %.0f, PostgreSQL %.0f\n",
                     workload.lifecycles / pipeline.seconds,
                     postgres.value(QStringLiteral("lifecycles_per_second")).toDouble());
    }
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
