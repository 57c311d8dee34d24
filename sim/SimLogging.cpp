#include "SimLogging.h"

Q_LOGGING_CATEGORY(lcSim, "clawops.sim", QtInfoMsg)
