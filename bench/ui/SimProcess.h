#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace clawops::bench {

// `clawops-sim` as a child process: the gateway's work (its world, its frames) stays out of the
// console's process, so the console's RSS and GUI thread are measured alone. The simulator prints
// where it listens, then its frame count every 250 ms.
class SimProcess : public QObject
{
public:
    SimProcess();
    ~SimProcess() override;

    // Starts it and waits until it listens; false with *error on failure.
    bool start(const QStringList &arguments, QString *error);
    // SIGTERM, by its process id, then a wait.
    void stop();

    QString url() const { return m_url; }
    QString token() const { return m_token; }
    qint64 framesSent() const { return m_framesSent; }
    // CPU seconds the simulator has used (user and system), from /proc; -1 when unknown.
    double cpuSeconds() const;

private:
    void readLines();

    QProcess m_process;
    QString m_url;
    QString m_token;
    qint64 m_pid = 0;
    qint64 m_framesSent = 0;
};

} // namespace clawops::bench
