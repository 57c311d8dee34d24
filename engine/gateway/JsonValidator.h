#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace clawops::gateway {

struct ParsedJson;

// Whether a text is one well-formed JSON document, by simdjson's DOM parser (the whole grammar,
// UTF-8 included, at several hundred MB/s), keeping simdjson.h (1.2 MB) out of every other file.
// Reuses its buffers from call to call: one per connection, not thread-safe.
class JsonValidator
{
public:
    JsonValidator();
    ~JsonValidator();
    JsonValidator(const JsonValidator &) = delete;
    JsonValidator &operator=(const JsonValidator &) = delete;

    bool isValid(QByteArrayView text);

    // What a valid frame says of itself, read from the parsed document, so that no second scan of
    // the text is needed to route it. Values as QJsonDocument reads them: escapes decoded, and of
    // a member given twice the last one counts.
    struct Frame
    {
        bool valid = false;    // one well-formed JSON document
        bool isObject = false; // ... and an object
        bool isEvent = false;  // ... whose `type` is the string "event"
        QByteArray event;      // its `event` when that is a string (empty otherwise)
    };
    // Also fills `frame.event` only for events; reuses its storage.
    void inspect(QByteArrayView text, Frame &frame);
    // The same, parsing into a document of its own that the caller keeps (null when the text is
    // not valid JSON), so that the frame can be read in place after the next parse (JsonRef).
    std::shared_ptr<const ParsedJson> parse(QByteArrayView text, Frame &frame);

private:
    struct State;
    std::unique_ptr<State> d;
};

} // namespace clawops::gateway
