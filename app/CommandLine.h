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
    bool databaseGiven = false; // --db was on the command line
    QString screenshotPath;     // --screenshot: save the main window after a delay, then quit
    int screenshotDelayMs = 20000;
    QString screenshotPage; // --screenshot-page: the tab to show first (tasks, timeline, …)
    QString commitLogPath;  // --commit-log: committed transitions, one JSON line each (headless)
    QString importPath;     // --import: copy this SQLite store into --db, then exit
    QStringList configWarnings;
};

// Parses argv into options. Returns an empty string on success, else the message to print
// (with the exit code the caller should use in *exitCode: 0 for --help, 2 for usage errors).
QString parseCommandLine(const QStringList &arguments, Options &options, int *exitCode);

// The demo keeps its own store (unless --db says otherwise), retries failed workers and uses a
// short verification window, so that every part of the console is busy within a minute.
void applyDemoDefaults(Options &options);

QString defaultDatabasePath();
QString defaultIdentityDir();

} // namespace clawops::app
