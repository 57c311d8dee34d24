#pragma once

#include "OperatorCommand.h"

#include <QByteArray>

#include <optional>

namespace clawops::core {

// Operator commands and their results as JSON, for the queue through which a console whose engine
// follows sends its commands to the acting engine (clawops_commands). Both ends are ClawOps; a
// row that does not read back (another version's kind, damage) reads as nullopt, never as a
// different command.
QByteArray commandToJson(const OperatorCommand &command);
std::optional<OperatorCommand> commandFromJson(const QByteArray &json);
QByteArray commandResultToJson(const CommandResult &result);
std::optional<CommandResult> commandResultFromJson(const QByteArray &json);

// The inverse of commandName(); nullopt for a name it does not make.
std::optional<OperatorCommand::Kind> commandKindFromName(const QString &name);

} // namespace clawops::core
