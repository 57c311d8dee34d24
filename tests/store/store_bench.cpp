// clawops-store-bench: how fast the store ingests worker lifecycles (with and without the
// receipt and note index), and how fast a store with a million task rows opens, shows its first
// page and searches. Prints one JSON object; timings are for
// people and dashboards, never test assertions.
//
//   clawops-store-bench [--rows N] [--lifecycles N] [--batch N] [--dir PATH]
//                       [--db postgresql://user@host:port/dbname]
//
// --db builds the million-row store in that PostgreSQL database (empty, or --reuse it) instead
// of a SQLite file; the ingest figures stay SQLite's (clawops-bench --db measures PostgreSQL's).
//
// Page-cache note: the big store is read back right after it was written, so the open and query
// numbers are warm-cache numbers.

#include "StoreTestUtil.h"
#include "core/Records.h"
#include "store/Store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <ctime>

using namespace clawops;
using namespace Qt::Literals::StringLiterals;
using core::TaskState;

namespace {

constexpr core::TimeMs kStart = 1795469000000;

// A task key that looks like the plugin's (64 hex digits, spread out) without hashing cost.
QString taskKeyFor(qint64 n)
{
    quint64 x = quint64(n) * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
    QString key;
    key.reserve(64);
    for (int part = 0; part < 4; ++part) {
        x += 0x9e3779b97f4a7c15ull;
        quint64 z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        key += u"%1"_s.arg(z, 16, 16, QLatin1Char('0'));
    }
    return key;
}

core::TaskRecord makeTask(qint64 n, TaskState state, core::TimeMs at)
{
    core::TaskRecord task;
    const QString key = taskKeyFor(n);
    task.taskId = clawops::core::TaskId(key.left(12) + u"-a1"_s);
    task.taskKey = clawops::core::TaskKey(key);
    task.requesterSessionKey = clawops::core::SessionKey(u"agent:main:main"_s);
    task.orchestratorSessionKey =
        clawops::core::SessionKey(u"agent:main:subagent:%1"_s.arg(n % 97, 8, 10, QLatin1Char('0')));
    task.label = u"worker-T-%1"_s.arg(n);
    task.spec.task = u"Run the mock checks for T-%1 and report what failed, with the commands "
                     "you ran and the files you touched."_s.arg(n);
    task.spec.label = task.label;
    task.spec.kind = u"worker"_s;
    task.taskPreview = task.spec.task;
    task.state = state;
    task.attempt = 1;
    task.maxRetries = 2;
    task.lastOutcome = clawops::core::TransitionCause::fromText(u"worker-ended-ok"_s);
    task.createdAt = at;
    task.updatedAt = at;
    return task;
}

// What a worker reports: one artifact named after the task, so that a receipt search can name
// exactly one row.
QString receiptFor(qint64 n)
{
    return u"{\"status\":\"completed\",\"task_id\":\"T-%1\",\"summary\":\"Ran the mock "
           "checks; 3 passed.\",\"artifacts\":[{\"path\":\"out/artifact-%1.log\"}],"
           "\"verification\":[\"make check\",\"diff the report\"]}"_s.arg(n);
}

core::WorkerRecord makeWorker(const core::TaskRecord &task, const QString &status, core::TimeMs at)
{
    core::WorkerRecord worker;
    worker.childSessionKey =
        clawops::core::SessionKey(u"agent:main:subagent:child-"_s + task.taskId);
    worker.taskId = clawops::core::TaskId(task.taskId);
    worker.taskKey = clawops::core::TaskKey(task.taskKey);
    worker.orchestratorSessionKey = clawops::core::SessionKey(task.orchestratorSessionKey);
    worker.label = task.label;
    worker.taskPreview = task.taskPreview;
    if (status != u"running")
        worker.ended = core::outcomeFromText(status).value_or(core::WorkerOutcome::Unknown);
    worker.startedAt = at;
    worker.updatedAt = at;
    return worker;
}

// One step of a worker's lifecycle: what the core would hand the store for it.
void appendStep(core::ChangeSet &changes, qint64 n, int step)
{
    static const TaskState kStates[] = {TaskState::Leased, TaskState::Running,
                                        TaskState::NeedsVerification, TaskState::Done};
    const core::TimeMs at = kStart + n * 10 + step;
    core::TaskRecord task = makeTask(n, kStates[step], kStart + n * 10);
    task.updatedAt = at;
    if (step >= 2)
        task.receiptJson = receiptFor(n);
    changes.taskUpserts.append(task);
    changes.transitions.append(core::TransitionRecord{
        task.taskId, at, step == 0 ? std::nullopt : std::optional<TaskState>(kStates[step - 1]),
        kStates[step], core::TransitionCause::other(u"step"_s)});
    if (step == 1)
        changes.workerChanges.append(
            {core::WorkerChange::Kind::Upsert, makeWorker(task, u"running"_s, at)});
    if (step == 2)
        changes.workerChanges.append(
            {core::WorkerChange::Kind::Upsert, makeWorker(task, u"ok"_s, at)});
}

void removeStore(const QString &file)
{
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(file + QLatin1String(suffix));
}

double perSecond(qint64 count, qint64 nanoseconds)
{
    return nanoseconds > 0 ? double(count) * 1e9 / double(nanoseconds) : 0.0;
}

// CPU time of this process: on a machine shared with other builds, wall time says more about
// the neighbours than about the store.
double cpuSeconds()
{
    return double(std::clock()) / CLOCKS_PER_SEC;
}

double ms(qint64 nanoseconds)
{
    return double(nanoseconds) / 1e6;
}

bool check(const store::StoreError &error, const char *what)
{
    if (!error)
        return true;
    std::fprintf(stderr, "%s: %s\n", what, qUtf8Printable(error.message));
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Store throughput and million-row open/first-page timings"_s);
    parser.addHelpOption();
    const QCommandLineOption rowsOption(u"rows"_s, u"Task rows in the big store."_s, u"N"_s,
                                        u"1000000"_s);
    const QCommandLineOption lifecyclesOption(u"lifecycles"_s, u"Worker lifecycles to ingest."_s,
                                              u"N"_s, u"50000"_s);
    const QCommandLineOption batchOption(u"batch"_s, u"Lifecycle steps per transaction."_s, u"N"_s,
                                         u"200"_s);
    const QCommandLineOption dirOption(u"dir"_s,
                                       u"Folder for the stores (default: a temporary "
                                       "one, removed afterwards)."_s,
                                       u"PATH"_s);
    const QCommandLineOption reuseOption(
        u"reuse"_s, u"Keep an existing big.db in --dir instead of building it again."_s);
    const QCommandLineOption dbOption(
        u"db"_s,
        u"Build the big store in this PostgreSQL database (empty, or with --reuse) instead of "
        "a SQLite file; the password from PGPASSFILE or ~/.pgpass."_s,
        u"URL"_s);
    parser.addOptions(
        {rowsOption, lifecyclesOption, batchOption, dirOption, reuseOption, dbOption});
    parser.process(app);
    const qint64 rows = parser.value(rowsOption).toLongLong();
    const qint64 lifecycles = parser.value(lifecyclesOption).toLongLong();
    const int batch = std::max(1, parser.value(batchOption).toInt());

    QTemporaryDir temporary;
    const QString dir = parser.isSet(dirOption) ? parser.value(dirOption) : temporary.path();
    QJsonObject out;
    QElapsedTimer timer;

    if (lifecycles > 0) {
        // 1. Ingest, pipelined like a busy gateway: each transaction holds one step each of `batch`
        // different lifecycles (leased, running, needs_verification, done), so no two upserts of a
        // task share a transaction.
        // Once as it is, then once each with the receipt and note index (its triggers) and
        // the sort indexes dropped, in the same run: what each costs the writer.
        const QList<std::pair<QString, QStringList>> variants = {
            {QString(), {}},
            {u"_without_receipt_index"_s,
             {u"DROP TRIGGER receipt_search_insert"_s, u"DROP TRIGGER receipt_search_update"_s,
              u"DROP TRIGGER note_search_insert"_s}},
            {u"_without_sort_indexes"_s,
             [] {
                 QStringList drops;
                 for (const char *column :
                      {"label", "state", "attempt", "last_outcome", "orchestrator_session_key",
                       "requester_session_key", "worker_session_key", "next_run_at", "created_at"})
                     drops.append(
                         u"DROP INDEX idx_clawops_tasks_sort_%1"_s.arg(QLatin1String(column)));
                 return drops;
             }()},
        };
        for (const auto &[suffix, drops] : variants) {
            const QString file = dir + u"/ingest.db"_s;
            removeStore(file);
            store::Store store;
            if (!check(store.open(file), "open ingest store"))
                return 1;
            if (!drops.isEmpty()) {
                store::testing::SideConnection side(file);
                for (const QString &drop : drops) {
                    if (const QString error = side.exec(drop); !error.isEmpty()) {
                        std::fprintf(stderr, "%s: %s\n", qUtf8Printable(drop),
                                     qUtf8Printable(error));
                        return 1;
                    }
                }
            }
            // Only apply() is timed: building the records is the core's work, not the store's.
            qint64 statements = 0;
            qint64 elapsed = 0;
            double cpu = 0;
            const qint64 groups = (lifecycles + batch - 1) / batch;
            for (qint64 round = 0; round < groups + 3; ++round) {
                core::ChangeSet changes;
                for (int step = 0; step < 4; ++step) {
                    const qint64 group = round - step;
                    if (group < 0 || group >= groups)
                        continue;
                    for (qint64 n = group * batch; n < std::min(lifecycles, (group + 1) * batch);
                         ++n)
                        appendStep(changes, n, step);
                }
                statements += changes.taskUpserts.size() + changes.transitions.size() +
                              changes.workerChanges.size();
                const double cpuStart = cpuSeconds();
                timer.start();
                if (!check(store.apply(changes), "apply"))
                    return 1;
                elapsed += timer.nsecsElapsed();
                cpu += cpuSeconds() - cpuStart;
            }
            out.insert(u"ingest_lifecycles_per_s"_s + suffix, perSecond(lifecycles, elapsed));
            out.insert(u"ingest_lifecycles_per_cpu_s"_s + suffix,
                       cpu > 0 ? double(lifecycles) / cpu : 0.0);
            out.insert(u"ingest_rows_per_s"_s + suffix, perSecond(statements, elapsed));
        }
        out.insert(u"ingest_lifecycles"_s, lifecycles);
        out.insert(u"ingest_steps_per_transaction"_s, batch);
    }

    // 2. A million task rows, nearly all terminal, a few active (what a long-lived store holds).
    const bool onPostgres = parser.isSet(dbOption);
    const QString big = onPostgres ? parser.value(dbOption) : dir + u"/big.db"_s;
    const bool build = onPostgres ? !parser.isSet(reuseOption)
                                  : !parser.isSet(reuseOption) || !QFileInfo::exists(big);
    if (build) {
        if (!onPostgres)
            removeStore(big);
        store::Store store;
        if (!check(store.open(big), "open big store"))
            return 1;
        if (onPostgres && store.countTasks(core::TaskQuery{}).value() > 0) {
            std::fprintf(stderr, "--db: the database holds tasks; give an empty one, or --reuse\n");
            return 1;
        }
        qint64 elapsed = 0;
        double cpu = 0;
        constexpr int kRowsPerTransaction = 10000;
        for (qint64 first = 0; first < rows; first += kRowsPerTransaction) {
            core::ChangeSet changes;
            for (qint64 n = first; n < std::min(rows, first + kRowsPerTransaction); ++n) {
                TaskState state = n % 10 == 0 ? TaskState::Failed : TaskState::Done;
                if (n % 20000 == 7)
                    state = TaskState::NeedsInput;
                core::TaskRecord task = makeTask(n, state, kStart + n * 10);
                if (state == TaskState::Done)
                    task.receiptJson = receiptFor(n);
                // Every hundredth task has an operator's note.
                if (n % 100 == 0) {
                    core::AuditRecord note;
                    note.at = task.updatedAt;
                    note.operatorName = u"alice"_s;
                    note.action = u"reject"_s;
                    note.taskId = task.taskId;
                    note.reason = u"asked for the logs of T-%1"_s.arg(n);
                    note.detail = note.reason;
                    note.result = u"ok"_s;
                    changes.audits.append(note);
                }
                changes.taskUpserts.append(task);
            }
            const double cpuStart = cpuSeconds();
            timer.start();
            if (!check(store.apply(changes), "apply big"))
                return 1;
            elapsed += timer.nsecsElapsed();
            cpu += cpuSeconds() - cpuStart;
        }
        out.insert(u"big_rows"_s, rows);
        out.insert(u"big_build_rows_per_s"_s, perSecond(rows, elapsed));
        out.insert(u"big_build_rows_per_cpu_s"_s, cpu > 0 ? double(rows) / cpu : 0.0);
    }
    out.insert(u"big_store"_s, onPostgres ? u"PostgreSQL"_s : u"SQLite"_s);
    if (!onPostgres)
        out.insert(u"big_file_mib"_s, double(QFileInfo(big).size()) / (1024.0 * 1024.0));

    // 3. Open it again and show the first screen.
    {
        store::Store store;
        const double cpuStart = cpuSeconds();
        timer.start();
        if (!check(store.open(big), "reopen big store"))
            return 1;
        const qint64 opened = timer.nsecsElapsed();
        const store::StoreResult<core::Snapshot> snapshot = store.loadSnapshot();
        if (!check(snapshot.error(), "loadSnapshot"))
            return 1;
        const qint64 loaded = timer.nsecsElapsed();
        const store::StoreResult<QList<core::TaskRecord>> page =
            store.queryTasks(core::TaskQuery{});
        if (!check(page.error(), "first page"))
            return 1;
        const qint64 firstPage = timer.nsecsElapsed();
        out.insert(u"open_ms"_s, ms(opened));
        out.insert(u"load_snapshot_ms"_s, ms(loaded - opened));
        out.insert(u"snapshot_active_tasks"_s, snapshot.value().activeTasks.size());
        out.insert(u"first_page_ms"_s, ms(firstPage - loaded));
        out.insert(u"first_page_rows"_s, page.value().size());
        out.insert(u"open_to_first_page_ms"_s, ms(firstPage));
        out.insert(u"open_to_first_page_cpu_ms"_s, (cpuSeconds() - cpuStart) * 1000.0);

        const auto time = [&](const char *name, const auto &call) {
            QElapsedTimer t;
            const double callCpuStart = cpuSeconds();
            t.start();
            call();
            out.insert(QString::fromLatin1(name), ms(t.nsecsElapsed()));
            out.insert(QString::fromLatin1(name).replace(u"_ms"_s, u"_cpu_ms"_s),
                       (cpuSeconds() - callCpuStart) * 1000.0);
        };
        time("count_all_ms", [&] { store.countTasks(core::TaskQuery{}); });
        time("count_by_state_ms", [&] { store.countByState(); });
        time("page_state_done_ms", [&] {
            core::TaskQuery query;
            query.states = {TaskState::Done};
            store.queryTasks(query);
        });
        time("page_active_states_ms", [&] {
            core::TaskQuery query;
            query.states = {TaskState::Queued, TaskState::Leased, TaskState::Running,
                            TaskState::NeedsInput, TaskState::NeedsVerification};
            store.queryTasks(query);
        });
        time("page_search_ms", [&] {
            core::TaskQuery query;
            query.search = u"T-77777 "_s;
            store.queryTasks(query);
        });
        time("page_search_receipt_ms", [&] {
            core::TaskQuery query;
            query.receiptText = u"artifact-777771.log"_s;
            store.queryTasks(query);
        });
        time("page_search_note_ms", [&] {
            core::TaskQuery query;
            query.noteText = u"logs of T-777700"_s;
            store.queryTasks(query);
        });
        // The first page in every order the task table offers, as a click on its header asks.
        static const std::pair<core::TaskSortKey, const char *> kSorts[] = {
            {core::TaskSortKey::Id, "id"},
            {core::TaskSortKey::Key, "key"},
            {core::TaskSortKey::Label, "label"},
            {core::TaskSortKey::State, "state"},
            {core::TaskSortKey::Attempt, "attempt"},
            {core::TaskSortKey::LastOutcome, "last_outcome"},
            {core::TaskSortKey::Orchestrator, "orchestrator"},
            {core::TaskSortKey::Requester, "requester"},
            {core::TaskSortKey::Worker, "worker"},
            {core::TaskSortKey::NextRunAt, "next_run_at"},
            {core::TaskSortKey::CreatedAt, "created_at"},
            {core::TaskSortKey::UpdatedAt, "updated_at"},
        };
        for (const auto &sort : kSorts) {
            for (const bool descending : {false, true}) {
                const QString label = u"sort_%1_%2_ms"_s.arg(QLatin1String(sort.second),
                                                             descending ? u"desc"_s : u"asc"_s);
                time(label.toLatin1().constData(), [&] {
                    core::TaskQuery query;
                    query.sortKey = sort.first;
                    query.descending = descending;
                    store.queryTasks(query);
                    store.countTasks(query);
                });
            }
        }
        time("page_state_failed_ms", [&] {
            core::TaskQuery query;
            query.states = {TaskState::Failed};
            store.queryTasks(query);
            store.countTasks(query);
        });
        time("page_deep_offset_ms", [&] {
            core::TaskQuery query;
            query.offset = 100000;
            store.queryTasks(query);
        });
        time("find_task_x1000_ms", [&] {
            for (qint64 n = 0; n < 1000; ++n)
                store.findTask(clawops::core::TaskId(
                    makeTask(n * (rows / 1000 + 1), TaskState::Done, 0).taskId));
        });
        time("highest_attempt_x1000_ms", [&] {
            for (qint64 n = 0; n < 1000; ++n)
                store.highestAttempt(clawops::core::TaskKey(
                    makeTask(n * (rows / 1000 + 1), TaskState::Done, 0).taskKey));
        });
    }

    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Indented);
    return 0;
}
