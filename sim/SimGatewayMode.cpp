#include "SimTypes.h"

namespace clawops::sim {

QString gatewayModeFromEnvironment()
{
    return qEnvironmentVariable("CLAWOPS_SIM_GATEWAY_MODE").trimmed();
}

QStringList gatewayModeNames()
{
    return {QStringLiteral("2026.9.6"), QStringLiteral("2026.9.7"),
            QStringLiteral("tasks-admin-only")};
}

bool applyGatewayMode(SimGatewayConfig &config, const QString &mode, QString *error)
{
    if (mode == QLatin1String("2026.9.6") || mode == QLatin1String("standard")) {
        config.version = QStringLiteral("2026.9.6");
        config.tasksApi = SimTasksApi::Offered;
        config.interruptedStatus = false;
        return true;
    }
    if (mode == QLatin1String("2026.9.7") || mode == QLatin1String("no-tasks")) {
        config.version = QStringLiteral("2026.9.7");
        config.tasksApi = SimTasksApi::Removed;
        config.interruptedStatus = true;
        return true;
    }
    if (mode == QLatin1String("tasks-admin-only")) {
        config.version = QStringLiteral("2026.9.6");
        config.tasksApi = SimTasksApi::AdminOnly;
        config.interruptedStatus = false;
        if (!config.withheldScopes.contains(QStringLiteral("operator.admin")))
            config.withheldScopes.append(QStringLiteral("operator.admin"));
        return true;
    }
    if (error)
        *error = QStringLiteral("unknown gateway mode %1 (known: %2)")
                     .arg(mode, gatewayModeNames().join(QStringLiteral(", ")));
    return false;
}

} // namespace clawops::sim
