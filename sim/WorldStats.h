#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace clawops::sim {

// What an <orchestrator-retry> block says, read the way an orchestrator agent reads it.
struct RetryBlock
{
    QString failedChild;
    QString outcome;
    QString task; // the whole task text, result contract included
    QString label;
    QString taskId;      // "task_id" of the result contract: the attempt the respawn becomes
    int attempt = 0;     // the `attempt: N/M` line (the retry's number)
    int nextAttempt = 0; // "Current attempt: N" of the contract (0 when it has none)

    // nullopt when `text` holds no retry block.
    static std::optional<RetryBlock> parse(const QString &text);
    // One retry of one attempt, whatever was sent how often: "<taskId>#<attempt>".
    QString key() const;
};

// The simulated world's counters, kept so that a test can check the console from the outside:
// what was spawned, which retry reached which orchestrator how often, what was cancelled, and
// what was posted.
struct WorldStats
{
    struct Spawn
    {
        int number = 0; // planned spawns count 1, 2, ...; others 0
        QString origin; // planned | duplicate | respawn | scripted
        QString label;
        int attempt = 1; // from the task's result contract, else 1
        QString childKey;
        QString parentKey;
        QString receiptTaskId;
        QString ending;
        QString status; // the session row's status, kept up to date
    };
    struct Retry
    {
        RetryBlock block;
        QString target;              // the session that got it
        int received = 0;            // sends (sessions.send or wake) carrying it
        QStringList idempotencyKeys; // distinct keys among those sends, in order
        int respawns = 0;            // how often the orchestrator acted on it
    };

    QList<Spawn> spawns;
    QMap<QString, Retry> retries;              // by RetryBlock::key()
    QMap<QString, QMap<QString, int>> cancels; // child key -> method -> calls
    int abortsWithClearQueued = 0;
    int abortsIgnored = 0;        // answered as done while the run went on (World::ignoreAborts)
    int answersAbortedAtOnce = 0; // World::abortAnswersAtOnce
    int abortsWithoutClearQueued = 0;
    int statusPosts = 0;
    int incidentPosts = 0;
    int duplicateNotices = 0; // spawners told why their duplicate was cancelled
    int operatorMessages = 0; // other sessions.send texts (answers, notes)
    int repeatedSends = 0;    // sends whose idempotencyKey was seen before (not acted on)
    int interruptedRuns = 0;

    // Counts one send of a retry block; returns its entry.
    Retry &noteRetry(const RetryBlock &block, const QString &target, const QString &idempotencyKey);
    QJsonObject toJson() const;
};

} // namespace clawops::sim
