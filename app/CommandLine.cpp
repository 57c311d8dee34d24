#include "CommandLine.h"

#include "core/Config.h"

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

QString parseCommandLine(const QStringList &arguments, Options &options, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "clawops", "Operations console and orchestration engine for OpenClaw agent fleets."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption(
        QStringLiteral("version"),
        QCoreApplication::translate("clawops", "Print the version and exit."));
    const QCommandLineOption headlessOption(
        QStringLiteral("headless"),
        QCoreApplication::translate(
            "clawops", "Run the engine without a window until SIGINT/SIGTERM; log to stderr."));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("clawops",
                                    "Connect to a built-in simulated gateway with live traffic."));
    const QCommandLineOption gatewayOption(
        QStringLiteral("gateway"),
        QCoreApplication::translate("clawops",
                                    "Gateway WebSocket URL, e.g. ws://127.0.0.1:18789/."),
        QStringLiteral("URL"));
    const QCommandLineOption tokenFileOption(
        QStringLiteral("token-file"),
        QCoreApplication::translate(
            "clawops", "File holding the gateway token (else $CLAWOPS_GATEWAY_TOKEN)."),
        QStringLiteral("PATH"));
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QCoreApplication::translate("clawops", "The SQLite store (created when missing)."),
        QStringLiteral("PATH"), defaultDatabasePath());
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QCoreApplication::translate("clawops",
                                    "JSON object with the orchestrator plugin's config keys."),
        QStringLiteral("PATH"));
    const QCommandLineOption identityOption(
        QStringLiteral("identity-dir"),
        QCoreApplication::translate("clawops",
                                    "Where the device key and issued device tokens are kept."),
        QStringLiteral("DIR"), defaultIdentityDir());
    const QCommandLineOption operatorOption(
        QStringLiteral("operator"),
        QCoreApplication::translate("clawops", "Operator name for the audit log."),
        QStringLiteral("NAME"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate(
            "clawops",
            "Save a PNG of the main window after --screenshot-delay seconds, then quit."),
        QStringLiteral("PATH"));
    const QCommandLineOption screenshotDelayOption(
        QStringLiteral("screenshot-delay"),
        QCoreApplication::translate("clawops", "Seconds to wait before --screenshot (default 20)."),
        QStringLiteral("SECONDS"), QStringLiteral("20"));
    const QCommandLineOption screenshotPageOption(
        QStringLiteral("screenshot-page"),
        QCoreApplication::translate(
            "clawops",
            "The tab to show for --screenshot: tasks, inbox, retry, timeline or charts."),
        QStringLiteral("PAGE"));
    parser.addOptions({versionOption, headlessOption, demoOption, gatewayOption, tokenFileOption,
                       dbOption, configOption, identityOption, operatorOption, screenshotOption,
                       screenshotDelayOption, screenshotPageOption});

    if (!parser.parse(arguments)) {
        *exitCode = 2;
        return parser.errorText() + QLatin1Char('\n') + parser.helpText();
    }
    if (parser.isSet(helpOption)) {
        *exitCode = 0;
        return parser.helpText();
    }
    if (!parser.positionalArguments().isEmpty()) {
        *exitCode = 2;
        return QCoreApplication::translate("clawops", "Unexpected argument: %1\n")
                   .arg(parser.positionalArguments().first()) +
               parser.helpText();
    }
    options.showVersion = parser.isSet(versionOption);
    options.screenshotPath = parser.value(screenshotOption);
    options.screenshotDelayMs = qMax(0, parser.value(screenshotDelayOption).toInt()) * 1000;
    options.screenshotPage = parser.value(screenshotPageOption);
    options.headless = parser.isSet(headlessOption);
    options.demo = parser.isSet(demoOption);

    host::EngineSettings &settings = options.settings;
    settings.databasePath = parser.value(dbOption);
    options.databaseGiven = parser.isSet(dbOption);
    // A first run has no data folder yet; the store never creates folders on its own.
    if (!options.databaseGiven)
        QDir().mkpath(QFileInfo(settings.databasePath).absolutePath());
    settings.identityDir = parser.value(identityOption);
    settings.operatorName = parser.isSet(operatorOption)
                                ? parser.value(operatorOption)
                                : qEnvironmentVariable("USER", QStringLiteral("operator"));
    if (parser.isSet(gatewayOption)) {
        settings.gatewayUrl = QUrl(parser.value(gatewayOption), QUrl::StrictMode);
        const QString scheme = settings.gatewayUrl.scheme();
        if (!settings.gatewayUrl.isValid() ||
            (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
            *exitCode = 2;
            return QCoreApplication::translate("clawops",
                                               "--gateway needs a ws:// or wss:// URL, got %1\n")
                .arg(parser.value(gatewayOption));
        }
    }
    QString error;
    if (parser.isSet(tokenFileOption)) {
        settings.token = readTokenFile(parser.value(tokenFileOption), &error);
        if (!error.isEmpty()) {
            *exitCode = 2;
            return error + QLatin1Char('\n');
        }
    } else {
        settings.token = qEnvironmentVariable("CLAWOPS_GATEWAY_TOKEN").trimmed();
    }
    settings.config = core::resolveConfig(QJsonObject{});
    if (parser.isSet(configOption)) {
        options.configPath = parser.value(configOption);
        if (!readConfigFile(options.configPath, settings.config, options.configWarnings, &error)) {
            *exitCode = 2;
            return error + QLatin1Char('\n');
        }
    }
    if (options.headless && !options.demo && !settings.gatewayUrl.isValid()) {
        *exitCode = 2;
        return QCoreApplication::translate("clawops",
                                           "--headless needs --gateway URL (or --demo).\n");
    }
    settings.connectToGateway = options.demo || settings.gatewayUrl.isValid();
    *exitCode = 0;
    return {};
}

} // namespace clawops::app
