#include "GatewayClientConfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>
#include <QStandardPaths>

#ifndef CLAWOPS_APP_VERSION
#define CLAWOPS_APP_VERSION "0.0.0"
#endif

namespace clawops::gateway {

GatewayClientConfig resolveClientConfig(GatewayClientConfig config)
{
    if (config.clientVersion.isEmpty()) {
        config.clientVersion = QCoreApplication::applicationVersion();
        if (config.clientVersion.isEmpty())
            config.clientVersion = QStringLiteral(CLAWOPS_APP_VERSION);
    }
    if (config.locale.isEmpty())
        config.locale = QLocale::system().bcp47Name();
    if (config.userAgent.isEmpty())
        config.userAgent = QStringLiteral("ClawOps/%1").arg(config.clientVersion);
    if (config.stateDir.isEmpty()) {
        const QString base = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
        config.stateDir =
            QDir(base.isEmpty() ? QDir::homePath() + QStringLiteral("/.config/clawops") : base)
                .filePath(QStringLiteral("gateway"));
    }
    return config;
}

} // namespace clawops::gateway
