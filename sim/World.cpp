#include "World.h"

#include "SimGatewayServer.h"
#include "SimLogging.h"
#include "WorldDice.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

namespace clawops::sim {

namespace {

qint64 wallNow()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// The task id a worker should put in its receipt: the one in the result contract when the task
// carries it (respawns by the engine do), else none.
QString contractTaskId(const QString &task)
{
    static const QRegularExpression pattern(QStringLiteral(R"re("task_id":\s*"([^"]+)")re"));
    const QRegularExpressionMatch match = pattern.match(task);
    return match.hasMatch() ? match.captured(1) : QString();
}

int contractAttempt(const QString &task)
{
    static const QRegularExpression pattern(QStringLiteral(R"(Current attempt:\s*(\d+))"));
    const QRegularExpressionMatch match = pattern.match(task);
    return match.hasMatch() ? qMax(1, match.captured(1).toInt()) : 1;
}

const QStringList kEndings = {
    QStringLiteral("verified"),        QStringLiteral("no-verification"),
    QStringLiteral("missing-receipt"), QStringLiteral("blocked"),
    QStringLiteral("failed-receipt"),  QStringLiteral("model-error"),
    QStringLiteral("timeout"),         QStringLiteral("slow"),
    QStringLiteral("duplicate"),       QStringLiteral("interrupted"),
};

// What 2026.9.6 says of a run its restart cut off (tests/live/README.md, restart scenario).
const QString kInterruptedError =
    QStringLiteral("Subagent execution was interrupted by a Gateway restart");

} // namespace

World::World(SimGatewayServer &server, WorldConfig config, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_serverAlive(&server)
    , m_config(std::move(config))
    , m_frames(wallNow())
{
    registerMethods();
    connect(&m_spawnTimer, &QTimer::timeout, this, [this] {
        for (int i = 0; i < m_spawnsPerTick && m_spawnTimer.isActive(); ++i)
            spawnRandom();
    });
    connect(&m_server, &SimGatewayServer::countersChanged, this, &World::statsChanged);
    connect(&m_approvalTimer, &QTimer::timeout, this, &World::raiseDemoApproval);
}

World::~World()
{
    for (Child &child : m_children)
        cancelTimers(child);
    // The handlers point at this world; a server that outlives it must not call them.
    if (m_serverAlive) {
        for (const QString &method : std::as_const(m_registered))
            m_server.unregisterMethod(method);
        m_server.setSessionListProvider({});
    }
}

void World::start()
{
    const int intervalMs = qMax(20, int(1000.0 / qMax(0.01, m_config.spawnsPerSecond)));
    // Timers go no finer than 20 ms here; higher rates spawn several at each tick.
    m_spawnsPerTick = qMax(1, qRound(m_config.spawnsPerSecond * intervalMs / 1000.0));
    m_spawnTimer.start(intervalMs);
    if (m_config.approvalEveryMs > 0)
        m_approvalTimer.start(m_config.approvalEveryMs);
}

void World::stop()
{
    m_spawnTimer.stop();
    m_approvalTimer.stop();
}

int World::runningWorkers() const
{
    int running = 0;
    for (const Child &child : m_children)
        running += child.running ? 1 : 0;
    return running;
}

bool World::isSettled() const
{
    if (m_config.maxSpawns > 0 && m_plannedDone < m_config.maxSpawns)
        return false;
    if (m_scheduled > 0)
        return false;
    for (const Child &child : m_children) {
        if (child.running || !child.timers.isEmpty())
            return false;
    }
    return true;
}

QString World::stableId(const QStringList &parts) const
{
    return stableUuid(m_config.seed, parts);
}

bool World::tasksOffered() const
{
    return m_server.config().tasksApi != SimTasksApi::Removed;
}

void World::statsTouched()
{
    Q_EMIT statsChanged();
}

// --- spawning ------------------------------------------------------------------------------

World::SpawnPlan World::planSpawn(int number)
{
    Dice dice(m_config.seed, {QStringLiteral("spawn"), QString::number(number)});
    SpawnPlan plan;
    const QString front =
        m_config.frontSessions.at(dice.bounded(int(m_config.frontSessions.size())));
    const bool viaOrchestrator = dice.unit() < m_config.orchestratorShare;
    plan.parentKey = viaOrchestrator ? ensureOrchestrator(front) : front;
    static const QStringList verbs = {QStringLiteral("Build"),     QStringLiteral("Test"),
                                      QStringLiteral("Lint"),      QStringLiteral("Audit"),
                                      QStringLiteral("Benchmark"), QStringLiteral("Document")};
    static const QStringList things = {
        QStringLiteral("the parser"),     QStringLiteral("the API"),
        QStringLiteral("the migrations"), QStringLiteral("the CLI"),
        QStringLiteral("the web client"), QStringLiteral("the docs")};
    const QString &verb = verbs.at(dice.bounded(int(verbs.size())));
    const QString &thing = things.at(dice.bounded(int(things.size())));
    plan.task = QStringLiteral("%1 %2 for ticket T-%3 and reply with a fenced json receipt.")
                    .arg(verb, thing)
                    .arg(number);
    plan.label = QStringLiteral("%1-t-%2").arg(verb.toLower()).arg(number);
    const int endingIndex =
        dice.pick({m_config.weightVerified, m_config.weightNoVerification,
                   m_config.weightMissingReceipt, m_config.weightBlocked,
                   m_config.weightFailedReceipt, m_config.weightModelError, m_config.weightTimeout,
                   m_config.weightSlow, m_config.weightDuplicate, m_config.weightInterrupted});
    plan.ending = endingIndex < 0 ? QStringLiteral("verified") : kEndings.at(endingIndex);
    plan.durationMs = dice.between(m_config.workerMinMs, m_config.workerMaxMs);
    if (plan.ending == QLatin1String("slow"))
        plan.durationMs = m_config.slowWorkerMs;
    return plan;
}

void World::spawnRandom()
{
    if (m_config.maxSpawns > 0 && m_plannedDone >= m_config.maxSpawns) {
        m_spawnTimer.stop();
        return;
    }
    // Busy: try again at the next tick. Only when work starts depends on this, never what.
    if (runningWorkers() >= m_config.maxRunningWorkers || m_config.frontSessions.isEmpty())
        return;
    const int number = ++m_plannedDone;
    const SpawnPlan plan = planSpawn(number);
    if (plan.ending == QLatin1String("duplicate")) {
        // The orchestrator loses track and spawns the same work twice, a moment apart.
        spawn(plan.parentKey, plan.task, plan.label, QStringLiteral("verified"),
              plan.durationMs + 2000, QStringLiteral("planned"));
        m_stats.spawns.last().number = number;
        ++m_scheduled;
        QTimer::singleShot(400, this, [this, plan] {
            --m_scheduled;
            spawn(plan.parentKey, plan.task, plan.label, QStringLiteral("verified"), 2000,
                  QStringLiteral("duplicate"));
        });
    } else {
        spawn(plan.parentKey, plan.task, plan.label, plan.ending, plan.durationMs,
              QStringLiteral("planned"));
        m_stats.spawns.last().number = number;
    }
    if (m_config.maxSpawns > 0 && m_plannedDone >= m_config.maxSpawns) {
        qCInfo(lcSim) << "all" << m_plannedDone << "planned spawns made";
        m_spawnTimer.stop();
    }
}

QString World::spawnWorker(const QString &parentKey, const QString &task, const QString &label,
                           const QString &ending, int durationMs)
{
    return spawn(parentKey, task, label, ending, durationMs, QStringLiteral("scripted"));
}

World::Parent &World::parent(const QString &key, const QString &parentOfParent)
{
    auto it = m_parents.find(key);
    if (it == m_parents.end()) {
        Parent created;
        created.session.key = key;
        created.session.sessionId = stableId({QStringLiteral("session"), key});
        created.session.parentKey = parentOfParent;
        created.session.status = QStringLiteral("done");
        created.session.createdAt = wallNow();
        it = m_parents.insert(key, created);
    }
    return *it;
}

QString World::ensureOrchestrator(const QString &front)
{
    if (QString existing = m_orchestratorOfFront.value(front); !existing.isEmpty())
        return existing;
    // The front session spawns a hidden orchestrator (the plugin's label convention); it lives
    // as long as the world, and spawns the workers.
    const QString agent = front.section(QLatin1Char(':'), 1, 1);
    QString key = QStringLiteral("agent:%1:subagent:%2")
                      .arg(agent, stableId({QStringLiteral("orchestrator"), front}));
    m_orchestratorOfFront.insert(front, key);
    Parent &frontParent = parent(front);
    Parent &orchestrator = parent(key, front);
    orchestrator.session.label = QStringLiteral("thread-orchestrator-%1").arg(agent);
    orchestrator.session.status = QStringLiteral("running");

    const QString toolCallId =
        QStringLiteral("call_") + stableId({QStringLiteral("call"), key}).left(12);
    const QJsonObject args{{QStringLiteral("task"),
                            QStringLiteral("[Hidden Thread Orchestrator]\nrequesterSessionKey: %1\n"
                                           "Coordinate the workers for this thread.")
                                .arg(front)},
                           {QStringLiteral("label"), orchestrator.session.label}};
    FrameFactory::Run run{front,
                          frontParent.session.sessionId,
                          stableId({QStringLiteral("front-run"), key}),
                          {},
                          false,
                          true};
    m_frames.setNow(wallNow());
    broadcast(m_frames.agentLifecycleStart(run));
    broadcast(m_frames.sessionToolStart(run, frontParent.session, toolCallId, args));
    broadcast(m_frames.sessionToolResult(run, frontParent.session, toolCallId,
                                         orchestrator.session.label, key,
                                         stableId({QStringLiteral("run"), key})));
    broadcast(m_frames.sessionsChangedReason(orchestrator.session, QStringLiteral("create")));
    broadcast(m_frames.agentLifecycleEnd(run, QStringLiteral("Orchestrator started.")));
    return key;
}

QString World::spawn(const QString &parentKey, const QString &task, const QString &label,
                     const QString &ending, int durationMs, const QString &origin)
{
    ++m_spawnCount;
    parent(parentKey);
    const QString agent = parentKey.section(QLatin1Char(':'), 1, 1);
    // The n-th spawn of this label by this parent has the same key in every run of the seed.
    const int ordinal = ++m_spawnsOfLabel[parentKey + QLatin1Char('|') + label];
    QString childKey =
        QStringLiteral("%1:subagent:%2")
            .arg(parentKey.contains(QLatin1String(":subagent:"))
                     ? parentKey
                     : QStringLiteral("agent:%1").arg(agent),
                 stableId({QStringLiteral("child"), parentKey, label, QString::number(ordinal)}));
    Child child;
    child.parentKey = parentKey;
    child.taskText = task;
    child.ending = ending;
    child.attempt = contractAttempt(task);
    child.session.key = childKey;
    child.session.sessionId = stableId({QStringLiteral("session"), childKey});
    child.session.parentKey = parentKey;
    child.session.label = label;
    child.session.createdAt = wallNow();
    child.session.startedAt = child.session.createdAt;
    child.runId = stableId({QStringLiteral("run"), childKey});
    child.session.activeRunId = child.runId;
    child.receiptTaskId = contractTaskId(task);
    if (child.receiptTaskId.isEmpty())
        child.receiptTaskId =
            QStringLiteral("W-") + stableId({QStringLiteral("receipt"), childKey}).left(8);
    child.task.id = stableId({QStringLiteral("task"), childKey});
    child.task.parentKey = parentKey;
    child.task.childKey = childKey;
    child.task.runId = child.runId;
    child.task.title = label;
    child.task.createdAt = child.session.createdAt;
    child.running = true;
    child.runs = 1;
    child.statIndex = int(m_stats.spawns.size());
    m_stats.spawns.append(WorldStats::Spawn{0, origin, label, child.attempt, childKey, parentKey,
                                            child.receiptTaskId, ending,
                                            QStringLiteral("running")});
    m_children.insert(childKey, child);
    m_childByTask.insert(child.task.id, childKey);
    announceSpawn(childKey, task, label, durationMs);
    Q_EMIT workerSpawned(childKey, label);
    scheduleRun(childKey, durationMs);
    statsTouched();
    return childKey;
}

QString World::useTool(const QString &sessionKey, const QString &toolName, const QJsonObject &args)
{
    Parent &caller = parent(sessionKey);
    const QString use = QString::number(++m_toolUses);
    const QString toolCallId =
        QStringLiteral("call_") + stableId({QStringLiteral("tool"), sessionKey, use}).left(12);
    FrameFactory::Run run{sessionKey,
                          caller.session.sessionId,
                          stableId({QStringLiteral("tool-run"), sessionKey, use}),
                          {},
                          false,
                          !sessionKey.contains(QLatin1String(":subagent:"))};
    m_frames.setNow(wallNow());
    broadcast(m_frames.agentLifecycleStart(run));
    broadcast(m_frames.sessionOtherToolStart(run, caller.session, toolCallId, toolName, args));
    caller.toolRun = run;
    return run.runId;
}

// The gateway's order (P4): chat aborted, lifecycle end cancelled; then what waited behind the
// run is delivered.
QString World::abortToolRun(const QString &parentKey, const QString &runId)
{
    auto it = m_parents.find(parentKey);
    if (it == m_parents.end() || !it->toolRun || (!runId.isEmpty() && runId != it->toolRun->runId))
        return {};
    if (m_abortsToIgnore > 0) {
        --m_abortsToIgnore;
        ++m_stats.abortsIgnored;
        statsTouched();
        return stableId({QStringLiteral("queued-run"), parentKey, QString::number(m_toolUses)});
    }
    const FrameFactory::Run run = *it->toolRun;
    it->toolRun.reset();
    m_frames.setNow(wallNow());
    broadcast(m_frames.chatAborted(run, QStringLiteral("Calling exec."), QStringLiteral("rpc")));
    broadcast(m_frames.agentLifecycleEndCancelled(run));
    const QList<QPair<QString, QString>> waiting = std::exchange(it->waiting, {});
    for (const auto &[text, idempotencyKey] : waiting) {
        handleParentMessage(parentKey, text, idempotencyKey);
        Q_EMIT messageReceived(parentKey, text);
    }
    return run.runId;
}

// The parent's turn that calls sessions_spawn, as every subscriber sees it, and the transcript
// rows a resync reads back.
void World::announceSpawn(const QString &childKey, const QString &task, const QString &label,
                          int durationMs)
{
    const Child &child = m_children[childKey];
    const QString parentKey = child.parentKey;
    Parent &caller = parent(parentKey);
    const QString toolCallId =
        QStringLiteral("call_") + stableId({QStringLiteral("call"), childKey}).left(12);
    QJsonObject args{{QStringLiteral("task"), task}, {QStringLiteral("label"), label}};
    if (child.ending == QLatin1String("timeout"))
        args.insert(QStringLiteral("runTimeoutSeconds"), qMax(1, durationMs / 1000));
    FrameFactory::Run parentRun{parentKey,
                                caller.session.sessionId,
                                stableId({QStringLiteral("parent-run"), childKey}),
                                {},
                                false,
                                !parentKey.contains(QLatin1String(":subagent:"))};
    m_frames.setNow(wallNow());
    broadcast(m_frames.agentLifecycleStart(parentRun));
    // Now and then a hidden orchestrator tries the work itself before delegating, as agents do
    // despite the orchestrator prompt: the console's policy watch has something to show. Chosen
    // by the spawn's own id rather than the dice, so every other outcome stays as it was.
    if (parentKey.contains(QLatin1String(":subagent:")) &&
        QStringLiteral("048c").contains(stableId({QStringLiteral("direct-tool"), childKey}).back()))
        broadcast(m_frames.sessionOtherToolStart(
            parentRun, caller.session, toolCallId + QStringLiteral("_exec"), QStringLiteral("exec"),
            {{QStringLiteral("command"), QStringLiteral("make %1").arg(label)}}));
    broadcast(m_frames.sessionToolStart(parentRun, caller.session, toolCallId, args));
    if (tasksOffered())
        broadcast(m_frames.task(child.task));
    broadcast(m_frames.sessionToolResult(parentRun, caller.session, toolCallId, label, childKey,
                                         child.runId));
    broadcast(m_frames.sessionsChangedReason(child.session, QStringLiteral("create")));
    const QJsonObject toolCallMessage =
        m_frames.sessionMessageToolCall(caller.session, toolCallId, args);
    broadcast(toolCallMessage);
    appendMessage(parentKey, toolCallMessage.value(QLatin1String("payload"))
                                 .toObject()
                                 .value(QLatin1String("message"))
                                 .toObject());
    // The transcript keeps the call's result too, as the real gateway's does: a resync that
    // finds the call there learns which child it made.
    const QJsonObject spawnResult{{QStringLiteral("status"), QStringLiteral("accepted")},
                                  {QStringLiteral("childSessionKey"), childKey},
                                  {QStringLiteral("runId"), child.runId},
                                  {QStringLiteral("mode"), QStringLiteral("run")}};
    appendMessage(
        parentKey,
        {{QStringLiteral("role"), QStringLiteral("toolResult")},
         {QStringLiteral("toolCallId"), toolCallId},
         {QStringLiteral("toolName"), QStringLiteral("sessions_spawn")},
         {QStringLiteral("content"),
          QJsonArray{QJsonObject{
              {QStringLiteral("type"), QStringLiteral("text")},
              {QStringLiteral("text"), QString::fromUtf8(QJsonDocument(spawnResult).toJson())}}}},
         {QStringLiteral("isError"), false}});
    broadcast(m_frames.agentLifecycleEnd(parentRun, QStringLiteral("Delegated to %1.").arg(label)));
    appendMessage(childKey, {{QStringLiteral("role"), QStringLiteral("user")},
                             {QStringLiteral("content"), FrameFactory::subagentTaskMessage(task)}});
}

void World::scheduleRun(const QString &childKey, int durationMs)
{
    after(childKey, 150, [this, childKey] {
        Child &c = m_children[childKey];
        FrameFactory::Run run{childKey, c.session.sessionId, c.runId, c.parentKey, false, false};
        m_frames.setNow(wallNow());
        broadcast(m_frames.agentLifecycleStart(run));
        broadcast(m_frames.sessionsChangedPhase(c.session, QStringLiteral("start"), c.runId));
        const QString first = QStringLiteral("Working on %1.").arg(c.session.label);
        broadcast(m_frames.agentAssistant(run, first, first, QStringLiteral("item-1")));
        broadcast(m_frames.chatDelta(run, first, first));
    });
    const QString ending = m_children.value(childKey).ending;
    if (ending == QLatin1String("model-error")) {
        // The gateway retries a failing provider itself before giving up.
        after(childKey, durationMs / 3, [this, childKey] {
            Child &c = m_children[childKey];
            FrameFactory::Run run{childKey, c.session.sessionId, c.runId, c.parentKey, false,
                                  false};
            m_frames.setNow(wallNow());
            broadcast(m_frames.agentLifecycleFinishingBlocked(
                run,
                QStringLiteral("mock/sim-1 request failed (provider internal error, HTTP 500).")));
            broadcast(m_frames.agentRunStatusRetrying(run, 1, 8, 1000));
        });
    }
    after(childKey, durationMs, [this, childKey] {
        const QString end = m_children.value(childKey).ending;
        if (end == QLatin1String("model-error"))
            fail(childKey, false);
        else if (end == QLatin1String("timeout"))
            fail(childKey, true);
        else if (end == QLatin1String("interrupted"))
            interrupt(childKey, 0);
        else
            finish(childKey);
    });
}

// --- endings -------------------------------------------------------------------------------

QString World::receiptFor(const Child &child, const QString &status) const
{
    QJsonObject receipt{
        {QStringLiteral("task_id"), child.receiptTaskId},
        {QStringLiteral("status"), status},
        {QStringLiteral("summary"), QStringLiteral("%1: %2").arg(child.session.label, status)}};
    if (status == QLatin1String("completed") && child.ending == QLatin1String("verified")) {
        receipt.insert(
            QStringLiteral("artifacts"),
            QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("file")},
                                   {QStringLiteral("path_or_ref"),
                                    QStringLiteral("reports/%1.md").arg(child.session.label)},
                                   {QStringLiteral("description"), QStringLiteral("report")}}});
        receipt.insert(
            QStringLiteral("verification"),
            QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("command")},
                                   {QStringLiteral("value"), QStringLiteral("make check")},
                                   {QStringLiteral("expected"), QStringLiteral("exit 0")}},
                       QJsonObject{{QStringLiteral("kind"), QStringLiteral("file")},
                                   {QStringLiteral("value"),
                                    QStringLiteral("reports/%1.md").arg(child.session.label)},
                                   {QStringLiteral("expected"),
                                    QStringLiteral("a section per checked item")}},
                       QJsonObject{{QStringLiteral("kind"), QStringLiteral("url")},
                                   {QStringLiteral("value"),
                                    QStringLiteral("http://127.0.0.1:8080/health")},
                                   {QStringLiteral("expected"), QStringLiteral("200 OK")}}});
    } else if (status == QLatin1String("completed")) {
        receipt.insert(QStringLiteral("verification"), QJsonArray{});
    } else if (status == QLatin1String("blocked")) {
        receipt.insert(QStringLiteral("blockers"),
                       QJsonArray{QJsonObject{
                           {QStringLiteral("type"), QStringLiteral("decision")},
                           {QStringLiteral("message"),
                            QStringLiteral("Two configurations fit: staging or production?")},
                           {QStringLiteral("suggested_fix"),
                            QStringLiteral("Answer with the environment to use.")},
                           {QStringLiteral("required_from_user"), true}}});
    }
    return QStringLiteral("%1 %2.\n\n```json\n%3\n```")
        .arg(status == QLatin1String("completed") ? QStringLiteral("Done with")
                                                  : QStringLiteral("Stopped on"),
             child.session.label,
             QString::fromUtf8(QJsonDocument(receipt).toJson(QJsonDocument::Indented)).trimmed());
}

void World::setStatus(Child &child, const QString &status)
{
    child.session.status = status;
    if (child.statIndex >= 0 && child.statIndex < m_stats.spawns.size())
        m_stats.spawns[child.statIndex].status = status;
    statsTouched();
}

void World::finish(const QString &childKey)
{
    auto it = m_children.find(childKey);
    if (it == m_children.end() || !it->running)
        return;
    Child &c = *it;
    QString text;
    if (c.ending == QLatin1String("blocked") && c.runs == 1)
        text = receiptFor(c, QStringLiteral("blocked"));
    else if (c.ending == QLatin1String("failed-receipt"))
        text = receiptFor(c, QStringLiteral("failed"));
    else if (c.ending == QLatin1String("missing-receipt"))
        text = QStringLiteral("Finished %1; nothing more to report.").arg(c.session.label);
    else
        text = receiptFor(c, QStringLiteral("completed"));
    FrameFactory::Run run{childKey, c.session.sessionId, c.runId, c.parentKey, false, false};
    m_frames.setNow(wallNow());
    broadcast(m_frames.agentAssistant(run, text, text, QStringLiteral("item-2")));
    broadcast(m_frames.chatFinal(run, text));
    broadcast(m_frames.agentLifecycleEnd(run, text));
    c.running = false;
    setStatus(c, QStringLiteral("done"));
    c.session.activeRunId.clear();
    c.session.lastRunId = c.runId;
    c.session.endedAt = wallNow();
    c.task.status = QStringLiteral("completed");
    c.task.executionState = QStringLiteral("finished");
    c.task.progressSummary = text.left(200);
    if (tasksOffered())
        broadcast(m_frames.task(c.task));
    broadcast(m_frames.sessionsChangedReason(c.session, QStringLiteral("subagent-status")));
    appendMessage(childKey, {{QStringLiteral("role"), QStringLiteral("assistant")},
                             {QStringLiteral("content"), text}});
    Q_EMIT workerEnded(childKey, QStringLiteral("done"));
    after(childKey, 600, [this, childKey, text] {
        announce(childKey, QStringLiteral("completed; ready for parent review"), text);
    });
}

void World::fail(const QString &childKey, bool timeout)
{
    auto it = m_children.find(childKey);
    if (it == m_children.end() || !it->running)
        return;
    Child &c = *it;
    const QString error =
        timeout
            ? QStringLiteral("Request timed out before a response was generated. Please try again.")
            : QStringLiteral(
                  "mock/sim-1 request failed (provider internal error, HTTP 500). This is "
                  "usually temporary — try again shortly.");
    FrameFactory::Run run{childKey, c.session.sessionId, c.runId, c.parentKey, false, false};
    m_frames.setNow(wallNow());
    broadcast(m_frames.agentLifecycleError(
        run, error, timeout ? FrameFactory::ErrorKind::Timeout : FrameFactory::ErrorKind::Error));
    broadcast(m_frames.chatError(run, error, timeout));
    c.running = false;
    setStatus(c, timeout ? QStringLiteral("timeout") : QStringLiteral("failed"));
    c.session.lastRunError = error;
    c.session.activeRunId.clear();
    c.session.endedAt = wallNow();
    c.task.status = timeout ? QStringLiteral("timed_out") : QStringLiteral("failed");
    c.task.executionState = QStringLiteral("finished");
    c.task.error = timeout ? QString() : error;
    if (tasksOffered())
        broadcast(m_frames.task(c.task));
    broadcast(m_frames.sessionsChangedReason(c.session, QStringLiteral("subagent-status")));
    Q_EMIT workerEnded(childKey, c.session.status);
    after(childKey, 800, [this, childKey, timeout, error] {
        announce(childKey,
                 timeout ? QStringLiteral("timed out") : QStringLiteral("failed: ") + error,
                 timeout ? QStringLiteral("(no output)") : error);
    });
}

void World::kill(const QString &childKey, const QString &reason)
{
    auto it = m_children.find(childKey);
    if (it == m_children.end() || !it->running)
        return;
    Child &c = *it;
    cancelTimers(c);
    FrameFactory::Run run{childKey, c.session.sessionId, c.runId, c.parentKey, false, false};
    m_frames.setNow(wallNow());
    broadcast(m_frames.agentLifecycleError(run, QStringLiteral("agent run aborted"),
                                           FrameFactory::ErrorKind::Aborted));
    broadcast(m_frames.chatAborted(run, QStringLiteral("Working on"), QStringLiteral("aborted")));
    c.running = false;
    setStatus(c, QStringLiteral("killed"));
    c.session.abortedLastRun = true;
    c.session.activeRunId.clear();
    c.session.endedAt = wallNow();
    c.task.status = QStringLiteral("cancelled");
    c.task.executionState = QStringLiteral("finished");
    c.task.error = reason;
    if (tasksOffered())
        broadcast(m_frames.task(c.task));
    broadcast(m_frames.sessionsChangedReason(c.session, QStringLiteral("subagent-status")));
    Q_EMIT workerEnded(childKey, c.session.status);
}

// The run dies with no ending on the wire (the gateway process that owned it went away). A
// gateway with `interrupted` rows says so in the session row at once; 2026.9.6 fails the task
// some time after it is back, and the parent gets an announce turn.
void World::interrupt(const QString &childKey, int reportAfterMs)
{
    auto it = m_children.find(childKey);
    if (it == m_children.end() || !it->running)
        return;
    Child &c = *it;
    cancelTimers(c);
    c.running = false;
    ++m_stats.interruptedRuns;
    c.session.activeRunId.clear();
    c.session.endedAt = wallNow();
    if (m_server.config().interruptedStatus) {
        setStatus(c, QStringLiteral("interrupted"));
        c.task.status = QStringLiteral("failed");
        c.task.executionState = QStringLiteral("finished");
        c.task.error = kInterruptedError;
    } else {
        setStatus(c, QStringLiteral("running")); // until the gateway notices, below
    }
    Q_EMIT workerEnded(childKey, QStringLiteral("interrupted"));
    after(childKey, reportAfterMs, [this, childKey] { reportInterrupted(childKey); });
}

void World::reportInterrupted(const QString &childKey)
{
    Child &c = m_children[childKey];
    m_frames.setNow(wallNow());
    if (m_server.config().interruptedStatus) {
        broadcast(m_frames.sessionsChangedReason(c.session, QStringLiteral("subagent-status")));
        return;
    }
    setStatus(c, QStringLiteral("failed"));
    c.session.lastRunError = kInterruptedError;
    c.task.status = QStringLiteral("failed");
    c.task.executionState = QStringLiteral("finished");
    c.task.error = kInterruptedError;
    if (tasksOffered())
        broadcast(m_frames.task(c.task));
    broadcast(m_frames.sessionsChangedReason(c.session, QStringLiteral("subagent-status")));
    after(childKey, 300, [this, childKey] {
        announce(childKey, QStringLiteral("failed: ") + kInterruptedError, kInterruptedError);
    });
}

bool World::restartGateway(int downtimeMs, bool keepRuns)
{
    if (!keepRuns) {
        // Reported a moment after the gateway is listening again, as 2026.9.6 does.
        const QStringList keys = m_children.keys();
        for (const QString &key : keys) {
            if (m_children.value(key).running)
                interrupt(key, downtimeMs + 1000);
        }
    }
    return m_server.restart(downtimeMs);
}

void World::announce(const QString &childKey, const QString &statusLine, const QString &result)
{
    const Child c = m_children.value(childKey);
    if (!m_parents.contains(c.parentKey))
        return;
    Parent &p = m_parents[c.parentKey];
    const QString text = FrameFactory::announceText(childKey, c.session.sessionId, c.session.label,
                                                    statusLine, result);
    FrameFactory::Run run{c.parentKey,
                          p.session.sessionId,
                          QStringLiteral("announce:v1:%1:%2").arg(childKey, c.runId),
                          {},
                          false,
                          !c.parentKey.contains(QLatin1String(":subagent:"))};
    m_frames.setNow(wallNow());
    const QJsonObject message = m_frames.sessionMessageUser(p.session, text);
    broadcast(message);
    appendMessage(c.parentKey, message.value(QLatin1String("payload"))
                                   .toObject()
                                   .value(QLatin1String("message"))
                                   .toObject());
    broadcast(m_frames.agentLifecycleStart(run));
    broadcast(
        m_frames.chatFinal(run, QStringLiteral("Noted: %1 %2.").arg(c.session.label, statusLine)));
    broadcast(m_frames.agentLifecycleEnd(run, QStringLiteral("Noted.")));
    if (c.task.status != QLatin1String("cancelled")) {
        Child &stored = m_children[childKey];
        stored.task.deliveryStatus = QStringLiteral("delivered");
        if (tasksOffered())
            broadcast(m_frames.task(stored.task));
    }
}

// An operator (or the engine) writes to a finished child: it takes a new turn and answers.
void World::followUp(const QString &childKey, const QString &text, const QString &idempotencyKey)
{
    auto it = m_children.find(childKey);
    if (it == m_children.end())
        return;
    Child &c = *it;
    c.runs += 1;
    // The gateway runs a sent message under the sender's idempotency key.
    c.runId = !idempotencyKey.isEmpty()
                  ? idempotencyKey
                  : QStringLiteral("idem-send-") +
                        stableId({QStringLiteral("follow-up"), childKey, QString::number(c.runs)})
                            .left(8);
    const QString statusBefore = c.session.status;
    c.running = true;
    setStatus(c, QStringLiteral("running"));
    c.session.activeRunId = c.runId;
    c.task.status = QStringLiteral("running");
    c.task.runId = c.runId;
    appendMessage(childKey, {{QStringLiteral("role"), QStringLiteral("user")},
                             {QStringLiteral("content"), text}});
    FrameFactory::Run run{childKey, c.session.sessionId, c.runId, c.parentKey, false, false};
    m_frames.setNow(wallNow());
    broadcast(m_frames.sessionMessageUser(c.session, text));
    broadcast(m_frames.agentLifecycleStart(run));
    if (m_answersToAbort > 0) {
        --m_answersToAbort;
        ++m_stats.answersAbortedAtOnce;
        statsTouched();
        after(childKey, 100, [this, childKey, run, statusBefore] {
            Child &aborted = m_children[childKey];
            m_frames.setNow(wallNow());
            broadcast(m_frames.chatAborted(run, QString(), QStringLiteral("rpc")));
            broadcast(m_frames.agentLifecycleEndCancelled(run));
            aborted.running = false;
            aborted.session.activeRunId.clear();
            setStatus(aborted, statusBefore);
        });
        return;
    }
    after(childKey, 400, [this, childKey] { finish(childKey); });
}

// A message to an orchestrator: a retry block makes it respawn the task it names, every time
// one is delivered (an agent does what it is told; the gateway's idempotency is all that stands
// between a repeated send and a second respawn). How the respawned attempt ends is decided by
// the seed, the label and the attempt number alone.
void World::handleParentMessage(const QString &parentKey, const QString &text,
                                const QString &idempotencyKey)
{
    if (text.contains(QLatin1String("<orchestrator-status>"))) {
        ++m_stats.statusPosts;
        statsTouched();
        return;
    }
    if (text.contains(QLatin1String("<orchestrator-incident>"))) {
        ++m_stats.incidentPosts;
        statsTouched();
        return;
    }
    if (text.startsWith(QLatin1String("Duplicate worker task suppressed;"))) {
        ++m_stats.duplicateNotices;
        statsTouched();
        return;
    }
    const std::optional<RetryBlock> block = RetryBlock::parse(text);
    if (!block) {
        ++m_stats.operatorMessages;
        statsTouched();
        return;
    }
    WorldStats::Retry &retry = m_stats.noteRetry(*block, parentKey, idempotencyKey);
    statsTouched();
    if (block->task.isEmpty())
        return;
    retry.respawns += 1;
    Dice dice(m_config.seed,
              {QStringLiteral("respawn"), block->label, QString::number(block->nextAttempt)});
    const QString ending = dice.bounded(100) < m_config.respawnOkPercent
                               ? QStringLiteral("verified")
                               : QStringLiteral("model-error");
    ++m_scheduled;
    const QString task = block->task;
    const QString label = block->label;
    QTimer::singleShot(m_config.respawnDelayMs, this, [this, parentKey, task, label, ending] {
        --m_scheduled;
        spawn(parentKey, task, label, ending, m_config.workerMinMs, QStringLiteral("respawn"));
    });
}

// --- plumbing ------------------------------------------------------------------------------

void World::after(const QString &childKey, int ms, std::function<void()> action)
{
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    m_children[childKey].timers.append(timer);
    connect(timer, &QTimer::timeout, this, [this, childKey, timer, action = std::move(action)] {
        if (auto it = m_children.find(childKey); it != m_children.end())
            it->timers.removeAll(timer);
        timer->deleteLater();
        action();
        statsTouched(); // isSettled() may have changed
    });
    timer->start(qMax(0, ms));
}

void World::cancelTimers(Child &child)
{
    for (QTimer *timer : std::as_const(child.timers)) {
        timer->stop();
        timer->deleteLater();
    }
    child.timers.clear();
}

void World::broadcast(const QJsonObject &frame)
{
    const QString event = frame.value(QLatin1String("event")).toString();
    const QJsonObject payload = frame.value(QLatin1String("payload")).toObject();
    if (event == QLatin1String("sessions.changed") || event == QLatin1String("session.tool")) {
        m_server.broadcastEvent(event, payload, SimAudience::SessionSubscribers);
    } else if (event == QLatin1String("session.message")) {
        // Every sessions subscriber sees transcripts on this single-user gateway, as recorded.
        m_server.broadcastEvent(event, payload, SimAudience::SessionSubscribers);
    } else {
        m_server.broadcastEvent(event, payload, SimAudience::Authenticated);
    }
}

void World::appendMessage(const QString &sessionKey, const QJsonObject &message)
{
    QJsonArray &messages = m_childMessages[sessionKey];
    messages.append(message);
    while (messages.size() > 200)
        messages.removeFirst();
}

} // namespace clawops::sim
