#pragma once

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

    // Parses `text` into a document of its own that the caller keeps (null when the text is not
    // valid JSON), so that the frame can be read in place after the next parse (JsonRef).
    std::shared_ptr<const ParsedJson> parse(QByteArrayView text);

private:
    struct State;
    std::unique_ptr<State> d;
};

} // namespace clawops::gateway
