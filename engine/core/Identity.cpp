#include "Identity.h"

#include <QCryptographicHash>
#include <QStringList>

#include <algorithm>
#include <array>
#include <limits>

namespace clawops::core {

namespace {

// /\s+/g replaced by `replacement`, on UTF-16 units as JavaScript does. Stops once the result
// is longer than `limit` units: a preview of a long task needs its first 180 and to know that
// there are more.
QString replaceWhitespaceRuns(QStringView text, QChar replacement,
                              qsizetype limit = std::numeric_limits<qsizetype>::max() - 1)
{
    // Sized for what can be written: truncate() keeps the capacity, and a preview of a long task
    // text outlives the text in every record that holds it.
    const qsizetype enough = std::min(text.size(), limit + 1);
    QString out(enough, Qt::Uninitialized);
    QChar *const begin = out.data();
    QChar *to = begin;
    bool inRun = false;
    for (qsizetype at = 0; at < text.size() && to - begin < enough; ++at) {
        const QChar unit = text[at];
        if (isJsWhitespace(unit.unicode())) {
            if (!inRun)
                *to++ = replacement;
            inRun = true;
        } else {
            *to++ = unit;
            inRun = false;
        }
    }
    out.truncate(to - begin);
    return out;
}

// Unicode's Case_Ignorable: the marks, format and modifier categories plus the apostrophe- and
// period-like characters of Word_Break MidLetter/MidNumLet/Single_Quote.
bool isCaseIgnorable(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format:
    case QChar::Letter_Modifier:
    case QChar::Symbol_Modifier:
        return true;
    default:
        break;
    }
    static constexpr std::array<char32_t, 17> kWordBreakMid = {
        0x0027, 0x002E, 0x003A, 0x00B7, 0x0387, 0x055F, 0x05F4, 0x2018, 0x2019,
        0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A,
    };
    return std::find(kWordBreakMid.begin(), kWordBreakMid.end(), c) != kWordBreakMid.end();
}

bool isCased(char32_t c)
{
    return QChar::isLower(c) || QChar::isUpper(c) || QChar::isTitleCase(c);
}

// Unicode's Final_Sigma condition for the capital sigma at `index` of `points`: a cased letter
// before it and none after it, skipping case-ignorable characters both ways.
bool isFinalSigma(const QList<uint> &points, qsizetype index)
{
    bool casedBefore = false;
    for (qsizetype i = index - 1; i >= 0; --i) {
        if (isCaseIgnorable(points.at(i)))
            continue;
        casedBefore = isCased(points.at(i));
        break;
    }
    if (!casedBefore)
        return false;
    for (qsizetype i = index + 1; i < points.size(); ++i) {
        if (isCaseIgnorable(points.at(i)))
            continue;
        return !isCased(points.at(i));
    }
    return true;
}

// Node encodes a lone surrogate as U+FFFD before hashing; Qt would write '?'.
QByteArray utf8LikeNode(const QString &text)
{
    QString copy = text;
    for (qsizetype i = 0; i < copy.size(); ++i) {
        const char16_t unit = copy.at(i).unicode();
        if (QChar::isHighSurrogate(unit) && i + 1 < copy.size() &&
            QChar::isLowSurrogate(copy.at(i + 1).unicode())) {
            ++i;
        } else if (QChar::isSurrogate(unit)) {
            copy[i] = QChar::ReplacementCharacter;
        }
    }
    return copy.toUtf8();
}

bool isAsciiWordChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
           u == u'_';
}

} // namespace

bool isJsWhitespace(char16_t unit)
{
    switch (unit) {
    case 0x0009:
    case 0x000A:
    case 0x000B:
    case 0x000C:
    case 0x000D:
    case 0x0020:
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
        return true;
    default:
        return unit >= 0x2000 && unit <= 0x200A;
    }
}

QString jsTrim(const QString &text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isJsWhitespace(text.at(begin).unicode()))
        ++begin;
    while (end > begin && isJsWhitespace(text.at(end - 1).unicode()))
        --end;
    return text.mid(begin, end - begin);
}

QString jsToLower(const QString &text)
{
    constexpr char16_t kCapitalSigma = 0x03A3;
    if (!text.contains(QChar(kCapitalSigma)))
        return text.toLower();
    const QList<uint> points = text.toUcs4();
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < points.size(); ++i) {
        const char32_t point = points.at(i);
        if (point == kCapitalSigma)
            out.append(isFinalSigma(points, i) ? QChar(u'\u03C2') : QChar(u'\u03C3'));
        else
            out.append(QString::fromUcs4(&point, 1).toLower());
    }
    return out;
}

QString asPluginString(const QJsonValue &value)
{
    return value.isString() ? jsTrim(value.toString()) : QString();
}

QString sha256Hex(const QString &input)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(utf8LikeNode(input), QCryptographicHash::Sha256).toHex());
}

QString stableTaskKey(const QString &requesterSessionKey, const SpawnSpec &spec)
{
    const QString kind = spec.kind.isEmpty() ? QStringLiteral("worker") : spec.kind;
    const QString taskBody = jsTrim(spec.task);
    const QString plannerScope =
        kind == QLatin1String("planner") && !spec.requestId.isEmpty() ? spec.requestId : taskBody;
    const QStringList parts = {requesterSessionKey, kind,         spec.agentId,
                               spec.label,          plannerScope, spec.requestId};
    return sha256Hex(parts.join(QLatin1Char('\n')));
}

QString makeTaskId(const QString &taskKey, int attempt)
{
    return taskKey.left(12) + QLatin1String("-a") + QString::number(attempt);
}

bool mayBeTaskId(QStringView id)
{
    // Whatever key and attempt it was given: "<key prefix>-a<integer>", the integer maybe negative.
    qsizetype end = id.size();
    while (end > 0 && id.at(end - 1).isDigit())
        --end;
    if (end == id.size())
        return false;
    if (end > 0 && id.at(end - 1) == QLatin1Char('-'))
        --end;
    return id.first(end).endsWith(QLatin1String("-a"));
}

QString shortHash(const QString &input)
{
    return sha256Hex(input).left(10);
}

QString sanitizeLabel(const QString &input)
{
    const QString raw = jsTrim(input);
    if (raw.isEmpty())
        return {};
    const QString compact = jsToLower(replaceWhitespaceRuns(raw, QLatin1Char('-')));
    QString safe;
    for (const QChar c : compact) {
        const char16_t u = c.unicode();
        if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'.' || u == u'_' ||
            u == u'-')
            safe.append(c);
    }
    return safe.left(64);
}

QString taskPreview(const QString &input, int max)
{
    const QString raw = jsTrim(input);
    if (raw.isEmpty())
        return QStringLiteral("(no task)");
    // Below 1 the cut counts from the back of the whole string, so that needs all of it.
    QString compact = max >= 1 ? replaceWhitespaceRuns(raw, QLatin1Char(' '), max)
                               : replaceWhitespaceRuns(raw, QLatin1Char(' '));
    if (compact.size() <= max)
        return compact;
    // compact.slice(0, max - 1): a negative end counts from the back of the string.
    const qsizetype end = max - 1 < 0 ? qMax<qsizetype>(0, compact.size() + max - 1) : max - 1;
    // In place: the buffer has room for the ellipsis, where left() + QChar would allocate twice
    // and keep a grown capacity.
    compact.truncate(end);
    compact.append(QChar(0x2026));
    return compact;
}

QString normalizeSpawnKind(const QString &value)
{
    static const QStringList kKinds = {
        QStringLiteral("worker"),   QStringLiteral("planner"),      QStringLiteral("audit"),
        QStringLiteral("research"), QStringLiteral("orchestrator"),
    };
    const QString raw = jsToLower(jsTrim(value));
    return kKinds.contains(raw) ? raw : QString();
}

QString inferSpawnKind(const QString &task, const QString &label)
{
    // /\b(plan|planner|...)\b/ without the u flag: \b looks at ASCII word characters only.
    static const QStringList kWords = {
        QStringLiteral("plan"),    QStringLiteral("planner"),  QStringLiteral("planning"),
        QStringLiteral("roadmap"), QStringLiteral("approval"), QStringLiteral("approve"),
        QStringLiteral("outline"), QStringLiteral("proposal"), QStringLiteral("next steps"),
    };
    const QString probe = jsToLower(label + QLatin1Char('\n') + task);
    for (const QString &word : kWords) {
        for (qsizetype at = probe.indexOf(word); at >= 0; at = probe.indexOf(word, at + 1)) {
            const qsizetype after = at + word.size();
            const bool boundaryBefore = at == 0 || !isAsciiWordChar(probe.at(at - 1));
            const bool boundaryAfter = after == probe.size() || !isAsciiWordChar(probe.at(after));
            if (boundaryBefore && boundaryAfter)
                return QStringLiteral("planner");
        }
    }
    return QStringLiteral("worker");
}

bool isFrontControllerSessionKey(const QString &sessionKey)
{
    return !sessionKey.contains(QLatin1String(":subagent:")) &&
           sessionKey.startsWith(QLatin1String("agent:"), Qt::CaseInsensitive);
}

} // namespace clawops::core
