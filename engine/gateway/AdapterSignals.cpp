#include "AdapterSignals.h"

namespace clawops::gateway::adaptersignals {

namespace {

bool isTimeoutKind(const JsonRef &object)
{
    return object.value(QLatin1String("errorKind")).toString() == QLatin1String("timeout");
}

} // namespace

std::optional<WorkerOutcome> lifecycleOutcome(const JsonRef &data)
{
    const QString phase = data.value(QLatin1String("phase")).toString();
    const bool aborted = data.value(QLatin1String("aborted")).toBool(false);
    if (phase == QLatin1String("end")) {
        if (aborted || data.value(QLatin1String("status")).toString() == QLatin1String("cancelled"))
            return WorkerOutcome::Killed;
        return WorkerOutcome::Ok;
    }
    if (phase == QLatin1String("error")) {
        if (aborted)
            return WorkerOutcome::Killed;
        if (!data.value(QLatin1String("timeoutPhase")).toString().isEmpty() || isTimeoutKind(data))
            return WorkerOutcome::Timeout;
        return WorkerOutcome::Error;
    }
    return std::nullopt;
}

std::optional<WorkerOutcome> chatOutcome(const JsonRef &payload)
{
    const QString state = payload.value(QLatin1String("state")).toString();
    if (state == QLatin1String("final"))
        return WorkerOutcome::Ok;
    if (state == QLatin1String("aborted"))
        return WorkerOutcome::Killed;
    if (state == QLatin1String("error"))
        return isTimeoutKind(payload) ? WorkerOutcome::Timeout : WorkerOutcome::Error;
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
    return std::nullopt;
}

} // namespace clawops::gateway::adaptersignals
