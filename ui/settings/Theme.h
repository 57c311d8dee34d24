#pragma once

#include <QString>

class QApplication;

namespace clawops::ui {

// "system" leaves the platform's look alone; "light" and "dark" use Fusion with a fixed
// palette. State colours are chosen to read on both.
void applyTheme(QApplication &app, const QString &theme);

} // namespace clawops::ui
