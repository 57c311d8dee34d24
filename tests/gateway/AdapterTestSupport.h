#pragma once

#include "core/DomainEvents.h"
#include "gateway/Adapter.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// Helpers shared by the adapter tests: reading the recorded traces, feeding them through an
// adapter, and printing domain events as one comparable line each.
namespace adaptertest {

// One line of a recorded trace: {t, dir, conn?, frame}.
struct TraceRow
{
    qint64 t = 0;
    QString dir; // in | out | mark | close
    QString conn;
    QString label; // mark lines
    QJsonObject frame;
};

QString traceDir();
QList<TraceRow> loadTrace(const QString &fileName);
QJsonObject loadJsonFile(const QString &fileName);

struct FeedOptions
{
    QString conn;            // only this connection's lines (empty: all)
    bool feedResults = true; // RPC results of the recorded driver's reads go in as resync results
    qint64 fromT = -1;       // only lines with t >= fromT
    qint64 untilT = -1;      // only lines with t < untilT
    // "in" frames go in as the socket carries them: as text, through a FrameDecoder (events read
    // in place), instead of as the recorded Qt objects.
    bool decodeText = false;
};

// Feeds "in" events (and, with feedResults, the results of the driver's sessions.list,
// tasks.list, tasks.get, chat.history and sessions.subscribe requests) in recorded order.
QList<clawops::core::DomainEvent> feed(clawops::gateway::GatewayAdapter &adapter,
                                       const QList<TraceRow> &rows,
                                       const FeedOptions &options = {});

QString describe(const clawops::core::DomainEvent &event);
// Every event but the tool starts: the spawn lifecycle as the trace tests expect it. Tool starts
// (one per tool call, sessions_spawn included) are read with toolStarts().
QStringList describeAll(const QList<clawops::core::DomainEvent> &events);
QList<clawops::core::ToolStarted> toolStarts(const QList<clawops::core::DomainEvent> &events);

// Expected-line builders, in the same format as describe().
QString requested(const QString &ref, const QString &requester, const QString &orchestrator,
                  const QString &task, const QString &label);
QString accepted(const QString &ref, const QString &child, const QString &run,
                 const QString &gatewayTask);
QString rejected(const QString &ref, const QString &outcome);
QString taskSeen(const QString &child, const QString &gatewayTask);
QString ended(const QString &child, const QString &outcome, const QString &detail = {});
QString text(const QString &session, const QString &about, const QString &body);
QString sessionEnded(const QString &key, const QString &reason);
QString bound(const QString &requester, const QString &orchestrator);
QString orchestratorEnded(const QString &key);

// Prints both lists side by side when they differ (QCOMPARE on QStringList shows only the first
// difference).
bool sameLines(const QStringList &actual, const QStringList &expected);

} // namespace adaptertest
