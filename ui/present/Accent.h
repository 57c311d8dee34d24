#pragma once

#include <QColor>
#include <QPalette>

namespace clawops::ui {

// The console's signal colours (info blue, success green, warning orange, error red, muted grey),
// in the shade that reads on the palette they are drawn on: the light theme's saturated shades
// fall below 3:1 contrast on the dark theme's window, so a dark palette gets lighter ones.
enum class Accent
{
    Info,
    Success,
    Warning,
    Error,
    Muted,
};

QColor accentColor(Accent accent, const QPalette &palette);

} // namespace clawops::ui
