// Gateway approvals in the core: the book of waiting approvals, the operator's decision as an
// action, the gateway's endings, the reconnect's list and the expiry backstop.
#include "CoreHarness.h"
#include "core/Orchestrator.h"

#include <QTest>

using namespace clawops;
using clawops::testing::ManualClock;
using clawops::testing::ScriptedRandom;

namespace {

core::ApprovalRequest request(const QString &id, qint64 createdAt, qint64 timeoutMs,
                              const QStringList &allowed = {core::kAllowOnce, core::kDeny})
{
    core::ApprovalRequest r;
    r.id = id;
    r.command = QStringLiteral("make ") + id;
    r.sessionKey = core::SessionKey(QStringLiteral("agent:main:main"));
    r.allowedDecisions = allowed;
    r.createdAtMs = createdAt;
    r.expiresAtMs = createdAt + timeoutMs;
    return r;
}

core::OperatorCommand decide(const QString &id, const QString &decision)
{
    core::OperatorCommand command;
    command.kind = core::OperatorCommand::Kind::DecideApproval;
    command.approvalId = id;
    command.text = decision;
    command.operatorName = QStringLiteral("ana");
    return command;
}

} // namespace

class TestApprovalsCore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decisionBecomesAnActionAndIsAudited();
    void refusedDecisions();
    void endingsByTheGateway();
    void reconnectListReconciles();
    void expiresOnTheTickWhenTheGatewayCannotSay();
};

void TestApprovalsCore::decisionBecomesAnActionAndIsAudited()
{
    ManualClock clock;
    ScriptedRandom random;
    core::Orchestrator core(core::EngineConfig{}, clock, random);
    core.handle(core::GatewayReachability{true});
    core.handle(core::ApprovalRequested{request(QStringLiteral("a"), clock.now(), 60000)});
    QCOMPARE(core.pendingApprovals().size(), 1);
    const core::CommandResult result = core.execute(decide(QStringLiteral("a"), core::kAllowOnce));
    QVERIFY(result.ok);
    QCOMPARE(result.kind, core::CommandResult::Kind::ApprovalDecisionSent);
    const QList<core::DomainAction> actions = core.takeActions();
    QCOMPARE(actions.size(), 1);
    const auto &resolve = std::get<core::ResolveApproval>(actions.first());
    QCOMPARE(resolve.approvalId, QStringLiteral("a"));
    QCOMPARE(resolve.decision, core::kAllowOnce);
    QCOMPARE(resolve.kind, QStringLiteral("exec"));
    const core::ChangeSet changes = core.takeChanges();
    QCOMPARE(changes.audits.size(), 1);
    QCOMPARE(changes.audits.first().action, QStringLiteral("decide_approval"));
    QCOMPARE(changes.audits.first().operatorName, QStringLiteral("ana"));
    QVERIFY(changes.audits.first().detail.startsWith(core::kAllowOnce));
    // Still waiting until the gateway says; then closed as decided here.
    QCOMPARE(core.pendingApprovals().size(), 1);
    core.handle(core::ApprovalResolved{QStringLiteral("a"), core::kAllowOnce,
                                       QStringLiteral("ClawOps (ana)"), false});
    const QList<core::ApprovalRecord> records = core.takeChanges().approvals;
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().status, core::ApprovalStatus::Allowed);
    QVERIFY(records.first().decidedHere);
    QVERIFY(core.pendingApprovals().isEmpty());
}

void TestApprovalsCore::refusedDecisions()
{
    ManualClock clock;
    ScriptedRandom random;
    core::Orchestrator core(core::EngineConfig{}, clock, random);
    core.handle(core::ApprovalRequested{request(QStringLiteral("a"), clock.now(), 60000)});
    QCOMPARE(core.execute(decide(QStringLiteral("a"), core::kAllowOnce)).kind,
             core::CommandResult::Kind::GatewayNotLive);
    core.handle(core::GatewayReachability{true});
    QCOMPARE(core.execute(decide(QStringLiteral("a"), core::kAllowAlways)).kind,
             core::CommandResult::Kind::DecisionNotOffered);
    QCOMPARE(core.execute(decide(QStringLiteral("zz"), core::kDeny)).kind,
             core::CommandResult::Kind::NoSuchApproval);
    QVERIFY(core.takeActions().isEmpty());
    // Each refusal is audited too.
    QCOMPARE(core.takeChanges().audits.size(), 3);
}

void TestApprovalsCore::endingsByTheGateway()
{
    ManualClock clock;
    ScriptedRandom random;
    core::Orchestrator core(core::EngineConfig{}, clock, random);
    const qint64 t0 = clock.now();
    for (const QString &id : {QStringLiteral("else"), QStringLiteral("exp"), QStringLiteral("run")})
        core.handle(core::ApprovalRequested{request(id, t0, 60000)});
    core.takeChanges();
    core.handle(core::ApprovalResolved{QStringLiteral("else"), core::kDeny,
                                       QStringLiteral("ops-west"), false});
    core.handle(core::ApprovalResolved{QStringLiteral("run"), core::kDeny,
                                       QStringLiteral("approval-scope-closed"), false});
    clock.advance(60000);
    core.handle(core::ApprovalResolved{QStringLiteral("exp"), core::kDeny, {}, false});
    const QList<core::ApprovalRecord> records = core.takeChanges().approvals;
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(0).status, core::ApprovalStatus::Denied);
    QCOMPARE(records.at(0).resolvedBy, QStringLiteral("ops-west"));
    QVERIFY(!records.at(0).decidedHere);
    QCOMPARE(records.at(1).status, core::ApprovalStatus::Cancelled);
    QCOMPARE(records.at(2).status, core::ApprovalStatus::Expired);
    // A late repeat of a closed one (a list read after the event) does not bring it back.
    core.handle(core::ApprovalRequested{request(QStringLiteral("else"), t0, 60000)});
    QVERIFY(core.pendingApprovals().isEmpty());
}

void TestApprovalsCore::reconnectListReconciles()
{
    ManualClock clock;
    ScriptedRandom random;
    core::Orchestrator core(core::EngineConfig{}, clock, random);
    core.handle(core::ApprovalRequested{request(QStringLiteral("kept"), clock.now(), 60000)});
    core.handle(core::ApprovalRequested{request(QStringLiteral("gone"), clock.now(), 60000)});
    core.takeChanges();
    core.handle(core::ApprovalsListed{QStringLiteral("exec"),
                                      {request(QStringLiteral("kept"), clock.now(), 60000),
                                       request(QStringLiteral("new"), clock.now(), 60000)}});
    const QList<core::ApprovalRecord> records = core.takeChanges().approvals;
    QCOMPARE(records.size(), 2);
    QCOMPARE(records.at(0).request.id, QStringLiteral("new"));
    QVERIFY(records.at(0).isPending());
    QCOMPARE(records.at(1).request.id, QStringLiteral("gone"));
    QCOMPARE(records.at(1).status, core::ApprovalStatus::Gone);
    QCOMPARE(core.pendingApprovals().size(), 2);
    // A plugin list does not touch exec approvals.
    core.handle(core::ApprovalsListed{QStringLiteral("plugin"), {}});
    QCOMPARE(core.pendingApprovals().size(), 2);
}

void TestApprovalsCore::expiresOnTheTickWhenTheGatewayCannotSay()
{
    ManualClock clock;
    ScriptedRandom random;
    core::Orchestrator core(core::EngineConfig{}, clock, random);
    core.handle(core::ApprovalRequested{request(QStringLiteral("a"), clock.now(), 3000)});
    core.takeChanges();
    clock.advance(2999);
    core.handle(core::Tick{});
    QCOMPARE(core.pendingApprovals().size(), 1);
    clock.advance(1);
    core.handle(core::Tick{});
    QVERIFY(core.pendingApprovals().isEmpty());
    const QList<core::ApprovalRecord> records = core.takeChanges().approvals;
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().status, core::ApprovalStatus::Expired);
}

QTEST_GUILESS_MAIN(TestApprovalsCore)
#include "tst_approvals_core.moc"
