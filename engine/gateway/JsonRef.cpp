#include "JsonRef.h"

#include "ParsedJson.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <type_traits>
#include <unordered_set>

namespace clawops::gateway {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using ArrayIterator = simdjson::dom::array::iterator;

static_assert(sizeof(element) <= 16 && std::is_trivially_copyable_v<element>);
static_assert(sizeof(ArrayIterator) <= 16 && std::is_trivially_copyable_v<ArrayIterator>);

// simdjson's handles kept in a JsonRef's opaque bytes (both trivially copyable, checked above).
template<class Handle> Handle load(const unsigned char *bytes)
{
    Handle handle;
    std::memcpy(static_cast<void *>(&handle), bytes, sizeof handle);
    return handle;
}

template<class Handle> void store(unsigned char *bytes, const Handle &handle)
{
    std::memcpy(bytes, static_cast<const void *>(&handle), sizeof handle);
}

// Keys are a few bytes: a call to memcmp costs more than the comparison.
bool sameBytes(const char *a, const char *b, size_t length)
{
    for (size_t i = 0; i < length; ++i) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

element load(const unsigned char *bytes)
{
    return load<element>(bytes);
}

QString fromUtf8(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool isNumber(element_type type)
{
    return type == element_type::INT64 || type == element_type::UINT64 ||
           type == element_type::DOUBLE;
}

// As QJsonDocument builds it: used when a parsed value must outlive its frame. Containers go
// through their text: QJsonDocument builds from text faster than QJsonObject::insert() does
// member by member.
QJsonValue toQt(element value)
{
    switch (value.type()) {
    case element_type::OBJECT:
    case element_type::ARRAY: {
        const std::string text = simdjson::to_string(value);
        const QJsonDocument document =
            QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), qsizetype(text.size())));
        return value.type() == element_type::OBJECT ? QJsonValue(document.object())
                                                    : QJsonValue(document.array());
    }
    case element_type::STRING:
        return fromUtf8(value.get_string().value_unsafe());
    case element_type::INT64:
        return qint64(value.get_int64().value_unsafe());
    case element_type::UINT64: // above INT64_MAX: Qt reads it as a double
        return double(value.get_uint64().value_unsafe());
    case element_type::DOUBLE:
        return value.get_double().value_unsafe();
    case element_type::BOOL:
        return value.get_bool().value_unsafe();
    case element_type::NULL_VALUE:
        break;
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace

JsonRef::JsonRef(const QJsonValue &value)
    : m_qt(value)
{}

JsonRef::JsonRef(const QJsonObject &object)
    : m_qt(object)
{}

JsonRef::JsonRef(const QJsonArray &array)
    : m_qt(array)
{}

const QJsonValue &JsonRef::qt() const
{
    static const QJsonValue undefined(QJsonValue::Undefined);
    return m_qt ? *m_qt : undefined;
}

JsonRef JsonRef::rootOf(const ParsedJson &document)
{
    JsonRef out;
    element root;
    if (document.doc.root().get(root) != simdjson::SUCCESS)
        return out;
    out.m_parsed = true;
    store(out.m_element, root);
    return out;
}

bool JsonRef::isUndefined() const
{
    return !m_parsed && qt().isUndefined();
}

bool JsonRef::isNull() const
{
    return m_parsed ? load(m_element).type() == element_type::NULL_VALUE : qt().isNull();
}

bool JsonRef::isBool() const
{
    return m_parsed ? load(m_element).type() == element_type::BOOL : qt().isBool();
}

bool JsonRef::isDouble() const
{
    return m_parsed ? isNumber(load(m_element).type()) : qt().isDouble();
}

bool JsonRef::isString() const
{
    return m_parsed ? load(m_element).type() == element_type::STRING : qt().isString();
}

bool JsonRef::isArray() const
{
    return m_parsed ? load(m_element).type() == element_type::ARRAY : qt().isArray();
}

bool JsonRef::isObject() const
{
    return m_parsed ? load(m_element).type() == element_type::OBJECT : qt().isObject();
}

bool JsonRef::equals(QLatin1StringView ascii) const
{
    if (!m_parsed)
        return qt().isString() && qt().toString() == ascii;
    std::string_view text;
    return load(m_element).get_string().get(text) == simdjson::SUCCESS &&
           text.size() == size_t(ascii.size()) &&
           std::memcmp(text.data(), ascii.data(), text.size()) == 0;
}

QString JsonRef::toString() const
{
    if (!m_parsed)
        return qt().toString();
    std::string_view text;
    if (load(m_element).get_string().get(text) != simdjson::SUCCESS)
        return {};
    return fromUtf8(text);
}

bool JsonRef::toBool(bool defaultValue) const
{
    if (!m_parsed)
        return qt().toBool(defaultValue);
    bool value = false;
    return load(m_element).get_bool().get(value) == simdjson::SUCCESS ? value : defaultValue;
}

double JsonRef::toDouble(double defaultValue) const
{
    if (!m_parsed)
        return qt().toDouble(defaultValue);
    const element value = load(m_element);
    switch (value.type()) {
    case element_type::INT64:
        return double(value.get_int64().value_unsafe());
    case element_type::UINT64:
        return double(value.get_uint64().value_unsafe());
    case element_type::DOUBLE:
        return value.get_double().value_unsafe();
    default:
        return defaultValue;
    }
}

qint64 JsonRef::toInteger(qint64 defaultValue) const
{
    if (!m_parsed)
        return qt().toInteger(defaultValue);
    const element value = load(m_element);
    if (value.type() == element_type::INT64)
        return value.get_int64().value_unsafe();
    if (!isNumber(value.type()))
        return defaultValue;
    // QJsonValue::toInteger(): a double counts when it holds an integer qint64 can represent.
    const double number = toDouble();
    if (!std::isfinite(number) || std::trunc(number) != number || number < -9223372036854775808.0 ||
        number >= 9223372036854775808.0)
        return defaultValue;
    return qint64(number);
}

JsonRef JsonRef::value(QLatin1StringView key) const
{
    JsonRef found;
    readMembers(&key, &found, 1);
    return found;
}

void JsonRef::readMembers(const QLatin1StringView *keys, JsonRef *found, std::size_t count) const
{
    if (!m_parsed) {
        if (!qt().isObject())
            return;
        const QJsonObject object = qt().toObject();
        for (std::size_t k = 0; k < count; ++k)
            found[k] = JsonRef(object.value(keys[k]));
        return;
    }
    simdjson::dom::object object;
    if (load(m_element).get_object().get(object) != simdjson::SUCCESS)
        return;
    // Objects of 30-50 members are scanned for up to a dozen keys: the member's length picks the
    // few keys worth comparing (chained by length, modulo 64).
    std::array<qint16, 64> firstOfLength;
    firstOfLength.fill(-1);
    std::array<qint16, kMaxKeys> nextOfLength{};
    for (std::size_t k = 0; k < count; ++k) {
        const size_t bucket = size_t(keys[k].size()) & 63;
        nextOfLength[k] = firstOfLength[bucket];
        firstOfLength[bucket] = static_cast<qint16>(k);
    }
    // Every member is looked at: of a member given twice, the last counts (as in a QJsonObject).
    for (auto member = object.begin(); member != object.end(); ++member) {
        const size_t length = member.key_length();
        for (int k = firstOfLength[length & 63]; k >= 0; k = nextOfLength[k]) {
            if (length == size_t(keys[k].size()) &&
                sameBytes(member.key_c_str(), keys[k].data(), length)) {
                found[k].m_parsed = true;
                store(found[k].m_element, member.value());
            }
        }
    }
}

QList<std::pair<QString, JsonRef>> JsonRef::members() const
{
    QList<std::pair<QString, JsonRef>> out;
    if (!m_parsed) {
        const QJsonObject object = qt().toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            out.append({it.key(), JsonRef(it.value())});
        return out;
    }
    simdjson::dom::object object;
    if (load(m_element).get_object().get(object) != simdjson::SUCCESS)
        return out;
    for (const simdjson::dom::key_value_pair member : object) {
        JsonRef value;
        value.m_parsed = true;
        store(value.m_element, member.value);
        out.append({fromUtf8(member.key), value});
    }
    // QJsonObject's order; stable, so that of equal keys the last is the one kept below.
    std::stable_sort(out.begin(), out.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<std::pair<QString, JsonRef>> unique;
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (i + 1 < out.size() && out.at(i + 1).first == out.at(i).first)
            continue;
        unique.append(out.at(i));
    }
    return unique;
}

JsonRef JsonRef::toObject() const
{
    if (isObject())
        return *this;
    return JsonRef(QJsonObject());
}

JsonRef JsonRef::toArray() const
{
    if (isArray())
        return *this;
    return JsonRef(QJsonArray());
}

qsizetype JsonRef::size() const
{
    if (!m_parsed) {
        if (qt().isObject())
            return qt().toObject().size();
        return qt().isArray() ? qt().toArray().size() : 0;
    }
    const element value = load(m_element);
    if (value.type() == element_type::OBJECT) {
        // The parsed object keeps every member as written; QJsonObject keeps one per key.
        const simdjson::dom::object object = value.get_object().value_unsafe();
        std::unordered_set<std::string_view> keys;
        for (const simdjson::dom::key_value_pair member : object)
            keys.insert(member.key);
        return qsizetype(keys.size());
    }
    if (value.type() == element_type::ARRAY)
        return qsizetype(value.get_array().value_unsafe().size());
    return 0;
}

bool JsonRef::isEmpty() const
{
    if (!m_parsed)
        return size() == 0;
    // Duplicates aside, as size(): only whether there is any member or element at all.
    const element value = load(m_element);
    if (value.type() == element_type::OBJECT)
        return value.get_object().value_unsafe().size() == 0;
    if (value.type() == element_type::ARRAY)
        return value.get_array().value_unsafe().size() == 0;
    return true;
}

JsonRef JsonRef::first() const
{
    const const_iterator it = begin();
    return it == end() ? JsonRef() : *it;
}

QJsonValue JsonRef::toQJsonValue() const
{
    return m_parsed ? toQt(load(m_element)) : qt();
}

QString JsonRef::toJsonText() const
{
    if (isUndefined())
        return {};
    if (m_parsed) {
        const std::string text = simdjson::to_string(load(m_element));
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    const QJsonValue &value = qt();
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: wrapped in an array so that QJsonDocument writes it, then unwrapped.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

JsonRef::const_iterator JsonRef::begin() const
{
    const_iterator it;
    if (!m_parsed) {
        it.m_array = qt().toArray();
        return it;
    }
    simdjson::dom::array array;
    if (load(m_element).get_array().get(array) != simdjson::SUCCESS)
        return it; // an empty Qt array: begin() == end()
    it.m_parsed = true;
    store(it.m_position, array.begin());
    return it;
}

JsonRef::const_iterator JsonRef::end() const
{
    const_iterator it;
    if (!m_parsed) {
        it.m_array = qt().toArray();
        it.m_index = it.m_array.size();
        return it;
    }
    simdjson::dom::array array;
    if (load(m_element).get_array().get(array) != simdjson::SUCCESS)
        return it;
    it.m_parsed = true;
    store(it.m_position, array.end());
    return it;
}

JsonRef JsonRef::const_iterator::operator*() const
{
    if (!m_parsed)
        return JsonRef(m_array.at(m_index));
    JsonRef out;
    out.m_parsed = true;
    store(out.m_element, *load<ArrayIterator>(m_position));
    return out;
}

JsonRef::const_iterator &JsonRef::const_iterator::operator++()
{
    if (!m_parsed) {
        ++m_index;
        return *this;
    }
    ArrayIterator position = load<ArrayIterator>(m_position);
    ++position;
    store(m_position, position);
    return *this;
}

bool JsonRef::const_iterator::operator==(const const_iterator &other) const
{
    if (m_parsed != other.m_parsed)
        return false;
    if (!m_parsed)
        return m_index == other.m_index;
    return std::memcmp(m_position, other.m_position, sizeof m_position) == 0;
}

} // namespace clawops::gateway
