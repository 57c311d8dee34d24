// gateway::FrameSocket reads and parses frames on its own thread. What reaches the owner must be
// what the peer sent, in order, none lost: every frame sent before the peer closed arrives
// before closed(), and an earlier connection's news never mixes with the current one's.
#include "gateway/FrameSocket.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace clawops::gateway;

namespace {

constexpr int kWaitMs = 20000;

QByteArray eventText(int n)
{
    return "{\"type\":\"event\",\"event\":\"e\",\"payload\":{\"n\":" + QByteArray::number(n) +
           ",\"pad\":\"" + QByteArray(n % 200, 'x') + "\"},\"seq\":" + QByteArray::number(n) + "}";
}

// A peer on 127.0.0.1 that runs `script` on each connection it accepts.
class Peer : public QObject
{
public:
    explicit Peer(std::function<void(QWebSocket *)> script)
        : m_server(QStringLiteral("peer"), QWebSocketServer::NonSecureMode)
        , m_script(std::move(script))
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                m_script(socket);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server.serverPort()));
    }

private:
    QWebSocketServer m_server;
    std::function<void(QWebSocket *)> m_script;
};

// Everything a FrameSocket reported, in order.
struct Log
{
    QList<quint64> opened;
    QList<std::pair<quint64, ReceivedFrame>> frames;
    QList<std::pair<quint64, SocketClosed>> closed;
    qsizetype framesBeforeClose = -1;

    explicit Log(FrameSocket &socket)
    {
        QObject::connect(&socket, &FrameSocket::opened, &socket,
                         [this](quint64 connection) { opened.append(connection); });
        QObject::connect(&socket, &FrameSocket::received, &socket,
                         [this](quint64 connection, const QList<ReceivedFrame> &batch) {
                             for (const ReceivedFrame &frame : batch)
                                 frames.append({connection, frame});
                         });
        QObject::connect(&socket, &FrameSocket::closed, &socket,
                         [this](quint64 connection, const SocketClosed &how) {
                             if (closed.isEmpty())
                                 framesBeforeClose = frames.size();
                             closed.append({connection, how});
                         });
    }
};

} // namespace

class TestFrameSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The peer sends a burst and closes at once: all of it arrives, parsed, in order, and only
    // then the close, with the peer's code and reason.
    void framesArriveInOrderAndNoneIsLostOnClose()
    {
        constexpr int kFrames = 3000;
        Peer peer([](QWebSocket *socket) {
            for (int n = 0; n < kFrames; ++n)
                socket->sendTextMessage(QString::fromUtf8(eventText(n)));
            socket->close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("done"));
        });
        QVERIFY(peer.listen());
        FrameSocket socket;
        Log log(socket);
        const quint64 connection = socket.open(peer.url(), 64 << 20);
        QTRY_COMPARE_WITH_TIMEOUT(log.closed.size(), 1, kWaitMs);
        QCOMPARE(log.opened, QList<quint64>{connection});
        QCOMPARE(log.framesBeforeClose, kFrames);
        QCOMPARE(log.frames.size(), kFrames);
        for (int n = 0; n < kFrames; ++n) {
            const auto &[from, received] = log.frames.at(n);
            QCOMPARE(from, connection);
            QCOMPARE(received.error, FrameParseError::None);
            QVERIFY(received.frame.isEvent());
            QVERIFY(received.frame.document); // read in place
            QCOMPARE(received.frame.seq, n);
            QCOMPARE(received.frame.payload.value(QLatin1String("n")).toInteger(-1), n);
            QCOMPARE(received.bytes, eventText(n).size());
        }
        QCOMPARE(log.closed.first().first, connection);
        QCOMPARE(log.closed.first().second.code, 4001);
        QCOMPARE(log.closed.first().second.reason, QStringLiteral("done"));
        QVERIFY(log.closed.first().second.description.contains(QLatin1String("4001")));
        QTest::qWait(50);
        QCOMPARE(log.closed.size(), 1);
    }

    // What is not a frame still arrives, in its place, marked for the owner to drop.
    void responsesBadTextAndBinaryArriveInTheirPlace()
    {
        Peer peer([](QWebSocket *socket) {
            socket->sendTextMessage(QString::fromUtf8(eventText(1)));
            socket->sendTextMessage(QStringLiteral(
                "{\"type\":\"res\",\"id\":\"r1\",\"ok\":true,\"payload\":{\"a\":1}}"));
            socket->sendTextMessage(QStringLiteral("{\"type\":"));
            socket->sendBinaryMessage(QByteArray(7, '\1'));
            socket->sendTextMessage(QString::fromUtf8(eventText(2)));
            socket->close();
        });
        QVERIFY(peer.listen());
        FrameSocket socket;
        Log log(socket);
        socket.open(peer.url(), 64 << 20);
        QTRY_COMPARE_WITH_TIMEOUT(log.closed.size(), 1, kWaitMs);
        QCOMPARE(log.frames.size(), 5);
        QCOMPARE(log.frames.at(0).second.frame.seq, 1);
        const Frame &response = log.frames.at(1).second.frame;
        QVERIFY(response.isResponse());
        QCOMPARE(response.id, QStringLiteral("r1"));
        QCOMPARE(response.payload.value(QLatin1String("a")).toInteger(), 1);
        QCOMPARE(log.frames.at(2).second.error, FrameParseError::Malformed);
        QVERIFY(!log.frames.at(2).second.detail.isEmpty());
        QVERIFY(log.frames.at(3).second.binary);
        QCOMPARE(log.frames.at(3).second.bytes, 7);
        QCOMPARE(log.frames.at(4).second.frame.seq, 2);
    }

    // What the owner sends reaches the peer in order; the peer's echo comes back in order.
    void sentFramesGoOutInOrder()
    {
        Peer peer([](QWebSocket *socket) {
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                             [socket](const QString &text) { socket->sendTextMessage(text); });
        });
        QVERIFY(peer.listen());
        FrameSocket socket;
        Log log(socket);
        socket.open(peer.url(), 64 << 20);
        QTRY_COMPARE_WITH_TIMEOUT(log.opened.size(), 1, kWaitMs);
        for (int n = 0; n < 500; ++n)
            socket.send(eventText(n));
        QTRY_COMPARE_WITH_TIMEOUT(log.frames.size(), 500, kWaitMs);
        for (int n = 0; n < 500; ++n)
            QCOMPARE(log.frames.at(n).second.frame.seq, n);
        socket.close(1000, QStringLiteral("bye"));
        QTRY_COMPARE_WITH_TIMEOUT(log.closed.size(), 1, kWaitMs);
        QCOMPARE(log.closed.first().second.code, 1000);
    }

    // A connection the owner opens anew is finished off without a word; aborting one is
    // answered by closed().
    void aNewConnectionSilencesTheOldOne()
    {
        Peer peer(
            [](QWebSocket *socket) { socket->sendTextMessage(QString::fromUtf8(eventText(7))); });
        QVERIFY(peer.listen());
        FrameSocket socket;
        Log log(socket);
        const quint64 first = socket.open(peer.url(), 64 << 20);
        QTRY_COMPARE_WITH_TIMEOUT(log.frames.size(), 1, kWaitMs);
        const quint64 second = socket.open(peer.url(), 64 << 20);
        QVERIFY(second != first);
        QTRY_COMPARE_WITH_TIMEOUT(log.frames.size(), 2, kWaitMs);
        QCOMPARE(log.frames.at(1).first, second);
        socket.abort();
        QTRY_COMPARE_WITH_TIMEOUT(log.closed.size(), 1, kWaitMs);
        QCOMPARE(log.closed.first().first, second);
        QTest::qWait(50);
        QCOMPARE(log.closed.size(), 1); // nothing about the first
    }

    // Nothing to connect to: the attempt ends with closed() saying why.
    void aFailedConnectEndsWithClosed()
    {
        QWebSocketServer probe(QStringLiteral("probe"), QWebSocketServer::NonSecureMode);
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QUrl url(QStringLiteral("ws://127.0.0.1:%1/").arg(probe.serverPort()));
        probe.close(); // the port is free again: the connect is refused
        FrameSocket socket;
        Log log(socket);
        socket.open(url, 64 << 20);
        QTRY_COMPARE_WITH_TIMEOUT(log.closed.size(), 1, kWaitMs);
        QVERIFY(log.opened.isEmpty());
        QVERIFY(!log.closed.first().second.description.isEmpty());
    }

    // An owner that falls behind: the reader parses only so far ahead of it and then waits,
    // holding no more frames than allowed; once the owner takes them, the rest follows, in
    // order, none lost.
    void theReaderWaitsForAnOwnerThatFallsBehind()
    {
        constexpr int kFrames = 3000;
        constexpr int kAhead = 256;
        Peer peer([](QWebSocket *socket) {
            for (int n = 0; n < kFrames; ++n)
                socket->sendTextMessage(QString::fromUtf8(eventText(n)));
            socket->close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("done"));
        });
        QVERIFY(peer.listen());
        FrameSocket socket(nullptr, kAhead);
        Log log(socket);
        int mostAhead = 0;
        bool stalled = false;
        QObject::connect(&socket, &FrameSocket::received, &socket,
                         [&](quint64, const QList<ReceivedFrame> &) {
                             if (stalled)
                                 return;
                             stalled = true;
                             // The owner is busy: the reader fills what it may, and stops there.
                             QDeadlineTimer deadline(kWaitMs);
                             while (socket.slotsInUse() < kAhead && !deadline.hasExpired())
                                 QThread::msleep(5);
                             QThread::msleep(200);
                             mostAhead = socket.slotsInUse();
                         });
        const quint64 connection = socket.open(peer.url(), 64 << 20);
        QTRY_COMPARE_WITH_TIMEOUT(log.closed.size(), 1, kWaitMs);
        QCOMPARE(mostAhead, kAhead);
        QCOMPARE(log.framesBeforeClose, kFrames);
        for (int n = 0; n < kFrames; ++n) {
            QCOMPARE(log.frames.at(n).first, connection);
            QCOMPARE(log.frames.at(n).second.frame.seq, n);
        }
        QCOMPARE(socket.slotsInUse(), 0);
    }

    // Large frames take room by their size: a resync's pages of a megabyte each must not be read
    // ahead by the thousand. 100 frames of 40 KiB (10 slots each) with room for 256 slots: the
    // reader stops with 25 of them parsed ahead (the first batch handed over is at most as
    // many, so enough are left to fill the room), not all of them.
    void largeFramesTakeRoomByTheirSize()
    {
        constexpr int kFrames = 100;
        constexpr int kRoom = 256;
        const auto largeText = [](int n) {
            QByteArray text = eventText(n);
            text.insert(text.indexOf("\"pad\":\"") + 7, QByteArray(40 * 1024 - 200, 'y'));
            return text;
        };
        const int slotsEach = FrameSocket::slotsFor(largeText(0).size(), kRoom);
        QCOMPARE(slotsEach, 10);
        QCOMPARE(FrameSocket::slotsFor(eventText(5).size(), kRoom), 1);
        QCOMPARE(FrameSocket::slotsFor(0, kRoom), 1);
        QCOMPARE(FrameSocket::slotsFor(25 << 20, kRoom), kRoom); // never more than the room
        Peer peer([&largeText](QWebSocket *socket) {
            for (int n = 0; n < kFrames; ++n)
                socket->sendTextMessage(QString::fromUtf8(largeText(n)));
            socket->close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("done"));
        });
        QVERIFY(peer.listen());
        FrameSocket socket(nullptr, kRoom);
        Log log(socket);
        int mostAhead = 0;
        bool stalled = false;
        QObject::connect(
            &socket, &FrameSocket::received, &socket, [&](quint64, const QList<ReceivedFrame> &) {
                if (stalled)
                    return;
                stalled = true;
                QDeadlineTimer deadline(kWaitMs);
                while (socket.slotsInUse() + slotsEach <= kRoom && !deadline.hasExpired())
                    QThread::msleep(5);
                QThread::msleep(200);
                mostAhead = socket.slotsInUse();
            });
        socket.open(peer.url(), 64 << 20);
        QTRY_COMPARE_WITH_TIMEOUT(log.closed.size(), 1, kWaitMs);
        QCOMPARE(mostAhead, kRoom / slotsEach * slotsEach);
        QCOMPARE(log.framesBeforeClose, kFrames);
        for (int n = 0; n < kFrames; ++n) {
            QCOMPARE(log.frames.at(n).second.frame.seq, n);
            QCOMPARE(log.frames.at(n).second.error, FrameParseError::None);
        }
        QCOMPARE(socket.slotsInUse(), 0);
    }

    // Destroyed while the peer still sends: the reader thread stops (no deadlock, no crash),
    // also while it waits for an owner that has fallen behind.
    void destroyedWhileReading_data()
    {
        QTest::addColumn<int>("ahead");
        QTest::newRow("reading") << FrameSocket::kDefaultSlotsAhead;
        QTest::newRow("waiting for the owner") << 16;
    }

    void destroyedWhileReading()
    {
        QFETCH(int, ahead);
        Peer peer([](QWebSocket *socket) {
            for (int n = 0; n < 20000; ++n)
                socket->sendTextMessage(QString::fromUtf8(eventText(n)));
        });
        QVERIFY(peer.listen());
        qsizetype seen = 0;
        {
            auto socket = std::make_unique<FrameSocket>(nullptr, ahead);
            QObject::connect(
                socket.get(), &FrameSocket::received, socket.get(),
                [&seen](quint64, const QList<ReceivedFrame> &batch) { seen += batch.size(); });
            socket->open(peer.url(), 64 << 20);
            QTRY_VERIFY_WITH_TIMEOUT(seen > 0, kWaitMs);
            // Owner busy: the reader fills its room and waits. (The peer shares this thread, so
            // a larger room than the socket buffers hold would never fill.)
            QDeadlineTimer deadline(kWaitMs);
            while (ahead <= 16 && socket->slotsInUse() < ahead && !deadline.hasExpired())
                QThread::msleep(5);
        }
        QTest::qWait(50); // what the peer still sends finds no reader
    }
};

QTEST_GUILESS_MAIN(TestFrameSocket)
#include "tst_frame_socket.moc"
