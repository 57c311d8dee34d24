#include "UiResources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initClawOpsResources()
{
    Q_INIT_RESOURCE(clawops);
}

namespace clawops::ui {

void initResources()
{
    static const bool done = [] {
        initClawOpsResources();
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace clawops::ui
