#pragma once

// Value types that cross the thread boundary between the engine and the console. Everything here
// is copyable, owns its data and is registered as a metatype, so it can travel through queued
// signal/slot connections.

#include "core/Config.h"
#include "core/OperatorCommand.h"
#include "core/Records.h"
#include "core/TaskQuery.h"
#include "gateway/ConnectFailure.h"
#include "gateway/TransportPolicy.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace clawops::host {

// Rows of changes an engine keeps in memory while its store cannot be written (HeldChanges):
// a few hundred megabytes at most, minutes of a busy fleet.
constexpr qsizetype kDefaultHeldRowLimit = 200000;

// How the engine should run. Filled from the command line, the connect dialog and settings.
struct EngineSettings
{
    QUrl gatewayUrl;
    gateway::TransportOptions transport; // ws:// beyond this machine, certificate checks
    QString token; // the shared gateway token (empty: rely on a stored device token)
    // The store: a SQLite file, or postgresql://user@host:port/dbname (store/Location.h).
    QString databasePath;
    // PostgreSQL only, from the connect dialog or the keychain; empty lets libpq read
    // PGPASSFILE or ~/.pgpass. Never on the command line, never logged.
    QString databasePassword;
    QString identityDir;  // device key and issued device tokens (owner-only)
    QString operatorName; // recorded in the audit log
    core::EngineConfig config;
    bool connectToGateway = true; // false: the store only (browse history offline)
    // The leader lease of the store (store/Lease.h): one engine acts, the others follow. A lease
    // not renewed for this long passes to a follower; renewed every third of it.
    int leaseTtlMs = 10000;
    // Engines on different stores meet on the gateway's presence list (gateway/ClawOpsPresence.h):
    // start by taking over from any ClawOps acting there, rather than observing it.
    bool takeOver = false;
    // An observer whose acting ClawOps left the gateway takes over after this long, unless it
    // comes back first.
    int observerGraceMs = 10000;
    // On a store that tells its consoles what changed (PostgreSQL's LISTEN/NOTIFY), a console
    // still polls this often, for a notice lost with a connection; on one that cannot (SQLite),
    // it polls several times a second.
    int peerPollFallbackMs = 5000;
    // Rows of changes the engine keeps in memory while the store cannot be written (HeldChanges).
    qsizetype heldRowLimit = kDefaultHeldRowLimit;
    // Where the console says certificate checks are off (wss:// with verifyCertificates false).
    bool insecureTls() const
    {
        return !transport.verifyCertificates &&
               gatewayUrl.scheme().compare(QLatin1String("wss"), Qt::CaseInsensitive) == 0;
    }
};

enum class ConnectionPhase
{
    Offline,     // not asked to connect
    Connecting,  // opening the socket / waiting for the challenge
    Handshaking, // connect sent, waiting for hello-ok
    Resyncing,   // connected; re-reading state after a (re)connect or a gap
    Live,        // connected and in step with the gateway
    Backoff,     // lost; trying again shortly
    Stopped,     // will not retry until the operator acts (auth, pairing, protocol)
};

struct ConnectionStatus
{
    ConnectionPhase phase = ConnectionPhase::Offline;
    QString gatewayUrl;
    // What the operator let through and must keep seeing: certificate checks off on wss://, or
    // ws:// to another machine.
    bool certificatesUnchecked = false;
    bool unencryptedRemote = false;
    QString serverVersion;
    QString detail; // plain words for the status bar ("retrying in 4 s", ...)
    gateway::ConnectFailure failure = gateway::ConnectFailure::None; // what errorCode means
    QString errorCode;       // e.g. AUTH_TOKEN_MISMATCH, PAIRING_REQUIRED
    QString errorMessage;    // the gateway's own reason
    QString requestId;       // pairing request id to approve, when there is one
    QString nextStep;        // the gateway's recommendedNextStep
    qint64 roundTripMs = -1; // last measured, -1 unknown
    qint64 lastEventAtMs = 0;
    qint64 nextRetryAtMs = 0;
};

// Which part this console's engine plays on its store. Exactly one engine sharing a store acts:
// it holds the store's lease, ingests from the gateway, schedules and sends. The others follow:
// they ingest nothing, show the store as the acting engine writes it, and take over when its
// lease lapses.
enum class EngineRole
{
    Starting,         // the store is opening; no lease asked for yet
    Acting,           // holds the lease
    Following,        // another engine (holderHost) holds it
    StoreUnreachable, // the lease cannot be read or renewed; nothing is sent meanwhile
    // Another ClawOps engine, on a store of its own, acts on the same gateway (holderHost): this
    // one sends nothing and runs no scheduler, and shows what its store has.
    Observer,
};

// Another ClawOps console: on the same store (its roll call, store/Consoles.h), or for engines of
// different stores on the same gateway (its presence list), as the status bar names it.
struct PeerConsole
{
    QString operatorName; // empty where only the gateway's presence list names it
    QString host;
    EngineRole role = EngineRole::Following;

    bool operator==(const PeerConsole &) const = default;
};

struct RoleStatus
{
    EngineRole role = EngineRole::Starting;
    QString holderHost;     // Following: where the acting engine runs
    QString holderOperator; // Following: who runs it
    qint64 epoch = 0;       // the lease epoch this engine holds or last saw
    QString detail;         // StoreUnreachable, or changes held: the store's own words
    // Observer: the acting ClawOps left the gateway, and this engine takes over after the grace
    // unless it comes back.
    bool actingPeerLeft = false;
    // Acting or not: changes made and not yet written because the store could not take them;
    // they are written (under the lease epoch they were made at) as soon as it can.
    qsizetype heldChanges = 0;
    // Who else runs a console here, whatever this one's role.
    QList<PeerConsole> others{};

    bool operator==(const RoleStatus &) const = default;
};

// A queued retry as the retry queue view shows it.
struct RetryEntry
{
    core::TaskId taskId;
    QString label;
    core::SessionKey orchestratorSessionKey;
    int attempt = 0;
    int maxRetries = 0;
    core::RetryReason reason; // why the retry exists (the failed attempt's outcome, mostly)
    qint64 runAfterMs = 0;
    qint64 backoffMs = 0;
};

// How the retry queue changed. A queue that waits for free slots can hold thousands of retries,
// so a delta carries what changed, and the whole queue only when the console must start over
// (the first delta of a term, or after more changes than the queue is long).
struct RetryQueueChange
{
    bool whole = false;       // `queued` is the whole queue: every other row goes
    QList<RetryEntry> queued; // rows that joined the queue or changed, by task id
    QList<core::TaskId> left; // tasks whose retry left the queue
    int length = 0;           // the queue's length after the change
};

// What changed in one engine batch. Tasks are full rows: the console inserts rows it does not
// have and updates the ones it has. Counts are totals over the whole store after the batch.
struct EngineDelta
{
    QList<core::TaskRecord> tasks;
    QList<core::TransitionRecord> transitions;
    QList<core::AuditRecord> audits;
    // Committed in this batch; the first delta of a term carries the most recent ones stored.
    QList<core::PolicyViolationRecord> policyViolations;
    // Gateway approvals that appeared or closed in this batch, each as its whole record (never
    // stored: the gateway keeps them, and lists the pending ones again after a reconnect).
    QList<core::ApprovalRecord> approvals{};
    std::optional<core::StateCounts> stateCounts; // totals after the batch, when it has them
    std::optional<RetryQueueChange> retryQueue;   // when it changed
    bool retriesPaused = false;
    qint64 batchAtMs = 0;
    // Read from the shared store while following: another engine committed these.
    bool followed = false;
    // Every claim on an Inbox item, from any console, when they changed.
    std::optional<QList<core::ClaimRecord>> claims;
};

// A page of tasks for a table that pages through a large store, and the query it answers.
struct TaskPage
{
    core::TaskQuery request;
    QList<core::TaskRecord> rows;
    int totalMatching = 0;
    QString error; // empty on success
};

// Everything the detail panel shows for one task.
struct TaskDetail
{
    core::TaskRecord task;
    QList<core::TaskRecord> attempts;
    QList<core::TransitionRecord> transitions;
    // Every attempt's transitions, oldest first: what links one attempt to the next (the retry
    // messages) for the lineage.
    QList<core::TransitionRecord> attemptTransitions;
    QList<core::AuditRecord> audits;
    QList<core::SuppressedSpawnRecord> suppressed;
    bool found = false;
};

// Recent history for the console's timeline and charts, which are otherwise fed by deltas: the
// transitions since a moment and the task rows they belong to.
struct ActivityRequest
{
    qint64 sinceMs = 0;
    int maxTransitions = 20000;
    int maxTasks = 5000;
};

struct ActivitySnapshot
{
    ActivityRequest request;
    QList<core::TaskRecord> tasks;             // changed since sinceMs, plus every active task
    QList<core::TransitionRecord> transitions; // oldest first
    core::StateCounts stateCounts;             // totals as they stand after the last transition
    qint64 atMs = 0;                           // when the engine read it
    bool truncated = false;                    // the window held more than maxTransitions
    QString error;                             // empty on success
};

struct TranscriptLine
{
    QString role; // user | assistant | tool | system
    QString text;
    qint64 atMs = 0;
};

struct Transcript
{
    QString sessionKey;
    QList<TranscriptLine> lines;
    QString error; // e.g. offline, or the gateway's message
};

// How the engine stopped. Complete: every change the engine held is in the store and its
// threads have ended. Otherwise the stop gave up waiting at its deadline; the counts say what
// the store writer had not confirmed committed by then. The writer goes on with it in the
// background while the process lives; a transaction cut short by the process ending never
// reaches the store (SQLite rolls it back), so what is in the store stays whole.
struct ShutdownReport
{
    bool complete = true;
    int uncommittedBatches = 0;
    int uncommittedTasks = 0; // task rows in those batches
    int uncommittedTransitions = 0;
    int uncommittedAudits = 0;
    qint64 elapsedMs = 0;
    QString problem; // for the log; empty when complete
};

} // namespace clawops::host

Q_DECLARE_METATYPE(clawops::host::EngineSettings)
Q_DECLARE_METATYPE(clawops::host::ConnectionStatus)
Q_DECLARE_METATYPE(clawops::host::RoleStatus)
Q_DECLARE_METATYPE(clawops::host::EngineDelta)
Q_DECLARE_METATYPE(clawops::core::TaskQuery)
Q_DECLARE_METATYPE(clawops::host::TaskPage)
Q_DECLARE_METATYPE(clawops::host::TaskDetail)
Q_DECLARE_METATYPE(clawops::host::ActivityRequest)
Q_DECLARE_METATYPE(clawops::host::ActivitySnapshot)
Q_DECLARE_METATYPE(clawops::host::Transcript)
Q_DECLARE_METATYPE(clawops::core::OperatorCommand)
Q_DECLARE_METATYPE(clawops::core::CommandResult)
Q_DECLARE_METATYPE(clawops::core::EngineConfig)
