#include "AdapterSignals.h"

namespace clawops::gateway::adaptersignals {

std::optional<WorkerOutcome> lifecycleOutcome(const JsonRef &data)
{
    const auto [phase, abortedValue, status, timeoutPhase, errorKind] =
        data.values({QLatin1String("phase"), QLatin1String("aborted"), QLatin1String("status"),
                     QLatin1String("timeoutPhase"), QLatin1String("errorKind")});
    const bool aborted = abortedValue.toBool(false);
    if (phase.equals(QLatin1String("end"))) {
        if (aborted || status.equals(QLatin1String("cancelled")))
            return WorkerOutcome::Killed;
        return WorkerOutcome::Ok;
    }
    if (phase.equals(QLatin1String("error"))) {
        if (aborted)
            return WorkerOutcome::Killed;
        if (!timeoutPhase.toString().isEmpty() || errorKind.equals(QLatin1String("timeout")))
            return WorkerOutcome::Timeout;
        return WorkerOutcome::Error;
    }
    return std::nullopt;
}

std::optional<WorkerOutcome> chatOutcome(const JsonRef &payload)
{
    const auto [state, errorKind] =
        payload.values({QLatin1String("state"), QLatin1String("errorKind")});
    return chatOutcome(state, errorKind);
}

std::optional<WorkerOutcome> chatOutcome(const JsonRef &state, const JsonRef &errorKind)
{
    if (state.equals(QLatin1String("final")))
        return WorkerOutcome::Ok;
    if (state.equals(QLatin1String("aborted")))
        return WorkerOutcome::Killed;
    if (state.equals(QLatin1String("error")))
        return errorKind.equals(QLatin1String("timeout")) ? WorkerOutcome::Timeout
                                                          : WorkerOutcome::Error;
    return std::nullopt;
}

std::optional<WorkerOutcome> taskStatusOutcome(QStringView status)
{
    if (status == QLatin1String("completed") || status == QLatin1String("succeeded"))
        return WorkerOutcome::Ok;
    if (status == QLatin1String("failed") || status == QLatin1String("lost"))
        return WorkerOutcome::Error;
    if (status == QLatin1String("timed_out") || status == QLatin1String("timeout"))
        return WorkerOutcome::Timeout;
    if (status == QLatin1String("cancelled") || status == QLatin1String("canceled"))
        return WorkerOutcome::Killed;
    return std::nullopt;
}

std::optional<WorkerOutcome> rowStatusOutcome(QStringView status)
{
    if (status == QLatin1String("done"))
        return WorkerOutcome::Ok;
    if (status == QLatin1String("failed"))
        return WorkerOutcome::Error;
    if (status == QLatin1String("timeout"))
        return WorkerOutcome::Timeout;
    if (status == QLatin1String("killed"))
        return WorkerOutcome::Killed;
    if (status == QLatin1String("interrupted"))
        return WorkerOutcome::Interrupted;
    return std::nullopt;
}

} // namespace clawops::gateway::adaptersignals
