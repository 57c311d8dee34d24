// Tool starts for the policy watch.
#include "Adapter.h"
#include "AdapterJson.h"

namespace clawops::gateway {

using namespace adapterjson;

// The run that started the tool also gets it as agent stream "tool" when this socket started
// the run, and as session.tool once subscribed: the same start twice, told to the core once.
// Calls read back from a transcript are not starts: they may be old, and they were judged when
// they happened (or happened while nobody watched).
void GatewayAdapter::noteToolStart(const QString &caller, const JsonRef &payload,
                                   const JsonRef &name, const JsonRef &toolCallId,
                                   const JsonRef &args, AdapterOutput &out)
{
    core::ToolStarted start;
    start.toolName = asString(name);
    start.toolCallId = asString(toolCallId);
    if (caller.isEmpty() || start.toolName.isEmpty() || start.toolCallId.isEmpty())
        return;
    start.runId = stringField(payload, QLatin1String("runId"));
    if (!m_toolStarts.insert(start.runId + QLatin1Char('|') + start.toolCallId))
        return;
    start.sessionKey = core::SessionKey(caller);
    start.argsJson = args.toJsonText();
    out.events.append(std::move(start));
}

} // namespace clawops::gateway
