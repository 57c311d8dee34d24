#include "GatewayJson.h"

#include <QJsonDocument>

namespace clawops::gateway {

QJsonObject parseFrame(const QByteArray &utf8, FrameParseError *error, QString *detail)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = FrameParseError::Malformed;
        if (detail)
            *detail = QStringLiteral("%1 at offset %2")
                          .arg(parseError.errorString())
                          .arg(parseError.offset);
        return {};
    }
    if (!document.isObject()) {
        *error = FrameParseError::NotObject;
        if (detail)
            *detail = document.isArray() ? QStringLiteral("a JSON array")
                                         : QStringLiteral("a JSON scalar");
        return {};
    }
    *error = FrameParseError::None;
    return document.object();
}

QByteArray serializeFrame(const QJsonObject &frame)
{
    return QJsonDocument(frame).toJson(QJsonDocument::Compact);
}

} // namespace clawops::gateway
