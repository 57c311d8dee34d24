#include "ConnectFailure.h"

#include "GatewayTypes.h"

namespace clawops::gateway {

ConnectFailure classifyConnectFailure(const QString &code)
{
    struct Entry
    {
        const char *code;
        ConnectFailure failure;
    };
    static constexpr Entry kExact[] = {
        {"PAIRING_REQUIRED", ConnectFailure::PairingRequired},
        {"PAIRING_REJECTED", ConnectFailure::PairingRejected},
        {"PAIRING_EXPIRED", ConnectFailure::PairingExpired},
        {"AUTH_TOKEN_MISMATCH", ConnectFailure::TokenMismatch},
        {"AUTH_TOKEN_MISSING", ConnectFailure::TokenMissing},
        {"AUTH_DEVICE_TOKEN_MISMATCH", ConnectFailure::DeviceTokenMismatch},
        {"AUTH_SCOPE_MISMATCH", ConnectFailure::ScopeMissing},
        {"MISSING_SCOPES", ConnectFailure::ScopeMissing},
        {"AUTH_RATE_LIMITED", ConnectFailure::RateLimited},
        {"DEVICE_AUTH_SIGNATURE_EXPIRED", ConnectFailure::SignatureExpired},
        {"PROTOCOL_MISMATCH", ConnectFailure::ProtocolMismatch},
        {"CLIENT_VERSION_MISMATCH", ConnectFailure::ProtocolMismatch},
        {"UNAVAILABLE", ConnectFailure::GatewayStarting},
        {"HANDSHAKE_TIMEOUT", ConnectFailure::HandshakeTimeout},
        {"INSECURE_TRANSPORT", ConnectFailure::InsecureTransport},
    };
    if (code.isEmpty())
        return ConnectFailure::None;
    for (const Entry &entry : kExact) {
        if (code == QLatin1String(entry.code))
            return entry.failure;
    }
    if (code.startsWith(QLatin1String("DEVICE_AUTH")) ||
        code.startsWith(QLatin1String("DEVICE_IDENTITY")))
        return ConnectFailure::DeviceIdentityRefused;
    return ConnectFailure::Other;
}

} // namespace clawops::gateway
