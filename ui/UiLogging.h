#pragma once

#include <QLoggingCategory>

// The console's logging categories, so that QT_LOGGING_RULES can turn on exactly one part of it
// (for example "clawops.ui.models.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcUiModels)
Q_DECLARE_LOGGING_CATEGORY(lcUiActions)
Q_DECLARE_LOGGING_CATEGORY(lcUiSecrets)
Q_DECLARE_LOGGING_CATEGORY(lcUiExport)
