#pragma once

#include <QDebug>
#include <QHashFunctions>
#include <QString>

#include <type_traits>
#include <utility>

namespace clawops::core {

// A string that names one kind of thing. The three kinds below travel side by side through the
// core (a task's id, its key, the sessions around it), and mixing them up used to compile: a map
// keyed by task key looked up with a task id simply answered "absent". Each kind is its own type
// now, made from text only on purpose (explicit), so handing one where another is wanted is a
// compile error. Reading the text back is implicit because the store, the console and the logs
// all want it as text.
template<class Tag> class Id
{
public:
    Id() = default;
    explicit Id(QString text)
        : m_text(std::move(text))
    {}

    const QString &str() const { return m_text; }
    operator const QString &() const { return m_text; }
    bool isEmpty() const { return m_text.isEmpty(); }
    void clear() { m_text.clear(); }

    friend bool operator==(const Id &a, const Id &b) { return a.m_text == b.m_text; }
    friend bool operator!=(const Id &a, const Id &b) { return a.m_text != b.m_text; }
    friend bool operator<(const Id &a, const Id &b) { return a.m_text < b.m_text; }
    friend size_t qHash(const Id &id, size_t seed = 0) { return qHash(id.m_text, seed); }
    friend QDebug operator<<(QDebug debug, const Id &id) { return debug << id.m_text; }

private:
    QString m_text;
};

// Ids of different kinds never compare, even through their text.
template<class A, class B>
requires(!std::is_same_v<A, B>) bool operator==(const Id<A> &, const Id<B> &) = delete;
template<class A, class B>
requires(!std::is_same_v<A, B>) bool operator!=(const Id<A> &, const Id<B> &) = delete;

struct TaskIdTag;
struct TaskKeyTag;
struct SessionKeyTag;
struct SpawnRefTag;

// "<first 12 hex of the key>-a<attempt>" for tasks ClawOps or the plugin made.
using TaskId = Id<TaskIdTag>;
// The sha256 that identifies one piece of work across its attempts.
using TaskKey = Id<TaskKeyTag>;
// A gateway session ("agent:main:subagent:…"): requesters, orchestrators and workers alike.
using SessionKey = Id<SessionKeyTag>;
// One sessions_spawn call: the gateway's toolCallId, or a reference the adapter derived for a
// spawn whose call it never saw.
using SpawnRef = Id<SpawnRefTag>;

} // namespace clawops::core
