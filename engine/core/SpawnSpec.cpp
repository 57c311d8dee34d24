#include "SpawnSpec.h"

#include "Identity.h"

#include <QJsonDocument>
#include <QJsonValue>

namespace clawops::core {

namespace {

// JSON.stringify's string quoting: the two mandatory escapes, the short forms for \b \f \n \r \t,
// \u00XX for other control characters and for lone surrogates; everything else as UTF-8.
void appendJsonString(QByteArray &out, const QString &text)
{
    out.append('"');
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = text.at(i).unicode();
        switch (c) {
        case u'"':
            out.append("\\\"");
            continue;
        case u'\\':
            out.append("\\\\");
            continue;
        case u'\b':
            out.append("\\b");
            continue;
        case u'\f':
            out.append("\\f");
            continue;
        case u'\n':
            out.append("\\n");
            continue;
        case u'\r':
            out.append("\\r");
            continue;
        case u'\t':
            out.append("\\t");
            continue;
        default:
            break;
        }
        const bool high = QChar::isHighSurrogate(c);
        const bool low = QChar::isLowSurrogate(c);
        if (high && i + 1 < size && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            out.append(text.mid(i, 2).toUtf8());
            ++i;
            continue;
        }
        if (c < 0x20 || high || low) {
            out.append(QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0')).toLatin1());
            continue;
        }
        out.append(QString(QChar(c)).toUtf8());
    }
    out.append('"');
}

void appendMember(QByteArray &out, const char *key, const QString &value)
{
    if (value.isNull())
        return;
    if (out.size() > 1)
        out.append(',');
    appendJsonString(out, QString::fromLatin1(key));
    out.append(':');
    appendJsonString(out, value);
}

// The plugin's asString: strings only, trimmed the JavaScript way, empty means undefined.
QString asString(const QJsonValue &value)
{
    return asPluginString(value);
}

} // namespace

QByteArray specToJson(const SpawnSpec &spec)
{
    // The plugin stores the spec object it built, whose members are already asString()-ed, so
    // an empty member was undefined there; the task is the exception and is always present.
    auto orNull = [](const QString &s) { return s.isEmpty() ? QString() : s; };
    QByteArray out("{");
    appendMember(out, "task", spec.task.isNull() ? QStringLiteral("") : spec.task);
    appendMember(out, "label", orNull(spec.label));
    appendMember(out, "agentId", orNull(spec.agentId));
    appendMember(out, "model", orNull(spec.model));
    appendMember(out, "thinking", orNull(spec.thinking));
    appendMember(out, "mode", orNull(spec.mode));
    if (spec.thread.has_value()) {
        out.append(",\"thread\":");
        out.append(*spec.thread ? "true" : "false");
    }
    appendMember(out, "kind", orNull(spec.kind));
    appendMember(out, "requestId", orNull(spec.requestId));
    appendMember(out, "idempotencyKey", orNull(spec.idempotencyKey));
    out.append('}');
    return out;
}

SpawnSpec specFromJsonObject(const QJsonObject &object)
{
    SpawnSpec spec;
    spec.task = asString(object.value(QLatin1String("task")));
    spec.label = asString(object.value(QLatin1String("label")));
    spec.agentId = asString(object.value(QLatin1String("agentId")));
    spec.model = asString(object.value(QLatin1String("model")));
    spec.thinking = asString(object.value(QLatin1String("thinking")));
    spec.mode = asString(object.value(QLatin1String("mode")));
    const QJsonValue thread = object.value(QLatin1String("thread"));
    if (thread.isBool())
        spec.thread = thread.toBool();
    spec.kind = normalizeSpawnKind(asString(object.value(QLatin1String("kind"))));
    spec.requestId = asString(object.value(QLatin1String("requestId")));
    spec.idempotencyKey = asString(object.value(QLatin1String("idempotencyKey")));
    return spec;
}

std::optional<SpawnSpec> specFromJson(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return specFromJsonObject(document.object());
}

} // namespace clawops::core
