#include "OpenFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace clawops::store::openfiles {

namespace {

struct Registry
{
    QMutex mutex;
    QHash<QString, int> connections;
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

// One name per file whether it existed at the first open or not: the folder resolved (it must
// exist), the file name as given. A file reached through a symbolic link of its own counts apart;
// the store never names its file that way.
QString keyOf(const QString &path)
{
    const QFileInfo info(path);
    const QString folder = info.absoluteDir().canonicalPath();
    return folder.isEmpty() ? info.absoluteFilePath() : folder + QLatin1Char('/') + info.fileName();
}

} // namespace

void retain(const QString &path)
{
    Registry &r = registry();
    const QMutexLocker lock(&r.mutex);
    ++r.connections[keyOf(path)];
}

void release(const QString &path)
{
    Registry &r = registry();
    const QMutexLocker lock(&r.mutex);
    const auto it = r.connections.find(keyOf(path));
    if (it == r.connections.end())
        return;
    if (--it.value() <= 0)
        r.connections.erase(it);
}

bool readUnlessOpen(const QString &path, const std::function<void()> &read)
{
    Registry &r = registry();
    const QMutexLocker lock(&r.mutex);
    if (r.connections.value(keyOf(path)) > 0)
        return false;
    read();
    return true;
}

int connectionsTo(const QString &path)
{
    Registry &r = registry();
    const QMutexLocker lock(&r.mutex);
    return r.connections.value(keyOf(path));
}

} // namespace clawops::store::openfiles
