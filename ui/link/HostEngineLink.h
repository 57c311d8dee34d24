#pragma once

#include "EngineLink.h"

namespace clawops::host {
class EngineHost;
}

namespace clawops::ui {

// EngineLink over the real engine thread. Only this class (and the entry point) know EngineHost,
// so that the rest of the console links and tests without it.
class HostEngineLink final : public EngineLink
{
    Q_OBJECT

public:
    explicit HostEngineLink(host::EngineHost &host, QObject *parent = nullptr);

    quint64 sendCommand(const core::OperatorCommand &command) override;
    quint64 requestTaskPage(const core::TaskQuery &request) override;
    quint64 requestTaskDetail(const QString &taskId) override;
    quint64 requestTranscript(const QString &sessionKey, int maxLines) override;
    quint64 requestActivity(const host::ActivityRequest &request) override;
    void reconnect(const QUrl &gatewayUrl, const QString &token) override;
    void disconnectGateway() override;
    void updateConfig(const core::EngineConfig &config) override;

private:
    host::EngineHost &m_host;
};

} // namespace clawops::ui
