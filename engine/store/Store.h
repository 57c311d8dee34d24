#pragma once

#include "core/Records.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace clawops::store {

// Why a store could not be opened, as a value the console can show as it is.
struct StoreError
{
    enum class Kind
    {
        None,
        CannotOpen,      // missing folder, permissions, locked beyond busy_timeout
        NotADatabase,    // the file exists but is not SQLite (or is corrupt)
        ForeignDatabase, // SQLite, but neither a ClawOps nor a plugin store
        TooNew,          // written by a newer ClawOps (user_version above ours)
        Corrupt,         // integrity_check failed
        Query,           // a statement failed at run time
    };
    Kind kind = Kind::None;
    QString message; // one sentence for the operator, naming the file

    explicit operator bool() const { return kind != Kind::None; }
};

// A page of tasks for the console, with the filters it offers.
struct TaskQuery
{
    QList<core::TaskState> states; // empty: all
    QString search;                // id, label, task text, outcome
    QString orchestratorSessionKey;
    QString orderBy = QStringLiteral("updated_at"); // a column name of orchestrator_tasks
    bool descending = true;
    int offset = 0;
    int limit = 200;
};

// The durable store: the plugin's four tables (same names and columns) plus ClawOps's own,
// through Qt SQL only. One Store per thread; it opens its own connection in the thread that
// calls open().
class Store final : public core::TaskArchive
{
public:
    Store();
    ~Store() override;
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens (creating when missing) and migrates. Never overwrites a file it does not recognise.
    StoreError open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const;
    int schemaVersion() const;

    // Everything the core needs at start-up.
    core::Snapshot loadSnapshot(StoreError *error = nullptr);
    // One transaction for the whole change set. On failure nothing of it is written.
    StoreError apply(const core::ChangeSet &changes);

    // core::TaskArchive
    std::optional<core::TaskRecord> findTask(const QString &taskId) const override;
    int highestAttempt(const QString &taskKey) const override;

    // Reads for the console (run on the engine thread, never on the GUI thread).
    QList<core::TaskRecord> queryTasks(const TaskQuery &query, StoreError *error = nullptr) const;
    int countTasks(const TaskQuery &query, StoreError *error = nullptr) const;
    QHash<core::TaskState, int> countByState(StoreError *error = nullptr) const;
    QList<core::TransitionRecord> transitionsFor(const QString &taskId) const;
    QList<core::AuditRecord> auditFor(const QString &taskId) const;
    QList<core::TaskRecord> attemptsFor(const QString &taskKey) const;
    QList<core::SuppressedSpawnRecord> suppressedFor(const QString &taskKey) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace clawops::store
