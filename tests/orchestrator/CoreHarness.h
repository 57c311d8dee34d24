#pragma once

// Test doubles for driving the orchestration core: a clock the test moves, a random source that
// plays back chosen values, and an in-memory store that applies change sets the way the SQL
// store does, so that rehydration can be exercised without a database.

#include "core/Clock.h"
#include "core/Orchestrator.h"
#include "core/Records.h"

#include <QHash>
#include <QList>
#include <QTest>

#include <memory>

// Readable QCOMPARE failures for the core's value types.
namespace QTest {
template<> inline char *toString(const clawops::core::TaskState &state)
{
    return qstrdup(clawops::core::stateName(state).toUtf8().constData());
}
template<> inline char *toString(const clawops::core::SendToSession::Purpose &purpose)
{
    return qstrdup(QByteArray::number(int(purpose)).constData());
}
} // namespace QTest

namespace clawops::testing {

class ManualClock final : public core::Clock
{
public:
    explicit ManualClock(core::TimeMs start = 1'795'468'800'000)
        : m_now(start)
    {}
    core::TimeMs now() const override { return m_now; }
    void advance(core::TimeMs ms) { m_now += ms; }

private:
    core::TimeMs m_now;
};

class ScriptedRandom final : public core::RandomSource
{
public:
    explicit ScriptedRandom(QList<double> values = {0.0})
        : m_values(std::move(values))
    {}
    double uniform01() override
    {
        const double v = m_values.at(m_next % m_values.size());
        ++m_next;
        return v;
    }

private:
    QList<double> m_values;
    qsizetype m_next = 0;
};

class MemoryStore final : public core::TaskArchive
{
public:
    void apply(const core::ChangeSet &changes);
    core::Snapshot snapshot() const;

    std::optional<core::TaskRecord> findTask(const QString &taskId) const override;
    int highestAttempt(const QString &taskKey) const override;

    QHash<QString, core::TaskRecord> tasks;
    QHash<QString, core::WorkerRecord> workers;
    QHash<QString, core::BindingRecord> bindings; // by requester
    QHash<QString, core::RetryCountRecord> retries;
    QList<core::TransitionRecord> transitions;
    QList<core::AuditRecord> audits;
    QList<core::SuppressedSpawnRecord> suppressed;
};

// One orchestrator wired to a clock, a random source and a memory store; `pump()` moves its
// changes into the store and collects its actions, as the engine host does after each batch.
struct CoreRig
{
    explicit CoreRig(core::EngineConfig config, QList<double> randoms = {0.0});

    void send(const core::DomainEvent &event);
    void tick(core::TimeMs advanceMs = 0);
    core::CommandResult command(core::OperatorCommand command);
    void pump();
    // A full restart: a new orchestrator rehydrated from what the store holds.
    void restart();

    core::TaskRecord taskById(const QString &taskId) const { return store.tasks.value(taskId); }
    QList<core::SendToSession> sends() const;
    QList<core::CancelWorker> cancels() const;

    ManualClock clock;
    ScriptedRandom random;
    MemoryStore store;
    core::EngineConfig config;
    std::unique_ptr<core::Orchestrator> core;
    QList<core::DomainAction> actions;
};

// A spawn request as the adapter would report it from an orchestrator session.
core::SpawnRequested spawnOf(const QString &ref, const QString &task, const QString &label,
                             const QString &orchestrator = QStringLiteral("agent:main:main"),
                             const QString &requester = {});

} // namespace clawops::testing
