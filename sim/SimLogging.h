#pragma once

#include <QLoggingCategory>

// The simulated gateway logs under its own category so a test run can silence it
// (QT_LOGGING_RULES="clawops.sim.info=false") without hiding the client's own logs.
Q_DECLARE_LOGGING_CATEGORY(lcSim)
