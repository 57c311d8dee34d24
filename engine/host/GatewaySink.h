#pragma once

#include "HostTypes.h"
#include "core/DomainEvents.h"
#include "gateway/AdapterTypes.h"
#include "gateway/ClawOpsPresence.h"

#include <QList>

namespace clawops::host {

// What the gateway link needs from the engine it serves, and no more: a place for what the
// gateway said (the core's events and the outcomes of the actions the link carried out), the
// engine's clock, and the way to the console for the connection's status and the transcripts
// the link fetched. The engine worker is the one implementation.
class GatewaySink
{
public:
    virtual ~GatewaySink() = default;

    // Applies them to the core; what they change is committed with the engine's next batch.
    virtual void feed(const QList<core::DomainEvent> &events,
                      const QList<gateway::ActionOutcome> &outcomes) = 0;
    virtual qint64 nowMs() const = 0;
    virtual void reportStatus(const ConnectionStatus &status) = 0;
    virtual void deliverTranscript(quint64 requestId, const Transcript &transcript) = 0;
    // The ClawOps engines on the gateway's presence list, after hello-ok and each `presence`
    // event; only from gateways that offer presence. Must not destroy the link it comes from.
    virtual void presenceSeen(const QList<gateway::PresencePeer> &peers) = 0;
};

} // namespace clawops::host
