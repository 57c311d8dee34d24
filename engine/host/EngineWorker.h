#pragma once

#include "HostTypes.h"
#include "core/Clock.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace clawops::core {
class Orchestrator;
}
namespace clawops::store {
class Store;
class StoreWriter;
} // namespace clawops::store

namespace clawops::host {

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
class EngineWorker : public QObject
{
    Q_OBJECT

public:
    explicit EngineWorker(QObject *parent = nullptr);
    ~EngineWorker() override;

    // Used by the link and by tests running the worker without a thread.
    core::Orchestrator *orchestrator() const { return m_core.get(); }
    store::Store *store() const { return m_store.get(); }
    // The gateway side feeds events straight into the core, then asks for a batch commit.
    void scheduleFlush();
    qint64 nowMs() const { return m_clock.now(); }

public Q_SLOTS:
    void start(const clawops::host::EngineSettings &settings);
    void shutdown();
    void executeCommand(quint64 requestId, const clawops::core::OperatorCommand &command);
    void fetchTaskPage(quint64 requestId, const clawops::core::TaskQuery &request);
    void fetchTaskDetail(quint64 requestId, const clawops::core::TaskId &taskId);
    void fetchTranscript(quint64 requestId, const QString &sessionKey, int maxLines);
    void fetchActivity(quint64 requestId, const clawops::host::ActivityRequest &request);
    void reconnectGateway(const QUrl &gatewayUrl, const QString &token);
    void disconnectGateway();
    void applyConfig(const clawops::core::EngineConfig &config);
    // Hands whatever the core changed to the store writer (or, while a batch is in flight, marks
    // it for the next one); also called by the batch timer. The delta follows the commit.
    void flush();

Q_SIGNALS:
    void started(const QString &databasePath);
    void failed(const QString &message);
    void delta(const clawops::host::EngineDelta &delta);
    void connectionChanged(const clawops::host::ConnectionStatus &status);
    void commandFinished(quint64 requestId, const clawops::core::OperatorCommand &command,
                         const clawops::core::CommandResult &result);
    void taskPageReady(quint64 requestId, const clawops::host::TaskPage &page);
    void taskDetailReady(quint64 requestId, const clawops::host::TaskDetail &detail);
    void transcriptReady(quint64 requestId, const clawops::host::Transcript &transcript);
    void activityReady(quint64 requestId, const clawops::host::ActivitySnapshot &activity);
    void shutdownFinished();

private:
    // A command's reply waits for the commit of the batch holding its changes, so the console
    // sees the delta first and can read the store right away.
    struct FinishedCommand
    {
        quint64 requestId = 0;
        core::OperatorCommand command;
        core::CommandResult result;
    };

    void tick();
    void dispatchActions();
    void publishRetryQueue(EngineDelta &delta);
    void takeCommitResults();
    void finishBatch(core::ChangeSet changes, const QString &error);
    void submit(core::ChangeSet changes);
    void replyToCommands(QList<FinishedCommand> &commands);
    // Waits for the writer until every change the core holds is committed (or the deadline).
    void commitEverything(QDeadlineTimer deadline);

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
    core::StateCounts m_stateCounts;
    quint64 m_publishedRetryRevision = ~quint64(0);
    bool m_failedToStart = false;
    bool m_batchInFlight = false;
    bool m_flushWanted = false;                // flush() came while a batch was in flight
    QList<FinishedCommand> m_commandsWaiting;  // changes not yet submitted
    QList<FinishedCommand> m_commandsInFlight; // changes in the batch being written
};

} // namespace clawops::host
