#pragma once

#include "core/TaskState.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace clawops::ui {

// The console's words and colours for the task states. The engine only knows state names; what
// an operator reads and sees is decided here, in one place.
class StateStyle
{
    Q_DECLARE_TR_FUNCTIONS(StateStyle)

public:
    static QString label(core::TaskState state);       // "needs input"
    static QString description(core::TaskState state); // a sentence for tooltips
    static QColor color(core::TaskState state);        // badge fill
    static QColor textColor(core::TaskState state);    // text on that fill
};

} // namespace clawops::ui
