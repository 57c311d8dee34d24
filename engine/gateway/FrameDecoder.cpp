#include "FrameDecoder.h"

#include "JsonValidator.h"

#include <iterator>

namespace clawops::gateway {

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// Whether the first or the last member of the text is "type":"res". Only a hint for choosing the
// parser: whatever the text holds is decoded right either way.
bool namesItselfResponse(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isJsonSpace(text.at(begin)))
        ++begin;
    while (end > begin && isJsonSpace(text.at(end - 1)))
        --end;
    const QByteArrayView trimmed = text.sliced(begin, end - begin);
    return trimmed.startsWith(QByteArrayView("{\"type\":\"res\",")) ||
           trimmed.endsWith(QByteArrayView(",\"type\":\"res\"}"));
}

// The names of nearly every frame, made once: a QString per frame was an allocation per frame,
// freed on the other thread.
QString eventName(const JsonRef &event)
{
    static const QString kKnown[] = {
        QStringLiteral("agent"),
        QStringLiteral("chat"),
        QStringLiteral("sessions.changed"),
        QStringLiteral("session.message"),
        QStringLiteral("session.tool"),
        QStringLiteral("task"),
        QStringLiteral("tick"),
        QStringLiteral("health"),
        QStringLiteral("presence"),
        QStringLiteral("heartbeat"),
    };
    static const QByteArray kKnownUtf8[] = {
        "agent", "chat", "sessions.changed", "session.message", "session.tool",
        "task",  "tick", "health",           "presence",        "heartbeat"};
    static_assert(std::size(kKnown) == std::size(kKnownUtf8));
    for (size_t i = 0; i < std::size(kKnownUtf8); ++i) {
        if (event.equals(QLatin1StringView(kKnownUtf8[i])))
            return kKnown[i];
    }
    return event.toString();
}

} // namespace

FrameDecoder::FrameDecoder()
    : m_validator(std::make_unique<JsonValidator>())
{}

FrameDecoder::~FrameDecoder() = default;

Frame FrameDecoder::decode(const QByteArray &utf8, FrameParseError *error, QString *detail)
{
    if (!namesItselfResponse(utf8)) {
        ++m_counts.simdjson;
        std::shared_ptr<const ParsedJson> document = m_validator->parse(utf8);
        // Not JSON to simdjson: QJsonDocument decides. Not an event: taken whole below.
        if (document) {
            const auto [type, event, seq, payload] =
                JsonRef::rootOf(*document).values({QLatin1String("type"), QLatin1String("event"),
                                                   QLatin1String("seq"), QLatin1String("payload")});
            if (type.equals(QLatin1String("event"))) {
                Frame frame;
                frame.type = Frame::Type::Event;
                frame.name = eventName(event);
                // As Frame::fromJson(): sequence numbers are integers on the wire; anything else
                // is absent.
                if (seq.isDouble() && seq.toDouble() >= 0)
                    frame.seq = seq.toInteger(-1);
                frame.payload = payload;
                frame.document = std::move(document);
                *error = FrameParseError::None;
                return frame;
            }
        }
    }
    ++m_counts.qjson;
    return Frame::fromJson(parseFrame(utf8, error, detail));
}

} // namespace clawops::gateway
