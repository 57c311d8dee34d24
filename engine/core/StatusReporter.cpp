#include "StatusReporter.h"

#include "Identity.h"
#include "Logging.h"
#include "Messages.h"

#include <QStringList>

namespace clawops::core {

namespace {
// The plugin's throttle between two status blocks to one requester.
constexpr TimeMs kStatusMinIntervalMs = 700;
} // namespace

StatusReporter::StatusReporter(const EngineConfig &config, const Clock &clock,
                               QList<DomainAction> &actions)
    : m_config(config)
    , m_clock(clock)
    , m_actions(actions)
{}

void StatusReporter::report(const SessionKey &orchestrator, const SessionKey &requester,
                            const StatusSummary &summary, const QString &reason)
{
    if (!m_config.statusEnabled || requester.isEmpty())
        return;
    const QString key = QStringList{orchestrator.str(),
                                    QString::number(summary[TaskState::Queued]),
                                    QString::number(summary[TaskState::Leased]),
                                    QString::number(summary[TaskState::Running]),
                                    QString::number(summary[TaskState::NeedsInput]),
                                    QString::number(summary[TaskState::NeedsVerification]),
                                    QString::number(summary[TaskState::Done]),
                                    QString::number(summary[TaskState::Failed]),
                                    QString::number(summary[TaskState::Dead])}
                            .join(QLatin1Char(':'));
    if (m_lastStatusKeyByRequester.value(requester) == key)
        return;
    m_lastStatusKeyByRequester.insert(requester, key);
    const TimeMs now = m_clock.now();
    if (now - m_lastStatusAtByRequester.value(requester, 0) < kStatusMinIntervalMs)
        return;
    m_lastStatusAtByRequester.insert(requester, now);
    m_actions.append(SendToSession{
        SendToSession::Purpose::Status,
        requester,
        buildStatusBlock(requester, orchestrator, summary, m_config.statusStickyEmoji),
        {},
        postKey(QLatin1StringView("status"), orchestrator)});
    qCDebug(lcCore) << "status update for" << requester << reason;

    const int failures = summary[TaskState::Failed] + summary[TaskState::Dead];
    if (failures <= 0)
        return;
    const QString incidentHash = shortHash(QStringLiteral("%1|%2|%3|%4")
                                               .arg(orchestrator)
                                               .arg(failures)
                                               .arg(summary[TaskState::Running])
                                               .arg(summary[TaskState::Queued]));
    if (m_lastIncidentHashByRequester.value(requester) == incidentHash)
        return;
    m_lastIncidentHashByRequester.insert(requester, incidentHash);
    incident(orchestrator, requester, QStringLiteral("worker-failure"),
             QStringLiteral("failures=%1 running=%2 queued=%3")
                 .arg(failures)
                 .arg(summary[TaskState::Running])
                 .arg(summary[TaskState::Queued]));
}

void StatusReporter::incident(const SessionKey &orchestrator, const SessionKey &requester,
                              const QString &reason, const QString &details)
{
    if (requester.isEmpty())
        return;
    const QString text =
        buildIncidentBlock(requester, orchestrator, m_config.statusChannel, reason, details);
    m_actions.append(SendToSession{SendToSession::Purpose::Incident,
                                   requester,
                                   text,
                                   {},
                                   postKey(QLatin1StringView("incident"), orchestrator)});
}

QString StatusReporter::postKey(QLatin1StringView kind, const SessionKey &orchestrator)
{
    return QStringLiteral("%1:%2:%3-%4")
        .arg(kind, orchestrator.str())
        .arg(m_clock.now())
        .arg(++m_posts);
}

} // namespace clawops::core
