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
// An event FrameDecoder parsed with simdjson keeps its payload in the parsed document, read in
// place through payloadView(); `payload` is then empty.
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
    QString id;          // request id (req/res)
    QString name;        // event name, or the method of a request
    bool ok = false;     // res only
    QJsonObject payload; // event payload, res payload, req params
    QJsonObject error;   // res only, when !ok
    qint64 seq = -1;     // the connection's event sequence number; -1 when absent
    std::shared_ptr<const ParsedJson> document; // set for events read in place
    JsonRef documentPayload;                    // the payload object inside `document`

    // The event payload, wherever it is (valid as long as this frame).
    JsonRef payloadView() const { return document ? documentPayload : JsonRef(payload); }

    bool isEvent() const { return type == Type::Event; }
    bool isResponse() const { return type == Type::Response; }

    static Frame fromJson(const QJsonObject &frame);
    QJsonObject toJson() const;

    static Frame event(const QString &name, const QJsonObject &payload, qint64 seq = -1);
    static Frame request(const QString &id, const QString &method, const QJsonObject &params);
    static Frame response(const QString &id, bool ok, const QJsonObject &payloadOrError);
};

} // namespace clawops::gateway

Q_DECLARE_METATYPE(clawops::gateway::Frame)
