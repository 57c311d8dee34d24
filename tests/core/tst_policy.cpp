// The plugin's before_tool_call policies as a watch: which tool starts the plugin would have
// blocked, with its exact reasons, its rule order and its three-blocks fallback, and what
// policyAction "abort" asks the gateway for.
#include "CoreHarness.h"
#include "core/Messages.h"
#include "core/Policy.h"

#include <QTest>

using namespace clawops::core;
using namespace clawops::testing;

namespace {

const QString kFront = QStringLiteral("agent:main:main");
const QString kOrchestrator = QStringLiteral("agent:main:subagent:orch-1");
const QString kWorker = QStringLiteral("agent:main:subagent:worker-1");

ToolStarted toolStart(const QString &session, const QString &tool, const QString &args = {},
                      const QString &runId = QStringLiteral("run-1"),
                      const QString &callId = QStringLiteral("call-1"))
{
    return ToolStarted{SessionKey(session), runId, callId, tool, args};
}

EngineConfig enforcing()
{
    EngineConfig config;
    config.enforceMainDelegation = true;
    config.enforceFridayChannels = true;
    return config;
}

QList<AbortRun> aborts(const CoreRig &rig)
{
    QList<AbortRun> out;
    for (const DomainAction &action : rig.actions) {
        if (const auto *abort = std::get_if<AbortRun>(&action))
            out.append(*abort);
    }
    return out;
}

} // namespace

namespace QTest {
template<> char *toString(const PolicyRule &rule)
{
    return qstrdup(policyRuleText(rule).toUtf8().constData());
}
} // namespace QTest

class TestPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frontSessionIsHeldToTheRouterToolsWhenEnforced();
    void frontSessionReasonNamesItsOrchestratorOnceBound();
    void frontSessionIsFreeWithoutEnforcement();
    void messagesGoOnlyToFridayTargets_data();
    void messagesGoOnlyToFridayTargets();
    void channelRuleComesBeforeTheFrontSessionRule();
    void retiredOrchestratorMayUseNoToolAtAll();
    void orchestratorGetsTheDelegationHint();
    void orchestratorFallsBackAfterTwoBlocksInOneRun();
    void violationRecordCarriesTheCall();
    void flagAsksNothingOfTheGateway();
    void abortStopsTheRunAndSendsTheReason();
    void abortKeepsTheThreeBlocksFallbackAcrossTheHintTurn();
    void ruleTextsRoundTrip();
};

void TestPolicy::frontSessionIsHeldToTheRouterToolsWhenEnforced()
{
    CoreRig rig(enforcing());
    rig.send(toolStart(kFront, QStringLiteral("exec"), QStringLiteral(R"({"command":"ls"})")));
    rig.send(toolStart(kFront, QStringLiteral("sessions_send"), {}, QStringLiteral("run-1"),
                       QStringLiteral("call-2")));
    // `message` and `process` are router tools for an orchestrator, not for a front session.
    rig.send(toolStart(kFront, QStringLiteral("process"), {}, QStringLiteral("run-1"),
                       QStringLiteral("call-3")));
    // Workers are neither front sessions nor orchestrators.
    rig.send(toolStart(kWorker, QStringLiteral("exec")));
    rig.pump();
    const QList<PolicyViolationRecord> &found = rig.store.policyViolations;
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.at(0).rule, PolicyRule::MainDelegation);
    QCOMPARE(found.at(0).toolName, QStringLiteral("exec"));
    QCOMPARE(found.at(0).reason,
             QStringLiteral("Front-controller session tool 'exec' blocked by orchestrator policy. "
                            "Use sessions_spawn to start a hidden orchestrator first."));
    QCOMPARE(found.at(1).toolName, QStringLiteral("process"));
}

void TestPolicy::frontSessionReasonNamesItsOrchestratorOnceBound()
{
    EngineConfig config = enforcing();
    config.allowedMainTools.append(QStringLiteral("process")); // a router tool may be added
    CoreRig rig(config);
    rig.send(bound(kFront, kOrchestrator));
    rig.send(toolStart(kFront, QStringLiteral("read")));
    rig.send(toolStart(kFront, QStringLiteral("process"), {}, QStringLiteral("run-1"),
                       QStringLiteral("call-2")));
    rig.pump();
    QCOMPARE(rig.store.policyViolations.size(), 1);
    QCOMPARE(rig.store.policyViolations.first().reason,
             QStringLiteral("Front-controller session tool 'read' blocked by orchestrator policy. "
                            "Use sessions_send with sessionKey='agent:main:subagent:orch-1' to "
                            "delegate work."));
}

void TestPolicy::frontSessionIsFreeWithoutEnforcement()
{
    CoreRig rig(EngineConfig{});
    rig.send(toolStart(kFront, QStringLiteral("exec")));
    rig.send(toolStart(kFront, QStringLiteral("message"),
                       QStringLiteral(R"({"target":"#general"})"), QStringLiteral("run-1"),
                       QStringLiteral("call-2")));
    rig.pump();
    QVERIFY(rig.store.policyViolations.isEmpty());
}

void TestPolicy::messagesGoOnlyToFridayTargets_data()
{
    QTest::addColumn<QString>("args");
    QTest::addColumn<QString>("blockedTarget"); // empty: allowed

    QTest::newRow("general") << R"({"action":"send","target":"#general"})"
                             << "#general";
    QTest::newRow("friday") << R"({"target":"#friday"})"
                            << "";
    QTest::newRow("friday-ops") << R"({"target":"#Friday-Ops"})"
                                << "";
    QTest::newRow("without hash") << R"({"channel":"friday"})"
                                  << "";
    QTest::newRow("forum thread") << R"({"to":"thread:#friday-forum/42"})"
                                  << "";
    QTest::newRow("fridays") << R"({"target":"#fridays"})"
                             << "#fridays";
    // The first non-empty of channel, to, target, threadId, channelId decides.
    QTest::newRow("blank channel") << R"({"channel":"  ","to":" #ops ","target":"#friday"})"
                                   << "#ops";
    QTest::newRow("channel first") << R"({"target":"#ops","channel":"#friday"})"
                                   << "";
    QTest::newRow("channelId") << R"({"channelId":"C123"})"
                               << "C123";
    QTest::newRow("no target") << R"({"message":"hi"})"
                               << "";
    QTest::newRow("no args") << ""
                             << "";
}

void TestPolicy::messagesGoOnlyToFridayTargets()
{
    QFETCH(QString, args);
    QFETCH(QString, blockedTarget);
    EngineConfig config;
    config.enforceFridayChannels = true;
    CoreRig rig(config);
    // Workers are held to it too: the rule looks at the tool, not at who calls it.
    rig.send(toolStart(kWorker, QStringLiteral("message"), args));
    rig.pump();
    if (blockedTarget.isEmpty()) {
        QVERIFY(rig.store.policyViolations.isEmpty());
        return;
    }
    QCOMPARE(rig.store.policyViolations.size(), 1);
    QCOMPARE(rig.store.policyViolations.first().rule, PolicyRule::FridayChannel);
    QCOMPARE(rig.store.policyViolations.first().reason,
             QStringLiteral("Message target '%1' blocked by orchestrator policy. Allowed "
                            "targets: #friday, #friday-*, or #friday-forum channels.")
                 .arg(blockedTarget));
}

void TestPolicy::channelRuleComesBeforeTheFrontSessionRule()
{
    CoreRig rig(enforcing());
    rig.send(toolStart(kFront, QStringLiteral("message"), QStringLiteral(R"({"target":"#ops"})")));
    rig.send(toolStart(kFront, QStringLiteral("message"), QStringLiteral(R"({"target":"#friday"})"),
                       QStringLiteral("run-1"), QStringLiteral("call-2")));
    rig.pump();
    QCOMPARE(rig.store.policyViolations.size(), 2);
    QCOMPARE(rig.store.policyViolations.at(0).rule, PolicyRule::FridayChannel);
    // Allowed by the channel rule, `message` is still no front-session tool.
    QCOMPARE(rig.store.policyViolations.at(1).rule, PolicyRule::MainDelegation);
}

void TestPolicy::retiredOrchestratorMayUseNoToolAtAll()
{
    CoreRig rig(enforcing());
    rig.send(bound(kFront, kOrchestrator));
    rig.send(toolStart(kOrchestrator, QStringLiteral("sessions_spawn")));
    rig.send(orchestratorEnded(kOrchestrator));
    rig.send(toolStart(kOrchestrator, QStringLiteral("sessions_spawn"), {}, QStringLiteral("run-2"),
                       QStringLiteral("call-2")));
    rig.send(toolStart(kOrchestrator, QStringLiteral("message"),
                       QStringLiteral(R"({"target":"#ops"})"), QStringLiteral("run-2"),
                       QStringLiteral("call-3")));
    rig.pump();
    QCOMPARE(rig.store.policyViolations.size(), 2);
    for (const PolicyViolationRecord &violation : std::as_const(rig.store.policyViolations)) {
        QCOMPARE(violation.rule, PolicyRule::RetiredOrchestrator);
        QCOMPARE(violation.reason,
                 QStringLiteral("This hidden orchestrator session has been retired after "
                                "completion/idle. Use sessions_spawn from the front-controller to "
                                "create a fresh orchestrator if needed."));
    }
    // Bound again, it is an orchestrator like any other.
    rig.send(bound(kFront, kOrchestrator));
    rig.send(toolStart(kOrchestrator, QStringLiteral("sessions_spawn"), {}, QStringLiteral("run-3"),
                       QStringLiteral("call-4")));
    rig.pump();
    QCOMPARE(rig.store.policyViolations.size(), 2);
}

void TestPolicy::orchestratorGetsTheDelegationHint()
{
    CoreRig rig(EngineConfig{}); // the orchestrator rule needs no switch, as in the plugin
    rig.send(bound(kFront, kOrchestrator));
    rig.send(toolStart(kOrchestrator, QStringLiteral("exec"),
                       QStringLiteral(R"({"command":"ls   -la","title":"x"})")));
    rig.send(toolStart(kOrchestrator, QStringLiteral("message"),
                       QStringLiteral(R"({"target":"#ops"})"), QStringLiteral("run-1"),
                       QStringLiteral("call-2")));
    rig.pump();
    QCOMPARE(rig.store.policyViolations.size(), 1);
    const PolicyViolationRecord &violation = rig.store.policyViolations.first();
    QCOMPARE(violation.rule, PolicyRule::OrchestratorDelegation);
    // taskPreview collapses the whitespace inside the arguments too.
    QCOMPARE(violation.reason,
             QStringLiteral("Hidden orchestrator policy blocked 'exec'. Delegate this to a worker "
                            "using sessions_spawn with a concrete task. Example: "
                            "sessions_spawn({\"label\":\"worker-exec\",\"task\":\"Use tool exec "
                            "with params {\"command\":\"ls -la\",\"title\":\"x\"}. Return concise "
                            "findings and artifacts.\"})"));
    // Long arguments are cut at 260 characters, the last one an ellipsis; none read "(no task)".
    const QString longArgs = QStringLiteral(R"({"command":"%1"})").arg(QString(400, u'x'));
    const QString hint = buildDelegationHint(QStringLiteral("exec"), longArgs);
    QVERIFY(hint.contains(longArgs.left(259) + QChar(0x2026) + QStringLiteral(". Return")));
    QVERIFY(buildDelegationHint(QStringLiteral("read"), {})
                .contains(QStringLiteral("with params (no task). Return")));
}

void TestPolicy::orchestratorFallsBackAfterTwoBlocksInOneRun()
{
    CoreRig rig(EngineConfig{});
    rig.send(bound(kFront, kOrchestrator));
    for (int i = 1; i <= 4; ++i)
        rig.send(toolStart(kOrchestrator, QStringLiteral("exec"), {}, QStringLiteral("run-1"),
                           QStringLiteral("exec-%1").arg(i)));
    // Each tool counts on its own, and a new run starts counting again.
    rig.send(toolStart(kOrchestrator, QStringLiteral("read"), {}, QStringLiteral("run-1"),
                       QStringLiteral("read-1")));
    rig.send(toolStart(kOrchestrator, QStringLiteral("exec"), {}, QStringLiteral("run-2"),
                       QStringLiteral("exec-5")));
    rig.pump();
    QStringList calls;
    for (const PolicyViolationRecord &violation : std::as_const(rig.store.policyViolations))
        calls.append(violation.toolCallId);
    QCOMPARE(calls, QStringList({QStringLiteral("exec-1"), QStringLiteral("exec-2"),
                                 QStringLiteral("read-1"), QStringLiteral("exec-5")}));
}

void TestPolicy::violationRecordCarriesTheCall()
{
    CoreRig rig(enforcing());
    rig.clock.advance(5000);
    rig.send(toolStart(kFront, QStringLiteral("exec"), QStringLiteral(R"({"command":"echo  hi",
                                          "title":"t"})"),
                       QStringLiteral("run-9"), QStringLiteral("call-9")));
    rig.pump();
    QCOMPARE(rig.store.policyViolations.size(), 1);
    const PolicyViolationRecord &violation = rig.store.policyViolations.first();
    QCOMPARE(violation.at, rig.clock.now());
    QCOMPARE(violation.sessionKey, SessionKey(kFront));
    QCOMPARE(violation.runId, QStringLiteral("run-9"));
    QCOMPARE(violation.toolCallId, QStringLiteral("call-9"));
    QCOMPARE(violation.argsPreview, QStringLiteral(R"({"command":"echo hi", "title":"t"})"));
    QCOMPARE(violation.action, PolicyAction::Flag);
}

void TestPolicy::flagAsksNothingOfTheGateway()
{
    CoreRig rig(enforcing());
    rig.send(toolStart(kFront, QStringLiteral("exec")));
    rig.pump();
    QCOMPARE(rig.store.policyViolations.size(), 1);
    QVERIFY(aborts(rig).isEmpty());
    QVERIFY(rig.sends().isEmpty());
}

void TestPolicy::abortStopsTheRunAndSendsTheReason()
{
    EngineConfig config = enforcing();
    config.policyAction = PolicyAction::Abort;
    CoreRig rig(config);
    rig.send(toolStart(kFront, QStringLiteral("exec"), {}, QStringLiteral("run-7"),
                       QStringLiteral("call-7")));
    rig.send(toolStart(kFront, QStringLiteral("sessions_spawn"), {}, QStringLiteral("run-7"),
                       QStringLiteral("call-8")));
    rig.pump();
    const QList<AbortRun> found = aborts(rig);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().sessionKey, SessionKey(kFront));
    QCOMPARE(found.first().runId, QStringLiteral("run-7"));
    QCOMPARE(found.first().text, rig.store.policyViolations.first().reason);
    QVERIFY(!found.first().idempotencyKey.isEmpty());
    QCOMPARE(rig.store.policyViolations.first().action, PolicyAction::Abort);
}

void TestPolicy::abortKeepsTheThreeBlocksFallbackAcrossTheHintTurn()
{
    EngineConfig config;
    config.policyAction = PolicyAction::Abort;
    CoreRig rig(config);
    rig.send(bound(kFront, kOrchestrator));
    // Each abort ends the run; the next run is the hint's turn, where the agent tries again.
    rig.send(toolStart(kOrchestrator, QStringLiteral("exec"), {}, QStringLiteral("run-1"),
                       QStringLiteral("call-1")));
    rig.send(toolStart(kOrchestrator, QStringLiteral("exec"), {}, QStringLiteral("run-2"),
                       QStringLiteral("call-2")));
    rig.send(toolStart(kOrchestrator, QStringLiteral("exec"), {}, QStringLiteral("run-3"),
                       QStringLiteral("call-3")));
    rig.pump();
    QCOMPARE(rig.store.policyViolations.size(), 2);
    QCOMPARE(aborts(rig).size(), 2);
    QCOMPARE(aborts(rig).at(1).runId, QStringLiteral("run-2"));
}

void TestPolicy::ruleTextsRoundTrip()
{
    for (const PolicyRule rule : {PolicyRule::RetiredOrchestrator, PolicyRule::FridayChannel,
                                  PolicyRule::MainDelegation, PolicyRule::OrchestratorDelegation})
        QCOMPARE(policyRuleFromText(policyRuleText(rule)), std::optional<PolicyRule>(rule));
    QVERIFY(!policyRuleFromText(QStringLiteral("nope")));
    QCOMPARE(policyActionFromText(QStringLiteral("abort")),
             std::optional<PolicyAction>(PolicyAction::Abort));
    QVERIFY(!policyActionFromText(QStringLiteral("Abort")));
}

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
