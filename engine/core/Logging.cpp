#include "Logging.h"

Q_LOGGING_CATEGORY(lcCore, "clawops.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "clawops.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGateway, "clawops.gateway", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAdapter, "clawops.adapter", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHost, "clawops.host", QtInfoMsg)
