#pragma once

#include <QObject>
#include <QSet>
#include <QString>

namespace clawops::host {
class EngineApi;
}

namespace clawops::bench {

// An operator who keeps the Inbox empty: verifies each task that reaches needs_verification and
// marks each needs_input task dead, as the deltas bring them. Without one, everything the burst's
// workers leave for a human stays held, and the console's memory grows with the spawns; with one,
// what it holds is the tasks still running or inside their grace window.
class InboxClearer : public QObject
{
public:
    explicit InboxClearer(host::EngineApi &engine);
    qint64 verifiesSent() const { return m_verifiesSent; }
    qint64 markDeadsSent() const { return m_markDeadsSent; }
    qint64 refused() const { return m_refused; } // commands the engine did not carry out

private:
    host::EngineApi &m_engine;
    // Sent and not yet seen to leave the Inbox: a task is asked about once.
    QSet<QString> m_asked;
    qint64 m_verifiesSent = 0;
    qint64 m_markDeadsSent = 0;
    qint64 m_refused = 0;
};

} // namespace clawops::bench
