#pragma once

#include "ConnectParams.h"
#include "GatewayTypes.h"

namespace clawops::gateway {

// What to do after the gateway refused a connect request.
struct ConnectErrorDecision
{
    enum class Kind
    {
        Reconnect,            // transient: try again after backoff (or the gateway's hint)
        RetryWithSharedToken, // the stored device token was refused: one retry with the shared
        RetryWithDeviceToken, // the shared token was refused: one retry adding the device token
        Stop,                 // needs the operator (bad credentials, pairing, protocol, ...)
    };
    Kind kind = Kind::Reconnect;
    qint64 delayHintMs = -1; // the gateway's retryAfterMs, when it gave one
};

// Mirrors the reference client: at most one credential fallback per connect cycle, stop on
// credential/pairing/protocol errors and on details.pauseReconnect, retry on UNAVAILABLE (1013
// "gateway starting") and other transient failures.
ConnectErrorDecision decideAfterConnectError(const GatewayError &error, AuthSource usedAuth,
                                             bool haveSharedToken, bool haveStoredDeviceToken,
                                             bool fallbackUsed);

} // namespace clawops::gateway
