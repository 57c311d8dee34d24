// What the core says to sessions on its own account: the plugin's <orchestrator-status> and
// <orchestrator-incident> blocks, with the plugin's throttling and deduplication.
#include "Identity.h"
#include "Logging.h"
#include "Orchestrator.h"

namespace clawops::core {

// --- outbound ------------------------------------------------------------------------------

void Orchestrator::emitStatusUpdate(const QString &orchestrator, const QString &reason)
{
    if (!m_config.statusEnabled)
        return;
    const QString requester = m_requesterByOrchestrator.value(orchestrator);
    if (requester.isEmpty())
        return;
    const StatusSummary summary = summaryFor(orchestrator);
    const QString key = QStringList{orchestrator,
                                    QString::number(summary.queued),
                                    QString::number(summary.leased),
                                    QString::number(summary.running),
                                    QString::number(summary.needsInput),
                                    QString::number(summary.needsVerification),
                                    QString::number(summary.done),
                                    QString::number(summary.failed),
                                    QString::number(summary.dead)}
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

    const int failures = summary.failed + summary.dead;
    if (failures <= 0)
        return;
    const QString incidentHash = shortHash(QStringLiteral("%1|%2|%3|%4")
                                               .arg(orchestrator)
                                               .arg(failures)
                                               .arg(summary.running)
                                               .arg(summary.queued));
    if (m_lastIncidentHashByRequester.value(requester) == incidentHash)
        return;
    m_lastIncidentHashByRequester.insert(requester, incidentHash);
    emitIncident(orchestrator, QStringLiteral("worker-failure"),
                 QStringLiteral("failures=%1 running=%2 queued=%3")
                     .arg(failures)
                     .arg(summary.running)
                     .arg(summary.queued));
}

void Orchestrator::emitIncident(const QString &orchestrator, const QString &reason,
                                const QString &details)
{
    const QString requester = m_requesterByOrchestrator.value(orchestrator);
    if (requester.isEmpty())
        return;
    const QString text =
        buildIncidentBlock(requester, orchestrator, m_config.statusChannel, reason, details);
    m_actions.append(SendToSession{
        SendToSession::Purpose::Incident,
        requester,
        text,
        {},
        QStringLiteral("incident:%1:%2").arg(orchestrator, shortHash(reason + u'|' + details))});
}

} // namespace clawops::core
