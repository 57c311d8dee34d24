#pragma once

#include "FrameFactory.h"
#include "SimTypes.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace clawops::sim {

class SimGatewayServer;

// What the simulated fleet does. Outcome weights are relative; zero switches an outcome off.
struct WorldConfig
{
    quint32 seed = 1;
    double spawnsPerSecond = 0.5;
    QStringList frontSessions = {QStringLiteral("agent:main:main"),
                                 QStringLiteral("agent:ops:main")};
    // Share of spawns that go through a hidden orchestrator subagent of the front session.
    double orchestratorShare = 0.5;
    int maxRunningWorkers = 12;
    int workerMinMs = 1500;
    int workerMaxMs = 6000;
    int slowWorkerMs = 45000;
    // How long an orchestrator takes to respawn a task after a retry block reaches it.
    int respawnDelayMs = 300;

    int weightVerified = 35;       // completed, receipt with verification items
    int weightNoVerification = 20; // completed, "verification": []
    int weightMissingReceipt = 5;  // completed without any receipt
    int weightBlocked = 12;        // blocked receipt, needs an operator answer
    int weightFailedReceipt = 4;   // the worker reports failed
    int weightModelError = 10;     // provider errors, retried by the gateway, then failure
    int weightTimeout = 5;         // runTimeoutSeconds hit
    int weightSlow = 9;            // runs long enough to be killed
    int weightDuplicate = 3;       // the orchestrator spawns the same task twice
};

// A simulated OpenClaw deployment behind a SimGatewayServer: front sessions and hidden
// orchestrators that spawn workers, workers that stream, finish with receipts, fail, time out or
// hang; and the RPCs an operator console uses (sessions.list, tasks.list, chat.history,
// sessions.send, wake, tasks.cancel, sessions.abort, chat.abort) answered from that state.
// Frames come from FrameFactory, so they have the recorded gateway's names, nesting and order.
class World : public QObject
{
    Q_OBJECT

public:
    World(SimGatewayServer &server, WorldConfig config, QObject *parent = nullptr);
    ~World() override;

    void start(); // spawning at the configured rate
    void stop();  // no new spawns; running workers still finish
    bool isRunning() const { return m_spawnTimer.isActive(); }

    // Scripted spawns for tests: returns the child session key. `ending` is one of the
    // outcome names: verified, no-verification, missing-receipt, blocked, failed-receipt,
    // model-error, timeout, slow.
    QString spawnWorker(const QString &parentKey, const QString &task, const QString &label,
                        const QString &ending, int durationMs = 300);

    int spawnCount() const { return m_spawnCount; }
    int runningWorkers() const;
    QStringList childKeys() const { return m_children.keys(); }

Q_SIGNALS:
    void workerSpawned(const QString &childKey, const QString &label);
    void workerEnded(const QString &childKey, const QString &status);
    // sessions.send reached a session the world knows (a worker or an orchestrator), so a test
    // can assert on what an operator's answer or a retry block actually delivered.
    void messageReceived(const QString &sessionKey, const QString &text);

private:
    struct Child
    {
        FrameFactory::Session session;
        FrameFactory::Task task;
        QString parentKey;
        QString taskText;
        QString ending;
        QString runId;
        QString receiptTaskId;
        int runs = 0;
        bool running = false;
        QList<QTimer *> timers;
    };
    struct Parent
    {
        FrameFactory::Session session;
        QJsonArray messages;
    };

    void registerMethods();
    void spawnRandom();
    QString pickEnding();
    QString ensureOrchestrator(const QString &front);
    Parent &parent(const QString &key, const QString &parentOfParent = {});
    QString spawn(const QString &parentKey, const QString &task, const QString &label,
                  const QString &ending, int durationMs);
    void finish(const QString &childKey);
    void fail(const QString &childKey, bool timeout);
    void kill(const QString &childKey, const QString &reason);
    void announce(const QString &childKey, const QString &statusLine, const QString &result);
    void followUp(const QString &childKey, const QString &text);
    void handleParentMessage(const QString &parentKey, const QString &text);
    QString receiptFor(const Child &child, const QString &status) const;
    void after(const QString &childKey, int ms, std::function<void()> action);
    void cancelTimers(Child &child);
    void broadcast(const QJsonObject &frame);
    void appendMessage(const QString &sessionKey, const QJsonObject &message);
    QJsonObject taskSummary(const Child &child);

    SimGatewayServer &m_server;
    WorldConfig m_config;
    QRandomGenerator m_random;
    FrameFactory m_frames;
    QTimer m_spawnTimer;
    QHash<QString, Parent> m_parents;
    QHash<QString, Child> m_children;
    QHash<QString, QString> m_childByTask;
    QHash<QString, QString> m_orchestratorOfFront;
    QHash<QString, QJsonArray> m_childMessages;
    int m_spawnCount = 0;
    int m_nextId = 1;
};

} // namespace clawops::sim
