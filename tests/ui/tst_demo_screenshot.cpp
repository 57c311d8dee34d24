// The built `clawops --demo` on a real X server (ctest runs this under xvfb-run): the console
// comes up on the simulated gateway, traffic reaches its store, and the main window's
// screenshot is saved into the build tree for people to look at. The process gets a home of its
// own, so neither the demo store nor window settings ever touch the user's folders.
#include <QDir>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

class TestDemoScreenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demoWindowShowsTraffic();
};

namespace {

// Seconds of demo traffic before the picture is taken: enough for a few dozen spawns at the
// demo's 1.2 per second, and for some of them to finish.
constexpr int kDelaySeconds = 8;

int tasksIn(const QString &databasePath)
{
    int count = -1;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("demo"));
        db.setDatabaseName(databasePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT COUNT(*) FROM orchestrator_tasks"), db);
            if (query.next())
                count = query.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("demo"));
    return count;
}

} // namespace

void TestDemoScreenshot::demoWindowShowsTraffic()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DISPLAY"),
             "needs an X server; ctest runs this under xvfb-run (scripts/install-deps installs "
             "xvfb and xauth)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString home = dir.filePath(QStringLiteral("home"));
    const QString runtime = dir.filePath(QStringLiteral("run"));
    for (const QString &sub : {QStringLiteral("home/.config"), QStringLiteral("home/.local/share"),
                               QStringLiteral("home/.cache"), QStringLiteral("run")})
        QVERIFY(QDir().mkpath(dir.filePath(sub)));
    // Qt ignores a runtime directory that others can read.
    QVERIFY(QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                               QFileDevice::ExeOwner));

    const QString shot = QStringLiteral(CLAWOPS_SCREENSHOT_PATH);
    QFile::remove(shot); // a picture from an earlier run proves nothing
    const QString database = dir.filePath(QStringLiteral("demo.db"));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb")); // the real X server
    env.remove(QStringLiteral("CLAWOPS_GATEWAY_TOKEN"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")); // no keychain prompts

    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setProgram(QStringLiteral(CLAWOPS_BINARY));
    process.setArguments({QStringLiteral("--demo"), QStringLiteral("--db"), database,
                          QStringLiteral("--identity-dir"),
                          dir.filePath(QStringLiteral("identity")), QStringLiteral("--screenshot"),
                          shot, QStringLiteral("--screenshot-delay"),
                          QString::number(kDelaySeconds)});
    process.start();
    QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));
    const qint64 pid = process.processId();
    QVERIFY(pid > 0);

    // The console saves the picture after the delay and quits on its own; if it hangs, it is
    // stopped by its process id, first politely.
    QByteArray log;
    const bool finished = process.waitForFinished((kDelaySeconds + 60) * 1000);
    // Never kill(0, …): that is this test's whole process group.
    if (!finished && pid > 0) {
        ::kill(pid_t(pid), SIGTERM);
        if (!process.waitForFinished(10000)) {
            ::kill(pid_t(pid), SIGKILL);
            process.waitForFinished(5000);
        }
    }
    log += process.readAll();
    QVERIFY2(finished, log.constData());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 0, log.constData());

    // The demo produced traffic, into the store it was given and nowhere else.
    const int tasks = tasksIn(database);
    QVERIFY2(tasks > 0, qPrintable(QStringLiteral("demo store has %1 tasks").arg(tasks)));
    QVERIFY(!QFile::exists(home + QStringLiteral("/.local/share/ClawOps/clawops/demo.db")));
    QVERIFY(!QFile::exists(home + QStringLiteral("/.local/share/ClawOps/clawops/clawops.db")));

    // The picture is the main window: its size, as the console reported it.
    QVERIFY2(QFile::exists(shot), log.constData());
    const QImage image(shot);
    QVERIFY2(!image.isNull(), "the screenshot is not a readable PNG");
    static const QRegularExpression reported(QStringLiteral(
        R"(screenshot of the main window \((\d+)x(\d+), device pixel ratio ([\d.]+)\))"));
    const QRegularExpressionMatch match = reported.match(QString::fromLocal8Bit(log));
    QVERIFY2(match.hasMatch(), log.constData());
    const double ratio = match.captured(3).toDouble();
    const QSize window(match.captured(1).toInt(), match.captured(2).toInt());
    QVERIFY(window.width() >= 800 && window.height() >= 500); // a real window, not a stub
    QCOMPARE(image.size(), window * ratio);

    // Not blank: a window with tables, badges, icons and anti-aliased text has many colours,
    // and no single colour covers nearly all of it.
    QHash<QRgb, int> counts;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x) {
            ++counts[line[x]];
        }
    }
    int dominant = 0;
    for (int count : std::as_const(counts))
        dominant = std::max(dominant, count);
    const double share = double(dominant) / double(rgb.width() * rgb.height());
    qInfo().noquote() << "screenshot" << shot << image.size() << counts.size() << "colours,"
                      << "largest share" << share << "; demo store" << tasks << "tasks";
    QVERIFY2(counts.size() >= 200, qPrintable(QString::number(counts.size())));
    QVERIFY2(share < 0.9, qPrintable(QString::number(share)));
}

QTEST_MAIN(TestDemoScreenshot)
#include "tst_demo_screenshot.moc"
