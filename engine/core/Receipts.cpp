#include "Receipts.h"

#include "Identity.h"

#include <QHash>
#include <QJsonArray>

#include <array>
#include <charconv>
#include <limits>

namespace clawops::core {

namespace {

constexpr int kMaxJsonDepth = 1000;

int hexDigit(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

// std::from_chars reports numbers beyond double's range without a value; JavaScript rounds them
// to +-Infinity or +-0. The decimal exponent of the first significant digit tells which.
double outOfRangeNumber(const QByteArray &literal)
{
    const bool negative = literal.startsWith('-');
    qsizetype exponentAt = literal.indexOf('e');
    if (exponentAt < 0)
        exponentAt = literal.indexOf('E');
    qint64 exponent = 0;
    if (exponentAt >= 0) {
        const QByteArray digits = literal.mid(exponentAt + 1);
        for (const char c : digits) {
            if (c >= '0' && c <= '9')
                exponent = qMin<qint64>(exponent * 10 + (c - '0'), 1'000'000'000);
        }
        if (digits.startsWith('-'))
            exponent = -exponent;
    }
    const QByteArray mantissa = literal.left(exponentAt < 0 ? literal.size() : exponentAt);
    const qsizetype dot = mantissa.indexOf('.');
    const QByteArray integer = mantissa.left(dot < 0 ? mantissa.size() : dot);
    const QByteArray fraction = dot < 0 ? QByteArray() : mantissa.mid(dot + 1);
    qsizetype leadingZeros = 0;
    while (leadingZeros < integer.size() &&
           (integer[leadingZeros] == '0' || integer[leadingZeros] == '-'))
        ++leadingZeros;
    qint64 lead = integer.size() - leadingZeros - 1;
    if (lead < 0) {
        qsizetype zeros = 0;
        while (zeros < fraction.size() && fraction[zeros] == '0')
            ++zeros;
        lead = -zeros - 1;
    }
    const double magnitude = lead + exponent >= 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -magnitude : magnitude;
}

class JsJsonParser
{
public:
    explicit JsJsonParser(QStringView text)
        : m_text(text)
    {}

    std::optional<QJsonValue> parseDocument()
    {
        skipWhitespace();
        std::optional<QJsonValue> value = parseValue(0);
        skipWhitespace();
        if (!value || m_pos != m_text.size())
            return std::nullopt;
        return value;
    }

private:
    // JSON's four whitespace characters, far fewer than JavaScript's \s.
    void skipWhitespace()
    {
        while (m_pos < m_text.size()) {
            const char16_t c = m_text[m_pos].unicode();
            if (c != u' ' && c != u'\t' && c != u'\n' && c != u'\r')
                return;
            ++m_pos;
        }
    }

    bool consume(char16_t c)
    {
        if (m_pos >= m_text.size() || m_text[m_pos].unicode() != c)
            return false;
        ++m_pos;
        return true;
    }

    bool consumeWord(QLatin1StringView word)
    {
        if (!m_text.sliced(m_pos).startsWith(word))
            return false;
        m_pos += word.size();
        return true;
    }

    bool consumeDigits()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'9')
            ++m_pos;
        return m_pos > start;
    }

    std::optional<QJsonValue> parseValue(int depth)
    {
        if (depth > kMaxJsonDepth || m_pos >= m_text.size())
            return std::nullopt;
        switch (m_text[m_pos].unicode()) {
        case u'{':
            return parseObject(depth);
        case u'[':
            return parseArray(depth);
        case u'"':
            if (std::optional<QString> text = parseString())
                return QJsonValue(*text);
            return std::nullopt;
        case u't':
            return consumeWord(QLatin1StringView("true")) ? std::optional(QJsonValue(true))
                                                          : std::nullopt;
        case u'f':
            return consumeWord(QLatin1StringView("false")) ? std::optional(QJsonValue(false))
                                                           : std::nullopt;
        case u'n':
            return consumeWord(QLatin1StringView("null"))
                       ? std::optional(QJsonValue(QJsonValue::Null))
                       : std::nullopt;
        default:
            return parseNumber();
        }
    }

    std::optional<QJsonValue> parseObject(int depth)
    {
        ++m_pos;
        QJsonObject object;
        skipWhitespace();
        if (consume(u'}'))
            return QJsonValue(object);
        for (;;) {
            skipWhitespace();
            if (m_pos >= m_text.size() || m_text[m_pos] != u'"')
                return std::nullopt;
            const std::optional<QString> key = parseString();
            skipWhitespace();
            if (!key || !consume(u':'))
                return std::nullopt;
            skipWhitespace();
            const std::optional<QJsonValue> value = parseValue(depth + 1);
            if (!value)
                return std::nullopt;
            object.insert(*key, *value); // a repeated key replaces the earlier value, as in JS
            skipWhitespace();
            if (consume(u'}'))
                return QJsonValue(object);
            if (!consume(u','))
                return std::nullopt;
        }
    }

    std::optional<QJsonValue> parseArray(int depth)
    {
        ++m_pos;
        QJsonArray array;
        skipWhitespace();
        if (consume(u']'))
            return QJsonValue(array);
        for (;;) {
            skipWhitespace();
            const std::optional<QJsonValue> value = parseValue(depth + 1);
            if (!value)
                return std::nullopt;
            array.append(*value);
            skipWhitespace();
            if (consume(u']'))
                return QJsonValue(array);
            if (!consume(u','))
                return std::nullopt;
        }
    }

    std::optional<QString> parseString()
    {
        ++m_pos;
        QString out;
        while (m_pos < m_text.size()) {
            const char16_t c = m_text[m_pos++].unicode();
            if (c == u'"')
                return out;
            if (c < 0x20)
                return std::nullopt;
            if (c != u'\\') {
                out.append(QChar(c));
                continue;
            }
            if (m_pos >= m_text.size())
                return std::nullopt;
            const char16_t escape = m_text[m_pos++].unicode();
            switch (escape) {
            case u'"':
            case u'\\':
            case u'/':
                out.append(QChar(escape));
                break;
            case u'b':
                out.append(QChar(u'\b'));
                break;
            case u'f':
                out.append(QChar(u'\f'));
                break;
            case u'n':
                out.append(QChar(u'\n'));
                break;
            case u'r':
                out.append(QChar(u'\r'));
                break;
            case u't':
                out.append(QChar(u'\t'));
                break;
            case u'u': {
                if (m_pos + 4 > m_text.size())
                    return std::nullopt;
                int code = 0;
                for (int i = 0; i < 4; ++i) {
                    const int digit = hexDigit(m_text[m_pos++].unicode());
                    if (digit < 0)
                        return std::nullopt;
                    code = code * 16 + digit;
                }
                out.append(QChar(char16_t(code)));
                break;
            }
            default:
                return std::nullopt;
            }
        }
        return std::nullopt;
    }

    std::optional<QJsonValue> parseNumber()
    {
        const qsizetype start = m_pos;
        consume(u'-');
        if (!consume(u'0') && !consumeDigits())
            return std::nullopt;
        if (consume(u'.') && !consumeDigits())
            return std::nullopt;
        if (consume(u'e') || consume(u'E')) {
            if (!consume(u'+'))
                consume(u'-');
            if (!consumeDigits())
                return std::nullopt;
        }
        const QByteArray literal = m_text.sliced(start, m_pos - start).toLatin1();
        double value = 0;
        const auto result = std::from_chars(literal.begin(), literal.end(), value);
        if (result.ec == std::errc::result_out_of_range)
            value = outOfRangeNumber(literal);
        return QJsonValue(value);
    }

    QStringView m_text;
    qsizetype m_pos = 0;
};

// The plugin's regexes carry the i flag without u: only ASCII letters match case-insensitively,
// unlike Qt's case folding, which would also let U+017F match 's' and U+212A match 'k'.
bool matchesAsciiCaseless(QStringView text, qsizetype at, QLatin1StringView word)
{
    if (at < 0 || at + word.size() > text.size())
        return false;
    for (qsizetype i = 0; i < word.size(); ++i) {
        const char16_t c = text[at + i].unicode();
        const char16_t lower = c >= u'A' && c <= u'Z' ? char16_t(c + 32) : c;
        if (lower != char16_t(word[i].toLatin1()))
            return false;
    }
    return true;
}

qsizetype indexOfAsciiCaseless(QStringView text, QLatin1StringView word, qsizetype from)
{
    for (qsizetype at = from; at + word.size() <= text.size(); ++at) {
        if (matchesAsciiCaseless(text, at, word))
            return at;
    }
    return -1;
}

qsizetype skipJsWhitespace(QStringView text, qsizetype at)
{
    while (at < text.size() && isJsWhitespace(text[at].unicode()))
        ++at;
    return at;
}

// `"key"\s*:\s*"` at `at` (key in lower case): where the quoted value starts, or -1.
qsizetype matchKeyAt(QStringView text, qsizetype at, QLatin1StringView quotedKey)
{
    if (!matchesAsciiCaseless(text, at, quotedKey))
        return -1;
    qsizetype pos = skipJsWhitespace(text, at + quotedKey.size());
    if (pos >= text.size() || text[pos] != u':')
        return -1;
    pos = skipJsWhitespace(text, pos + 1);
    if (pos >= text.size() || text[pos] != u'"')
        return -1;
    return pos + 1;
}

struct StatusMatch
{
    QString status;
    qsizetype end = 0;
};

// The earliest `"status"\s*:\s*"(completed|blocked|failed)"` at or after `from`.
std::optional<StatusMatch> findStatus(QStringView text, qsizetype from)
{
    static constexpr QLatin1StringView kStatusKey("\"status\"");
    static constexpr std::array<QLatin1StringView, 3> kStatuses = {
        QLatin1StringView("completed"), QLatin1StringView("blocked"), QLatin1StringView("failed")};
    for (qsizetype at = indexOfAsciiCaseless(text, kStatusKey, from); at >= 0;
         at = indexOfAsciiCaseless(text, kStatusKey, at + 1)) {
        const qsizetype valueAt = matchKeyAt(text, at, kStatusKey);
        if (valueAt < 0)
            continue;
        for (const QLatin1StringView status : kStatuses) {
            const qsizetype end = valueAt + status.size();
            if (matchesAsciiCaseless(text, valueAt, status) && end < text.size() &&
                text[end] == u'"')
                return StatusMatch{QString(status), end + 1};
        }
    }
    return std::nullopt;
}

class ReceiptList
{
public:
    // Map.set(): a task seen again keeps its first position and takes the newer receipt.
    void set(WorkerReceipt receipt)
    {
        const auto found = m_index.constFind(receipt.taskId);
        if (found != m_index.cend()) {
            m_receipts[*found] = std::move(receipt);
            return;
        }
        m_index.insert(receipt.taskId, m_receipts.size());
        m_receipts.append(std::move(receipt));
    }
    bool isEmpty() const { return m_receipts.isEmpty(); }
    QList<WorkerReceipt> take() { return std::move(m_receipts); }

private:
    QList<WorkerReceipt> m_receipts;
    QHash<QString, qsizetype> m_index;
};

std::optional<WorkerReceipt> receiptFromObject(const QJsonObject &object)
{
    WorkerReceipt receipt;
    receipt.taskId = asPluginString(object.value(QLatin1String("task_id")));
    receipt.status = jsToLower(asPluginString(object.value(QLatin1String("status"))));
    if (receipt.taskId.isEmpty() ||
        (receipt.status != QLatin1String("completed") &&
         receipt.status != QLatin1String("blocked") && receipt.status != QLatin1String("failed")))
        return std::nullopt;
    const QJsonValue verification = object.value(QLatin1String("verification"));
    const QJsonValue required = object.value(QLatin1String("verification_required"));
    const QJsonValue none = object.value(QLatin1String("no_verification"));
    receipt.verificationCount = verification.isArray() ? int(verification.toArray().size()) : 0;
    receipt.explicitNoVerification = (verification.isArray() && receipt.verificationCount == 0) ||
                                     (required.isBool() && !required.toBool()) ||
                                     (none.isBool() && none.toBool());
    receipt.raw = object;
    return receipt;
}

void collectFenced(QStringView text, ReceiptList &receipts)
{
    // /```json\s*([\s\S]*?)```/gi
    static constexpr QLatin1StringView kOpen("```json");
    static constexpr QLatin1StringView kClose("```");
    for (qsizetype at = indexOfAsciiCaseless(text, kOpen, 0); at >= 0;
         at = indexOfAsciiCaseless(text, kOpen, at)) {
        const qsizetype payloadAt = skipJsWhitespace(text, at + kOpen.size());
        const qsizetype closeAt = text.indexOf(kClose, payloadAt);
        if (closeAt < 0)
            return; // a later opening fence would find no closing one either
        const QString payload = text.sliced(payloadAt, closeAt - payloadAt).toString();
        at = closeAt + kClose.size();
        if (payload.isEmpty())
            continue;
        const std::optional<QJsonValue> parsed = parseJsJson(payload);
        if (!parsed)
            continue;
        const QJsonArray items = parsed->isArray() ? parsed->toArray() : QJsonArray{*parsed};
        for (const QJsonValue item : items) {
            if (std::optional<WorkerReceipt> receipt = receiptFromObject(item.toObject()))
                receipts.set(std::move(*receipt));
        }
    }
}

void collectByRegexFallback(QStringView text, ReceiptList &receipts)
{
    // /"task_id"\s*:\s*"([^"]+)"[\s\S]*?"status"\s*:\s*"(completed|blocked|failed)"/gi
    static constexpr QLatin1StringView kTaskKey("\"task_id\"");
    for (qsizetype at = indexOfAsciiCaseless(text, kTaskKey, 0); at >= 0;
         at = indexOfAsciiCaseless(text, kTaskKey, at)) {
        const qsizetype valueAt = matchKeyAt(text, at, kTaskKey);
        const qsizetype valueEnd = valueAt < 0 ? -1 : text.indexOf(u'"', valueAt);
        if (valueEnd <= valueAt) {
            ++at;
            continue;
        }
        const std::optional<StatusMatch> status = findStatus(text, valueEnd + 1);
        if (!status)
            return; // any later task_id would search a suffix of the same text
        at = status->end;
        const QString taskId = jsTrim(text.sliced(valueAt, valueEnd - valueAt).toString());
        if (!taskId.isEmpty())
            receipts.set(WorkerReceipt{taskId, status->status, 0, false, {}});
    }
}

} // namespace

std::optional<QJsonValue> parseJsJson(const QString &text)
{
    return JsJsonParser(text).parseDocument();
}

QList<WorkerReceipt> parseWorkerReceipts(const QString &text)
{
    ReceiptList receipts;
    collectFenced(text, receipts);
    if (receipts.isEmpty())
        collectByRegexFallback(text, receipts);
    return receipts.take();
}

} // namespace clawops::core
