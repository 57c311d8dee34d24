#include "ChildProcesses.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

#include <csignal>

namespace clawops::test {

namespace {

// By the child's own process id, and only while it has one: QProcess says 0 once the child is
// gone, and kill(0, …) signals this test's whole process group (ctest and the script that ran
// it included), which once ended a full test run without a word.
void signalChild(const QProcess &process, int signal)
{
    const qint64 pid = process.processId();
    if (pid > 0)
        ::kill(pid_t(pid), signal);
}

} // namespace

SimProcess::~SimProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        signalChild(m_process, SIGKILL);
        m_process.waitForFinished(5000);
    }
}

QString SimProcess::start(const QString &program, const QStringList &arguments, const QString &dir)
{
    m_statsFile = QDir(dir).filePath(QStringLiteral("sim-stats.json"));
    m_process.setProgram(program);
    m_process.setArguments(arguments + QStringList{QStringLiteral("--port"), QStringLiteral("0"),
                                                   QStringLiteral("--stats-file"), m_statsFile});
    m_process.setStandardErrorFile(QDir(dir).filePath(QStringLiteral("sim.log")));
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return QStringLiteral("clawops-sim did not start: ") + m_process.errorString();
    QByteArray line;
    if (!QTest::qWaitFor(
            [&] {
                line += m_process.readAllStandardOutput();
                return line.contains('\n') || m_process.state() == QProcess::NotRunning;
            },
            15000))
        return QStringLiteral("clawops-sim printed nothing");
    m_ready = QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object();
    if (url().isEmpty())
        return QStringLiteral("clawops-sim printed no url: ") + QString::fromUtf8(line);
    return {};
}

QJsonObject SimProcess::stats() const
{
    QFile file(m_statsFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject SimProcess::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        signalChild(m_process, SIGTERM);
        if (!m_process.waitForFinished(10000)) {
            signalChild(m_process, SIGKILL);
            m_process.waitForFinished(5000);
        }
    }
    return stats();
}

HeadlessEngine::HeadlessEngine(QString program, QStringList arguments, QString logFile)
    : m_program(std::move(program))
    , m_arguments(std::move(arguments))
    , m_logFile(std::move(logFile))
{}

HeadlessEngine::~HeadlessEngine()
{
    if (isRunning())
        kill9();
}

bool HeadlessEngine::start()
{
    m_process.setProgram(m_program);
    m_process.setArguments(m_arguments);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_logFile, QIODevice::Append);
    m_process.start();
    return m_process.waitForStarted(10000);
}

void HeadlessEngine::kill9()
{
    signalChild(m_process, SIGKILL);
    m_process.waitForFinished(10000);
}

void HeadlessEngine::pause()
{
    if (isRunning())
        signalChild(m_process, SIGSTOP);
}

void HeadlessEngine::resume()
{
    if (isRunning())
        signalChild(m_process, SIGCONT);
}

bool HeadlessEngine::terminate()
{
    signalChild(m_process, SIGTERM);
    if (!m_process.waitForFinished(10000)) {
        kill9();
        return false;
    }
    return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

QString tailOf(const QString &path, int lines)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QStringList all = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    return all.mid(qMax(0, int(all.size()) - lines)).join(QLatin1Char('\n'));
}

} // namespace clawops::test
