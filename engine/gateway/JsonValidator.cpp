#include "JsonValidator.h"

#include <simdjson.h>

namespace clawops::gateway {

struct JsonValidator::State
{
    simdjson::dom::parser parser;
};

JsonValidator::JsonValidator()
    : d(std::make_unique<State>())
{}

JsonValidator::~JsonValidator() = default;

bool JsonValidator::isValid(QByteArrayView text)
{
    simdjson::dom::element root;
    // The parser copies the text into its own padded buffer, reused from call to call.
    return d->parser.parse(text.data(), size_t(text.size()), true).get(root) == simdjson::SUCCESS;
}

} // namespace clawops::gateway
