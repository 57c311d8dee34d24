#include "SimProcess.h"

#include "UiProbe.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <unistd.h>

namespace clawops::bench {

SimProcess::SimProcess()
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] { readLines(); });
}

SimProcess::~SimProcess()
{
    stop();
}

bool SimProcess::start(const QStringList &arguments, QString *error)
{
    m_process.start(QStringLiteral(CLAWOPS_SIM_BINARY),
                    arguments +
                        QStringList{QStringLiteral("--report-every-ms"), QStringLiteral("250")});
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start clawops-sim: ") + m_process.errorString();
        return false;
    }
    if (!waitUntil([this] { return !m_url.isEmpty() || m_process.state() != QProcess::Running; },
                   20000) ||
        m_url.isEmpty()) {
        *error = QStringLiteral("clawops-sim did not say where it listens");
        stop();
        return false;
    }
    return true;
}

void SimProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (m_pid > 0)
        ::kill(pid_t(m_pid), SIGTERM);
    else
        m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

double SimProcess::cpuSeconds() const
{
    if (m_pid <= 0)
        return -1;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(m_pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    // The fields after the command's closing parenthesis (the command may hold spaces): utime
    // and stime are the 12th and 13th of them, in clock ticks.
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) / double(sysconf(_SC_CLK_TCK));
}

void SimProcess::readLines()
{
    while (m_process.canReadLine()) {
        const QJsonObject line = QJsonDocument::fromJson(m_process.readLine()).object();
        if (line.contains(QLatin1String("url"))) {
            m_url = line.value(QLatin1String("url")).toString();
            m_token = line.value(QLatin1String("token")).toString();
            m_pid = line.value(QLatin1String("pid")).toInteger();
        } else if (line.contains(QLatin1String("framesSent"))) {
            m_framesSent = line.value(QLatin1String("framesSent")).toInteger();
        }
    }
}

} // namespace clawops::bench
