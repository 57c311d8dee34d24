#pragma once

#include <QByteArrayView>
#include <QJsonObject>

#include <memory>

namespace clawops::gateway {

class PayloadFilter;

// FrameDecoder's simdjson side, apart so that only one file includes simdjson.h (1.2 MB).
class SimdjsonFrameReader
{
public:
    enum class Result
    {
        Object,    // `out` holds the frame
        NotObject, // valid JSON, but not an object
        Refused,   // not parsed: let QJsonDocument decide (and explain)
    };

    SimdjsonFrameReader();
    ~SimdjsonFrameReader();
    SimdjsonFrameReader(const SimdjsonFrameReader &) = delete;
    SimdjsonFrameReader &operator=(const SimdjsonFrameReader &) = delete;

    Result read(QByteArrayView utf8, const PayloadFilter *filter, QJsonObject &out);

private:
    struct State;
    std::unique_ptr<State> d;
};

} // namespace clawops::gateway
