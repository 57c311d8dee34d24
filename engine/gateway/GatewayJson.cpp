#include "GatewayJson.h"

#include <QJsonDocument>

#include <cmath>

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

qint64 wholeNumber(double number, qint64 fallback)
{
    constexpr double largestExact = 9007199254740992.0;
    if (!std::isfinite(number) || std::abs(number) > largestExact)
        return fallback;
    return static_cast<qint64>(number);
}

} // namespace clawops::gateway
