#pragma once

#include "HostTypes.h"

#include <QObject>

namespace clawops::host {

// What the engine tells the console, declared once. Console code connects to these signals; the
// engine thread emits them through an AnswerOutlet, which delivers each one in the thread this
// object lives in. Answers to requests carry the id the request returned.
class EngineAnswers : public QObject
{
    Q_OBJECT

public:
    explicit EngineAnswers(QObject *parent = nullptr);
    ~EngineAnswers() override;

Q_SIGNALS:
    void started(const QString &databasePath);
    void failed(const QString &message); // could not start (store refused, ...): it stopped
    // A commit failed: the engine keeps the changes in memory, writes them when the store takes
    // them again, and goes on (roleChanged says how many wait).
    void storeTrouble(const QString &message);
    void delta(const clawops::host::EngineDelta &delta);
    void connectionChanged(const clawops::host::ConnectionStatus &status);
    void roleChanged(const clawops::host::RoleStatus &status);
    void commandFinished(quint64 requestId, const clawops::core::OperatorCommand &command,
                         const clawops::core::CommandResult &result);
    void taskPageReady(quint64 requestId, const clawops::host::TaskPage &page);
    void taskDetailReady(quint64 requestId, const clawops::host::TaskDetail &detail);
    void transcriptReady(quint64 requestId, const clawops::host::Transcript &transcript);
    void activityReady(quint64 requestId, const clawops::host::ActivitySnapshot &activity);
};

// The console's interface to the engine: the requests, and (inherited) the answers. EngineHost
// implements it over the engine thread; the console's tests drive the console with a fake. No
// request blocks: each returns at once with the id its answer will carry.
class EngineApi : public EngineAnswers
{
    Q_OBJECT

public:
    explicit EngineApi(QObject *parent = nullptr);
    ~EngineApi() override;

    virtual quint64 sendCommand(const core::OperatorCommand &command) = 0;
    virtual quint64 requestTaskPage(const core::TaskQuery &request) = 0;
    virtual quint64 requestTaskDetail(const core::TaskId &taskId) = 0;
    virtual quint64 requestTranscript(const core::SessionKey &sessionKey, int maxLines) = 0;
    virtual quint64 requestActivity(const ActivityRequest &request) = 0;

    // No answer of their own; the connection's status follows through connectionChanged.
    virtual void reconnect(const QUrl &gatewayUrl, const QString &token) = 0;
    virtual void disconnectGateway() = 0;
    // Observer only: act in place of the ClawOps acting on the gateway, which then steps down.
    virtual void takeOver() = 0;
    virtual void updateConfig(const core::EngineConfig &config) = 0;
};

} // namespace clawops::host
