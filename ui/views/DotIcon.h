#pragma once

#include <QColor>
#include <QIcon>

namespace clawops::ui {

// A filled circle as an icon that is drawn at whatever size and pixel ratio it is shown at, so
// state and connection dots stay sharp on high-DPI screens (a fixed QPixmap would be scaled up).
// inset is the empty margin as a fraction of the icon's side.
QIcon dotIcon(const QColor &color, qreal inset = 1.0 / 12);

} // namespace clawops::ui
