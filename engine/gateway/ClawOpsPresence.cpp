#include "ClawOpsPresence.h"

#include "GatewayJson.h"

#include <QHash>

namespace clawops::gateway {

namespace {

const QLatin1String kPrefix("clawops");
const QLatin1String kVersion("1");
constexpr qsizetype kMaxMarkerLength = 128;
constexpr QChar kSeparator = QLatin1Char(':');

QChar stateLetter(PeerState state)
{
    switch (state) {
    case PeerState::Acting:
        return QLatin1Char('a');
    case PeerState::TakingOver:
        return QLatin1Char('t');
    case PeerState::Observing:
        return QLatin1Char('o');
    }
    return QLatin1Char('o');
}

std::optional<PeerState> stateOf(const QString &letter)
{
    if (letter == QLatin1String("a"))
        return PeerState::Acting;
    if (letter == QLatin1String("t"))
        return PeerState::TakingOver;
    if (letter == QLatin1String("o"))
        return PeerState::Observing;
    return std::nullopt;
}

// Separators in a host name would shift the fields; a host name has none, but be sure.
QString cleanHost(const QString &host)
{
    QString out = host;
    out.replace(kSeparator, QLatin1Char('-'));
    return out;
}

bool claims(const PresenceMarker &marker)
{
    return marker.state != PeerState::Observing;
}

} // namespace

QString formatPresenceMarker(const PresenceMarker &marker)
{
    const QString fixed = QStringList{kPrefix,
                                      kVersion,
                                      marker.engineId,
                                      marker.storeId,
                                      QString(stateLetter(marker.state)),
                                      QString::number(marker.sinceMs),
                                      QString()}
                              .join(kSeparator);
    return fixed + cleanHost(marker.host).left(qMax<qsizetype>(0, kMaxMarkerLength - fixed.size()));
}

std::optional<PresenceMarker> parsePresenceMarker(const QString &text)
{
    const QStringList parts = text.split(kSeparator);
    if (parts.size() != 7 || parts.at(0) != kPrefix || parts.at(1) != kVersion)
        return std::nullopt;
    PresenceMarker marker;
    marker.engineId = parts.at(2);
    marker.storeId = parts.at(3);
    const std::optional<PeerState> state = stateOf(parts.at(4));
    bool ok = false;
    marker.sinceMs = parts.at(5).toLongLong(&ok);
    if (!state || !ok || marker.engineId.isEmpty() || marker.storeId.isEmpty())
        return std::nullopt;
    marker.state = *state;
    marker.host = parts.at(6);
    return marker;
}

std::optional<QJsonArray> presenceList(const QJsonObject &snapshotOrPayload)
{
    const QJsonValue presence = snapshotOrPayload.value(QLatin1String("presence"));
    if (!presence.isArray())
        return std::nullopt;
    return presence.toArray();
}

QList<PresencePeer> clawOpsPeers(const QJsonArray &presence)
{
    QList<PresencePeer> peers;
    QHash<QString, qsizetype> index; // engine id → position in peers
    QHash<QString, qint64> newest;   // engine id → ts of the entry its marker came from
    for (const QJsonValue value : presence) {
        const QJsonObject entry = value.toObject();
        const std::optional<PresenceMarker> marker =
            parsePresenceMarker(entry.value(QLatin1String("instanceId")).toString());
        if (!marker)
            continue;
        const bool connected =
            entry.value(QLatin1String("reason")).toString() != QLatin1String("disconnect");
        const qint64 ts = wholeNumber(entry.value(QLatin1String("ts")));
        const auto found = index.constFind(marker->engineId);
        if (found == index.constEnd()) {
            index.insert(marker->engineId, peers.size());
            newest.insert(marker->engineId, ts);
            peers.append(PresencePeer{*marker, connected});
            continue;
        }
        PresencePeer &peer = peers[*found];
        // An open connection's marker says what the engine is now; of two, the newer one.
        const bool better = (connected && !peer.connected) ||
                            (connected == peer.connected && ts > newest.value(marker->engineId));
        if (better) {
            peer.marker = *marker;
            newest.insert(marker->engineId, ts);
        }
        peer.connected = peer.connected || connected;
    }
    return peers;
}

bool outranks(const PresenceMarker &a, const PresenceMarker &b)
{
    if (!claims(a))
        return false;
    if (!claims(b))
        return true;
    if (a.state != b.state)
        return a.state == PeerState::TakingOver;
    if (a.sinceMs != b.sinceMs)
        return a.state == PeerState::TakingOver ? a.sinceMs > b.sinceMs : a.sinceMs < b.sinceMs;
    return a.engineId < b.engineId;
}

std::optional<PresenceMarker> actingRival(const PresenceMarker &self,
                                          const QList<PresencePeer> &peers)
{
    std::optional<PresenceMarker> strongest;
    for (const PresencePeer &peer : peers) {
        const PresenceMarker &other = peer.marker;
        if (!peer.connected || !claims(other) || other.engineId == self.engineId ||
            other.storeId == self.storeId)
            continue;
        if (!strongest || outranks(other, *strongest))
            strongest = other;
    }
    if (strongest && claims(self) && !outranks(*strongest, self))
        return std::nullopt;
    return strongest;
}

} // namespace clawops::gateway
