// gateway::FrameDecoder must hand out exactly what QJsonDocument (GatewayJson's parseFrame, then
// Frame::fromJson) gives: the same frames for every recorded frame, the same verdict and wording
// for what is refused. Events are read in place (JsonRef into simdjson's document) and must read
// as the Qt-parsed frame does, value for value; every frame is parsed once.
#include "gateway/FrameDecoder.h"
#include "gateway/GatewayJson.h"
#include "gateway/JsonValidator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace clawops::gateway;

namespace {

QByteArray compact(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
}

// Same values and the same serialisation (integers stay integers, doubles doubles).
void compareFrames(const Frame &actual, const Frame &expected, const QByteArray &text)
{
    QVERIFY2(actual.type == expected.type, text.constData());
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.name, expected.name);
    QCOMPARE(actual.ok, expected.ok);
    QCOMPARE(actual.seq, expected.seq);
    QVERIFY2(actual.payload.toQJsonValue() == expected.payload.toQJsonValue(), text.constData());
    QCOMPARE(compact(actual.payload.toQJsonValue()), compact(expected.payload.toQJsonValue()));
    QVERIFY2(actual.error.toQJsonValue() == expected.error.toQJsonValue(), text.constData());
    QCOMPARE(actual.error.isUndefined(), expected.error.isUndefined());
}

struct Decoded
{
    Frame frame;
    FrameParseError error = FrameParseError::None;
    QString detail;
};

Decoded decodeWith(FrameDecoder &decoder, const QByteArray &text)
{
    Decoded out;
    out.frame = decoder.decode(text, &out.error, &out.detail);
    return out;
}

Decoded reference(const QByteArray &text)
{
    Decoded out;
    out.frame = Frame::fromJson(parseFrame(text, &out.error, &out.detail));
    return out;
}

void compareDecoded(const Decoded &actual, const Decoded &expected, const QByteArray &text)
{
    QVERIFY2(actual.error == expected.error, text.constData());
    QCOMPARE(actual.detail, expected.detail);
    compareFrames(actual.frame, expected.frame, text);
}

// As QJsonDocument writes them: keys sorted, so "type" comes last.
QList<QByteArray> recordedFrames()
{
    QList<QByteArray> frames;
    const QDir traces(QStringLiteral(CLAWOPS_TEST_DATA_DIR "/traces"));
    for (const QString &name : traces.entryList({QStringLiteral("*.jsonl")}, QDir::Files)) {
        QFile file(traces.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        while (!file.atEnd()) {
            const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
            if (line.value(QLatin1String("frame")).isObject())
                frames.append(QJsonDocument(line.value(QLatin1String("frame")).toObject())
                                  .toJson(QJsonDocument::Compact));
        }
    }
    QFile hello(QStringLiteral(CLAWOPS_GATEWAY_DATA_DIR "/hello-ok.json"));
    if (hello.open(QIODevice::ReadOnly))
        frames.append(hello.readAll());
    return frames;
}

// As the gateway writes them: "type" first.
QByteArray typeFirst(const QByteArray &text)
{
    QJsonObject object = QJsonDocument::fromJson(text).object();
    const QString type = object.take(QLatin1String("type")).toString();
    QByteArray rest = QJsonDocument(object).toJson(QJsonDocument::Compact);
    rest.remove(0, 1); // the opening brace
    return "{\"type\":\"" + type.toUtf8() + "\"" + (object.isEmpty() ? "" : ",") + rest;
}

// members(), values() and equals() against the QJsonObject.
void compareReaders(const JsonRef &view, const QJsonObject &payload)
{
    const QList<std::pair<QString, JsonRef>> members = view.members();
    QCOMPARE(members.size(), payload.size());
    qsizetype i = 0;
    for (auto it = payload.constBegin(); it != payload.constEnd(); ++it, ++i) {
        QCOMPARE(members.at(i).first, it.key());
        QCOMPARE(members.at(i).second.toQJsonValue(), it.value());
        const QString text = it.value().toString();
        bool ascii = true;
        for (const QChar c : text)
            ascii = ascii && c.unicode() < 0x80;
        const QByteArray latin1 = text.toLatin1();
        if (it.value().isString() && ascii)
            QVERIFY(view.value(QLatin1StringView(it.key().toLatin1()))
                        .equals(QLatin1StringView(latin1)));
        QVERIFY(!members.at(i).second.equals(QLatin1StringView(latin1 + "~")));
        if (!it.value().isString())
            QVERIFY(!members.at(i).second.equals(QLatin1String("")));
    }
    const QStringList keys = payload.keys();
    const QByteArray first = keys.value(0).toLatin1();
    const QByteArray last = keys.value(keys.size() - 1).toLatin1();
    const auto [a, missing, b] = view.values(
        {QLatin1StringView(first), QLatin1String("no such member"), QLatin1StringView(last)});
    QCOMPARE(a.toQJsonValue(), view.value(QLatin1StringView(first)).toQJsonValue());
    QVERIFY(missing.isUndefined());
    QCOMPARE(b.toQJsonValue(), view.value(QLatin1StringView(last)).toQJsonValue());
    QVERIFY(view.value(QLatin1StringView(first)).toQJsonValue() ==
            payload.value(QString::fromLatin1(first)));
}

// The frame read in place against what Frame::fromJson() makes of the Qt-parsed text.
void compareInPlace(FrameDecoder &decoder, const QByteArray &text)
{
    FrameParseError error = FrameParseError::None;
    const QJsonObject object = parseFrame(text, &error);
    const Frame parsed = decoder.decode(text, &error);
    const bool isEvent = error == FrameParseError::None &&
                         object.value(QLatin1String("type")).toString() == QLatin1String("event");
    if (!parsed.document) {
        // Only what QJsonDocument accepts and simdjson does not may be left to QJsonDocument.
        QVERIFY2(!isEvent || !JsonValidator().isValid(text), text.constData());
        return;
    }
    QVERIFY2(isEvent, text.constData());
    const Frame expected = Frame::fromJson(object);
    compareFrames(parsed, expected, text);
    // Member by member through the view, too (that is how the adapter reads).
    const JsonRef view = parsed.payload.toObject();
    const QJsonObject payload = expected.payload.toQJsonObject();
    compareReaders(view, payload);
    compareReaders(JsonRef(payload), payload);
    for (auto it = payload.constBegin(); it != payload.constEnd(); ++it) {
        const QByteArray key = it.key().toLatin1();
        const JsonRef member = view.value(QLatin1StringView(key));
        QCOMPARE(member.toQJsonValue(), it.value());
        QCOMPARE(member.toString(), it.value().toString());
        QCOMPARE(member.isDouble(), it.value().isDouble());
        QCOMPARE(member.toInteger(-1), it.value().toInteger(-1));
        QCOMPARE(member.toDouble(-1), it.value().toDouble(-1));
        QCOMPARE(member.toBool(true), it.value().toBool(true));
        QCOMPARE(member.size(), it.value().isObject()  ? it.value().toObject().size()
                                : it.value().isArray() ? it.value().toArray().size()
                                                       : 0);
    }
}

} // namespace

class TestFrameDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesRecordedFramesAsQJsonDocumentDoes()
    {
        const QList<QByteArray> frames = recordedFrames();
        QVERIFY(frames.size() > 1000);
        FrameDecoder decoder;
        int responses = 0;
        for (const QByteArray &text : frames) {
            const Decoded expected = reference(text);
            compareDecoded(decodeWith(decoder, text), expected, text);
            compareDecoded(decodeWith(decoder, typeFirst(text)), expected, text);
            responses += expected.frame.isResponse() ? 1 : 0;
        }
        QVERIFY(responses > 50);
    }

    // Of what a client receives, responses go to QJsonDocument without a look by simdjson,
    // events to simdjson alone, whichever end of the frame its "type" is at.
    void eachFrameIsParsedOnce()
    {
        FrameDecoder decoder;
        qint64 events = 0;
        qint64 frames = 0;
        for (const QByteArray &sorted : recordedFrames()) {
            const Frame expected = reference(sorted).frame;
            if (!expected.isEvent() && !expected.isResponse())
                continue; // requests (sent, never received) and hello-ok's bare payload
            for (const QByteArray &text : {sorted, typeFirst(sorted)}) {
                FrameParseError error = FrameParseError::None;
                const Frame frame = decoder.decode(text, &error);
                QCOMPARE(error, FrameParseError::None);
                QVERIFY2(frame.isEvent() || frame.isResponse(), text.constData());
                QCOMPARE(bool(frame.document), frame.isEvent());
                events += frame.isEvent() ? 1 : 0;
                ++frames;
            }
        }
        QCOMPARE(decoder.parseCounts().simdjson, events);
        QCOMPARE(decoder.parseCounts().simdjson + decoder.parseCounts().qjson, frames);
    }

    // The ends of the text only pick the parser: a frame whose ends mislead is decoded right.
    void misleadingEndsDecodeRight_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("type in the middle")
            << QByteArray("{\"id\":\"7\",\"type\":\"res\",\"ok\":true,\"payload\":{\"a\":[1,2]}}");
        QTest::newRow("res first, event last")
            << QByteArray("{\"type\":\"res\",\"event\":\"tick\",\"payload\":{\"ts\":5},\"seq\":3,"
                          "\"type\":\"event\"}");
        QTest::newRow("event first, res last") << QByteArray(
            "{\"type\":\"event\",\"id\":\"1\",\"ok\":false,\"error\":{\"code\":\"X\"},"
            "\"type\":\"res\"}");
        QTest::newRow("res inside the payload") << QByteArray(
            "{\"type\":\"event\",\"event\":\"e\",\"payload\":{\"x\":1,\"type\":\"res\"}}");
        QTest::newRow("spaces") << QByteArray(
            " \n{\"type\":\"res\",\"id\":\"2\",\"ok\":true,\"payload\":{}}\n ");
        QTest::newRow("res first, not JSON") << QByteArray("{\"type\":\"res\",\"id\":");
        QTest::newRow("res first, big integer")
            << QByteArray("{\"type\":\"res\",\"id\":\"3\",\"ok\":true,\"payload\":{\"n\":"
                          "123456789012345678901234567890}}");
    }

    void misleadingEndsDecodeRight()
    {
        QFETCH(QByteArray, text);
        FrameDecoder decoder;
        compareDecoded(decodeWith(decoder, text), reference(text), text);
    }

    void eventsReadInPlaceAgreeOnRecordedFrames()
    {
        FrameDecoder decoder;
        int inPlace = 0;
        for (const QByteArray &text : recordedFrames()) {
            compareInPlace(decoder, text);
            FrameParseError error = FrameParseError::None;
            inPlace += decoder.decode(text, &error).document ? 1 : 0;
        }
        QVERIFY(inPlace > 1000);
    }

    void eventsReadInPlaceAgreeOnEdgeCases_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("numbers") << QByteArray(
            "{\"i\":1,\"n\":-7,\"z\":-0,\"d\":1.0,\"h\":2.5,\"e\":1e3,\"f\":0.1,"
            "\"big\":9007199254740993,\"max\":9223372036854775807,"
            "\"over\":9223372036854775808,\"u64\":18446744073709551615,\"neg\":-1e300}");
        QTest::newRow("escapes") << QByteArray(
            "{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20ac\\ud83d\\ude00\\u0000e\"}");
        QTest::newRow("utf8") << QByteArray("{\"s\":\"h\xc3\xa9llo \xe2\x82\xac\"}");
        QTest::newRow("empty string") << QByteArray("{\"s\":\"\"}");
        QTest::newRow("duplicate keys") << QByteArray("{\"a\":1,\"b\":2,\"a\":\"last\"}");
        // A member given twice counts once in size(), as in QJsonObject (found by
        // fuzz_frame_decoder).
        QTest::newRow("duplicate keys inside a member")
            << QByteArray("{\"o\":{\"a\":1,\"b\":2,\"a\":3},\"e\":{\"x\":1,\"x\":1}}");
        QTest::newRow("nesting") << QByteArray(
            "{\"a\":{\"b\":[{\"c\":[[],{}]},null,true,false]},\"e\":[]}");
        QTest::newRow("empty") << QByteArray("{}");
        QTest::newRow("payload not an object") << QByteArray("[1,2]");
        QTest::newRow("payload a string") << QByteArray("\"x\"");
    }

    void eventsReadInPlaceAgreeOnEdgeCases()
    {
        QFETCH(QByteArray, payload);
        FrameDecoder decoder;
        compareInPlace(decoder, "{\"type\":\"event\",\"event\":\"agent\",\"payload\":" + payload +
                                    ",\"seq\":4}");
        compareInPlace(decoder, "{\"payload\":" + payload +
                                    ",\"seq\":2.5,\"event\":\"x\",\"type\":\"event\"}");
        compareInPlace(decoder, "{\"type\":\"event\",\"payload\":" + payload + "}");
    }

    void viewsReadArraysAndMissingMembers()
    {
        FrameDecoder decoder;
        FrameParseError error = FrameParseError::None;
        const Frame frame =
            decoder.decode("{\"type\":\"event\",\"event\":\"e\",\"payload\":{\"list\":"
                           "[\"a\",{\"k\":2},3],\"o\":{\"x\":1}}}",
                           &error);
        QVERIFY(frame.document);
        const JsonRef payload = frame.payload;
        QStringList seen;
        for (const JsonRef item : payload.value(QLatin1String("list")))
            seen.append(QString::fromUtf8(compact(item.toQJsonValue())));
        QCOMPARE(seen, (QStringList{QStringLiteral("[\"a\"]"), QStringLiteral("[{\"k\":2}]"),
                                    QStringLiteral("[3]")}));
        QCOMPARE(payload.value(QLatin1String("list")).first().toString(), QStringLiteral("a"));
        QVERIFY(payload.value(QLatin1String("missing")).isUndefined());
        QVERIFY(payload.value(QLatin1String("o")).value(QLatin1String("x")).isDouble());
        // Reading through what is not an object or array gives nothing, never a crash.
        const JsonRef scalar = payload.value(QLatin1String("list")).first();
        QVERIFY(scalar.value(QLatin1String("x")).isUndefined());
        QVERIFY(scalar.toObject().isEmpty());
        QVERIFY(scalar.toArray().begin() == scalar.toArray().end());
        QVERIFY(payload.value(QLatin1String("o")).first().isUndefined());
        // The view outlives the decoder's next frame: the frame owns its document.
        const Frame next =
            decoder.decode("{\"type\":\"event\",\"event\":\"e\",\"payload\":{}}", &error);
        QVERIFY(next.document);
        QCOMPARE(payload.value(QLatin1String("o")).value(QLatin1String("x")).toInteger(), 1);
    }

    // Parsed documents are reused once their frame is gone: frames kept alive must keep their
    // own values while others come and go, and may outlive the decoder.
    void keptFramesKeepTheirValues()
    {
        QList<Frame> kept;
        {
            FrameDecoder decoder;
            for (int i = 0; i < 300; ++i) {
                const QByteArray text = "{\"type\":\"event\",\"event\":\"e\",\"payload\":{\"n\":" +
                                        QByteArray::number(i) + ",\"pad\":\"" +
                                        QByteArray(qsizetype(i) * 7, 'x') +
                                        "\"},\"seq\":" + QByteArray::number(i) + "}";
                FrameParseError error = FrameParseError::None;
                const Frame frame = decoder.decode(text, &error);
                QVERIFY(frame.document);
                if (i % 10 == 0)
                    kept.append(frame);
            }
        }
        QCOMPARE(kept.size(), 30);
        for (int k = 0; k < kept.size(); ++k) {
            const JsonRef payload = kept.at(k).payload;
            QCOMPARE(payload.value(QLatin1String("n")).toInteger(), k * 10);
            QCOMPARE(payload.value(QLatin1String("pad")).toString().size(), k * 10 * 7);
            QCOMPARE(kept.at(k).seq, k * 10);
        }
    }

    void refusesWhatQJsonDocumentRefuses_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << QByteArray("{\"type\":");
        QTest::newRow("array") << QByteArray("[1]");
        QTest::newRow("scalar") << QByteArray("\"text\"");
        QTest::newRow("trailing garbage") << QByteArray("{\"a\":1} x");
        QTest::newRow("whitespace") << QByteArray(" \n{\"a\" : [ 1 , 2 ] }\n ");
        QTest::newRow("numbers") << QByteArray(
            "{\"type\":\"event\",\"payload\":{\"i\":1,\"n\":-7,\"z\":-0,\"d\":1.0,\"e\":1e3,"
            "\"f\":0.1,\"big\":9007199254740993,\"max\":9223372036854775807,"
            "\"over\":9223372036854775808,\"u64\":18446744073709551615,"
            "\"huge\":123456789012345678901234567890}}");
        QTest::newRow("overflowing double")
            << QByteArray("{\"type\":\"event\",\"payload\":{\"x\":1e400}}");
        QTest::newRow("escapes") << QByteArray(
            "{\"type\":\"event\",\"payload\":{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9"
            "\\u20ac\\ud83d\\ude00\\u0000e\"}}");
        QTest::newRow("lone surrogate")
            << QByteArray("{\"type\":\"event\",\"payload\":{\"s\":\"x\\ud800y\"}}");
        QTest::newRow("utf8") << QByteArray("{\"type\":\"event\",\"payload\":{\"s\":\"h\xc3\xa9llo "
                                            "\xe2\x82\xac \xf0\x9f\x98\x80\"}}");
        QTest::newRow("invalid utf8")
            << QByteArray("{\"type\":\"event\",\"payload\":{\"s\":\"\xff\xfe\"}}");
        QTest::newRow("non-ascii key")
            << QByteArray("{\"type\":\"res\",\"ok\":true,\"payload\":{\"cl\xc3\xa9\":1}}");
        QTest::newRow("duplicate keys")
            << QByteArray("{\"type\":\"res\",\"payload\":{\"a\":1,\"b\":2,\"a\":3}}");
        QTest::newRow("nesting") << QByteArray(
            "{\"type\":\"event\",\"payload\":{\"a\":{\"b\":[{\"c\":[[],{}]},null,true,false]}}}");
        QTest::newRow("deep") << QByteArray(2000, '[')
                                     .prepend("{\"type\":\"event\",\"payload\":{\"a\":")
                                     .append(QByteArray(2000, ']').append("}}"));
    }

    void refusesWhatQJsonDocumentRefuses()
    {
        QFETCH(QByteArray, text);
        FrameDecoder decoder;
        compareDecoded(decodeWith(decoder, text), reference(text), text);
    }
};

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_frame_decoder.moc"
