#include "SimdjsonFrameReader.h"

#include "PayloadFilter.h"

#include <QJsonArray>
#include <QJsonValue>

#include <simdjson.h>

namespace clawops::gateway {

namespace dom = simdjson::dom;
using Node = PayloadFilter::Node;

struct SimdjsonFrameReader::State
{
    dom::parser parser;
};

namespace {

bool isAscii(std::string_view text)
{
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

QString toQString(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

// Member names are ASCII in practice; QJsonObject stores a Latin-1 key as it is, without a
// UTF-16 copy.
void insertMember(QJsonObject &object, std::string_view key, const QJsonValue &value)
{
    if (isAscii(key))
        object.insert(QLatin1StringView(key.data(), qsizetype(key.size())), value);
    else
        object.insert(toQString(key), value);
}

QJsonValue toJson(dom::element element, const Node *node);

QJsonValue scalarToJson(dom::element element)
{
    switch (element.type()) {
    case dom::element_type::INT64:
        return QJsonValue(qint64(int64_t(element)));
    case dom::element_type::UINT64:
        // Above qint64: QJsonDocument keeps such numbers as doubles too.
        return QJsonValue(double(uint64_t(element)));
    case dom::element_type::DOUBLE:
        return QJsonValue(double(element));
    case dom::element_type::STRING:
        return QJsonValue(toQString(std::string_view(element)));
    case dom::element_type::BOOL:
        return QJsonValue(bool(element));
    case dom::element_type::NULL_VALUE:
        return QJsonValue(QJsonValue::Null);
    case dom::element_type::ARRAY:
    case dom::element_type::OBJECT:
        break;
    }
    return {};
}

// The object's string member `name`; `present` false when it has none.
std::string_view stringMember(dom::object object, std::string_view name, bool *present)
{
    std::string_view value;
    *present = object.at_key(name).get(value) == simdjson::SUCCESS;
    return value;
}

QJsonObject objectToJson(dom::object object, const Node *node)
{
    if (node && !node->selector.isEmpty()) {
        bool present = false;
        const std::string_view value = stringMember(
            object,
            std::string_view(node->selectorLatin1.constData(), size_t(node->selectorLatin1.size())),
            &present);
        node = &node->select(value, present);
        if (node->whole)
            node = nullptr;
    }
    QJsonObject out;
    for (const dom::key_value_pair member : object) {
        const Node *rule = nullptr;
        if (node) {
            rule = node->member(member.key);
            if (!rule)
                continue;
            if (rule->whole)
                rule = nullptr;
        }
        insertMember(out, member.key, toJson(member.value, rule));
    }
    return out;
}

// `node` null keeps the value whole.
QJsonValue toJson(dom::element element, const Node *node)
{
    switch (element.type()) {
    case dom::element_type::OBJECT:
        return objectToJson(dom::object(element), node);
    case dom::element_type::ARRAY: {
        QJsonArray out;
        for (const dom::element item : dom::array(element))
            out.append(toJson(item, node));
        return out;
    }
    default:
        return scalarToJson(element);
    }
}

} // namespace

SimdjsonFrameReader::SimdjsonFrameReader()
    : d(std::make_unique<State>())
{}

SimdjsonFrameReader::~SimdjsonFrameReader() = default;

SimdjsonFrameReader::Result SimdjsonFrameReader::read(QByteArrayView utf8,
                                                      const PayloadFilter *filter,
                                                      QJsonObject &out)
{
    dom::element root;
    // The parser copies the text into its own padded buffer (reused from frame to frame).
    if (d->parser.parse(utf8.data(), size_t(utf8.size()), true).get(root) != simdjson::SUCCESS)
        return Result::Refused;
    dom::object frame;
    if (root.get(frame) != simdjson::SUCCESS)
        return Result::NotObject;

    const Node *payloadRule = nullptr;
    if (filter) {
        bool isEvent = false;
        bool hasName = false;
        const std::string_view type = stringMember(frame, "type", &isEvent);
        const std::string_view event = stringMember(frame, "event", &hasName);
        if (isEvent && type == "event" && hasName)
            payloadRule = filter->ruleFor(event);
    }
    out = QJsonObject();
    for (const dom::key_value_pair member : frame) {
        const bool filtered = payloadRule && member.key == "payload" &&
                              member.value.type() == dom::element_type::OBJECT;
        insertMember(out, member.key,
                     toJson(member.value, filtered && !payloadRule->whole ? payloadRule : nullptr));
    }
    return Result::Object;
}

} // namespace clawops::gateway
