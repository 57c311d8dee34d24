#include "FrameReducer.h"

#include <QVarLengthArray>

#include <cstring>
#include <string_view>

namespace clawops::gateway {

namespace {

using Node = PayloadFilter::Node;

// A position in the text. Every step checks the end, so malformed text ends the scan (ok() turns
// false) instead of running past it.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : m_p(text.data())
        , m_end(text.data() + text.size())
    {}

    bool ok() const { return m_ok; }
    const char *at() const { return m_p; }
    bool atEnd() const { return m_p >= m_end; }
    char peek() const { return m_p < m_end ? *m_p : '\0'; }
    void fail() { m_ok = false; }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool consume(char c)
    {
        skipSpace();
        if (peek() != c)
            return false;
        ++m_p;
        return true;
    }

    // A string at the cursor, quotes included; `escaped` tells whether it holds a backslash.
    std::string_view string(bool *escaped)
    {
        skipSpace();
        const char *start = m_p;
        *escaped = false;
        if (peek() != '"') {
            fail();
            return {};
        }
        ++m_p;
        while (true) {
            // Long strings (replies, task texts) are crossed with memchr, not byte by byte.
            const void *quote = std::memchr(m_p, '"', size_t(m_end - m_p));
            if (!quote) {
                fail();
                m_p = m_end;
                return {};
            }
            const char *q = static_cast<const char *>(quote);
            if (!*escaped && std::memchr(m_p, '\\', size_t(q - m_p)))
                *escaped = true;
            // The quote is escaped when an odd number of backslashes precede it.
            qsizetype backslashes = 0;
            for (const char *b = q - 1; b >= m_p && *b == '\\'; --b)
                ++backslashes;
            m_p = q + 1;
            if (backslashes % 2 == 0)
                return std::string_view(start, size_t(m_p - start));
        }
    }

    // One value of any kind, as its raw span.
    std::string_view value()
    {
        skipSpace();
        const char *start = m_p;
        bool escaped = false;
        switch (peek()) {
        case '"':
            string(&escaped);
            break;
        case '{':
        case '[':
            skipContainer();
            break;
        default:
            while (m_p < m_end && !std::strchr(",}] \n\r\t", *m_p))
                ++m_p;
            if (m_p == start)
                fail();
            break;
        }
        return std::string_view(start, size_t(m_p - start));
    }

private:
    void skipContainer()
    {
        int depth = 0;
        bool escaped = false;
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == '"') {
                string(&escaped);
                continue;
            }
            ++m_p;
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return;
            }
        }
        fail();
    }

    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

std::string_view unquoted(std::string_view quoted)
{
    return quoted.size() >= 2 ? quoted.substr(1, quoted.size() - 2) : std::string_view();
}

void append(QByteArray &out, std::string_view text)
{
    out.append(text.data(), qsizetype(text.size()));
}

// Calls visit(key, scanner) for each member of the object at the cursor; `visit` must consume
// the member's value. False when the text is not an object of unescaped member names.
template<typename Visit> bool forEachMember(Scanner &in, Visit &&visit)
{
    if (!in.consume('{'))
        return false;
    if (in.consume('}'))
        return true;
    do {
        bool escaped = false;
        const std::string_view key = in.string(&escaped);
        if (!in.ok() || escaped || !in.consume(':'))
            return false;
        visit(unquoted(key), in);
        if (!in.ok())
            return false;
    } while (in.consume(','));
    return in.consume('}');
}

enum class Step
{
    Done,
    Unsure,
};

Step reduceValue(Scanner &in, const Node &node, QByteArray &out);

// The members of one object, as spans of the text, so that a selecting rule reads the object once
// whatever member picks the rule and wherever it stands.
struct Member
{
    std::string_view key;
    std::string_view value;
};
using Members = QVarLengthArray<Member, 64>;

// The string value of `selector` among `members` (the last occurrence counts, as in
// QJsonDocument). Unsure when it holds escapes: the raw bytes would not be the text compared.
Step selectorValue(const Members &members, const Node &node, std::string_view *value,
                   bool *present)
{
    const std::string_view selector(node.selectorLatin1.constData(),
                                    size_t(node.selectorLatin1.size()));
    *present = false;
    *value = {};
    for (const Member &member : members) {
        if (member.key != selector)
            continue;
        *present = !member.value.empty() && member.value.front() == '"';
        *value = *present ? unquoted(member.value) : std::string_view();
    }
    if (*present && value->find('\\') != std::string_view::npos)
        return Step::Unsure;
    return Step::Done;
}

void openMember(QByteArray &out, bool *first, std::string_view key)
{
    if (!*first)
        out.append(',');
    *first = false;
    out.append('"');
    append(out, key);
    out.append("\":", 2);
}

// An object under a selecting rule: its members are listed once, the rule chosen (a chosen rule
// may select again), then the kept members are reduced from their spans.
Step reduceSelected(Scanner &in, const Node &node, QByteArray &out)
{
    in.skipSpace();
    const char *start = in.at();
    Members members;
    const bool ok = forEachMember(in, [&](std::string_view key, Scanner &s) {
        members.append(Member{key, s.value()});
    });
    if (!ok)
        return Step::Unsure;
    const Node *rule = &node;
    while (!rule->whole && !rule->selector.isEmpty()) {
        std::string_view value;
        bool present = false;
        if (selectorValue(members, *rule, &value, &present) != Step::Done)
            return Step::Unsure;
        rule = &rule->select(value, present);
    }
    if (rule->whole) {
        append(out, std::string_view(start, size_t(in.at() - start)));
        return Step::Done;
    }
    out.append('{');
    bool first = true;
    for (const Member &member : members) {
        const Node *memberRule = rule->member(member.key);
        if (!memberRule)
            continue;
        openMember(out, &first, member.key);
        // A value kept as it is was already delimited: copy its span rather than read it again.
        const char opening = member.value.empty() ? '\0' : member.value.front();
        if (memberRule->whole || (opening != '{' && opening != '[')) {
            append(out, member.value);
            continue;
        }
        Scanner value(QByteArrayView(member.value.data(), qsizetype(member.value.size())));
        if (reduceValue(value, *memberRule, out) != Step::Done)
            return Step::Unsure;
    }
    out.append('}');
    return Step::Done;
}

Step reduceObject(Scanner &in, const Node &node, QByteArray &out)
{
    if (!node.whole && !node.selector.isEmpty())
        return reduceSelected(in, node, out);
    if (node.whole) {
        append(out, in.value());
        return in.ok() ? Step::Done : Step::Unsure;
    }
    out.append('{');
    bool first = true;
    Step step = Step::Done;
    const bool ok = forEachMember(in, [&](std::string_view key, Scanner &s) {
        const Node *member = node.member(key);
        if (!member || step != Step::Done) {
            s.value();
            return;
        }
        openMember(out, &first, key);
        step = reduceValue(s, *member, out);
    });
    out.append('}');
    return ok ? step : Step::Unsure;
}

Step reduceValue(Scanner &in, const Node &node, QByteArray &out)
{
    in.skipSpace();
    if (node.whole || (in.peek() != '{' && in.peek() != '[')) {
        append(out, in.value());
        return in.ok() ? Step::Done : Step::Unsure;
    }
    if (in.peek() == '{')
        return reduceObject(in, node, out);
    // An array under a reducing rule: every element reduced the same way.
    in.consume('[');
    out.append('[');
    if (!in.consume(']')) {
        while (true) {
            if (reduceValue(in, node, out) != Step::Done)
                return Step::Unsure;
            if (!in.consume(','))
                break;
            out.append(',');
        }
        if (!in.consume(']'))
            return Step::Unsure;
    }
    out.append(']');
    return Step::Done;
}

} // namespace

FrameReducer::Result FrameReducer::reduce(QByteArrayView text, const Node &payloadRule,
                                          QByteArray &out)
{
    // The reduced frame is never longer than the text (it is made of pieces of it), so one
    // reservation holds it; resize(0) keeps the buffer from frame to frame where clear() would
    // free it and every frame would grow a new one append by append.
    out.resize(0);
    out.reserve(text.size());
    Scanner in(text);
    out.append('{');
    bool first = true;
    Step step = Step::Done;
    const bool ok = forEachMember(in, [&](std::string_view key, Scanner &s) {
        if (!first)
            out.append(',');
        first = false;
        out.append('"');
        append(out, key);
        out.append("\":", 2);
        s.skipSpace();
        // Only an object payload is reduced, as FrameDecoder's QJsonDocument path does.
        if (key == "payload" && s.peek() == '{' && step == Step::Done)
            step = reduceValue(s, payloadRule, out);
        else
            append(out, s.value());
    });
    out.append('}');
    if (!ok || step != Step::Done)
        return Result::Unsure;
    return Result::Reduced;
}

} // namespace clawops::gateway
