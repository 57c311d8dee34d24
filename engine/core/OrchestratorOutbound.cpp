// What the core says to sessions on its own account: the plugin's <orchestrator-status> and
// <orchestrator-incident> blocks, with the plugin's throttling and deduplication.
#include "Identity.h"
#include "Logging.h"
#include "Orchestrator.h"

namespace clawops::core {

// --- outbound ------------------------------------------------------------------------------

void Orchestrator::emitStatusUpdate(const SessionKey &orchestrator, const QString &reason)
{
    if (!m_config.statusEnabled)
        return;
    const SessionKey requester = m_requesterByOrchestrator.value(orchestrator);
    if (requester.isEmpty())
        return;
    const StatusSummary summary = summaryFor(orchestrator);
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
    if (now - m_lastStatusEmitByRequester.value(requester, 0) < 700)
        return;
    m_lastStatusEmitByRequester.insert(requester, now);
    m_actions.append(SendToSession{
        SendToSession::Purpose::Status,
        requester,
        buildStatusBlock(requester, orchestrator, summary, m_config.statusStickyEmoji),
        {},
        QStringLiteral("status:") + key});
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
    emitIncident(orchestrator, QStringLiteral("worker-failure"),
                 QStringLiteral("failures=%1 running=%2 queued=%3")
                     .arg(failures)
                     .arg(summary[TaskState::Running])
                     .arg(summary[TaskState::Queued]));
}

void Orchestrator::emitIncident(const SessionKey &orchestrator, const QString &reason,
                                const QString &details)
{
    const SessionKey requester = m_requesterByOrchestrator.value(orchestrator);
    if (requester.isEmpty())
        return;
    const QString text =
        buildIncidentBlock(requester, orchestrator, m_config.statusChannel, reason, details);
    m_actions.append(
        SendToSession{SendToSession::Purpose::Incident,
                      requester,
                      text,
                      {},
                      QStringLiteral("incident:%1:%2")
                          .arg(orchestrator.str(), shortHash(reason + u'|' + details))});
}

} // namespace clawops::core
