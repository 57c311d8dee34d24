#pragma once

#include "Frame.h"
#include "GatewayJson.h"

#include <QList>
#include <QObject>
#include <QSemaphore>
#include <QString>
#include <QThread>
#include <QUrl>

#include <atomic>

namespace clawops::gateway {

class FrameReader;

// One message from the gateway, as the reader thread made it.
struct ReceivedFrame
{
    qsizetype bytes = 0; // the message's size in UTF-8
    bool binary = false; // a binary message: not a protocol frame, left unparsed
    Frame frame;         // what the text held (Unknown when it did not parse)
    FrameParseError error = FrameParseError::None;
    QString detail; // why it did not parse
};

// How a connection ended.
struct SocketClosed
{
    int code = 1000;     // the WebSocket close code
    QString reason;      // the close frame's reason
    QString description; // for the operator: the socket's error, else the code and reason
};

// The client's WebSocket, on a thread of its own that also parses the frames (FrameDecoder): the
// thread that owns the FrameSocket receives Frames, not text. Parsing is about half of what a
// frame costs before the core, and the engine thread has the adapter and the core to run.
//
// Used from the owning thread only. Each open() starts a connection with a number of its own;
// what comes back names its connection, so that news of an earlier one can be told apart.
// Frames come in batches, in the order they were read, and every frame read before a connection
// ended is delivered before its closed(). close() and abort() are answered by closed() too.
//
// The reader parses ahead of the owner within a room of `slotsAhead` slots: a frame takes a slot
// per 4 KiB of its text started (the gateway's events take one; a resync's page of a list, a
// megabyte, takes 256). When the owner falls behind (a burst, a slow moment of the engine), the
// reader stops reading, the socket's buffers fill, and TCP slows the gateway down. Without the
// bound, parsed frames piled up in memory (a gigabyte in a minute of the simulated gateway's
// burst at 5,000 frames per second); counted in frames alone, the pages a resync reads back held
// hundreds of megabytes. Held back long enough, an OpenClaw gateway treats the client as a slow
// consumer: it drops the events it may drop (the adapter sees the sequence gap and resyncs) or
// closes with 1008 (the client reconnects and resyncs).
class FrameSocket : public QObject
{
    Q_OBJECT

public:
    // 8,192 frames of the recorded traffic's size (about 45 MB parsed), or 32 MiB of text.
    static constexpr int kDefaultSlotsAhead = 8192;
    static constexpr qsizetype kBytesPerSlot = 4096;

    explicit FrameSocket(QObject *parent = nullptr, int slotsAhead = kDefaultSlotsAhead);
    // Drops the connection and stops the reader thread; nothing is delivered after.
    ~FrameSocket() override;

    // A new connection to `url` (the previous one, if any, is aborted without a closed()).
    // Messages beyond `maxMessageBytes` close it (QWebSocket's own limit). Without
    // `verifyPeer`, a wss:// peer's certificate is not checked (--no-verify-tls).
    quint64 open(const QUrl &url, qint64 maxMessageBytes, bool verifyPeer = true);
    void setMaxMessageBytes(qint64 bytes);
    void send(const QByteArray &utf8);
    void ping();
    // The closing handshake; closed() follows when the peer answers or the socket drops.
    void close(int code, const QString &reason);
    void abort();

    // The slots taken by frames parsed and not yet handed to the owner (at most slotsAhead).
    int slotsInUse() const;
    // What a frame of `bytes` takes of a room of `slotsAhead`: never more than the whole room,
    // so that any frame the message limit lets through can be read.
    static int slotsFor(qsizetype bytes, int slotsAhead);

Q_SIGNALS:
    void opened(quint64 connection);
    void received(quint64 connection, const QList<clawops::gateway::ReceivedFrame> &frames);
    void pong(quint64 connection, qint64 roundTripMs);
    void closed(quint64 connection, const clawops::gateway::SocketClosed &how);

private:
    friend class FrameReader;
    template<typename Call> void onReader(Call &&call);
    int slotsOf(const ReceivedFrame &received) const;
    int slotsOf(const QList<ReceivedFrame> &frames) const;

    QThread m_thread;
    FrameReader *m_reader = nullptr; // lives in m_thread
    quint64 m_lastConnection = 0;
    // Shared with the reader: a permit per slot it may fill ahead, and whether it should stop
    // waiting for room (the socket is being destroyed).
    const int m_slotsAhead;
    QSemaphore m_room;
    std::atomic_bool m_stopping = false;
};

} // namespace clawops::gateway
