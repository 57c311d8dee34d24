// clawops-sim: the simulated gateway and its world as a process of their own, for tests that
// run the real `clawops --headless` against it and kill either side at will.
#include "FaultInjector.h"
#include "SimGatewayServer.h"
#include "SimLogging.h"
#include "SimToolOptions.h"
#include "World.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = {-1, -1};

void forwardSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[0], &byte, 1);
}

// SIGTERM/SIGINT end the event loop (the handler only writes to a socket pair).
void quitOnTermination(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier] {
        notifier->setEnabled(false);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

// Replaces the file in one step, so a reader never sees half of it.
bool writeStats(const QString &path, QJsonObject stats,
                const clawops::sim::SimGatewayServer &server)
{
    // Frames sent so far: a benchmark driving a console reads its load from here.
    stats.insert(QStringLiteral("framesSent"), QJsonValue(server.framesSent()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(stats).toJson(QJsonDocument::Indented));
    return file.commit();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("clawops-sim"));
    using namespace clawops::sim;

    SimToolOptions options;
    int exitCode = 0;
    if (const QString message = parseSimToolOptions(app.arguments(), options, &exitCode);
        !message.isEmpty()) {
        std::fputs(message.toLocal8Bit().constData(), exitCode == 0 ? stdout : stderr);
        return exitCode;
    }

    SimGatewayServer server(options.gateway);
    if (!server.listen(options.port)) {
        std::fprintf(stderr, "clawops-sim: cannot listen on 127.0.0.1:%d\n", int(options.port));
        return 1;
    }
    World world(server, options.world);
    FaultInjector faults(server, world, options.world.seed);

    QTimer statsDebounce;
    statsDebounce.setSingleShot(true);
    statsDebounce.setInterval(50);
    if (!options.statsFile.isEmpty()) {
        QObject::connect(&world, &World::statsChanged, &statsDebounce, qOverload<>(&QTimer::start));
        QObject::connect(&statsDebounce, &QTimer::timeout, &world, [&] {
            if (!writeStats(options.statsFile, world.stats(), server))
                qCWarning(lcSim) << "cannot write" << options.statsFile;
        });
        writeStats(options.statsFile, world.stats(), server);
    }

    const QJsonObject ready{
        {QStringLiteral("url"), server.url().toString()},
        {QStringLiteral("port"), int(server.port())},
        {QStringLiteral("token"), options.gateway.sharedToken},
        {QStringLiteral("pid"), QJsonValue(qint64(QCoreApplication::applicationPid()))},
        {QStringLiteral("version"), options.gateway.version},
        {QStringLiteral("seed"), QJsonValue(qint64(options.world.seed))},
    };
    std::fputs(QJsonDocument(ready).toJson(QJsonDocument::Compact).append('\n').constData(),
               stdout);
    std::fflush(stdout);

    quitOnTermination(app);
    if (options.startOnConnect) {
        // Two runs of one seed compare only if each console sees the world from its start.
        QObject::connect(&server, &SimGatewayServer::clientAuthenticated, &world, [&world] {
            if (world.spawnCount() == 0 && !world.isRunning())
                world.start();
        });
    } else {
        world.start();
    }
    if (options.faultEveryMs > 0)
        faults.start(options.faultEveryMs, options.faults);
    QTimer report;
    QObject::connect(&report, &QTimer::timeout, &world, [&] {
        const QJsonObject counters{{QStringLiteral("framesSent"), QJsonValue(server.framesSent())},
                                   {QStringLiteral("spawns"), world.spawnCount()}};
        std::fputs(QJsonDocument(counters).toJson(QJsonDocument::Compact).append('\n').constData(),
                   stdout);
        std::fflush(stdout);
    });
    if (options.reportEveryMs > 0)
        report.start(options.reportEveryMs);
    const int result = QCoreApplication::exec();
    faults.stop();
    world.stop();
    if (!options.statsFile.isEmpty() && !writeStats(options.statsFile, world.stats(), server))
        return 1;
    server.close();
    return result;
}
