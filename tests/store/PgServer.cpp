#include "PgServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace clawops::store::testing {

namespace {

// The port the kernel hands out for 127.0.0.1:0; free unless someone takes it in the moment
// before postgres binds it, which then fails loudly with the log.
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

struct RunAs
{
    bool asPostgres = false; // root: through runuser as the system user postgres
    uid_t uid = 0;
    gid_t gid = 0;
};

QString findRunAs(RunAs *runAs)
{
    if (::geteuid() != 0)
        return {};
    const passwd *entry = ::getpwnam("postgres");
    if (!entry) {
        return QStringLiteral(
            "running as root, but there is no system user `postgres` to run initdb and postgres "
            "as (they refuse root); ./scripts/install-deps installs the postgresql package, "
            "which creates it");
    }
    runAs->asPostgres = true;
    runAs->uid = entry->pw_uid;
    runAs->gid = entry->pw_gid;
    return {};
}

// The program and arguments that run `binary args` as the right user.
QStringList command(const RunAs &runAs, const QString &binary, const QStringList &args)
{
    if (!runAs.asPostgres)
        return QStringList{binary} + args;
    return QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("postgres"),
                       QStringLiteral("--"), binary} +
           args;
}

QString handOver(const RunAs &runAs, const QString &path)
{
    if (runAs.asPostgres && ::chown(QFile::encodeName(path).constData(), runAs.uid, runAs.gid) != 0)
        return QStringLiteral("cannot hand %1 to the user postgres: %2")
            .arg(path, QString::fromLocal8Bit(::strerror(errno)));
    return {};
}

QString writeFile(const QString &path, const QByteArray &content, QFile::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) < 0)
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    file.close();
    file.setPermissions(permissions);
    return {};
}

} // namespace

QString PgServer::binDir()
{
    const QString fromEnv = qEnvironmentVariable("CLAWOPS_PG_BINDIR");
    return fromEnv.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : fromEnv;
}

PgServer::~PgServer()
{
    stop();
}

QString PgServer::start()
{
    const QString bin = binDir();
    for (const char *tool : {"initdb", "postgres"}) {
        const QFileInfo info(QDir(bin).filePath(QString::fromLatin1(tool)));
        if (!info.isExecutable()) {
            return QStringLiteral("PostgreSQL is not installed: %1 is missing. Run "
                                  "./scripts/install-deps (Debian packages postgresql and "
                                  "libqt6sql6-psql), or set CLAWOPS_PG_BINDIR.")
                .arg(info.filePath());
        }
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return QStringLiteral("the Qt PostgreSQL driver (QPSQL) is missing; run "
                              "./scripts/install-deps (Debian package libqt6sql6-psql)");
    RunAs runAs;
    if (QString error = findRunAs(&runAs); !error.isEmpty())
        return error;

    m_dir =
        std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("clawops-pg-XXXXXX")));
    if (!m_dir->isValid())
        return QStringLiteral("cannot create a temporary folder: %1").arg(m_dir->errorString());
    const QString root = m_dir->path();
    const QString data = QDir(root).filePath(QStringLiteral("data"));
    const QString sockets = QDir(root).filePath(QStringLiteral("sockets"));
    const QString passwordFile = QDir(root).filePath(QStringLiteral("password"));
    if (!QDir().mkpath(sockets))
        return QStringLiteral("cannot create %1").arg(sockets);
    if (QString error = writeFile(passwordFile, password().toUtf8() + '\n',
                                  QFile::ReadOwner | QFile::WriteOwner);
        !error.isEmpty())
        return error;
    for (const QString &path : {root, sockets, passwordFile}) {
        if (QString error = handOver(runAs, path); !error.isEmpty())
            return error;
    }

    const QStringList initdb =
        command(runAs, QDir(bin).filePath(QStringLiteral("initdb")),
                {QStringLiteral("-D"), data, QStringLiteral("-U"), user(),
                 QStringLiteral("--pwfile=") + passwordFile, QStringLiteral("--auth=scram-sha-256"),
                 QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                 QStringLiteral("--no-sync"), QStringLiteral("--no-instructions")});
    QProcess init;
    init.setProcessChannelMode(QProcess::MergedChannels);
    init.start(initdb.constFirst(), initdb.mid(1));
    if (!init.waitForFinished(120000) || init.exitStatus() != QProcess::NormalExit ||
        init.exitCode() != 0) {
        return QStringLiteral("initdb failed (%1): %2")
            .arg(initdb.join(QLatin1Char(' ')), QString::fromLocal8Bit(init.readAll()).trimmed());
    }

    m_port = freePort();
    if (m_port == 0)
        return QStringLiteral("no free port on 127.0.0.1");
    return launch();
}

QString PgServer::launch()
{
    RunAs runAs;
    if (QString error = findRunAs(&runAs); !error.isEmpty())
        return error;
    const QString bin = binDir();
    const QString root = m_dir->path();
    const QString data = QDir(root).filePath(QStringLiteral("data"));
    const QString sockets = QDir(root).filePath(QStringLiteral("sockets"));
    // The tests measure nothing, so durability is traded for speed.
    const QStringList postgres =
        command(runAs, QDir(bin).filePath(QStringLiteral("postgres")),
                {QStringLiteral("-D"), data, QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                 QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-k"), sockets,
                 QStringLiteral("-c"), QStringLiteral("fsync=off"), QStringLiteral("-c"),
                 QStringLiteral("full_page_writes=off"), QStringLiteral("-c"),
                 QStringLiteral("synchronous_commit=off")});
    m_process = std::make_unique<QProcess>();
    m_process->setStandardOutputFile(QDir(root).filePath(QStringLiteral("server.log")));
    m_process->setStandardErrorFile(QDir(root).filePath(QStringLiteral("server.log")),
                                    QIODevice::Append);
    m_process->start(postgres.constFirst(), postgres.mid(1));
    if (!m_process->waitForStarted(10000))
        return QStringLiteral("cannot start %1: %2")
            .arg(postgres.constFirst(), m_process->errorString());

    const QString pgpass = QDir(root).filePath(QStringLiteral("pgpass"));
    if (QString error = writeFile(
            pgpass,
            QStringLiteral("127.0.0.1:%1:*:%2:%3\n").arg(m_port).arg(user(), password()).toUtf8(),
            QFile::ReadOwner | QFile::WriteOwner);
        !error.isEmpty())
        return error;
    qputenv("PGPASSFILE", QFile::encodeName(pgpass));

    // Ready when it answers a login; the postmaster's pid is then in postmaster.pid.
    const QDeadlineTimer deadline(60000);
    QString lastError;
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running) {
            return QStringLiteral("postgres exited during start-up (code %1): %2")
                .arg(m_process->exitCode())
                .arg(logTail());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"),
                                                        QStringLiteral("clawops-pg-ready"));
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(m_port);
            db.setUserName(user());
            db.setDatabaseName(QStringLiteral("postgres"));
            db.setConnectOptions(QStringLiteral("connect_timeout=2"));
            const bool ok = db.open();
            lastError = db.lastError().text();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("clawops-pg-ready"));
            if (ok)
                break;
        }
        QThread::msleep(100);
    }
    if (deadline.hasExpired())
        return QStringLiteral("postgres did not accept a login within 60 s (%1): %2")
            .arg(lastError, logTail());
    QFile pidFile(QDir(data).filePath(QStringLiteral("postmaster.pid")));
    if (!pidFile.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(pidFile.fileName(), pidFile.errorString());
    m_pid = pidFile.readLine().trimmed().toLongLong();
    if (m_pid <= 0)
        return QStringLiteral("no process id in %1").arg(pidFile.fileName());
    return {};
}

QString PgServer::createDatabase(const QString &name)
{
    QString error;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("clawops-pg-admin"));
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(user());
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name)))
                error = query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("clawops-pg-admin"));
    return error;
}

QString PgServer::url(const QString &database) const
{
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(user()).arg(m_port).arg(database);
}

void PgServer::stop()
{
    halt();
    m_dir.reset();
}

QString PgServer::resume()
{
    if (!m_dir)
        return QStringLiteral("the server was never started");
    return launch();
}

void PgServer::halt()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        if (m_pid <= 0 && m_dir) {
            QFile pidFile(QDir(m_dir->path()).filePath(QStringLiteral("data/postmaster.pid")));
            if (pidFile.open(QIODevice::ReadOnly))
                m_pid = pidFile.readLine().trimmed().toLongLong();
        }
        const qint64 pid = m_pid > 0 ? m_pid : m_process->processId();
        // Never kill(0, …): that is this test's whole process group.
        if (pid > 0) {
            ::kill(pid_t(pid), SIGINT);
            if (!m_process->waitForFinished(30000)) {
                ::kill(pid_t(pid), SIGKILL);
                m_process->waitForFinished(10000);
            }
        }
    }
    m_process.reset();
    m_pid = 0;
}

QString PgServer::logTail() const
{
    QFile log(QDir(m_dir->path()).filePath(QStringLiteral("server.log")));
    if (!log.open(QIODevice::ReadOnly))
        return QStringLiteral("(no server log)");
    const QByteArray all = log.readAll();
    return QString::fromLocal8Bit(all.right(2000)).trimmed();
}

} // namespace clawops::store::testing
