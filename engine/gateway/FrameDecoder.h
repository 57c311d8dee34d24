#pragma once

#include "GatewayJson.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace clawops::gateway {

class PayloadFilter;
class SimdjsonFrameReader;

// Which library turns frame text into JSON. The ingest benchmark measures both
// (clawops-bench --parser); simdjson is the default because it measured faster on the recorded
// traces and on the benchmark's workload (see README, "Benchmarks").
enum class JsonParser
{
    Qt,       // QJsonDocument
    Simdjson, // simdjson's DOM parser, then only the members wanted become QJson values
};

QString jsonParserName(JsonParser parser);
std::optional<JsonParser> jsonParserFromName(QStringView name);

// Frame text → the frame's JSON object, reusing its parser's buffers from frame to frame (one
// decoder per connection; not thread-safe).
//
// With an event filter, the payload of an event frame keeps only what the filter says its
// consumer reads (PayloadFilter); the other frames, and events the filter does not name, are
// decoded whole. Input simdjson refuses goes through QJsonDocument, so what is accepted and the
// error reported for what is not stay exactly those of GatewayJson's parseFrame().
class FrameDecoder
{
public:
    explicit FrameDecoder(JsonParser parser = JsonParser::Simdjson);
    ~FrameDecoder();
    FrameDecoder(const FrameDecoder &) = delete;
    FrameDecoder &operator=(const FrameDecoder &) = delete;

    JsonParser parser() const { return m_parser; }
    // Not owned; must outlive the decoder. Null decodes every payload whole.
    void setEventFilter(const PayloadFilter *filter) { m_filter = filter; }
    const PayloadFilter *eventFilter() const { return m_filter; }

    QJsonObject decode(const QByteArray &utf8, FrameParseError *error, QString *detail = nullptr);

private:
    JsonParser m_parser;
    const PayloadFilter *m_filter = nullptr;
    std::unique_ptr<SimdjsonFrameReader> m_simdjson;
};

} // namespace clawops::gateway
