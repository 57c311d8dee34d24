// The RPCs the simulated world answers: reads a console resyncs from, the sends and kills it
// acts with, and the simulator's own unadvertised sim.stats.
#include "SimGatewayServer.h"
#include "World.h"

#include <QDateTime>
#include <QUuid>

#include <algorithm>

namespace clawops::sim {

namespace {

// Methods that change the deployment need operator.write, as on a real gateway.
const QString kReadScope = QStringLiteral("operator.read");
const QString kWriteScope = QStringLiteral("operator.write");
const QString kAdminScope = QStringLiteral("operator.admin");

qint64 wallNow()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QJsonObject rowOf(const QJsonObject &sessionsChangedFrame)
{
    return sessionsChangedFrame.value(QLatin1String("payload"))
        .toObject()
        .value(QLatin1String("session"))
        .toObject();
}

} // namespace

void World::offer(const QString &method, SimMethodHandler handler, const QString &scope,
                  bool advertised)
{
    m_server.registerMethod(method, std::move(handler), scope, advertised);
    if (!m_registered.contains(method))
        m_registered.append(method);
}

void World::registerMethods()
{
    offer(QStringLiteral("sessions.list"),
          [this](const SimRequest &request, const SimReply &reply) {
              reply.ok(sessionList(request.params));
          });
    m_server.setSessionListProvider(
        [this](const QJsonObject &params) { return sessionList(params); });
    offer(QStringLiteral("chat.history"), [this](const SimRequest &request, const SimReply &reply) {
        const QString key = request.params.value(QLatin1String("sessionKey")).toString();
        QJsonArray messages = m_childMessages.value(key);
        const int limit = request.params.value(QLatin1String("limit")).toInt(200);
        while (messages.size() > limit)
            messages.removeFirst();
        reply.ok(QJsonObject{{QStringLiteral("sessionKey"), key},
                             {QStringLiteral("messages"), messages}});
    });
    offer(
        QStringLiteral("sim.stats"),
        [this](const SimRequest &, const SimReply &reply) { reply.ok(stats()); }, kReadScope,
        false);
    if (tasksOffered())
        registerTaskMethods();
    registerControlMethods();
    registerApprovalMethods();
}

void World::registerTaskMethods()
{
    const bool adminOnly = m_server.config().tasksApi == SimTasksApi::AdminOnly;
    offer(
        QStringLiteral("tasks.list"),
        [this](const SimRequest &request, const SimReply &reply) {
            // Paged as on the gateway: a default limit, and a cursor to the next page (here
            // simply the offset; the gateway's is opaque).
            constexpr int kDefaultLimit = 100;
            constexpr int kMaxLimit = 500;
            const int limit = qBound(
                1, request.params.value(QLatin1String("limit")).toInt(kDefaultLimit), kMaxLimit);
            bool cursorOk = true;
            const QString cursor = request.params.value(QLatin1String("cursor")).toString();
            const qsizetype offset = cursor.isEmpty() ? 0 : cursor.toLongLong(&cursorOk);
            if (!cursorOk || offset < 0) {
                reply.error(QStringLiteral("INVALID_REQUEST"),
                            QStringLiteral("invalid or expired tasks.list cursor; restart "
                                           "pagination without a cursor"));
                return;
            }
            // Oldest first, so that children spawned between two pages do not shift them.
            QList<const Child *> children;
            children.reserve(m_children.size());
            for (const Child &c : std::as_const(m_children))
                children.append(&c);
            std::sort(children.begin(), children.end(), [](const Child *a, const Child *b) {
                return a->session.createdAt != b->session.createdAt
                           ? a->session.createdAt < b->session.createdAt
                           : a->session.key < b->session.key;
            });
            QJsonArray tasks;
            for (qsizetype i = offset; i < children.size() && tasks.size() < limit; ++i)
                tasks.append(taskSummary(*children.at(i)));
            QJsonObject answer{{QStringLiteral("tasks"), tasks}};
            if (offset + tasks.size() < children.size())
                answer.insert(QStringLiteral("nextCursor"), QString::number(offset + tasks.size()));
            reply.ok(answer);
        },
        adminOnly ? kAdminScope : kReadScope);
    offer(
        QStringLiteral("tasks.cancel"),
        [this](const SimRequest &request, const SimReply &reply) {
            const QString taskId = request.params.value(QLatin1String("taskId")).toString();
            const QString key = m_childByTask.value(taskId);
            ++m_stats.cancels[key.isEmpty() ? taskId : key][QStringLiteral("tasks.cancel")];
            statsTouched();
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
        adminOnly ? kAdminScope : kWriteScope);
}

void World::registerControlMethods()
{
    registerSendMethods();
    registerAbortMethods();
}

void World::registerSendMethods()
{
    auto sendHandler = [this](const SimRequest &request, const SimReply &reply) {
        const QString key = request.params.value(QLatin1String("key")).toString();
        const QString message = request.params.value(QLatin1String("message")).toString();
        const QString idempotencyKey =
            request.params.value(QLatin1String("idempotencyKey")).toString();
        if (!m_children.contains(key) && !m_parents.contains(key)) {
            reply.error(QStringLiteral("INVALID_REQUEST"),
                        QStringLiteral("session not found: %1").arg(key));
            return;
        }
        // A key the gateway has seen is not run again (chat.send's documented dedupe). The
        // retry counters still see the repeat: it is the sender's second send all the same.
        if (!idempotencyKey.isEmpty() && m_sendReplies.contains(idempotencyKey)) {
            ++m_stats.repeatedSends;
            if (const auto block = RetryBlock::parse(message))
                m_stats.noteRetry(*block, key, idempotencyKey);
            statsTouched();
            QJsonObject repeated = m_sendReplies.value(idempotencyKey);
            repeated.insert(QStringLiteral("status"), QStringLiteral("in_flight"));
            reply.ok(repeated);
            return;
        }
        if (m_children.contains(key)) {
            ++m_stats.operatorMessages;
            statsTouched();
            followUp(key, message, idempotencyKey);
            Q_EMIT messageReceived(key, message);
        } else if (m_parents.value(key).toolRun) {
            m_parents[key].waiting.append({message, idempotencyKey});
        } else {
            handleParentMessage(key, message, idempotencyKey);
            Q_EMIT messageReceived(key, message);
        }
        const QJsonObject answer{
            {QStringLiteral("runId"), idempotencyKey.isEmpty()
                                          ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                          : idempotencyKey},
            {QStringLiteral("status"), QStringLiteral("started")}};
        if (!idempotencyKey.isEmpty())
            m_sendReplies.insert(idempotencyKey, answer);
        reply.ok(answer);
    };
    offer(QStringLiteral("sessions.send"), sendHandler, kWriteScope);
    offer(
        QStringLiteral("wake"),
        [this](const SimRequest &request, const SimReply &reply) {
            const QString key = request.params.value(QLatin1String("sessionKey")).toString();
            if (key.contains(QLatin1String(":subagent:"))) {
                reply.error(QStringLiteral("INVALID_REQUEST"),
                            QStringLiteral("wake sessionKey cannot target a subagent session"));
                return;
            }
            const QString text = request.params.value(QLatin1String("text")).toString();
            handleParentMessage(key, text, QString());
            Q_EMIT messageReceived(key, text);
            reply.ok(QJsonObject{{QStringLiteral("ok"), true}});
        },
        kWriteScope);
}

void World::registerAbortMethods()
{
    // sessions.abort: closed params and its own result shape (trace-forbidden.jsonl F4).
    offer(
        QStringLiteral("sessions.abort"),
        [this](const SimRequest &request, const SimReply &reply) {
            static const QStringList allowed = {QStringLiteral("key"), QStringLiteral("runId"),
                                                QStringLiteral("agentId"),
                                                QStringLiteral("clearQueued")};
            for (auto it = request.params.begin(); it != request.params.end(); ++it) {
                if (!allowed.contains(it.key())) {
                    reply.error(QStringLiteral("INVALID_REQUEST"),
                                QStringLiteral("invalid sessions.abort params: at root: "
                                               "unexpected property '%1'")
                                    .arg(it.key()));
                    return;
                }
            }
            const QString key = request.params.value(QLatin1String("key")).toString();
            ++m_stats.cancels[key][QStringLiteral("sessions.abort")];
            if (request.params.value(QLatin1String("clearQueued")).toBool(false))
                ++m_stats.abortsWithClearQueued;
            else
                ++m_stats.abortsWithoutClearQueued;
            statsTouched();
            if (m_parents.contains(key) && !m_children.contains(key)) {
                const QString stopped =
                    abortToolRun(key, request.params.value(QLatin1String("runId")).toString());
                reply.ok(QJsonObject{
                    {QStringLiteral("ok"), true},
                    {QStringLiteral("abortedRunId"),
                     stopped.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(stopped)},
                    {QStringLiteral("status"), stopped.isEmpty() ? QStringLiteral("no-active-run")
                                                                 : QStringLiteral("aborted")}});
                return;
            }
            const bool running = m_children.value(key).running;
            const QString runId = m_children.value(key).runId;
            kill(key, QStringLiteral("Aborted by operator."));
            reply.ok(
                QJsonObject{{QStringLiteral("ok"), true},
                            {QStringLiteral("abortedRunId"),
                             running ? QJsonValue(runId) : QJsonValue(QJsonValue::Null)},
                            {QStringLiteral("status"), running ? QStringLiteral("aborted")
                                                               : QStringLiteral("no-active-run")}});
        },
        kWriteScope);
    offer(
        QStringLiteral("chat.abort"),
        [this](const SimRequest &request, const SimReply &reply) {
            const QString key = request.params.value(QLatin1String("sessionKey")).toString();
            ++m_stats.cancels[key][QStringLiteral("chat.abort")];
            statsTouched();
            if (m_parents.contains(key) && !m_children.contains(key)) {
                const QString stopped =
                    abortToolRun(key, request.params.value(QLatin1String("runId")).toString());
                reply.ok(QJsonObject{{QStringLiteral("ok"), true},
                                     {QStringLiteral("aborted"), !stopped.isEmpty()},
                                     {QStringLiteral("runIds"),
                                      stopped.isEmpty() ? QJsonArray{} : QJsonArray{stopped}}});
                return;
            }
            const bool running = m_children.value(key).running;
            const QString runId = m_children.value(key).runId;
            kill(key, QStringLiteral("Aborted by operator."));
            reply.ok(QJsonObject{
                {QStringLiteral("ok"), true},
                {QStringLiteral("aborted"), running},
                {QStringLiteral("runIds"), running ? QJsonArray{runId} : QJsonArray{}}});
        },
        kWriteScope);
}

// spawnedBy narrows the list to one parent's children and limit to the newest rows, as on the
// gateway.
QJsonObject World::sessionList(const QJsonObject &params)
{
    const QString spawnedBy = params.value(QLatin1String("spawnedBy")).toString();
    QList<const FrameFactory::Session *> sessions;
    if (spawnedBy.isEmpty()) {
        for (const Parent &p : std::as_const(m_parents))
            sessions.append(&p.session);
    }
    for (const Child &c : std::as_const(m_children)) {
        if (spawnedBy.isEmpty() || c.parentKey == spawnedBy)
            sessions.append(&c.session);
    }
    std::sort(sessions.begin(), sessions.end(), [](const auto *a, const auto *b) {
        return a->createdAt != b->createdAt ? a->createdAt > b->createdAt : a->key < b->key;
    });
    const qsizetype total = sessions.size();
    const qsizetype offset =
        std::clamp(qsizetype(params.value(QLatin1String("offset")).toInt(0)), qsizetype(0), total);
    const int limit = params.value(QLatin1String("limit")).toInt(0);
    const qsizetype end = limit > 0 ? qMin(total, offset + limit) : total;
    QJsonArray rows;
    for (qsizetype i = offset; i < end; ++i)
        rows.append(rowOf(m_frames.sessionsChangedReason(*sessions.at(i), QString())));
    QJsonObject out{{QStringLiteral("ts"), wallNow()},
                    {QStringLiteral("count"), rows.size()},
                    {QStringLiteral("totalCount"), total},
                    {QStringLiteral("hasMore"), end < total},
                    {QStringLiteral("nextOffset"), end < total ? QJsonValue(end) : QJsonValue()},
                    {QStringLiteral("sessions"), rows}};
    if (limit > 0)
        out.insert(QStringLiteral("limitApplied"), limit);
    return out;
}

QJsonObject World::taskSummary(const Child &child)
{
    return m_frames.task(child.task)
        .value(QLatin1String("payload"))
        .toObject()
        .value(QLatin1String("task"))
        .toObject();
}

QJsonObject World::stats() const
{
    QJsonObject out = m_stats.toJson();
    out.insert(QStringLiteral("seed"), QJsonValue(qint64(m_config.seed)));
    out.insert(QStringLiteral("plannedSpawns"), m_config.maxSpawns);
    out.insert(QStringLiteral("plannedSpawnsDone"), m_plannedDone);
    out.insert(QStringLiteral("spawnCount"), m_spawnCount);
    out.insert(QStringLiteral("running"), runningWorkers());
    out.insert(QStringLiteral("settled"), isSettled());
    out.insert(QStringLiteral("gateway"), m_server.counters());
    out.insert(QStringLiteral("approvalDecisions"), m_approvalDecisions);
    out.insert(QStringLiteral("approvalsPending"), int(m_approvals.size()));
    return out;
}

} // namespace clawops::sim
