#pragma once

#include "Clock.h"
#include "Config.h"
#include "DomainActions.h"
#include "Ids.h"
#include "StateCounts.h"

#include <QHash>
#include <QList>

namespace clawops::core {

// What the core says to requesters on its own account: the plugin's <orchestrator-status> and
// <orchestrator-incident> blocks. A status goes out when the counts changed since the last one
// for that requester and the last one is at least 700 ms old (a change inside the window is
// not sent later, as in the plugin); an incident follows when failures are present and their
// figures changed.
class StatusReporter
{
public:
    StatusReporter(const EngineConfig &config, const Clock &clock, QList<DomainAction> &actions);

    bool enabled() const { return m_config.statusEnabled; }
    void report(const SessionKey &orchestrator, const SessionKey &requester,
                const StatusSummary &summary, const QString &reason);
    void incident(const SessionKey &orchestrator, const SessionKey &requester,
                  const QString &reason, const QString &details);

private:
    // The gateway drops a request whose idempotency key it has seen, so a post that repeats an
    // earlier one's values must not repeat its key: the time and a running number make it new
    // (also across restarts), and stay the same when the same events are replayed.
    QString postKey(QLatin1StringView kind, const SessionKey &orchestrator);

    const EngineConfig &m_config;
    const Clock &m_clock;
    QList<DomainAction> &m_actions;
    QHash<SessionKey, QString> m_lastStatusKeyByRequester;
    QHash<SessionKey, TimeMs> m_lastStatusAtByRequester;
    QHash<SessionKey, QString> m_lastIncidentHashByRequester;
    quint64 m_posts = 0;
};

} // namespace clawops::core
