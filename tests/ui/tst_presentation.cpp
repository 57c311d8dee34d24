// What the console writes: times and countdowns, connection advice, receipts, session keys.
#include "FakeEngineLink.h"
#include "dialogs/ConnectDialog.h"
#include "models/TaskTableModel.h"
#include "present/ConnectionAdvice.h"
#include "present/ReceiptSummary.h"
#include "present/SessionKeys.h"
#include "present/TimeFormat.h"
#include "views/StatusBarWidgets.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QTest>

using namespace clawops;
using namespace clawops::ui;

class TestPresentation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void relative_data();
    void relative();
    void countdown_data();
    void countdown();
    void duration_data();
    void duration();
    void pairingAdviceNamesTheCommand();
    void tokenMismatchAdvice();
    void insecureTransportIsExplainedAndStaysVisible();
    void phases_data();
    void phases();
    void gatewayNextStepWhenUnknownCode();
    void receiptContract();
    void receiptBentSchema();
    void receiptAbsentOrBroken();
    void sessionKeys();
    void workerColumnShowsTheWorkersOwnId();
    void contractPacketStripped();
    void connectUrlValidation();
};

void TestPresentation::relative_data()
{
    QTest::addColumn<qint64>("age");
    QTest::addColumn<QString>("text");
    QTest::newRow("now") << qint64(0) << "just now";
    QTest::newRow("4.9 s") << qint64(4900) << "just now";
    QTest::newRow("5 s") << qint64(5000) << "5 s ago";
    QTest::newRow("59 s") << qint64(59999) << "59 s ago";
    QTest::newRow("3 min") << qint64(3 * 60000 + 5000) << "3 min ago";
    QTest::newRow("2 h") << qint64(2 * 3600000 + 1) << "2 h ago";
    QTest::newRow("3 d") << qint64(3 * 86400000LL) << "3 d ago";
    QTest::newRow("slightly ahead") << qint64(-3000) << "just now";
    QTest::newRow("future") << qint64(-120000) << "in 2 min";
}

void TestPresentation::relative()
{
    QFETCH(qint64, age);
    QFETCH(QString, text);
    const qint64 now = 1795469000000;
    QCOMPARE(TimeFormat::relative(now - age, now), text);
}

void TestPresentation::countdown_data()
{
    QTest::addColumn<qint64>("remaining");
    QTest::addColumn<QString>("text");
    QTest::newRow("past") << qint64(-1) << "due";
    QTest::newRow("zero") << qint64(0) << "due";
    QTest::newRow("rounds up") << qint64(1) << "0:01";
    QTest::newRow("42 s") << qint64(42000) << "0:42";
    QTest::newRow("41.2 s") << qint64(41200) << "0:42";
    QTest::newRow("1:05") << qint64(65000) << "1:05";
    QTest::newRow("59:59") << qint64(3599000) << "59:59";
    QTest::newRow("1:00:00") << qint64(3600000) << "1:00:00";
    QTest::newRow("1:02:03") << qint64(3723000) << "1:02:03";
    QTest::newRow("days") << qint64(2 * 86400000LL + 3 * 3600000) << "2 d 3 h";
}

void TestPresentation::countdown()
{
    QFETCH(qint64, remaining);
    QFETCH(QString, text);
    const qint64 now = 1795469000000;
    QCOMPARE(TimeFormat::countdown(now + remaining, now), text);
}

void TestPresentation::duration_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << qint64(-5) << "0 s";
    QTest::newRow("seconds") << qint64(42999) << "42 s";
    QTest::newRow("minutes") << qint64(12 * 60000 + 59000) << "12 min";
    QTest::newRow("hours") << qint64(3600000 + 5 * 60000) << "1 h 05 min";
    QTest::newRow("days") << qint64(3 * 86400000LL + 4 * 3600000) << "3 d 4 h";
}

void TestPresentation::duration()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(TimeFormat::duration(ms), text);
}

void TestPresentation::pairingAdviceNamesTheCommand()
{
    host::ConnectionStatus status;
    status.phase = host::ConnectionPhase::Stopped;
    status.errorCode = QStringLiteral("PAIRING_REQUIRED");
    status.failure = gateway::classifyConnectFailure(status.errorCode);
    status.requestId = QStringLiteral("req-7f3a");
    const ConnectionAdvice advice = ConnectionAdvice::from(status, 0);
    QCOMPARE(advice.severity, ConnectionAdvice::Severity::Error);
    QCOMPARE(advice.phaseText, QStringLiteral("Stopped: needs you"));
    QCOMPARE(advice.headline, QStringLiteral("This device is waiting for approval"));
    QVERIFY2(advice.nextStep.contains(QStringLiteral("openclaw devices approve req-7f3a")),
             qPrintable(advice.nextStep));
}

void TestPresentation::tokenMismatchAdvice()
{
    host::ConnectionStatus status;
    status.phase = host::ConnectionPhase::Stopped;
    status.errorCode = QStringLiteral("AUTH_TOKEN_MISMATCH");
    status.failure = gateway::classifyConnectFailure(status.errorCode);
    status.errorMessage = QStringLiteral("unauthorized: gateway token mismatch");
    const ConnectionAdvice advice = ConnectionAdvice::from(status, 0);
    QCOMPARE(advice.headline, QStringLiteral("The token was rejected"));
    QVERIFY(advice.nextStep.contains(QStringLiteral("openclaw gateway auth-token --show")));
    // Once live, old errors are not repeated.
    status.phase = host::ConnectionPhase::Live;
    QVERIFY(ConnectionAdvice::from(status, 0).headline.isEmpty());
}

void TestPresentation::insecureTransportIsExplainedAndStaysVisible()
{
    host::ConnectionStatus status;
    status.phase = host::ConnectionPhase::Stopped;
    status.errorCode = QStringLiteral("INSECURE_TRANSPORT");
    status.failure = gateway::classifyConnectFailure(status.errorCode);
    QCOMPARE(status.failure, gateway::ConnectFailure::InsecureTransport);
    const ConnectionAdvice advice = ConnectionAdvice::from(status, 0);
    QCOMPARE(advice.headline, QStringLiteral("Not connecting without encryption"));
    QVERIFY(advice.nextStep.contains(QStringLiteral("--allow-insecure")));

    // Allowed by the operator: the status bar keeps saying so while it lasts.
    StatusBarWidgets bar;
    auto *insecure = bar.findChild<QLabel *>(QStringLiteral("status.insecure"));
    QVERIFY(insecure);
    host::ConnectionStatus live;
    live.phase = host::ConnectionPhase::Live;
    bar.setStatus(live);
    QVERIFY(insecure->isHidden());
    live.certificatesUnchecked = true;
    bar.setStatus(live);
    QVERIFY(!insecure->isHidden());
    QCOMPARE(insecure->text(), QStringLiteral("Certificate not checked"));
    live.certificatesUnchecked = false;
    live.unencryptedRemote = true;
    bar.setStatus(live);
    QCOMPARE(insecure->text(), QStringLiteral("Unencrypted"));
}

void TestPresentation::phases_data()
{
    QTest::addColumn<int>("phase");
    QTest::addColumn<qint64>("nextRetryIn");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("severity");
    using P = host::ConnectionPhase;
    using S = ConnectionAdvice::Severity;
    QTest::newRow("offline") << int(P::Offline) << qint64(0) << "Offline" << int(S::Idle);
    QTest::newRow("connecting") << int(P::Connecting) << qint64(0) << "Connecting" << int(S::Busy);
    QTest::newRow("handshaking") << int(P::Handshaking) << qint64(0) << "Signing in"
                                 << int(S::Busy);
    QTest::newRow("resync") << int(P::Resyncing) << qint64(0) << "Catching up" << int(S::Busy);
    QTest::newRow("live") << int(P::Live) << qint64(0) << "Live" << int(S::Good);
    QTest::newRow("backoff") << int(P::Backoff) << qint64(4000) << "Reconnecting in 4 s"
                             << int(S::Warning);
    QTest::newRow("backoff unknown")
        << int(P::Backoff) << qint64(0) << "Reconnecting" << int(S::Warning);
}

void TestPresentation::phases()
{
    QFETCH(int, phase);
    QFETCH(qint64, nextRetryIn);
    QFETCH(QString, text);
    QFETCH(int, severity);
    host::ConnectionStatus status;
    status.phase = host::ConnectionPhase(phase);
    const qint64 now = 1000000;
    status.nextRetryAtMs = nextRetryIn > 0 ? now + nextRetryIn : 0;
    const ConnectionAdvice advice = ConnectionAdvice::from(status, now);
    QCOMPARE(advice.phaseText, text);
    QCOMPARE(int(advice.severity), severity);
}

void TestPresentation::gatewayNextStepWhenUnknownCode()
{
    host::ConnectionStatus status;
    status.phase = host::ConnectionPhase::Stopped;
    status.errorCode = QStringLiteral("SOMETHING_NEW");
    status.failure = gateway::classifyConnectFailure(status.errorCode);
    status.errorMessage = QStringLiteral("new failure");
    status.nextStep = QStringLiteral("do the new thing");
    const ConnectionAdvice advice = ConnectionAdvice::from(status, 0);
    QCOMPARE(advice.headline, QStringLiteral("The connection failed (SOMETHING_NEW)"));
    QCOMPARE(advice.explanation, QStringLiteral("new failure"));
    QCOMPARE(advice.nextStep, QStringLiteral("do the new thing"));
}

void TestPresentation::receiptContract()
{
    const ReceiptSummary r = ReceiptSummary::fromJson(QStringLiteral(R"({
        "task_id": "7ef53ebce7d1-a1", "status": "blocked",
        "blockers": [{"type": "access", "message": "No staging credentials",
                      "suggested_fix": "Add STAGING_TOKEN", "required_from_user": true}],
        "artifacts": [{"kind": "file", "path_or_ref": "out/report.md", "description": "report"}],
        "verification": [{"kind": "command", "value": "make test", "expected": "exit 0"},
                         {"kind": "url", "value": "https://x/health", "expected": "200"}],
        "summary": "line one\nline two"})"));
    QVERIFY(r.present);
    QCOMPARE(r.status, QStringLiteral("blocked"));
    QCOMPARE(r.taskId, QStringLiteral("7ef53ebce7d1-a1"));
    QCOMPARE(r.blockers.size(), 1);
    QCOMPARE(r.blockers.at(0).suggestedFix, QStringLiteral("Add STAGING_TOKEN"));
    QCOMPARE(r.blockers.at(0).requiredFromUser, QStringLiteral("true"));
    QCOMPARE(r.artifacts.at(0).pathOrRef, QStringLiteral("out/report.md"));
    QCOMPARE(r.verification.size(), 2);
    QCOMPARE(r.verification.at(1).expected, QStringLiteral("200"));
    QCOMPARE(r.summary, QStringLiteral("line one\nline two"));
}

void TestPresentation::receiptBentSchema()
{
    const ReceiptSummary r = ReceiptSummary::fromJson(QStringLiteral(
        R"({"status":"completed","blockers":"none really","verification":["ran it"],)"
        R"("summary":["a","b"],"artifacts":{"kind":"url","path_or_ref":42}})"));
    QVERIFY(r.present);
    QCOMPARE(r.blockers.size(), 1);
    QCOMPARE(r.blockers.at(0).message, QStringLiteral("none really"));
    QCOMPARE(r.verification.at(0).value, QStringLiteral("ran it"));
    QCOMPARE(r.summary, QStringLiteral("a\nb"));
    QCOMPARE(r.artifacts.at(0).pathOrRef, QStringLiteral("42"));
}

void TestPresentation::receiptAbsentOrBroken()
{
    QVERIFY(!ReceiptSummary::fromJson(QString()).present);
    const ReceiptSummary broken = ReceiptSummary::fromJson(QStringLiteral("{not json"));
    QVERIFY(!broken.present);
    QVERIFY(!broken.parseError.isEmpty());
    QVERIFY(!ReceiptSummary::fromJson(QStringLiteral("[1,2]")).present);
}

void TestPresentation::sessionKeys()
{
    QCOMPARE(
        shortSessionKey(QStringLiteral("agent:main:subagent:6f4eb4b8-92ef-4b70-b61a-bc0d7317b22d")),
        QStringLiteral("main \u203a sub 6f4eb4b8"));
    QCOMPARE(shortSessionKey(QStringLiteral("agent:main:main")),
             QStringLiteral("main \u203a main"));
    // A worker under a hidden orchestrator: its own id shows, so it differs from the
    // orchestrator's short form, which is exactly the orchestrator's own.
    const QString orchestrator =
        QStringLiteral("agent:main:subagent:6f4eb4b8-92ef-4b70-b61a-bc0d7317b22d");
    const QString worker = orchestrator + QStringLiteral(":subagent:1c9d0e2a-0b7e-4f0e-9d1c-aa01");
    QCOMPARE(shortSessionKey(worker), QStringLiteral("main \u203a sub 6f4eb4b8 \u203a 1c9d0e2a"));
    QVERIFY(shortSessionKey(worker) != shortSessionKey(orchestrator));
    QCOMPARE(shortSessionKey(QStringLiteral("agent:ops:subagent:abc:subagent:def")),
             QStringLiteral("ops \u203a sub abc \u203a def"));
    // Deeper nesting: the root and the session's own id, the levels between elided.
    QCOMPARE(shortSessionKey(QStringLiteral("agent:main:subagent:aaa:subagent:bbb:subagent:ccc")),
             QStringLiteral("main \u203a sub aaa \u203a \u2026 \u203a ccc"));
    // Two workers of the same orchestrator stay apart.
    QVERIFY(shortSessionKey(QStringLiteral("agent:main:subagent:abc:subagent:def")) !=
            shortSessionKey(QStringLiteral("agent:main:subagent:abc:subagent:xyz")));
    QCOMPARE(shortSessionKey(QString()), QString());
    QCOMPARE(shortSessionKey(QStringLiteral("plain")), QStringLiteral("plain"));
}

void TestPresentation::workerColumnShowsTheWorkersOwnId()
{
    // The tasks table as the operator sees it: a worker nested under its hidden orchestrator
    // reads differently from that orchestrator, and the tooltip carries the whole key.
    test::FakeEngineLink link;
    TaskTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setPageRequester(
        [&link](const core::TaskQuery &request) { return link.requestTaskPage(request); });
    QObject::connect(
        &link, &host::EngineApi::taskPageReady, &model,
        [&model](quint64 id, const host::TaskPage &page) { model.applyPage(id, page); });
    core::TaskRecord task = test::makeTask(1, core::TaskState::Running, 1795469000000);
    task.orchestratorSessionKey =
        clawops::core::SessionKey(QStringLiteral("agent:main:subagent:6f4eb4b8-92ef-4b70"));
    task.workerSessionKey = clawops::core::SessionKey(task.orchestratorSessionKey +
                                                      QStringLiteral(":subagent:1c9d0e2a-77"));
    link.upsert({task}, false);
    model.reload();
    QCOMPARE(link.answerPages(), 1);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex worker = model.index(0, TaskTableModel::WorkerColumn);
    const QModelIndex orchestrator = model.index(0, TaskTableModel::OrchestratorColumn);
    QCOMPARE(worker.data().toString(), QStringLiteral("main \u203a sub 6f4eb4b8 \u203a 1c9d0e2a"));
    QCOMPARE(orchestrator.data().toString(), QStringLiteral("main \u203a sub 6f4eb4b8"));
    QCOMPARE(worker.data(Qt::ToolTipRole).toString(), task.workerSessionKey);
    QCOMPARE(orchestrator.data(Qt::ToolTipRole).toString(), task.orchestratorSessionKey);
}

void TestPresentation::contractPacketStripped()
{
    QCOMPARE(stripContractPacket(QStringLiteral("Run the checks.\n\n[Worker result contract]\n"
                                                "When done...")),
             QStringLiteral("Run the checks."));
    QCOMPARE(stripContractPacket(QStringLiteral("Run the mock checks for T-44 and report. "
                                                "[Worker result contract] When done, …")),
             QStringLiteral("Run the mock checks for T-44 and report."));
    QCOMPARE(stripContractPacket(QStringLiteral("no packet")), QStringLiteral("no packet"));
}

void TestPresentation::connectUrlValidation()
{
    QString why;
    QVERIFY(ConnectDialog::validateUrl(QStringLiteral("ws://127.0.0.1:18789/"), &why));
    QVERIFY(ConnectDialog::validateUrl(QStringLiteral("wss://gw.example.org"), &why));
    QVERIFY(!ConnectDialog::validateUrl(QStringLiteral("http://127.0.0.1:18789/"), &why));
    QVERIFY(why.contains(QStringLiteral("ws://")));
    QVERIFY(!ConnectDialog::validateUrl(QString(), &why));
    QVERIFY(!ConnectDialog::validateUrl(QStringLiteral("ws://"), &why));
}

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
