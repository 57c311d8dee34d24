#pragma once

#include "host/EngineApi.h"
#include "store/Store.h"

#include <QList>
#include <QTemporaryDir>

#include <memory>

namespace clawops::ui::test {

// The engine's API for tests: a real Store in a temporary folder answers page requests (so the
// store's own ORDER BY and WHERE are the oracle the models must agree with), and everything
// else is recorded for the test to answer when it wants. Answers never come synchronously,
// like the real engine's.
class FakeEngineLink final : public host::EngineApi
{
    Q_OBJECT

public:
    explicit FakeEngineLink(QObject *parent = nullptr);
    ~FakeEngineLink() override;

    store::Store &store() { return *m_store; }

    // Writes the rows to the store and, unless told otherwise, emits them as a delta with the
    // store's state counts.
    void upsert(const QList<core::TaskRecord> &tasks, bool emitDelta = true);
    host::EngineDelta deltaFor(const QList<core::TaskRecord> &tasks) const;
    core::StateCounts stateCounts() const;

    // The first `limit` rows the store returns for this query (limit <= 0: all).
    QList<core::TaskRecord> oracle(const core::TaskQuery &query, int limit = 0) const;
    host::TaskPage pageFor(const core::TaskQuery &request) const;
    std::optional<core::TaskRecord> task(const QString &taskId) const;

    struct PageRequest
    {
        quint64 id = 0;
        core::TaskQuery request;
    };
    QList<PageRequest> pendingPages;
    QList<QPair<quint64, core::OperatorCommand>> commands;
    QList<QPair<quint64, QString>> detailRequests;
    QList<QPair<quint64, QString>> transcriptRequests;
    QList<QPair<quint64, host::ActivityRequest>> activityRequests;
    QList<core::EngineConfig> configs;
    QList<QPair<QUrl, QString>> reconnects;
    int disconnects = 0;
    int takeOvers = 0;

    // Answers every queued page request from the store; returns how many.
    int answerPages();
    // Answers with an error instead.
    void failPages(const QString &error);
    // Answers a command as the engine would: done (the usual result of its kind) or refused.
    void finishCommand(quint64 requestId, bool ok,
                       core::CommandResult::Kind refusal = core::CommandResult::Kind::NoSuchTask);
    void finishCommand(quint64 requestId, const core::CommandResult &result);
    void answerDetails();
    // Answers every activity request from the store, as the engine would; returns how many.
    int answerActivity();

    quint64 sendCommand(const core::OperatorCommand &command) override;
    quint64 requestTaskPage(const core::TaskQuery &request) override;
    quint64 requestTaskDetail(const core::TaskId &taskId) override;
    quint64 requestTranscript(const core::SessionKey &sessionKey, int maxLines) override;
    quint64 requestActivity(const host::ActivityRequest &request) override;
    void reconnect(const QUrl &gatewayUrl, const QString &token) override;
    void disconnectGateway() override;
    void takeOver() override;
    void updateConfig(const core::EngineConfig &config) override;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::Store> m_store;
    quint64 m_lastId = 0;
};

// Deterministic task rows for the tests.
core::TaskRecord makeTask(int n, core::TaskState state, qint64 updatedAt, qint64 createdAt = 0);

} // namespace clawops::ui::test
