#pragma once

// The two programs of a crash test as child processes on 127.0.0.1: `clawops-sim` (the gateway
// and its world) and `clawops --headless` (the engine). Each is stopped by its own pid.

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace clawops::test {

class SimProcess
{
public:
    ~SimProcess();
    // Starts clawops-sim with `arguments` plus --port 0 and --stats-file; waits for its line.
    QString start(const QString &program, const QStringList &arguments, const QString &dir);
    QString url() const { return m_ready.value(QLatin1String("url")).toString(); }
    QString token() const { return m_ready.value(QLatin1String("token")).toString(); }
    // The world's counters as last written (clawops-sim writes them on every change).
    QJsonObject stats() const;
    // SIGTERM, then the final counters.
    QJsonObject stop();

private:
    QProcess m_process;
    QJsonObject m_ready;
    QString m_statsFile;
};

class HeadlessEngine
{
public:
    HeadlessEngine(QString program, QStringList arguments, QString logFile);
    ~HeadlessEngine();
    bool start();
    void kill9();     // SIGKILL, then reaped
    bool terminate(); // SIGTERM; true when it exits 0 within 10 s
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }
    // SIGSTOP / SIGCONT: the process is frozen as a suspended laptop or a long pause would be.
    void pause();
    void resume();

private:
    QString m_program;
    QStringList m_arguments;
    QString m_logFile;
    QProcess m_process;
};

// The last `lines` lines of a log file, for a failure message.
QString tailOf(const QString &path, int lines = 30);

} // namespace clawops::test
