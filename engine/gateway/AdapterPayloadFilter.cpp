// The payload members handleEvent() reads, per event. With the Qt parser the decoder cuts event
// payloads to these (simdjson's path reads payloads in place and needs no filter): the adapter
// skips assistant/item/usage deltas and chat deltas after reading one member, and of the
// duplicated session rows it reads a dozen members out of ~55.
//
// Keep it in step with Adapter.cpp, AdapterSpawns.cpp, AdapterEndings.cpp and AdapterSignals.cpp:
// a member read there but missing here is read as absent. tst_adapter_prefilter feeds every
// recorded trace (and the benchmark's workload) through the adapter with and without the filter
// and requires the very same domain events.
#include "Adapter.h"

namespace clawops::gateway {

namespace {

using Node = PayloadFilter::Node;

Node keep()
{
    return Node::wholeValue();
}

std::pair<QString, Node> field(const char *name, Node node = keep())
{
    return {QString::fromLatin1(name), std::move(node)};
}

// noteEventTime(): every event's clock.
QList<std::pair<QString, Node>> withClock(QList<std::pair<QString, Node>> members)
{
    members.append(field("ts"));
    members.append(field("updatedAt"));
    return members;
}

// Of a session that is not a subagent's, the adapter reads the key and returns (isSubagentKey()):
// frames about the orchestrators' own sessions keep only what is read before that test.
Node forSubagentsOnly(Node subagentRule, QList<std::pair<QString, Node>> otherSessions)
{
    return Node::chooseContaining(QStringLiteral("sessionKey"),
                                  {{QStringLiteral(":subagent:"), std::move(subagentRule)}},
                                  Node::only(withClock(std::move(otherSessions))));
}

// noteParentFrom(): a subagent's parent as the payload or row names it.
void addParentMembers(QList<std::pair<QString, Node>> &members)
{
    members.append(field("spawnedBy"));
    members.append(field("parentSessionKey"));
}

// onToolEvent(): sessions_spawn start/result, from agent stream "tool" or session.tool. Other
// tools (exec, read, …) carry their arguments and results, which can be large; only the name
// is read of them.
Node toolPayload(const char *selectorMember)
{
    Node spawnData = Node::only({field("name"), field("toolCallId"), field("phase"), field("args"),
                                 field("result"), field("isError")});
    Node data = Node::choose(QStringLiteral("name"),
                             {{QStringLiteral("sessions_spawn"), std::move(spawnData)}},
                             Node::only({field("name")}));
    QList<std::pair<QString, Node>> members = {field("sessionKey"), field("runId"),
                                               field("data", std::move(data))};
    if (selectorMember)
        members.append(field(selectorMember));
    addParentMembers(members);
    return Node::only(withClock(std::move(members)));
}

Node agentPayload()
{
    // onAgent() + lifecycleOutcome().
    QList<std::pair<QString, Node>> lifecycle = {
        field("stream"), field("sessionKey"), field("runId"),
        field("data", Node::only({field("phase"), field("aborted"), field("status"),
                                  field("timeoutPhase"), field("errorKind"), field("error")}))};
    addParentMembers(lifecycle);
    return Node::choose(
        QStringLiteral("stream"),
        {{QStringLiteral("tool"), toolPayload("stream")},
         {QStringLiteral("lifecycle"), forSubagentsOnly(Node::only(withClock(lifecycle)),
                                                        {field("stream"), field("sessionKey")})}},
        Node::only(withClock({field("stream")})));
}

Node chatPayload()
{
    // onChat() + chatOutcome(): only the terminal states are read beyond `state`.
    QList<std::pair<QString, Node>> terminal = {
        field("state"), field("errorKind"),    field("sessionKey"),
        field("runId"), field("errorMessage"), field("message", Node::only({field("content")}))};
    addParentMembers(terminal);
    // chatOutcome() reads state and errorKind before the key is tested.
    const Node ending = forSubagentsOnly(Node::only(withClock(terminal)),
                                         {field("state"), field("errorKind"), field("sessionKey")});
    return Node::choose(QStringLiteral("state"),
                        {{QStringLiteral("final"), ending},
                         {QStringLiteral("aborted"), ending},
                         {QStringLiteral("error"), ending}},
                        Node::only(withClock({field("state")})));
}

Node sessionMessagePayload()
{
    // onSessionMessage(): toolCall blocks of assistant messages, text of user messages. An
    // assistant's own text (replies with receipts: most of these frames' bytes) is read from
    // chat finals instead, never from here.
    const Node toolCalls =
        Node::only({field("type"), field("name"), field("id"), field("arguments")});
    const Node texts = Node::only({field("type"), field("text")});
    const Node message = Node::choose(
        QStringLiteral("role"),
        {{QStringLiteral("assistant"), Node::only({field("role"), field("content", toolCalls)})},
         {QStringLiteral("user"), Node::only({field("role"), field("content", texts)})}},
        Node::only({field("role")}));
    return Node::only(withClock({field("sessionKey"), field("message", message)}));
}

Node sessionsChangedPayload()
{
    // onSessionsChanged() + applyRow(): the flattened row; the nested `session` copy is unread.
    QList<std::pair<QString, Node>> members = {
        field("sessionKey"),   field("reason"),      field("sessionId"),    field("label"),
        field("activeRunIds"), field("status"),      field("hasActiveRun"), field("runId"),
        field("lastRunId"),    field("lastRunError")};
    addParentMembers(members);
    // Any session's delete, reset and new are handled (onDeleted(), onReset()).
    return forSubagentsOnly(Node::only(withClock(std::move(members))),
                            {field("sessionKey"), field("reason"), field("sessionId")});
}

Node taskPayload()
{
    // onTask(), and noteEventTime() of the task object.
    return Node::only({field(
        "task",
        Node::only(withClock({field("childSessionKey"), field("sessionKey"), field("ownerKey"),
                              field("id"), field("taskId"), field("runId"), field("title"),
                              field("status"), field("createdAt"), field("error")})))});
}

PayloadFilter buildFilter()
{
    PayloadFilter filter;
    filter.add(QStringLiteral("agent"), agentPayload());
    filter.add(QStringLiteral("chat"), chatPayload());
    filter.add(QStringLiteral("sessions.changed"), sessionsChangedPayload());
    filter.add(QStringLiteral("session.message"), sessionMessagePayload());
    filter.add(QStringLiteral("session.tool"), toolPayload(nullptr));
    filter.add(QStringLiteral("task"), taskPayload());
    // Frequent events the adapter only takes the clock from.
    for (const char *name : {"tick", "health", "presence", "heartbeat"})
        filter.add(QString::fromLatin1(name), Node::only(withClock({})));
    return filter;
}

} // namespace

const PayloadFilter &GatewayAdapter::payloadFilter()
{
    static const PayloadFilter filter = buildFilter();
    return filter;
}

} // namespace clawops::gateway
