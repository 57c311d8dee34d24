#include "AdapterJson.h"

#include "GatewayJson.h"

#include <QJsonDocument>

namespace clawops::gateway::adapterjson {

QString asString(const JsonRef &value)
{
    if (!value.isString())
        return {};
    QString text = value.toString();
    // Most gateway strings are already trimmed; only pay for trimmed() when needed.
    if (!text.isEmpty() && (text.front().isSpace() || text.back().isSpace()))
        text = text.trimmed();
    return text.isEmpty() ? QString() : text;
}

qint64 msValue(const JsonRef &value)
{
    // fuzz_adapter found a 1e20 timestamp: wholeNumber keeps the conversion defined.
    return value.isDouble() ? wholeNumber(value.toDouble()) : 0;
}

QString messageText(const JsonRef &content)
{
    if (content.isString())
        return asString(content);
    if (!content.isArray())
        return {};
    QString joined;
    for (const JsonRef part : content) {
        const auto [type, textValue] =
            part.toObject().values({QLatin1String("type"), QLatin1String("text")});
        if (!type.equals(QLatin1String("text")))
            continue;
        const QString text = asString(textValue);
        if (text.isEmpty())
            continue;
        if (!joined.isEmpty())
            joined.append(QLatin1Char('\n'));
        joined.append(text);
    }
    joined = joined.trimmed();
    return joined.isEmpty() ? QString() : joined;
}

bool isSubagentKey(QStringView key)
{
    // A UTF-16 needle: Qt 6.4 converts a Latin-1 one at every call, and this runs for most
    // session keys of every frame.
    return key.contains(QStringView(u":subagent:"));
}

QString parentFromNestedKey(const QString &key)
{
    const qsizetype last = key.lastIndexOf(QLatin1String(":subagent:"));
    if (last <= 0)
        return {};
    const QString parent = key.left(last);
    return isSubagentKey(parent) ? parent : QString();
}

QString extractChildSessionKey(const JsonRef &object, int depth)
{
    if (depth > 4)
        return {};
    QString direct = asString(object.value(QLatin1String("childSessionKey")));
    if (!direct.isEmpty())
        return direct;
    for (const auto &[key, value] : object.members()) {
        // The plugin's asRecord turns arrays into {}, so only nested objects are searched.
        if (!value.isObject())
            continue;
        QString found = extractChildSessionKey(value, depth + 1);
        if (!found.isEmpty())
            return found;
    }
    return {};
}

bool isSpawnAccepted(const JsonRef &result, bool reportedError)
{
    const auto [detailsValue, statusValue, isError, error] =
        result.values({QLatin1String("details"), QLatin1String("status"), QLatin1String("isError"),
                       QLatin1String("error")});
    const auto [detailsStatus, detailsIsError, detailsError] = detailsValue.toObject().values(
        {QLatin1String("status"), QLatin1String("isError"), QLatin1String("error")});
    QString status = asString(statusValue).toLower();
    if (status.isEmpty())
        status = asString(detailsStatus).toLower();
    if (!status.isEmpty())
        return status == QLatin1String("accepted") || status == QLatin1String("ok") ||
               status == QLatin1String("success");
    if ((isError.isUndefined() ? reportedError : isError.toBool(false)) ||
        detailsIsError.toBool(false))
        return false;
    if (!asString(error).isEmpty() || !asString(detailsError).isEmpty())
        return false;
    return true;
}

QJsonObject parseObjectText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(QLatin1Char('{')))
        return {};
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return {};
    return document.object();
}

JsonRef normalizedSpawnResult(const JsonRef &result)
{
    const auto [details, content] =
        result.values({QLatin1String("details"), QLatin1String("content")});
    if (details.isObject())
        return result;
    for (const JsonRef part : content.toArray()) {
        const QJsonObject parsed =
            parseObjectText(part.toObject().value(QLatin1String("text")).toString());
        if (!parsed.isEmpty()) {
            QJsonObject normalized = result.toQJsonObject();
            normalized.insert(QLatin1String("details"), parsed);
            return normalized;
        }
    }
    return result;
}

QString labelKey(QStringView label)
{
    QString out;
    out.reserve(label.size());
    bool pendingDash = false;
    for (const QChar c : label.trimmed()) {
        if (c.isSpace()) {
            pendingDash = true;
            continue;
        }
        if (pendingDash && !out.isEmpty())
            out.append(QLatin1Char('-'));
        pendingDash = false;
        out.append(c.toLower());
    }
    return out;
}

} // namespace clawops::gateway::adapterjson
