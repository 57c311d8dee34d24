// Frame text from the gateway → FrameDecoder, both parsers, and JsonRef.
//
// Checks, beyond "no crash, no leak, no undefined behaviour":
// - Whatever the parser, a frame is refused exactly when GatewayJson's parseFrame() refuses it,
//   with the same reason (FrameDecoder's promise).
// - An event simdjson reads in place (decodeEvent()) has the name, sequence number and payload
//   parseFrame() gives.
// - Every value of that payload reads through JsonRef as through the QJsonValue parseFrame()
//   gave: type tests, toString/toBool/toDouble/toInteger (with defaults), value(key) for every
//   member, size(), first(), array iteration, and the Qt copy (JsonRef's promise).
// - The Qt parser with the adapter's payload filter decodes anything without failing.
#include "FuzzSupport.h"
#include "gateway/Adapter.h"
#include "gateway/FrameDecoder.h"
#include "gateway/GatewayJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace clawops::gateway;
using clawops::fuzz::fail;

namespace {

bool sameNumber(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

QByteArray show(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
}

bool isAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

void compareReads(const JsonRef &ref, const QJsonValue &qt, int depth);

void compareMembers(const JsonRef &ref, const QJsonObject &object, int depth)
{
    // The adapter names members in ASCII (QLatin1StringView); other keys it never asks for.
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!isAscii(it.key()))
            continue;
        const QByteArray key = it.key().toLatin1();
        compareReads(ref.value(QLatin1StringView(key)), it.value(), depth + 1);
    }
}

void compareElements(const JsonRef &ref, const QJsonArray &array, int depth)
{
    qsizetype index = 0;
    for (const JsonRef element : ref) {
        if (index >= array.size())
            fail("JsonRef iterates past the end of the array", show(array));
        compareReads(element, array.at(index), depth + 1);
        ++index;
    }
    if (index != array.size())
        fail("JsonRef iterates fewer elements than the array has", show(array));
}

// Reads `ref` the way the adapter reads payloads and checks each read against `qt`.
void compareReads(const JsonRef &ref, const QJsonValue &qt, int depth)
{
    if (ref.isUndefined() != qt.isUndefined() || ref.isNull() != qt.isNull() ||
        ref.isBool() != qt.isBool() || ref.isDouble() != qt.isDouble() ||
        ref.isString() != qt.isString() || ref.isArray() != qt.isArray() ||
        ref.isObject() != qt.isObject())
        fail("JsonRef's type differs from QJsonValue's", show(qt));
    if (ref.toString() != qt.toString() || ref.toBool(true) != qt.toBool(true) ||
        ref.toBool(false) != qt.toBool(false))
        fail("a JsonRef string or bool read differs", show(qt));
    if (!sameNumber(ref.toDouble(-3.5), qt.toDouble(-3.5)) || ref.toInteger(-7) != qt.toInteger(-7))
        fail("a JsonRef number read differs", show(qt));
    const qsizetype qtSize =
        qt.isObject() ? qt.toObject().size() : (qt.isArray() ? qt.toArray().size() : 0);
    if (ref.size() != qtSize || ref.isEmpty() != (qtSize == 0))
        fail("JsonRef's size differs", show(qt));
    if (ref.toQJsonValue() != qt)
        fail("JsonRef's Qt copy differs", show(qt));
    const QJsonValue first = qt.isArray() && !qt.toArray().isEmpty()
                                 ? qt.toArray().first()
                                 : QJsonValue(QJsonValue::Undefined);
    if (ref.first().toQJsonValue() != first)
        fail("JsonRef's first() differs", show(qt));
    if (!ref.value(QLatin1String("\x01missing")).isUndefined())
        fail("JsonRef found a member that is not there", show(qt));
    if (ref.toObject().isObject() != true || ref.toArray().isArray() != true)
        fail("JsonRef's toObject()/toArray() is not an object/array", show(qt));
    if (depth > 64)
        return; // deep enough: the parsers bound the nesting, not the time it takes to walk it
    if (qt.isObject())
        compareMembers(ref, qt.toObject(), depth);
    else if (qt.isArray())
        compareElements(ref, qt.toArray(), depth);
    else if (!(ref.begin() == ref.end()) || ref.toObject().size() != 0)
        fail("JsonRef iterates a scalar", show(qt));
}

void checkInPlace(FrameDecoder &decoder, const QByteArray &text)
{
    Frame inPlace;
    if (!decoder.decodeEvent(text, inPlace))
        return;
    FrameParseError error = FrameParseError::None;
    const QJsonObject object = parseFrame(text, &error);
    if (error != FrameParseError::None ||
        object.value(QLatin1String("type")).toString() != QLatin1String("event"))
        fail("an event read in place that parseFrame() refuses", text);
    const Frame expected = Frame::fromJson(object);
    if (inPlace.name != expected.name || inPlace.seq != expected.seq)
        fail("the event's name or seq differs from parseFrame()'s", text);
    if (!inPlace.payload.isEmpty() || inPlace.payloadView().toQJsonObject() != expected.payload)
        fail("the event's payload differs from parseFrame()'s", text);
    compareReads(inPlace.payloadView(), expected.payload, 0);
    if (inPlace.toJson() != expected.toJson())
        fail("Frame::toJson() differs between the parsers", text);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    clawops::fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = clawops::fuzz::toBytes(data, size);

    // One decoder per parser for the whole run, as one per connection: their reused buffers are
    // part of what is tested.
    static FrameDecoder simdjson(JsonParser::Simdjson);
    static FrameDecoder qt(JsonParser::Qt);
    qt.setEventFilter(&GatewayAdapter::payloadFilter());

    checkInPlace(simdjson, text);

    FrameParseError expectedError = FrameParseError::None;
    QString expectedDetail;
    parseFrame(text, &expectedError, &expectedDetail);
    for (FrameDecoder *decoder : {&simdjson, &qt}) {
        FrameParseError error = FrameParseError::None;
        QString detail;
        const Frame frame = decoder->decodeFrame(text, &error, &detail);
        if (error != expectedError || (error != FrameParseError::None && detail != expectedDetail))
            fail("decodeFrame() refuses differently from parseFrame()", text);
        // Whatever came through reads without failing, as the adapter would read it.
        compareReads(frame.payloadView(), frame.payloadView().toQJsonValue(), 0);
    }
    return 0;
}
