#include "HostEngineLink.h"

#include "host/EngineHost.h"

namespace clawops::ui {

HostEngineLink::HostEngineLink(host::EngineHost &host, QObject *parent)
    : EngineLink(parent)
    , m_host(host)
{
    // EngineHost already marshals from the engine thread; these are plain re-emissions.
    connect(&host, &host::EngineHost::started, this, &EngineLink::started);
    connect(&host, &host::EngineHost::failed, this, &EngineLink::failed);
    connect(&host, &host::EngineHost::delta, this, &EngineLink::delta);
    connect(&host, &host::EngineHost::connectionChanged, this, &EngineLink::connectionChanged);
    connect(&host, &host::EngineHost::commandFinished, this, &EngineLink::commandFinished);
    connect(&host, &host::EngineHost::taskPageReady, this, &EngineLink::taskPageReady);
    connect(&host, &host::EngineHost::taskDetailReady, this, &EngineLink::taskDetailReady);
    connect(&host, &host::EngineHost::transcriptReady, this, &EngineLink::transcriptReady);
    connect(&host, &host::EngineHost::activityReady, this, &EngineLink::activityReady);
}

quint64 HostEngineLink::sendCommand(const core::OperatorCommand &command)
{
    return m_host.sendCommand(command);
}

quint64 HostEngineLink::requestTaskPage(const core::TaskQuery &request)
{
    return m_host.requestTaskPage(request);
}

quint64 HostEngineLink::requestTaskDetail(const QString &taskId)
{
    return m_host.requestTaskDetail(core::TaskId(taskId));
}

quint64 HostEngineLink::requestTranscript(const QString &sessionKey, int maxLines)
{
    return m_host.requestTranscript(sessionKey, maxLines);
}

quint64 HostEngineLink::requestActivity(const host::ActivityRequest &request)
{
    return m_host.requestActivity(request);
}

void HostEngineLink::reconnect(const QUrl &gatewayUrl, const QString &token)
{
    m_host.reconnect(gatewayUrl, token);
}

void HostEngineLink::disconnectGateway()
{
    m_host.disconnectGateway();
}

void HostEngineLink::updateConfig(const core::EngineConfig &config)
{
    m_host.updateConfig(config);
}

} // namespace clawops::ui
