#include "Workload.h"

#include "sim/FrameFactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace clawops::bench {

namespace {

QString receipt(const QString &taskRef, bool verification)
{
    QJsonObject object{{QStringLiteral("task_id"), taskRef},
                       {QStringLiteral("status"), QStringLiteral("completed")},
                       {QStringLiteral("summary"), QStringLiteral("done")}};
    object.insert(QStringLiteral("verification"),
                  verification ? QJsonArray{QJsonObject{
                                     {QStringLiteral("kind"), QStringLiteral("command")},
                                     {QStringLiteral("value"), QStringLiteral("make check")},
                                     {QStringLiteral("expected"), QStringLiteral("exit 0")}}}
                               : QJsonArray{});
    return QStringLiteral("Work done for %1.\n\n```json\n%2\n```")
        .arg(taskRef, QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

} // namespace

Workload makeWorkload(int lifecycles, quint32 seed, bool fullSessionRows)
{
    using Scenario = sim::FrameFactory::SpawnScenario;
    QRandomGenerator random(seed);
    sim::FrameFactory::Options options;
    options.sessionRows = fullSessionRows;
    sim::FrameFactory factory(1'795'468'800'000, options);
    Workload workload;
    workload.lifecycles = lifecycles;
    const QStringList parents = {QStringLiteral("agent:main:main"),
                                 QStringLiteral("agent:ops:main"),
                                 QStringLiteral("agent:research:main")};
    for (int i = 0; i < lifecycles; ++i) {
        Scenario s;
        s.parentKey = parents.at(i % parents.size());
        s.parentSessionId = QStringLiteral("ps-%1").arg(i % parents.size());
        s.parentRunId = QStringLiteral("pr-%1").arg(i);
        s.toolCallId = QStringLiteral("call_%1").arg(i);
        s.childKey = QStringLiteral("agent:main:subagent:c-%1").arg(i);
        s.childSessionId = QStringLiteral("cs-%1").arg(i);
        s.childRunId = QStringLiteral("cr-%1").arg(i);
        s.taskId = QStringLiteral("gt-%1").arg(i);
        s.label = QStringLiteral("worker-%1").arg(i);
        s.task =
            QStringLiteral("task_id=T-%1 Run the checks for build %1 and reply with a receipt.")
                .arg(i);
        const quint32 roll = random.bounded(100u);
        s.visibility = roll % 10 == 0  ? Scenario::Visibility::TranscriptOnly
                       : roll % 3 == 0 ? Scenario::Visibility::ToolEvents
                                       : Scenario::Visibility::SessionTool;
        if (roll < 70) {
            s.ending = Scenario::Ending::Ok;
            s.finalText = receipt(QStringLiteral("T-%1").arg(i), roll < 45);
        } else if (roll < 85) {
            s.ending = Scenario::Ending::Error;
            s.providerRetries = 2;
            s.errorText =
                QStringLiteral("mock/mock-1 request failed (provider internal error, HTTP 500).");
        } else if (roll < 93) {
            s.ending = Scenario::Ending::Timeout;
            s.errorText = QStringLiteral("Request timed out before a response was generated.");
        } else {
            s.ending = Scenario::Ending::Killed;
            s.announce = false;
            s.errorText = QStringLiteral("agent run aborted");
        }
        for (const QJsonObject &frame : factory.spawnLifecycle(s))
            workload.frames.append(sim::FrameFactory::toText(frame));
        factory.advance(50);
    }
    return workload;
}

} // namespace clawops::bench
