#include "Headless.h"

#include "CommitLog.h"
#include "core/Logging.h"
#include "host/EngineHost.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace clawops::app {

namespace {

int g_signalPipe[2] = {-1, -1};

void forwardSignal(int signalNumber)
{
    const char byte = char(signalNumber);
    // Nothing useful can be done if the pipe is full; the first byte is enough to stop.
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[0], &byte, 1);
}

QString describe(const host::ConnectionStatus &status)
{
    static const char *const names[] = {"offline", "connecting", "handshaking", "resyncing",
                                        "live",    "backoff",    "stopped"};
    QString text = QString::fromLatin1(names[int(status.phase)]);
    if (!status.serverVersion.isEmpty())
        text += QStringLiteral(" gateway=") + status.serverVersion;
    if (!status.detail.isEmpty())
        text += QStringLiteral(" (") + status.detail + QLatin1Char(')');
    if (!status.errorCode.isEmpty())
        text += QStringLiteral(" error=") + status.errorCode + QStringLiteral(": ") +
                status.errorMessage;
    if (!status.requestId.isEmpty())
        text += QStringLiteral(" requestId=") + status.requestId;
    return text;
}

} // namespace

void installTerminationHandler(QCoreApplication &app, std::function<void(int)> onSignal)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        qCWarning(lcHost) << "cannot create the signal pipe; SIGINT/SIGTERM will kill the process";
        return;
    }
    auto *notifier = new QSocketNotifier(g_signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app,
                     [notifier, onSignal = std::move(onSignal)] {
                         char byte = 0;
                         if (::read(g_signalPipe[1], &byte, 1) == 1) {
                             notifier->setEnabled(false);
                             onSignal(int(byte));
                         }
                     });
    struct sigaction action = {};
    action.sa_handler = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

int runHeadless(QCoreApplication &app, const host::EngineSettings &settings,
                const QString &commitLogPath)
{
    CommitLog commitLog;
    if (const QString error = commitLog.open(commitLogPath); !error.isEmpty()) {
        qCCritical(lcHost).noquote() << error;
        return 1;
    }
    host::EngineHost engine;
    int exitCode = 0;
    QObject::connect(&engine, &host::EngineHost::started, &app, [](const QString &path) {
        qCInfo(lcHost).noquote() << "engine started with store" << path;
    });
    // Only an engine that cannot go on ends the process. A commit that failed (storeTrouble,
    // logged by the engine) is held and written again: exiting would drop what is held.
    QObject::connect(&engine, &host::EngineHost::failed, &app, [&](const QString &message) {
        qCCritical(lcHost).noquote() << message;
        if (!engine.isRunning() || message.isEmpty())
            return;
        exitCode = 1;
        app.exit(1);
    });
    // The status also carries round-trip time and event age, which change constantly; the log
    // records only what an operator would act on.
    QString lastLogged;
    QObject::connect(&engine, &host::EngineHost::connectionChanged, &app,
                     [&lastLogged](const host::ConnectionStatus &status) {
                         const QString line = describe(status);
                         if (line == lastLogged)
                             return;
                         lastLogged = line;
                         qCInfo(lcHost).noquote() << "gateway" << line;
                     });
    QObject::connect(&engine, &host::EngineHost::delta, &app,
                     [&commitLog](const host::EngineDelta &delta) {
                         commitLog.record(delta);
                         for (const core::TransitionRecord &t : delta.transitions) {
                             qCInfo(lcHost).noquote()
                                 << "task" << t.taskId
                                 << (t.from ? core::stateName(*t.from) : QStringLiteral("new"))
                                 << "->" << core::stateName(t.to) << t.cause.toText();
                         }
                     });
    installTerminationHandler(app, [&](int signalNumber) {
        qCInfo(lcHost) << "signal" << signalNumber << "- stopping";
        app.exit(exitCode);
    });
    engine.start(settings);
    const int loopResult = app.exec();
    // An incomplete stop has already said in the log what it could not commit.
    return engine.stop(2000).complete ? loopResult : 1;
}

} // namespace clawops::app
