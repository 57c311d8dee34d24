#pragma once

#include "JsonRef.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <memory>

namespace clawops::gateway {

struct ParsedJson;

// One protocol frame as a light value: what the adapter and the simulated gateway need to route
// it, with the payload still as JSON. Unknown fields are ignored and missing ones stay empty, so
// any object can be turned into a Frame without failing.
//
// The payload is read through JsonRef whichever parser made the frame: FrameDecoder reads event
// payloads in place in the document simdjson parsed (which the frame keeps alive), frames built
// from Qt objects wrap those.
struct Frame
{
    enum class Type
    {
        Unknown,
        Request,  // {type:"req", id, method, params}
        Response, // {type:"res", id, ok, payload | error}
        Event,    // {type:"event", event, payload, seq?}
    };

    Type type = Type::Unknown;
    QString id;      // request id (req/res)
    QString name;    // event name, or the method of a request
    bool ok = false; // res only
    // The event payload, res payload or req params as sent: normally an object, undefined when
    // absent. Readers that want an object take payload.toObject(). Valid as long as the frame.
    JsonRef payload;
    JsonRef error;   // res only, when !ok (undefined when absent)
    qint64 seq = -1; // the connection's event sequence number; -1 when absent
    // What `payload` reads from when it was read in place; shared, so copies of the frame keep
    // it alive.
    std::shared_ptr<const ParsedJson> document;

    bool isEvent() const { return type == Type::Event; }
    bool isResponse() const { return type == Type::Response; }

    static Frame fromJson(const QJsonObject &frame);
    static Frame event(const QString &name, const QJsonObject &payload, qint64 seq = -1);
};

} // namespace clawops::gateway

Q_DECLARE_METATYPE(clawops::gateway::Frame)
