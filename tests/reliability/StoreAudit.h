#pragma once

// Reads an engine's store (a SQLite file, or a postgresql:// URL with the password in PGPASSFILE)
// from the outside (its own connection, never writing) and says what
// is wrong with it: integrity, doubled task rows, transition histories with a gap or a repeat,
// transitions the engine reported as committed that the store does not hold.

#include <QMap>
#include <QString>
#include <QStringList>

namespace clawops::test {

struct TaskFinal
{
    QString state;
    int attempt = 0;
    QString label;
    QString lastOutcome;
    // Its stored transitions, "to (reason) +ms since the first", to say how a differing task
    // got where it is; not compared.
    QString history;

    bool operator==(const TaskFinal &other) const
    {
        return state == other.state && attempt == other.attempt && label == other.label;
    }
};

// Where a task's life may rest: nothing more happens to it without an operator.
bool isResting(const QString &state);

class StoreAudit
{
public:
    explicit StoreAudit(QString databasePath);
    ~StoreAudit();
    StoreAudit(const StoreAudit &) = delete;
    StoreAudit &operator=(const StoreAudit &) = delete;

    // Empty on success, else why the store could not be read.
    QString open();
    QString integrity();              // "ok", or what PRAGMA integrity_check reported
    QMap<QString, TaskFinal> tasks(); // by task_id
    QStringList doubledTasks();       // (task_key, attempt) and (label, attempt) held twice
    // Per task: the first transition comes from nothing, each one starts where the previous
    // ended, the last ends in the task's state, and no (from, to, reason) happens twice.
    QStringList transitionProblems();
    int transitionCount();
    // The lines of a --commit-log file whose transition is not in task_transitions; *checked
    // receives how many lines were checked.
    QStringList missingCommitted(const QString &commitLogPath, int *checked);

private:
    QString m_path;
    QString m_connection;
    bool m_open = false;
};

// Differences between two runs' final task states ("<task>: expected X, got Y"), empty when they
// agree on every task.
QStringList compareFinalStates(const QMap<QString, TaskFinal> &expected,
                               const QMap<QString, TaskFinal> &actual);
QString describe(const TaskFinal &task);

} // namespace clawops::test
