// Gateway approvals as 2026.9.6 sends them (tests/data/traces/trace-approvals.jsonl): a run's
// exec waits in exec.approval.requested, approval.resolve (or exec.approval.resolve) decides it,
// the first answer wins, and exec.approval.resolved tells every approval client who decided.
#include "SimGatewayServer.h"
#include "World.h"

#include <QDateTime>
#include <QJsonArray>

namespace clawops::sim {

namespace {

const QString kApprovalsScope = QStringLiteral("operator.approvals");

qint64 wallNow()
{
    return QDateTime::currentMSecsSinceEpoch();
}

const QStringList &allDecisions()
{
    static const QStringList decisions = {QStringLiteral("allow-once"),
                                          QStringLiteral("allow-always"), QStringLiteral("deny")};
    return decisions;
}

QJsonObject execRequest(const QString &sessionKey, const QString &command,
                        const QStringList &allowed)
{
    QStringList unavailable;
    for (const QString &decision : allDecisions()) {
        if (!allowed.contains(decision))
            unavailable.append(decision);
    }
    const QString agentId = sessionKey.section(QLatin1Char(':'), 1, 1);
    return QJsonObject{
        {QStringLiteral("command"), command},
        {QStringLiteral("cwd"), QStringLiteral("/srv/openclaw/workspace")},
        {QStringLiteral("nodeId"), QJsonValue::Null},
        {QStringLiteral("host"), QStringLiteral("gateway")},
        {QStringLiteral("security"), QStringLiteral("allowlist")},
        {QStringLiteral("ask"), QStringLiteral("on-miss")},
        {QStringLiteral("warningText"), QJsonValue::Null},
        {QStringLiteral("commandAnalysis"),
         QJsonObject{{QStringLiteral("commandCount"), 1},
                     {QStringLiteral("nestedCommandCount"), 0},
                     {QStringLiteral("riskKinds"), command.contains(QLatin1String("rm "))
                                                       ? QJsonArray{QStringLiteral("delete")}
                                                       : QJsonArray{}},
                     {QStringLiteral("warningLines"), QJsonArray{}}}},
        {QStringLiteral("unavailableDecisions"), QJsonArray::fromStringList(unavailable)},
        {QStringLiteral("allowedDecisions"), QJsonArray::fromStringList(allowed)},
        {QStringLiteral("agentId"), agentId.isEmpty() ? QStringLiteral("main") : agentId},
        {QStringLiteral("resolvedPath"),
         QStringLiteral("/usr/bin/") + command.section(QLatin1Char(' '), 0, 0)},
        {QStringLiteral("sessionKey"), sessionKey},
        {QStringLiteral("sessionId"), QJsonValue::Null},
        {QStringLiteral("turnSourceChannel"), QStringLiteral("webchat")},
    };
}

// What approval.resolve answers: the gateway's record of the approval.
QJsonObject approvalRecord(const QJsonObject &row, const QString &decision, bool expired)
{
    const QString status = expired                             ? QStringLiteral("expired")
                           : decision == QLatin1String("deny") ? QStringLiteral("denied")
                                                               : QStringLiteral("allowed");
    return QJsonObject{{QStringLiteral("id"), row.value(QLatin1String("id"))},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("decision"), decision},
                       {QStringLiteral("createdAtMs"), row.value(QLatin1String("createdAtMs"))},
                       {QStringLiteral("expiresAtMs"), row.value(QLatin1String("expiresAtMs"))},
                       {QStringLiteral("resolvedAtMs"), QJsonValue(wallNow())}};
}

} // namespace

QString World::raiseApproval(const QString &sessionKey, const QString &command, int timeoutMs,
                             const QStringList &allowedDecisions)
{
    const QStringList allowed =
        allowedDecisions.isEmpty()
            ? QStringList{QStringLiteral("allow-once"), QStringLiteral("deny")}
            : allowedDecisions;
    QString id =
        stableId({QStringLiteral("approval"), sessionKey, QString::number(++m_approvalCount)});
    const qint64 now = wallNow();
    const QJsonObject row{{QStringLiteral("id"), id},
                          {QStringLiteral("request"), execRequest(sessionKey, command, allowed)},
                          {QStringLiteral("createdAtMs"), QJsonValue(now)},
                          {QStringLiteral("expiresAtMs"), QJsonValue(now + timeoutMs)}};
    auto *expiry = new QTimer(this);
    expiry->setSingleShot(true);
    connect(expiry, &QTimer::timeout, this,
            [this, id] { closeApproval(id, QStringLiteral("deny"), QJsonValue::Null); });
    expiry->start(timeoutMs);
    m_approvals.insert(id, PendingApproval{row, expiry});
    QJsonObject event = row;
    event.insert(QStringLiteral("approvalKind"), QStringLiteral("exec"));
    m_server.broadcastEvent(QStringLiteral("exec.approval.requested"), event,
                            SimAudience::ApprovalClients);
    statsTouched();
    return id;
}

bool World::resolveApprovalElsewhere(const QString &id, const QString &decision,
                                     const QString &resolvedBy)
{
    return closeApproval(id, decision, resolvedBy);
}

bool World::closeApproval(const QString &id, const QString &decision, const QJsonValue &resolvedBy)
{
    const auto it = m_approvals.find(id);
    if (it == m_approvals.end())
        return false;
    const PendingApproval approval = *it;
    m_approvals.erase(it);
    approval.expiry->deleteLater();
    m_approvalDecisions.insert(id, resolvedBy.isNull() ? QStringLiteral("expired") : decision);
    m_server.broadcastEvent(
        QStringLiteral("exec.approval.resolved"),
        QJsonObject{{QStringLiteral("id"), id},
                    {QStringLiteral("decision"), decision},
                    {QStringLiteral("resolvedBy"), resolvedBy},
                    {QStringLiteral("ts"), QJsonValue(wallNow())},
                    {QStringLiteral("request"), approval.row.value(QLatin1String("request"))}},
        SimAudience::ApprovalClients);
    statsTouched();
    return true;
}

void World::registerApprovalMethods()
{
    offer(
        QStringLiteral("exec.approval.list"),
        [this](const SimRequest &, const SimReply &reply) {
            QJsonArray rows;
            for (const PendingApproval &approval : std::as_const(m_approvals))
                rows.append(approval.row);
            reply.ok(rows);
        },
        kApprovalsScope);
    // Both resolve methods: the kind-agnostic one answers with the record and whether this
    // answer was the one applied; the older one refuses a different late answer.
    const auto resolve = [this](const SimRequest &request, const SimReply &reply, bool agnostic) {
        const QString id = request.params.value(QLatin1String("id")).toString();
        QString decision = request.params.value(QLatin1String("decision")).toString();
        const auto it = m_approvals.constFind(id);
        if (it == m_approvals.constEnd()) {
            const QString earlier = m_approvalDecisions.value(id).toString();
            if (earlier.isEmpty())
                reply.error(QStringLiteral("INVALID_REQUEST"), QStringLiteral("approval not found"),
                            {{QStringLiteral("reason"), QStringLiteral("APPROVAL_NOT_FOUND")}});
            else if (agnostic)
                reply.ok(QJsonObject{
                    {QStringLiteral("applied"), false},
                    {QStringLiteral("approval"),
                     approvalRecord(QJsonObject{{QStringLiteral("id"), id}},
                                    earlier == QLatin1String("expired") ? QStringLiteral("deny")
                                                                        : earlier,
                                    earlier == QLatin1String("expired"))}});
            else
                reply.error(
                    QStringLiteral("INVALID_REQUEST"), QStringLiteral("approval already resolved"),
                    {{QStringLiteral("reason"), QStringLiteral("APPROVAL_ALREADY_RESOLVED")}});
            return;
        }
        // An allow-always the gateway did not offer is recorded as a deny (trace A3).
        const QStringList allowed = QJsonValue(it->row.value(QLatin1String("request"))
                                                   .toObject()
                                                   .value(QLatin1String("allowedDecisions")))
                                        .toVariant()
                                        .toStringList();
        if (!allowed.contains(decision))
            decision = QStringLiteral("deny");
        const QJsonObject row = it->row;
        closeApproval(id, decision, QStringLiteral("ClawOps"));
        Q_EMIT approvalDecided(id, decision);
        if (agnostic)
            reply.ok(
                QJsonObject{{QStringLiteral("applied"), true},
                            {QStringLiteral("approval"), approvalRecord(row, decision, false)}});
        else
            reply.ok(QJsonObject{{QStringLiteral("ok"), true}});
    };
    offer(
        QStringLiteral("approval.resolve"),
        [resolve](const SimRequest &request, const SimReply &reply) {
            resolve(request, reply, true);
        },
        kApprovalsScope);
    offer(
        QStringLiteral("exec.approval.resolve"),
        [resolve](const SimRequest &request, const SimReply &reply) {
            resolve(request, reply, false);
        },
        kApprovalsScope);
}

// The demo's fleet now and then runs a command that needs an operator's yes: a running worker,
// so the Inbox can name its task. At most three wait at once.
void World::raiseDemoApproval()
{
    if (m_approvals.size() >= 3)
        return;
    QStringList running;
    for (auto it = m_children.constBegin(); it != m_children.constEnd(); ++it) {
        if (it->running)
            running.append(it.key());
    }
    if (running.isEmpty())
        return;
    static const QStringList commands = {
        QStringLiteral("git push origin release/2026.12"),
        QStringLiteral("rm -rf build/cache"),
        QStringLiteral("npm publish --access public"),
        QStringLiteral("kubectl rollout restart deploy/api"),
    };
    const QString child = running.at(m_approvalCount % running.size());
    raiseApproval(child, commands.at(m_approvalCount % commands.size()), m_config.approvalTimeoutMs,
                  m_approvalCount % 2 == 0
                      ? QStringList{QStringLiteral("allow-once"), QStringLiteral("allow-always"),
                                    QStringLiteral("deny")}
                      : QStringList{});
}

} // namespace clawops::sim
