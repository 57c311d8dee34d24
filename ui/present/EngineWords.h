#pragma once

#include "core/OperatorCommand.h"
#include "core/Policy.h"
#include "core/TransitionCause.h"
#include "core/WorkerOutcome.h"
#include "host/HostTypes.h"

#include <QCoreApplication>
#include <QString>

namespace clawops::ui {

// The console's words for the engine's typed values: why a task moved, how a worker ended, what
// came of a command. The engine hands over kinds and values; the sentences an operator reads,
// in the operator's language, are made here.
class EngineWords
{
    Q_DECLARE_TR_FUNCTIONS(EngineWords)

public:
    static QString outcome(core::WorkerOutcome outcome);         // "timed out"
    static QString cause(const core::TransitionCause &cause);    // "worker timed out"
    static QString retryReason(const core::RetryReason &reason); // "timed out", "rejected"
    static QString commandResult(const core::CommandResult &result);
    static QString policyRule(core::PolicyRule rule);       // "front session used a direct tool"
    static QString policyAction(core::PolicyAction action); // "flagged", "run aborted"
    static QString role(host::EngineRole role);             // "following", "observing"

private:
    static QString states(const QList<core::TaskState> &states);
};

} // namespace clawops::ui
