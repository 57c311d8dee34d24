#include "ConnectionAdvice.h"

#include "TimeFormat.h"

namespace clawops::ui {

using host::ConnectionPhase;

QString ConnectionAdvice::phaseName(ConnectionPhase phase)
{
    switch (phase) {
    case ConnectionPhase::Offline:
        return tr("Offline");
    case ConnectionPhase::Connecting:
        return tr("Connecting");
    case ConnectionPhase::Handshaking:
        return tr("Signing in");
    case ConnectionPhase::Resyncing:
        return tr("Catching up");
    case ConnectionPhase::Live:
        return tr("Live");
    case ConnectionPhase::Backoff:
        return tr("Reconnecting");
    case ConnectionPhase::Stopped:
        return tr("Stopped");
    }
    return {};
}

namespace {

struct CodeAdvice
{
    QString headline;
    QString explanation;
    QString nextStep;
};

// One case per connect failure: a table of texts, read (and translated) as a whole; split up, it
// would only be scattered.
// NOLINTNEXTLINE(readability-function-size)
CodeAdvice adviceForCode(const host::ConnectionStatus &status)
{
    using gateway::ConnectFailure;
    const QString request =
        status.requestId.isEmpty() ? QStringLiteral("<requestId>") : status.requestId;
    switch (status.failure) {
    case ConnectFailure::PairingRequired:
        return {ConnectionAdvice::tr("This device is waiting for approval"),
                ConnectionAdvice::tr("The gateway does not know this console yet (or it asks "
                                     "for more rights than it was paired with)."),
                ConnectionAdvice::tr("Approve this device on the gateway host: "
                                     "openclaw devices approve %1 — then press Connect.")
                    .arg(request)};
    case ConnectFailure::PairingRejected:
        return {ConnectionAdvice::tr("The pairing request was rejected"),
                ConnectionAdvice::tr("Someone declined this device on the gateway."),
                ConnectionAdvice::tr("Ask the gateway's owner to approve it, then press "
                                     "Connect to send a new request.")};
    case ConnectFailure::PairingExpired:
        return {ConnectionAdvice::tr("The pairing request expired"),
                ConnectionAdvice::tr("Nobody approved this device in time."),
                ConnectionAdvice::tr("Press Connect to send a new request, then approve it "
                                     "with: openclaw devices approve <requestId>")};
    case ConnectFailure::TokenMismatch:
        return {ConnectionAdvice::tr("The token was rejected"),
                ConnectionAdvice::tr("The gateway token you gave does not match the gateway's."),
                ConnectionAdvice::tr("Paste the gateway token shown by `openclaw gateway "
                                     "auth-token --show` on the gateway host.")};
    case ConnectFailure::TokenMissing:
        return {ConnectionAdvice::tr("The gateway needs a token"),
                ConnectionAdvice::tr("No token was sent and this device has no device token "
                                     "for this gateway yet."),
                ConnectionAdvice::tr("Paste the gateway token shown by `openclaw gateway "
                                     "auth-token --show` on the gateway host.")};
    case ConnectFailure::DeviceTokenMismatch:
        return {ConnectionAdvice::tr("The stored device token is no longer valid"),
                ConnectionAdvice::tr("The gateway revoked or rotated the token it issued to "
                                     "this device."),
                ConnectionAdvice::tr("Connect once with the shared gateway token; the gateway "
                                     "issues a new device token.")};
    case ConnectFailure::ScopeMissing:
        return {ConnectionAdvice::tr("This device lacks operator rights"),
                ConnectionAdvice::tr("It was paired with fewer scopes than the console needs "
                                     "(operator read and write)."),
                ConnectionAdvice::tr("Re-pair: run `openclaw devices list` on the gateway host "
                                     "and approve the scope upgrade request.")};
    case ConnectFailure::RateLimited:
        return {ConnectionAdvice::tr("Too many sign-in attempts"),
                ConnectionAdvice::tr("The gateway is refusing sign-ins for a while."),
                ConnectionAdvice::tr("Wait a minute, check the token, then press Connect.")};
    case ConnectFailure::SignatureExpired:
        return {ConnectionAdvice::tr("The device signature was too old"),
                ConnectionAdvice::tr("This computer's clock and the gateway's differ by more "
                                     "than two minutes."),
                ConnectionAdvice::tr("Fix the clock (enable NTP) on either machine, then press "
                                     "Connect.")};
    case ConnectFailure::DeviceIdentityRefused:
        return {ConnectionAdvice::tr("The device identity was refused"),
                ConnectionAdvice::tr("The gateway could not check this device's signature."),
                ConnectionAdvice::tr("Press Connect to try again; if it persists, remove the "
                                     "device on the gateway and pair again.")};
    case ConnectFailure::ProtocolMismatch:
        return {ConnectionAdvice::tr("The gateway speaks another protocol version"),
                ConnectionAdvice::tr("This ClawOps and the gateway are too far apart in version."),
                ConnectionAdvice::tr("Update ClawOps or the gateway so that they match.")};
    case ConnectFailure::GatewayStarting:
        return {ConnectionAdvice::tr("The gateway is starting"),
                ConnectionAdvice::tr("It accepted the connection but is not ready yet."),
                ConnectionAdvice::tr("Nothing to do: ClawOps tries again on its own.")};
    case ConnectFailure::HandshakeTimeout:
        return {ConnectionAdvice::tr("The gateway did not answer the sign-in"),
                ConnectionAdvice::tr("The socket opened but no reply came in time."),
                ConnectionAdvice::tr("Check that the URL points at an OpenClaw gateway "
                                     "(ws://host:18789/).")};
    case ConnectFailure::InsecureTransport:
        return {ConnectionAdvice::tr("Not connecting without encryption"),
                ConnectionAdvice::tr("ws:// to another machine would send the gateway token in "
                                     "clear text."),
                ConnectionAdvice::tr("Use a wss:// address, or allow unencrypted connections "
                                     "explicitly (--allow-insecure, or the connect dialog).")};
    case ConnectFailure::None:
    case ConnectFailure::Other:
        break;
    }
    const QString &code = status.errorCode;
    if (!code.isEmpty() || !status.errorMessage.isEmpty())
        return {code.isEmpty() ? ConnectionAdvice::tr("The connection failed")
                               : ConnectionAdvice::tr("The connection failed (%1)").arg(code),
                status.errorMessage, QString()};
    return {};
}

} // namespace

ConnectionAdvice ConnectionAdvice::from(const host::ConnectionStatus &status, qint64 nowMs)
{
    ConnectionAdvice advice;
    advice.phaseText = phaseName(status.phase);
    switch (status.phase) {
    case ConnectionPhase::Live:
        advice.severity = Severity::Good;
        break;
    case ConnectionPhase::Connecting:
    case ConnectionPhase::Handshaking:
    case ConnectionPhase::Resyncing:
        advice.severity = Severity::Busy;
        break;
    case ConnectionPhase::Backoff:
        advice.severity = Severity::Warning;
        if (status.nextRetryAtMs > nowMs)
            advice.phaseText = tr("Reconnecting in %1")
                                   .arg(TimeFormat::duration(status.nextRetryAtMs - nowMs + 999));
        break;
    case ConnectionPhase::Stopped:
        advice.severity = Severity::Error;
        advice.phaseText = tr("Stopped: needs you");
        break;
    case ConnectionPhase::Offline:
        advice.severity = Severity::Idle;
        break;
    }
    if (status.phase == ConnectionPhase::Live)
        return advice; // an old error no longer matters
    const CodeAdvice code = adviceForCode(status);
    advice.headline = code.headline;
    advice.explanation = code.explanation;
    advice.nextStep = code.nextStep;
    // The gateway's own recommendation, when it gave one and we had nothing better.
    if (advice.nextStep.isEmpty() && !status.nextStep.isEmpty())
        advice.nextStep = status.nextStep;
    if (advice.explanation.isEmpty() && !status.detail.isEmpty())
        advice.explanation = status.detail;
    return advice;
}

} // namespace clawops::ui
