#include "UiLogging.h"

Q_LOGGING_CATEGORY(lcUi, "clawops.ui")
Q_LOGGING_CATEGORY(lcUiModels, "clawops.ui.models")
Q_LOGGING_CATEGORY(lcUiActions, "clawops.ui.actions")
Q_LOGGING_CATEGORY(lcUiSecrets, "clawops.ui.secrets")
Q_LOGGING_CATEGORY(lcUiExport, "clawops.ui.export")
