#pragma once

#include "Frame.h"
#include "GatewayJson.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace clawops::gateway {

class JsonValidator;

// Frame text → Frame; one decoder per connection (it reuses its buffers; not thread-safe).
//
// Each frame is parsed once, by the parser that suits what it is:
// - events (nearly all the traffic) by simdjson, their payload read in place through JsonRef,
//   so no Qt value is built for the members nobody reads;
// - responses by QJsonDocument: their payloads are handed on as Qt values, and QJsonDocument
//   builds those from text faster than anything can from simdjson's tape. A response is told
//   from the text's ends (the gateway writes "type" first; QJsonDocument, and so the simulated
//   gateway and the recorded traces, writes it last), without parsing.
// What is accepted, and the error reported for what is not, are those of GatewayJson's
// parseFrame(): text simdjson refuses goes to QJsonDocument, which accepts a few texts simdjson
// does not (integers beyond 64 bits) and words the errors.
class FrameDecoder
{
public:
    FrameDecoder();
    ~FrameDecoder();
    FrameDecoder(const FrameDecoder &) = delete;
    FrameDecoder &operator=(const FrameDecoder &) = delete;

    // The frame in `utf8`. `error` says whether there was a frame at all; `detail` (optional)
    // gets QJsonDocument's explanation when not.
    Frame decode(const QByteArray &utf8, FrameParseError *error, QString *detail = nullptr);

    // Parses run so far by each parser (a frame whose ends mislead costs two).
    struct ParseCounts
    {
        qint64 simdjson = 0;
        qint64 qjson = 0;
    };
    const ParseCounts &parseCounts() const { return m_counts; }

private:
    std::unique_ptr<JsonValidator> m_validator;
    ParseCounts m_counts;
};

} // namespace clawops::gateway
