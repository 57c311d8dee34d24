#include "SimToolOptions.h"

#include "FaultInjector.h"

#include <QCommandLineParser>
#include <QFile>
#include <QUuid>

namespace clawops::sim {

namespace {

// "verified=3,model-error=1": every outcome named gets that weight, every other one zero.
bool applyWeights(const QString &spec, WorldConfig &world, QString *error)
{
    const QList<std::pair<QString, int *>> slots = {
        {QStringLiteral("verified"), &world.weightVerified},
        {QStringLiteral("no-verification"), &world.weightNoVerification},
        {QStringLiteral("missing-receipt"), &world.weightMissingReceipt},
        {QStringLiteral("blocked"), &world.weightBlocked},
        {QStringLiteral("failed-receipt"), &world.weightFailedReceipt},
        {QStringLiteral("model-error"), &world.weightModelError},
        {QStringLiteral("timeout"), &world.weightTimeout},
        {QStringLiteral("slow"), &world.weightSlow},
        {QStringLiteral("duplicate"), &world.weightDuplicate},
        {QStringLiteral("interrupted"), &world.weightInterrupted},
    };
    for (const auto &slot : slots)
        *slot.second = 0;
    for (const QString &item : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = item.section(QLatin1Char('='), 0, 0).trimmed();
        bool ok = false;
        const int weight = item.section(QLatin1Char('='), 1).trimmed().toInt(&ok);
        const auto slot = std::find_if(slots.begin(), slots.end(),
                                       [&](const auto &s) { return s.first == name; });
        if (slot == slots.end() || !ok || weight < 0) {
            *error = QStringLiteral("--weights: cannot read '%1' (outcomes: verified, "
                                    "no-verification, missing-receipt, blocked, failed-receipt, "
                                    "model-error, timeout, slow, duplicate, interrupted)")
                         .arg(item);
            return false;
        }
        *slot->second = weight;
    }
    return true;
}

bool readInt(const QCommandLineParser &parser, const char *name, int low, int *out, QString *error)
{
    const QString option = QString::fromLatin1(name);
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < low) {
        *error = QStringLiteral("--%1 needs a whole number >= %2, got '%3'")
                     .arg(option)
                     .arg(low)
                     .arg(parser.value(option));
        return false;
    }
    *out = value;
    return true;
}

QCommandLineOption valueOption(const char *name, const char *help, const char *valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                              QString::fromLatin1(valueName));
}

void addSimToolOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "A simulated OpenClaw gateway with a fleet of workers, on 127.0.0.1. Prints one JSON "
        "line {url, port, token, pid} on stdout once it listens; stops on SIGTERM/SIGINT."));
    parser.addHelpOption();
    parser.addOptions({
        valueOption("port", "Port on 127.0.0.1 (0 = any free port).", "N"),
        valueOption("token", "The gateway token (default: a random one).", "T"),
        valueOption("token-file", "Read the gateway token from this file.", "F"),
        valueOption("seed", "Seed of every decision the world makes.", "N"),
        valueOption("rate", "Planned spawns per second.", "R"),
        valueOption("max-spawns", "Stop spawning after N planned spawns.", "N"),
        valueOption("max-running", "At most N workers at once.", "N"),
        valueOption("worker-min-ms", "Shortest worker run.", "MS"),
        valueOption("worker-max-ms", "Longest worker run.", "MS"),
        valueOption("slow-ms", "How long a 'slow' worker runs.", "MS"),
        valueOption("respawn-delay-ms", "How long an orchestrator takes to respawn.", "MS"),
        valueOption("respawn-ok-percent", "Share of respawned attempts that succeed.", "P"),
        valueOption("orchestrator-share", "Share of spawns made by a hidden orchestrator (0..1).",
                    "F"),
        valueOption("weights", "Outcome weights, e.g. verified=5,model-error=2 (others 0).", "W"),
        valueOption("gateway-version", "Gateway behaviour: 2026.9.6, 2026.9.7 or tasks-admin-only.",
                    "V"),
        valueOption("tick-ms", "Tick interval.", "MS"),
        valueOption("stats-file", "Keep the world's counters in this file.", "F"),
        valueOption("fault-every", "Inject a gateway fault every MS.", "MS"),
        valueOption("faults", "Faults to schedule (comma-separated).", "LIST"),
        valueOption("report-every-ms",
                    "Print {framesSent, spawns} as a JSON line on stdout every MS.", "MS"),
        QCommandLineOption(
            QStringLiteral("start-on-connect"),
            QStringLiteral("Start the world when the first client has connected, not at once.")),
    });
}

// The numbers of the world and the gateway; an error text, or empty.
QString readNumbers(const QCommandLineParser &parser, SimToolOptions &options)
{
    QString error;
    WorldConfig &world = options.world;
    int portValue = 0;
    int seedValue = int(world.seed);
    int tickMs = options.gateway.tickIntervalMs;
    if (!readInt(parser, "port", 0, &portValue, &error) || portValue > 65535 ||
        !readInt(parser, "seed", 0, &seedValue, &error) ||
        !readInt(parser, "max-spawns", 0, &world.maxSpawns, &error) ||
        !readInt(parser, "max-running", 1, &world.maxRunningWorkers, &error) ||
        !readInt(parser, "worker-min-ms", 0, &world.workerMinMs, &error) ||
        !readInt(parser, "worker-max-ms", 0, &world.workerMaxMs, &error) ||
        !readInt(parser, "slow-ms", 0, &world.slowWorkerMs, &error) ||
        !readInt(parser, "respawn-delay-ms", 0, &world.respawnDelayMs, &error) ||
        !readInt(parser, "respawn-ok-percent", 0, &world.respawnOkPercent, &error) ||
        !readInt(parser, "tick-ms", 1, &tickMs, &error) ||
        !readInt(parser, "fault-every", 0, &options.faultEveryMs, &error) ||
        !readInt(parser, "report-every-ms", 0, &options.reportEveryMs, &error))
        return error.isEmpty() ? QStringLiteral("--port must be 0..65535") : error;
    options.port = quint16(portValue);
    world.seed = quint32(seedValue);
    options.gateway.tickIntervalMs = tickMs;
    if (parser.isSet(QStringLiteral("rate"))) {
        bool ok = false;
        world.spawnsPerSecond = parser.value(QStringLiteral("rate")).toDouble(&ok);
        if (!ok || world.spawnsPerSecond <= 0)
            return QStringLiteral("--rate needs a positive number");
    }
    if (parser.isSet(QStringLiteral("orchestrator-share"))) {
        bool ok = false;
        world.orchestratorShare = parser.value(QStringLiteral("orchestrator-share")).toDouble(&ok);
        if (!ok || world.orchestratorShare < 0 || world.orchestratorShare > 1)
            return QStringLiteral("--orchestrator-share needs a number from 0 to 1");
    }
    return {};
}

} // namespace

QString parseSimToolOptions(const QStringList &arguments, SimToolOptions &options, int *exitCode)
{
    QCommandLineParser parser;
    addSimToolOptions(parser);
    *exitCode = 2;
    if (!parser.parse(arguments))
        return parser.errorText() + QLatin1Char('\n');
    if (parser.isSet(QStringLiteral("help"))) {
        *exitCode = 0;
        return parser.helpText();
    }
    if (const QString error = readNumbers(parser, options); !error.isEmpty())
        return error + QLatin1Char('\n');
    QString error;
    const QString weights = QStringLiteral("weights");
    if (parser.isSet(weights) && !applyWeights(parser.value(weights), options.world, &error))
        return error + QLatin1Char('\n');
    const QString version = QStringLiteral("gateway-version");
    if (parser.isSet(version) && !applyGatewayMode(options.gateway, parser.value(version), &error))
        return error + QLatin1Char('\n');
    options.gateway.sharedToken = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (parser.isSet(QStringLiteral("token")))
        options.gateway.sharedToken = parser.value(QStringLiteral("token"));
    if (parser.isSet(QStringLiteral("token-file"))) {
        QFile file(parser.value(QStringLiteral("token-file")));
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read %1: %2\n").arg(file.fileName(), file.errorString());
        options.gateway.sharedToken = QString::fromUtf8(file.readAll()).trimmed();
    }
    options.statsFile = parser.value(QStringLiteral("stats-file"));
    options.startOnConnect = parser.isSet(QStringLiteral("start-on-connect"));
    options.faults =
        parser.value(QStringLiteral("faults")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &name : std::as_const(options.faults)) {
        if (!FaultInjector::names().contains(name))
            return QStringLiteral("--faults: unknown fault '%1' (known: %2)\n")
                .arg(name, FaultInjector::names().join(QStringLiteral(", ")));
    }
    *exitCode = 0;
    return {};
}

} // namespace clawops::sim
