// Receipt texts: what the core runs parseWorkerReceipts over.
#include "Adapter.h"
#include "AdapterAnnounce.h"
#include "core/Logging.h"

namespace clawops::gateway {

void GatewayAdapter::emitSessionText(const QString &sessionKey, const QString &text,
                                     const QString &about, AdapterOutput &out)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return;
    // The same reply reaches us as chat final, transcript row and chat.history; once per
    // (session, child it is about, text). Two independent hashes stand in for the text so the
    // dedupe set does not hold whole replies.
    const QString key = sessionKey + QLatin1Char('|') + about + QLatin1Char('|') +
                        QString::number(qHash(trimmed, size_t(0x9e3779b97f4a7c15ULL)), 16) +
                        QLatin1Char(':') + QString::number(qHash(trimmed, size_t(17)), 16) +
                        QLatin1Char(':') + QString::number(trimmed.size());
    if (!m_seenTexts.insert(key))
        return;
    qCDebug(lcAdapter) << "text of" << sessionKey << "about" << about << trimmed.size() << "chars";
    out.events.append(
        core::SessionText{core::SessionKey(sessionKey), text, core::SessionKey(about)});
}

void GatewayAdapter::scanCompletionTurn(const QString &sessionKey, const QString &text,
                                        AdapterOutput &out)
{
    if (!adapterannounce::isCompletionTurn(text))
        return;
    const QList<adapterannounce::ChildResult> results = adapterannounce::parseCompletionTurn(text);
    for (const adapterannounce::ChildResult &result : results)
        emitSessionText(sessionKey, result.text, result.childSessionKey, out);
    if (results.isEmpty())
        qCDebug(lcAdapter) << "completion turn without a quoted result in" << sessionKey;
}

} // namespace clawops::gateway
