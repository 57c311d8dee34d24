#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QList>
#include <QString>

#include <array>
#include <cstddef>
#include <optional>
#include <utility>

namespace clawops::gateway {

struct ParsedJson;

// A read-only JSON value that is either a Qt value or a value inside a document simdjson parsed,
// read in place. The adapter reads event payloads through it: a gateway frame then costs one
// simdjson parse plus the few members the adapter looks at, instead of building QJsonObjects of
// members it never reads (most of the ingest time before). Reads give what QJsonValue would give
// for the same text: the last of duplicated members, integers that fit qint64 as integers, other
// numbers as doubles, null QStrings for non-strings.
//
// A JsonRef into a parsed document does not own it: the document (a Frame's) must outlive it.
// Keep a Qt copy (toQJsonValue()) of anything stored beyond the frame.
class JsonRef
{
public:
    JsonRef() = default; // undefined, like a missing member
    // Implicit: the adapter's readers take the Qt values of resync replies and tests as they are.
    JsonRef(const QJsonValue &value);
    JsonRef(const QJsonObject &object);
    JsonRef(const QJsonArray &array);

    // The root of a parsed document (an invalid document's root is undefined).
    static JsonRef rootOf(const ParsedJson &document);

    bool isUndefined() const;
    bool isNull() const;
    bool isBool() const;
    bool isDouble() const; // any number, as QJsonValue::isDouble()
    bool isString() const;
    bool isArray() const;
    bool isObject() const;

    QString toString() const;
    // Whether this is a string equal to `ascii`, without copying a parsed string out.
    bool equals(QLatin1StringView ascii) const;
    bool toBool(bool defaultValue = false) const;
    double toDouble(double defaultValue = 0) const;
    qint64 toInteger(qint64 defaultValue = 0) const;

    // An object's member (undefined when absent, or when this is not an object). Every member
    // is looked at (of a member given twice the last counts): read several with values().
    JsonRef value(QLatin1StringView key) const;
    // Several members in one pass over the object, each as value() gives it:
    //   const auto [stream, sessionKey] = payload.values({"stream"_L1, "sessionKey"_L1});
    template<std::size_t N> std::array<JsonRef, N> values(const QLatin1StringView (&keys)[N]) const
    {
        static_assert(N <= kMaxKeys);
        std::array<JsonRef, N> found;
        readMembers(keys, found.data(), N);
        return found;
    }
    // An object's members in QJsonObject's order (sorted by key, the last of a duplicated member);
    // nothing for any other value.
    QList<std::pair<QString, JsonRef>> members() const;
    // This value if it is an object / array, else an empty one (as QJsonValue::toObject()).
    JsonRef toObject() const;
    JsonRef toArray() const;
    // Members of an object (a member given twice counts once, as in QJsonObject), elements of an
    // array, 0 for anything else.
    qsizetype size() const;
    bool isEmpty() const;
    // An array's first element; undefined when there is none.
    JsonRef first() const;

    QJsonValue toQJsonValue() const;
    // Compact JSON text with members in the order they came (QJsonDocument would sort them), as
    // JSON.stringify gives it; empty for an undefined value.
    QString toJsonText() const;
    QJsonObject toQJsonObject() const { return toQJsonValue().toObject(); }
    QJsonArray toQJsonArray() const { return toQJsonValue().toArray(); }

    // The elements of an array (nothing for any other value).
    class const_iterator
    {
    public:
        JsonRef operator*() const;
        const_iterator &operator++();
        bool operator==(const const_iterator &other) const;
        bool operator!=(const const_iterator &other) const { return !(*this == other); }

    private:
        friend class JsonRef;
        QJsonArray m_array; // Qt arrays: by index
        qsizetype m_index = 0;
        bool m_parsed = false;
        alignas(8) unsigned char m_position[16] = {}; // parsed arrays: simdjson's iterator
    };
    const_iterator begin() const;
    const_iterator end() const;

private:
    static constexpr std::size_t kMaxKeys = 32;
    void readMembers(const QLatin1StringView *keys, JsonRef *found, std::size_t count) const;
    const QJsonValue &qt() const;

    bool m_parsed = false;
    // Qt values only: a parsed value (most of them) builds and copies no QJsonValue. Empty and not
    // parsed is undefined.
    std::optional<QJsonValue> m_qt;
    // A simdjson::dom::element (16 trivially copyable bytes; checked in JsonRef.cpp).
    alignas(8) unsigned char m_element[16] = {};
};

} // namespace clawops::gateway
