#pragma once

#include "PayloadFilter.h"

#include <QByteArray>
#include <QByteArrayView>

namespace clawops::gateway {

// Frame text in, frame text out: an event frame with its payload reduced to what a
// PayloadFilter keeps, the kept members copied byte for byte, so that QJsonDocument reads from the
// (much shorter) result exactly the values it would have read from the whole frame.
//
// It only finds where values start and end; it does not check the grammar inside the values it
// skips. The caller validates the whole text first (FrameDecoder does, with simdjson). Reading
// stays within the text whatever it holds.
class FrameReducer
{
public:
    enum class Result
    {
        Reduced,    // `out` holds the reduced frame
        Unfiltered, // not an event, or an event the filter keeps whole: use the text as it is
        Unsure,     // escaped member names, or not an object: leave it to a real parser
    };

    static Result reduce(QByteArrayView text, const PayloadFilter::Node &payloadRule,
                         QByteArray &out);
};

} // namespace clawops::gateway
