#include "World.h"

#include "SimGatewayServer.h"
#include "SimLogging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

namespace clawops::sim {

namespace {

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// Methods that change the deployment need operator.write, as on a real gateway.
const QString kWriteScope = QStringLiteral("operator.write");

qint64 wallNow()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// The task id a worker should put in its receipt: the one in the result contract when the task
// carries it (respawns by the engine do), else a short id of the worker's own.
QString contractTaskId(const QString &task)
{
    static const QRegularExpression pattern(QStringLiteral(R"re("task_id":\s*"([^"]+)")re"));
    const QRegularExpressionMatch match = pattern.match(task);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString firstLine(const QString &text)
{
    return text.section(QLatin1Char('\n'), 0, 0).trimmed();
}

} // namespace

World::World(SimGatewayServer &server, WorldConfig config, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_config(std::move(config))
    , m_random(m_config.seed)
    , m_frames(wallNow())
{
    registerMethods();
    connect(&m_spawnTimer, &QTimer::timeout, this, &World::spawnRandom);
}

World::~World()
{
    for (Child &child : m_children)
        cancelTimers(child);
}

void World::start()
{
    const int intervalMs = qMax(20, int(1000.0 / qMax(0.01, m_config.spawnsPerSecond)));
    m_spawnTimer.start(intervalMs);
}

void World::stop()
{
    m_spawnTimer.stop();
}

int World::runningWorkers() const
{
    int running = 0;
    for (const Child &child : m_children)
        running += child.running ? 1 : 0;
    return running;
}

// --- spawning ------------------------------------------------------------------------------

QString World::pickEnding()
{
    const QList<QPair<int, const char *>> weights = {
        {m_config.weightVerified, "verified"},
        {m_config.weightNoVerification, "no-verification"},
        {m_config.weightMissingReceipt, "missing-receipt"},
        {m_config.weightBlocked, "blocked"},
        {m_config.weightFailedReceipt, "failed-receipt"},
        {m_config.weightModelError, "model-error"},
        {m_config.weightTimeout, "timeout"},
        {m_config.weightSlow, "slow"},
        {m_config.weightDuplicate, "duplicate"},
    };
    int total = 0;
    for (const auto &[weight, name] : weights)
        total += qMax(0, weight);
    if (total <= 0)
        return QStringLiteral("verified");
    int pick = int(m_random.bounded(total));
    for (const auto &[weight, name] : weights) {
        pick -= qMax(0, weight);
        if (pick < 0)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("verified");
}

void World::spawnRandom()
{
    if (runningWorkers() >= m_config.maxRunningWorkers || m_config.frontSessions.isEmpty())
        return;
    const QString front =
        m_config.frontSessions.at(int(m_random.bounded(int(m_config.frontSessions.size()))));
    const bool viaOrchestrator = m_random.generateDouble() < m_config.orchestratorShare;
    const QString parentKey = viaOrchestrator ? ensureOrchestrator(front) : front;
    const int n = m_nextId++;
    static const QStringList verbs = {QStringLiteral("Build"),     QStringLiteral("Test"),
                                      QStringLiteral("Lint"),      QStringLiteral("Audit"),
                                      QStringLiteral("Benchmark"), QStringLiteral("Document")};
    static const QStringList things = {
        QStringLiteral("the parser"),     QStringLiteral("the API"),
        QStringLiteral("the migrations"), QStringLiteral("the CLI"),
        QStringLiteral("the web client"), QStringLiteral("the docs")};
    const QString verb = verbs.at(int(m_random.bounded(int(verbs.size()))));
    const QString thing = things.at(int(m_random.bounded(int(things.size()))));
    const QString task = QStringLiteral("%1 %2 for ticket T-%3 and reply with a fenced json "
                                        "receipt.")
                             .arg(verb, thing)
                             .arg(n);
    const QString label = QStringLiteral("%1-t-%2").arg(verb.toLower()).arg(n);
    QString ending = pickEnding();
    const int duration =
        m_config.workerMinMs +
        int(m_random.bounded(qMax(1, m_config.workerMaxMs - m_config.workerMinMs)));
    if (ending == QLatin1String("duplicate")) {
        // The orchestrator loses track and spawns the same work twice, a moment apart.
        spawn(parentKey, task, label, QStringLiteral("verified"), duration + 2000);
        QTimer::singleShot(400, this, [this, parentKey, task, label] {
            spawn(parentKey, task, label, QStringLiteral("verified"), 2000);
        });
        return;
    }
    spawn(parentKey, task, label, ending,
          ending == QLatin1String("slow") ? m_config.slowWorkerMs : duration);
}

QString World::spawnWorker(const QString &parentKey, const QString &task, const QString &label,
                           const QString &ending, int durationMs)
{
    return spawn(parentKey, task, label, ending, durationMs);
}

World::Parent &World::parent(const QString &key, const QString &parentOfParent)
{
    auto it = m_parents.find(key);
    if (it == m_parents.end()) {
        Parent created;
        created.session.key = key;
        created.session.sessionId = uuid();
        created.session.parentKey = parentOfParent;
        created.session.status = QStringLiteral("done");
        created.session.createdAt = wallNow();
        it = m_parents.insert(key, created);
    }
    return *it;
}

QString World::ensureOrchestrator(const QString &front)
{
    if (const QString existing = m_orchestratorOfFront.value(front); !existing.isEmpty())
        return existing;
    // The front session spawns a hidden orchestrator (the plugin's label convention); it lives
    // as long as the world, and spawns the workers.
    const QString agent = front.section(QLatin1Char(':'), 1, 1);
    const QString key = QStringLiteral("agent:%1:subagent:%2").arg(agent, uuid());
    m_orchestratorOfFront.insert(front, key);
    Parent &frontParent = parent(front);
    Parent &orchestrator = parent(key, front);
    orchestrator.session.label = QStringLiteral("thread-orchestrator-%1").arg(m_nextId++);
    orchestrator.session.status = QStringLiteral("running");

    const QString toolCallId = QStringLiteral("call_") + uuid().left(12);
    const QJsonObject args{{QStringLiteral("task"),
                            QStringLiteral("[Hidden Thread Orchestrator]\nrequesterSessionKey: %1\n"
                                           "Coordinate the workers for this thread.")
                                .arg(front)},
                           {QStringLiteral("label"), orchestrator.session.label}};
    FrameFactory::Run run{front, frontParent.session.sessionId, uuid(), {}, false, true};
    m_frames.setNow(wallNow());
    broadcast(m_frames.agentLifecycleStart(run));
    broadcast(m_frames.sessionToolStart(run, frontParent.session, toolCallId, args));
    broadcast(m_frames.sessionToolResult(run, frontParent.session, toolCallId,
                                         orchestrator.session.label, key, uuid()));
    broadcast(m_frames.sessionsChangedReason(orchestrator.session, QStringLiteral("create")));
    broadcast(m_frames.agentLifecycleEnd(run, QStringLiteral("Orchestrator started.")));
    return key;
}

QString World::spawn(const QString &parentKey, const QString &task, const QString &label,
                     const QString &ending, int durationMs)
{
    ++m_spawnCount;
    Parent &caller = parent(parentKey);
    const QString agent = parentKey.section(QLatin1Char(':'), 1, 1);
    Child child;
    child.parentKey = parentKey;
    child.taskText = task;
    child.ending = ending;
    child.session.key = QStringLiteral("%1:subagent:%2")
                            .arg(parentKey.contains(QLatin1String(":subagent:"))
                                     ? parentKey
                                     : QStringLiteral("agent:%1").arg(agent),
                                 uuid());
    child.session.sessionId = uuid();
    child.session.parentKey = parentKey;
    child.session.label = label;
    child.session.createdAt = wallNow();
    child.session.startedAt = child.session.createdAt;
    child.runId = uuid();
    child.session.activeRunId = child.runId;
    child.receiptTaskId = contractTaskId(task);
    if (child.receiptTaskId.isEmpty())
        child.receiptTaskId = QStringLiteral("W-%1").arg(m_spawnCount);
    child.task.id = uuid();
    child.task.parentKey = parentKey;
    child.task.childKey = child.session.key;
    child.task.runId = child.runId;
    child.task.title = label;
    child.task.createdAt = child.session.createdAt;
    child.running = true;
    child.runs = 1;
    const QString childKey = child.session.key;
    m_children.insert(childKey, child);
    m_childByTask.insert(child.task.id, childKey);

    const QString toolCallId = QStringLiteral("call_") + uuid().left(12);
    QJsonObject args{{QStringLiteral("task"), task}, {QStringLiteral("label"), label}};
    if (ending == QLatin1String("timeout"))
        args.insert(QStringLiteral("runTimeoutSeconds"), qMax(1, durationMs / 1000));
    FrameFactory::Run parentRun{parentKey, caller.session.sessionId,
                                uuid(),    {},
                                false,     !parentKey.contains(QLatin1String(":subagent:"))};
    m_frames.setNow(wallNow());
    broadcast(m_frames.agentLifecycleStart(parentRun));
    broadcast(m_frames.sessionToolStart(parentRun, caller.session, toolCallId, args));
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
    Q_EMIT workerSpawned(childKey, label);

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
        else
            finish(childKey);
    });
    return childKey;
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
                                   {QStringLiteral("expected"), QStringLiteral("exit 0")}}});
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
    c.session.status = QStringLiteral("done");
    c.session.activeRunId.clear();
    c.session.lastRunId = c.runId;
    c.session.endedAt = wallNow();
    c.task.status = QStringLiteral("completed");
    c.task.executionState = QStringLiteral("finished");
    c.task.progressSummary = text.left(200);
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
    c.session.status = timeout ? QStringLiteral("timeout") : QStringLiteral("failed");
    c.session.lastRunError = error;
    c.session.activeRunId.clear();
    c.session.endedAt = wallNow();
    c.task.status = timeout ? QStringLiteral("timed_out") : QStringLiteral("failed");
    c.task.executionState = QStringLiteral("finished");
    c.task.error = timeout ? QString() : error;
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
    c.session.status = QStringLiteral("killed");
    c.session.abortedLastRun = true;
    c.session.activeRunId.clear();
    c.session.endedAt = wallNow();
    c.task.status = QStringLiteral("cancelled");
    c.task.executionState = QStringLiteral("finished");
    c.task.error = reason;
    broadcast(m_frames.task(c.task));
    broadcast(m_frames.sessionsChangedReason(c.session, QStringLiteral("subagent-status")));
    Q_EMIT workerEnded(childKey, c.session.status);
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
        broadcast(m_frames.task(stored.task));
    }
}

// An operator (or the engine) writes to a finished child: it takes a new turn and answers.
void World::followUp(const QString &childKey, const QString &text)
{
    auto it = m_children.find(childKey);
    if (it == m_children.end())
        return;
    Child &c = *it;
    c.runId = QStringLiteral("idem-send-") + uuid().left(8);
    c.runs += 1;
    c.running = true;
    c.session.status = QStringLiteral("running");
    c.session.activeRunId = c.runId;
    c.task.status = QStringLiteral("running");
    c.task.runId = c.runId;
    appendMessage(childKey, {{QStringLiteral("role"), QStringLiteral("user")},
                             {QStringLiteral("content"), text}});
    FrameFactory::Run run{childKey, c.session.sessionId, c.runId, c.parentKey, false, false};
    m_frames.setNow(wallNow());
    broadcast(m_frames.sessionMessageUser(c.session, text));
    broadcast(m_frames.agentLifecycleStart(run));
    after(childKey, 400, [this, childKey] { finish(childKey); });
}

// A message to an orchestrator: a retry block makes it respawn the task it names.
void World::handleParentMessage(const QString &parentKey, const QString &text)
{
    if (!text.contains(QLatin1String("<orchestrator-retry>")))
        return;
    const QString task =
        text.section(QStringLiteral("\ntask: "), 1).section(QStringLiteral("\nlabel: "), 0, 0);
    const QString label = firstLine(text.section(QStringLiteral("\nlabel: "), 1));
    if (task.isEmpty())
        return;
    const QString ending = m_random.generateDouble() < 0.7 ? QStringLiteral("verified")
                                                           : QStringLiteral("model-error");
    QTimer::singleShot(m_config.respawnDelayMs, this, [this, parentKey, task, label, ending] {
        spawn(parentKey, task, label, ending, m_config.workerMinMs);
    });
}

// --- RPCs ----------------------------------------------------------------------------------

void World::registerMethods()
{
    m_server.registerMethod(QStringLiteral("sessions.list"),
                            [this](const SimRequest &, const SimReply &reply) {
                                QJsonArray rows;
                                for (const Parent &p : std::as_const(m_parents))
                                    rows.append(m_frames.sessionsChangedReason(p.session, QString())
                                                    .value(QLatin1String("payload"))
                                                    .toObject()
                                                    .value(QLatin1String("session")));
                                for (const Child &c : std::as_const(m_children))
                                    rows.append(m_frames.sessionsChangedReason(c.session, QString())
                                                    .value(QLatin1String("payload"))
                                                    .toObject()
                                                    .value(QLatin1String("session")));
                                reply.ok(QJsonObject{{QStringLiteral("ts"), wallNow()},
                                                     {QStringLiteral("count"), rows.size()},
                                                     {QStringLiteral("sessions"), rows}});
                            });
    m_server.registerMethod(QStringLiteral("tasks.list"),
                            [this](const SimRequest &, const SimReply &reply) {
                                QJsonArray tasks;
                                for (const Child &c : std::as_const(m_children))
                                    tasks.append(taskSummary(c));
                                reply.ok(QJsonObject{{QStringLiteral("tasks"), tasks}});
                            });
    m_server.registerMethod(
        QStringLiteral("chat.history"), [this](const SimRequest &request, const SimReply &reply) {
            const QString key = request.params.value(QLatin1String("sessionKey")).toString();
            QJsonArray messages = m_childMessages.value(key);
            const int limit = request.params.value(QLatin1String("limit")).toInt(200);
            while (messages.size() > limit)
                messages.removeFirst();
            reply.ok(QJsonObject{{QStringLiteral("sessionKey"), key},
                                 {QStringLiteral("messages"), messages}});
        });
    auto sendHandler = [this](const SimRequest &request, const SimReply &reply) {
        const QString key = request.params.value(QLatin1String("key")).toString();
        const QString message = request.params.value(QLatin1String("message")).toString();
        const QString runId =
            request.params.value(QLatin1String("idempotencyKey")).toString(uuid());
        if (m_children.contains(key))
            followUp(key, message);
        else if (m_parents.contains(key))
            handleParentMessage(key, message);
        else {
            reply.error(QStringLiteral("INVALID_REQUEST"),
                        QStringLiteral("session not found: %1").arg(key));
            return;
        }
        Q_EMIT messageReceived(key, message);
        reply.ok(QJsonObject{{QStringLiteral("runId"), runId},
                             {QStringLiteral("status"), QStringLiteral("started")}});
    };
    m_server.registerMethod(QStringLiteral("sessions.send"), sendHandler, kWriteScope);
    m_server.registerMethod(
        QStringLiteral("wake"),
        [this](const SimRequest &request, const SimReply &reply) {
            const QString key = request.params.value(QLatin1String("sessionKey")).toString();
            if (key.contains(QLatin1String(":subagent:"))) {
                reply.error(QStringLiteral("INVALID_REQUEST"),
                            QStringLiteral("wake sessionKey cannot target a subagent session"));
                return;
            }
            handleParentMessage(key, request.params.value(QLatin1String("text")).toString());
            reply.ok(QJsonObject{{QStringLiteral("ok"), true}});
        },
        kWriteScope);
    m_server.registerMethod(
        QStringLiteral("tasks.cancel"),
        [this](const SimRequest &request, const SimReply &reply) {
            const QString taskId = request.params.value(QLatin1String("taskId")).toString();
            const QString key = m_childByTask.value(taskId);
            if (key.isEmpty()) {
                reply.ok(
                    QJsonObject{{QStringLiteral("found"), false},
                                {QStringLiteral("cancelled"), false},
                                {QStringLiteral("reason"), QStringLiteral("Task not found.")}});
                return;
            }
            if (!m_children.value(key).running) {
                reply.ok(QJsonObject{
                    {QStringLiteral("found"), true},
                    {QStringLiteral("cancelled"), false},
                    {QStringLiteral("reason"), QStringLiteral("Task is already terminal.")},
                    {QStringLiteral("task"), taskSummary(m_children.value(key))}});
                return;
            }
            kill(key, QStringLiteral("Cancelled by operator."));
            reply.ok(QJsonObject{{QStringLiteral("found"), true},
                                 {QStringLiteral("cancelled"), true},
                                 {QStringLiteral("task"), taskSummary(m_children.value(key))}});
        },
        kWriteScope);
    auto abortHandler = [this](const SimRequest &request, const SimReply &reply) {
        QString key = request.params.value(QLatin1String("key")).toString();
        if (key.isEmpty())
            key = request.params.value(QLatin1String("sessionKey")).toString();
        const bool running = m_children.value(key).running;
        const QString runId = m_children.value(key).runId;
        kill(key, QStringLiteral("Aborted by operator."));
        reply.ok(
            QJsonObject{{QStringLiteral("ok"), true},
                        {QStringLiteral("aborted"), running},
                        {QStringLiteral("runIds"), running ? QJsonArray{runId} : QJsonArray{}}});
    };
    m_server.registerMethod(QStringLiteral("sessions.abort"), abortHandler, kWriteScope);
    m_server.registerMethod(QStringLiteral("chat.abort"), abortHandler, kWriteScope);
}

QJsonObject World::taskSummary(const Child &child)
{
    return m_frames.task(child.task)
        .value(QLatin1String("payload"))
        .toObject()
        .value(QLatin1String("task"))
        .toObject();
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
