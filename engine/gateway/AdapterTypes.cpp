#include "AdapterTypes.h"

#include "core/Config.h"

namespace clawops::gateway {

AdapterConfig AdapterConfig::fromEngineConfig(const core::EngineConfig &config)
{
    AdapterConfig out;
    if (!config.orchestratorLabelPrefix.isEmpty())
        out.orchestratorLabelPrefix = config.orchestratorLabelPrefix;
    if (!config.retryDelivery.isEmpty())
        out.retryDelivery = config.retryDelivery;
    return out;
}

} // namespace clawops::gateway
