#pragma once

#include <QString>

namespace clawops::gateway {

// Why a connection attempt failed, as the console explains it. The gateway's codes (and the
// client's own) are classified here once; the console words each kind and never compares code
// strings.
enum class ConnectFailure
{
    None,
    PairingRequired,
    PairingRejected,
    PairingExpired,
    TokenMismatch,
    TokenMissing,
    DeviceTokenMismatch,
    ScopeMissing,
    RateLimited,
    SignatureExpired,
    DeviceIdentityRefused,
    ProtocolMismatch,
    GatewayStarting,
    HandshakeTimeout,
    InsecureTransport, // refused before connecting: ws:// to another machine, not allowed
    Other,             // any other code: shown with the code and the gateway's message
};

ConnectFailure classifyConnectFailure(const QString &code);

} // namespace clawops::gateway
