#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace clawops::gateway {

// The only place frame text becomes JSON and back, so the parser can be swapped once the
// ingest benchmark has picked one.

enum class FrameParseError
{
    None,
    Malformed, // not JSON, or truncated
    NotObject, // valid JSON, but not an object (array, string, number, ...)
};

// Parses one text frame (UTF-8 bytes). On failure returns an empty object and sets `error`;
// `detail` (optional) receives the parser's explanation.
QJsonObject parseFrame(const QByteArray &utf8, FrameParseError *error, QString *detail = nullptr);
// Compact UTF-8 JSON for the wire.
QByteArray serializeFrame(const QJsonObject &frame);

} // namespace clawops::gateway
