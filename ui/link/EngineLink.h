#pragma once

#include "host/HostTypes.h"

#include <QObject>

namespace clawops::ui {

// What the console needs from the engine, as an interface: the same requests and answers as
// host::EngineHost, so that every widget and model can be driven by a fake in tests. Nothing
// here blocks; each request returns the id its answer will carry.
class EngineLink : public QObject
{
    Q_OBJECT

public:
    explicit EngineLink(QObject *parent = nullptr);
    ~EngineLink() override;

    virtual quint64 sendCommand(const core::OperatorCommand &command) = 0;
    virtual quint64 requestTaskPage(const core::TaskQuery &request) = 0;
    virtual quint64 requestTaskDetail(const QString &taskId) = 0;
    virtual quint64 requestTranscript(const QString &sessionKey, int maxLines) = 0;
    virtual quint64 requestActivity(const host::ActivityRequest &request) = 0;
    virtual void reconnect(const QUrl &gatewayUrl, const QString &token) = 0;
    virtual void disconnectGateway() = 0;
    virtual void updateConfig(const core::EngineConfig &config) = 0;

Q_SIGNALS:
    void started(const QString &databasePath);
    void failed(const QString &message);
    void delta(const clawops::host::EngineDelta &delta);
    void connectionChanged(const clawops::host::ConnectionStatus &status);
    void commandFinished(quint64 requestId, const clawops::core::OperatorCommand &command,
                         const clawops::core::CommandResult &result);
    void taskPageReady(quint64 requestId, const clawops::host::TaskPage &page);
    void taskDetailReady(quint64 requestId, const clawops::host::TaskDetail &detail);
    void transcriptReady(quint64 requestId, const clawops::host::Transcript &transcript);
    void activityReady(quint64 requestId, const clawops::host::ActivitySnapshot &activity);
};

} // namespace clawops::ui
