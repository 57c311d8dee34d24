// Writes the seed corpus of each fuzz target from tests/data, and the stores it builds:
//   clawops_fuzz_seeds <tests/data> <out>   →   <out>/<target>/<sha1 of the seed>
// Seeds are what the real inputs look like (recorded gateway frames, worker replies, parity
// configs, plugin and ClawOps stores), so that the fuzzer mutates from there instead of
// discovering JSON and SQLite from nothing.
#include "StoreTestUtil.h"
#include "core/Config.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>

#include <cstdio>

using namespace clawops;

namespace {

class Corpus
{
public:
    Corpus(const QString &root, const QString &target)
        : m_dir(QDir(root).filePath(target))
    {
        QDir().mkpath(m_dir);
    }
    ~Corpus() { std::printf("%s: %d seeds\n", qPrintable(QDir(m_dir).dirName()), m_count); }
    Corpus(const Corpus &) = delete;
    Corpus &operator=(const Corpus &) = delete;

    void add(const QByteArray &seed)
    {
        const QString name =
            QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha1).toHex());
        QFile file(QDir(m_dir).filePath(name));
        if (file.exists())
            return;
        if (!file.open(QIODevice::WriteOnly) || file.write(seed) != seed.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
            std::exit(1);
        }
        ++m_count;
    }
    void addFile(const QString &path) { add(readFile(path)); }

    static QByteArray readFile(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
            std::exit(1);
        }
        return file.readAll();
    }

private:
    QString m_dir;
    int m_count = 0;
};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject readObject(const QString &path)
{
    return QJsonDocument::fromJson(Corpus::readFile(path)).object();
}

QStringList files(const QString &dir, const QStringList &patterns)
{
    QStringList out;
    QDirIterator it(dir, patterns, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(it.next());
    out.sort();
    return out;
}

// Recorded frames (traces and the gateway handshake) for the decoder; for the adapter, the
// inbound frames of each trace in order (a seed holds a run of them, so that spawns, endings and
// resync results meet in one input) and every inbound payload alone.
void gatewaySeeds(const QString &data, const QString &out)
{
    Corpus decoder(out, QStringLiteral("frame_decoder"));
    Corpus adapter(out, QStringLiteral("adapter"));
    // Small seeds keep the adapter target fast (it feeds each line eight times to three adapters);
    // larger frames (a few resync results) are in the frame decoder's corpus.
    constexpr int kFramesPerSeed = 8;
    constexpr qsizetype kMaxAdapterSeed = 16 * 1024;
    for (const QString &path : files(data, {QStringLiteral("*.jsonl")})) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QByteArray run;
        int inRun = 0;
        while (!file.atEnd()) {
            // {t, dir, conn?, frame}: see tests/data/traces/README.md.
            const QJsonObject row = QJsonDocument::fromJson(file.readLine()).object();
            const QJsonObject frame = row.value(QLatin1String("frame")).toObject();
            if (frame.isEmpty())
                continue;
            decoder.add(compact(frame));
            if (row.value(QLatin1String("dir")).toString() != QLatin1String("in"))
                continue;
            const QByteArray payload = compact(frame.value(QLatin1String("payload")).toObject());
            if (payload.size() > kMaxAdapterSeed)
                continue;
            adapter.add(payload);
            run += compact(frame) + '\n';
            if (++inRun == kFramesPerSeed || run.size() > kMaxAdapterSeed) {
                adapter.add(run);
                run.clear();
                inRun = 0;
            }
        }
        if (!run.isEmpty())
            adapter.add(run);
    }
    for (const QString &path :
         files(data + QStringLiteral("/gateway"), {QStringLiteral("*.json")})) {
        decoder.addFile(path);
        const QJsonObject object = readObject(path);
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it->isObject())
                decoder.add(compact(it->toObject()));
        }
    }
    // RPC results the recorded runs got (sessions.list, chat.history, tasks.list, …).
    for (const QString &path :
         files(data + QStringLiteral("/traces"), {QStringLiteral("*.json")})) {
        const QJsonObject object = readObject(path);
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it->isObject() && compact(it->toObject()).size() <= kMaxAdapterSeed)
                adapter.add(compact(it->toObject()));
        }
    }
}

void addStrings(Corpus &corpus, const QJsonValue &value)
{
    if (value.isString() && value.toString().size() >= 8)
        corpus.add(value.toString().toUtf8());
    const QJsonArray array = value.toArray();
    for (const QJsonValue item : array)
        addStrings(corpus, item);
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        addStrings(corpus, it.value());
}

// Worker replies: the parity cases' texts and the turns the mock model really received.
void receiptSeeds(const QString &data, const QString &out)
{
    Corpus corpus(out, QStringLiteral("receipts"));
    const QJsonArray cases = readObject(data + QStringLiteral("/parity/receipts.json"))
                                 .value(QLatin1String("cases"))
                                 .toArray();
    for (const QJsonValue item : cases)
        corpus.add(item.toObject().value(QLatin1String("text")).toString().toUtf8());
    addStrings(corpus, readObject(data + QStringLiteral("/traces/mock-request-excerpts.json")));
}

// Config files: the parity cases' JSON texts and ClawOps's own saved form.
void configSeeds(const QString &data, const QString &out)
{
    Corpus corpus(out, QStringLiteral("config"));
    const QJsonArray cases = readObject(data + QStringLiteral("/parity/config.json"))
                                 .value(QLatin1String("cases"))
                                 .toObject()
                                 .value(QLatin1String("resolveConfig"))
                                 .toArray();
    for (const QJsonValue item : cases)
        corpus.add(item.toObject().value(QLatin1String("json")).toString().toUtf8());
    const QJsonObject saved = core::configToJson(core::resolveConfig(QJsonObject{}));
    corpus.add(compact(saved));
    corpus.add(QJsonDocument(saved).toJson(QJsonDocument::Indented));
}

// A ClawOps store with a row in every table.
QString writeClawOpsStore(const QString &path)
{
    store::Store store;
    if (const store::StoreError error = store.open(path))
        return error.message;
    core::ChangeSet changes;
    const QList<core::TaskState> states = {core::TaskState::Queued, core::TaskState::Leased,
                                           core::TaskState::Done, core::TaskState::Failed};
    for (int i = 0; i < states.size(); ++i) {
        const QString id = QStringLiteral("t%1-a1").arg(i);
        core::TaskRecord task = store::testing::makeTask(id, 1000 + i);
        task.state = states.at(i);
        task.receiptJson = QStringLiteral("{\"task_id\":\"%1\",\"status\":\"completed\"}").arg(id);
        changes.taskUpserts.append(task);
        changes.transitions.append(
            {core::TaskId(id), 1000 + i, std::nullopt, core::TaskState::Queued,
             core::TransitionCause::of(core::TransitionCause::Kind::SpawnRequested)});
        changes.transitions.append(
            {core::TaskId(id), 1100 + i, core::TaskState::Queued, states.at(i),
             core::TransitionCause::of(core::TransitionCause::Kind::WorkerStarted)});
    }
    core::WorkerRecord worker;
    worker.childSessionKey = core::SessionKey(QStringLiteral("agent:main:subagent:child-1"));
    worker.taskId = core::TaskId(QStringLiteral("t1-a1"));
    worker.taskKey = core::TaskKey(QStringLiteral("key-t1-a1"));
    worker.orchestratorSessionKey = core::SessionKey(QStringLiteral("agent:main:subagent:orch-1"));
    worker.taskPreview = QStringLiteral("Do the thing");
    worker.startedAt = 1001;
    worker.updatedAt = 1001;
    changes.workerChanges.append({core::WorkerChange::Kind::Upsert, worker});
    core::BindingChange binding;
    binding.record.requesterSessionKey = core::SessionKey(QStringLiteral("agent:main:main"));
    binding.record.orchestratorSessionKey =
        core::SessionKey(QStringLiteral("agent:main:subagent:orch-1"));
    binding.record.updatedAt = 1000;
    changes.bindingChanges.append(binding);
    changes.retryCounts.append({core::TaskKey(QStringLiteral("key-t3-a1")), 1, 1200});
    changes.audits.append({1300, QStringLiteral("op"), QStringLiteral("kill"),
                           core::TaskId(QStringLiteral("t1-a1")), QStringLiteral("stuck"),
                           QStringLiteral("ok"), QString(), std::nullopt,
                           QStringLiteral("ops-west")});
    core::SuppressedSpawnRecord suppressed;
    suppressed.at = 1400;
    suppressed.taskKey = core::TaskKey(QStringLiteral("key-t1-a1"));
    suppressed.activeTaskId = core::TaskId(QStringLiteral("t1-a1"));
    changes.suppressed.append(suppressed);
    if (const store::StoreError error = store.apply(changes))
        return error.message;
    return {};
}

// The same file with 512-byte pages: a fifth of the bytes for the fuzzer to mutate.
QString shrinkPages(const QString &path)
{
    store::testing::SideConnection side(path);
    for (const char *statement :
         {"PRAGMA journal_mode = DELETE", "PRAGMA page_size = 512", "VACUUM"}) {
        if (QString error = side.exec(QString::fromLatin1(statement)); !error.isEmpty())
            return error;
    }
    return {};
}

// Plugin stores written as the plugin writes them (tests/data/store), ClawOps stores written
// through store::Store, each also with small pages; and any SQLite file kept under tests/data.
void storeSeeds(const QString &data, const QString &out)
{
    Corpus corpus(out, QStringLiteral("store_open"));
    QTemporaryDir scratch;
    int serial = 0;
    const auto addStore = [&](const auto &write) {
        const QString path = scratch.filePath(QStringLiteral("store-%1.db").arg(++serial));
        if (const QString error = write(path); !error.isEmpty()) {
            std::fprintf(stderr, "cannot build a seed store: %s\n", qPrintable(error));
            std::exit(1);
        }
        corpus.addFile(path);
        if (const QString error = shrinkPages(path); !error.isEmpty()) {
            std::fprintf(stderr, "cannot shrink a seed store: %s\n", qPrintable(error));
            std::exit(1);
        }
        corpus.addFile(path);
    };
    for (const QString &name :
         {QStringLiteral("plugin-rows.json"), QStringLiteral("orchestrator-db-dump.json")}) {
        const QJsonObject dump = readObject(data + QStringLiteral("/store/") + name);
        for (const bool receiptColumns : {true, false}) {
            addStore([&](const QString &path) {
                return store::testing::writePluginStore(path, dump, receiptColumns);
            });
        }
    }
    addStore(writeClawOpsStore);
    for (const QString &path : files(data, {QStringLiteral("*.db"), QStringLiteral("*.sqlite"),
                                            QStringLiteral("*.sqlite3")}))
        corpus.addFile(path);
    corpus.add(QByteArray()); // a new store
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <tests/data> <out>\n", argv[0]);
        return 2;
    }
    const QString data = QString::fromLocal8Bit(argv[1]);
    const QString out = QString::fromLocal8Bit(argv[2]);
    gatewaySeeds(data, out);
    receiptSeeds(data, out);
    configSeeds(data, out);
    storeSeeds(data, out);
    return 0;
}
