#include "AdapterSessionGraph.h"

#include "AdapterJson.h"

namespace clawops::gateway {

namespace {

// Per caller, pending calls are a handful at most; a bound keeps a caller that spawns without
// ever being answered from growing without limit.
constexpr qsizetype kMaxPendingPerCaller = 64;
constexpr qsizetype kMaxOrphans = 64;

} // namespace

bool GenerationalSet::insert(const QString &key)
{
    if (contains(key))
        return false;
    if (qsizetype(m_young.size()) >= m_capacity) {
        m_old = std::move(m_young);
        m_young = Set();
    }
    m_young.insert(key);
    return true;
}

void SessionGraph::listChild(ChildState &parent, ChildState &child, const QString &childKey,
                             const QString &parentKey)
{
    if (child.listedUnder == parentKey)
        return;
    parent.childKeys.append(childKey);
    child.listedUnder = parentKey;
}

SessionGraph::SessionGraph(int capacity)
    : m_capacity(capacity)
    , m_parents(capacity)
    , m_children(capacity, [](const ChildState &state) { return state.isActive(); })
    , m_calls(capacity)
{}

void SessionGraph::noteParent(const QString &child, const QString &parent)
{
    if (child.isEmpty() || parent.isEmpty() || child == parent)
        return;
    QString &slot = m_parents.findOrCreate(child);
    if (slot != parent)
        slot = parent;
}

QString SessionGraph::parentOf(const QString &key)
{
    if (const QString *parent = m_parents.find(key))
        return *parent;
    if (const ChildState *state = m_children.find(key); state && !state->parentKey.isEmpty())
        return state->parentKey;
    return adapterjson::parentFromNestedKey(key);
}

ChildState &SessionGraph::ensureChild(const QString &key)
{
    bool created = false;
    ChildState &state = m_children.findOrCreate(key, &created);
    if (created)
        state.key = key;
    return state;
}

SpawnCall &SessionGraph::ensureCall(const QString &toolCallId, const QString &callerKey)
{
    bool created = false;
    SpawnCall &call = m_calls.findOrCreate(toolCallId, &created);
    if (created) {
        call.toolCallId = toolCallId;
        call.callerKey = callerKey;
        if (m_pendingByCaller.size() > m_capacity)
            sweepPending();
        if (!callerKey.isEmpty()) {
            QStringList &pending = m_pendingByCaller[callerKey];
            pending.append(toolCallId);
            if (pending.size() > kMaxPendingPerCaller)
                pending.removeFirst();
        }
    } else if (call.callerKey.isEmpty() && !callerKey.isEmpty()) {
        call.callerKey = callerKey;
        m_pendingByCaller[callerKey].append(toolCallId);
    }
    return call;
}

void SessionGraph::sweepPending()
{
    // Callers that went away leave calls that were never answered; drop what the call map has
    // already forgotten.
    for (auto it = m_pendingByCaller.begin(); it != m_pendingByCaller.end();) {
        it->removeIf([this](const QString &id) { return m_calls.peek(id) == nullptr; });
        it = it->isEmpty() ? m_pendingByCaller.erase(it) : std::next(it);
    }
}

void SessionGraph::resolveCall(SpawnCall &call, const QString &childKey)
{
    call.resolved = true;
    if (!childKey.isEmpty())
        call.childKey = childKey;
    auto it = m_pendingByCaller.find(call.callerKey);
    if (it == m_pendingByCaller.end())
        return;
    it->removeOne(call.toolCallId);
    if (it->isEmpty())
        m_pendingByCaller.erase(it);
}

SpawnCall *SessionGraph::matchPendingCall(const QString &caller, const QString &label,
                                          const QString &childKey)
{
    auto it = m_pendingByCaller.find(caller);
    if (it == m_pendingByCaller.end())
        return nullptr;
    const QString wanted = adapterjson::labelKey(label);
    QStringList &pending = *it;
    for (qsizetype i = pending.size() - 1; i >= 0; --i) {
        SpawnCall *candidate = m_calls.find(pending.at(i));
        if (!candidate || candidate->resolved) {
            // Forgotten or settled meanwhile: prune lazily.
            pending.removeAt(i);
            continue;
        }
        if (!candidate->childKey.isEmpty()) {
            if (candidate->childKey == childKey)
                return candidate;
            continue;
        }
        if (candidate->fromHistory)
            continue; // an old call whose child the history did not name
        const QString callLabel = adapterjson::labelKey(
            adapterjson::stringField(candidate->args, QLatin1String("label")));
        if (callLabel.isEmpty() || wanted.isEmpty() || callLabel == wanted)
            return candidate;
    }
    if (pending.isEmpty())
        m_pendingByCaller.erase(it);
    return nullptr;
}

void SessionGraph::addOrphan(const QString &childKey)
{
    m_orphans.append(childKey);
    if (m_orphans.size() > kMaxOrphans)
        m_orphans.removeFirst();
}

QString SessionGraph::takeOrphan(const QString &caller, const QString &label)
{
    const QString wanted = adapterjson::labelKey(label);
    for (qsizetype i = 0; i < m_orphans.size(); ++i) {
        const ChildState *state = m_children.peek(m_orphans.at(i));
        if (!state) {
            m_orphans.removeAt(i--);
            continue;
        }
        if (state->parentKey == caller && adapterjson::labelKey(state->label) == wanted) {
            QString key = m_orphans.takeAt(i);
            return key;
        }
    }
    return {};
}

} // namespace clawops::gateway
