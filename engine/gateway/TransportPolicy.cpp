#include "TransportPolicy.h"

#include <QHostAddress>

namespace clawops::gateway {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

TransportCheck checkTransport(const QUrl &url, const TransportOptions &options)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        return {TransportCheck::Kind::NotAWebSocketUrl,
                QStringLiteral("%1 is not a gateway address: use ws://host:port/ or "
                               "wss://host:port/.")
                    .arg(url.toDisplayString())};
    }
    if (scheme == QLatin1String("ws") && !isLoopbackHost(url.host()) &&
        !options.allowInsecureRemote) {
        return {TransportCheck::Kind::InsecureRemote,
                QStringLiteral("Refusing ws://%1: an unencrypted connection to another machine "
                               "would send the gateway token in clear text. Use wss://, or allow "
                               "it explicitly with --allow-insecure (or the connect dialog's "
                               "setting).")
                    .arg(url.host())};
    }
    return {};
}

} // namespace clawops::gateway
