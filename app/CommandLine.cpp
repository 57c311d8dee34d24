#include "CommandLine.h"

#include "core/Config.h"
#include "gateway/OwnerOnlyFile.h"
#include "gateway/TransportPolicy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace clawops::app {

namespace {

QString readTokenFile(const QString &path, QString *error)
{
    if (const QString loose = gateway::looseSecretPermissions(path); !loose.isEmpty()) {
        *error = loose;
        return {};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("clawops", "Cannot read the token file %1: %2")
                     .arg(path, file.errorString());
        return {};
    }
    return QString::fromUtf8(file.readAll()).trimmed();
}

bool readConfigFile(const QString &path, core::EngineConfig &config, QStringList &warnings,
                    QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("clawops", "Cannot read the config file %1: %2")
                     .arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error =
            QCoreApplication::translate("clawops", "The config file %1 is not a JSON object (%2).")
                .arg(path, parseError.error != QJsonParseError::NoError
                               ? parseError.errorString()
                               : QCoreApplication::translate("clawops",
                                                             "the top level is not an object"));
        return false;
    }
    config = core::resolveConfig(document.object(), &warnings);
    return true;
}

} // namespace

void applyDemoDefaults(Options &options)
{
    if (!options.databaseGiven) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        options.settings.databasePath = QDir(dir).filePath(QStringLiteral("demo.db"));
    }
    if (options.configPath.isEmpty()) {
        core::EngineConfig &config = options.settings.config;
        config.autoRetryFailedSubagents = true;
        config.verificationGraceMs = 90000;
        config.respawnWindowMs = 30000;
    }
}

QString defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("clawops.db"));
}

QString defaultIdentityDir()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    return QDir(dir).filePath(QStringLiteral("identity"));
}

namespace {

// Every option clawops takes, declared once; parsing reads them in a few steps.
struct OptionTable
{
    QCommandLineOption version{
        QStringLiteral("version"),
        QCoreApplication::translate("clawops", "Print the version and exit.")};
    QCommandLineOption headless{
        QStringLiteral("headless"),
        QCoreApplication::translate(
            "clawops", "Run the engine without a window until SIGINT/SIGTERM; log to stderr.")};
    QCommandLineOption demo{
        QStringLiteral("demo"),
        QCoreApplication::translate("clawops",
                                    "Connect to a built-in simulated gateway with live traffic.")};
    QCommandLineOption gateway{QStringLiteral("gateway"),
                               QCoreApplication::translate(
                                   "clawops", "Gateway WebSocket URL, e.g. ws://127.0.0.1:18789/."),
                               QStringLiteral("URL")};
    QCommandLineOption allowInsecure{
        QStringLiteral("allow-insecure"),
        QCoreApplication::translate(
            "clawops",
            "Allow ws:// to a gateway on another machine (the token travels unencrypted).")};
    QCommandLineOption noVerifyTls{
        QStringLiteral("no-verify-tls"),
        QCoreApplication::translate(
            "clawops",
            "Do not check the gateway's wss:// certificate (self-signed test gateways only).")};
    QCommandLineOption tokenFile{
        QStringLiteral("token-file"),
        QCoreApplication::translate(
            "clawops",
            "File holding the gateway token, readable by you only (else $CLAWOPS_GATEWAY_TOKEN)."),
        QStringLiteral("PATH")};
    QCommandLineOption db{
        QStringLiteral("db"),
        QCoreApplication::translate(
            "clawops", "The store: a SQLite file (created when missing) or a shared PostgreSQL "
                       "database, postgresql://user@host:port/dbname (password from ~/.pgpass)."),
        QStringLiteral("PATH|URL"), defaultDatabasePath()};
    QCommandLineOption config{
        QStringLiteral("config"),
        QCoreApplication::translate("clawops",
                                    "JSON object with the orchestrator plugin's config keys."),
        QStringLiteral("PATH")};
    QCommandLineOption identity{
        QStringLiteral("identity-dir"),
        QCoreApplication::translate("clawops",
                                    "Where the device key and issued device tokens are kept."),
        QStringLiteral("DIR"), defaultIdentityDir()};
    QCommandLineOption operatorName{
        QStringLiteral("operator"),
        QCoreApplication::translate("clawops", "Operator name for the audit log."),
        QStringLiteral("NAME")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate(
            "clawops",
            "Save a PNG of the main window after --screenshot-delay seconds, then quit."),
        QStringLiteral("PATH")};
    QCommandLineOption screenshotDelay{
        QStringLiteral("screenshot-delay"),
        QCoreApplication::translate("clawops", "Seconds to wait before --screenshot (default 20)."),
        QStringLiteral("SECONDS"), QStringLiteral("20")};
    QCommandLineOption screenshotPage{
        QStringLiteral("screenshot-page"),
        QCoreApplication::translate(
            "clawops",
            "The tab to show for --screenshot: tasks, inbox, retry, timeline or charts."),
        QStringLiteral("PAGE")};
    QCommandLineOption commitLog{
        QStringLiteral("commit-log"),
        QCoreApplication::translate(
            "clawops",
            "With --headless: append each committed transition to this file as a JSON line."),
        QStringLiteral("PATH")};
    QCommandLineOption leaseTtl{
        QStringLiteral("lease-ttl-ms"),
        QCoreApplication::translate(
            "clawops", "Consoles sharing a store: how long the acting engine's lease lasts "
                       "unrenewed before another console takes over (default 10000)."),
        QStringLiteral("MS"), QStringLiteral("10000")};
    QCommandLineOption takeOver{
        QStringLiteral("take-over"),
        QCoreApplication::translate(
            "clawops", "Act even if another ClawOps, with a store of its own, acts on the "
                       "gateway: it steps down to observer.")};
    QCommandLineOption observerGrace{
        QStringLiteral("observer-grace-ms"),
        QCoreApplication::translate(
            "clawops", "Observer: how long the acting ClawOps may be gone from the gateway "
                       "before this one takes over (default 10000)."),
        QStringLiteral("MS"), QStringLiteral("10000")};

    QCommandLineOption importFrom{
        QStringLiteral("import"),
        QCoreApplication::translate(
            "clawops", "Copy every row of this SQLite store (ClawOps's or the plugin's "
                       "orchestrator.db) into the --db store, then exit. Safe to repeat."),
        QStringLiteral("PATH")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({version, headless, demo, gateway, allowInsecure, noVerifyTls, tokenFile,
                           db, config, identity, operatorName, screenshot, screenshotDelay,
                           screenshotPage, commitLog, leaseTtl, takeOver, observerGrace,
                           importFrom});
    }
};

// A usage error: the message to print, with exit code 2.
struct Failure
{
    QString message;
};

std::optional<Failure> readGateway(const QCommandLineParser &parser, const OptionTable &table,
                                   host::EngineSettings &settings)
{
    settings.transport.allowInsecureRemote = parser.isSet(table.allowInsecure);
    settings.transport.verifyCertificates = !parser.isSet(table.noVerifyTls);
    if (parser.isSet(table.gateway)) {
        settings.gatewayUrl = QUrl(parser.value(table.gateway), QUrl::StrictMode);
        const gateway::TransportCheck check =
            gateway::checkTransport(settings.gatewayUrl, settings.transport);
        if (check.kind == gateway::TransportCheck::Kind::NotAWebSocketUrl)
            return Failure{QCoreApplication::translate(
                               "clawops", "--gateway needs a ws:// or wss:// URL, got %1\n")
                               .arg(parser.value(table.gateway))};
        if (!check)
            return Failure{check.message + QLatin1Char('\n')};
    }
    QString error;
    if (parser.isSet(table.tokenFile)) {
        settings.token = readTokenFile(parser.value(table.tokenFile), &error);
        if (!error.isEmpty())
            return Failure{error + QLatin1Char('\n')};
    } else {
        settings.token = qEnvironmentVariable("CLAWOPS_GATEWAY_TOKEN").trimmed();
    }
    return std::nullopt;
}

void readStore(const QCommandLineParser &parser, const OptionTable &table, Options &options)
{
    host::EngineSettings &settings = options.settings;
    settings.databasePath = parser.value(table.db);
    options.databaseGiven = parser.isSet(table.db);
    // A first run has no data folder yet; the store never creates folders on its own.
    if (!options.databaseGiven)
        QDir().mkpath(QFileInfo(settings.databasePath).absolutePath());
    settings.identityDir = parser.value(table.identity);
    settings.operatorName = parser.isSet(table.operatorName)
                                ? parser.value(table.operatorName)
                                : qEnvironmentVariable("USER", QStringLiteral("operator"));
}

void readPresentation(const QCommandLineParser &parser, const OptionTable &table, Options &options)
{
    options.showVersion = parser.isSet(table.version);
    options.screenshotPath = parser.value(table.screenshot);
    options.screenshotDelayMs = qMax(0, parser.value(table.screenshotDelay).toInt()) * 1000;
    options.screenshotPage = parser.value(table.screenshotPage);
    options.commitLogPath = parser.value(table.commitLog);
    options.headless = parser.isSet(table.headless);
    options.demo = parser.isSet(table.demo);
}

} // namespace

QString parseCommandLine(const QStringList &arguments, Options &options, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "clawops", "Operations console and orchestration engine for OpenClaw agent fleets."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const OptionTable table;
    table.addTo(parser);

    *exitCode = 2;
    if (!parser.parse(arguments))
        return parser.errorText() + QLatin1Char('\n') + parser.helpText();
    if (parser.isSet(helpOption)) {
        *exitCode = 0;
        return parser.helpText();
    }
    if (!parser.positionalArguments().isEmpty()) {
        return QCoreApplication::translate("clawops", "Unexpected argument: %1\n")
                   .arg(parser.positionalArguments().first()) +
               parser.helpText();
    }
    readPresentation(parser, table, options);
    readStore(parser, table, options);
    options.importPath = parser.value(table.importFrom);
    // An import into a store nobody named would fill the default one by surprise.
    if (!options.importPath.isEmpty()) {
        if (!options.databaseGiven)
            return QCoreApplication::translate(
                "clawops", "--import needs --db, the store to copy into (postgresql://… or a "
                           "file).\n");
        *exitCode = 0;
        return {};
    }
    host::EngineSettings &settings = options.settings;
    if (const std::optional<Failure> failure = readGateway(parser, table, settings))
        return failure->message;
    bool ttlOk = false;
    settings.leaseTtlMs = parser.value(table.leaseTtl).toInt(&ttlOk);
    // Below a second a busy commit or a garbage collection pause would hand the fleet around.
    if (!ttlOk || settings.leaseTtlMs < 1000)
        return QCoreApplication::translate("clawops",
                                           "--lease-ttl-ms needs a number of milliseconds, at "
                                           "least 1000, got %1\n")
            .arg(parser.value(table.leaseTtl));
    settings.takeOver = parser.isSet(table.takeOver);
    bool graceOk = false;
    settings.observerGraceMs = parser.value(table.observerGrace).toInt(&graceOk);
    if (!graceOk || settings.observerGraceMs < 0)
        return QCoreApplication::translate("clawops",
                                           "--observer-grace-ms needs a number of milliseconds, "
                                           "got %1\n")
            .arg(parser.value(table.observerGrace));
    settings.config = core::resolveConfig(QJsonObject{});
    if (parser.isSet(table.config)) {
        options.configPath = parser.value(table.config);
        QString error;
        if (!readConfigFile(options.configPath, settings.config, options.configWarnings, &error))
            return error + QLatin1Char('\n');
    }
    if (options.headless && !options.demo && !settings.gatewayUrl.isValid())
        return QCoreApplication::translate("clawops",
                                           "--headless needs --gateway URL (or --demo).\n");
    settings.connectToGateway = options.demo || settings.gatewayUrl.isValid();
    *exitCode = 0;
    return {};
}

} // namespace clawops::app
