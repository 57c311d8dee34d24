// The one place the window meets the real engine host; kept apart so that tests linking
// MainWindow with a fake EngineLink do not need EngineHost's implementation.
#include "MainWindow.h"
#include "link/HostEngineLink.h"

namespace clawops::ui {

MainWindow::MainWindow(host::EngineHost &host, const host::EngineSettings &settings, bool demo,
                       QWidget *parent)
    : MainWindow(std::make_unique<HostEngineLink>(host), settings, demo, parent)
{}

} // namespace clawops::ui
