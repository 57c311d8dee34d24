// gateway::FrameDecoder with simdjson must hand out exactly what QJsonDocument (GatewayJson's
// parseFrame) gives: the same objects for every recorded frame, the same verdict and wording
// for what is refused, and whole payloads unless an event filter is set. Events read in place
// (decodeEvent(), JsonRef) must read as the Qt-parsed frame does, value for value.
#include "gateway/FrameDecoder.h"
#include "gateway/GatewayJson.h"
#include "gateway/PayloadFilter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace clawops::gateway;

namespace {

struct Decoded
{
    QJsonObject object;
    FrameParseError error = FrameParseError::None;
    QString detail;
};

Decoded decodeWith(FrameDecoder &decoder, const QByteArray &text)
{
    Decoded out;
    out.object = decoder.decode(text, &out.error, &out.detail);
    return out;
}

Decoded reference(const QByteArray &text)
{
    Decoded out;
    out.object = parseFrame(text, &out.error, &out.detail);
    return out;
}

// Same values and the same serialisation (integers stay integers, doubles doubles).
void compareDecoded(const Decoded &actual, const Decoded &expected, const QByteArray &text)
{
    QVERIFY2(actual.error == expected.error, text.constData());
    QCOMPARE(actual.detail, expected.detail);
    QVERIFY2(actual.object == expected.object, text.constData());
    QCOMPARE(QJsonDocument(actual.object).toJson(QJsonDocument::Compact),
             QJsonDocument(expected.object).toJson(QJsonDocument::Compact));
}

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

// What Frame::fromJson() makes of the Qt-parsed text, against the frame read in place.
void compareInPlace(FrameDecoder &decoder, const QByteArray &text)
{
    FrameParseError error = FrameParseError::None;
    const QJsonObject object = parseFrame(text, &error);
    Frame parsed;
    const bool inPlace = decoder.decodeEvent(text, parsed);
    const bool isEvent = error == FrameParseError::None &&
                         object.value(QLatin1String("type")).toString() == QLatin1String("event");
    if (!inPlace) {
        // Only what QJsonDocument accepts and simdjson does not may be left to decode().
        QVERIFY2(!isEvent || !JsonValidator().isValid(text), text.constData());
        return;
    }
    QVERIFY2(isEvent, text.constData());
    const Frame expected = Frame::fromJson(object);
    QCOMPARE(parsed.name, expected.name);
    QCOMPARE(parsed.seq, expected.seq);
    QVERIFY(parsed.payload.isEmpty());
    const QJsonObject payload = parsed.payloadView().toQJsonObject();
    QVERIFY2(payload == expected.payload, text.constData());
    QCOMPARE(QJsonDocument(payload).toJson(QJsonDocument::Compact),
             QJsonDocument(expected.payload).toJson(QJsonDocument::Compact));
    // Member by member through the view, too (that is how the adapter reads).
    const JsonRef view = parsed.payloadView();
    for (auto it = expected.payload.constBegin(); it != expected.payload.constEnd(); ++it) {
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
    void parsersAgreeOnRecordedFrames()
    {
        const QList<QByteArray> frames = recordedFrames();
        QVERIFY(frames.size() > 1000);
        FrameDecoder simdjson(JsonParser::Simdjson);
        FrameDecoder qt(JsonParser::Qt);
        for (const QByteArray &text : frames) {
            compareDecoded(decodeWith(simdjson, text), reference(text), text);
            compareDecoded(decodeWith(qt, text), reference(text), text);
        }
    }

    void eventsReadInPlaceAgreeOnRecordedFrames()
    {
        FrameDecoder decoder(JsonParser::Simdjson);
        int inPlace = 0;
        for (const QByteArray &text : recordedFrames()) {
            compareInPlace(decoder, text);
            Frame frame;
            inPlace += decoder.decodeEvent(text, frame) ? 1 : 0;
        }
        QVERIFY(inPlace > 1000);
        FrameDecoder qt(JsonParser::Qt);
        Frame frame;
        QVERIFY(!qt.decodeEvent(recordedFrames().constFirst(), frame));
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
        FrameDecoder decoder(JsonParser::Simdjson);
        compareInPlace(decoder, "{\"type\":\"event\",\"event\":\"agent\",\"payload\":" + payload +
                                    ",\"seq\":4}");
        compareInPlace(decoder, "{\"payload\":" + payload +
                                    ",\"seq\":2.5,\"event\":\"x\",\"type\":\"event\"}");
        compareInPlace(decoder, "{\"type\":\"event\",\"payload\":" + payload + "}");
    }

    void viewsReadArraysAndMissingMembers()
    {
        FrameDecoder decoder(JsonParser::Simdjson);
        Frame frame;
        QVERIFY(decoder.decodeEvent("{\"type\":\"event\",\"event\":\"e\",\"payload\":{\"list\":"
                                    "[\"a\",{\"k\":2},3],\"o\":{\"x\":1}}}",
                                    frame));
        const JsonRef payload = frame.payloadView();
        QStringList seen;
        for (const JsonRef item : payload.value(QLatin1String("list")))
            seen.append(QString::fromUtf8(
                QJsonDocument(QJsonArray{item.toQJsonValue()}).toJson(QJsonDocument::Compact)));
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
        Frame next;
        QVERIFY(decoder.decodeEvent("{\"type\":\"event\",\"event\":\"e\",\"payload\":{}}", next));
        QCOMPARE(payload.value(QLatin1String("o")).value(QLatin1String("x")).toInteger(), 1);
    }

    // Parsed documents are reused once their frame is gone: frames kept alive must keep their
    // own values while others come and go, and may outlive the decoder.
    void keptFramesKeepTheirValues()
    {
        QList<Frame> kept;
        {
            FrameDecoder decoder(JsonParser::Simdjson);
            for (int i = 0; i < 300; ++i) {
                Frame frame;
                const QByteArray text = "{\"type\":\"event\",\"event\":\"e\",\"payload\":{\"n\":" +
                                        QByteArray::number(i) + ",\"pad\":\"" +
                                        QByteArray(i * 7, 'x') +
                                        "\"},\"seq\":" + QByteArray::number(i) + "}";
                QVERIFY(decoder.decodeEvent(text, frame));
                if (i % 10 == 0)
                    kept.append(frame);
            }
        }
        QCOMPARE(kept.size(), 30);
        for (int k = 0; k < kept.size(); ++k) {
            const JsonRef payload = kept.at(k).payloadView();
            QCOMPARE(payload.value(QLatin1String("n")).toInteger(), k * 10);
            QCOMPARE(payload.value(QLatin1String("pad")).toString().size(), k * 10 * 7);
            QCOMPARE(kept.at(k).seq, k * 10);
        }
    }

    void parsersAgreeOnEdgeCases_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << QByteArray("{\"type\":");
        QTest::newRow("array") << QByteArray("[1]");
        QTest::newRow("scalar") << QByteArray("\"text\"");
        QTest::newRow("trailing garbage") << QByteArray("{\"a\":1} x");
        QTest::newRow("whitespace") << QByteArray(" \n{\"a\" : [ 1 , 2 ] }\n ");
        QTest::newRow("numbers") << QByteArray(
            "{\"i\":1,\"n\":-7,\"z\":-0,\"d\":1.0,\"e\":1e3,\"f\":0.1,\"big\":9007199254740993,"
            "\"max\":9223372036854775807,\"over\":9223372036854775808,"
            "\"u64\":18446744073709551615,\"huge\":123456789012345678901234567890}");
        QTest::newRow("overflowing double") << QByteArray("{\"x\":1e400}");
        QTest::newRow("escapes") << QByteArray(
            "{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20ac\\ud83d\\ude00\\u0000e\"}");
        QTest::newRow("lone surrogate") << QByteArray("{\"s\":\"x\\ud800y\"}");
        QTest::newRow("utf8") << QByteArray(
            "{\"s\":\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"}");
        QTest::newRow("invalid utf8") << QByteArray("{\"s\":\"\xff\xfe\"}");
        QTest::newRow("non-ascii key") << QByteArray("{\"cl\xc3\xa9\":1}");
        QTest::newRow("duplicate keys") << QByteArray("{\"a\":1,\"b\":2,\"a\":3}");
        QTest::newRow("nesting") << QByteArray("{\"a\":{\"b\":[{\"c\":[[],{}]},null,true,false]}}");
        QTest::newRow("deep") << QByteArray(2000, '[').prepend("{\"a\":").append(
            QByteArray(2000, ']').append('}'));
    }

    void parsersAgreeOnEdgeCases()
    {
        QFETCH(QByteArray, text);
        FrameDecoder simdjson(JsonParser::Simdjson);
        compareDecoded(decodeWith(simdjson, text), reference(text), text);
    }

    void filterReducesOnlyEventPayloadsItNames()
    {
        PayloadFilter filter;
        filter.add(QStringLiteral("agent"),
                   PayloadFilter::Node::choose(
                       QStringLiteral("stream"),
                       {{QStringLiteral("lifecycle"),
                         PayloadFilter::Node::only(
                             {{QStringLiteral("stream"), PayloadFilter::Node::wholeValue()},
                              {QStringLiteral("data"),
                               PayloadFilter::Node::only(
                                   {{QStringLiteral("phase"), PayloadFilter::Node::wholeValue()}})},
                              {QStringLiteral("list"),
                               PayloadFilter::Node::only(
                                   {{QStringLiteral("k"), PayloadFilter::Node::wholeValue()}})}})}},
                       PayloadFilter::Node::only(
                           {{QStringLiteral("stream"), PayloadFilter::Node::wholeValue()}})));
        const QByteArray lifecycle =
            "{\"type\":\"event\",\"event\":\"agent\",\"seq\":3,\"payload\":{\"stream\":"
            "\"lifecycle\",\"data\":{\"phase\":\"end\",\"x\":1},\"list\":[{\"k\":1,\"j\":2},5],"
            "\"other\":true}}";
        const QByteArray delta = "{\"type\":\"event\",\"event\":\"agent\",\"payload\":{\"stream\":"
                                 "\"assistant\",\"data\":{\"text\":\"hi\"}}}";
        const QByteArray chat = "{\"type\":\"event\",\"event\":\"chat\",\"payload\":{\"state\":"
                                "\"delta\",\"message\":{}}}";
        const QByteArray response =
            "{\"type\":\"res\",\"id\":\"1\",\"ok\":true,\"payload\":{\"stream\":\"lifecycle\","
            "\"other\":1}}";
        for (const JsonParser parser : {JsonParser::Simdjson, JsonParser::Qt}) {
            FrameDecoder decoder(parser);
            decoder.setEventFilter(&filter);
            FrameParseError error = FrameParseError::None;
            QCOMPARE(
                QJsonDocument(decoder.decode(lifecycle, &error)).toJson(QJsonDocument::Compact),
                QByteArray("{\"event\":\"agent\",\"payload\":{\"data\":{\"phase\":\"end\"},"
                           "\"list\":[{\"k\":1},5],\"stream\":\"lifecycle\"},\"seq\":3,"
                           "\"type\":\"event\"}"));
            QCOMPARE(QJsonDocument(decoder.decode(delta, &error)).toJson(QJsonDocument::Compact),
                     QByteArray("{\"event\":\"agent\",\"payload\":{\"stream\":\"assistant\"},"
                                "\"type\":\"event\"}"));
            QCOMPARE(decoder.decode(chat, &error), parseFrame(chat, &error));
            QCOMPARE(decoder.decode(response, &error), parseFrame(response, &error));
        }
    }

    // A selector may pick a rule that selects again, and may match a part of the value; the text
    // reducer and the filter on parsed objects must agree on every such choice.
    void nestedAndContainingSelectorsAgree_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("subagent") << QByteArray(
            "{\"state\":\"final\",\"sessionKey\":\"agent:a:subagent:c\",\"x\":1,\"big\":[1]}");
        QTest::newRow("other session") << QByteArray(
            "{\"state\":\"final\",\"sessionKey\":\"agent:a:main\",\"x\":1,\"big\":[1]}");
        QTest::newRow("mark at the start")
            << QByteArray("{\"state\":\"final\",\"sessionKey\":\":subagent:\",\"x\":1}");
        QTest::newRow("escaped key value")
            << QByteArray("{\"state\":\"final\",\"sessionKey\":\"a\\u003asubagent:c\",\"x\":1}");
        QTest::newRow("no key") << QByteArray("{\"state\":\"final\",\"x\":1}");
        QTest::newRow("key not a string")
            << QByteArray("{\"state\":\"final\",\"sessionKey\":7,\"x\":1}");
        QTest::newRow("key given twice") << QByteArray(
            "{\"sessionKey\":\"a:subagent:b\",\"state\":\"final\",\"sessionKey\":\"main\","
            "\"x\":1}");
        QTest::newRow("outer otherwise")
            << QByteArray("{\"state\":\"delta\",\"sessionKey\":\"a:subagent:b\",\"x\":1}");
    }

    void nestedAndContainingSelectorsAgree()
    {
        QFETCH(QByteArray, payload);
        using Node = PayloadFilter::Node;
        const auto keep = [](const char *name) {
            return std::pair<QString, Node>(QString::fromLatin1(name), Node::wholeValue());
        };
        PayloadFilter filter;
        filter.add(
            QStringLiteral("chat"),
            Node::choose(QStringLiteral("state"),
                         {{QStringLiteral("final"),
                           Node::chooseContaining(
                               QStringLiteral("sessionKey"),
                               {{QStringLiteral(":subagent:"),
                                 Node::only({keep("state"), keep("sessionKey"), keep("x")})}},
                               Node::only({keep("sessionKey")}))}},
                         Node::only({keep("state")})));
        const QByteArray text =
            "{\"type\":\"event\",\"event\":\"chat\",\"payload\":" + payload + ",\"seq\":1}";
        FrameDecoder simdjson(JsonParser::Simdjson);
        simdjson.setEventFilter(&filter);
        FrameDecoder qt(JsonParser::Qt);
        qt.setEventFilter(&filter);
        Decoded fromText = decodeWith(simdjson, text);
        Decoded fromObject = decodeWith(qt, text);
        compareDecoded(fromText, fromObject, text);
        QVERIFY(!fromText.object.value(QLatin1String("payload"))
                     .toObject()
                     .contains(QLatin1String("big")));
    }
};

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_frame_decoder.moc"
