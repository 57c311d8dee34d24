#pragma once

#include "Frame.h"
#include "GatewayJson.h"
#include "JsonValidator.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace clawops::gateway {

class PayloadFilter;

// How frame text becomes what the engine reads (clawops-bench --parser compares them; README,
// "Benchmarks", has the numbers):
// - Simdjson (the default): simdjson parses each frame once; events are read in place through
//   JsonRef (decodeEvent()), so no QJsonObject is built for the members nobody reads. Other
//   frames (responses, which may carry large lists) are decoded by QJsonDocument.
// - Qt: QJsonDocument parses every frame; an event filter then reduces event payloads to what
//   their consumer reads.
enum class JsonParser
{
    Qt,
    Simdjson,
};

QString jsonParserName(JsonParser parser);
std::optional<JsonParser> jsonParserFromName(QStringView name);

// Frame text → frames; one decoder per connection (it reuses its buffers; not thread-safe).
// Whatever the parser, what is accepted and the error reported for what is not are those of
// GatewayJson's parseFrame(): text simdjson is unsure of goes to QJsonDocument.
class FrameDecoder
{
public:
    explicit FrameDecoder(JsonParser parser = JsonParser::Simdjson);
    ~FrameDecoder();
    FrameDecoder(const FrameDecoder &) = delete;
    FrameDecoder &operator=(const FrameDecoder &) = delete;

    JsonParser parser() const { return m_parser; }
    // For the Qt parser: event payloads keep only what the filter says their consumer reads
    // (PayloadFilter). Not owned; must outlive the decoder. Null (the default) keeps them whole.
    void setEventFilter(const PayloadFilter *filter) { m_filter = filter; }
    const PayloadFilter *eventFilter() const { return m_filter; }

    // With simdjson: a valid event frame as a Frame read in place (true); anything else (false)
    // is left to decode().
    bool decodeEvent(const QByteArray &utf8, Frame &frame);
    // The frame as a JSON object.
    QJsonObject decode(const QByteArray &utf8, FrameParseError *error, QString *detail = nullptr);
    // decodeEvent(), else decode() as a Frame; `error` says whether there was a frame at all.
    Frame decodeFrame(const QByteArray &utf8, FrameParseError *error, QString *detail = nullptr);

private:
    JsonParser m_parser;
    const PayloadFilter *m_filter = nullptr;
    std::unique_ptr<JsonValidator> m_validator;
};

} // namespace clawops::gateway
