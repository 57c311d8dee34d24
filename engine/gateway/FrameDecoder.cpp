#include "FrameDecoder.h"

#include "JsonValidator.h"
#include "PayloadFilter.h"

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
        m_validator = std::make_unique<JsonValidator>();
}

FrameDecoder::~FrameDecoder() = default;

bool FrameDecoder::decodeEvent(const QByteArray &utf8, Frame &frame)
{
    if (!m_validator)
        return false;
    std::shared_ptr<const ParsedJson> document = m_validator->parse(utf8);
    // Not JSON to simdjson: QJsonDocument decides (it accepts a few texts simdjson refuses, such
    // as integers beyond 64 bits). Not an event: decode() takes it whole.
    if (!document)
        return false;
    const JsonRef root = JsonRef::rootOf(*document);
    if (root.value(QLatin1String("type")).toString() != QLatin1String("event"))
        return false;
    frame = Frame{};
    frame.type = Frame::Type::Event;
    frame.name = root.value(QLatin1String("event")).toString();
    // As Frame::fromJson(): sequence numbers are integers on the wire; anything else is absent.
    const JsonRef seq = root.value(QLatin1String("seq"));
    if (seq.isDouble() && seq.toDouble() >= 0)
        frame.seq = seq.toInteger(-1);
    frame.documentPayload = root.value(QLatin1String("payload")).toObject();
    frame.document = std::move(document);
    return true;
}

QJsonObject FrameDecoder::decode(const QByteArray &utf8, FrameParseError *error, QString *detail)
{
    QJsonObject frame = parseFrame(utf8, error, detail);
    if (!m_filter || *error != FrameParseError::None ||
        frame.value(QLatin1String("type")).toString() != QLatin1String("event"))
        return frame;
    const auto payload = frame.constFind(QLatin1String("payload"));
    if (payload == frame.constEnd() || !payload->isObject())
        return frame;
    const QString event = frame.value(QLatin1String("event")).toString();
    if (m_filter->ruleFor(QStringView(event)))
        frame.insert(QLatin1String("payload"), m_filter->apply(event, payload->toObject()));
    return frame;
}

Frame FrameDecoder::decodeFrame(const QByteArray &utf8, FrameParseError *error, QString *detail)
{
    Frame frame;
    if (decodeEvent(utf8, frame)) {
        *error = FrameParseError::None;
        return frame;
    }
    return Frame::fromJson(decode(utf8, error, detail));
}

} // namespace clawops::gateway
