#include "TaskQuery.h"

#include <QStringList>

#include <algorithm>
#include <array>

namespace clawops::core {

namespace {

// UTF-16 units reordered so that comparing them compares code points: a surrogate (half of a
// character above U+FFFF) must come after U+E000..U+FFFF, not before. At the first unit where
// two strings differ this is enough, because their common prefix ends on the same boundary.
char16_t inCodePointOrder(char16_t unit)
{
    if (unit < 0xD800)
        return unit;
    return unit >= 0xE000 ? char16_t(unit - 0x800) : char16_t(unit + 0x2000);
}

char16_t foldAscii(char16_t unit)
{
    return unit >= u'A' && unit <= u'Z' ? char16_t(unit + (u'a' - u'A')) : unit;
}

std::array<int, kTaskStateCount> stateRanks()
{
    QStringList names;
    for (int i = 0; i < kTaskStateCount; ++i)
        names.append(stateName(static_cast<TaskState>(i)));
    QStringList sorted = names;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return compareStoredText(a, b) < 0; });
    std::array<int, kTaskStateCount> ranks{};
    for (int i = 0; i < kTaskStateCount; ++i)
        ranks[std::size_t(i)] = int(sorted.indexOf(names.at(i)));
    return ranks;
}

} // namespace

int compareStoredText(const QString &a, const QString &b)
{
    const qsizetype common = std::min(a.size(), b.size());
    const QChar *left = a.constData();
    const QChar *right = b.constData();
    for (qsizetype i = 0; i < common; ++i) {
        const char16_t x = left[i].unicode();
        const char16_t y = right[i].unicode();
        if (x != y)
            return inCodePointOrder(x) < inCodePointOrder(y) ? -1 : 1;
    }
    return detail::threeWay(a.size(), b.size());
}

bool containsLikeSqlite(const QString &text, const QString &needle)
{
    const qsizetype length = needle.size();
    if (length == 0)
        return true;
    const QChar *hay = text.constData();
    const QChar *pattern = needle.constData();
    for (qsizetype start = 0; start + length <= text.size(); ++start) {
        qsizetype i = 0;
        while (i < length && foldAscii(hay[start + i].unicode()) == foldAscii(pattern[i].unicode()))
            ++i;
        if (i == length)
            return true;
    }
    return false;
}

bool matchesGlobLikeSqlite(const QString &text, const QString &glob)
{
    const QStringList parts = glob.split(QLatin1Char('*'));
    const auto matchesAt = [&text](qsizetype at, const QString &part) {
        if (at < 0 || at + part.size() > text.size())
            return false;
        for (qsizetype i = 0; i < part.size(); ++i) {
            if (foldAscii(text.at(at + i).unicode()) != foldAscii(part.at(i).unicode()))
                return false;
        }
        return true;
    };
    if (parts.size() == 1)
        return text.size() == glob.size() && matchesAt(0, glob);
    // The first part is anchored at the start, the last at the end; the ones between are found
    // leftmost, which is enough when `*` is the only wildcard.
    if (!matchesAt(0, parts.constFirst()))
        return false;
    qsizetype position = parts.constFirst().size();
    for (qsizetype p = 1; p + 1 < parts.size(); ++p) {
        const QString &part = parts.at(p);
        qsizetype found = -1;
        for (qsizetype at = position; at + part.size() <= text.size(); ++at) {
            if (matchesAt(at, part)) {
                found = at;
                break;
            }
        }
        if (found < 0)
            return false;
        position = found + part.size();
    }
    const QString &last = parts.constLast();
    const qsizetype lastAt = text.size() - last.size();
    return lastAt >= position && matchesAt(lastAt, last);
}

QString globToLikePattern(const QString &glob)
{
    QString pattern;
    pattern.reserve(glob.size() + 8);
    for (const QChar c : glob) {
        if (c == QLatin1Char('*')) {
            pattern.append(QLatin1Char('%'));
            continue;
        }
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            pattern.append(QLatin1Char('\\'));
        pattern.append(c);
    }
    return pattern;
}

int compareStates(TaskState a, TaskState b)
{
    static const std::array<int, kTaskStateCount> ranks = stateRanks();
    return detail::threeWay(ranks[std::size_t(a)], ranks[std::size_t(b)]);
}

} // namespace clawops::core
