#include "AdapterJson.h"

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

qint64 msField(const JsonRef &object, QLatin1StringView key)
{
    const JsonRef value = object.value(key);
    return value.isDouble() ? static_cast<qint64>(value.toDouble()) : 0;
}

QString messageText(const JsonRef &content)
{
    if (content.isString())
        return asString(content);
    if (!content.isArray())
        return {};
    QString joined;
    for (const JsonRef part : content) {
        const JsonRef object = part.toObject();
        if (object.value(QLatin1String("type")).toString() != QLatin1String("text"))
            continue;
        const QString text = asString(object.value(QLatin1String("text")));
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
    return key.contains(QLatin1String(":subagent:"));
}

QString parentFromNestedKey(const QString &key)
{
    const qsizetype last = key.lastIndexOf(QLatin1String(":subagent:"));
    if (last <= 0)
        return {};
    const QString parent = key.left(last);
    return isSubagentKey(parent) ? parent : QString();
}

QString extractChildSessionKey(const QJsonObject &object, int depth)
{
    if (depth > 4)
        return {};
    const QString direct = asString(object.value(QLatin1String("childSessionKey")));
    if (!direct.isEmpty())
        return direct;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        // The plugin's asRecord turns arrays into {}, so only nested objects are searched.
        if (!it.value().isObject())
            continue;
        const QString found = extractChildSessionKey(it.value().toObject(), depth + 1);
        if (!found.isEmpty())
            return found;
    }
    return {};
}

bool isSpawnAccepted(const QJsonObject &result)
{
    const QJsonObject details = result.value(QLatin1String("details")).toObject();
    QString status = asString(result.value(QLatin1String("status"))).toLower();
    if (status.isEmpty())
        status = asString(details.value(QLatin1String("status"))).toLower();
    if (!status.isEmpty())
        return status == QLatin1String("accepted") || status == QLatin1String("ok") ||
               status == QLatin1String("success");
    if (result.value(QLatin1String("isError")).toBool(false) ||
        details.value(QLatin1String("isError")).toBool(false))
        return false;
    if (!asString(result.value(QLatin1String("error"))).isEmpty() ||
        !asString(details.value(QLatin1String("error"))).isEmpty())
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

QJsonObject normalizedSpawnResult(const QJsonObject &result)
{
    if (result.value(QLatin1String("details")).isObject())
        return result;
    const QJsonArray content = result.value(QLatin1String("content")).toArray();
    for (const QJsonValue &part : content) {
        const QJsonObject details =
            parseObjectText(part.toObject().value(QLatin1String("text")).toString());
        if (!details.isEmpty()) {
            QJsonObject normalized = result;
            normalized.insert(QLatin1String("details"), details);
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
