#include "CommandCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace clawops::core {

namespace {

using Kind = OperatorCommand::Kind;
using ResultKind = CommandResult::Kind;

constexpr Kind kCommandKinds[] = {
    Kind::Verify,        Kind::Reject,    Kind::Answer,         Kind::ForceRetry,
    Kind::Kill,          Kind::MarkDead,  Kind::CancelRetry,    Kind::PauseRetries,
    Kind::ResumeRetries, Kind::CheckItem, Kind::DecideApproval, Kind::Claim,
    Kind::ReleaseClaim,
};

// Result kinds travel as their number: both ends are the same ClawOps (the schema version says
// so), and the last kind bounds what a row may hold.
constexpr int kLastResultKind = int(ResultKind::GatewayNotLive);

std::optional<QJsonObject> objectOf(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

std::optional<OperatorCommand::Kind> commandKindFromName(const QString &name)
{
    for (const Kind kind : kCommandKinds) {
        if (commandName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QByteArray commandToJson(const OperatorCommand &command)
{
    const QJsonObject object{
        {QStringLiteral("kind"), commandName(command.kind)},
        {QStringLiteral("taskId"), command.taskId.str()},
        {QStringLiteral("operator"), command.operatorName},
        {QStringLiteral("consoleHost"), command.consoleHost},
        {QStringLiteral("reason"), command.reason},
        {QStringLiteral("text"), command.text},
        {QStringLiteral("retry"), command.retry},
        {QStringLiteral("itemIndex"), command.itemIndex},
        {QStringLiteral("ticked"), command.ticked},
        {QStringLiteral("approvalId"), command.approvalId},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<OperatorCommand> commandFromJson(const QByteArray &json)
{
    const std::optional<QJsonObject> object = objectOf(json);
    if (!object)
        return std::nullopt;
    const std::optional<Kind> kind =
        commandKindFromName(object->value(QStringLiteral("kind")).toString());
    if (!kind)
        return std::nullopt;
    OperatorCommand command;
    command.kind = *kind;
    command.taskId = TaskId(object->value(QStringLiteral("taskId")).toString());
    command.operatorName = object->value(QStringLiteral("operator")).toString();
    command.consoleHost = object->value(QStringLiteral("consoleHost")).toString();
    command.reason = object->value(QStringLiteral("reason")).toString();
    command.text = object->value(QStringLiteral("text")).toString();
    command.retry = object->value(QStringLiteral("retry")).toBool();
    command.itemIndex = object->value(QStringLiteral("itemIndex")).toInt(-1);
    command.ticked = object->value(QStringLiteral("ticked")).toBool();
    command.approvalId = object->value(QStringLiteral("approvalId")).toString();
    return command;
}

QByteArray commandResultToJson(const CommandResult &result)
{
    QJsonArray wanted;
    for (const TaskState state : result.wanted)
        wanted.append(stateName(state));
    const QJsonObject object{
        {QStringLiteral("kind"), int(result.kind)},
        {QStringLiteral("ok"), result.ok},
        {QStringLiteral("taskId"), result.taskId.str()},
        {QStringLiteral("state"), stateName(result.state)},
        {QStringLiteral("wanted"), wanted},
        {QStringLiteral("subject"), result.subject},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<CommandResult> commandResultFromJson(const QByteArray &json)
{
    const std::optional<QJsonObject> object = objectOf(json);
    if (!object)
        return std::nullopt;
    const int kind = object->value(QStringLiteral("kind")).toInt(-1);
    if (kind < 0 || kind > kLastResultKind)
        return std::nullopt;
    CommandResult result;
    result.kind = ResultKind(kind);
    result.ok = object->value(QStringLiteral("ok")).toBool();
    result.taskId = TaskId(object->value(QStringLiteral("taskId")).toString());
    result.state = taskStateFromString(object->value(QStringLiteral("state")).toString())
                       .value_or(TaskState::Queued);
    const QJsonArray wanted = object->value(QStringLiteral("wanted")).toArray();
    for (const QJsonValue state : wanted) {
        if (const std::optional<TaskState> parsed = taskStateFromString(state.toString()))
            result.wanted.append(*parsed);
    }
    result.subject = object->value(QStringLiteral("subject")).toString();
    return result;
}

} // namespace clawops::core
