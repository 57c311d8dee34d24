#pragma once

#include "core/WorkerOutcome.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace clawops::gateway {

struct QStringStdHash
{
    size_t operator()(const QString &key) const noexcept { return qHash(key); }
};

// A map that forgets what was not touched for two generations: lookups move an entry into the
// young generation, and when the young one is full it becomes the old one and the previous old
// one is dropped, keeping only what `pinned` says must live (running children). O(1) per
// operation, bounded at about twice the capacity plus the pinned entries. std::unordered_map
// keeps node addresses stable across rehashing and generation moves, so a pointer returned by
// find() stays valid until the entry itself is dropped, which cannot happen to an entry touched
// since the last rotation.
template<typename V> class GenerationalMap
{
public:
    using Map = std::unordered_map<QString, V, QStringStdHash>;

    explicit GenerationalMap(qsizetype capacity, std::function<bool(const V &)> pinned = {})
        : m_capacity(capacity > 0 ? capacity : 1)
        , m_pinned(std::move(pinned))
    {}

    V *find(const QString &key)
    {
        if (auto it = m_young.find(key); it != m_young.end())
            return &it->second;
        if (auto it = m_old.find(key); it != m_old.end()) {
            auto node = m_old.extract(it);
            return &m_young.insert(std::move(node)).position->second;
        }
        return nullptr;
    }

    const V *peek(const QString &key) const
    {
        if (auto it = m_young.find(key); it != m_young.end())
            return &it->second;
        if (auto it = m_old.find(key); it != m_old.end())
            return &it->second;
        return nullptr;
    }

    // The entry for `key`, default-constructed when new; `created` tells which.
    V &findOrCreate(const QString &key, bool *created = nullptr)
    {
        if (V *existing = find(key)) {
            if (created)
                *created = false;
            return *existing;
        }
        if (created)
            *created = true;
        rotateIfFull();
        return m_young.try_emplace(key).first->second;
    }

    bool remove(const QString &key) { return m_young.erase(key) > 0 || m_old.erase(key) > 0; }

    qsizetype size() const { return qsizetype(m_young.size()) + qsizetype(m_old.size()); }

    template<typename F> void forEach(F &&visit) const
    {
        for (const auto &[key, value] : m_young)
            visit(key, value);
        for (const auto &[key, value] : m_old)
            visit(key, value);
    }

private:
    void rotateIfFull()
    {
        if (qsizetype(m_young.size()) < m_capacity)
            return;
        Map dropped = std::move(m_old);
        m_old = std::move(m_young);
        m_young = Map();
        if (!m_pinned)
            return;
        for (auto it = dropped.begin(); it != dropped.end();) {
            auto next = std::next(it);
            if (m_pinned(it->second))
                m_young.insert(dropped.extract(it));
            it = next;
        }
    }

    qsizetype m_capacity;
    std::function<bool(const V &)> m_pinned;
    Map m_young;
    Map m_old;
};

// The same for plain keys (dedupe sets).
class GenerationalSet
{
public:
    explicit GenerationalSet(qsizetype capacity)
        : m_capacity(capacity > 0 ? capacity : 1)
    {}
    // True when `key` was not there yet (and is now).
    bool insert(const QString &key);
    bool contains(const QString &key) const
    {
        return m_young.count(key) > 0 || m_old.count(key) > 0;
    }

private:
    using Set = std::unordered_set<QString, QStringStdHash>;
    qsizetype m_capacity;
    Set m_young;
    Set m_old;
};

// One sessions_spawn call, keyed by the gateway's toolCallId. It is learned from up to three
// places (the transcript's toolCall block, the agent/session.tool start, the result) in any of
// their orders, and turns into domain events exactly once.
struct SpawnCall
{
    QString toolCallId;
    QString callerKey;
    QString runId; // the caller's run that made the call (scopes a planner spawn)
    QJsonObject args;
    bool startSeen = false;   // agent stream "tool" or session.tool phase "start"
    bool fromHistory = false; // learned from chat.history only (may be old)
    bool requested = false;   // the SpawnRequested was emitted, or deliberately not (orchestrator)
    bool orchestratorSpawn = false;
    bool awaitingChild = false; // a result came without a usable body: take the child when it shows
    bool awaitingHistory = false; // its result came before its arguments: read the transcript
    bool resolved = false;        // accepted, rejected or linked: nothing more to emit
    QString childKey;             // known from the result (live or in history)
};

enum class ChildRole
{
    Worker,
    Orchestrator,
};

// A subagent session the adapter knows about. `accepted` means the core has been told about it
// (SpawnAccepted, OrchestratorBound, or seeded by the host); before that the entry only collects
// what the task event or the create row said, for the acceptance to come.
struct ChildState
{
    QString key;
    QString parentKey;
    QString spawnRef;
    QString gatewayTaskId;
    QString spawnRunId;
    QString label;
    ChildRole role = ChildRole::Worker;
    bool accepted = false;
    bool synthesizedWithoutCall = false;

    // The run being watched, and whether its ending was reported. A later run of the same child
    // (an operator answer via sessions.send) gets its own ending.
    QString currentRun;
    bool runEnded = false;
    std::optional<core::WorkerOutcome> lastOutcome;
    QStringList endedRuns; // the last few, so stale frames of old runs are recognised

    // Orchestrators: the front session they serve and the workers they spawned (newest last;
    // see GatewayAdapter::hasActiveWorkers for how it stays bounded).
    QString boundRequester;
    bool orchestratorBound = false;
    bool orchestratorEnded = false;
    QStringList childKeys;
    qsizetype childKeysAfterPrune = 0;
    // Workers: the parent whose childKeys lists this one, so that listing it is O(1).
    QString listedUnder;

    bool deleted = false;

    bool isActive() const
    {
        if (deleted)
            return false;
        if (role == ChildRole::Orchestrator)
            return orchestratorBound && !orchestratorEnded;
        return accepted && !runEnded;
    }
};

// What the adapter knows about sessions and spawn calls, bounded by GenerationalMap.
class SessionGraph
{
public:
    explicit SessionGraph(int capacity);

    // Parent links, from spawnedBy / parentSessionKey / task.sessionKey / accepted spawns.
    void noteParent(const QString &child, const QString &parent);
    QString parentOf(const QString &key);

    ChildState *child(const QString &key) { return m_children.find(key); }
    // Without keeping it alive: a scan over many children must not stop the graph forgetting.
    const ChildState *peekChild(const QString &key) const { return m_children.peek(key); }
    // Lists `child` among `parent`'s children, once.
    static void listChild(ChildState &parent, ChildState &child, const QString &childKey,
                          const QString &parentKey);
    ChildState &ensureChild(const QString &key);
    template<typename F> void forEachChild(F &&visit) const { m_children.forEach(visit); }
    qsizetype childCount() const { return m_children.size(); }

    SpawnCall *call(const QString &toolCallId) { return m_calls.find(toolCallId); }
    // Creates the call and lists it as pending for its caller.
    SpawnCall &ensureCall(const QString &toolCallId, const QString &callerKey);
    void resolveCall(SpawnCall &call, const QString &childKey);
    // The newest pending call of `caller` that can be `childKey`'s: one whose result named that
    // child, else one with the same label (or no label). Calls from chat.history whose result
    // named another child never match.
    SpawnCall *matchPendingCall(const QString &caller, const QString &label,
                                const QString &childKey);

    // Children synthesized from a task/create row alone: a late tool start with the same caller
    // and label is the same spawn.
    void addOrphan(const QString &childKey);
    QString takeOrphan(const QString &caller, const QString &label);

private:
    void sweepPending();

    int m_capacity;
    GenerationalMap<QString> m_parents;
    GenerationalMap<ChildState> m_children;
    GenerationalMap<SpawnCall> m_calls;
    QHash<QString, QStringList> m_pendingByCaller;
    QStringList m_orphans;
};

} // namespace clawops::gateway
