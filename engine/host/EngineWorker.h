#pragma once

#include "GatewaySink.h"
#include "HeldChanges.h"
#include "HostTypes.h"
#include "core/Clock.h"
#include "store/Lease.h"
#include "store/PeerNews.h"
#include "store/StoreWriter.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace clawops::core {
class Orchestrator;
}
namespace clawops::store {
class Store;
} // namespace clawops::store

namespace clawops::host {

class AnswerOutlet;
class GatewayLink;

// The engine as it runs inside its thread: the store (its SQL connection opened here), the core,
// the gateway link, and the timers that drive them. Events are applied to the core as they
// arrive; their changes are committed in one transaction per batch, and one delta per batch goes
// out to the console once the batch is committed.
//
// Commits run on the store writer's thread, one batch at a time (group commit): while a batch is
// being written, changes keep accumulating in the core and go out as the next batch the moment
// the writer is done. Under load batches grow by themselves and this thread never waits on
// SQLite; at low load a change is committed within the batch window.
//
// The requests are EngineApi's (EngineHost calls them in this thread); every answer leaves
// through the AnswerOutlet as one of EngineAnswers' signals.
//
// Several consoles may share one store; only the engine holding the store's lease acts (see
// RoleStatus). It renews the lease every third of its TTL, and every transaction it commits
// extends it at its epoch or is refused (the fence). An acting engine that cannot show a renewal
// younger than the TTL, or whose write was refused, sends nothing more and follows: it drops its
// core and its gateway connection, shows the store as the acting engine writes it, and asks for
// the lease again every third of the TTL. Taking the lease, it rebuilds its core from the store
// and resyncs from the gateway, as a restart would.
class EngineWorker : public QObject, private GatewaySink
{
    Q_OBJECT

public:
    explicit EngineWorker(std::shared_ptr<const AnswerOutlet> answers, QObject *parent = nullptr);
    ~EngineWorker() override;

    void start(const clawops::host::EngineSettings &settings);
    // Commits what it can before the deadline, then stops the gateway link and the store
    // writer. A writer still committing at the deadline is not waited for: it is left to finish
    // on its own, and the report says what it had not confirmed.
    ShutdownReport shutdown(QDeadlineTimer deadline);

    void executeCommand(quint64 requestId, const clawops::core::OperatorCommand &command);
    void fetchTaskPage(quint64 requestId, const clawops::core::TaskQuery &request);
    void fetchTaskDetail(quint64 requestId, const clawops::core::TaskId &taskId);
    void fetchTranscript(quint64 requestId, const clawops::core::SessionKey &sessionKey,
                         int maxLines);
    void fetchActivity(quint64 requestId, const clawops::host::ActivityRequest &request);
    void reconnectGateway(const QUrl &gatewayUrl, const QString &token);
    void disconnectGateway();
    void applyConfig(const clawops::core::EngineConfig &config);
    // The operator takes over from the ClawOps this observer watches (see presenceSeen).
    void takeOver();

private:
    // A command's reply waits for the commit of the batch holding its changes, so the console
    // sees the delta first and can read the store right away.
    struct FinishedCommand
    {
        quint64 requestId = 0;
        core::OperatorCommand command;
        core::CommandResult result;
    };
    // A command this console sent while its engine followed: queued in the store for the acting
    // engine, its result read back from there.
    struct QueuedRemotely
    {
        quint64 requestId = 0;
        core::OperatorCommand command;
        qint64 rowId = 0;
        qint64 queuedAtMs = 0; // m_steady's clock
    };
    // What a batch handed to the writer holds, for the shutdown report.
    struct BatchSize
    {
        int tasks = 0;
        int transitions = 0;
        int audits = 0;
    };

    // GatewaySink
    void feed(const QList<core::DomainEvent> &events,
              const QList<gateway::ActionOutcome> &outcomes) override;
    qint64 nowMs() const override { return m_clock.now(); }
    void reportStatus(const ConnectionStatus &status) override;
    // Team operation: the command queue and the claims, every kCommandPollMs (or, where the
    // store tells of them, as a fallback only).
    void onCommandTimer();
    // Another console's news through the store, gathered for a moment so that a burst of
    // commits costs one read.
    void onPeerNews(store::PeerNews news);
    void actOnPeerNews();
    // Fast polls where the store cannot tell of changes, slow ones where it can.
    void choosePollIntervals();
    // Acting: takes what other consoles queued and runs it as this console's own commands; the
    // results go into the batch that holds their changes.
    void runQueuedCommands();
    // This console's commands queued for the acting engine: answers those that have a result,
    // withdraws those nobody took in time.
    void pollQueuedCommands();
    void queueForActingEngine(quint64 requestId, const core::OperatorCommand &command);
    void answerQueued(const QueuedRemotely &queued, const core::CommandResult &result);
    // Claims are written by any console, directly: they are annotations, not fleet actions.
    void executeClaim(quint64 requestId, const core::OperatorCommand &command);
    // Reads the claims and sends them in a delta when they changed (or always, with `force`).
    void publishClaims(bool force);
    std::optional<QList<core::ClaimRecord>> readClaims() const;
    // The core's changes and the completions of queued commands they carry out, as one batch.
    core::ChangeSet takeBatch();
    void deliverTranscript(quint64 requestId, const Transcript &transcript) override;
    // Another ClawOps engine on a store of its own may act on the same gateway. Acting, this
    // engine holds every action the moment a rival that outranks it shows up and steps down to
    // observer; observing, it notes whether the acting one is still there and takes over a grace
    // after it left.
    void presenceSeen(const QList<gateway::PresencePeer> &peers) override;
    void observe(const gateway::PresenceMarker &rival);
    void startObserving();
    void onObserverGraceOver();
    QString storeIdentity() const;

    bool openStore(const EngineSettings &settings);
    void startTimers(const EngineSettings &settings);
    // The lease timer: renews while acting, asks for the lease while not.
    void onLeaseTimer();
    void tryToAct();
    // Rebuilds the core from the store and connects to the gateway; false when the store could
    // not be read (the engine then follows).
    bool becomeActing(const store::LeaseState &lease, qint64 askedAtMs);
    // Stops acting at once: no action leaves from here on. What the core changed and did not
    // commit goes to the writer with the old fence, which writes it only if nobody took over.
    void stepDown(const RoleStatus &next, const QString &why);
    // Whether the last renewal the store confirmed is recent enough that no other engine can
    // have taken the lease: measured from when that renewal was submitted, on this host's
    // monotonic clock, with a margin for clocks that run at slightly different rates.
    bool leaseIsCurrent() const;
    // Takes the other consoles from what the roll call and presence last said.
    void setRole(const RoleStatus &next);
    void logRole(const RoleStatus &role);
    // Says this console is on the store and reads who else is (every third of the TTL).
    void rollCall();
    // Following whoever the store names as holder, or the store unreachable.
    RoleStatus roleFromStore();
    void startFollowing();
    // A follower's poll of the shared store: what the acting engine committed since, as a delta.
    void pollStore();
    qint64 steadyNowMs() const { return m_steady.elapsed(); }
    int leaseMarginMs() const;
    void scheduleFlush();
    void tick();
    // Hands whatever the core changed to the store writer (or, while a batch is in flight, marks
    // it for the next one); also called by the batch timer. The delta follows the commit.
    void flush();
    void dispatchActions();
    void publishRetryQueue(EngineDelta &delta);
    QList<core::PolicyViolationRecord> recentPolicyViolations() const;
    void takeCommitResults();
    void finishBatch(store::StoreWriter::Result result);
    // A batch the store did not take: held for the next one, and the console told.
    void holdUnwritten(store::StoreWriter::Result &result);
    // Not acting, with changes held from an earlier term: written under their old fence before
    // the lease is asked for (taking it moves the epoch on, and they could never be written).
    // False while the store still cannot take them.
    bool writeHeldBeforeActing();
    // The engine's own connection, opened again after the store was unreachable.
    bool reopenStore();
    void submit(core::ChangeSet changes);
    void replyToCommands(QList<FinishedCommand> &commands);
    // Waits for the writer until every change the core holds is committed (or the deadline).
    // Returns whether it got there.
    bool commitEverything(QDeadlineTimer deadline);
    // The writer is stuck in a commit past the deadline: queue what the core still holds, then
    // let the writer finish without this thread. Fills in what was not confirmed committed.
    void abandonWriter(ShutdownReport &report);
    // The store refused the held changes to the end: the report says what they were.
    void reportHeld(ShutdownReport &report);

    std::shared_ptr<const AnswerOutlet> m_answers;
    core::SystemClock m_clock;
    core::SystemRandom m_random;
    EngineSettings m_settings;
    // The engine's own connection: the core's archive and the console's reads. Writes go
    // through m_writer's connection.
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<store::StoreWriter> m_writer;
    std::unique_ptr<core::Orchestrator> m_core;
    std::unique_ptr<GatewayLink> m_link;
    QTimer *m_tickTimer = nullptr;
    QTimer *m_flushTimer = nullptr;
    QTimer *m_leaseTimer = nullptr;
    QTimer *m_followTimer = nullptr;
    QTimer *m_graceTimer = nullptr;
    // What this engine tells the others on the gateway about itself (client.instanceId).
    gateway::PresenceMarker m_marker;
    // A rival outranks this engine: nothing leaves until it has stepped down.
    bool m_presenceHold = false;
    QTimer *m_commandTimer = nullptr;
    int m_commandPolls = 0;
    QTimer *m_peerNewsTimer = nullptr;
    unsigned m_peerNews = 0; // heard, not yet acted on: a bit per store::PeerNews
    QList<QueuedRemotely> m_queuedRemotely;
    // Results of queued commands this engine ran, for the next batch.
    QList<core::CommandCompletion> m_completionsWaiting;
    HeldChanges m_held{kDefaultHeldRowLimit};
    QTimer *m_heldRetryTimer = nullptr; // held changes are tried again at most this often
    store::OpenOptions m_storeOptions;
    bool m_storeSuspect = false; // a read failed: the connection is opened again before the next
    QList<core::ClaimRecord> m_claims; // as last published
    QList<PeerConsole> m_storePeers;   // the store's roll call, this console left out
    QList<PeerConsole> m_gatewayPeers; // ClawOps of other stores on the gateway's presence list
    store::LeaseHolder m_holder;
    std::optional<store::Fence> m_fence; // set while acting
    RoleStatus m_role;
    QElapsedTimer m_steady;
    qint64 m_leaseConfirmedUntilMs = 0; // m_steady's clock
    qint64 m_inFlightSubmittedAtMs = 0;
    bool m_renewWanted = false;
    // Following: the last transition and policy violation rows shown, and the task rows shown
    // lately with the updated_at they had, so a poll sends what changed only.
    qint64 m_followedTransitionId = 0;
    qint64 m_followedViolationId = 0;
    qint64 m_followedTasksSinceMs = 0;
    QHash<QString, qint64> m_followedTasks;
    core::StateCounts m_stateCounts;
    bool m_batchInFlight = false;
    bool m_flushWanted = false;                // flush() came while a batch was in flight
    BatchSize m_inFlight;                      // the batch with the writer
    QList<FinishedCommand> m_commandsWaiting;  // changes not yet submitted
    QList<FinishedCommand> m_commandsInFlight; // changes in the batch being written
};

} // namespace clawops::host
