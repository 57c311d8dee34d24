// One query, two implementations: the store's ORDER BY / WHERE and core::compareTasks /
// core::matchesQuery must give the same rows in the same order, because the console places rows
// it learns of from deltas with the C++ ones between rows the store sorted. The rows here carry
// the texts where the two could drift apart: case outside ASCII, characters beyond U+FFFF
// (surrogate pairs in UTF-16, four bytes in UTF-8) next to U+E000..U+FFFF, NULL and empty text,
// and the LIKE wildcards.

#include "StoreTestUtil.h"
#include "core/TaskQuery.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace clawops;
using namespace clawops::store;
using namespace clawops::store::testing;
using namespace Qt::Literals::StringLiterals;
using core::TaskQuery;
using core::TaskSortKey;
using core::TaskState;

namespace {

// Texts that sort and match differently under UTF-16 units, Unicode case folding or naive
// wildcards than under SQLite's rules.
const QStringList &trickyTexts()
{
    static const QStringList texts = {
        u"alpha"_s,
        u"Alpha"_s,
        u"ALPHA"_s,
        u"älpha"_s,
        u"Älpha"_s,
        u"straße"_s,
        u"STRASSE"_s,
        u"İstanbul"_s,
        u"istanbul"_s,
        QString::fromUtf8("\xF0\x9F\x98\x80 grin"),     // U+1F600: a surrogate pair
        QString::fromUtf8("\xF0\x90\x80\x80 linear-b"), // U+10000: the smallest pair
        QString::fromUtf8("\xEE\x80\x80 private"),      // U+E000
        QString::fromUtf8("\xEF\xBF\xBD replacement"),  // U+FFFD
        QString::fromUtf8("\xEF\xBC\xA1 fullwidth A"),  // U+FF21
        u"a%b"_s,
        u"a_b"_s,
        u"axb"_s,
        u"a\\b"_s,
        u"100% done"_s,
        u"zeta"_s,
        u"Zeta"_s,
        u"~tilde"_s,
        u"ωmega"_s,  // lower case only: Ω would find it under Unicode folding
        u"привет"_s, // likewise
        QString(),   // NULL when written by ClawOps
    };
    return texts;
}

QString text(int n, int shift)
{
    const QStringList &texts = trickyTexts();
    return texts.at((n * 7 + shift) % texts.size());
}

core::TaskRecord trickyTask(int n)
{
    core::TaskRecord task = makeTask(u"t-%1"_s.arg(n, 3, 10, QLatin1Char('0')), 1000 + n % 9);
    // Ids differ in case, too, so that the tie-break itself is tested.
    if (n % 5 == 0)
        task.taskId = core::TaskId(u"T-%1"_s.arg(n, 3, 10, QLatin1Char('0')));
    task.taskKey = core::TaskKey(text(n, 1) + u"-key"_s);
    task.requesterSessionKey = core::SessionKey(u"agent:main:"_s + text(n, 2));
    task.orchestratorSessionKey =
        core::SessionKey(n % 3 == 0 ? u"agent:main:orch-Ä"_s : u"agent:main:orch-a"_s);
    task.workerSessionKey = core::SessionKey(text(n, 3));
    task.label = text(n, 0);
    task.taskPreview = u"Preview "_s + text(n, 4);
    task.lastOutcome = core::TransitionCause::fromText(text(n, 5));
    task.state = static_cast<TaskState>(n % core::kTaskStateCount);
    task.attempt = 1 + n % 3;
    if (n % 4 != 0)
        task.nextRunAt = 5000 + n % 6;
    task.createdAt = 100 + n % 4;
    return task;
}

QStringList ids(const QList<core::TaskRecord> &tasks)
{
    QStringList out;
    for (const core::TaskRecord &task : tasks)
        out.append(task.taskId);
    return out;
}

} // namespace

Q_DECLARE_METATYPE(clawops::core::TaskSortKey)
Q_DECLARE_METATYPE(clawops::core::TaskState)
Q_DECLARE_METATYPE(QList<clawops::core::TaskPattern>)
Q_DECLARE_METATYPE(std::optional<int>)

class TestTaskQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void storedTextOrderIsCodePointOrder();
    void likeFoldsAsciiOnly();
    void storeAndCoreAgree_data();
    void storeAndCoreAgree();
    void globsMatchLikeSqlite();
    void patternsAndAttemptsAgree_data();
    void patternsAndAttemptsAgree();

private:
    // Whether the store finds rows is checked when `findsSome` says what to expect.
    void compareStoreAndCore(const TaskQuery &query, std::optional<bool> findsSome);

    // Every stored row, as the store reads it back.
    QList<core::TaskRecord> m_all;
    QTemporaryDir m_dir;
    Store m_store;
};

void TestTaskQuery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString file = m_dir.filePath(u"query.db"_s);
    QVERIFY(!m_store.open(file));
    core::ChangeSet changes;
    for (int n = 0; n < 120; ++n)
        changes.taskUpserts.append(trickyTask(n));
    QVERIFY(!m_store.apply(changes));
    {
        // ClawOps writes absent optional text as NULL; the plugin or a hand edit may leave ''.
        // Both read back empty, so both must sort and match alike.
        SideConnection side(file);
        QVERIFY(side.ok());
        QCOMPARE(side.exec(u"UPDATE orchestrator_tasks SET label = '', last_outcome = '', "
                           "worker_session_key = '' WHERE task_id LIKE '%3'"_s),
                 QString());
        QVERIFY(
            side.scalar(u"SELECT COUNT(*) FROM orchestrator_tasks WHERE label IS NULL"_s).toInt() >
            0);
        QVERIFY(side.scalar(u"SELECT COUNT(*) FROM orchestrator_tasks WHERE label = ''"_s).toInt() >
                0);
    }
    TaskQuery all;
    all.sortKey = TaskSortKey::Id;
    all.limit = 100000;
    const StoreResult<QList<core::TaskRecord>> read = m_store.queryTasks(all);
    QVERIFY2(read.isOk(), qPrintable(read.error().message));
    m_all = read.value();
    QCOMPARE(m_all.size(), 120);
}

void TestTaskQuery::cleanupTestCase()
{
    m_store.close();
}

void TestTaskQuery::storedTextOrderIsCodePointOrder()
{
    // The same list through SQLite's ORDER BY and through compareStoredText.
    const QString file = m_dir.filePath(u"collation.db"_s);
    SideConnection side(file);
    QVERIFY(side.ok());
    QCOMPARE(side.exec(u"CREATE TABLE t(v TEXT)"_s), QString());
    for (const QString &value : trickyTexts())
        QCOMPARE(side.exec(u"INSERT INTO t(v) VALUES (?)"_s,
                           {value.isNull() ? QVariant(QMetaType::fromType<QString>()) : value}),
                 QString());
    QStringList fromSql;
    for (const QVariantList &row : side.rows(u"SELECT COALESCE(v, '') FROM t ORDER BY 1"_s))
        fromSql.append(row.at(0).toString());
    QStringList fromCore = trickyTexts();
    std::sort(fromCore.begin(), fromCore.end(),
              [](const QString &a, const QString &b) { return core::compareStoredText(a, b) < 0; });
    QCOMPARE(fromCore, fromSql);

    // The case UTF-16 gets wrong: U+1F600 is after U+E000 in code points, before it in units.
    const QString pair = QString::fromUtf8("\xF0\x9F\x98\x80");
    const QString privateUse = QString::fromUtf8("\xEE\x80\x80");
    QVERIFY(pair.compare(privateUse) < 0);
    QVERIFY(core::compareStoredText(pair, privateUse) > 0);
    QVERIFY(core::compareStoredText(QString(), u""_s) == 0);
    QVERIFY(core::compareStoredText(u""_s, u"a"_s) < 0);
    QVERIFY(core::compareStoredText(u"ab"_s, u"a"_s) > 0);
}

void TestTaskQuery::likeFoldsAsciiOnly()
{
    QVERIFY(core::containsLikeSqlite(u"say ALPHA now"_s, u"alpha"_s));
    QVERIFY(!core::containsLikeSqlite(u"Älpha"_s, u"älpha"_s));
    QVERIFY(!core::containsLikeSqlite(u"STRASSE"_s, u"straße"_s));
    QVERIFY(!core::containsLikeSqlite(u"axb"_s, u"a_b"_s));
    QVERIFY(!core::containsLikeSqlite(u"axxb"_s, u"a%b"_s));
    QVERIFY(core::containsLikeSqlite(u"a%b"_s, u"A%B"_s));
    QVERIFY(!core::containsLikeSqlite(QString(), u"a"_s));

    // The premise, asked of SQLite itself: LIKE folds A-Z and nothing else.
    SideConnection side(m_dir.filePath(u"like.db"_s));
    QVERIFY(side.ok());
    QCOMPARE(side.scalar(u"SELECT 'xALPHAx' LIKE '%alpha%'"_s).toInt(), 1);
    QCOMPARE(side.scalar(u"SELECT 'Älpha' LIKE '%älpha%'"_s).toInt(), 0);
    QCOMPARE(side.scalar(u"SELECT 'STRASSE' LIKE '%straße%'"_s).toInt(), 0);
}

void TestTaskQuery::storeAndCoreAgree_data()
{
    QTest::addColumn<TaskSortKey>("sortKey");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("search");
    QTest::addColumn<QList<TaskState>>("states");
    QTest::addColumn<QString>("orchestrator");
    QTest::addColumn<bool>("findsSome");

    const QStringList searches = {
        QString(),
        u"alpha"_s,
        u" ALPHA "_s,
        u"älpha"_s,
        u"Ä"_s,
        u"strasse"_s,
        u"straße"_s,
        u"i"_s,
        u"İ"_s,
        u"%"_s,
        u"_"_s,
        u"a_b"_s,
        u"a%b"_s,
        u"\\"_s,
        u"% done"_s,
        QString::fromUtf8("\xF0\x9F\x98\x80"),
        QString::fromUtf8("\xEE\x80\x80"),
        u"ωMEGA"_s,
        u"t-00"_s,
        u"T-0"_s,
        u"preview Z"_s,
        u"replacement"_s,
    };
    for (int key = 0; key < core::kTaskSortKeyCount; ++key) {
        for (const bool descending : {false, true}) {
            const auto sortKey = static_cast<TaskSortKey>(key);
            const QByteArray name = QByteArray::number(key) + (descending ? " desc" : " asc");
            QTest::newRow(name.constData())
                << sortKey << descending << QString() << QList<TaskState>() << QString() << true;
            QTest::newRow((name + " states").constData())
                << sortKey << descending << QString()
                << QList<TaskState>{TaskState::Queued, TaskState::Done, TaskState::NeedsInput}
                << QString() << true;
            QTest::newRow((name + " orchestrator").constData())
                << sortKey << descending << u"a"_s << QList<TaskState>() << u"agent:main:orch-Ä"_s
                << true;
        }
    }
    for (const QString &search : searches) {
        QTest::newRow(("search " + search.toUtf8()).constData())
            << TaskSortKey::Label << false << search << QList<TaskState>() << QString() << true;
    }
    // Texts that only Unicode folding would find.
    for (const QString &search : {u"ΩMEGA"_s, u"ПРИВЕТ"_s, u"Привет"_s}) {
        QTest::newRow(("search, no Unicode folding " + search.toUtf8()).constData())
            << TaskSortKey::Label << false << search << QList<TaskState>() << QString() << false;
    }
}

void TestTaskQuery::storeAndCoreAgree()
{
    QFETCH(TaskSortKey, sortKey);
    QFETCH(bool, descending);
    QFETCH(QString, search);
    QFETCH(QList<TaskState>, states);
    QFETCH(QString, orchestrator);
    QFETCH(bool, findsSome);

    TaskQuery query;
    query.sortKey = sortKey;
    query.descending = descending;
    query.search = search;
    query.states = states;
    query.orchestratorSessionKey = core::SessionKey(orchestrator);
    query.limit = 100000;
    compareStoreAndCore(query, findsSome);
}

void TestTaskQuery::globsMatchLikeSqlite()
{
    QVERIFY(core::matchesGlobLikeSqlite(u"build-42"_s, u"build*"_s));
    QVERIFY(core::matchesGlobLikeSqlite(u"BUILD"_s, u"build"_s));
    QVERIFY(!core::matchesGlobLikeSqlite(u"rebuild"_s, u"build*"_s));
    QVERIFY(!core::matchesGlobLikeSqlite(u"build"_s, u"buil"_s));
    QVERIFY(core::matchesGlobLikeSqlite(u"abab"_s, u"a*b"_s));
    QVERIFY(!core::matchesGlobLikeSqlite(u"ab"_s, u"ab*b"_s));
    QVERIFY(core::matchesGlobLikeSqlite(u"abb"_s, u"ab*b"_s));
    QVERIFY(core::matchesGlobLikeSqlite(QString(), u"*"_s));
    QVERIFY(core::matchesGlobLikeSqlite(QString(), QString()));
    QVERIFY(!core::matchesGlobLikeSqlite(u"x"_s, QString()));
    QVERIFY(!core::matchesGlobLikeSqlite(u"axb"_s, u"a_b"_s));
    QVERIFY(!core::matchesGlobLikeSqlite(u"Älpha"_s, u"ä*"_s));
    QCOMPARE(core::globToLikePattern(u"a*b%c_d\\e"_s), u"a%b\\%c\\_d\\\\e"_s);

    // The premise, asked of SQLite itself, for the patterns the store binds.
    SideConnection side(m_dir.filePath(u"glob.db"_s));
    QVERIFY(side.ok());
    const auto like = [&side](const QString &text, const QString &glob) {
        return side.scalar(u"SELECT '%1' LIKE '%2' ESCAPE '\\'"_s.arg(
                               text, core::globToLikePattern(glob)))
                   .toInt() == 1;
    };
    for (const auto &[text, glob] : {std::pair{u"build-42"_s, u"build*"_s},
                                     {u"BUILD"_s, u"build"_s},
                                     {u"rebuild"_s, u"build*"_s},
                                     {u"ab"_s, u"ab*b"_s},
                                     {u"abb"_s, u"ab*b"_s},
                                     {u"axb"_s, u"a_b"_s},
                                     {u"a_b"_s, u"a_b"_s},
                                     {u"100% done"_s, u"100%*"_s},
                                     {u"100x done"_s, u"100%*"_s},
                                     {u"Älpha"_s, u"ä*"_s}})
        QCOMPARE(core::matchesGlobLikeSqlite(text, glob), like(text, glob));
}

void TestTaskQuery::patternsAndAttemptsAgree_data()
{
    using core::TaskPattern;
    using core::TaskTextField;
    QTest::addColumn<QList<TaskPattern>>("patterns");
    QTest::addColumn<std::optional<int>>("minAttempt");
    QTest::addColumn<std::optional<int>>("maxAttempt");
    QTest::addColumn<bool>("findsSome");

    const std::optional<int> none;
    const QStringList globs = {
        u"alpha"_s, u"a*"_s,    u"*a"_s,
        u"a*b"_s,   u"a%b"_s,   u"a_b"_s,
        u"a\\b"_s,  u"*"_s,     u"**"_s,
        u"*ph*"_s,  u"100%*"_s, u"ä*"_s,
        u"Ä*"_s,    QString(),  u"*grin"_s,
        u"z*a"_s,   u"*e*a*"_s, QString::fromUtf8("\xF0\x9F\x98\x80*"),
    };
    for (const QString &glob : globs) {
        for (const bool negated : {false, true}) {
            const QByteArray name = (negated ? "-label:" : "label:") + glob.toUtf8();
            // Every label matches `*`, so its negation finds none.
            const bool everything = glob == u"*"_s || glob == u"**"_s;
            QTest::newRow(name.constData())
                << QList<TaskPattern>{{TaskTextField::Label, glob, negated}} << none << none
                << !(negated && everything);
        }
    }
    QTest::newRow("id:t-00*") << QList<TaskPattern>{{TaskTextField::Id, u"t-00*"_s, false}} << none
                              << none << true;
    QTest::newRow("orch:*orch-ä") << QList<TaskPattern>{{TaskTextField::Orchestrator, u"*orch-ä"_s,
                                                         false}}
                                  << none << none << false;
    QTest::newRow("orch:*ORCH-A") << QList<TaskPattern>{{TaskTextField::Orchestrator, u"*ORCH-A"_s,
                                                         false}}
                                  << none << none << true;
    QTest::newRow("worker:*") << QList<TaskPattern>{{TaskTextField::Worker, u"*"_s, false}} << none
                              << none << true;
    QTest::newRow("-worker:") << QList<TaskPattern>{{TaskTextField::Worker, QString(), true}}
                              << none << none << true;
    QTest::newRow("outcome:*e*") << QList<TaskPattern>{{TaskTextField::Outcome, u"*e*"_s, false}}
                                 << none << none << true;
    QTest::newRow("attempt>1") << QList<TaskPattern>() << std::optional<int>(2) << none << true;
    QTest::newRow("attempt<2") << QList<TaskPattern>() << none << std::optional<int>(1) << true;
    QTest::newRow("attempt=2") << QList<TaskPattern>() << std::optional<int>(2)
                               << std::optional<int>(2) << true;
    QTest::newRow("attempt>3") << QList<TaskPattern>() << std::optional<int>(4) << none << false;
    QTest::newRow("all together") << QList<TaskPattern>{{TaskTextField::Label, u"*a*"_s, false},
                                                        {TaskTextField::Outcome, u"z*"_s, true},
                                                        {TaskTextField::Id, u"T-00*"_s, true}}
                                  << std::optional<int>(2) << std::optional<int>(3) << true;
}

void TestTaskQuery::patternsAndAttemptsAgree()
{
    QFETCH(QList<core::TaskPattern>, patterns);
    QFETCH(std::optional<int>, minAttempt);
    QFETCH(std::optional<int>, maxAttempt);
    QFETCH(bool, findsSome);
    for (const bool withStatesAndSearch : {false, true}) {
        TaskQuery query;
        query.patterns = patterns;
        query.minAttempt = minAttempt;
        query.maxAttempt = maxAttempt;
        query.sortKey = TaskSortKey::Label;
        query.limit = 100000;
        if (withStatesAndSearch) {
            query.states = {TaskState::Queued, TaskState::Failed, TaskState::Done};
            query.search = u"a"_s;
            compareStoreAndCore(query, std::nullopt);
            continue;
        }
        compareStoreAndCore(query, findsSome);
    }
}

void TestTaskQuery::compareStoreAndCore(const TaskQuery &query, std::optional<bool> findsSome)
{
    const StoreResult<QList<core::TaskRecord>> read = m_store.queryTasks(query);
    QVERIFY2(read.isOk(), qPrintable(read.error().message));
    const QList<core::TaskRecord> &fromStore = read.value();
    QCOMPARE(m_store.countTasks(query).value(), int(fromStore.size()));
    if (findsSome)
        QCOMPARE(!fromStore.isEmpty(), *findsSome);

    QList<core::TaskRecord> fromCore;
    for (const core::TaskRecord &task : std::as_const(m_all)) {
        if (core::matchesQuery(task, query))
            fromCore.append(task);
    }
    std::sort(fromCore.begin(), fromCore.end(),
              [&](const core::TaskRecord &a, const core::TaskRecord &b) {
                  return core::compareTasks(a, b, query) < 0;
              });
    QCOMPARE(ids(fromCore), ids(fromStore));
    // The order is total: no two rows compare equal, so where a row lands never depends on how
    // the rows arrived.
    for (qsizetype i = 1; i < fromCore.size(); ++i)
        QVERIFY(core::compareTasks(fromCore.at(i - 1), fromCore.at(i), query) < 0);
}

QTEST_GUILESS_MAIN(TestTaskQuery)
#include "tst_task_query.moc"
