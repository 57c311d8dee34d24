#pragma once

// Private to the files that read simdjson documents (JsonValidator.cpp, JsonRef.cpp): simdjson.h
// is 1.2 MB of header that no other file needs.
#include <simdjson.h>

namespace clawops::gateway {

// One frame's parsed document. It owns the tape and the decoded strings that JsonRefs into it
// read, so it lives as long as the Frame that holds it.
struct ParsedJson
{
    simdjson::dom::document doc;
};

} // namespace clawops::gateway
