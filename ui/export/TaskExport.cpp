#include "TaskExport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

namespace clawops::ui::TaskExport {

namespace {

QJsonValue timeValue(qint64 ms)
{
    if (ms <= 0)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonValue timeValue(const std::optional<qint64> &ms)
{
    return ms ? timeValue(*ms) : QJsonValue(QJsonValue::Null);
}

QJsonObject specObject(const core::SpawnSpec &spec)
{
    return QJsonDocument::fromJson(core::specToJson(spec)).object();
}

QJsonObject taskObject(const core::TaskRecord &task)
{
    QJsonObject object{
        {QStringLiteral("taskId"), task.taskId.str()},
        {QStringLiteral("taskKey"), task.taskKey.str()},
        {QStringLiteral("label"), task.label},
        {QStringLiteral("state"), core::stateName(task.state)},
        {QStringLiteral("attempt"), task.attempt},
        {QStringLiteral("maxRetries"), task.maxRetries},
        {QStringLiteral("lastOutcome"), task.lastOutcome.toText()},
        {QStringLiteral("nextRunAt"), timeValue(task.nextRunAt)},
        {QStringLiteral("createdAt"), timeValue(task.createdAt)},
        {QStringLiteral("updatedAt"), timeValue(task.updatedAt)},
        {QStringLiteral("requesterSessionKey"), task.requesterSessionKey.str()},
        {QStringLiteral("orchestratorSessionKey"), task.orchestratorSessionKey.str()},
        {QStringLiteral("workerSessionKey"), task.workerSessionKey.str()},
        {QStringLiteral("gatewayTaskId"), task.gatewayTaskId},
        {QStringLiteral("receiptSeen"), task.receiptSeen},
        {QStringLiteral("receiptStatus"), task.receiptStatus},
        {QStringLiteral("verificationItems"), task.verificationItems},
        {QStringLiteral("explicitNoVerification"), task.explicitNoVerification},
        {QStringLiteral("spec"), specObject(task.spec)},
    };
    return object;
}

// The receipt as the worker wrote it: an object when it parses, else the text itself.
QJsonValue receiptValue(const QString &receiptJson)
{
    if (receiptJson.isEmpty())
        return QJsonValue::Null;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(receiptJson.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError && document.isObject())
        return document.object();
    return receiptJson;
}

QJsonArray transitionsArray(const QList<core::TransitionRecord> &transitions)
{
    QJsonArray array;
    for (const core::TransitionRecord &transition : transitions) {
        array.append(QJsonObject{
            {QStringLiteral("taskId"), transition.taskId.str()},
            {QStringLiteral("at"), timeValue(transition.at)},
            {QStringLiteral("from"), transition.from ? QJsonValue(core::stateName(*transition.from))
                                                     : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("to"), core::stateName(transition.to)},
            {QStringLiteral("cause"), transition.cause.toText()},
        });
    }
    return array;
}

QJsonArray auditArray(const QList<core::AuditRecord> &audits)
{
    QJsonArray array;
    for (const core::AuditRecord &audit : audits) {
        QJsonObject row{
            {QStringLiteral("at"), timeValue(audit.at)},
            {QStringLiteral("operator"), audit.operatorName},
            {QStringLiteral("action"), audit.action},
            {QStringLiteral("taskId"), audit.taskId.str()},
            {QStringLiteral("reason"), audit.reason},
            {QStringLiteral("result"), audit.result},
            {QStringLiteral("detail"), audit.detail},
        };
        if (audit.check) // a verification item ticked or unticked
            row.insert(QStringLiteral("check"),
                       QJsonObject{{QStringLiteral("index"), audit.check->index},
                                   {QStringLiteral("ticked"), audit.check->ticked}});
        array.append(row);
    }
    return array;
}

QJsonArray suppressedArray(const QList<core::SuppressedSpawnRecord> &suppressed)
{
    QJsonArray array;
    for (const core::SuppressedSpawnRecord &record : suppressed) {
        array.append(QJsonObject{
            {QStringLiteral("at"), timeValue(record.at)},
            {QStringLiteral("taskKey"), record.taskKey.str()},
            {QStringLiteral("activeTaskId"), record.activeTaskId.str()},
            {QStringLiteral("requesterSessionKey"), record.requesterSessionKey.str()},
            {QStringLiteral("orchestratorSessionKey"), record.orchestratorSessionKey.str()},
            {QStringLiteral("label"), record.label},
            {QStringLiteral("spawnRef"), record.spawnRef},
            {QStringLiteral("childSessionKey"), record.childSessionKey.str()},
        });
    }
    return array;
}

QJsonValue transcriptValue(const std::optional<host::Transcript> &transcript)
{
    if (!transcript)
        return QJsonValue::Null;
    QJsonArray lines;
    for (const host::TranscriptLine &line : transcript->lines) {
        lines.append(QJsonObject{
            {QStringLiteral("role"), line.role},
            {QStringLiteral("text"), line.text},
            {QStringLiteral("at"), timeValue(line.atMs)},
        });
    }
    QJsonObject object{
        {QStringLiteral("sessionKey"), transcript->sessionKey},
        {QStringLiteral("lines"), lines},
    };
    if (!transcript->error.isEmpty())
        object.insert(QStringLiteral("error"), transcript->error);
    return object;
}

} // namespace

QByteArray historyJson(const host::TaskDetail &detail,
                       const std::optional<host::Transcript> &transcript, qint64 exportedAtMs)
{
    QJsonArray attempts;
    for (const core::TaskRecord &attempt : detail.attempts)
        attempts.append(taskObject(attempt));
    const QJsonObject root{
        {QStringLiteral("format"), QStringLiteral("clawops-task-history")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("exportedAt"), timeValue(exportedAtMs)},
        {QStringLiteral("task"), taskObject(detail.task)},
        {QStringLiteral("receipt"), receiptValue(detail.task.receiptJson)},
        {QStringLiteral("attempts"), attempts},
        {QStringLiteral("transitions"), transitionsArray(detail.transitions)},
        {QStringLiteral("audit"), auditArray(detail.audits)},
        {QStringLiteral("suppressedDuplicates"), suppressedArray(detail.suppressed)},
        {QStringLiteral("transcriptTail"), transcriptValue(transcript)},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString csvField(const QString &value)
{
    QString text = value;
    // A cell starting like a formula would run as one in a spreadsheet.
    if (!text.isEmpty() && QStringLiteral("=+-@").contains(text.front()))
        text.prepend(QLatin1Char('\''));
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                       text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
    if (!quote)
        return text;
    text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QByteArray tasksCsv(const QList<core::TaskRecord> &tasks)
{
    const QStringList header = {
        QStringLiteral("task_id"),
        QStringLiteral("task_key"),
        QStringLiteral("label"),
        QStringLiteral("state"),
        QStringLiteral("attempt"),
        QStringLiteral("max_retries"),
        QStringLiteral("last_outcome"),
        QStringLiteral("orchestrator_session_key"),
        QStringLiteral("worker_session_key"),
        QStringLiteral("receipt_status"),
        QStringLiteral("next_run_at"),
        QStringLiteral("created_at"),
        QStringLiteral("updated_at"),
        QStringLiteral("task_preview"),
    };
    const auto time = [](qint64 ms) {
        return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs)
                      : QString();
    };
    QString out = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const core::TaskRecord &task : tasks) {
        const QStringList fields = {
            task.taskId.str(),
            task.taskKey.str(),
            task.label,
            core::stateName(task.state),
            QString::number(task.attempt),
            QString::number(task.maxRetries),
            task.lastOutcome.toText(),
            task.orchestratorSessionKey.str(),
            task.workerSessionKey.str(),
            task.receiptStatus,
            task.nextRunAt ? time(*task.nextRunAt) : QString(),
            time(task.createdAt),
            time(task.updatedAt),
            task.taskPreview,
        };
        QStringList escaped;
        for (const QString &field : fields)
            escaped.append(csvField(field));
        out += escaped.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QString suggestedHistoryFileName(const QString &taskId)
{
    QString safe = taskId;
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return QStringLiteral("task-%1-history.json").arg(safe);
}

} // namespace clawops::ui::TaskExport
