// Frame text from the gateway → FrameDecoder and JsonRef.
//
// Checks, beyond "no crash, no leak, no undefined behaviour":
// - A frame is refused exactly when GatewayJson's parseFrame() refuses it, with the same reason
//   (FrameDecoder's promise), whichever parser FrameDecoder picked for it.
// - What it decodes (events read in place by simdjson, responses by QJsonDocument) has the type,
//   id, name, sequence number, payload and error parseFrame() gives.
// - Every value of that payload reads through JsonRef as through the QJsonValue parseFrame()
//   gave: type tests, toString/toBool/toDouble/toInteger (with defaults), value(key) for every
//   member, size(), first(), array iteration, and the Qt copy (JsonRef's promise).
#include "FuzzSupport.h"
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

// The frame as decoded against the one parseFrame() gives: same verdict, and for what came
// through the same type, name, sequence number and payload, read through JsonRef.
void checkAgainstParseFrame(FrameDecoder &decoder, const QByteArray &text)
{
    FrameParseError expectedError = FrameParseError::None;
    QString expectedDetail;
    const QJsonObject object = parseFrame(text, &expectedError, &expectedDetail);
    FrameParseError error = FrameParseError::None;
    QString detail;
    const Frame frame = decoder.decode(text, &error, &detail);
    if (error != expectedError || (error != FrameParseError::None && detail != expectedDetail))
        fail("decode() refuses differently from parseFrame()", text);
    if (error != FrameParseError::None)
        return;
    const Frame expected = Frame::fromJson(object);
    if (frame.type != expected.type || frame.name != expected.name || frame.seq != expected.seq ||
        frame.id != expected.id || frame.ok != expected.ok)
        fail("the frame's head differs from parseFrame()'s", text);
    compareReads(frame.payload, expected.payload.toQJsonValue(), 0);
    compareReads(frame.error, expected.error.toQJsonValue(), 0);
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

    // One decoder for the whole run, as one per connection: its reused buffers are part of what
    // is tested.
    static FrameDecoder decoder;
    checkAgainstParseFrame(decoder, text);
    return 0;
}
