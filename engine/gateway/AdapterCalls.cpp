// Building the adapter's action RPCs and reading their results.
#include "AdapterCalls.h"

#include "AdapterJson.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace clawops::gateway::adaptercalls {

using namespace adapterjson;

QString derivedKey(QLatin1StringView kind, const QStringList &parts)
{
    const QByteArray digest =
        QCryptographicHash::hash(parts.join(QChar(0x1f)).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(24);
    return QStringLiteral("clawops-") + kind + QLatin1Char('-') + QString::fromLatin1(digest);
}

RpcCall actionCall(CallRole role, const QString &method, const QJsonObject &params,
                   const QString &idempotencyKey, const QString &actionKey)
{
    RpcCall call;
    call.role = role;
    call.method = method;
    call.params = params;
    call.idempotencyKey = idempotencyKey;
    call.actionKey = actionKey;
    return call;
}

RpcCall sessionsSend(const QString &actionKey, const QString &sessionKey, const QString &text)
{
    RpcCall call = actionCall(CallRole::Send, QStringLiteral("sessions.send"),
                              {{QStringLiteral("key"), sessionKey},
                               {QStringLiteral("message"), text},
                               {QStringLiteral("idempotencyKey"), actionKey}},
                              actionKey, actionKey);
    call.sessionKey = sessionKey;
    call.text = text;
    return call;
}

bool abortSucceeded(bool ok, const QJsonObject &payload)
{
    if (!ok)
        return false;
    if (payload.value(QLatin1String("aborted")).toBool(false))
        return true;
    if (!payload.value(QLatin1String("runIds")).toArray().isEmpty())
        return true;
    // A result that says neither (another gateway version): an ok is all we have.
    return !payload.contains(QLatin1String("aborted")) &&
           !payload.contains(QLatin1String("runIds"));
}

QString errorOr(const QString &error, const QJsonObject &payload, const QString &fallback)
{
    if (!error.isEmpty())
        return error;
    const QString reason = stringField(payload, QLatin1String("reason"));
    return reason.isEmpty() ? fallback : reason;
}

QString deadlineKey(QLatin1StringView kind, int attempt, const QString &subject)
{
    return kind + QLatin1Char(':') + QString::number(attempt) + QLatin1Char(':') + subject;
}

std::optional<DeadlineKey> parseDeadlineKey(QLatin1StringView kind, const QString &key)
{
    if (!key.startsWith(kind) || key.size() <= kind.size() || key.at(kind.size()) != u':')
        return std::nullopt;
    const QStringView rest = QStringView(key).mid(kind.size() + 1);
    const qsizetype colon = rest.indexOf(QLatin1Char(':'));
    bool ok = false;
    const int attempt = colon > 0 ? rest.left(colon).toInt(&ok) : 0;
    if (!ok)
        return std::nullopt;
    return DeadlineKey{attempt, rest.mid(colon + 1).toString()};
}

} // namespace clawops::gateway::adaptercalls
