#include "FrameDecoder.h"

#include "FrameReducer.h"
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

QJsonObject FrameDecoder::decode(const QByteArray &utf8, FrameParseError *error, QString *detail)
{
    if (!m_filter || !m_validator)
        return decodeWhole(utf8, error, detail);
    // FrameReducer skips what it drops without looking inside: the whole frame is checked first,
    // so that a frame QJsonDocument would refuse is still refused. The same parse names the event,
    // wherever its members stand in the text (the gateway sends `type` and `event` first, a
    // re-serialised frame sorts them after the payload).
    m_validator->inspect(utf8, m_head);
    if (!m_head.valid || !m_head.isEvent)
        return decodeWhole(utf8, error, detail);
    const PayloadFilter::Node *rule = m_filter->ruleFor(
        std::string_view(m_head.event.constData(), size_t(m_head.event.size())));
    if (!rule || FrameReducer::reduce(utf8, *rule, m_reduced) != FrameReducer::Result::Reduced)
        return decodeWhole(utf8, error, detail);
    QJsonObject frame = parseFrame(m_reduced, error, detail);
    if (*error != FrameParseError::None)
        return decodeWhole(utf8, error, detail); // not expected; the whole text decides
    return frame;
}

QJsonObject FrameDecoder::decodeWhole(const QByteArray &utf8, FrameParseError *error,
                                      QString *detail)
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

} // namespace clawops::gateway
