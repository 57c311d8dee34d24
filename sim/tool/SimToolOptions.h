#pragma once

#include "SimTypes.h"
#include "World.h"

#include <QString>
#include <QStringList>

namespace clawops::sim {

// What `clawops-sim` was asked to run.
struct SimToolOptions
{
    SimGatewayConfig gateway;
    WorldConfig world;
    quint16 port = 0;
    QString statsFile;           // written on every change (debounced) and on exit
    int faultEveryMs = 0;        // 0 = no scheduled faults
    int reportEveryMs = 0;       // 0 = no counter lines on stdout
    bool startOnConnect = false; // the world waits for the first client to authenticate
    QStringList faults;          // names for the schedule (FaultInjector::names())
};

// Parses the command line into `options`. Returns an empty string on success, else the text to
// print, with the exit status in *exitCode (0 for --help, 2 for a usage error).
QString parseSimToolOptions(const QStringList &arguments, SimToolOptions &options, int *exitCode);

} // namespace clawops::sim
