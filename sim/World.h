#pragma once

#include "FrameFactory.h"
#include "SimTypes.h"
#include "WorldStats.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace clawops::sim {

class SimGatewayServer;

// What the simulated fleet does. Outcome weights are relative; zero switches an outcome off.
struct WorldConfig
{
    quint32 seed = 1;
    double spawnsPerSecond = 0.5;
    // How many spawns the world plans; after the last one it stops spawning by itself (retries
    // and duplicates still happen). 0 = no limit.
    int maxSpawns = 0;
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
    // Share (percent) of respawned attempts that end verified; the rest fail again.
    int respawnOkPercent = 70;

    int weightVerified = 35;       // completed, receipt with verification items
    int weightNoVerification = 20; // completed, "verification": []
    int weightMissingReceipt = 5;  // completed without any receipt
    int weightBlocked = 12;        // blocked receipt, needs an operator answer
    int weightFailedReceipt = 4;   // the worker reports failed
    int weightModelError = 10;     // provider errors, retried by the gateway, then failure
    int weightTimeout = 5;         // runTimeoutSeconds hit
    int weightSlow = 9;            // runs long enough to be killed
    int weightDuplicate = 3;       // the orchestrator spawns the same task twice
    int weightInterrupted = 0;     // the run dies without an ending on the wire (see below)
    // Every so often a running worker's exec waits for an operator's approval (0: never), which
    // expires after approvalTimeoutMs unless a console decides it first.
    int approvalEveryMs = 0;
    int approvalTimeoutMs = 600000;
};

// A simulated OpenClaw deployment behind a SimGatewayServer: front sessions and hidden
// orchestrators that spawn workers, workers that stream, finish with receipts, fail, time out or
// hang; and the RPCs an operator console uses (sessions.list, tasks.list, chat.history,
// sessions.send, wake, tasks.cancel, sessions.abort, chat.abort) answered from that state.
// Frames come from FrameFactory, so they have the recorded gateway's names, nesting and order.
//
// Everything the world decides about a piece of work (which spawn comes n-th, how a worker
// ends, how a respawned attempt ends) is drawn from the seed and that work's names (Dice), and
// every key and id is derived the same way: a run of one seed does the same work whatever a
// console does meanwhile, and two runs can be compared task by task.
//
// The gateway's mode (SimGatewayConfig::tasksApi, interruptedStatus) decides whether tasks.*
// exist and who may call them, whether `task` events are sent, and how a run cut off by a
// restart is reported: `interrupted` rows (2026.9.7) or a late `failed` (2026.9.6).
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
    // model-error, timeout, slow, interrupted.
    QString spawnWorker(const QString &parentKey, const QString &task, const QString &label,
                        const QString &ending, int durationMs = 300);
    // A run of `sessionKey` starts a tool other than sessions_spawn, as session.tool (what the
    // engine's policy watch judges). Returns the run's id.
    // The run keeps going (a long exec) until an abort stops it; what sessions.send brings the
    // session meanwhile waits behind it, as on the gateway.
    QString useTool(const QString &sessionKey, const QString &toolName, const QJsonObject &args);
    // The next `count` aborts of a front session's run are answered as done while the run goes
    // on: what 2026.9.6 once did under load (tests/live, policy scenario).
    void ignoreAborts(int count) { m_abortsToIgnore = count; }
    // The runs the next `count` messages to workers start are aborted a moment later, as
    // 2026.9.6 does when a message lands while it still settles the worker's previous run.
    void abortAnswersAtOnce(int count) { m_answersToAbort = count; }

    // Restarts the gateway as a new instance (SimGatewayServer::restart). `keepRuns` = runs
    // survive the restart (a supervisor that kept the agents alive); otherwise every running
    // worker is cut off: its row says interrupted, or it fails a moment after the gateway is
    // back, as each gateway version reports it.
    bool restartGateway(int downtimeMs, bool keepRuns);
    // Gateway approvals (WorldApprovals.cpp). A run of `sessionKey` asks to exec `command`:
    // exec.approval.requested goes to every approval client. Returns the approval's id.
    QString raiseApproval(const QString &sessionKey, const QString &command, int timeoutMs,
                          const QStringList &allowedDecisions = {});
    // Another client decides it first: exec.approval.resolved names `resolvedBy`.
    bool resolveApprovalElsewhere(const QString &id, const QString &decision,
                                  const QString &resolvedBy);
    QStringList pendingApprovals() const { return m_approvals.keys(); }

    int spawnCount() const { return m_spawnCount; }
    int plannedSpawnsDone() const { return m_plannedDone; }
    int runningWorkers() const;
    QStringList childKeys() const { return m_children.keys(); }
    // Nothing left to do: every planned spawn made, no worker running, nothing scheduled (no
    // announce, respawn or duplicate still to come). A console may still owe retries.
    bool isSettled() const;
    // The counters a test reads without trusting the console: spawns, retries per task and
    // attempt, cancels per child, status and incident posts, and the gateway's own counters.
    QJsonObject stats() const;

Q_SIGNALS:
    void workerSpawned(const QString &childKey, const QString &label);
    void workerEnded(const QString &childKey, const QString &status);
    // sessions.send reached a session the world knows (a worker or an orchestrator), so a test
    // can assert on what an operator's answer or a retry block actually delivered.
    void messageReceived(const QString &sessionKey, const QString &text);
    void statsChanged();
    // A console's approval.resolve (or exec.approval.resolve) was applied.
    void approvalDecided(const QString &id, const QString &decision);

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
        int attempt = 1;
        int runs = 0;
        int statIndex = -1; // its row in m_stats.spawns
        bool running = false;
        QList<QTimer *> timers;
    };
    struct Parent
    {
        FrameFactory::Session session;
        QJsonArray messages;
        std::optional<FrameFactory::Run> toolRun; // a run of useTool() still going
        QList<QPair<QString, QString>> waiting;   // sessions.send text, idempotencyKey
    };
    struct SpawnPlan
    {
        QString parentKey;
        QString task;
        QString label;
        QString ending;
        int durationMs = 0;
    };

    void registerMethods();
    void offer(const QString &method, SimMethodHandler handler,
               const QString &scope = QStringLiteral("operator.read"), bool advertised = true);
    void registerTaskMethods();
    void registerControlMethods();
    void registerSendMethods();
    void registerAbortMethods();
    void registerApprovalMethods();
    void raiseDemoApproval();
    // Closes a pending approval and tells every approval client; false when it was not pending.
    bool closeApproval(const QString &id, const QString &decision, const QJsonValue &resolvedBy);
    void spawnRandom();
    SpawnPlan planSpawn(int number);
    QString ensureOrchestrator(const QString &front);
    Parent &parent(const QString &key, const QString &parentOfParent = {});
    QString spawn(const QString &parentKey, const QString &task, const QString &label,
                  const QString &ending, int durationMs, const QString &origin);
    void announceSpawn(const QString &childKey, const QString &task, const QString &label,
                       int durationMs);
    void scheduleRun(const QString &childKey, int durationMs);
    void finish(const QString &childKey);
    void fail(const QString &childKey, bool timeout);
    void kill(const QString &childKey, const QString &reason);
    void interrupt(const QString &childKey, int reportAfterMs);
    void reportInterrupted(const QString &childKey);
    void announce(const QString &childKey, const QString &statusLine, const QString &result);
    void followUp(const QString &childKey, const QString &text, const QString &idempotencyKey);
    void handleParentMessage(const QString &parentKey, const QString &text,
                             const QString &idempotencyKey);
    // sessions.abort / chat.abort of a front session: the id of the run stopped, or empty.
    QString abortToolRun(const QString &parentKey, const QString &runId);
    QString receiptFor(const Child &child, const QString &status) const;
    void after(const QString &childKey, int ms, std::function<void()> action);
    void cancelTimers(Child &child);
    void setStatus(Child &child, const QString &status);
    void broadcast(const QJsonObject &frame);
    void appendMessage(const QString &sessionKey, const QJsonObject &message);
    QJsonObject taskSummary(const Child &child);
    QJsonObject sessionList(const QJsonObject &params);
    QString stableId(const QStringList &parts) const;
    bool tasksOffered() const;
    void statsTouched();

    SimGatewayServer &m_server;
    // Null once the server is gone (it may own the world): the destructor then leaves it be.
    QPointer<SimGatewayServer> m_serverAlive;
    WorldConfig m_config;
    FrameFactory m_frames;
    QTimer m_spawnTimer;
    int m_spawnsPerTick = 1;
    QHash<QString, Parent> m_parents;
    QHash<QString, Child> m_children;
    QHash<QString, QString> m_childByTask;
    QHash<QString, QString> m_orchestratorOfFront;
    QHash<QString, QJsonArray> m_childMessages;
    QHash<QString, int> m_spawnsOfLabel;       // parent|label -> spawns so far (for stable keys)
    QHash<QString, QJsonObject> m_sendReplies; // idempotencyKey -> the first reply
    QStringList m_registered;                  // methods this world answers
    WorldStats m_stats;
    int m_spawnCount = 0;
    int m_toolUses = 0;
    int m_abortsToIgnore = 0;
    int m_answersToAbort = 0;
    // Pending approvals by id: the exec.approval.list row, and the timer of its expiry.
    struct PendingApproval
    {
        QJsonObject row;
        QTimer *expiry = nullptr;
    };
    QHash<QString, PendingApproval> m_approvals;
    QJsonObject m_approvalDecisions; // id → decision, for stats()
    int m_approvalCount = 0;
    QTimer m_approvalTimer;
    int m_plannedDone = 0;
    int m_scheduled = 0; // world-level actions still to come (respawns, duplicates)
};

} // namespace clawops::sim
