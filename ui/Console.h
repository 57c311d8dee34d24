#pragma once

#include "host/HostTypes.h"

class QApplication;

namespace clawops::ui {

// The console's entry point for app/main.cpp: registers the metatypes, applies the theme,
// creates the engine host and the main window, starts the engine (after reading the stored
// gateway token when none was given, without blocking) and runs the event loop. Returns the
// application's exit code after the engine has stopped.
int runConsole(QApplication &app, const host::EngineSettings &settings, bool demo);

} // namespace clawops::ui
