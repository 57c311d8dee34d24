#pragma once

#include "SimTypes.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace clawops::sim {

// The closed-schema part of connect validation (ConnectParamsSchema with
// additionalProperties:false, the client id/mode enums, the protocol range), with the
// gateway's own error texts. Credentials and the device signature are checked by the server.
std::optional<SimError> validateConnectSchema(const QJsonObject &params);
std::optional<SimError> validateProtocolRange(const QJsonObject &params, int serverProtocol);

const QStringList &simAllowedClientIds();
const QStringList &simAllowedClientModes();
const QStringList &simOperatorScopes();

} // namespace clawops::sim
