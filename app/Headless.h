#pragma once

#include "host/HostTypes.h"

class QCoreApplication;

namespace clawops::app {

// Runs the engine without a window until SIGINT or SIGTERM, logging to stderr; then commits
// everything and returns the process exit code (0 on a clean stop). A non-empty
// `commitLogPath` records every committed transition there (see CommitLog).
int runHeadless(QCoreApplication &app, const host::EngineSettings &settings,
                const QString &commitLogPath = {});

// Routes SIGINT and SIGTERM into the event loop (a signal handler may only write to a pipe) and
// calls `onSignal` there.
void installTerminationHandler(QCoreApplication &app, std::function<void(int)> onSignal);

} // namespace clawops::app
