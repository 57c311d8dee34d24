#pragma once

// Shared set-up for the loopback tests: the simulated gateway on 127.0.0.1 (ephemeral port)
// and a client with short reconnect delays and its own temporary state directory.

#include "SimGatewayServer.h"
#include "gateway/GatewayClient.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace clawops::gateway {
// Readable QCOMPARE failures for the state enum (found by ADL).
inline char *toString(ConnectionState state)
{
    return qstrdup(connectionStateName(state).toUtf8().constData());
}
} // namespace clawops::gateway

namespace clawops::test {

// Generous: these tests share two cores with other builds. Nothing here asserts speed.
inline constexpr int kWaitMs = 20000;

inline const QString kSharedToken = QStringLiteral("sim-token");

inline sim::SimGatewayConfig quickSimConfig()
{
    sim::SimGatewayConfig config;
    config.sharedToken = kSharedToken;
    config.tickIntervalMs = 30000; // tests that need ticks set their own
    config.retryAfterMs = 50;
    return config;
}

inline gateway::GatewayClientConfig quickClientConfig(const QUrl &url, const QString &stateDir)
{
    gateway::GatewayClientConfig config;
    config.url = url;
    config.sharedToken = kSharedToken;
    config.stateDir = stateDir;
    config.clientVersion = QStringLiteral("0.0.0-test");
    config.locale = QStringLiteral("en-US");
    config.handshakeTimeoutMs = 5000;
    config.closeTimeoutMs = 1000;
    config.rttIntervalMs = 0;
    config.reconnect.initialDelayMs = 50;
    config.reconnect.maxDelayMs = 400;
    config.reconnect.healthyAfterMs = 300;
    return config;
}

inline QJsonObject readJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

inline QString gatewayDataFile(const QString &name)
{
    return QStringLiteral(CLAWOPS_GATEWAY_DATA_DIR "/") + name;
}

} // namespace clawops::test

// Every loopback test starts the simulated gateway and fails early if it cannot listen.
#define CLAWOPS_START_SIM(server)                                                                  \
    do {                                                                                           \
        QVERIFY2((server).listen(0), "the simulated gateway cannot listen on 127.0.0.1");          \
        QVERIFY((server).port() != 0);                                                             \
    } while (false)

#define CLAWOPS_WAIT_STATE(client, expected)                                                       \
    QTRY_COMPARE_WITH_TIMEOUT((client).state(), (expected), clawops::test::kWaitMs)
