#include "SessionKeys.h"

#include "core/Messages.h"

#include <QStringList>

namespace clawops::ui {

QString shortSessionKey(const QString &key)
{
    const QStringList parts = key.split(QLatin1Char(':'));
    if (parts.size() >= 3 && parts.at(0) == QLatin1String("agent")) {
        const QString &agent = parts.at(1);
        const QString rest = parts.mid(2).join(QLatin1Char(':'));
        if (parts.size() >= 4 && parts.at(2) == QLatin1String("subagent"))
            return agent + QStringLiteral(" \u203a sub ") + parts.at(3).left(8);
        return agent + QStringLiteral(" \u203a ") +
               (rest.size() > 24 ? rest.left(23) + QChar(0x2026) : rest);
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
