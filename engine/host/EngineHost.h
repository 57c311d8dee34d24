#pragma once

#include "EngineApi.h"

#include <QThread>

#include <memory>

namespace clawops::host {

class AnswerOutlet;
class EngineWorker;

// The engine behind the console's EngineApi. It lives in the GUI thread; the engine itself
// (store, socket, timers, core) lives in a QThread of its own and is reached only through
// queued calls. Nothing here blocks but stop(): every request is answered later by a signal
// carrying the same requestId.
class EngineHost final : public EngineApi
{
    Q_OBJECT

public:
    explicit EngineHost(QObject *parent = nullptr);
    ~EngineHost() override; // stops the engine (commits everything, at most ~2 s)

    static void registerMetaTypes();

    void start(const EngineSettings &settings);
    // Commits, disconnects and ends the engine thread, and returns within the time given (plus
    // a few milliseconds) whatever happens: a store writer stuck in a commit or an engine thread
    // that does not finish is left to finish on its own, and the report says so and what was
    // not confirmed committed.
    ShutdownReport stop(int timeoutMs = 2000);
    bool isRunning() const;

    quint64 sendCommand(const core::OperatorCommand &command) override;
    quint64 requestTaskPage(const core::TaskQuery &request) override;
    quint64 requestTaskDetail(const core::TaskId &taskId) override;
    quint64 requestTranscript(const core::SessionKey &sessionKey, int maxLines) override;
    quint64 requestActivity(const ActivityRequest &request) override;
    void reconnect(const QUrl &gatewayUrl, const QString &token) override;
    void disconnectGateway() override;
    void takeOver() override;
    void updateConfig(const core::EngineConfig &config) override;

private:
    // Calls the worker's method in the engine thread, with copies of the arguments.
    template<typename... Params, typename... Args>
    void post(void (EngineWorker::*method)(Params...), Args &&...args);
    // The same for a request: the worker's method takes the request id first.
    template<typename... Params, typename... Args>
    quint64 ask(void (EngineWorker::*method)(quint64, Params...), Args &&...args);
    // The engine thread did not end in time: it keeps running without us.
    void letThreadFinishAlone();

    std::unique_ptr<QThread> m_thread;
    EngineWorker *m_worker = nullptr; // lives in m_thread, deleted there when it finishes
    std::shared_ptr<AnswerOutlet> m_answers;
    quint64 m_lastRequestId = 0;
};

} // namespace clawops::host
