#include "AdapterSignals.h"

namespace clawops::gateway::adaptersignals {

namespace {

bool isTimeoutKind(const JsonRef &object)
{
    return object.value(QLatin1String("errorKind")).toString() == QLatin1String("timeout");
}

} // namespace

QString lifecycleOutcome(const JsonRef &data)
{
    const QString phase = data.value(QLatin1String("phase")).toString();
    const bool aborted = data.value(QLatin1String("aborted")).toBool(false);
    if (phase == QLatin1String("end")) {
        if (aborted || data.value(QLatin1String("status")).toString() == QLatin1String("cancelled"))
            return kKilled;
        return kOk;
    }
    if (phase == QLatin1String("error")) {
        if (aborted)
            return kKilled;
        if (!data.value(QLatin1String("timeoutPhase")).toString().isEmpty() || isTimeoutKind(data))
            return kTimeout;
        return kError;
    }
    return {};
}

QString chatOutcome(const JsonRef &payload)
{
    const QString state = payload.value(QLatin1String("state")).toString();
    if (state == QLatin1String("final"))
        return kOk;
    if (state == QLatin1String("aborted"))
        return kKilled;
    if (state == QLatin1String("error"))
        return isTimeoutKind(payload) ? kTimeout : kError;
    return {};
}

QString taskStatusOutcome(QStringView status)
{
    if (status == QLatin1String("completed") || status == QLatin1String("succeeded"))
        return kOk;
    if (status == QLatin1String("failed") || status == QLatin1String("lost"))
        return kError;
    if (status == QLatin1String("timed_out") || status == QLatin1String("timeout"))
        return kTimeout;
    if (status == QLatin1String("cancelled") || status == QLatin1String("canceled"))
        return kKilled;
    return {};
}

QString rowStatusOutcome(QStringView status)
{
    if (status == QLatin1String("done"))
        return kOk;
    if (status == QLatin1String("failed"))
        return kError;
    if (status == QLatin1String("timeout"))
        return kTimeout;
    if (status == QLatin1String("killed"))
        return kKilled;
    return {};
}

} // namespace clawops::gateway::adaptersignals
