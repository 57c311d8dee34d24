#pragma once

#include <QString>
#include <QUrl>

namespace clawops::gateway {

// What the operator allowed for the connection's transport. Both defaults are the safe ones: the
// gateway token and every answer an operator gives travel over this socket.
struct TransportOptions
{
    // ws:// to anything but this machine sends the token in clear text.
    bool allowInsecureRemote = false;
    // wss:// checks the gateway's certificate unless the operator turned that off (self-signed
    // test gateways); the console shows it whenever it is off.
    bool verifyCertificates = true;
};

struct TransportCheck
{
    enum class Kind
    {
        Allowed,
        NotAWebSocketUrl, // not ws:// or wss://, or no host
        InsecureRemote,   // ws:// to another machine without allowInsecureRemote
    };
    Kind kind = Kind::Allowed;
    QString message; // one sentence for the operator, naming the way out

    explicit operator bool() const { return kind == Kind::Allowed; }
};

// 127.0.0.0/8, ::1 and "localhost" (which never leaves the machine).
bool isLoopbackHost(const QString &host);
TransportCheck checkTransport(const QUrl &url, const TransportOptions &options);

} // namespace clawops::gateway
