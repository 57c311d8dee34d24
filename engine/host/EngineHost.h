#pragma once

#include "HostTypes.h"

#include <QObject>
#include <QPointer>
#include <QThread>

namespace clawops::host {

class EngineWorker;

// The console's handle on the engine. It lives in the GUI thread; the engine itself (store,
// socket, timers, core) lives in a QThread of its own and is reached only through queued calls.
// Nothing here blocks: every request is answered later by a signal carrying the same requestId.
class EngineHost : public QObject
{
    Q_OBJECT

public:
    explicit EngineHost(QObject *parent = nullptr);
    ~EngineHost() override; // stops the engine (commits everything, at most ~2 s)

    static void registerMetaTypes();

    void start(const EngineSettings &settings);
    // Commits, disconnects and joins the thread. Returns false if it had to give up waiting.
    bool stop(int timeoutMs = 2000);
    bool isRunning() const;

    // Requests. Each returns the requestId its answer will carry.
    quint64 sendCommand(const core::OperatorCommand &command);
    quint64 requestTaskPage(const core::TaskQuery &request);
    quint64 requestTaskDetail(const core::TaskId &taskId);
    quint64 requestTranscript(const QString &sessionKey, int maxLines = 40);
    quint64 requestActivity(const ActivityRequest &request);

    void reconnect(const QUrl &gatewayUrl, const QString &token);
    void disconnectGateway();
    void updateConfig(const core::EngineConfig &config);

Q_SIGNALS:
    void started(const QString &databasePath);
    void failed(const QString &message); // the engine could not start (store refused, ...)
    void delta(const clawops::host::EngineDelta &delta);
    void connectionChanged(const clawops::host::ConnectionStatus &status);
    void commandFinished(quint64 requestId, const clawops::core::OperatorCommand &command,
                         const clawops::core::CommandResult &result);
    void taskPageReady(quint64 requestId, const clawops::host::TaskPage &page);
    void taskDetailReady(quint64 requestId, const clawops::host::TaskDetail &detail);
    void transcriptReady(quint64 requestId, const clawops::host::Transcript &transcript);
    void activityReady(quint64 requestId, const clawops::host::ActivitySnapshot &activity);
    void stopped();

private:
    quint64 nextRequestId();

    QThread m_thread;
    QPointer<EngineWorker> m_worker;
    quint64 m_lastRequestId = 0;
};

} // namespace clawops::host
