#pragma once

#include <QLoggingCategory>

// One category per engine layer, so an operator can turn on exactly the noise they need with
// QT_LOGGING_RULES (for example "clawops.gateway.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcCore)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcGateway)
Q_DECLARE_LOGGING_CATEGORY(lcAdapter)
Q_DECLARE_LOGGING_CATEGORY(lcHost)
