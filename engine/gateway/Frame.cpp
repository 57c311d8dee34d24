#include "Frame.h"

#include <QJsonValue>

namespace clawops::gateway {

Frame Frame::fromJson(const QJsonObject &frame)
{
    Frame out;
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type == QLatin1String("event")) {
        out.type = Type::Event;
        out.name = frame.value(QLatin1String("event")).toString();
        out.payload = frame.value(QLatin1String("payload"));
        const QJsonValue seq = frame.value(QLatin1String("seq"));
        // Sequence numbers are integers on the wire; anything else counts as absent.
        if (seq.isDouble() && seq.toDouble() >= 0)
            out.seq = seq.toInteger(-1);
    } else if (type == QLatin1String("res")) {
        out.type = Type::Response;
        out.id = frame.value(QLatin1String("id")).toString();
        out.ok = frame.value(QLatin1String("ok")).toBool(false);
        out.payload = frame.value(QLatin1String("payload"));
        out.error = frame.value(QLatin1String("error"));
    } else if (type == QLatin1String("req")) {
        out.type = Type::Request;
        out.id = frame.value(QLatin1String("id")).toString();
        out.name = frame.value(QLatin1String("method")).toString();
        out.payload = frame.value(QLatin1String("params"));
    }
    return out;
}

Frame Frame::event(const QString &name, const QJsonObject &payload, qint64 seq)
{
    Frame out;
    out.type = Type::Event;
    out.name = name;
    out.payload = payload;
    out.seq = seq;
    return out;
}

} // namespace clawops::gateway
