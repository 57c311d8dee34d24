#include "Location.h"

#include "Connection.h"

#include <QUrl>
#include <QUrlQuery>

namespace clawops::store {

namespace {

StoreError refused(const QString &message)
{
    return StoreError{StoreError::Kind::CannotOpen, message};
}

} // namespace

QString Location::display() const
{
    if (!isPostgres())
        return nativePath(path);
    QString out = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        out += user + QLatin1Char('@');
    out += host;
    if (!host.isEmpty())
        out += QStringLiteral(":%1").arg(port);
    return out + QLatin1Char('/') + database;
}

bool isPostgresUrl(const QString &text)
{
    return text.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           text.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

StoreResult<Location> parseLocation(const QString &text)
{
    Location location;
    if (!isPostgresUrl(text)) {
        location.path = text;
        return location;
    }
    location.kind = Location::Kind::Postgres;
    const QUrl url(text, QUrl::StrictMode);
    // Checked before anything else so that no later message can quote a URL with a password in it.
    if (!url.password().isEmpty() || text.contains(QLatin1String("password="))) {
        return refused(QStringLiteral(
            "The PostgreSQL URL carries a password; ClawOps does not take passwords on the command "
            "line. Put it in ~/.pgpass (or the file PGPASSFILE names) or enter it in the connect "
            "dialog, and give the URL as postgresql://user@host:port/dbname."));
    }
    if (!url.isValid()) {
        return refused(QStringLiteral("“%1” is not a usable PostgreSQL URL (%2); the form is "
                                      "postgresql://user@host:port/dbname.")
                           .arg(text, url.errorString()));
    }
    location.user = url.userName();
    location.host = url.host();
    location.port = url.port(5432);
    location.database = url.path().mid(1);
    if (location.database.isEmpty() || location.database.contains(QLatin1Char('/'))) {
        return refused(QStringLiteral("“%1” names no database; the form is "
                                      "postgresql://user@host:port/dbname.")
                           .arg(text));
    }
    QStringList options;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        options.append(key + QLatin1Char('=') + value);
    location.connectOptions = options.join(QLatin1Char(';'));
    return location;
}

} // namespace clawops::store
