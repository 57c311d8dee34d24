#include "FrameDecoder.h"

#include "PayloadFilter.h"
#include "SimdjsonFrameReader.h"

#include <QJsonValue>

namespace clawops::gateway {

QString jsonParserName(JsonParser parser)
{
    return parser == JsonParser::Qt ? QStringLiteral("qjson") : QStringLiteral("simdjson");
}

std::optional<JsonParser> jsonParserFromName(QStringView name)
{
    if (name == QLatin1String("qjson") || name == QLatin1String("qt"))
        return JsonParser::Qt;
    if (name == QLatin1String("simdjson"))
        return JsonParser::Simdjson;
    return std::nullopt;
}

FrameDecoder::FrameDecoder(JsonParser parser)
    : m_parser(parser)
{
    if (m_parser == JsonParser::Simdjson)
        m_simdjson = std::make_unique<SimdjsonFrameReader>();
}

FrameDecoder::~FrameDecoder() = default;

QJsonObject FrameDecoder::decode(const QByteArray &utf8, FrameParseError *error, QString *detail)
{
    if (m_simdjson) {
        QJsonObject frame;
        switch (m_simdjson->read(utf8, m_filter, frame)) {
        case SimdjsonFrameReader::Result::Object:
            *error = FrameParseError::None;
            return frame;
        case SimdjsonFrameReader::Result::NotObject:
        case SimdjsonFrameReader::Result::Refused:
            break; // rare: the reference parser decides, and words the error
        }
    }
    QJsonObject frame = parseFrame(utf8, error, detail);
    if (!m_filter || *error != FrameParseError::None)
        return frame;
    // The Qt path filters after the fact: the parse is paid in full, only the consumer's reads
    // get cheaper. Kept so that both parsers hand the consumer the same values.
    if (frame.value(QLatin1String("type")).toString() != QLatin1String("event"))
        return frame;
    const auto payload = frame.constFind(QLatin1String("payload"));
    if (payload == frame.constEnd() || !payload->isObject())
        return frame;
    const QString event = frame.value(QLatin1String("event")).toString();
    if (m_filter->ruleFor(QStringView(event)))
        frame.insert(QLatin1String("payload"), m_filter->apply(event, payload->toObject()));
    return frame;
}

} // namespace clawops::gateway
