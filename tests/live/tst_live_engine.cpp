// The live ring's engine test: ClawOps's whole engine (thread, store, gateway client, adapter,
// core) against a REAL OpenClaw gateway started by with-gateway.sh, whose only model is the
// scripted mock (mock-model.mjs). It runs the eight scenarios and asserts them on the
// ClawOps store and, where it matters, on the gateway itself (tasks.list, chat.history).
//
// Time is the scarce resource (a loaded 2-core machine, one gateway start of 20-140 s), so the
// scenarios run concurrently inside one gateway: startScenarios() sends all the spawns of
// scenarios 1-7 at once, each in a session of its own, and the later test functions only wait for
// and check their outcome. Only the gateway restart (8) runs on its own at the end, because it
// interrupts every run in flight.
//
// The engine never starts work itself; a small separate operator client (Driver, the engine's own
// GatewayClient with a device identity of its own) plays the human typing into the main agent:
// chat.send "SPAWN task_id=... <markers>". Because the driver's socket starts those runs, the
// engine's socket sees the spawns as session.tool events, as a console watching someone else's
// session would.
//
// Needs the CLAWOPS_LIVE_* variables that with-gateway.sh exports; without them it fails (it is
// registered only under with-gateway.sh and must never pass by skipping).

#include "core/Config.h"
#include "core/Logging.h"
#include "core/Messages.h"
#include "gateway/Frame.h"
#include "gateway/GatewayClient.h"
#include "gateway/GatewayClientConfig.h"
#include "gateway/JsonRef.h"
#include "host/EngineHost.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

Q_LOGGING_CATEGORY(lcLive, "clawops.live")

using namespace clawops;

namespace {

// Every wait below is multiplied by CLAWOPS_LIVE_TIME_SCALE (default 1). The defaults already
// allow for a machine whose load average is 10+: the first turn of a fresh session has taken
// 60 s to reach the model there.
int scaled(int ms)
{
    static const double scale = [] {
        bool ok = false;
        const double value = qEnvironmentVariable("CLAWOPS_LIVE_TIME_SCALE").toDouble(&ok);
        return ok && value > 0 ? value : 1.0;
    }();
    return int(ms * scale);
}

// Spins the event loop (engine signals are queued to this thread) until `done` or the deadline.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(scaled(timeoutMs));
    while (!done()) {
        if (deadline.hasExpired())
            return done();
        QTest::qWait(100);
    }
    return true;
}

// Like waitUntil, for predicates that ask the gateway: at most one question per interval.
bool pollUntil(const std::function<bool()> &done, int timeoutMs, int intervalMs = 1500)
{
    const QDeadlineTimer deadline(scaled(timeoutMs));
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(intervalMs);
    }
    return true;
}

QString messageText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue part : content.toArray())
        parts.append(part.toObject().value(QLatin1String("text")).toString());
    return parts.join(QString());
}

QString historyLine(const core::TransitionRecord &t)
{
    return core::stateName(t.to) + QLatin1Char(':') + t.cause.toText();
}

// The harness's variables (see with-gateway.sh).
struct LiveEnv
{
    QUrl url;
    QString token;
    QString mockUrl;
    QString dir;
    QString gatewaySh;

    static std::optional<LiveEnv> fromEnvironment(QString *missing)
    {
        LiveEnv env;
        const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
        QStringList absent;
        const auto get = [&](const char *name) {
            QString value = system.value(QString::fromLatin1(name));
            if (value.isEmpty())
                absent.append(QString::fromLatin1(name));
            return value;
        };
        env.url = QUrl(get("CLAWOPS_LIVE_URL"));
        env.token = get("CLAWOPS_LIVE_TOKEN");
        env.mockUrl = get("CLAWOPS_LIVE_MOCK_URL");
        env.dir = get("CLAWOPS_LIVE_DIR");
        env.gatewaySh = get("CLAWOPS_LIVE_GATEWAY_SH");
        if (!absent.isEmpty()) {
            *missing = absent.join(QLatin1String(", "));
            return std::nullopt;
        }
        return env;
    }
};

// The human at the keyboard: a second operator connection that starts runs and reads the
// gateway's own view (tasks.list, chat.history) for the assertions.
class Driver
{
public:
    Driver(const LiveEnv &env, const QString &stateDir)
    {
        gateway::GatewayClientConfig config;
        config.url = env.url;
        config.sharedToken = env.token;
        config.stateDir = stateDir;
        config.displayName = QStringLiteral("ClawOps live driver");
        // Reconnect quickly after the gateway restart: the test waits for it.
        config.reconnect.maxDelayMs = 3000;
        m_client = std::make_unique<gateway::GatewayClient>(gateway::resolveClientConfig(config));
        QObject::connect(m_client.get(), &gateway::GatewayClient::eventReceived, m_client.get(),
                         [this](const gateway::Frame &frame) { noteRunEnding(frame); });
    }
    ~Driver() { m_client->stop(); }

    bool connect(int timeoutMs)
    {
        if (m_client->state() == gateway::ConnectionState::Disconnected)
            m_client->start();
        return waitUntil([this] { return isConnected(); }, timeoutMs);
    }
    bool isConnected() const { return m_client->state() == gateway::ConnectionState::Connected; }

    // One request, answered synchronously (the event loop runs meanwhile). The callback may
    // outlive this frame when the wait gives up, hence the shared state.
    gateway::RpcResult call(const QString &method, const QJsonObject &params, int timeoutMs = 60000)
    {
        struct State
        {
            bool done = false;
            gateway::RpcResult result;
        };
        auto state = std::make_shared<State>();
        gateway::RequestOptions options;
        options.timeoutMs = scaled(timeoutMs);
        m_client->request(method, params, options, [state](const gateway::RpcResult &result) {
            state->result = result;
            state->done = true;
        });
        if (!waitUntil([state] { return state->done; }, timeoutMs + 5000)) {
            gateway::RpcResult timedOut;
            timedOut.error = gateway::GatewayError::local(QStringLiteral("TEST_TIMEOUT"),
                                                          method + QStringLiteral(" not answered"));
            return timedOut;
        }
        return state->result;
    }

    // What the operator would type into a session of the main agent.
    gateway::RpcResult chatSend(const QString &sessionKey, const QString &message)
    {
        const QString idempotencyKey =
            QStringLiteral("clawops-live-%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
        qCInfo(lcLive).noquote() << "chat.send" << sessionKey << message;
        return call(QStringLiteral("chat.send"),
                    {{QStringLiteral("sessionKey"), sessionKey},
                     {QStringLiteral("message"), message},
                     {QStringLiteral("idempotencyKey"), idempotencyKey}});
    }

    // The gateway's task ledger row of a child session (the newest, should there be several).
    QJsonObject gatewayTaskOf(const QString &childSessionKey)
    {
        const gateway::RpcResult result = call(QStringLiteral("tasks.list"), {});
        QJsonObject found;
        for (const QJsonValue value :
             result.payloadObject().value(QLatin1String("tasks")).toArray()) {
            const QJsonObject task = value.toObject();
            if (task.value(QLatin1String("childSessionKey")).toString() == childSessionKey)
                found = task;
        }
        return found;
    }
    QString gatewayTaskStatus(const QString &childSessionKey)
    {
        return gatewayTaskOf(childSessionKey).value(QLatin1String("status")).toString();
    }

    // A session's transcript as the gateway stores it.
    QJsonArray messages(const QString &sessionKey, int limit = 200)
    {
        const gateway::RpcResult result =
            call(QStringLiteral("chat.history"),
                 {{QStringLiteral("sessionKey"), sessionKey}, {QStringLiteral("limit"), limit}});
        return result.payloadObject().value(QLatin1String("messages")).toArray();
    }

    // "role: text" lines of a session's transcript.
    QStringList history(const QString &sessionKey, int limit = 200)
    {
        QStringList lines;
        for (const QJsonValue value : messages(sessionKey, limit)) {
            const QJsonObject message = value.toObject();
            lines.append(message.value(QLatin1String("role")).toString() + QStringLiteral(": ") +
                         messageText(message.value(QLatin1String("content"))));
        }
        return lines;
    }

    // Whether the gateway ended a run as aborted (lifecycle end or error with aborted:true), as
    // every client connected at the time was told.
    bool sawRunAborted(const QString &runId) const { return m_abortedRuns.contains(runId); }

private:
    void noteRunEnding(const gateway::Frame &frame)
    {
        if (frame.name != QLatin1String("agent"))
            return;
        const gateway::JsonRef payload = frame.payload;
        if (!payload.value(QLatin1String("stream")).equals(QLatin1String("lifecycle")))
            return;
        const gateway::JsonRef data = payload.value(QLatin1String("data"));
        const gateway::JsonRef phase = data.value(QLatin1String("phase"));
        if ((phase.equals(QLatin1String("end")) || phase.equals(QLatin1String("error"))) &&
            data.value(QLatin1String("aborted")).toBool())
            m_abortedRuns.insert(payload.value(QLatin1String("runId")).toString());
    }

    std::unique_ptr<gateway::GatewayClient> m_client;
    QSet<QString> m_abortedRuns;
};

// Collects what the engine publishes, as the console would. It outlives engine restarts: a new
// EngineHost is attached to the same observer.
struct Observer
{
    void attach(host::EngineHost &host)
    {
        QObject::connect(&host, &host::EngineHost::delta, &host,
                         [this](const host::EngineDelta &delta) {
                             for (const core::TaskRecord &task : delta.tasks)
                                 tasks.insert(task.taskId, task);
                             transitions.append(delta.transitions);
                             audits.append(delta.audits);
                             policyViolations.append(delta.policyViolations);
                             if (delta.retryQueue)
                                 retryEntries.append(delta.retryQueue->queued);
                         });
        QObject::connect(&host, &host::EngineHost::connectionChanged, &host,
                         [this](const host::ConnectionStatus &status) {
                             if (phases.isEmpty() || phases.last() != status.phase)
                                 phases.append(status.phase);
                             lastStatus = status;
                         });
    }

    std::optional<core::TaskRecord> byLabel(const QString &label, int attempt = 1) const
    {
        for (const core::TaskRecord &task : tasks) {
            if (task.label == label && task.attempt == attempt)
                return task;
        }
        return std::nullopt;
    }
    QList<core::TaskRecord> allWithLabel(const QString &label) const
    {
        QList<core::TaskRecord> out;
        for (const core::TaskRecord &task : tasks) {
            if (task.label == label)
                out.append(task);
        }
        return out;
    }
    core::TaskState stateOf(const QString &label, int attempt = 1) const
    {
        const auto task = byLabel(label, attempt);
        return task ? task->state : core::TaskState::Queued;
    }
    bool isIn(const QString &label, core::TaskState state, int attempt = 1) const
    {
        const auto task = byLabel(label, attempt);
        return task && task->state == state;
    }
    QStringList historyOf(const QString &taskId) const
    {
        QStringList out;
        for (const core::TransitionRecord &t : transitions) {
            if (t.taskId == taskId)
                out.append(historyLine(t));
        }
        return out;
    }
    bool isLive() const
    {
        return !phases.isEmpty() && phases.last() == host::ConnectionPhase::Live;
    }

    // For failure messages: every task the engine reported, with its history.
    QString dump() const
    {
        QStringList out;
        for (const core::TaskRecord &task : tasks) {
            out.append(QStringLiteral(
                           "%1 label=%2 attempt=%3 state=%4 worker=%5 gwTask=%6 receipt=%7 | %8")
                           .arg(task.taskId, task.label)
                           .arg(task.attempt)
                           .arg(core::stateName(task.state), task.workerSessionKey,
                                task.gatewayTaskId, task.receiptStatus,
                                historyOf(task.taskId).join(QLatin1String(" > "))));
        }
        out.sort();
        return out.join(QLatin1Char('\n'));
    }

    QHash<QString, core::TaskRecord> tasks;
    QList<core::TransitionRecord> transitions;
    QList<core::AuditRecord> audits;
    QList<core::PolicyViolationRecord> policyViolations;
    QList<host::RetryEntry> retryEntries; // every row the engine said joined or changed
    QList<host::ConnectionPhase> phases;
    host::ConnectionStatus lastStatus;
};

// The session key of each scenario: its own, so that the main agent's turns for one scenario
// never queue behind another's (scenario 1 uses the main session, as a user would).
struct Scenario
{
    QString id;      // the mock's task_id marker (and so the label worker-<id>)
    QString session; // where the driver sends the SPAWN
    QString markers; // the mock's worker markers
    QString label() const { return QStringLiteral("worker-") + id; }
};

} // namespace

class TestLiveEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void startScenarios();
    void engineRestartMidRunResyncs();         // 7
    void operatorKillCancelsTheGatewayTask();  // 5
    void verifiedReceiptNeedsOperatorVerify(); // 1
    void receiptWithoutVerificationIsDone();   // 2
    void blockedWorkerResumesAfterAnswer();    // 3
    void duplicateSpawnIsSuppressed();         // 6
    void hungWorkerIsRetriedUntilDead();       // 4
    void gatewayRestartMidRunResyncs();        // 8
    void storeHasNoLostOrDoubledTransitions();
    void policyAbortStopsTheRunAndSendsTheHint(); // issue 15
    void cleanupTestCase();

private:
    void startEngine(const QJsonObject &policyKeys = {});
    bool stopEngine();
    core::CommandResult runCommand(core::OperatorCommand::Kind kind, const QString &taskId,
                                   const QString &text = {});
    std::optional<host::TaskDetail> detail(const QString &taskId);
    QList<core::TaskRecord> allStoredTasks();
    QJsonObject mockState();
    bool waitForState(const Scenario &scenario, core::TaskState state, int timeoutMs,
                      int attempt = 1);
    QString failureContext(const Scenario &scenario, int attempt = 1) const;
    bool waitForModelCall(const Scenario &scenario);

    std::optional<LiveEnv> m_env;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Driver> m_driver;
    std::unique_ptr<host::EngineHost> m_host;
    Observer m_observer;
    QString m_tag; // keeps task ids apart when the same gateway serves several runs
    QElapsedTimer m_clock;
    qint64 m_functionStart = 0;

    Scenario m_verify, m_noVerify, m_blocked, m_retry, m_kill, m_dup, m_engineRestart,
        m_gatewayRestart;
};

// --- plumbing ------------------------------------------------------------------------------------

void TestLiveEngine::initTestCase()
{
    m_clock.start();
    QString missing;
    m_env = LiveEnv::fromEnvironment(&missing);
    QVERIFY2(m_env, qPrintable(QStringLiteral(
                                   "run this test through tests/live/with-gateway.sh; missing: ") +
                               missing));
    // Inside the harness dir, which with-gateway.sh removes (or keeps, with CLAWOPS_LIVE_KEEP=1)
    // even when this process dies: nothing is left behind in /tmp.
    m_dir = std::make_unique<QTemporaryDir>(m_env->dir + QStringLiteral("/engine-XXXXXX"));
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
    m_tag = QString::number(QRandomGenerator::global()->bounded(0x10000), 16);

    m_verify = {QStringLiteral("L-VERIFY-") + m_tag, QStringLiteral("agent:main:main"), {}};
    m_noVerify = {QStringLiteral("L-NOVERIFY-") + m_tag,
                  QStringLiteral("agent:main:live-noverify-") + m_tag, QStringLiteral("NOVERIFY")};
    m_blocked = {QStringLiteral("L-BLOCKED-") + m_tag,
                 QStringLiteral("agent:main:live-blocked-") + m_tag, QStringLiteral("BLOCKED")};
    // A hung stream bounded by runTimeoutSeconds: the gateway ends it as timed out ~5-15 s after
    // the spawn (HTTP 500 would cost ~80 s of the gateway's own provider retries).
    m_retry = {QStringLiteral("L-RETRY-") + m_tag, QStringLiteral("agent:main:live-retry-") + m_tag,
               QStringLiteral("HANG TIMEOUT=5")};
    // Long enough to still be running whenever the kill comes.
    m_kill = {QStringLiteral("L-KILL-") + m_tag, QStringLiteral("agent:main:live-kill-") + m_tag,
              QStringLiteral("SLOW=400 NOVERIFY")};
    // Slow, so that the duplicate is still running when the engine cancels it.
    m_dup = {QStringLiteral("L-DUP-") + m_tag, QStringLiteral("agent:main:live-dup-") + m_tag,
             QStringLiteral("DUP SLOW=25 NOVERIFY")};
    // Still streaming when the engine stops (at scenario 4's retry dispatch, 5-20 s after the
    // spawns), finished before it starts again.
    m_engineRestart = {QStringLiteral("L-ERESTART-") + m_tag,
                       QStringLiteral("agent:main:live-erestart-") + m_tag,
                       QStringLiteral("SLOW=40 NOVERIFY")};
    m_gatewayRestart = {QStringLiteral("L-GRESTART-") + m_tag,
                        QStringLiteral("agent:main:live-grestart-") + m_tag,
                        QStringLiteral("SLOW=20 NOVERIFY")};

    m_driver = std::make_unique<Driver>(*m_env, m_dir->filePath(QStringLiteral("driver-identity")));
    QVERIFY2(m_driver->connect(60000), "the driver could not connect to the live gateway");
    startEngine();
    qCInfo(lcLive) << "engine live after" << m_clock.elapsed() << "ms; run tag" << m_tag;
}

void TestLiveEngine::init()
{
    m_functionStart = m_clock.elapsed();
    // A scenario that failed while the engine was stopped (the restart scenario) must not take
    // the others down with it.
    if (m_env && !m_host)
        startEngine();
}

void TestLiveEngine::cleanup()
{
    qCInfo(lcLive).noquote() << QTest::currentTestFunction() << "took"
                             << (m_clock.elapsed() - m_functionStart) / 1000
                             << "s; test time so far" << m_clock.elapsed() / 1000 << "s";
}

void TestLiveEngine::cleanupTestCase()
{
    if (m_host)
        QVERIFY(stopEngine());
    m_driver.reset();
    m_dir.reset();
    qCInfo(lcLive) << "live engine test took" << m_clock.elapsed() / 1000 << "s";
}

void TestLiveEngine::startEngine(const QJsonObject &policyKeys)
{
    host::EngineSettings settings;
    settings.gatewayUrl = m_env->url;
    settings.token = m_env->token;
    settings.databasePath = m_dir->filePath(QStringLiteral("engine.db"));
    settings.identityDir = m_dir->filePath(QStringLiteral("engine-identity"));
    settings.operatorName = QStringLiteral("live-tester");
    // The plugin's keys, with test-sized timings: one retry per task, so that scenario 4 both
    // retries (attempt 2) and exhausts the budget (dead) within two short timeouts.
    QJsonObject keys{
        {QStringLiteral("autoRetryFailedSubagents"), true},
        {QStringLiteral("maxRetriesPerTask"), 1},
        {QStringLiteral("retryBaseBackoffMs"), 400},
        {QStringLiteral("retryMaxBackoffMs"), 2000},
        {QStringLiteral("schedulerTickMs"), 250},
        // The operator verifies by hand here; the grace must not do it first.
        {QStringLiteral("verificationGraceMs"), 1800000},
        // A respawn turn on a loaded machine can take a minute to reach the model.
        {QStringLiteral("respawnWindowMs"), 300000},
    };
    for (auto it = policyKeys.begin(); it != policyKeys.end(); ++it)
        keys.insert(it.key(), it.value());
    settings.config = core::resolveConfig(keys);
    m_host = std::make_unique<host::EngineHost>();
    m_observer.phases.clear();
    m_observer.attach(*m_host);
    QSignalSpy started(m_host.get(), &host::EngineHost::started);
    QSignalSpy failed(m_host.get(), &host::EngineHost::failed);
    m_host->start(settings);
    QVERIFY2(waitUntil([&] { return !started.isEmpty() || !failed.isEmpty(); }, 20000),
             "the engine did not start");
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    // Connect, handshake, subscribe and the first resync; on a loaded machine this is seconds.
    QVERIFY2(
        waitUntil([this] { return m_observer.isLive(); }, 120000),
        qPrintable(QStringLiteral("the engine never became live: %1 %2")
                       .arg(m_observer.lastStatus.errorCode, m_observer.lastStatus.errorMessage)));
}

bool TestLiveEngine::stopEngine()
{
    const bool stopped = m_host->stop(15000).complete;
    m_host.reset();
    return stopped;
}

core::CommandResult TestLiveEngine::runCommand(core::OperatorCommand::Kind kind,
                                               const QString &taskId, const QString &text)
{
    core::OperatorCommand command;
    command.kind = kind;
    command.taskId = clawops::core::TaskId(taskId);
    command.reason = QStringLiteral("live test");
    command.text = text;
    std::optional<core::CommandResult> result;
    quint64 wanted = 0;
    const QMetaObject::Connection connection = QObject::connect(
        m_host.get(), &host::EngineHost::commandFinished, m_host.get(),
        [&](quint64 id, const core::OperatorCommand &, const core::CommandResult &r) {
            if (id == wanted)
                result = r;
        });
    wanted = m_host->sendCommand(command);
    waitUntil([&] { return result.has_value(); }, 15000);
    QObject::disconnect(connection);
    return result.value_or(core::CommandResult::refused(core::CommandResult::Kind::EngineNotRunning,
                                                        command.taskId,
                                                        QStringLiteral("no commandFinished")));
}

std::optional<host::TaskDetail> TestLiveEngine::detail(const QString &taskId)
{
    std::optional<host::TaskDetail> out;
    quint64 wanted = 0;
    const QMetaObject::Connection connection =
        QObject::connect(m_host.get(), &host::EngineHost::taskDetailReady, m_host.get(),
                         [&](quint64 id, const host::TaskDetail &d) {
                             if (id == wanted)
                                 out = d;
                         });
    wanted = m_host->requestTaskDetail(clawops::core::TaskId(taskId));
    waitUntil([&] { return out.has_value(); }, 15000);
    QObject::disconnect(connection);
    return out;
}

QList<core::TaskRecord> TestLiveEngine::allStoredTasks()
{
    std::optional<host::TaskPage> out;
    quint64 wanted = 0;
    const QMetaObject::Connection connection =
        QObject::connect(m_host.get(), &host::EngineHost::taskPageReady, m_host.get(),
                         [&](quint64 id, const host::TaskPage &page) {
                             if (id == wanted)
                                 out = page;
                         });
    core::TaskQuery request;
    request.limit = 1000;
    wanted = m_host->requestTaskPage(request);
    waitUntil([&] { return out.has_value(); }, 15000);
    QObject::disconnect(connection);
    return out ? out->rows : QList<core::TaskRecord>{};
}

QJsonObject TestLiveEngine::mockState()
{
    QNetworkAccessManager network;
    QNetworkReply *reply =
        network.get(QNetworkRequest(QUrl(m_env->mockUrl + QStringLiteral("/_mock/state"))));
    waitUntil([reply] { return reply->isFinished(); }, 10000);
    QJsonObject state = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return state;
}

bool TestLiveEngine::waitForState(const Scenario &scenario, core::TaskState state, int timeoutMs,
                                  int attempt)
{
    const bool reached =
        waitUntil([&] { return m_observer.isIn(scenario.label(), state, attempt); }, timeoutMs);
    if (!reached)
        qCWarning(lcLive).noquote()
            << "waiting for" << scenario.label() << "attempt" << attempt << "to be"
            << core::stateName(state) << "timed out;" << failureContext(scenario, attempt);
    return reached;
}

bool TestLiveEngine::waitForModelCall(const Scenario &scenario)
{
    // "Mid-run" means the worker is streaming from the model, not still in the gateway's turn
    // preparation (13 s and more under load): the mock counts the worker sessions that called it.
    const bool called = pollUntil(
        [&] {
            return mockState()
                       .value(QLatin1String("workerSessions"))
                       .toObject()
                       .value(scenario.label())
                       .toInt() >= 1;
        },
        120000, 1000);
    QTest::qWait(2000); // a few chunks into the slow reply
    return called;
}

QString TestLiveEngine::failureContext(const Scenario &scenario, int attempt) const
{
    const auto task = m_observer.byLabel(scenario.label(), attempt);
    if (!task)
        return QStringLiteral("no task for %1 attempt %2; the engine has:\n%3")
            .arg(scenario.label())
            .arg(attempt)
            .arg(m_observer.dump());
    return QStringLiteral("%1 is %2 (%3); history %4")
        .arg(task->taskId.str(), core::stateName(task->state), task->lastOutcome.toText(),
             m_observer.historyOf(task->taskId).join(QLatin1String(" > ")));
}

// --- scenarios -----------------------------------------------------------------------------------

void TestLiveEngine::startScenarios()
{
    // The mock counts FAILTIMES attempts per label; nothing here uses it, but a clean slate keeps
    // its /_mock/state readable for the assertions.
    for (const Scenario *s :
         {&m_verify, &m_noVerify, &m_blocked, &m_retry, &m_kill, &m_dup, &m_engineRestart}) {
        const QString text =
            QStringLiteral("Please SPAWN a worker for task_id=%1 %2 and report back.")
                .arg(s->id, s->markers);
        const gateway::RpcResult sent = m_driver->chatSend(s->session, text);
        QVERIFY2(sent.ok, qPrintable(s->id + QStringLiteral(": chat.send failed: ") +
                                     sent.error.describe()));
    }
    // Every spawn must reach the engine as a task before anything else is checked: the engine
    // restart below is about runs in progress, not about spawns made while it is away.
    for (const Scenario *s :
         {&m_verify, &m_noVerify, &m_blocked, &m_retry, &m_kill, &m_dup, &m_engineRestart}) {
        QVERIFY2(waitUntil([&] { return m_observer.byLabel(s->label()).has_value(); }, 240000),
                 qPrintable(failureContext(*s)));
    }
    qCInfo(lcLive) << "all spawns tracked after" << m_clock.elapsed() / 1000 << "s";
}

// 7. ClawOps stopped and restarted mid-run: the worker finishes while the engine is away; after
// the restart the resync finds its ending and its receipt, and nothing is recorded twice.
//
// The stop is timed to the moment the engine has just delivered scenario 4's retry (its first
// attempt hangs and times out a few seconds after the spawn): the orchestrator respawns while
// ClawOps is away, and the restarted engine must still track attempt 2. That part is asserted in
// scenario 4; timing it here makes it deterministic instead of a coincidence of the load.
void TestLiveEngine::engineRestartMidRunResyncs()
{
    const Scenario &s = m_engineRestart;
    QVERIFY2(waitUntil(
                 [&] {
                     const auto task = m_observer.byLabel(s.label());
                     return task && task->state == core::TaskState::Running;
                 },
                 240000),
             qPrintable(failureContext(s)));
    const core::TaskRecord running = *m_observer.byLabel(s.label());
    QVERIFY(running.workerSessionKey.str().startsWith(QLatin1String("agent:main:subagent:")));
    QCOMPARE(running.orchestratorSessionKey, s.session);
    // A queued task without a run time is a retry handed to the orchestrator, awaiting the respawn.
    QVERIFY2(waitUntil(
                 [&] {
                     const auto retry = m_observer.byLabel(m_retry.label());
                     return retry && retry->state == core::TaskState::Queued && !retry->nextRunAt;
                 },
                 180000),
             qPrintable(QStringLiteral("scenario 4's retry was never dispatched; ") +
                        failureContext(m_retry)));
    const auto slowStillRunning = m_observer.byLabel(s.label());
    QVERIFY2(slowStillRunning->state == core::TaskState::Running, qPrintable(failureContext(s)));

    QVERIFY(stopEngine());
    const qint64 stoppedAt = m_clock.elapsed();
    const int transitionsBefore = int(m_observer.transitions.size());
    // The gateway finishes the run without us.
    QString status;
    QVERIFY2(pollUntil(
                 [&] {
                     status = m_driver->gatewayTaskStatus(running.workerSessionKey);
                     return !status.isEmpty() && status != QLatin1String("running") &&
                            status != QLatin1String("queued");
                 },
                 180000),
             qPrintable(QStringLiteral("the gateway task of %1 did not end: %2")
                            .arg(running.workerSessionKey, status)));
    QCOMPARE(status, QStringLiteral("completed"));
    // Give the orchestrator time to act on the retry while we are away (scenario 4 asserts what
    // the engine makes of it either way).
    const bool respawnedMeanwhile = pollUntil(
        [&] {
            return mockState()
                       .value(QLatin1String("attempts"))
                       .toObject()
                       .value(m_retry.label())
                       .toInt() >= 2;
        },
        60000, 1000);
    qCInfo(lcLive) << "engine was down for" << (m_clock.elapsed() - stoppedAt) / 1000
                   << "s; the worker ended" << status
                   << "meanwhile; scenario 4 respawned meanwhile:" << respawnedMeanwhile;

    startEngine();
    QVERIFY2(waitForState(s, core::TaskState::Done, 60000), qPrintable(failureContext(s)));
    const core::TaskRecord done = *m_observer.byLabel(s.label());
    QCOMPARE(done.taskId, running.taskId);
    QCOMPARE(done.receiptStatus, QStringLiteral("completed"));
    QVERIFY(done.explicitNoVerification);
    // Only what was missed is new: the restarted engine replays none of the first engine's
    // transitions, for this task or any other. A task that first appears after the restart (the
    // respawn scenario 4's orchestrator made while ClawOps was away) is news, not a replay.
    QSet<QString> knownBeforeTheStop;
    for (qsizetype i = 0; i < transitionsBefore; ++i)
        knownBeforeTheStop.insert(m_observer.transitions.at(i).taskId);
    for (qsizetype i = transitionsBefore; i < m_observer.transitions.size(); ++i) {
        const core::TransitionRecord &t = m_observer.transitions.at(i);
        if (!knownBeforeTheStop.contains(t.taskId))
            continue;
        QVERIFY2(
            t.cause.toText() != QLatin1String("spawn-requested") &&
                t.cause.toText() != QLatin1String("worker-started"),
            qPrintable(
                QStringLiteral("replayed after the restart: %1 %2").arg(t.taskId, historyLine(t))));
    }
    const auto stored = detail(done.taskId);
    QVERIFY(stored && stored->found);
    QStringList history;
    for (const core::TransitionRecord &t : stored->transitions)
        history.append(historyLine(t));
    QCOMPARE(history.count(QStringLiteral("leased:spawn-requested")), 1);
    QCOMPARE(history.count(QStringLiteral("running:worker-started")), 1);
    QCOMPARE(history.count(QStringLiteral("done:worker-reported-completed-no-verification")), 1);
    QVERIFY2(history.last() == QLatin1String("done:worker-reported-completed-no-verification"),
             qPrintable(history.join(QLatin1String(" > "))));
}

// 5. Operator kill of a running worker: the gateway's task is cancelled, the ClawOps task dead,
// and no retry follows.
void TestLiveEngine::operatorKillCancelsTheGatewayTask()
{
    const Scenario &s = m_kill;
    QVERIFY2(waitUntil(
                 [&] {
                     const auto task = m_observer.byLabel(s.label());
                     return task && task->state == core::TaskState::Running &&
                            !task->gatewayTaskId.isEmpty();
                 },
                 240000),
             qPrintable(failureContext(s)));
    const core::TaskRecord task = *m_observer.byLabel(s.label());
    QCOMPARE(m_driver->gatewayTaskStatus(task.workerSessionKey), QStringLiteral("running"));

    const core::CommandResult killed = runCommand(core::OperatorCommand::Kind::Kill, task.taskId);
    QVERIFY2(killed.ok, qPrintable(killed.auditText()));
    QVERIFY2(waitForState(s, core::TaskState::Dead, 10000), qPrintable(failureContext(s)));
    QVERIFY(m_observer.historyOf(task.taskId).contains(QStringLiteral("dead:operator-killed")));
    // The engine's tasks.cancel really cancelled the run, and it says so in the audit log.
    QVERIFY2(waitUntil(
                 [&] {
                     return std::any_of(m_observer.audits.cbegin(), m_observer.audits.cend(),
                                        [&](const core::AuditRecord &a) {
                                            return a.taskId == task.taskId &&
                                                   a.action == QLatin1String("cancel") &&
                                                   a.result == QLatin1String("ok");
                                        });
                 },
                 60000),
             "no successful cancel in the audit log");
    QString status;
    QVERIFY2(pollUntil(
                 [&] {
                     status = m_driver->gatewayTaskStatus(task.workerSessionKey);
                     return status == QLatin1String("cancelled");
                 },
                 60000),
             qPrintable(QStringLiteral("gateway task status %1, expected cancelled").arg(status)));
    // The cancelled run's own ending must not resurrect the task or queue a retry.
    QTest::qWait(3000);
    QCOMPARE(m_observer.stateOf(s.label()), core::TaskState::Dead);
    QVERIFY2(!m_observer.byLabel(s.label(), 2), "a killed task was retried");
}

// 1. A receipt with verification items → needs_verification; the operator verifies → done.
void TestLiveEngine::verifiedReceiptNeedsOperatorVerify()
{
    const Scenario &s = m_verify;
    QVERIFY2(waitForState(s, core::TaskState::NeedsVerification, 240000),
             qPrintable(failureContext(s)));
    // The state can be reached from the run's end before the receipt is parsed; wait for both.
    QVERIFY2(waitUntil([&] { return m_observer.byLabel(s.label())->receiptSeen; }, 30000),
             qPrintable(failureContext(s)));
    const core::TaskRecord task = *m_observer.byLabel(s.label());
    QCOMPARE(task.receiptStatus, QStringLiteral("completed"));
    QCOMPARE(task.verificationItems, 2);
    QCOMPARE(task.receiptTaskRef, s.id); // the worker named the task its own way
    QVERIFY(task.receiptJson.contains(QLatin1String("make check")));
    QCOMPARE(task.orchestratorSessionKey, QStringLiteral("agent:main:main"));
    QVERIFY2(m_observer.historyOf(task.taskId)
                 .contains(QStringLiteral(
                     "needs_verification:worker-reported-completed-awaiting-verification")),
             qPrintable(failureContext(s)));
    // The gateway agrees the run succeeded, and it is the run the engine tracks.
    const QJsonObject gatewayTask = m_driver->gatewayTaskOf(task.workerSessionKey);
    QCOMPARE(gatewayTask.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    if (!task.gatewayTaskId.isEmpty())
        QCOMPARE(task.gatewayTaskId, gatewayTask.value(QLatin1String("id")).toString());
    QVERIFY(m_driver->history(task.workerSessionKey)
                .join(QLatin1Char('\n'))
                .contains(QStringLiteral("Work done for ") + s.id));

    const core::CommandResult verified =
        runCommand(core::OperatorCommand::Kind::Verify, task.taskId);
    QVERIFY2(verified.ok, qPrintable(verified.auditText()));
    QVERIFY2(waitForState(s, core::TaskState::Done, 10000), qPrintable(failureContext(s)));
    QVERIFY(m_observer.historyOf(task.taskId).contains(QStringLiteral("done:operator-verified")));
    QVERIFY(std::any_of(m_observer.audits.cbegin(), m_observer.audits.cend(),
                        [&](const core::AuditRecord &a) {
                            return a.taskId == task.taskId && a.action == QLatin1String("verify") &&
                                   a.result == QLatin1String("ok");
                        }));
}

// 2. A receipt with explicitly no verification ("verification": []) → done, without the operator.
void TestLiveEngine::receiptWithoutVerificationIsDone()
{
    const Scenario &s = m_noVerify;
    QVERIFY2(waitForState(s, core::TaskState::Done, 240000), qPrintable(failureContext(s)));
    const core::TaskRecord task = *m_observer.byLabel(s.label());
    QCOMPARE(task.receiptStatus, QStringLiteral("completed"));
    QVERIFY(task.explicitNoVerification);
    QCOMPARE(task.verificationItems, 0);
    QVERIFY2(m_observer.historyOf(task.taskId)
                 .contains(QStringLiteral("done:worker-reported-completed-no-verification")),
             qPrintable(failureContext(s)));
    QCOMPARE(m_driver->gatewayTaskStatus(task.workerSessionKey), QStringLiteral("completed"));
}

// 3. A blocked receipt → needs_input; the operator's answer reaches the worker's session and the
// task resumes: the worker replies with a completed receipt.
void TestLiveEngine::blockedWorkerResumesAfterAnswer()
{
    const Scenario &s = m_blocked;
    QVERIFY2(waitForState(s, core::TaskState::NeedsInput, 240000), qPrintable(failureContext(s)));
    const core::TaskRecord blocked = *m_observer.byLabel(s.label());
    QCOMPARE(blocked.receiptStatus, QStringLiteral("blocked"));
    QVERIFY(blocked.receiptJson.contains(QLatin1String("suggested_fix")));

    const QString answer = QStringLiteral("Operator answer for %1: use option B.").arg(s.id);
    const core::CommandResult answered =
        runCommand(core::OperatorCommand::Kind::Answer, blocked.taskId, answer);
    QVERIFY2(answered.ok, qPrintable(answered.auditText()));
    QVERIFY(
        m_observer.historyOf(blocked.taskId).contains(QStringLiteral("running:operator-answered")));
    // The worker took a new turn on the answer and reported completed with verification items.
    QVERIFY2(waitUntil(
                 [&] {
                     const auto task = m_observer.byLabel(s.label());
                     return task && task->state == core::TaskState::NeedsVerification &&
                            task->receiptStatus == QLatin1String("completed");
                 },
                 180000),
             qPrintable(failureContext(s)));
    const core::TaskRecord resumed = *m_observer.byLabel(s.label());
    QVERIFY(resumed.receiptJson.contains(QLatin1String("use option B")));
    QCOMPARE(resumed.verificationItems, 2);
    // On the gateway: the answer is a user turn of the worker's own session, answered by it.
    const QString transcript = m_driver->history(blocked.workerSessionKey).join(QLatin1Char('\n'));
    QVERIFY2(transcript.contains(answer), qPrintable(transcript.right(2000)));
    QVERIFY2(transcript.contains(QStringLiteral("child-followup: ")),
             qPrintable(transcript.right(2000)));
    QVERIFY(!m_driver->history(s.session).join(QLatin1Char('\n')).contains(answer));
}

// 6. A duplicate spawn of an active task (two identical sessions_spawn in one turn): the engine
// keeps one task, records the duplicate as suppressed and cancels its child on the gateway.
void TestLiveEngine::duplicateSpawnIsSuppressed()
{
    const Scenario &s = m_dup;
    const auto first = m_observer.byLabel(s.label());
    QVERIFY(first);
    std::optional<host::TaskDetail> stored;
    QVERIFY2(pollUntil(
                 [&] {
                     stored = detail(first->taskId);
                     return stored && !stored->suppressed.isEmpty();
                 },
                 120000, 1000),
             qPrintable(QStringLiteral("no suppressed spawn recorded; ") + failureContext(s)));
    QCOMPARE(stored->suppressed.size(), 1);
    const core::SuppressedSpawnRecord dup = stored->suppressed.first();
    QCOMPARE(dup.activeTaskId, first->taskId);
    QVERIFY(!dup.childSessionKey.isEmpty());
    QVERIFY(dup.childSessionKey != m_observer.byLabel(s.label())->workerSessionKey);
    QString status;
    QVERIFY2(
        pollUntil(
            [&] {
                status = m_driver->gatewayTaskStatus(dup.childSessionKey);
                return status == QLatin1String("cancelled");
            },
            60000),
        qPrintable(
            QStringLiteral("the duplicate's gateway task is %1, expected cancelled").arg(status)));
    // The original runs on to its receipt; the duplicate never becomes a task of its own.
    QVERIFY2(waitForState(s, core::TaskState::Done, 180000), qPrintable(failureContext(s)));
    QCOMPARE(m_observer.allWithLabel(s.label()).size(), 1);
    QCOMPARE(m_driver->gatewayTaskStatus(m_observer.byLabel(s.label())->workerSessionKey),
             QStringLiteral("completed"));
}

// 4. A worker fails (hung stream, runTimeoutSeconds 5): a retry is queued with backoff, the retry
// text reaches the orchestrator session, it respawns, attempt 2 is tracked; attempt 2 fails too
// and the budget (one retry) is exhausted → dead. The respawn falls into scenario 7's restart (see
// there); scenario 8 covers a retry whose respawn the engine sees live.
void TestLiveEngine::hungWorkerIsRetriedUntilDead()
{
    const Scenario &s = m_retry;
    const auto first = m_observer.byLabel(s.label());
    QVERIFY(first);
    QVERIFY2(waitUntil(
                 [&] {
                     const core::TaskState state = m_observer.stateOf(s.label());
                     return state != core::TaskState::Leased && state != core::TaskState::Running;
                 },
                 240000),
             qPrintable(failureContext(s)));
    // Backoff, delivery, the orchestrator's respawn turn: well under a minute even under load. The
    // retry was delivered just before scenario 7 stopped the engine, so the respawn normally
    // happens while ClawOps is away and only the restarted engine's resync can find it.
    const bool tracked =
        waitUntil([&] { return m_observer.byLabel(s.label(), 2).has_value(); }, 150000);
    QVERIFY2(tracked,
             qPrintable(QStringLiteral("attempt 2 not tracked; the mock saw %1 spawn(s) of %2; %3")
                            .arg(mockState()
                                     .value(QLatin1String("attempts"))
                                     .toObject()
                                     .value(s.label())
                                     .toInt())
                            .arg(s.label(), failureContext(s))));
    const QStringList history1 = m_observer.historyOf(first->taskId);
    QVERIFY2(history1.contains(QStringLiteral("failed:worker-ended-timeout")),
             qPrintable(history1.join(u' ')));
    QVERIFY2(history1.contains(QStringLiteral("queued:queued-retry-1-timeout")),
             qPrintable(history1.join(u' ')));
    QVERIFY2(history1.contains(QStringLiteral("failed:respawned-as-next-attempt")),
             qPrintable(history1.join(u' ')));
    // It waited in the retry queue with a backoff.
    const auto queued =
        std::find_if(m_observer.retryEntries.cbegin(), m_observer.retryEntries.cend(),
                     [&](const host::RetryEntry &e) { return e.taskId == first->taskId; });
    QVERIFY2(queued != m_observer.retryEntries.cend(), "the retry never showed in the retry queue");
    QCOMPARE(queued->attempt, 1);
    QVERIFY(queued->backoffMs > 0);
    QCOMPARE(queued->orchestratorSessionKey, s.session);

    const core::TaskRecord second = *m_observer.byLabel(s.label(), 2);
    QCOMPARE(second.taskKey, m_observer.tasks.value(first->taskId).taskKey);
    QVERIFY(second.taskId.str().endsWith(QLatin1String("-a2")));
    QCOMPARE(second.orchestratorSessionKey, s.session);
    // The retry text reached the orchestrator's session, and the respawn it caused carried the
    // contract of attempt 2.
    const QString transcript = m_driver->history(s.session).join(QLatin1Char('\n'));
    QVERIFY2(transcript.contains(QStringLiteral("<orchestrator-retry>")),
             qPrintable(transcript.right(3000)));
    QVERIFY2(transcript.contains(QStringLiteral("failedChildSession: ") + first->workerSessionKey),
             qPrintable(transcript.right(3000)));
    QVERIFY2(transcript.contains(QStringLiteral("\"task_id\": \"%1\"").arg(second.taskId)),
             qPrintable(transcript.right(3000)));

    QVERIFY2(waitForState(s, core::TaskState::Dead, 240000, 2), qPrintable(failureContext(s, 2)));
    const QStringList history2 = m_observer.historyOf(second.taskId);
    QVERIFY2(history2.contains(QStringLiteral("dead:retry-exhausted-timeout")),
             qPrintable(history2.join(u' ')));
    QVERIFY2(pollUntil(
                 [&] {
                     return m_driver->gatewayTaskStatus(
                                m_observer.byLabel(s.label(), 2)->workerSessionKey) ==
                            QLatin1String("timed_out");
                 },
                 30000),
             "the gateway does not report attempt 2 as timed out");
    // Exactly two spawns, both the mock's: the first and the one the retry asked for.
    QCOMPARE(mockState().value(QLatin1String("attempts")).toObject().value(s.label()).toInt(), 2);
    QTest::qWait(2000);
    QVERIFY2(!m_observer.byLabel(s.label(), 3), "a third attempt despite the budget of one retry");
}

// 8. The gateway restarted (SIGKILL) under a running worker: the engine reconnects and resyncs,
// the interrupted run is seen to fail, is retried and completes; nothing settled earlier changes.
void TestLiveEngine::gatewayRestartMidRunResyncs()
{
    const Scenario &s = m_gatewayRestart;
    const gateway::RpcResult sent = m_driver->chatSend(
        s.session, QStringLiteral("Please SPAWN a worker for task_id=%1 %2.").arg(s.id, s.markers));
    QVERIFY2(sent.ok, qPrintable(sent.error.describe()));
    QVERIFY2(waitUntil(
                 [&] {
                     const auto task = m_observer.byLabel(s.label());
                     return task && task->state == core::TaskState::Running;
                 },
                 240000),
             qPrintable(failureContext(s)));
    const core::TaskRecord running = *m_observer.byLabel(s.label());
    QVERIFY2(waitForModelCall(s), "the worker never reached the model");
    // Settled before the restart: these must not move.
    QHash<QString, core::TaskState> settled;
    for (const core::TaskRecord &task : std::as_const(m_observer.tasks)) {
        if (core::isTerminal(task.state))
            settled.insert(task.taskId, task.state);
    }
    const qsizetype transitionsBefore = m_observer.transitions.size();
    const qsizetype phasesBefore = m_observer.phases.size();

    QProcess restart;
    restart.setProgram(m_env->gatewaySh);
    restart.setArguments({QStringLiteral("restart"), QStringLiteral("--state-dir"), m_env->dir,
                          QStringLiteral("--kill")});
    restart.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer restartClock;
    restartClock.start();
    restart.start();
    QVERIFY(restart.waitForStarted(10000));
    // The engine notices the loss while the new gateway is still loading.
    QVERIFY2(waitUntil([&] { return !m_observer.isLive(); }, 60000),
             "the engine did not notice the gateway going away");
    QVERIFY2(waitUntil([&] { return restart.state() == QProcess::NotRunning; }, 300000),
             "gateway.sh restart did not finish");
    QCOMPARE(restart.exitStatus(), QProcess::NormalExit);
    QCOMPARE(restart.exitCode(), 0);
    qCInfo(lcLive).noquote() << "gateway restarted in" << restartClock.elapsed() / 1000 << "s:"
                             << QString::fromUtf8(restart.readAllStandardOutput()).trimmed();
    QVERIFY2(waitUntil([&] { return m_observer.isLive(); }, 90000),
             qPrintable(QStringLiteral("the engine did not reconnect: %1 %2")
                            .arg(m_observer.lastStatus.errorCode, m_observer.lastStatus.detail)));
    const QList<host::ConnectionPhase> seen = m_observer.phases.mid(phasesBefore);
    QVERIFY(seen.contains(host::ConnectionPhase::Backoff) ||
            seen.contains(host::ConnectionPhase::Connecting));
    QVERIFY(m_driver->connect(90000));

    // The interrupted run fails on the gateway after the restart; the engine sees it (live or by
    // resync), retries through the orchestrator session, and the second attempt completes.
    QVERIFY2(waitUntil([&] { return m_observer.stateOf(s.label()) != core::TaskState::Running; },
                       180000),
             qPrintable(failureContext(s)));
    QVERIFY2(waitForState(s, core::TaskState::Done, 240000, 2), qPrintable(failureContext(s, 2)));
    const QStringList history1 = m_observer.historyOf(running.taskId);
    // The gateway reports the interrupted run as failed ("interrupted by a Gateway restart").
    QVERIFY2(history1.contains(QStringLiteral("failed:worker-ended-error")),
             qPrintable(history1.join(u' ')));
    QVERIFY2(history1.contains(QStringLiteral("queued:queued-retry-1-error")),
             qPrintable(history1.join(u' ')));
    QVERIFY2(history1.contains(QStringLiteral("failed:respawned-as-next-attempt")),
             qPrintable(history1.join(u' ')));
    const core::TaskRecord second = *m_observer.byLabel(s.label(), 2);
    QCOMPARE(second.receiptStatus, QStringLiteral("completed"));
    QCOMPARE(m_driver->gatewayTaskStatus(second.workerSessionKey), QStringLiteral("completed"));

    for (qsizetype i = transitionsBefore; i < m_observer.transitions.size(); ++i) {
        const core::TransitionRecord &t = m_observer.transitions.at(i);
        QVERIFY2(!settled.contains(t.taskId),
                 qPrintable(QStringLiteral("a settled task moved after the gateway restart: %1 %2")
                                .arg(t.taskId, historyLine(t))));
    }
}

// Over the whole store: every task was created once and started at most once, no transition is
// recorded twice in a row, and each scenario produced exactly the tasks it should.
void TestLiveEngine::storeHasNoLostOrDoubledTransitions()
{
    const QList<core::TaskRecord> tasks = allStoredTasks();
    QVERIFY(!tasks.isEmpty());
    QHash<QString, int> perLabel;
    for (const core::TaskRecord &task : tasks) {
        perLabel[task.label] += 1;
        const auto stored = detail(task.taskId);
        QVERIFY(stored && stored->found);
        QStringList history;
        for (const core::TransitionRecord &t : stored->transitions)
            history.append(historyLine(t));
        const QString context =
            task.taskId + QStringLiteral(": ") + history.join(QLatin1String(" > "));
        QVERIFY2(history.count(QStringLiteral("leased:spawn-requested")) == 1, qPrintable(context));
        QVERIFY2(history.count(QStringLiteral("running:worker-started")) <= 1, qPrintable(context));
        for (qsizetype i = 1; i < stored->transitions.size(); ++i) {
            const core::TransitionRecord &a = stored->transitions.at(i - 1);
            const core::TransitionRecord &b = stored->transitions.at(i);
            QVERIFY2(!(a.from == b.from && a.to == b.to && a.cause == b.cause),
                     qPrintable(context));
        }
        // The store and what the console was told agree.
        QCOMPARE(task.state, m_observer.tasks.value(task.taskId).state);
    }
    QCOMPARE(perLabel.value(m_verify.label()), 1);
    QCOMPARE(perLabel.value(m_noVerify.label()), 1);
    QCOMPARE(perLabel.value(m_blocked.label()), 1);
    QCOMPARE(perLabel.value(m_retry.label()), 2);
    QCOMPARE(perLabel.value(m_kill.label()), 1);
    QCOMPARE(perLabel.value(m_dup.label()), 1);
    QCOMPARE(perLabel.value(m_engineRestart.label()), 1);
    QCOMPARE(perLabel.value(m_gatewayRestart.label()), 2);
}

// Issue 15, on the real gateway: with the plugin's enforceMainDelegation and policyAction
// "abort", a front session that runs exec is stopped mid-tool (the gateway's transcript marks
// that very run aborted by an RPC) and then hears the plugin's block reason as its next turn.
// Last, on an engine restarted with those keys: nothing else is in flight by now, so the abort
// cannot reach another scenario's run.
void TestLiveEngine::policyAbortStopsTheRunAndSendsTheHint()
{
    QVERIFY(stopEngine());
    startEngine({{QStringLiteral("enforceMainDelegation"), true},
                 {QStringLiteral("policyAction"), QStringLiteral("abort")}});
    const QString session = QStringLiteral("agent:main:live-policy-") + m_tag;
    // A sleep far longer than the wait below: the run can only end this soon by the abort.
    const gateway::RpcResult sent =
        m_driver->chatSend(session, QStringLiteral("Please run EXECSLEEP=600 now."));
    QVERIFY2(sent.ok, qPrintable(sent.error.describe()));

    const auto violationIn = [&]() -> std::optional<core::PolicyViolationRecord> {
        for (const core::PolicyViolationRecord &v : m_observer.policyViolations) {
            if (v.sessionKey == session)
                return v;
        }
        return std::nullopt;
    };
    QVERIFY2(waitUntil([&] { return violationIn().has_value(); }, 240000),
             "the engine recorded no violation for the front session's exec");
    const core::PolicyViolationRecord violation = *violationIn();
    QCOMPARE(violation.toolName, QStringLiteral("exec"));
    QCOMPARE(violation.rule, core::PolicyRule::MainDelegation);
    QCOMPARE(violation.action, core::PolicyAction::Abort);
    QCOMPARE(violation.reason, core::mainDelegationBlockReason(QStringLiteral("exec"), {}));
    QVERIFY(!violation.runId.isEmpty());

    const auto abortAudit = [&]() -> std::optional<core::AuditRecord> {
        for (const core::AuditRecord &a : m_observer.audits) {
            if (a.action == QLatin1String("cancel") && a.detail.startsWith(session))
                return a;
        }
        return std::nullopt;
    };
    QVERIFY2(waitUntil([&] { return abortAudit().has_value(); }, 60000),
             "the engine reported no outcome of its abort");
    QCOMPARE(abortAudit()->result, QStringLiteral("ok"));
    QCOMPARE(abortAudit()->reason, QStringLiteral("aborted"));

    // The gateway's own word: the offending run ended aborted, and a user turn after the run's
    // last message carries the block reason word for word. The transcript stamps an aborted run
    // (openclawAbort) only when the abort cut off a reply still streaming; one aborted during its
    // exec has its tool call committed already, and only the lifecycle ending says it was aborted.
    QJsonArray transcript;
    bool runAborted = false;
    bool hintAfterIt = false;
    const bool seen = pollUntil(
        [&] {
            transcript = m_driver->messages(session);
            runAborted = m_driver->sawRunAborted(violation.runId);
            hintAfterIt = false;
            bool runSeen = false;
            for (const QJsonValue value : transcript) {
                const QJsonObject message = value.toObject();
                const QJsonObject abort = message.value(QLatin1String("openclawAbort")).toObject();
                const bool stampedAborted =
                    abort.value(QLatin1String("aborted")).toBool() &&
                    abort.value(QLatin1String("runId")).toString() == violation.runId;
                runAborted = runAborted || stampedAborted;
                const QString runOfMessage = message.value(QLatin1String("__openclaw"))
                                                 .toObject()
                                                 .value(QLatin1String("runId"))
                                                 .toString();
                if (stampedAborted || runOfMessage == violation.runId) {
                    runSeen = true;
                    hintAfterIt = false; // the hint must come after the run's last message
                }
                if (runSeen && message.value(QLatin1String("role")) == QLatin1String("user") &&
                    messageText(message.value(QLatin1String("content"))).contains(violation.reason))
                    hintAfterIt = true;
            }
            return runAborted && hintAfterIt;
        },
        120000);
    if (!seen) {
        // QTest cuts a failure message at about a thousand characters: the transcript, one line
        // per message, goes to the log in full.
        for (const QJsonValue value : std::as_const(transcript)) {
            const QJsonObject message = value.toObject();
            qCWarning(lcLive).noquote()
                << message.value(QLatin1String("role")).toString()
                << message.value(QLatin1String("__openclaw"))
                       .toObject()
                       .value(QLatin1String("runId"))
                       .toString()
                << message.value(QLatin1String("stopReason")).toString()
                << QJsonDocument(message.value(QLatin1String("openclawAbort")).toObject())
                       .toJson(QJsonDocument::Compact)
                << messageText(message.value(QLatin1String("content"))).left(160);
        }
    }
    QVERIFY2(seen, qPrintable(QStringLiteral("run %1 aborted: %2, hint after it: %3 (the "
                                             "transcript's %4 messages are in the log above)")
                                  .arg(violation.runId)
                                  .arg(runAborted)
                                  .arg(hintAfterIt)
                                  .arg(transcript.size())));
    // One exec, one violation: the hint's own turn broke no rule.
    QCOMPARE(int(std::count_if(
                 m_observer.policyViolations.cbegin(), m_observer.policyViolations.cend(),
                 [&](const core::PolicyViolationRecord &v) { return v.sessionKey == session; })),
             1);
}

int main(int argc, char **argv)
{
    // Qt Test's watchdog kills a test function after 5 minutes, and its clock does not always
    // restart between functions; a gateway restart alone can take 2-3 minutes on a loaded
    // machine. CTest's TIMEOUT is what bounds this test.
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", "1800000");
    QCoreApplication app(argc, argv);
    // A live failure cannot be replayed: keep what the core and the adapter decided (a few
    // hundred lines per run) in the output that CTest shows on failure. QT_LOGGING_RULES wins.
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(
            QStringLiteral("clawops.core.debug=true\nclawops.adapter.debug=true"));
    TestLiveEngine test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_live_engine.moc"
