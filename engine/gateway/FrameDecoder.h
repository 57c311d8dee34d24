#pragma once

#include "GatewayJson.h"
#include "JsonValidator.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace clawops::gateway {

class PayloadFilter;

// How frame text becomes JSON when an event filter is set (clawops-bench --parser compares them;
// README, "Benchmarks", has the numbers):
// - Qt: QJsonDocument parses the whole frame; the filter then reduces the payload.
// - Simdjson (the default): simdjson validates the whole frame, FrameReducer copies out only the
//   members the filter keeps, and QJsonDocument parses that much shorter text. Building
//   QJsonObjects from simdjson's DOM directly measured slower than QJsonDocument itself, so
//   frames wanted whole (responses, unfiltered events) always go straight to QJsonDocument.
enum class JsonParser
{
    Qt,
    Simdjson,
};

QString jsonParserName(JsonParser parser);
std::optional<JsonParser> jsonParserFromName(QStringView name);

// Frame text → the frame's JSON object; one decoder per connection (it reuses its buffers; not
// thread-safe).
//
// With an event filter, the payload of an event frame keeps only what the filter says its
// consumer reads (PayloadFilter); other frames, and events the filter does not name, are decoded
// whole. Whatever the parser, what is accepted and the error reported for what is not are those
// of GatewayJson's parseFrame(): text simdjson or FrameReducer is unsure of goes through
// QJsonDocument whole.
class FrameDecoder
{
public:
    explicit FrameDecoder(JsonParser parser = JsonParser::Simdjson);
    ~FrameDecoder();
    FrameDecoder(const FrameDecoder &) = delete;
    FrameDecoder &operator=(const FrameDecoder &) = delete;

    JsonParser parser() const { return m_parser; }
    // Not owned; must outlive the decoder. Null (the default) decodes every payload whole.
    void setEventFilter(const PayloadFilter *filter) { m_filter = filter; }
    const PayloadFilter *eventFilter() const { return m_filter; }

    QJsonObject decode(const QByteArray &utf8, FrameParseError *error, QString *detail = nullptr);

private:
    QJsonObject decodeWhole(const QByteArray &utf8, FrameParseError *error, QString *detail);

    JsonParser m_parser;
    const PayloadFilter *m_filter = nullptr;
    std::unique_ptr<JsonValidator> m_validator;
    JsonValidator::Frame m_head; // reused from frame to frame
    QByteArray m_reduced; // reused from frame to frame
};

} // namespace clawops::gateway
