#pragma once

#include <QString>

#include <optional>

class QSqlDatabase;
class QSqlError;

namespace clawops::store {

struct SqlDialect;

// The channel on which ClawOps consoles sharing a store tell each other what changed, so that a
// following console shows a commit, and the acting engine runs a queued command, as soon as it
// is made instead of at its next poll.
inline constexpr char kPeerChannel[] = "clawops_news";

enum class PeerNews
{
    Changes,  // the acting engine committed a batch: tasks, transitions, command results
    Commands, // a console queued an operator command for the acting engine
    Claims,   // an operator claimed an Inbox item or let it go
};

QString peerNewsName(PeerNews news);
std::optional<PeerNews> peerNewsFromName(const QString &name);

// Runs the dialect's notification for `news` on `db` (nothing where the dialect has none). Inside
// the caller's transaction when there is one. The error, invalid (QSqlError::isValid) on success.
QSqlError announceToPeers(const QSqlDatabase &db, const SqlDialect &dialect, PeerNews news);

} // namespace clawops::store
