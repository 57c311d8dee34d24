#include "WorldStats.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace clawops::sim {

namespace {

QString lineValue(const QString &text, const QString &name)
{
    const QRegularExpression pattern(QStringLiteral("^%1: ?(.*)$").arg(name),
                                     QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = pattern.match(text);
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

} // namespace

std::optional<RetryBlock> RetryBlock::parse(const QString &text)
{
    const qsizetype open = text.indexOf(QLatin1String("<orchestrator-retry>"));
    const qsizetype close = text.indexOf(QLatin1String("</orchestrator-retry>"), open);
    if (open < 0 || close < 0)
        return std::nullopt;
    const QString body = text.mid(open, close - open);
    RetryBlock block;
    block.failedChild = lineValue(body, QStringLiteral("failedChildSession"));
    block.outcome = lineValue(body, QStringLiteral("outcome"));
    block.attempt =
        lineValue(body, QStringLiteral("attempt")).section(QLatin1Char('/'), 0, 0).toInt();
    // The task runs over several lines (its result contract), up to the label line.
    block.task =
        body.section(QStringLiteral("\ntask: "), 1).section(QStringLiteral("\nlabel: "), 0, 0);
    block.label =
        body.section(QStringLiteral("\nlabel: "), 1).section(QLatin1Char('\n'), 0, 0).trimmed();
    static const QRegularExpression taskId(QStringLiteral(R"re("task_id":\s*"([^"]+)")re"));
    static const QRegularExpression current(QStringLiteral(R"(Current attempt:\s*(\d+))"));
    if (const auto match = taskId.match(block.task); match.hasMatch())
        block.taskId = match.captured(1);
    if (const auto match = current.match(block.task); match.hasMatch())
        block.nextAttempt = match.captured(1).toInt();
    return block;
}

QString RetryBlock::key() const
{
    return QStringLiteral("%1#%2").arg(taskId.isEmpty() ? label : taskId).arg(attempt);
}

WorldStats::Retry &WorldStats::noteRetry(const RetryBlock &block, const QString &target,
                                         const QString &idempotencyKey)
{
    Retry &retry = retries[block.key()];
    retry.block = block;
    retry.target = target;
    retry.received += 1;
    if (!idempotencyKey.isEmpty() && !retry.idempotencyKeys.contains(idempotencyKey))
        retry.idempotencyKeys.append(idempotencyKey);
    return retry;
}

QJsonObject WorldStats::toJson() const
{
    QJsonArray spawnRows;
    for (const Spawn &spawn : spawns)
        spawnRows.append(QJsonObject{
            {QStringLiteral("number"), spawn.number},
            {QStringLiteral("origin"), spawn.origin},
            {QStringLiteral("label"), spawn.label},
            {QStringLiteral("attempt"), spawn.attempt},
            {QStringLiteral("childKey"), spawn.childKey},
            {QStringLiteral("parentKey"), spawn.parentKey},
            {QStringLiteral("receiptTaskId"), spawn.receiptTaskId},
            {QStringLiteral("ending"), spawn.ending},
            {QStringLiteral("status"), spawn.status},
        });
    QJsonArray retryRows;
    for (const Retry &retry : retries)
        retryRows.append(QJsonObject{
            {QStringLiteral("key"), retry.block.key()},
            {QStringLiteral("taskId"), retry.block.taskId},
            {QStringLiteral("attempt"), retry.block.attempt},
            {QStringLiteral("nextAttempt"), retry.block.nextAttempt},
            {QStringLiteral("label"), retry.block.label},
            {QStringLiteral("outcome"), retry.block.outcome},
            {QStringLiteral("failedChild"), retry.block.failedChild},
            {QStringLiteral("target"), retry.target},
            {QStringLiteral("received"), retry.received},
            {QStringLiteral("idempotencyKeys"), QJsonArray::fromStringList(retry.idempotencyKeys)},
            {QStringLiteral("respawns"), retry.respawns},
        });
    QJsonObject cancelRows;
    for (auto it = cancels.constBegin(); it != cancels.constEnd(); ++it) {
        QJsonObject methods;
        for (auto m = it->constBegin(); m != it->constEnd(); ++m)
            methods.insert(m.key(), m.value());
        cancelRows.insert(it.key(), methods);
    }
    return QJsonObject{
        {QStringLiteral("spawns"), spawnRows},
        {QStringLiteral("retries"), retryRows},
        {QStringLiteral("cancels"), cancelRows},
        {QStringLiteral("abortsWithClearQueued"), abortsWithClearQueued},
        {QStringLiteral("abortsIgnored"), abortsIgnored},
        {QStringLiteral("answersAbortedAtOnce"), answersAbortedAtOnce},
        {QStringLiteral("abortsWithoutClearQueued"), abortsWithoutClearQueued},
        {QStringLiteral("statusPosts"), statusPosts},
        {QStringLiteral("incidentPosts"), incidentPosts},
        {QStringLiteral("duplicateNotices"), duplicateNotices},
        {QStringLiteral("operatorMessages"), operatorMessages},
        {QStringLiteral("repeatedSends"), repeatedSends},
        {QStringLiteral("interruptedRuns"), interruptedRuns},
    };
}

} // namespace clawops::sim
