#include "ReceiptSummary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace clawops::ui {

namespace {

QString text(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble());
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

// Items may be objects (the contract) or bare strings (workers paraphrasing it).
QJsonArray items(const QJsonValue &value)
{
    if (value.isArray())
        return value.toArray();
    if (value.isObject() || value.isString())
        return QJsonArray{value};
    return {};
}

} // namespace

ReceiptSummary ReceiptSummary::fromJson(const QString &json)
{
    ReceiptSummary receipt;
    if (json.trimmed().isEmpty())
        return receipt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (!document.isObject()) {
        receipt.parseError = error.error != QJsonParseError::NoError
                                 ? error.errorString()
                                 : tr("the receipt is not a JSON object");
        return receipt;
    }
    const QJsonObject object = document.object();
    receipt.present = true;
    receipt.status = text(object.value(QLatin1String("status")));
    receipt.taskId = text(object.value(QLatin1String("task_id")));
    const QJsonValue summary = object.value(QLatin1String("summary"));
    if (summary.isArray()) {
        QStringList lines;
        for (const QJsonValue line : summary.toArray())
            lines.append(text(line));
        receipt.summary = lines.join(QLatin1Char('\n'));
    } else {
        receipt.summary = text(summary);
    }
    for (const QJsonValue item : items(object.value(QLatin1String("blockers")))) {
        const QJsonObject o = item.toObject();
        if (item.isString())
            receipt.blockers.append({{}, item.toString(), {}, {}});
        else
            receipt.blockers.append({text(o.value(QLatin1String("type"))),
                                     text(o.value(QLatin1String("message"))),
                                     text(o.value(QLatin1String("suggested_fix"))),
                                     text(o.value(QLatin1String("required_from_user")))});
    }
    for (const QJsonValue item : items(object.value(QLatin1String("artifacts")))) {
        const QJsonObject o = item.toObject();
        if (item.isString())
            receipt.artifacts.append({{}, item.toString(), {}});
        else
            receipt.artifacts.append({text(o.value(QLatin1String("kind"))),
                                      text(o.value(QLatin1String("path_or_ref"))),
                                      text(o.value(QLatin1String("description")))});
    }
    for (const QJsonValue item : items(object.value(QLatin1String("verification")))) {
        const QJsonObject o = item.toObject();
        if (item.isString())
            receipt.verification.append({{}, item.toString(), {}});
        else
            receipt.verification.append({text(o.value(QLatin1String("kind"))),
                                         text(o.value(QLatin1String("value"))),
                                         text(o.value(QLatin1String("expected")))});
    }
    return receipt;
}

} // namespace clawops::ui
