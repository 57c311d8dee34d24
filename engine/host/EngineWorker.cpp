#include "EngineWorker.h"

#include "AnswerOutlet.h"
#include "GatewayLink.h"
#include "core/CommandCodec.h"
#include "core/Logging.h"
#include "core/Orchestrator.h"
#include "store/Store.h"
#include "store/StoreWriter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>

#include <thread>
#include <utility>

namespace clawops::host {

namespace {
// Events arriving within this window share one transaction and one delta: a burst of frames
// becomes a handful of commits instead of thousands.
constexpr int kBatchWindowMs = 5;
// While the store refuses writes, held changes are tried again this often, not every batch.
constexpr int kHeldRetryMs = 1000;
// A follower reads the shared store this often, at most this many rows of each kind a time.
constexpr int kFollowPollMs = 1000;
constexpr int kFollowMaxRows = 5000;
constexpr qint64 kFollowClockSlackMs = 3000;
// The command queue of the consoles sharing a store: the acting engine takes what others queued
// and a console waiting for a result looks this often; the claims are read every few looks.
constexpr int kCommandPollMs = 200;
constexpr int kQueuedCommandsPerPoll = 100;
constexpr int kClaimPollEvery = 5;
// Notices arriving within this long are acted on together.
constexpr int kPeerNewsGatherMs = 20;

constexpr unsigned newsBit(store::PeerNews news)
{
    return 1U << static_cast<unsigned>(news);
}

// How many stored policy violations the console gets when it starts; later ones come with each
// batch.
constexpr int kInitialPolicyViolations = 500;

// A writer stuck in a commit finishes on a thread of its own: destroying it there commits what
// it still has queued, closes its connection and joins its thread, without holding up ours.
void letFinishAlone(std::unique_ptr<store::StoreWriter> writer)
{
    // It belonged to this thread's event loop; belonging to none, it may be destroyed anywhere.
    writer->moveToThread(nullptr);
    std::thread([finishing = std::move(writer)]() mutable { finishing.reset(); }).detach();
}

} // namespace

// Of the lease's TTL, this share is not counted on: a host whose clock runs a little fast next to
// the database's must stop sending before the lease can pass to another engine.
int EngineWorker::leaseMarginMs() const
{
    return m_settings.leaseTtlMs / 10;
}

EngineWorker::EngineWorker(std::shared_ptr<const AnswerOutlet> answers, QObject *parent)
    : QObject(parent)
    , m_answers(std::move(answers))
{}

EngineWorker::~EngineWorker() = default;

void EngineWorker::start(const EngineSettings &settings)
{
    m_settings = settings;
    m_steady.start();
    m_holder = store::makeLeaseHolder(settings.operatorName);
    if (!openStore(settings))
        return;
    m_marker.engineId = QString::number(QRandomGenerator::system()->generate64(), 36);
    m_marker.storeId = storeIdentity();
    m_marker.host = m_holder.host;
    m_marker.state =
        settings.takeOver ? gateway::PeerState::TakingOver : gateway::PeerState::Acting;
    m_marker.sinceMs = QDateTime::currentMSecsSinceEpoch();
    startTimers(settings);
    m_answers->send(&EngineAnswers::started, m_store->path());
    tryToAct();
    rollCall();
    if (m_role.role != EngineRole::Acting) {
        // The console's first delta while following: the store's counts as they stand.
        EngineDelta initial;
        if (const auto counts = m_store->countByState(); counts.isOk())
            initial.stateCounts = counts.value();
        initial.policyViolations = recentPolicyViolations();
        initial.claims = readClaims();
        m_claims = initial.claims.value_or(QList<core::ClaimRecord>{});
        initial.batchAtMs = m_clock.now();
        initial.followed = true;
        m_answers->send(&EngineAnswers::delta, initial);
    }
}

bool EngineWorker::openStore(const EngineSettings &settings)
{
    m_store = std::make_unique<store::Store>();
    store::OpenOptions options;
    options.password = settings.databasePassword;
    m_storeOptions = options;
    m_storeOptions.fullCheckMaxBytes = 0; // checked once, at start-up
    m_held = HeldChanges(settings.heldRowLimit);
    m_store->listenToPeers([this](store::PeerNews news) { onPeerNews(news); });
    if (const store::StoreError error = m_store->open(settings.databasePath, options)) {
        m_store.reset();
        qCCritical(lcHost).noquote() << error.message;
        m_answers->send(&EngineAnswers::failed, error.message);
        return false;
    }
    // The writer's connection opens after the engine's, which has inspected and migrated the
    // file; a full quick_check again would only double the start-up cost of a big store.
    store::OpenOptions writerOptions;
    writerOptions.fullCheckMaxBytes = 0;
    writerOptions.password = settings.databasePassword;
    m_writer = std::make_unique<store::StoreWriter>();
    if (const store::StoreError error = m_writer->start(m_store->path(), writerOptions)) {
        m_writer.reset();
        m_store.reset(); // nothing runs on it: no timers, and no notices to hear
        qCCritical(lcHost).noquote() << error.message;
        m_answers->send(&EngineAnswers::failed, error.message);
        return false;
    }
    connect(m_writer.get(), &store::StoreWriter::resultReady, this,
            &EngineWorker::takeCommitResults);
    return true;
}

void EngineWorker::startTimers(const EngineSettings &settings)
{
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kBatchWindowMs);
    connect(m_flushTimer, &QTimer::timeout, this, &EngineWorker::flush);
    m_tickTimer = new QTimer(this);
    m_tickTimer->setInterval(settings.config.schedulerTickMs);
    connect(m_tickTimer, &QTimer::timeout, this, &EngineWorker::tick);
    m_heldRetryTimer = new QTimer(this);
    m_heldRetryTimer->setSingleShot(true);
    m_heldRetryTimer->setInterval(kHeldRetryMs);
    connect(m_heldRetryTimer, &QTimer::timeout, this, [this] {
        if (m_role.role == EngineRole::Acting)
            flush();
    });
    m_leaseTimer = new QTimer(this);
    m_leaseTimer->setInterval(qMax(1, settings.leaseTtlMs / 3));
    connect(m_leaseTimer, &QTimer::timeout, this, &EngineWorker::onLeaseTimer);
    m_leaseTimer->start();
    m_followTimer = new QTimer(this);
    m_followTimer->setInterval(kFollowPollMs);
    connect(m_followTimer, &QTimer::timeout, this, &EngineWorker::pollStore);
    m_graceTimer = new QTimer(this);
    m_graceTimer->setSingleShot(true);
    m_graceTimer->setInterval(qMax(0, settings.observerGraceMs));
    connect(m_graceTimer, &QTimer::timeout, this, &EngineWorker::onObserverGraceOver);
    m_commandTimer = new QTimer(this);
    m_commandTimer->setInterval(kCommandPollMs);
    connect(m_commandTimer, &QTimer::timeout, this, &EngineWorker::onCommandTimer);
    m_commandTimer->start();
    m_peerNewsTimer = new QTimer(this);
    m_peerNewsTimer->setSingleShot(true);
    m_peerNewsTimer->setInterval(kPeerNewsGatherMs);
    connect(m_peerNewsTimer, &QTimer::timeout, this, &EngineWorker::actOnPeerNews);
    choosePollIntervals();
}

void EngineWorker::choosePollIntervals()
{
    const bool hears = m_store && m_store->hearsPeers();
    m_followTimer->setInterval(hears ? m_settings.peerPollFallbackMs : kFollowPollMs);
    m_commandTimer->setInterval(hears ? m_settings.peerPollFallbackMs : kCommandPollMs);
}

void EngineWorker::onPeerNews(store::PeerNews news)
{
    if (!m_peerNewsTimer)
        return; // not started
    m_peerNews |= newsBit(news);
    if (!m_peerNewsTimer->isActive())
        m_peerNewsTimer->start();
}

void EngineWorker::actOnPeerNews()
{
    const unsigned news = std::exchange(m_peerNews, 0U);
    if (!m_store)
        return;
    const bool following = m_role.role != EngineRole::Acting;
    if (news & newsBit(store::PeerNews::Changes)) {
        // Only once following has set where it left off; its start reads what is there.
        if (following && m_followTimer->isActive())
            pollStore();
        if (!m_queuedRemotely.isEmpty())
            pollQueuedCommands();
    }
    if ((news & newsBit(store::PeerNews::Commands)) && !following && m_core)
        runQueuedCommands();
    // Another console's claim, or a commit that resolved a claimed item (which releases its
    // claim). The acting engine knows the latter from its own commits (finishBatch).
    if ((news & newsBit(store::PeerNews::Claims)) ||
        (following && (news & newsBit(store::PeerNews::Changes))))
        publishClaims(false);
}

// Engines sharing a store settle who acts with its lease; the presence guard is for engines of
// different stores. A SQLite file is named by its host and path, PostgreSQL by its URL.
QString EngineWorker::storeIdentity() const
{
    const QString path = m_store->path();
    const QString name = path.startsWith(QLatin1String("postgresql:"))
                             ? path
                             : m_holder.host + QLatin1Char('\n') + path;
    return QString::fromLatin1(
        QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex().left(12));
}

bool EngineWorker::leaseIsCurrent() const
{
    return m_fence && steadyNowMs() < m_leaseConfirmedUntilMs;
}

namespace {

QString roleName(EngineRole role)
{
    switch (role) {
    case EngineRole::Starting:
        return QStringLiteral("starting");
    case EngineRole::Acting:
        return QStringLiteral("acting");
    case EngineRole::Following:
        return QStringLiteral("following");
    case EngineRole::StoreUnreachable:
        return QStringLiteral("unreachable");
    case EngineRole::Observer:
        return QStringLiteral("observer");
    }
    return {};
}

EngineRole roleFromName(const QString &name)
{
    for (const EngineRole role : {EngineRole::Starting, EngineRole::Acting, EngineRole::Following,
                                  EngineRole::StoreUnreachable, EngineRole::Observer}) {
        if (roleName(role) == name)
            return role;
    }
    return EngineRole::Following;
}

} // namespace

void EngineWorker::rollCall()
{
    if (!m_store)
        return;
    if (m_storeSuspect) {
        // Who else is there is unknown while the store does not answer.
        if (!m_storePeers.isEmpty()) {
            m_storePeers.clear();
            setRole(m_role);
        }
        return;
    }
    // Listed for two renewals: one lost write does not drop this console from the others' lists.
    const store::ConsolePresence me{m_holder.id, m_holder.operatorName, m_holder.host,
                                    roleName(m_role.role)};
    if (const store::StoreError error = m_store->sayPresent(me, 2 * m_settings.leaseTtlMs)) {
        qCInfo(lcHost).noquote() << "roll call not answered:" << error.message;
        return;
    }
    const store::StoreResult<QList<store::ConsolePresence>> present =
        m_store->consolesPresent(m_holder.id);
    if (!present.isOk())
        return;
    QList<PeerConsole> peers;
    for (const store::ConsolePresence &console : present.value())
        peers.append(PeerConsole{console.operatorName, console.host, roleFromName(console.role)});
    if (peers == m_storePeers)
        return;
    m_storePeers = std::move(peers);
    setRole(m_role);
}

void EngineWorker::onLeaseTimer()
{
    rollCall();
    if (!m_store || m_role.role == EngineRole::Observer)
        return; // an observer acts again through presence (takeOver), not the lease
    if (m_storeSuspect)
        reopenStore(); // failing, it stays suspect; what follows says the store is unreachable
    if (m_role.role != EngineRole::Acting) {
        tryToAct();
        return;
    }
    if (!leaseIsCurrent()) {
        stepDown(roleFromStore(), QStringLiteral("the lease was not renewed within its TTL"));
        return;
    }
    // Any commit renews; when none is under way, an empty one does.
    m_renewWanted = true;
    flush();
}

void EngineWorker::tryToAct()
{
    if (!writeHeldBeforeActing())
        return;
    const qint64 askedAt = steadyNowMs();
    const store::StoreResult<store::LeaseState> lease =
        m_store->acquireLease(m_holder, m_settings.leaseTtlMs);
    if (!lease.isOk()) {
        m_storeSuspect = true;
        setRole(RoleStatus{
            EngineRole::StoreUnreachable, {}, {}, 0, lease.error().message, false, m_held.rows()});
        startFollowing();
        return;
    }
    if (lease.value().held) {
        if (becomeActing(lease.value(), askedAt))
            return;
        // Without a core there is nothing to act with; let the lease lapse to someone who can.
        m_store->releaseLease(*std::exchange(m_fence, std::nullopt));
        m_writer->setFence(std::nullopt);
        return;
    }
    setRole(RoleStatus{EngineRole::Following,
                       lease.value().holderHost,
                       lease.value().operatorName,
                       lease.value().epoch,
                       {},
                       false});
    startFollowing();
}

bool EngineWorker::becomeActing(const store::LeaseState &lease, qint64 askedAtMs)
{
    m_followTimer->stop();
    m_fence = store::Fence{m_holder.id, lease.epoch, m_settings.leaseTtlMs};
    m_leaseConfirmedUntilMs = askedAtMs + m_settings.leaseTtlMs - leaseMarginMs();
    // Batches of an earlier term are fenced at their old epoch; none may be mistaken for ours.
    m_writer->waitIdle(QDeadlineTimer(m_settings.leaseTtlMs));
    takeCommitResults();
    m_writer->setFence(m_fence);

    store::StoreResult<core::Snapshot> loaded = m_store->loadSnapshot();
    if (!loaded.isOk()) {
        qCCritical(lcHost).noquote() << loaded.error().message;
        setRole(RoleStatus{
            EngineRole::StoreUnreachable, {}, {}, lease.epoch, loaded.error().message, false});
        return false;
    }
    m_core =
        std::make_unique<core::Orchestrator>(m_settings.config, m_clock, m_random, m_store.get());
    m_core->rehydrate(std::move(loaded).value());
    m_stateCounts = m_store->countByState().value();
    m_tickTimer->start();

    m_presenceHold = false;
    m_link = std::make_unique<GatewayLink>(static_cast<GatewaySink &>(*this), m_settings);
    m_link->setPresence(m_marker, false);
    m_link->trackWhatTheEngineKnows(*m_core, *m_store);
    setRole(RoleStatus{
        EngineRole::Acting, m_holder.host, m_holder.operatorName, lease.epoch, {}, false});
    if (m_settings.connectToGateway && m_settings.gatewayUrl.isValid())
        m_link->connectToGateway();
    else
        m_link->publishOffline();

    // The console's first delta of this term: counts and the retry queue as they stand.
    EngineDelta initial;
    initial.stateCounts = m_stateCounts;
    initial.policyViolations = recentPolicyViolations();
    initial.claims = readClaims();
    m_claims = initial.claims.value_or(QList<core::ClaimRecord>{});
    initial.batchAtMs = m_clock.now();
    publishRetryQueue(initial);
    m_answers->send(&EngineAnswers::delta, initial);
    // Commands the other consoles queued while nobody acted need no notice to be run.
    onPeerNews(store::PeerNews::Commands);
    return true;
}

void EngineWorker::stepDown(const RoleStatus &next, const QString &why)
{
    if (m_role.role != EngineRole::Acting)
        return;
    qCWarning(lcHost).noquote() << "stepping down from acting (epoch"
                                << (m_fence ? m_fence->epoch : 0) << "):" << why;
    // From here on nothing leaves: the role says so before anything else runs.
    setRole(next);
    m_tickTimer->stop();
    m_flushTimer->stop();
    m_renewWanted = false;
    if (m_core) {
        const qsizetype dropped = m_core->takeActions().size();
        if (dropped > 0)
            qCWarning(lcHost) << "dropped" << dropped << "action(s) not sent before stepping down";
        // Still under the old fence, and sent even when empty: the store's answer says in the
        // log whether another engine took over (refused) or nobody did (renewed, and this
        // engine takes the lease back at its next attempt).
        m_writer->submit(takeBatch());
    }
    m_writer->setFence(std::nullopt);
    m_fence.reset();
    if (m_link) {
        m_link->shutdown();
        m_link.reset();
    }
    m_core.reset();
    replyToCommands(m_commandsWaiting);
    ConnectionStatus offline;
    offline.phase = ConnectionPhase::Offline;
    offline.gatewayUrl = m_settings.gatewayUrl.toString();
    offline.detail =
        next.role == EngineRole::Observer ? tr("observing") : tr("following the acting console");
    m_answers->send(&EngineAnswers::connectionChanged, offline);
    startFollowing();
}

bool EngineWorker::reopenStore()
{
    // Nothing else holds a statement of this connection across event-loop turns: the core and
    // the link read through m_store, which prepares its statements again on open.
    if (const store::StoreError error = m_store->open(m_settings.databasePath, m_storeOptions)) {
        qCWarning(lcHost).noquote() << "store still unreachable:" << error.message;
        return false;
    }
    qCInfo(lcHost) << "store connection opened again";
    m_storeSuspect = false;
    // News sent while the connection was down is lost: read what it would have said.
    choosePollIntervals();
    onPeerNews(store::PeerNews::Changes);
    onPeerNews(store::PeerNews::Commands);
    onPeerNews(store::PeerNews::Claims);
    return true;
}

bool EngineWorker::writeHeldBeforeActing()
{
    if (m_batchInFlight) {
        m_writer->waitIdle(QDeadlineTimer(m_settings.leaseTtlMs));
        takeCommitResults(); // a batch that fails lands in m_held
    }
    if (m_held.isEmpty())
        return true;
    const qsizetype rows = m_held.rows();
    const std::optional<store::Fence> fence = m_held.fence();
    m_writer->setFence(fence);
    m_writer->submit(m_held.takeWith({}));
    m_writer->setFence(std::nullopt);
    m_batchInFlight = true;
    m_writer->waitIdle(QDeadlineTimer(m_settings.leaseTtlMs));
    takeCommitResults();
    if (!m_held.isEmpty()) {
        setRole(RoleStatus{EngineRole::StoreUnreachable,
                           {},
                           {},
                           fence ? fence->epoch : 0,
                           m_role.detail,
                           false,
                           m_held.rows()});
        return false;
    }
    // Written, or refused by the fence because another engine acts now (and dropped: that
    // engine resynced from the gateway).
    qCInfo(lcHost) << rows << "rows of changes held from lease epoch" << (fence ? fence->epoch : 0)
                   << "are settled";
    return true;
}

RoleStatus EngineWorker::roleFromStore()
{
    const store::StoreResult<store::LeaseState> lease = m_store->readLease();
    if (!lease.isOk()) {
        m_storeSuspect = true;
        return RoleStatus{EngineRole::StoreUnreachable, {},    {},           0,
                          lease.error().message,        false, m_held.rows()};
    }
    // Still our own name when nobody took over yet; the next attempt takes it back then.
    return RoleStatus{EngineRole::Following,
                      lease.value().holderHost,
                      lease.value().operatorName,
                      lease.value().epoch,
                      {},
                      false};
}

void EngineWorker::setRole(const RoleStatus &next)
{
    RoleStatus role = next;
    role.others = m_storePeers + m_gatewayPeers;
    if (role == m_role)
        return;
    const bool roleChanged = role.role != m_role.role || role.holderHost != m_role.holderHost;
    m_role = role;
    if (roleChanged)
        logRole(role);
    m_answers->send(&EngineAnswers::roleChanged, role);
}

void EngineWorker::logRole(const RoleStatus &role)
{
    switch (role.role) {
    case EngineRole::Acting:
        qCInfo(lcHost).noquote() << "role: acting, lease epoch" << role.epoch;
        break;
    case EngineRole::Following:
        qCInfo(lcHost).noquote() << "role: following" << role.holderHost << "operator"
                                 << role.holderOperator << "lease epoch" << role.epoch;
        break;
    case EngineRole::StoreUnreachable:
        qCWarning(lcHost).noquote() << "role: store unreachable:" << role.detail;
        break;
    case EngineRole::Observer:
        qCInfo(lcHost).noquote() << "role: observer of ClawOps on" << role.holderHost
                                 << (role.actingPeerLeft ? "(left the gateway)" : "(acting)");
        break;
    case EngineRole::Starting:
        break;
    }
}

void EngineWorker::startFollowing()
{
    if (m_followTimer->isActive())
        return;
    const store::StoreResult<qint64> last = m_store->lastTransitionId();
    if (!last.isOk())
        return; // the next lease attempt says the store is unreachable, and retries
    const store::StoreResult<qint64> lastViolation = m_store->lastPolicyViolationId();
    if (!lastViolation.isOk())
        return;
    m_followedTransitionId = last.value();
    m_followedViolationId = lastViolation.value();
    m_followedTasksSinceMs = m_clock.now();
    m_followedTasks.clear();
    m_followTimer->start();
}

void EngineWorker::pollStore()
{
    if (!m_store || m_role.role == EngineRole::Acting) {
        m_followTimer->stop();
        return;
    }
    const store::StoreResult<store::RowsAfter<core::TransitionRecord>> fresh =
        m_store->transitionsAfter(m_followedTransitionId, kFollowMaxRows);
    const store::StoreResult<store::RowsAfter<core::PolicyViolationRecord>> violations =
        m_store->policyViolationsAfter(m_followedViolationId, kFollowMaxRows);
    // Rows are stamped with the acting engine's clock; a window reaching back a few seconds
    // takes in rows a clock running slightly behind ours wrote, and what was shown is skipped.
    const store::StoreResult<QList<core::TaskRecord>> tasks =
        m_store->tasksUpdatedSince(m_followedTasksSinceMs - kFollowClockSlackMs, kFollowMaxRows);
    if (!fresh.isOk() || !tasks.isOk() || !violations.isOk())
        return;
    EngineDelta out;
    out.followed = true;
    out.transitions = fresh.value().rows;
    m_followedTransitionId = fresh.value().lastId;
    out.policyViolations = violations.value().rows;
    m_followedViolationId = violations.value().lastId;
    // A read that hit its cap left rows behind: read on at once rather than at the next notice.
    if (out.transitions.size() >= kFollowMaxRows || tasks.value().size() >= kFollowMaxRows ||
        out.policyViolations.size() >= kFollowMaxRows)
        onPeerNews(store::PeerNews::Changes);
    QHash<QString, qint64> shown;
    for (const core::TaskRecord &task : tasks.value()) {
        shown.insert(task.taskId, task.updatedAt);
        m_followedTasksSinceMs = qMax(m_followedTasksSinceMs, qint64(task.updatedAt));
        if (m_followedTasks.value(task.taskId, -1) != task.updatedAt)
            out.tasks.append(task);
    }
    m_followedTasks = std::move(shown);
    if (out.transitions.isEmpty() && out.tasks.isEmpty() && out.policyViolations.isEmpty())
        return;
    if (!out.transitions.isEmpty()) {
        if (const auto counts = m_store->countByState(); counts.isOk()) {
            m_stateCounts = counts.value();
            out.stateCounts = m_stateCounts;
        }
    }
    out.batchAtMs = m_clock.now();
    m_answers->send(&EngineAnswers::delta, out);
}

namespace {

// How the audit log names what an action outcome reports on.
QString actionName(gateway::ActionOutcome::Kind kind)
{
    switch (kind) {
    case gateway::ActionOutcome::Kind::Send:
        return QStringLiteral("send");
    case gateway::ActionOutcome::Kind::Cancel:
        return QStringLiteral("cancel");
    case gateway::ActionOutcome::Kind::Approval:
        return QStringLiteral("approval");
    }
    return QStringLiteral("action");
}

} // namespace

void EngineWorker::feed(const QList<core::DomainEvent> &events,
                        const QList<gateway::ActionOutcome> &outcomes)
{
    if (m_core && m_role.role == EngineRole::Acting) {
        for (const core::DomainEvent &event : events)
            m_core->handle(event);
        for (const gateway::ActionOutcome &outcome : outcomes) {
            m_core->noteActionOutcome(
                actionName(outcome.kind), core::TaskId(outcome.taskId), outcome.ok, outcome.outcome,
                (outcome.kind == gateway::ActionOutcome::Kind::Approval ? outcome.actionKey
                                                                        : outcome.sessionKey) +
                    QStringLiteral(": ") + outcome.detail);
            // A send that did not reach the gateway keeps its retry queued (issue 12, defect 1).
            if (outcome.kind == gateway::ActionOutcome::Kind::Send && !outcome.ok)
                m_core->handle(core::SendFailed{core::TaskId(outcome.taskId), outcome.actionKey,
                                                outcome.detail});
        }
    }
    scheduleFlush();
}

void EngineWorker::reportStatus(const ConnectionStatus &status)
{
    m_answers->send(&EngineAnswers::connectionChanged, status);
}

void EngineWorker::deliverTranscript(quint64 requestId, const Transcript &transcript)
{
    m_answers->send(&EngineAnswers::transcriptReady, requestId, transcript);
}

void EngineWorker::scheduleFlush()
{
    // While a batch is in flight its completion submits the next one; no timer needed.
    if (m_flushTimer && !m_flushTimer->isActive() && !m_flushWanted)
        m_flushTimer->start();
}

void EngineWorker::tick()
{
    if (!m_core || m_presenceHold)
        return;
    m_core->handle(core::Tick{});
    flush();
}

void EngineWorker::flush()
{
    if (!m_core || !m_writer)
        return;
    if (m_flushTimer)
        m_flushTimer->stop();
    if (!leaseIsCurrent()) {
        // Before taking anything from the core: what it holds goes out under the old fence.
        stepDown(roleFromStore(), QStringLiteral("the lease was not renewed within its TTL"));
        return;
    }
    if (m_batchInFlight) {
        // One batch at a time: compact() after a commit is only safe when every change taken
        // from the core so far is in the store. Actions need no commit (they never waited for
        // one), so they go out now.
        dispatchActions();
        m_flushWanted = true;
        return;
    }
    if (!m_held.isEmpty() && m_heldRetryTimer->isActive()) {
        // The store failed a moment ago: changes pile up in the core until the timer tries
        // again, instead of a failing transaction per batch window.
        dispatchActions();
        return;
    }
    m_flushWanted = false;
    core::ChangeSet changes = takeBatch();
    dispatchActions();
    if (!m_core)
        return; // dispatching found the lease gone and stepped down
    if (!changes.isEmpty() || std::exchange(m_renewWanted, false) || !m_held.isEmpty()) {
        submit(m_held.takeWith(std::move(changes)));
        return;
    }
    // Nothing to write: what changed in memory only (the retry queue) goes out at once.
    EngineDelta out;
    publishRetryQueue(out);
    if (out.retryQueue) {
        m_core->compact();
        out.stateCounts = m_stateCounts;
        out.retriesPaused = m_core->automaticRetriesPaused();
        out.batchAtMs = m_clock.now();
        m_answers->send(&EngineAnswers::delta, out);
    }
    replyToCommands(m_commandsWaiting);
}

void EngineWorker::submit(core::ChangeSet changes)
{
    const BatchSize size{int(changes.taskUpserts.size()), int(changes.transitions.size()),
                         int(changes.audits.size())};
    if (m_writer->submit(std::move(changes)) == 0) {
        // Only a stopped writer refuses, and it is stopped only after the last flush.
        qCCritical(lcHost) << "commit refused: the store writer is not running";
        m_answers->send(&EngineAnswers::failed, tr("The store writer is not running."));
        replyToCommands(m_commandsWaiting);
        return;
    }
    m_batchInFlight = true;
    m_inFlight = size;
    m_inFlightSubmittedAtMs = steadyNowMs();
    m_commandsInFlight.append(std::move(m_commandsWaiting));
    m_commandsWaiting.clear();
}

void EngineWorker::takeCommitResults()
{
    store::StoreWriter::Result result;
    while (m_writer && m_writer->tryTakeResult(result))
        finishBatch(std::move(result));
}

void EngineWorker::holdUnwritten(store::StoreWriter::Result &result)
{
    const bool firstFailure = m_held.isEmpty();
    m_held.keep(std::move(result.changes), std::move(result.fence));
    m_heldRetryTimer->start();
    m_storeSuspect = true;
    qCCritical(lcHost).noquote() << "commit failed," << m_held.rows()
                                 << "rows of changes held in memory:" << result.error.message;
    if (firstFailure) {
        m_answers->send(&EngineAnswers::storeTrouble,
                        tr("The store cannot be written: %1 ClawOps keeps the changes in memory "
                           "and writes them as soon as the store takes them again.")
                            .arg(result.error.message));
    }
    RoleStatus role = m_role;
    role.heldChanges = m_held.rows();
    role.detail = result.error.message;
    if (role.role == EngineRole::Acting && m_held.overLimit()) {
        // Nothing more is taken in: the core goes with the step down, and the gateway's resync
        // recovers what happens meanwhile once the held changes are written.
        const QString why = tr("%n row(s) of changes wait for the store, the most ClawOps keeps "
                               "in memory: it stops acting until the store takes them",
                               nullptr, int(m_held.rowLimit()));
        qCCritical(lcHost).noquote() << why;
        m_answers->send(&EngineAnswers::storeTrouble, why + QLatin1Char('.'));
        stepDown(RoleStatus{EngineRole::StoreUnreachable,
                            {},
                            {},
                            role.epoch,
                            result.error.message,
                            false,
                            m_held.rows()},
                 why);
        return;
    }
    setRole(role);
}

void EngineWorker::finishBatch(store::StoreWriter::Result result)
{
    m_batchInFlight = false;
    const store::StoreError &error = result.error;
    if (error.kind == store::StoreError::Kind::Fenced) {
        // Another engine took over: this one's view of the fleet is stale from here on, and so
        // is anything held from its term (the new acting engine resyncs from the gateway).
        qCWarning(lcHost).noquote() << "write refused by the lease fence:" << error.message;
        if (!m_held.isEmpty() || HeldChanges::rowsIn(result.changes) > 0)
            qCWarning(lcHost) << "dropped" << HeldChanges::rowsIn(result.changes) + m_held.rows()
                              << "rows of changes made at the old epoch";
        m_held.clear();
        stepDown(roleFromStore(),
                 QStringLiteral("the store refused a write at an old lease epoch"));
    } else if (error) {
        // The core has moved on; what this batch held exists only here now. The queued
        // commands it carried out are still ours to finish: their results are held with it.
        holdUnwritten(result);
    } else if (m_core) {
        core::ChangeSet &changes = result.changes;
        if (m_role.heldChanges > 0) {
            qCInfo(lcHost) << "the store takes changes again; those held are written";
            RoleStatus role = m_role;
            role.heldChanges = 0;
            role.detail.clear();
            setRole(role);
        }
        // The commit extended the lease: nobody can take it before a TTL from its submission.
        m_leaseConfirmedUntilMs = m_inFlightSubmittedAtMs + m_settings.leaseTtlMs - leaseMarginMs();
        // Every change taken from the core so far is committed; what changed since is still
        // dirty there and stays in memory.
        m_core->compact();
        bool claimsReleased = false;
        for (const core::TransitionRecord &transition : std::as_const(changes.transitions)) {
            m_stateCounts.move(transition.from, transition.to);
            claimsReleased = claimsReleased || core::leavesTheInbox(transition);
        }
        if (claimsReleased)
            publishClaims(false);
        EngineDelta out;
        publishRetryQueue(out);
        out.tasks = std::move(changes.taskUpserts);
        out.transitions = std::move(changes.transitions);
        out.audits = std::move(changes.audits);
        out.policyViolations = std::move(changes.policyViolations);
        out.approvals = std::move(changes.approvals);
        out.stateCounts = m_stateCounts;
        out.retriesPaused = m_core->automaticRetriesPaused();
        out.batchAtMs = m_clock.now();
        // A renewal alone changed nothing the console shows.
        if (!out.tasks.isEmpty() || !out.transitions.isEmpty() || !out.audits.isEmpty() ||
            !out.policyViolations.isEmpty() || !out.approvals.isEmpty() || out.retryQueue)
            m_answers->send(&EngineAnswers::delta, out);
    }
    replyToCommands(m_commandsInFlight);
    if (m_flushWanted)
        flush();
}

void EngineWorker::replyToCommands(QList<FinishedCommand> &commands)
{
    const QList<FinishedCommand> finished = std::exchange(commands, {});
    for (const FinishedCommand &command : finished)
        m_answers->send(&EngineAnswers::commandFinished, command.requestId, command.command,
                        command.result);
}

bool EngineWorker::commitEverything(QDeadlineTimer deadline)
{
    if (!m_writer)
        return true;
    for (;;) {
        if (m_batchInFlight) {
            if (!m_writer->waitIdle(deadline))
                return false;
            // Finishing a batch may submit the next one at once.
            takeCommitResults();
            if (!m_held.isEmpty())
                return false; // the store refused it: what is held is all there is
            continue;
        }
        if (m_heldRetryTimer)
            m_heldRetryTimer->stop(); // one more try now, not after the pause between tries
        flush();
        if (!m_batchInFlight)
            return m_held.isEmpty();
    }
}

void EngineWorker::dispatchActions()
{
    if (m_role.role != EngineRole::Acting || m_presenceHold)
        return;
    // The one check every retry, cancel and status post passes: after a pause (SIGSTOP, a
    // suspended laptop) the lease may have passed to another engine without this one noticing.
    if (!leaseIsCurrent()) {
        stepDown(roleFromStore(), QStringLiteral("the lease was not renewed within its TTL"));
        return;
    }
    const QList<core::DomainAction> actions = m_core->takeActions();
    if (actions.isEmpty())
        return;
    if (m_link)
        m_link->perform(actions);
}

QList<core::PolicyViolationRecord> EngineWorker::recentPolicyViolations() const
{
    const auto stored = m_store->recentPolicyViolations(kInitialPolicyViolations);
    if (!stored.isOk()) {
        qCWarning(lcHost).noquote() << "policy violations not read:" << stored.error().message;
        return {};
    }
    return stored.value();
}

void EngineWorker::publishRetryQueue(EngineDelta &delta)
{
    if (!m_core)
        return;
    const core::RetryQueueChanges changes = m_core->takeRetryQueueChanges();
    if (changes.isEmpty())
        return;
    const int maxRetries = m_core->config().maxRetriesPerTask;
    const auto retryEntry = [maxRetries](const core::Orchestrator::QueuedRetry &retry) {
        return RetryEntry{.taskId = retry.taskId,
                          .label = retry.label,
                          .orchestratorSessionKey = retry.orchestratorSessionKey,
                          .attempt = retry.attempt,
                          .maxRetries = maxRetries,
                          .reason = retry.reason,
                          .runAfterMs = retry.runAfterMs,
                          .backoffMs = retry.backoffMs};
    };
    RetryQueueChange &change = delta.retryQueue.emplace();
    change.whole = changes.whole;
    if (changes.whole) {
        for (const core::Orchestrator::QueuedRetry &retry : m_core->queuedRetries())
            change.queued.append(retryEntry(retry));
    } else {
        for (const core::TaskKey &key : changes.queued) {
            if (const std::optional<core::Orchestrator::QueuedRetry> retry =
                    m_core->queuedRetry(key))
                change.queued.append(retryEntry(*retry));
        }
        change.left = changes.left;
    }
    change.length = int(m_core->retryQueueLength());
    delta.retriesPaused = m_core->automaticRetriesPaused();
}

void EngineWorker::executeCommand(quint64 requestId, const core::OperatorCommand &command)
{
    core::OperatorCommand stamped = command;
    if (stamped.operatorName.isEmpty())
        stamped.operatorName = m_settings.operatorName;
    stamped.consoleHost = m_holder.host;
    if (!m_store) {
        m_answers->send(&EngineAnswers::commandFinished, requestId, stamped,
                        core::CommandResult::refused(core::CommandResult::Kind::EngineNotRunning,
                                                     command.taskId));
        return;
    }
    if (stamped.kind == core::OperatorCommand::Kind::Claim ||
        stamped.kind == core::OperatorCommand::Kind::ReleaseClaim) {
        executeClaim(requestId, stamped);
        return;
    }
    if (!m_core && m_role.role == EngineRole::Observer) {
        // The console acting on this gateway keeps another store: a command queued in ours
        // would wait for an engine that never comes, so it is refused now.
        m_answers->send(
            &EngineAnswers::commandFinished, requestId, stamped,
            core::CommandResult::refused(core::CommandResult::Kind::NotActing, command.taskId));
        return;
    }
    if (!m_core) {
        queueForActingEngine(requestId, stamped);
        return;
    }
    m_commandsWaiting.append(FinishedCommand{requestId, stamped, m_core->execute(stamped)});
    flush();
}

core::ChangeSet EngineWorker::takeBatch()
{
    core::ChangeSet changes = m_core->takeChanges();
    changes.commandCompletions = std::exchange(m_completionsWaiting, {});
    return changes;
}

void EngineWorker::onCommandTimer()
{
    if (!m_store)
        return;
    if (m_role.role == EngineRole::Acting && m_core)
        runQueuedCommands();
    if (!m_queuedRemotely.isEmpty())
        pollQueuedCommands();
    if (++m_commandPolls % kClaimPollEvery == 0)
        publishClaims(false);
}

void EngineWorker::runQueuedCommands()
{
    if (!leaseIsCurrent() || !m_fence)
        return; // the next flush steps down
    store::StoreResult<QList<store::QueuedCommand>> taken =
        m_store->claimCommands(*m_fence, kQueuedCommandsPerPoll);
    if (!taken.isOk()) {
        if (taken.error().kind == store::StoreError::Kind::Fenced)
            stepDown(roleFromStore(),
                     QStringLiteral("the store refused to hand queued commands to an old epoch"));
        else
            qCWarning(lcHost).noquote() << "queued commands not read:" << taken.error().message;
        return;
    }
    if (taken.value().isEmpty())
        return;
    if (taken.value().size() >= kQueuedCommandsPerPoll)
        onPeerNews(store::PeerNews::Commands); // more wait behind these
    for (const store::QueuedCommand &queued : taken.value()) {
        // The same path as this console's own commands; the result goes into the batch that
        // holds the command's changes, so it is done exactly when they are committed.
        const core::CommandResult result = m_core->execute(queued.command);
        qCInfo(lcHost).noquote() << "ran queued command" << queued.id << "of"
                                 << queued.command.operatorName << "@"
                                 << queued.command.consoleHost;
        m_completionsWaiting.append(core::CommandCompletion{
            queued.id, result.ok, QString::fromUtf8(core::commandResultToJson(result)),
            m_clock.now()});
    }
    flush();
}

void EngineWorker::queueForActingEngine(quint64 requestId, const core::OperatorCommand &command)
{
    const store::StoreResult<qint64> row = m_store->enqueueCommand(command, m_clock.now());
    if (!row.isOk()) {
        m_answers->send(&EngineAnswers::commandFinished, requestId, command,
                        core::CommandResult::refused(core::CommandResult::Kind::StoreFailed,
                                                     command.taskId, row.error().message));
        return;
    }
    qCInfo(lcHost).noquote() << "queued" << core::commandName(command.kind) << command.taskId
                             << "for the acting engine as command" << row.value();
    m_queuedRemotely.append(QueuedRemotely{requestId, command, row.value(), steadyNowMs()});
}

void EngineWorker::pollQueuedCommands()
{
    // Nobody acting for this long means no engine took it: twice the TTL covers a failover.
    const qint64 withdrawAfterMs = 2 * qint64(m_settings.leaseTtlMs);
    QList<QueuedRemotely> waiting;
    QList<std::pair<QueuedRemotely, core::CommandResult>> answered;
    for (const QueuedRemotely &queued : std::as_const(m_queuedRemotely)) {
        const store::StoreResult<store::CommandState> state = m_store->commandState(queued.rowId);
        if (!state.isOk()) {
            waiting.append(queued);
            continue;
        }
        const store::CommandState &row = state.value();
        switch (row.status) {
        case store::CommandStatus::Done:
        case store::CommandStatus::Failed:
        case store::CommandStatus::Withdrawn: {
            const std::optional<core::CommandResult> result =
                core::commandResultFromJson(row.result.toUtf8());
            answered.append({queued, result.value_or(core::CommandResult::refused(
                                         core::CommandResult::Kind::StoreFailed,
                                         queued.command.taskId, row.result))});
            break;
        }
        case store::CommandStatus::Pending:
        case store::CommandStatus::Running: {
            const store::StoreResult<bool> withdrawn =
                steadyNowMs() - queued.queuedAtMs < withdrawAfterMs
                    ? store::StoreResult<bool>(false)
                    : m_store->withdrawCommand(queued.rowId, m_clock.now());
            if (withdrawn.isOk() && withdrawn.value())
                answered.append(
                    {queued, core::CommandResult::refused(core::CommandResult::Kind::Withdrawn,
                                                          queued.command.taskId)});
            else
                waiting.append(queued); // taken by the acting engine: its result will come
            break;
        }
        }
    }
    m_queuedRemotely = std::move(waiting);
    // What the command changed reaches this console before its answer, as for a local one.
    if (!answered.isEmpty() && m_role.role != EngineRole::Acting)
        pollStore();
    for (const auto &[queued, result] : std::as_const(answered))
        answerQueued(queued, result);
}

void EngineWorker::answerQueued(const QueuedRemotely &queued, const core::CommandResult &result)
{
    qCInfo(lcHost).noquote() << "queued command" << queued.rowId << (result.ok ? "ok:" : "refused:")
                             << result.auditText();
    m_answers->send(&EngineAnswers::commandFinished, queued.requestId, queued.command, result);
}

void EngineWorker::executeClaim(quint64 requestId, const core::OperatorCommand &command)
{
    using Kind = core::CommandResult::Kind;
    const bool claim = command.kind == core::OperatorCommand::Kind::Claim;
    core::CommandResult result;
    const core::ReadResult<core::TaskRecord> task = m_store->findTask(command.taskId);
    const std::optional<core::TaskRecord> &found = task.optional();
    if (!found) {
        result = core::CommandResult::refused(Kind::NoSuchTask, command.taskId);
    } else if (claim && found->state != core::TaskState::NeedsInput &&
               found->state != core::TaskState::NeedsVerification) {
        result = core::CommandResult::wrongState(
            command.taskId, found->state,
            {core::TaskState::NeedsInput, core::TaskState::NeedsVerification});
    } else {
        result =
            core::CommandResult::done(claim ? Kind::Claimed : Kind::ClaimReleased, command.taskId);
    }
    core::AuditRecord audit;
    audit.at = m_clock.now();
    audit.operatorName = command.operatorName;
    audit.consoleHost = command.consoleHost;
    audit.action = core::commandName(command.kind);
    audit.taskId = command.taskId;
    audit.reason = command.reason;
    audit.result = result.ok ? QStringLiteral("ok") : result.auditText();
    store::StoreError error;
    if (result.ok && claim)
        error = m_store->writeClaim(
            core::ClaimRecord{command.taskId, command.operatorName, command.consoleHost, audit.at},
            audit);
    else if (result.ok)
        error = m_store->releaseClaim(command.taskId, audit);
    if (error)
        result = core::CommandResult::refused(Kind::StoreFailed, command.taskId, error.message);
    if (result.ok) {
        EngineDelta out;
        out.audits = {audit};
        out.followed = m_role.role != EngineRole::Acting;
        out.batchAtMs = m_clock.now();
        if (std::optional<QList<core::ClaimRecord>> claims = readClaims()) {
            m_claims = *claims;
            out.claims = std::move(claims);
        }
        m_answers->send(&EngineAnswers::delta, out);
    }
    m_answers->send(&EngineAnswers::commandFinished, requestId, command, result);
}

std::optional<QList<core::ClaimRecord>> EngineWorker::readClaims() const
{
    const store::StoreResult<QList<core::ClaimRecord>> claims = m_store->claims();
    if (!claims.isOk()) {
        qCWarning(lcHost).noquote() << "claims not read:" << claims.error().message;
        return std::nullopt;
    }
    return claims.value();
}

void EngineWorker::publishClaims(bool force)
{
    std::optional<QList<core::ClaimRecord>> claims = readClaims();
    if (!claims || (!force && *claims == m_claims))
        return;
    m_claims = *claims;
    EngineDelta out;
    out.claims = std::move(claims);
    out.followed = m_role.role != EngineRole::Acting;
    out.batchAtMs = m_clock.now();
    m_answers->send(&EngineAnswers::delta, out);
}

void EngineWorker::fetchTaskPage(quint64 requestId, const core::TaskQuery &request)
{
    TaskPage page;
    page.request = request;
    if (!m_store) {
        page.error = tr("The store is not open.");
        m_answers->send(&EngineAnswers::taskPageReady, requestId, page);
        return;
    }
    store::RowCounts counts;
    if (!m_stateCounts.isEmpty()) {
        counts.all = m_stateCounts.total();
        counts.inStates = 0;
        for (const core::TaskState state : request.states)
            counts.inStates += m_stateCounts[state];
    }
    store::StoreResult<QList<core::TaskRecord>> rows = m_store->queryTasks(request, counts);
    const store::StoreResult<int> total =
        rows.isOk() ? m_store->countTasks(request) : store::StoreResult<int>(rows.error());
    page.rows = std::move(rows).value();
    page.totalMatching = total.value();
    if (!total.isOk())
        page.error = total.error().message;
    m_answers->send(&EngineAnswers::taskPageReady, requestId, page);
}

void EngineWorker::fetchTaskDetail(quint64 requestId, const core::TaskId &taskId)
{
    TaskDetail detail;
    if (m_store) {
        if (const std::optional<core::TaskRecord> task = m_store->findTask(taskId).optional()) {
            detail.found = true;
            detail.task = *task;
            detail.attempts = m_store->attemptsFor(task->taskKey).value();
            detail.transitions = m_store->transitionsFor(taskId).value();
            detail.attemptTransitions = m_store->transitionsOfWork(task->taskKey).value();
            detail.audits = m_store->auditFor(taskId).value();
            detail.suppressed = m_store->suppressedFor(task->taskKey).value();
        }
    }
    m_answers->send(&EngineAnswers::taskDetailReady, requestId, detail);
}

void EngineWorker::fetchTranscript(quint64 requestId, const core::SessionKey &sessionKey,
                                   int maxLines)
{
    if (!m_link) {
        deliverTranscript(requestId,
                          Transcript{sessionKey,
                                     {},
                                     m_store ? tr("Only the acting console reads transcripts.")
                                             : tr("The engine is not running.")});
        return;
    }
    m_link->fetchTranscript(requestId, sessionKey, maxLines);
}

void EngineWorker::fetchActivity(quint64 requestId, const ActivityRequest &request)
{
    ActivitySnapshot activity;
    activity.request = request;
    if (!m_store) {
        activity.error = tr("The store is not open.");
        m_answers->send(&EngineAnswers::activityReady, requestId, activity);
        return;
    }
    // Read from what is committed: changes still in the batch window reach the console in the
    // next delta, and the console merges the overlap between deltas and this snapshot.
    const store::StoreResult<store::RecentTransitions> recent =
        m_store->transitionsSince(request.sinceMs, request.maxTransitions);
    activity.transitions = recent.value().transitions;
    activity.truncated = recent.value().truncated;
    store::StoreError error = recent.error();
    if (!error) {
        store::StoreResult<QList<core::TaskRecord>> tasks =
            m_store->tasksUpdatedSince(request.sinceMs, request.maxTasks);
        error = tasks.error();
        activity.tasks = std::move(tasks).value();
    }
    if (!error && m_core) {
        // Long-running workers may not have changed within the window, but they are on screen.
        QSet<QString> have;
        for (const core::TaskRecord &task : std::as_const(activity.tasks))
            have.insert(task.taskId);
        for (const core::TaskRecord &task : m_core->activeTasks()) {
            if (!have.contains(task.taskId))
                activity.tasks.append(task);
        }
    }
    if (error)
        activity.error = error.message;
    activity.stateCounts = m_stateCounts;
    activity.atMs = m_clock.now();
    m_answers->send(&EngineAnswers::activityReady, requestId, activity);
}

void EngineWorker::reconnectGateway(const QUrl &gatewayUrl, const QString &token)
{
    m_settings.gatewayUrl = gatewayUrl;
    m_settings.token = token;
    if (m_link)
        m_link->reconnect(gatewayUrl, token);
}

void EngineWorker::disconnectGateway()
{
    if (m_link)
        m_link->disconnectFromGateway();
}

void EngineWorker::applyConfig(const core::EngineConfig &config)
{
    m_settings.config = config;
    if (m_core)
        m_core->setConfig(config);
    if (m_tickTimer)
        m_tickTimer->setInterval(config.schedulerTickMs);
    if (m_link)
        m_link->setConfig(config);
}

void EngineWorker::presenceSeen(const QList<gateway::PresencePeer> &peers)
{
    // Consoles on this store are on its roll call already; these are the ones of other stores.
    QList<PeerConsole> elsewhere;
    for (const gateway::PresencePeer &peer : peers) {
        const gateway::PresenceMarker &marker = peer.marker;
        if (!peer.connected || marker.engineId == m_marker.engineId ||
            marker.storeId == m_marker.storeId)
            continue;
        elsewhere.append(PeerConsole{{},
                                     marker.host,
                                     marker.state == gateway::PeerState::Observing
                                         ? EngineRole::Observer
                                         : EngineRole::Acting});
    }
    if (elsewhere != m_gatewayPeers) {
        m_gatewayPeers = std::move(elsewhere);
        setRole(m_role);
    }
    if (m_role.role == EngineRole::Acting) {
        const std::optional<gateway::PresenceMarker> rival = gateway::actingRival(m_marker, peers);
        if (!rival || m_presenceHold)
            return;
        // Held at once; the step down itself waits until the link that called is off the stack.
        m_presenceHold = true;
        qCWarning(lcHost).noquote() << "ClawOps on" << rival->host << "(engine" << rival->engineId
                                    << ") acts on this gateway with another store: observing";
        QMetaObject::invokeMethod(
            this, [this, acting = *rival] { observe(acting); }, Qt::QueuedConnection);
        return;
    }
    if (m_role.role != EngineRole::Observer)
        return;
    gateway::PresenceMarker watching = m_marker;
    watching.state = gateway::PeerState::Observing;
    RoleStatus next = m_role;
    if (const std::optional<gateway::PresenceMarker> acting =
            gateway::actingRival(watching, peers)) {
        m_graceTimer->stop();
        next.holderHost = acting->host;
        next.actingPeerLeft = false;
    } else {
        if (!m_graceTimer->isActive()) {
            qCWarning(lcHost).noquote()
                << "ClawOps on" << m_role.holderHost << "left the gateway: taking over in"
                << m_graceTimer->interval() << "ms unless it returns";
            m_graceTimer->start();
        }
        next.actingPeerLeft = true;
    }
    setRole(next);
}

void EngineWorker::observe(const gateway::PresenceMarker &rival)
{
    if (m_role.role != EngineRole::Acting)
        return;
    const std::optional<store::Fence> fence = m_fence;
    stepDown(RoleStatus{EngineRole::Observer, rival.host, {}, fence ? fence->epoch : 0, {}, false},
             QStringLiteral("ClawOps on %1 acts on this gateway").arg(rival.host));
    // With the old term's last batch written, the lease goes: a restart of this console, or a
    // teammate on its store, need not wait out the TTL.
    m_writer->waitIdle(QDeadlineTimer(m_settings.leaseTtlMs));
    takeCommitResults();
    if (fence) {
        if (const store::StoreError error = m_store->releaseLease(*fence))
            qCWarning(lcHost).noquote() << "could not release the lease:" << error.message;
    }
    m_presenceHold = false;
    startObserving();
}

void EngineWorker::startObserving()
{
    gateway::PresenceMarker watching = m_marker;
    watching.state = gateway::PeerState::Observing;
    watching.sinceMs = QDateTime::currentMSecsSinceEpoch();
    m_link = std::make_unique<GatewayLink>(static_cast<GatewaySink &>(*this), m_settings);
    m_link->setPresence(watching, true);
    if (m_settings.connectToGateway && m_settings.gatewayUrl.isValid())
        m_link->connectToGateway();
}

void EngineWorker::onObserverGraceOver()
{
    if (m_role.role == EngineRole::Observer && m_role.actingPeerLeft)
        takeOver();
}

void EngineWorker::takeOver()
{
    if (!m_store || m_role.role != EngineRole::Observer)
        return;
    m_graceTimer->stop();
    // A takeover outranks every claim and every older takeover, so the one watched steps down
    // if it is still (or again) there.
    m_marker.state = gateway::PeerState::TakingOver;
    m_marker.sinceMs = QDateTime::currentMSecsSinceEpoch();
    qCInfo(lcHost).noquote() << "taking over from ClawOps on" << m_role.holderHost;
    if (m_link) {
        m_link->shutdown();
        m_link.reset();
    }
    tryToAct();
}

ShutdownReport EngineWorker::shutdown(QDeadlineTimer deadline)
{
    QElapsedTimer timer;
    timer.start();
    ShutdownReport report;
    if (m_tickTimer)
        m_tickTimer->stop();
    if (m_leaseTimer)
        m_leaseTimer->stop();
    if (m_followTimer)
        m_followTimer->stop();
    if (m_graceTimer)
        m_graceTimer->stop();
    if (m_commandTimer)
        m_commandTimer->stop();
    commitEverything(deadline);
    if (m_link)
        m_link->shutdown();
    // Stopping the link may have produced changes (action outcomes) of its own.
    const bool committed = commitEverything(deadline);
    m_link.reset();
    if (!m_held.isEmpty())
        reportHeld(report);
    else if (!committed)
        abandonWriter(report);
    m_writer.reset(); // idle by now (or handed off): joins its thread at once
    m_batchInFlight = false;
    // Everything is committed: a follower may take over now instead of after the TTL.
    if (committed && m_fence && m_store) {
        if (const store::StoreError error = m_store->releaseLease(*m_fence))
            qCWarning(lcHost).noquote() << "could not release the lease:" << error.message;
    }
    m_fence.reset();
    // Not past a stuck writer: it holds the write lock this would wait for.
    if (committed && m_store && !m_storeSuspect) {
        if (const store::StoreError error = m_store->sayGone(m_holder.id))
            qCInfo(lcHost).noquote() << "still on the roll call:" << error.message;
    }
    replyToCommands(m_commandsInFlight);
    replyToCommands(m_commandsWaiting);
    m_core.reset();
    if (m_store)
        m_store->close();
    m_store.reset();
    report.elapsedMs = timer.elapsed();
    if (report.complete)
        qCInfo(lcHost) << "engine stopped in" << report.elapsedMs << "ms";
    else
        qCCritical(lcHost).noquote() << report.problem;
    return report;
}

void EngineWorker::reportHeld(ShutdownReport &report)
{
    const core::ChangeSet &held = m_held.changes();
    report.complete = false;
    report.uncommittedBatches = 1;
    report.uncommittedTasks = int(held.taskUpserts.size());
    report.uncommittedTransitions = int(held.transitions.size());
    report.uncommittedAudits = int(held.audits.size());
    report.problem = QStringLiteral("the store could not be written before the engine stopped: "
                                    "%1 task rows, %2 transitions and %3 audit rows held in "
                                    "memory are not in it")
                         .arg(report.uncommittedTasks)
                         .arg(report.uncommittedTransitions)
                         .arg(report.uncommittedAudits);
}

void EngineWorker::abandonWriter(ShutdownReport &report)
{
    report.complete = false;
    report.uncommittedBatches = 1; // the one the writer is stuck in
    report.uncommittedTasks = m_inFlight.tasks;
    report.uncommittedTransitions = m_inFlight.transitions;
    report.uncommittedAudits = m_inFlight.audits;
    if (m_core) {
        // Queued behind the stuck batch: the writer commits it too if it gets that far.
        core::ChangeSet rest = takeBatch();
        if (!rest.isEmpty()) {
            ++report.uncommittedBatches;
            report.uncommittedTasks += int(rest.taskUpserts.size());
            report.uncommittedTransitions += int(rest.transitions.size());
            report.uncommittedAudits += int(rest.audits.size());
            m_writer->submit(std::move(rest));
        }
    }
    report.problem = QStringLiteral("the store writer was still committing at the shutdown "
                                    "deadline: %1 batch(es) with %2 task rows, %3 transitions "
                                    "and %4 audit rows are not confirmed in the store; the "
                                    "writer goes on with them in the background")
                         .arg(report.uncommittedBatches)
                         .arg(report.uncommittedTasks)
                         .arg(report.uncommittedTransitions)
                         .arg(report.uncommittedAudits);
    disconnect(m_writer.get(), nullptr, this, nullptr);
    letFinishAlone(std::move(m_writer));
}

} // namespace clawops::host
