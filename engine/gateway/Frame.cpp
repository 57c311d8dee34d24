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
        out.payload = frame.value(QLatin1String("payload")).toObject();
        const QJsonValue seq = frame.value(QLatin1String("seq"));
        // Sequence numbers are integers on the wire; anything else counts as absent.
        if (seq.isDouble() && seq.toDouble() >= 0)
            out.seq = seq.toInteger(-1);
    } else if (type == QLatin1String("res")) {
        out.type = Type::Response;
        out.id = frame.value(QLatin1String("id")).toString();
        out.ok = frame.value(QLatin1String("ok")).toBool(false);
        out.payload = frame.value(QLatin1String("payload")).toObject();
        out.error = frame.value(QLatin1String("error")).toObject();
    } else if (type == QLatin1String("req")) {
        out.type = Type::Request;
        out.id = frame.value(QLatin1String("id")).toString();
        out.name = frame.value(QLatin1String("method")).toString();
        out.payload = frame.value(QLatin1String("params")).toObject();
    }
    return out;
}

QJsonObject Frame::toJson() const
{
    QJsonObject frame;
    switch (type) {
    case Type::Event:
        frame.insert(QLatin1String("type"), QLatin1String("event"));
        frame.insert(QLatin1String("event"), name);
        frame.insert(QLatin1String("payload"),
                     document ? documentPayload.toQJsonObject() : payload);
        if (seq >= 0)
            frame.insert(QLatin1String("seq"), seq);
        break;
    case Type::Response:
        frame.insert(QLatin1String("type"), QLatin1String("res"));
        frame.insert(QLatin1String("id"), id);
        frame.insert(QLatin1String("ok"), ok);
        if (ok)
            frame.insert(QLatin1String("payload"), payload);
        else
            frame.insert(QLatin1String("error"), error);
        break;
    case Type::Request:
        frame.insert(QLatin1String("type"), QLatin1String("req"));
        frame.insert(QLatin1String("id"), id);
        frame.insert(QLatin1String("method"), name);
        frame.insert(QLatin1String("params"), payload);
        break;
    case Type::Unknown:
        break;
    }
    return frame;
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

Frame Frame::request(const QString &id, const QString &method, const QJsonObject &params)
{
    Frame out;
    out.type = Type::Request;
    out.id = id;
    out.name = method;
    out.payload = params;
    return out;
}

Frame Frame::response(const QString &id, bool ok, const QJsonObject &payloadOrError)
{
    Frame out;
    out.type = Type::Response;
    out.id = id;
    out.ok = ok;
    if (ok)
        out.payload = payloadOrError;
    else
        out.error = payloadOrError;
    return out;
}

} // namespace clawops::gateway
