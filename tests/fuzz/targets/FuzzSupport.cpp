#include "FuzzSupport.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

namespace clawops::fuzz {

namespace {

void dropMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg)
        std::fprintf(stderr, "qFatal: %s\n", message.toLocal8Bit().constData());
}

} // namespace

void initialize(int *argc, char ***argv)
{
    qInstallMessageHandler(dropMessages);
    // Lives until exit: the Qt objects the targets create may need it at any point.
    static QCoreApplication *application = new QCoreApplication(*argc, *argv);
    Q_UNUSED(application);
}

QByteArray toBytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

QList<QByteArray> splitLines(const QByteArray &input, int maxLines)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start <= input.size() && lines.size() < maxLines) {
        qsizetype end = input.indexOf('\n', start);
        if (end < 0)
            end = input.size();
        lines.append(input.mid(start, end - start));
        start = end + 1;
    }
    return lines;
}

void fail(const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "fuzz check failed: %s\n%s\n", what, detail.left(4000).constData());
    std::abort();
}

} // namespace clawops::fuzz
