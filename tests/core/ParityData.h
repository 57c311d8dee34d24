#pragma once

// Access to the expected values in tests/data/parity, which tools/parity/generate-parity.mjs
// produced by running the OpenClaw plugin's own functions.

#include "core/SpawnSpec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTest>

#include <limits>

namespace parity {

// The file's "cases" member; Undefined when the file is missing or not valid JSON, which
// initTestCase() turns into a failure.
inline QJsonValue loadCases(const char *fileName)
{
    QFile file(QStringLiteral(CLAWOPS_TEST_DATA_DIR "/parity/") + QLatin1String(fileName));
    if (!file.open(QIODevice::ReadOnly))
        return QJsonValue(QJsonValue::Undefined);
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    return document.object().value(QLatin1String("cases"));
}

inline QJsonValue member(const QJsonValue &object, const char *key)
{
    return object.toObject().value(QLatin1String(key));
}

// Inputs JSON cannot hold travel as {"$undefined":true} and {"$number":"NaN"}.
inline QJsonValue decode(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    if (object.value(QLatin1String("$undefined")).toBool())
        return QJsonValue(QJsonValue::Undefined);
    const QJsonValue number = object.value(QLatin1String("$number"));
    if (number.isString()) {
        const QString text = number.toString();
        if (text == QLatin1String("NaN"))
            return std::numeric_limits<double>::quiet_NaN();
        const double infinity = std::numeric_limits<double>::infinity();
        return text.startsWith(QLatin1Char('-')) ? -infinity : infinity;
    }
    return value;
}

// A string input or output, with JavaScript's undefined and null as the empty string.
inline QString text(const QJsonValue &value)
{
    return decode(value).toString();
}

inline double number(const QJsonValue &value)
{
    return decode(value).toDouble();
}

inline clawops::core::SpawnSpec spec(const QJsonValue &value)
{
    clawops::core::SpawnSpec s;
    s.task = text(member(value, "task"));
    s.label = text(member(value, "label"));
    s.agentId = text(member(value, "agentId"));
    s.model = text(member(value, "model"));
    s.thinking = text(member(value, "thinking"));
    s.mode = text(member(value, "mode"));
    const QJsonValue thread = decode(member(value, "thread"));
    if (thread.isBool())
        s.thread = thread.toBool();
    s.kind = text(member(value, "kind"));
    s.requestId = text(member(value, "requestId"));
    s.idempotencyKey = text(member(value, "idempotencyKey"));
    return s;
}

// A short row name in printable ASCII: index plus the start of the input, other characters as
// \uXXXX so that a failing row can be found in the generated file.
inline QByteArray rowName(qsizetype index, const QString &input)
{
    QByteArray name = QByteArray::number(index) + ": ";
    for (const QChar c : input.left(40)) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u < 0x7F)
            name.append(char(u));
        else
            name.append("\\u" + QByteArray::number(u, 16).rightJustified(4, '0'));
    }
    return name;
}

} // namespace parity

// Fails the calling test function (initTestCase, so that the whole run fails) unless `cases` is a
// non-empty array.
#define PARITY_REQUIRE_ROWS(cases)                                                                 \
    do {                                                                                           \
        QVERIFY2((cases).isArray() && !(cases).toArray().isEmpty(),                                \
                 "parity data missing: run tools/parity/generate-parity.mjs");                     \
    } while (false)
