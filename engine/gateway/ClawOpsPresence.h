#pragma once

// How ClawOps engines on different stores find each other on one gateway: each one puts a marker
// in its connect `client.instanceId`, which the gateway copies into the presence entry it keeps for
// the connection (hello-ok.snapshot.presence, `presence` events). The marker names the engine, its
// store, whether it acts (or took over) and since when; from the markers every engine reaches the
// same verdict on which of them acts.

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace clawops::gateway {

enum class PeerState
{
    Acting,     // acts, or asks to: the earliest claim acts
    TakingOver, // the operator took over (or an observer did after the acting one left): the
                // newest takeover acts
    Observing,  // sends nothing and asks for nothing
};

struct PresenceMarker
{
    QString engineId; // this engine process, random
    QString storeId;  // which store it writes (engines sharing one settle it with the lease)
    PeerState state = PeerState::Acting;
    qint64 sinceMs = 0; // when the claim or the takeover was made (wall clock)
    QString host;       // where it runs, for the other consoles' status bars

    bool operator==(const PresenceMarker &) const = default;
};

// "clawops:1:<engine>:<store>:<a|t|o>:<since>:<host>", at most 128 characters.
QString formatPresenceMarker(const PresenceMarker &marker);
std::optional<PresenceMarker> parsePresenceMarker(const QString &text);

// A ClawOps engine as presence shows it: its marker, and whether its connection is still open (the
// gateway keeps a closed connection's entry for a while with reason "disconnect").
struct PresencePeer
{
    PresenceMarker marker;
    bool connected = true;
};

// The presence list of a hello-ok snapshot or a `presence` event payload; nullopt when the object
// carries none (the gateway does not offer presence).
std::optional<QJsonArray> presenceList(const QJsonObject &snapshotOrPayload);

// The ClawOps engines among the entries, one per engine: connected when any of its entries is
// (reconnects leave closed entries of the same engine behind).
QList<PresencePeer> clawOpsPeers(const QJsonArray &presence);

// Whether `a` acts rather than `b` when both claim: a takeover beats a claim, the newer of two
// takeovers and the earlier of two claims wins, and the lower engine id breaks a tie. Observers
// never win.
bool outranks(const PresenceMarker &a, const PresenceMarker &b);

// The connected engine of another store that acts in `self`'s place, if there is one: for an engine
// that claims, the strongest rival that outranks it; for an observer, the strongest rival.
std::optional<PresenceMarker> actingRival(const PresenceMarker &self,
                                          const QList<PresencePeer> &peers);

} // namespace clawops::gateway
