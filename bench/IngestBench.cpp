// Measures ClawOps's ingest pipeline end to end and the JSON parsing share of it.
//   clawops-bench [--lifecycles N] [--seed S] [--lean-rows] [--batch-ms MS]
#include "Workload.h"
#include "core/Clock.h"
#include "core/Config.h"
#include "core/Orchestrator.h"
#include "gateway/Adapter.h"
#include "gateway/Frame.h"
#include "store/Store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

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

gateway::Frame parseFrame(const QByteArray &text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    return gateway::Frame::fromJson(document.object());
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
    QList<qint64> latenciesUs;
    int transactions = 0;
    int domainEvents = 0;
    int tasks = 0;
};

Result runPipeline(const bench::Workload &workload, const QString &dbPath, int batchMs)
{
    Result result;
    store::Store store;
    if (const store::StoreError error = store.open(dbPath)) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error.message));
        std::exit(1);
    }
    core::EngineConfig config =
        core::resolveConfig(QJsonObject{{QStringLiteral("autoRetryFailedSubagents"), true}});
    core::SystemClock clock;
    core::SystemRandom random;
    core::Orchestrator core(config, clock, random, &store);
    core.rehydrate(store.loadSnapshot());
    gateway::GatewayAdapter adapter(gateway::AdapterConfig::fromEngineConfig(config));
    result.latenciesUs.reserve(workload.frames.size());

    QElapsedTimer wall;
    wall.start();
    QList<qint64> batchArrivals;
    qint64 batchStartUs = -1;
    gateway::AdapterOutput output;
    auto commit = [&] {
        core::ChangeSet changes = core.takeChanges();
        core.takeActions();
        result.tasks += int(changes.taskUpserts.size());
        if (const store::StoreError error = store.apply(changes)) {
            std::fprintf(stderr, "commit: %s\n", qPrintable(error.message));
            std::exit(1);
        }
        core.compact();
        ++result.transactions;
        const qint64 committedUs = wall.nsecsElapsed() / 1000;
        for (qint64 arrival : std::as_const(batchArrivals))
            result.latenciesUs.append(committedUs - arrival);
        batchArrivals.clear();
        batchStartUs = -1;
    };
    for (const QByteArray &text : workload.frames) {
        const qint64 arrivalUs = wall.nsecsElapsed() / 1000;
        if (batchStartUs < 0)
            batchStartUs = arrivalUs;
        batchArrivals.append(arrivalUs);
        const gateway::Frame frame = parseFrame(text);
        output.clear();
        adapter.handleEvent(frame, output);
        result.domainEvents += int(output.events.size());
        for (const core::DomainEvent &event : std::as_const(output.events))
            core.handle(event);
        if (arrivalUs - batchStartUs >= qint64(batchMs) * 1000)
            commit();
    }
    core.handle(core::Tick{});
    commit();
    result.seconds = double(wall.nsecsElapsed()) / 1e9;
    return result;
}

double runParseOnly(const bench::Workload &workload)
{
    QElapsedTimer wall;
    wall.start();
    qint64 keep = 0;
    for (const QByteArray &text : workload.frames)
        keep += parseFrame(text).seq;
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    if (keep == 42)
        std::fputs("", stderr); // keeps the loop from being optimised away
    return seconds;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("clawops.*.info=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption lifecyclesOption(QStringLiteral("lifecycles"),
                                              QStringLiteral("Worker lifecycles to simulate."),
                                              QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Random seed."),
                                        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption leanOption(
        QStringLiteral("lean-rows"),
        QStringLiteral("Leave the full session rows out of the frames."));
    const QCommandLineOption batchOption(QStringLiteral("batch-ms"),
                                         QStringLiteral("Commit window, as the engine host uses."),
                                         QStringLiteral("MS"), QStringLiteral("5"));
    parser.addOptions({lifecyclesOption, seedOption, leanOption, batchOption});
    parser.process(app);

    const int lifecycles = qMax(1, parser.value(lifecyclesOption).toInt());
    const bench::Workload workload = bench::makeWorkload(
        lifecycles, parser.value(seedOption).toUInt(), !parser.isSet(leanOption));
    qint64 bytes = 0;
    for (const QByteArray &frame : workload.frames)
        bytes += frame.size();

    QTemporaryDir dir;
    const Result pipeline = runPipeline(workload, dir.filePath(QStringLiteral("bench.db")),
                                        parser.value(batchOption).toInt());
    const double parseSeconds = runParseOnly(workload);

    const double frames = double(workload.frames.size());
    QJsonObject out{
        {QStringLiteral("lifecycles"), workload.lifecycles},
        {QStringLiteral("frames"), int(workload.frames.size())},
        {QStringLiteral("bytes"), bytes},
        {QStringLiteral("json_parser"), QStringLiteral("QJsonDocument")},
        {QStringLiteral("pipeline_seconds"), pipeline.seconds},
        {QStringLiteral("frames_per_second"), frames / pipeline.seconds},
        {QStringLiteral("lifecycles_per_second"), workload.lifecycles / pipeline.seconds},
        {QStringLiteral("latency_ms_p50"), percentile(pipeline.latenciesUs, 0.50)},
        {QStringLiteral("latency_ms_p99"), percentile(pipeline.latenciesUs, 0.99)},
        {QStringLiteral("transactions"), pipeline.transactions},
        {QStringLiteral("domain_events"), pipeline.domainEvents},
        {QStringLiteral("task_rows_written"), pipeline.tasks},
        {QStringLiteral("parse_only_seconds"), parseSeconds},
        {QStringLiteral("parse_only_frames_per_second"), frames / parseSeconds},
        {QStringLiteral("pipeline_to_parse_ratio"), pipeline.seconds / parseSeconds},
        {QStringLiteral("peak_rss_mb"), double(peakRssKb()) / 1024.0},
    };
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
