#include "SessionKeys.h"

#include "core/Messages.h"

#include <QStringList>

namespace clawops::ui {

namespace {

// A subagent id is a UUID; its first block tells sessions apart in a table.
QString shortId(const QString &id)
{
    return id.left(8);
}

} // namespace

QString shortSessionKey(const QString &key)
{
    const QString sep = QStringLiteral(" \u203a ");
    const QStringList parts = key.split(QLatin1Char(':'));
    if (parts.size() >= 3 && parts.at(0) == QLatin1String("agent")) {
        const QString &agent = parts.at(1);
        const QString rest = parts.mid(2).join(QLatin1Char(':'));
        if (parts.size() >= 4 && parts.at(2) == QLatin1String("subagent")) {
            // A worker spawned by a hidden orchestrator nests under it
            // ("agent:main:subagent:<orchestrator>:subagent:<worker>"). Showing only the first
            // id made every such worker look like its orchestrator, so the session's own (last)
            // id always shows, after the root's when they differ.
            QStringList ids;
            for (qsizetype i = 2; i + 1 < parts.size(); i += 2) {
                if (parts.at(i) != QLatin1String("subagent"))
                    break;
                ids.append(shortId(parts.at(i + 1)));
            }
            QString text = agent + sep + QStringLiteral("sub ") + ids.constFirst();
            if (ids.size() > 2)
                text += sep + QChar(0x2026); // the levels in between; the tooltip has them
            if (ids.size() > 1)
                text += sep + ids.constLast();
            return text;
        }
        return agent + sep + (rest.size() > 24 ? rest.left(23) + QChar(0x2026) : rest);
    }
    return key.size() > 32 ? key.left(31) + QChar(0x2026) : key;
}

QString stripContractPacket(const QString &text)
{
    const QString stripped = core::stripWorkerTaskPacket(text);
    const qsizetype inline_ = stripped.indexOf(QLatin1String("[Worker result contract]"));
    return inline_ < 0 ? stripped : stripped.left(inline_).trimmed();
}

} // namespace clawops::ui
