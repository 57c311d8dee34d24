#include "SpawnSpec.h"

#include "Identity.h"

#include <QJsonDocument>
#include <QJsonValue>

namespace clawops::core {

namespace {

// JSON.stringify's string quoting: the two mandatory escapes, the short forms for \b \f \n \r \t,
// \u00XX for other control characters and for lone surrogates; everything else as UTF-8.
// Written in place into room for the worst case (6 bytes per UTF-16 unit), then cut to size: the
// store serialises every task's spec on every upsert, and per-character appends were half of
// a commit's instructions.
void appendJsonString(QByteArray &out, const QString &text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const qsizetype start = out.size();
    const qsizetype size = text.size();
    out.resize(start + 2 + size * 6);
    char *p = out.data() + start;
    const QChar *in = text.constData();
    *p++ = '"';
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = in[i].unicode();
        if (c >= 0x20 && c < 0x80 && c != u'"' && c != u'\\') {
            *p++ = char(c);
            continue;
        }
        char shortForm = 0;
        switch (c) {
        case u'"':
            shortForm = '"';
            break;
        case u'\\':
            shortForm = '\\';
            break;
        case u'\b':
            shortForm = 'b';
            break;
        case u'\f':
            shortForm = 'f';
            break;
        case u'\n':
            shortForm = 'n';
            break;
        case u'\r':
            shortForm = 'r';
            break;
        case u'\t':
            shortForm = 't';
            break;
        default:
            break;
        }
        if (shortForm) {
            *p++ = '\\';
            *p++ = shortForm;
            continue;
        }
        const bool high = QChar::isHighSurrogate(c);
        if (high && i + 1 < size && QChar::isLowSurrogate(in[i + 1].unicode())) {
            const char32_t point = QChar::surrogateToUcs4(c, in[i + 1].unicode());
            *p++ = char(0xf0 | (point >> 18));
            *p++ = char(0x80 | ((point >> 12) & 0x3f));
            *p++ = char(0x80 | ((point >> 6) & 0x3f));
            *p++ = char(0x80 | (point & 0x3f));
            ++i;
            continue;
        }
        if (c < 0x20 || high || QChar::isLowSurrogate(c)) {
            *p++ = '\\';
            *p++ = 'u';
            *p++ = kHex[(c >> 12) & 0xf];
            *p++ = kHex[(c >> 8) & 0xf];
            *p++ = kHex[(c >> 4) & 0xf];
            *p++ = kHex[c & 0xf];
            continue;
        }
        if (c < 0x800) {
            *p++ = char(0xc0 | (c >> 6));
            *p++ = char(0x80 | (c & 0x3f));
        } else {
            *p++ = char(0xe0 | (c >> 12));
            *p++ = char(0x80 | ((c >> 6) & 0x3f));
            *p++ = char(0x80 | (c & 0x3f));
        }
    }
    *p++ = '"';
    out.resize(p - out.constData());
}

void appendMember(QByteArray &out, const char *key, const QString &value)
{
    if (value.isNull())
        return;
    if (out.size() > 1)
        out.append(',');
    // The keys are plain ASCII names: nothing to escape.
    out.append('"').append(key).append("\":");
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
