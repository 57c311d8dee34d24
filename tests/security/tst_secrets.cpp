// The gateway token is a secret: it never shows up in what the engine prints (at debug logging),
// in the store, in the files it keeps, in a connection error or in its process title; a token
// file others can read is refused; ws:// to another machine is refused unless allowed.

#include "gateway/TransportPolicy.h"
#include "sim/SimGatewayServer.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const QByteArray kGoodToken = "tok-good-5e1f0b7c2a9d44e8";
const QByteArray kBadToken = "tok-bad-91c3e6d07b2f4a15";

class Headless
{
public:
    Headless(const QTemporaryDir &dir, const QStringList &arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // Every category at debug: whatever the engine could print, it prints here.
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        env.insert(QStringLiteral("HOME"), dir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
        env.remove(QStringLiteral("CLAWOPS_GATEWAY_TOKEN"));
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setProgram(QStringLiteral(CLAWOPS_BINARY));
        m_process.setArguments(QStringList{QStringLiteral("--headless")} + arguments);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                         [this] { m_output += m_process.readAllStandardOutput(); });
        m_process.start();
    }
    ~Headless()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool waitFor(const QByteArray &text, int timeoutMs = 20000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_output.contains(text) && !deadline.hasExpired() &&
               m_process.state() != QProcess::NotRunning)
            QTest::qWait(50);
        m_output += m_process.readAllStandardOutput();
        return m_output.contains(text);
    }
    QByteArray commandLine() const
    {
        QFile file(QStringLiteral("/proc/%1/cmdline").arg(m_process.processId()));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    int stop()
    {
        // Never kill(0, …): that is this test's whole process group.
        if (m_process.processId() > 0)
            ::kill(pid_t(m_process.processId()), SIGTERM);
        m_process.waitForFinished(10000);
        m_output += m_process.readAllStandardOutput();
        return m_process.exitCode();
    }
    QByteArray output() const { return m_output; }
    bool exited() { return m_process.waitForFinished(10000); }

private:
    QProcess m_process;
    QByteArray m_output;
};

void writeTokenFile(const QString &path, const QByteArray &token, QFile::Permissions permissions)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(token + '\n');
    file.close();
    QVERIFY(file.setPermissions(permissions));
}

// Every file under `root` (the store, the identity, settings, logs), byte for byte.
QStringList filesHolding(const QString &root, const QByteArray &secret)
{
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QLatin1String("token.txt")))
            continue; // the operator's own token file
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret))
            hits.append(path);
    }
    return hits;
}

constexpr QFile::Permissions kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner;

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenNeverLeaks();
    void tokenFileOthersCanReadIsRefused();
    void unencryptedRemoteGatewayIsRefusedUnlessAllowed();
};

void TestSecrets::tokenNeverLeaks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    clawops::sim::SimGatewayConfig config;
    config.sharedToken = QString::fromLatin1(kGoodToken);
    clawops::sim::SimGatewayServer server(config);
    QVERIFY(server.listen(0));
    const QString tokenFile = dir.filePath(QStringLiteral("token.txt"));
    const QStringList common = {
        QStringLiteral("--gateway"),      server.url().toString(),
        QStringLiteral("--token-file"),   tokenFile,
        QStringLiteral("--db"),           dir.filePath(QStringLiteral("engine.db")),
        QStringLiteral("--identity-dir"), dir.filePath(QStringLiteral("identity"))};
    QByteArray printed;

    // A wrong token: the gateway refuses it and the engine says so, without the token.
    writeTokenFile(tokenFile, kBadToken, kOwnerOnly);
    {
        Headless engine(dir, common);
        QVERIFY2(engine.waitFor("AUTH_TOKEN_MISMATCH"), engine.output().constData());
        QVERIFY(!engine.commandLine().contains(kBadToken));
        engine.stop();
        printed += engine.output();
    }
    // The right one: live, then the gateway restarts and the engine reconnects.
    writeTokenFile(tokenFile, kGoodToken, kOwnerOnly);
    {
        Headless engine(dir, common);
        QVERIFY2(engine.waitFor("gateway live"), engine.output().constData());
        QVERIFY(!engine.commandLine().isEmpty());
        QVERIFY(!engine.commandLine().contains(kGoodToken));
        const int liveBefore = int(engine.output().count("gateway live"));
        QVERIFY(server.restart(200));
        QDeadlineTimer deadline(20000);
        while (engine.output().count("gateway live") <= liveBefore && !deadline.hasExpired())
            engine.waitFor("never printed", 200);
        QVERIFY2(engine.output().count("gateway live") > liveBefore, engine.output().constData());
        QCOMPARE(engine.stop(), 0);
        printed += engine.output();
    }

    // ClawOps's own debug lines really were on (this one is printed right beside the token).
    QVERIFY2(printed.contains("clawops.gateway: connect request"), printed.constData());
    for (const QByteArray &secret : {kGoodToken, kBadToken}) {
        QVERIFY2(!printed.contains(secret), secret.constData());
        const QStringList files = filesHolding(dir.path(), secret);
        QVERIFY2(files.isEmpty(), qPrintable(files.join(QLatin1Char(' '))));
    }
}

void TestSecrets::tokenFileOthersCanReadIsRefused()
{
    QTemporaryDir dir;
    const QString tokenFile = dir.filePath(QStringLiteral("token.txt"));
    writeTokenFile(tokenFile, kGoodToken, kOwnerOnly | QFile::ReadGroup | QFile::ReadOther);
    Headless engine(dir, {QStringLiteral("--gateway"), QStringLiteral("ws://127.0.0.1:9/"),
                          QStringLiteral("--token-file"), tokenFile, QStringLiteral("--db"),
                          dir.filePath(QStringLiteral("engine.db"))});
    QVERIFY(engine.exited());
    const QByteArray output = engine.output();
    QVERIFY2(output.contains("chmod 600 '" + tokenFile.toUtf8() + "'"), output.constData());
    QVERIFY(!output.contains(kGoodToken));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("engine.db")))); // refused before anything
}

void TestSecrets::unencryptedRemoteGatewayIsRefusedUnlessAllowed()
{
    QTemporaryDir dir;
    // 192.0.2.0/24 is TEST-NET-1: nothing answers there, and the refusal comes before any
    // connection attempt anyway.
    Headless refused(dir, {QStringLiteral("--gateway"), QStringLiteral("ws://192.0.2.7:18789/"),
                           QStringLiteral("--db"), dir.filePath(QStringLiteral("a.db"))});
    QVERIFY(refused.exited());
    QVERIFY2(refused.output().contains("--allow-insecure"), refused.output().constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a.db"))));

    // The rule itself (allowing it would make the engine connect out, which tests never do).
    using clawops::gateway::checkTransport;
    using clawops::gateway::TransportOptions;
    const QUrl remote(QStringLiteral("ws://192.0.2.7:18789/"));
    QVERIFY(!checkTransport(remote, TransportOptions{}));
    QVERIFY(checkTransport(remote, TransportOptions{true, true}));
    QVERIFY(checkTransport(QUrl(QStringLiteral("wss://192.0.2.7/")), TransportOptions{}));
    for (const char *local : {"ws://127.0.0.1:1/", "ws://127.3.4.5:1/", "ws://[::1]:1/",
                              "ws://localhost:1/", "ws://LOCALHOST:1/"})
        QVERIFY2(checkTransport(QUrl(QString::fromLatin1(local)), TransportOptions{}), local);
    QVERIFY(!checkTransport(QUrl(QStringLiteral("http://127.0.0.1/")), TransportOptions{}));
    QVERIFY(!checkTransport(QUrl(QStringLiteral("ws:///nohost")), TransportOptions{}));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
