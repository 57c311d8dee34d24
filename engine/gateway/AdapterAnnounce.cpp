#include "AdapterAnnounce.h"

namespace clawops::gateway::adapterannounce {

namespace {

const QLatin1String kOpen("<prompt-data>");
const QLatin1String kClose("</prompt-data>");
const QLatin1String kAnnounceLead("A background task completed");
const QLatin1String kSettleLead("[OpenClaw runtime event]");

// The markers sit right at the start, behind at most a "[Mon 2026-11-23 21:45 UTC] " stamp;
// looking only at the head keeps a quoted announce deep inside other text from matching.
constexpr qsizetype kLeadWindow = 64;

// The value of the last "<name>" line in `header` ("session_key: agent:…" → "agent:…").
QString lastLineValue(QStringView header, QLatin1StringView name)
{
    const qsizetype at = header.lastIndexOf(name);
    if (at < 0)
        return {};
    QStringView rest = header.mid(at + name.size());
    const qsizetype end = rest.indexOf(QLatin1Char('\n'));
    if (end >= 0)
        rest = rest.left(end);
    return rest.trimmed().toString();
}

// "sourceSession=<key>" of the inter-session line, up to the next whitespace.
QString sourceSession(QStringView text)
{
    const QLatin1String name("sourceSession=");
    const qsizetype at = text.indexOf(name);
    if (at < 0)
        return {};
    QStringView rest = text.mid(at + name.size());
    qsizetype end = 0;
    while (end < rest.size() && !rest.at(end).isSpace())
        ++end;
    return rest.left(end).toString();
}

QStringView lastNonEmptyLine(QStringView text)
{
    QStringView trimmed = text.trimmed();
    const qsizetype newline = trimmed.lastIndexOf(QLatin1Char('\n'));
    return newline >= 0 ? trimmed.mid(newline + 1) : trimmed;
}

} // namespace

bool isCompletionTurn(QStringView text)
{
    const QStringView head = text.left(kLeadWindow);
    if (head.contains(kAnnounceLead))
        return text.contains(kOpen);
    if (head.contains(kSettleLead))
        return text.contains(kOpen);
    return false;
}

QList<ChildResult> parseCompletionTurn(const QString &text)
{
    QList<ChildResult> results;
    qsizetype headerStart = 0;
    qsizetype position = 0;
    int resultBlocks = 0;
    while (true) {
        const qsizetype open = text.indexOf(kOpen, position);
        if (open < 0)
            break;
        const qsizetype close = text.indexOf(kClose, open + kOpen.size());
        if (close < 0)
            break;
        const QStringView header = QStringView(text).mid(headerStart, open - headerStart);
        const QString body = QStringView(text)
                                 .mid(open + kOpen.size(), close - open - kOpen.size())
                                 .trimmed()
                                 .toString();
        position = close + kClose.size();
        // A block is a result when the line introducing it says so ("Child result (…):",
        // "Subagent result (…):"); the other blocks quote a task title and belong to the header
        // of the result that follows them.
        if (!lastNonEmptyLine(header).contains(QLatin1String("result"), Qt::CaseInsensitive))
            continue;
        ++resultBlocks;
        QString child = lastLineValue(header, QLatin1String("session_key:"));
        if (child.isEmpty())
            child = lastLineValue(header, QLatin1String("childSessionKey:"));
        headerStart = position;
        if (body.isEmpty() || body == QLatin1String("(no output)"))
            continue;
        results.append({child, body});
    }
    // The inter-session line names the child when the turn carries a single result.
    if (resultBlocks == 1 && results.size() == 1 && results.front().childSessionKey.isEmpty())
        results.front().childSessionKey = sourceSession(text);
    return results;
}

} // namespace clawops::gateway::adapterannounce
