#pragma once

#include "host/HostTypes.h"

#include <QString>
#include <QStringList>

namespace clawops::app {

struct Options
{
    bool headless = false;
    bool demo = false;
    bool showVersion = false;
    host::EngineSettings settings;
    QString configPath;
    QStringList configWarnings;
};

// Parses argv into options. Returns an empty string on success, else the message to print
// (with the exit code the caller should use in *exitCode: 0 for --help, 2 for usage errors).
QString parseCommandLine(const QStringList &arguments, Options &options, int *exitCode);

QString defaultDatabasePath();
QString defaultIdentityDir();

} // namespace clawops::app
