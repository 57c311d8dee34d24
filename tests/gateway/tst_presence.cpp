// The presence guard's gateway side (gateway/ClawOpsPresence.h): the marker ClawOps puts in its
// connect client.instanceId, the presence list as the recorded 2026.9.6 hello-ok carries it, the
// entries a gateway builds from connect client fields, and the tie-break every engine reaches.

#include "SimConnectValidator.h"
#include "gateway/ClawOpsPresence.h"
#include "gateway/ConnectParams.h"
#include "gateway/GatewayClientConfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace clawops;
using namespace clawops::gateway;

namespace {

QJsonObject readJson(const QString &name)
{
    QFile file(QStringLiteral(CLAWOPS_GATEWAY_DATA_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

PresenceMarker marker(const QString &engine, const QString &store, PeerState state, qint64 since)
{
    return PresenceMarker{engine, store, state, since, u"host-"_qs + engine};
}

// An entry as the gateway upserts it for an operator connection (host from displayName,
// instanceId copied, reason "connect"), with the fields the recorded self entry has.
QJsonObject entryFor(const PresenceMarker &m, const QString &reason = u"connect"_qs,
                     qint64 ts = 1795468823762)
{
    return QJsonObject{
        {u"host"_qs, u"ClawOps"_qs},
        {u"version"_qs, u"0.9.0"_qs},
        {u"platform"_qs, u"linux"_qs},
        {u"deviceFamily"_qs, u"desktop"_qs},
        {u"mode"_qs, u"ui"_qs},
        {u"roles"_qs, QJsonArray{u"operator"_qs}},
        {u"instanceId"_qs, formatPresenceMarker(m)},
        {u"reason"_qs, reason},
        {u"ts"_qs, QJsonValue(ts)},
    };
}

} // namespace

class TestPresence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedHelloOkListsOnlyTheGateway();
    void markerRoundTrip();
    void foreignInstanceIdsAreNoMarkers();
    void connectCarriesTheMarkerWithinTheSchema();
    void peersFromGatewayEntries();
    void earlierClaimActs();
    void newestTakeoverActs();
    void sameStoreAndClosedConnectionsAreNoRivals();
    void observerSeesTheActingOne();
};

void TestPresence::recordedHelloOkListsOnlyTheGateway()
{
    const QJsonObject hello = readJson(u"hello-ok.json"_qs);
    QVERIFY(!hello.isEmpty());
    QVERIFY(hello.value(u"features"_qs)
                .toObject()
                .value(u"events"_qs)
                .toArray()
                .contains(u"presence"_qs));
    const std::optional<QJsonArray> list = presenceList(hello.value(u"snapshot"_qs).toObject());
    QVERIFY(list);
    // The probe connected with mode "cli", which the gateway keeps out of presence: the one
    // entry is the gateway's own, with these fields.
    QCOMPARE(list->size(), 1);
    const QJsonObject self = list->at(0).toObject();
    QCOMPARE(self.value(u"reason"_qs).toString(), u"self"_qs);
    QCOMPARE(self.value(u"mode"_qs).toString(), u"gateway"_qs);
    for (const char *key : {"host", "ip", "version", "platform", "deviceFamily", "mode", "reason",
                            "instanceId", "text", "ts"})
        QVERIFY2(self.contains(QLatin1String(key)), key);
    QVERIFY(clawOpsPeers(*list).isEmpty());
    QVERIFY(!presenceList(QJsonObject{{u"health"_qs, QJsonObject{}}}));
}

void TestPresence::markerRoundTrip()
{
    const PresenceMarker m{u"k2j3h4"_qs, u"a1b2c3d4e5f6"_qs, PeerState::TakingOver, 1795468823762,
                           u"ops-west"_qs};
    const QString text = formatPresenceMarker(m);
    QCOMPARE(text, u"clawops:1:k2j3h4:a1b2c3d4e5f6:t:1795468823762:ops-west"_qs);
    QCOMPARE(parsePresenceMarker(text), std::optional<PresenceMarker>(m));
    PresenceMarker longHost = m;
    longHost.host = QString(300, QLatin1Char('h'));
    QVERIFY(formatPresenceMarker(longHost).size() <= 128);
    QVERIFY(parsePresenceMarker(formatPresenceMarker(longHost)));
}

void TestPresence::foreignInstanceIdsAreNoMarkers()
{
    for (const QString &text :
         {u"0e57f846-916d-4bbf-a451-dbdf6fbe3e0f"_qs, u""_qs, u"clawops:2:e:s:a:1:h"_qs,
          u"clawops:1:e:s:x:1:h"_qs, u"clawops:1::s:a:1:h"_qs, u"clawops:1:e:s:a:soon:h"_qs})
        QVERIFY2(!parsePresenceMarker(text), qPrintable(text));
}

void TestPresence::connectCarriesTheMarkerWithinTheSchema()
{
    GatewayClientConfig config;
    config.clientVersion = u"0.9.0"_qs;
    config.instanceId = formatPresenceMarker(marker(u"e1"_qs, u"s1"_qs, PeerState::Acting, 5));
    const QJsonObject params =
        buildConnectParams(config, ConnectChallenge{u"n"_qs, 1}, {}, nullptr);
    QCOMPARE(params.value(u"client"_qs).toObject().value(u"instanceId"_qs).toString(),
             config.instanceId);
    // client.instanceId is one of the closed client object's fields.
    QVERIFY(!sim::validateConnectSchema(params));
    config.instanceId.clear();
    QVERIFY(!buildConnectParams(config, ConnectChallenge{u"n"_qs, 1}, {}, nullptr)
                 .value(u"client"_qs)
                 .toObject()
                 .contains(u"instanceId"_qs));
}

void TestPresence::peersFromGatewayEntries()
{
    const QJsonObject hello = readJson(u"hello-ok.json"_qs);
    QJsonArray list = *presenceList(hello.value(u"snapshot"_qs).toObject());
    const PresenceMarker a = marker(u"a"_qs, u"sa"_qs, PeerState::Acting, 100);
    PresenceMarker aLater = a;
    aLater.state = PeerState::Observing;
    // Engine a reconnected: its first connection's entry stays behind with reason disconnect.
    list.append(entryFor(a, u"disconnect"_qs, 10));
    list.append(entryFor(aLater, u"connect"_qs, 20));
    list.append(entryFor(marker(u"b"_qs, u"sb"_qs, PeerState::Acting, 50), u"disconnect"_qs));
    const QList<PresencePeer> peers = clawOpsPeers(list);
    QCOMPARE(peers.size(), 2);
    QCOMPARE(peers.at(0).marker, aLater);
    QVERIFY(peers.at(0).connected);
    QCOMPARE(peers.at(1).marker.engineId, u"b"_qs);
    QVERIFY(!peers.at(1).connected);
}

void TestPresence::earlierClaimActs()
{
    const PresenceMarker first = marker(u"z"_qs, u"s1"_qs, PeerState::Acting, 100);
    const PresenceMarker second = marker(u"a"_qs, u"s2"_qs, PeerState::Acting, 200);
    QVERIFY(outranks(first, second));
    QVERIFY(!outranks(second, first));
    // Both see the same: the second observes the first, the first keeps acting.
    QCOMPARE(actingRival(second, {PresencePeer{first, true}}), std::optional(first));
    QVERIFY(!actingRival(first, {PresencePeer{second, true}}));
    // Started in the same millisecond: the lower engine id acts, and only one of them.
    const PresenceMarker twin = marker(u"b"_qs, u"s3"_qs, PeerState::Acting, 200);
    QVERIFY(outranks(second, twin) != outranks(twin, second));
    QVERIFY(outranks(second, twin));
}

void TestPresence::newestTakeoverActs()
{
    const PresenceMarker acting = marker(u"a"_qs, u"s1"_qs, PeerState::Acting, 100);
    const PresenceMarker taker = marker(u"b"_qs, u"s2"_qs, PeerState::TakingOver, 300);
    const PresenceMarker newerTaker = marker(u"c"_qs, u"s3"_qs, PeerState::TakingOver, 400);
    QVERIFY(outranks(taker, acting));
    QCOMPARE(actingRival(acting, {PresencePeer{taker, true}}), std::optional(taker));
    QVERIFY(!actingRival(taker, {PresencePeer{acting, true}}));
    QCOMPARE(actingRival(taker, {PresencePeer{newerTaker, true}, PresencePeer{acting, true}}),
             std::optional(newerTaker));
}

void TestPresence::sameStoreAndClosedConnectionsAreNoRivals()
{
    const PresenceMarker self = marker(u"b"_qs, u"s1"_qs, PeerState::Acting, 200);
    const PresenceMarker teammate = marker(u"a"_qs, u"s1"_qs, PeerState::Acting, 100);
    const PresenceMarker gone = marker(u"c"_qs, u"s2"_qs, PeerState::TakingOver, 900);
    const PresenceMarker watcher = marker(u"d"_qs, u"s3"_qs, PeerState::Observing, 50);
    QVERIFY(!actingRival(self, {PresencePeer{teammate, true}, PresencePeer{gone, false},
                                PresencePeer{watcher, true}, PresencePeer{self, true}}));
}

void TestPresence::observerSeesTheActingOne()
{
    const PresenceMarker watching = marker(u"o"_qs, u"s1"_qs, PeerState::Observing, 900);
    const PresenceMarker acting = marker(u"a"_qs, u"s2"_qs, PeerState::Acting, 100);
    QCOMPARE(actingRival(watching, {PresencePeer{acting, true}}), std::optional(acting));
    QVERIFY(!actingRival(watching, {PresencePeer{acting, false}}));
}

QTEST_GUILESS_MAIN(TestPresence)
#include "tst_presence.moc"
