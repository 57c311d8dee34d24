#pragma once

#include "core/TaskState.h"

#include <QString>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

// Values between records and SQL columns: what is bound for an absent value, and how a stored
// value reads back the way the plugin's JavaScript reads it.
namespace clawops::store::values {

// NULL for an empty text (the plugin writes NULL for an absent optional text: spec.label ??
// null). QSQLITE binds a null QString as SQL NULL.
inline QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// Never NULL: a NOT NULL column gets '' for an absent text.
inline QVariant requiredText(const QString &text)
{
    return text.isNull() ? QVariant(QStringLiteral("")) : QVariant(text);
}

inline QVariant nullableInteger(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

// A column value as the plugin's JavaScript would see it: only INTEGER and REAL values are
// numbers (typeof value === "number"); text, blobs and NULL are not.
inline std::optional<qint64> asNumber(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
    case QMetaType::UInt:
        return value.toLongLong();
    case QMetaType::Double: {
        const double number = std::floor(value.toDouble());
        if (!std::isfinite(number))
            return std::nullopt;
        constexpr double kMax = 9.2e18; // inside qint64, far beyond any real value here
        return static_cast<qint64>(std::clamp(number, -kMax, kMax));
    }
    default:
        return std::nullopt;
    }
}

// The plugin's asPositiveInt / asNonNegativeInt.
inline qint64 asPositiveInt(const QVariant &value, qint64 fallback)
{
    const std::optional<qint64> number = asNumber(value);
    return number && *number > 0 ? *number : fallback;
}

inline qint64 asNonNegativeInt(const QVariant &value, qint64 fallback)
{
    const std::optional<qint64> number = asNumber(value);
    return number && *number >= 0 ? *number : fallback;
}

inline int clampToInt(qint64 value)
{
    return static_cast<int>(std::clamp<qint64>(value, std::numeric_limits<int>::min(),
                                               std::numeric_limits<int>::max()));
}

// The plugin's asString: strings only, trimmed, empty means absent.
inline QString asString(const QVariant &value)
{
    if (value.isNull() || value.typeId() != QMetaType::QString)
        return {};
    return value.toString().trimmed();
}

// A stored text as it is (NULL reads as empty), for full records that must round-trip.
inline QString rawText(const QVariant &value)
{
    return value.isNull() ? QString() : value.toString();
}

// The plugin's normalizeTaskState(value, "queued").
inline core::TaskState stateOrQueued(const QVariant &value)
{
    return core::taskStateFromString(rawText(value)).value_or(core::TaskState::Queued);
}

} // namespace clawops::store::values
