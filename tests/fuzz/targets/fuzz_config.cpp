// A config file → the application's --config reader (app::parseCommandLine), which hands the
// JSON object to core::resolveConfig.
//
// Beyond "no crash, no leak, no undefined behaviour": a file is either refused with a message
// (exit code 2) or read into a config; and a config read back from its own JSON form
// (configToJson, as the settings store it) is the same config, with no warnings.
#include "CommandLine.h"
#include "FuzzSupport.h"
#include "core/Config.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace clawops;
using clawops::fuzz::fail;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    clawops::fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            fail("cannot write the config file", path.toUtf8());
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }

    app::Options options;
    int exitCode = -1;
    const QString message = app::parseCommandLine(
        {QStringLiteral("clawops"), QStringLiteral("--headless"), QStringLiteral("--demo"),
         QStringLiteral("--db"), dir.filePath(QStringLiteral("clawops.db")),
         QStringLiteral("--config"), path},
        options, &exitCode);
    if (!message.isEmpty()) {
        if (exitCode != 2 || !message.contains(QDir::toNativeSeparators(path)))
            fail("a refused config file without exit code 2 and its path", message.toUtf8());
        return 0;
    }
    if (exitCode != 0)
        fail("a config file read with a non-zero exit code", QByteArray::number(exitCode));

    const core::EngineConfig &config = options.settings.config;
    const QJsonObject saved = core::configToJson(config);
    QStringList warnings;
    const core::EngineConfig reread = core::resolveConfig(saved, &warnings);
    if (!(reread == config) || !warnings.isEmpty())
        fail("a config does not survive its own JSON form",
             QJsonDocument(saved).toJson() + warnings.join(QLatin1Char('\n')).toUtf8());
    return 0;
}
