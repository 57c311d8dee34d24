#pragma once

namespace clawops::ui {

// Registers the console's compiled-in resources (icons). Safe to call more than once; the main
// window calls it, tests that build widgets directly may too.
void initResources();

} // namespace clawops::ui
