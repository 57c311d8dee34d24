#include "PeerNews.h"

#include "SqlDialect.h"

#include <QSqlError>
#include <QSqlQuery>

namespace clawops::store {

QString peerNewsName(PeerNews news)
{
    switch (news) {
    case PeerNews::Changes:
        return QStringLiteral("changes");
    case PeerNews::Commands:
        return QStringLiteral("commands");
    case PeerNews::Claims:
        return QStringLiteral("claims");
    }
    return {};
}

std::optional<PeerNews> peerNewsFromName(const QString &name)
{
    for (const PeerNews news : {PeerNews::Changes, PeerNews::Commands, PeerNews::Claims}) {
        if (peerNewsName(news) == name)
            return news;
    }
    return std::nullopt;
}

QSqlError announceToPeers(const QSqlDatabase &db, const SqlDialect &dialect, PeerNews news)
{
    if (dialect.notifyPeers.isEmpty())
        return {};
    QSqlQuery query(db);
    if (!query.exec(dialect.notifyPeers.arg(peerNewsName(news))))
        return query.lastError();
    return {};
}

} // namespace clawops::store
