#include "FrameSocket.h"

#include "FrameDecoder.h"
#include "core/Logging.h"

#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QWebSocket>

#include <algorithm>

namespace clawops::gateway {

namespace {

// A batch is handed over when the reader has nothing more to read, or at this size: frames
// reach the owner promptly, and few documents are alive at once.
constexpr qsizetype kMaxBatch = 128;

QString describeClose(const QWebSocket *socket)
{
    const int code = static_cast<int>(socket->closeCode());
    const QString reason = socket->closeReason();
    if (socket->error() != QAbstractSocket::UnknownSocketError &&
        socket->error() != QAbstractSocket::RemoteHostClosedError)
        return socket->errorString();
    return reason.isEmpty() ? QStringLiteral("close code %1").arg(code)
                            : QStringLiteral("close code %1: %2").arg(code).arg(reason);
}

} // namespace

// The reader thread's side: the QWebSocket and the decoder. Everything it reports goes to the
// FrameSocket as posted calls, which the owner's thread runs in the order they were posted.
class FrameReader : public QObject
{
public:
    explicit FrameReader(FrameSocket *owner)
        : m_owner(owner)
    {}

    void open(quint64 connection, const QUrl &url, qint64 maxMessageBytes, bool verifyPeer)
    {
        dropSocket();
        m_connection = connection;
        m_closedReported = false;
        // No origin: a browser Origin header makes the gateway apply its web-page rules.
        m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        setMaxMessageBytes(maxMessageBytes);
        QWebSocket *socket = m_socket;
        connect(socket, &QWebSocket::connected, this, [this, connection] {
            post([connection](FrameSocket *owner) { Q_EMIT owner->opened(connection); });
        });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { finish(socket); });
        connect(socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
                [this, socket](QAbstractSocket::SocketError) {
                    qCDebug(lcGateway) << "socket error:" << socket->errorString();
                    // A failed TCP connect or upgrade emits no `disconnected`; look once the
                    // signal has settled whether the socket is gone.
                    QMetaObject::invokeMethod(
                        this,
                        [this, socket] {
                            if (socket == m_socket &&
                                socket->state() == QAbstractSocket::UnconnectedState)
                                finish(socket);
                        },
                        Qt::QueuedConnection);
                });
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this](const QString &text) { onText(text); });
        connect(socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
            ReceivedFrame received;
            received.bytes = data.size();
            received.binary = true;
            queue(std::move(received));
        });
        connect(socket, &QWebSocket::pong, this,
                [this, connection](quint64 elapsed, const QByteArray &) {
                    post([connection, elapsed](FrameSocket *owner) {
                        Q_EMIT owner->pong(connection, static_cast<qint64>(elapsed));
                    });
                });
        if (!verifyPeer) {
            QSslConfiguration tls = socket->sslConfiguration();
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
            socket->setSslConfiguration(tls);
        }
        socket->open(QNetworkRequest(url));
    }

    void setMaxMessageBytes(qint64 bytes)
    {
        if (!m_socket)
            return;
        m_socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(bytes));
        m_socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(bytes));
    }

    void send(const QByteArray &utf8)
    {
        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->sendTextMessage(QString::fromUtf8(utf8));
    }

    void ping()
    {
        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->ping();
    }

    void close(int code, const QString &reason)
    {
        if (!m_socket)
            return;
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
        else
            abort();
    }

    void abort()
    {
        if (!m_socket)
            return;
        QWebSocket *socket = m_socket;
        socket->abort();
        finish(socket);
    }

    // The connection is over without a word to the owner (it went on to another, or is gone).
    void dropSocket()
    {
        if (!m_socket)
            return;
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
        m_owner->m_room.release(m_owner->slotsOf(m_batch));
        m_batch.clear();
    }

private:
    void onText(const QString &text)
    {
        ReceivedFrame received;
        const QByteArray utf8 = text.toUtf8();
        received.bytes = utf8.size();
        received.frame = m_decoder.decode(utf8, &received.error, &received.detail);
        queue(std::move(received));
    }

    // Room for one more frame: at once while the owner keeps up, else once it has taken what
    // was sent (this batch first, or the wait would never end). False when the socket is being
    // destroyed.
    bool waitForRoom(int slots)
    {
        if (m_owner->m_room.tryAcquire(slots))
            return true;
        flush();
        while (!m_owner->m_stopping.load()) {
            if (m_owner->m_room.tryAcquire(slots, 50))
                return true;
        }
        return false;
    }

    void queue(ReceivedFrame &&received)
    {
        if (!waitForRoom(m_owner->slotsOf(received)))
            return;
        m_batch.append(std::move(received));
        if (m_batch.size() >= kMaxBatch) {
            flush();
        } else if (m_batch.size() == 1) {
            // After the messages of this read: QWebSocket hands over all it has in one go.
            QMetaObject::invokeMethod(
                this, [this] { flush(); }, Qt::QueuedConnection);
        }
    }

    void flush()
    {
        if (m_batch.isEmpty())
            return;
        post([connection = m_connection, frames = std::exchange(m_batch, {})](FrameSocket *owner) {
            // Before the signal: a receiver may delete the socket.
            owner->m_room.release(owner->slotsOf(frames));
            Q_EMIT owner->received(connection, frames);
        });
    }

    // The socket is gone: what was read goes first, then the news, once.
    void finish(QWebSocket *socket)
    {
        if (socket != m_socket || m_closedReported)
            return;
        m_closedReported = true;
        flush();
        SocketClosed how;
        how.code = static_cast<int>(socket->closeCode());
        how.reason = socket->closeReason();
        how.description = describeClose(socket);
        post([connection = m_connection, how](FrameSocket *owner) {
            Q_EMIT owner->closed(connection, how);
        });
        m_socket->disconnect(this);
        m_socket->deleteLater();
        m_socket = nullptr;
    }

    template<typename Call> void post(Call &&call)
    {
        FrameSocket *owner = m_owner;
        QMetaObject::invokeMethod(
            owner, [owner, call = std::forward<Call>(call)] { call(owner); }, Qt::QueuedConnection);
    }

    FrameSocket *m_owner;
    QWebSocket *m_socket = nullptr;
    FrameDecoder m_decoder;
    quint64 m_connection = 0;
    bool m_closedReported = false;
    QList<ReceivedFrame> m_batch;
};

FrameSocket::FrameSocket(QObject *parent, int slotsAhead)
    : QObject(parent)
    , m_slotsAhead(std::max(1, slotsAhead))
    , m_room(m_slotsAhead)
{
    m_thread.setObjectName(QStringLiteral("clawops-gateway-io"));
    m_reader = new FrameReader(this);
    m_reader->moveToThread(&m_thread);
    m_thread.start();
}

FrameSocket::~FrameSocket()
{
    // A reader waiting for room would never see the call below.
    m_stopping.store(true);
    FrameReader *reader = m_reader;
    // The reader and its socket are deleted in their own thread, before it stops.
    QMetaObject::invokeMethod(
        reader,
        [reader] {
            reader->dropSocket();
            delete reader;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template<typename Call> void FrameSocket::onReader(Call &&call)
{
    FrameReader *reader = m_reader;
    QMetaObject::invokeMethod(
        reader, [reader, call = std::forward<Call>(call)] { call(*reader); }, Qt::QueuedConnection);
}

quint64 FrameSocket::open(const QUrl &url, qint64 maxMessageBytes, bool verifyPeer)
{
    const quint64 connection = ++m_lastConnection;
    onReader([connection, url, maxMessageBytes, verifyPeer](FrameReader &reader) {
        reader.open(connection, url, maxMessageBytes, verifyPeer);
    });
    return connection;
}

void FrameSocket::setMaxMessageBytes(qint64 bytes)
{
    onReader([bytes](FrameReader &reader) { reader.setMaxMessageBytes(bytes); });
}

void FrameSocket::send(const QByteArray &utf8)
{
    onReader([utf8](FrameReader &reader) { reader.send(utf8); });
}

void FrameSocket::ping()
{
    onReader([](FrameReader &reader) { reader.ping(); });
}

void FrameSocket::close(int code, const QString &reason)
{
    onReader([code, reason](FrameReader &reader) { reader.close(code, reason); });
}

void FrameSocket::abort()
{
    onReader([](FrameReader &reader) { reader.abort(); });
}

int FrameSocket::slotsInUse() const
{
    return m_slotsAhead - m_room.available();
}

int FrameSocket::slotsFor(qsizetype bytes, int slotsAhead)
{
    const qsizetype slots = bytes <= 0 ? 1 : 1 + (bytes - 1) / kBytesPerSlot;
    return int(std::min<qsizetype>(slots, slotsAhead));
}

int FrameSocket::slotsOf(const ReceivedFrame &received) const
{
    // A binary message is not kept: only its size is passed on.
    return slotsFor(received.binary ? 0 : received.bytes, m_slotsAhead);
}

int FrameSocket::slotsOf(const QList<ReceivedFrame> &frames) const
{
    int slots = 0;
    for (const ReceivedFrame &received : frames)
        slots += slotsOf(received);
    return slots;
}

} // namespace clawops::gateway
