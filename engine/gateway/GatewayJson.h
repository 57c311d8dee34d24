#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
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

// A JSON number as a whole count or milliseconds, truncated. Converting a double past qint64 to
// an integer is undefined, and no real count or timestamp lies beyond JavaScript's exact integers
// (2^53), so those, and anything not finite, give the fallback.
qint64 wholeNumber(double number, qint64 fallback = 0);
inline qint64 wholeNumber(const QJsonValue &value, qint64 fallback = 0)
{
    return value.isDouble() ? wholeNumber(value.toDouble(), fallback) : fallback;
}

} // namespace clawops::gateway
