// Gateway approvals from the frames of a real 2026.9.6 gateway (trace-approvals.jsonl, recorded
// with tools.exec.mode "ask"; docs/research/gateway-2026-12.md §1): the requests and their
// endings as the core's events, the pending list after a reconnect, the decision as the RPC the
// gateway offers, and what its answers mean. Then the core's approval book over the same frames.
#include "AdapterTestSupport.h"
#include "core/Orchestrator.h"
#include "gateway/Adapter.h"

#include <QJsonArray>
#include <QTest>

using namespace clawops;
using namespace adaptertest;

namespace {

const QString kOnce = QStringLiteral("d9b9d56d-bf0f-4a59-a333-55655b595a34");
const QString kDeny = QStringLiteral("24c77f35-355e-4169-b09e-7dc019f62c7d");
const QString kAlways = QStringLiteral("a5ca930b-571d-4c82-b6a1-c52910b35cae");
const QString kAborted = QStringLiteral("489ea1b9-d26e-41a2-83e4-7069eb54c2ad");

const QList<TraceRow> &trace()
{
    static const QList<TraceRow> rows = loadTrace(QStringLiteral("trace-approvals.jsonl"));
    return rows;
}

// The response a connection received to its request `id`.
QJsonObject responseTo(const QString &conn, const QString &id, qint64 afterT)
{
    for (const TraceRow &row : trace()) {
        if (row.conn == conn && row.dir == QLatin1String("in") && row.t >= afterT &&
            row.frame.value(QLatin1String("type")).toString() == QLatin1String("res") &&
            row.frame.value(QLatin1String("id")).toString() == id)
            return row.frame;
    }
    return {};
}

// The response's payload as the link hands it to the adapter (a bare array as `items`).
QJsonObject payloadOf(const QJsonObject &response)
{
    const QJsonValue payload = response.value(QLatin1String("payload"));
    return payload.isArray() ? QJsonObject{{QStringLiteral("items"), payload.toArray()}}
                             : payload.toObject();
}

QList<core::DomainEvent> approvalEvents(const QList<core::DomainEvent> &events)
{
    QList<core::DomainEvent> out;
    for (const core::DomainEvent &event : events) {
        if (std::holds_alternative<core::ApprovalRequested>(event) ||
            std::holds_alternative<core::ApprovalResolved>(event) ||
            std::holds_alternative<core::ApprovalsListed>(event) ||
            std::holds_alternative<core::ApprovalDecisionFailed>(event))
            out.append(event);
    }
    return out;
}

gateway::GatewayOffer recordedOffer()
{
    return gateway::GatewayOffer::of(
        {QStringLiteral("approval.resolve"), QStringLiteral("approval.history"),
         QStringLiteral("exec.approval.list"), QStringLiteral("exec.approval.resolve"),
         QStringLiteral("plugin.approval.list"), QStringLiteral("plugin.approval.resolve"),
         QStringLiteral("sessions.list"), QStringLiteral("chat.history")},
        {QStringLiteral("exec.approval.requested"), QStringLiteral("exec.approval.resolved")});
}

class FixedClock final : public core::Clock
{
public:
    core::TimeMs now() const override { return at; }
    core::TimeMs at = 0;
};

class NoRandom final : public core::RandomSource
{
public:
    double uniform01() override { return 0.5; }
};

} // namespace

class TestAdapterApprovals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestCarriesWhatIsAsked();
    void everyEndingAsRecorded();
    void pendingListAfterReconnect();
    void listReadOnlyWhenOffered();
    void decisionGoesThroughTheOfferedMethod();
    void answersOfTheGateway();
    void coreClosesEachAsTheGatewayDid();
};

void TestAdapterApprovals::requestCarriesWhatIsAsked()
{
    gateway::GatewayAdapter adapter;
    FeedOptions options;
    options.conn = QStringLiteral("console2");
    options.feedResults = false;
    const QList<core::DomainEvent> events = approvalEvents(feed(adapter, trace(), options));
    QVERIFY(!events.isEmpty());
    const auto *first = std::get_if<core::ApprovalRequested>(&events.first());
    QVERIFY(first);
    const core::ApprovalRequest &request = first->request;
    QCOMPARE(request.id, kOnce);
    QCOMPARE(request.kind, QStringLiteral("exec"));
    QCOMPARE(request.command, QStringLiteral("echo clawops-once2a90"));
    QVERIFY(request.cwd.endsWith(QLatin1String("/state/workspace")));
    QCOMPARE(request.host, QStringLiteral("gateway"));
    QCOMPARE(request.agentId, QStringLiteral("main"));
    QCOMPARE(request.sessionKey.str(), QStringLiteral("agent:main:appr-once-2a90"));
    QCOMPARE(request.resolvedPath, QStringLiteral("/usr/bin/echo"));
    QCOMPARE(request.security, QStringLiteral("allowlist"));
    QCOMPARE(request.ask, QStringLiteral("on-miss"));
    QCOMPARE(request.allowedDecisions, (QStringList{core::kAllowOnce, core::kDeny}));
    QVERIFY(!request.offers(core::kAllowAlways));
    QVERIFY(request.offers(core::kDeny));
    QCOMPARE(request.createdAtMs, 1796395742611);
    QCOMPARE(request.expiresAtMs, 1796397542611); // 30 minutes, the agent exec default
}

void TestAdapterApprovals::everyEndingAsRecorded()
{
    gateway::GatewayAdapter adapter;
    FeedOptions options;
    options.conn = QStringLiteral("console2");
    options.feedResults = false;
    QStringList lines;
    for (const core::DomainEvent &event : approvalEvents(feed(adapter, trace(), options))) {
        if (const auto *requested = std::get_if<core::ApprovalRequested>(&event))
            lines.append(QStringLiteral("requested %1 %2")
                             .arg(requested->request.id, requested->request.command));
        else if (const auto *resolved = std::get_if<core::ApprovalResolved>(&event))
            lines.append(QStringLiteral("resolved %1 %2 by '%3'")
                             .arg(resolved->id, resolved->decision, resolved->resolvedBy));
    }
    const QString harness = QStringLiteral("ClawOps live harness");
    const QStringList expected = {
        QStringLiteral("requested %1 echo clawops-once2a90").arg(kOnce),
        QStringLiteral("resolved %1 allow-once by '%2'").arg(kOnce, harness),
        QStringLiteral("requested %1 echo clawops-deny2a90").arg(kDeny),
        QStringLiteral("resolved %1 deny by '%2'").arg(kDeny, harness),
        QStringLiteral("requested %1 echo clawops-always2a90").arg(kAlways),
        // allow-always was not offered: the gateway recorded it as a deny.
        QStringLiteral("resolved %1 deny by '%2'").arg(kAlways, harness),
        // Operator-created requests of the driver's own device (console2 saw only the endings).
        QStringLiteral("resolved fbd26ec0-a026-4738-8ea0-6d17c171022e allow-always by '%1'")
            .arg(harness),
        QStringLiteral("resolved 21129082-8725-4c3c-b5e6-8882a9508a9c deny by ''"), // expired
        QStringLiteral("requested %1 echo clawops-ab2a90").arg(kAborted),
        QStringLiteral("resolved %1 deny by 'approval-scope-closed'").arg(kAborted),
    };
    QVERIFY(sameLines(lines, expected));
}

void TestAdapterApprovals::pendingListAfterReconnect()
{
    gateway::GatewayAdapter adapter;
    adapter.onConnected(recordedOffer());
    gateway::RpcCall call;
    call.method = QStringLiteral("exec.approval.list");
    call.role = gateway::CallRole::Resync;
    // console2's exec.approval.list while A1 waited: a bare array of one.
    const QJsonObject response = responseTo(QStringLiteral("console2"), QStringLiteral("r2"), 9178);
    QVERIFY(response.value(QLatin1String("payload")).isArray());
    const QList<core::DomainEvent> events =
        adapter.handleResult(call, true, payloadOf(response)).events;
    QCOMPARE(events.size(), 1);
    const auto *listed = std::get_if<core::ApprovalsListed>(&events.first());
    QVERIFY(listed);
    QCOMPARE(listed->kind, QStringLiteral("exec"));
    QCOMPARE(listed->pending.size(), 1);
    QCOMPARE(listed->pending.first().id, kOnce);
    QCOMPARE(listed->pending.first().command, QStringLiteral("echo clawops-once2a90"));
    QCOMPARE(listed->pending.first().expiresAtMs, 1796397542611);

    // The empty list at the end of the recording: nothing waits.
    const QJsonObject empty = responseTo(QStringLiteral("driver2"), QStringLiteral("r3"), 24967);
    const QList<core::DomainEvent> none = adapter.handleResult(call, true, payloadOf(empty)).events;
    QCOMPARE(none.size(), 1);
    QVERIFY(std::get<core::ApprovalsListed>(none.first()).pending.isEmpty());
}

void TestAdapterApprovals::listReadOnlyWhenOffered()
{
    const auto methodsOf = [](const QList<gateway::RpcCall> &calls) {
        QStringList methods;
        for (const gateway::RpcCall &call : calls)
            methods.append(call.method);
        return methods;
    };
    gateway::GatewayAdapter offered;
    const QStringList withApprovals = methodsOf(offered.onConnected(recordedOffer()));
    QVERIFY(withApprovals.contains(QStringLiteral("exec.approval.list")));
    QVERIFY(withApprovals.contains(QStringLiteral("plugin.approval.list")));

    // A gateway that lists no methods is not assumed to have approvals.
    gateway::GatewayAdapter silent;
    QVERIFY(!methodsOf(silent.onConnected({})).contains(QStringLiteral("exec.approval.list")));
    gateway::GatewayAdapter without;
    QVERIFY(!methodsOf(without.onConnected(gateway::GatewayOffer::of(
                           {QStringLiteral("sessions.list"), QStringLiteral("chat.history")}, {})))
                 .contains(QStringLiteral("exec.approval.list")));
}

void TestAdapterApprovals::decisionGoesThroughTheOfferedMethod()
{
    const core::ResolveApproval resolve{kOnce, QStringLiteral("exec"), core::kAllowOnce,
                                        core::TaskId(QStringLiteral("T-1-a1"))};
    gateway::GatewayAdapter adapter;
    adapter.onConnected(recordedOffer());
    gateway::AdapterOutput out = adapter.handleAction(resolve);
    QCOMPARE(out.calls.size(), 1);
    QCOMPARE(out.calls.first().method, QStringLiteral("approval.resolve"));
    QCOMPARE(out.calls.first().role, gateway::CallRole::ResolveApproval);
    // The params the driver sent in the recording (A1).
    QJsonObject sent;
    for (const TraceRow &row : trace()) {
        if (row.conn == QLatin1String("driver") && row.dir == QLatin1String("out") &&
            row.frame.value(QLatin1String("method")).toString() ==
                QLatin1String("approval.resolve")) {
            sent = row.frame.value(QLatin1String("params")).toObject();
            break;
        }
    }
    QCOMPARE(out.calls.first().params, sent);

    // Only the per-kind method offered: it is used, with its own params.
    gateway::GatewayAdapter older;
    older.onConnected(gateway::GatewayOffer::of({QStringLiteral("exec.approval.resolve")}, {}));
    out = older.handleAction(resolve);
    QCOMPARE(out.calls.size(), 1);
    QCOMPARE(out.calls.first().method, QStringLiteral("exec.approval.resolve"));
    QCOMPARE(out.calls.first().params,
             (QJsonObject{{QStringLiteral("id"), kOnce},
                          {QStringLiteral("decision"), core::kAllowOnce}}));

    // Nothing offered: no call, and the core hears the decision did not go out.
    gateway::GatewayAdapter none;
    none.onConnected({});
    out = none.handleAction(resolve);
    QVERIFY(out.calls.isEmpty());
    QCOMPARE(out.events.size(), 1);
    QVERIFY(std::holds_alternative<core::ApprovalDecisionFailed>(out.events.first()));
    QCOMPARE(out.outcomes.size(), 1);
    QCOMPARE(out.outcomes.first().outcome, QStringLiteral("resolve-not-offered"));
}

void TestAdapterApprovals::answersOfTheGateway()
{
    gateway::GatewayAdapter adapter;
    adapter.onConnected(recordedOffer());
    const auto callFor = [&](const QString &id, const QString &decision) {
        return adapter.handleAction(core::ResolveApproval{id, QStringLiteral("exec"), decision, {}})
            .calls.first();
    };
    // A1: the driver's allow-once applied.
    gateway::AdapterOutput out = adapter.handleResult(
        callFor(kOnce, core::kAllowOnce), true,
        payloadOf(responseTo(QStringLiteral("driver"), QStringLiteral("r3"), 9220)));
    auto resolved = std::get<core::ApprovalResolved>(out.events.first());
    QCOMPARE(resolved.id, kOnce);
    QCOMPARE(resolved.decision, core::kAllowOnce);
    QVERIFY(resolved.thisConsole);
    QCOMPARE(out.outcomes.first().outcome, QStringLiteral("resolved"));

    // console2 answered after the driver: not applied, the record says allow-once.
    out = adapter.handleResult(
        callFor(kOnce, core::kDeny), true,
        payloadOf(responseTo(QStringLiteral("console2"), QStringLiteral("r4"), 11257)));
    resolved = std::get<core::ApprovalResolved>(out.events.first());
    QCOMPARE(resolved.decision, core::kAllowOnce);
    QVERIFY(!resolved.thisConsole);
    QCOMPARE(out.outcomes.first().outcome, QStringLiteral("already-resolved"));

    // A3: allow-always not offered is applied as a deny; the gateway's word is what counts.
    out = adapter.handleResult(
        callFor(kAlways, core::kAllowAlways), true,
        payloadOf(responseTo(QStringLiteral("console2"), QStringLiteral("r9"), 12942)));
    resolved = std::get<core::ApprovalResolved>(out.events.first());
    QCOMPARE(resolved.decision, core::kDeny);
    QVERIFY(resolved.thisConsole);

    // The older method refusing a late, different answer: the .resolved event closes it.
    out = adapter.handleResult(callFor(kOnce, core::kAllowOnce), false, {},
                               QStringLiteral("INVALID_REQUEST: approval already resolved"));
    QVERIFY(out.events.isEmpty());
    QCOMPARE(out.outcomes.first().outcome, QStringLiteral("already-resolved"));

    // A missing scope: the decision did not take; the approval is open again.
    out = adapter.handleResult(callFor(kDeny, core::kDeny), false, {},
                               QStringLiteral("FORBIDDEN/MISSING_SCOPE: missing scope: "
                                              "operator.approvals"));
    QVERIFY(std::holds_alternative<core::ApprovalDecisionFailed>(out.events.first()));
    QVERIFY(!out.outcomes.first().ok);
}

void TestAdapterApprovals::coreClosesEachAsTheGatewayDid()
{
    FixedClock clock;
    NoRandom random;
    core::Orchestrator orchestrator(core::EngineConfig{}, clock, random);
    gateway::GatewayAdapter adapter;
    FeedOptions options;
    options.conn = QStringLiteral("console2");
    options.feedResults = false;
    clock.at = 1796395742700;
    QList<core::ApprovalRecord> closed;
    for (const core::DomainEvent &event : approvalEvents(feed(adapter, trace(), options))) {
        orchestrator.handle(event);
        for (const core::ApprovalRecord &record : orchestrator.takeChanges().approvals) {
            if (!record.isPending())
                closed.append(record);
        }
    }
    QVERIFY(orchestrator.pendingApprovals().isEmpty());
    QCOMPARE(closed.size(), 4); // the two the driver created itself never reached console2
    QCOMPARE(closed.at(0).request.id, kOnce);
    QCOMPARE(closed.at(0).status, core::ApprovalStatus::Allowed);
    QCOMPARE(closed.at(0).resolvedBy, QStringLiteral("ClawOps live harness"));
    QVERIFY(!closed.at(0).decidedHere);
    QCOMPARE(closed.at(1).status, core::ApprovalStatus::Denied);
    QCOMPARE(closed.at(2).status, core::ApprovalStatus::Denied);
    QCOMPARE(closed.at(3).request.id, kAborted);
    QCOMPARE(closed.at(3).status, core::ApprovalStatus::Cancelled);
}

QTEST_GUILESS_MAIN(TestAdapterApprovals)
#include "tst_adapter_approvals.moc"
