#pragma once

// A PostgreSQL 15 server of a test's own: initdb into a temporary folder, `postgres` on
// 127.0.0.1 and a free port with its Unix socket in that folder, stopped by its process id and
// the folder removed when the object goes. Nothing assumes or touches a system-wide server.
//
// initdb and postgres refuse to run as root. A test running as root (containers, CI) runs both
// as the system user `postgres`, which Debian's postgresql package creates
// (./scripts/install-deps installs it), through runuser, with the folder handed to that user.
// Any other user runs them as itself.
//
// The server asks for a password (scram-sha-256), and the tests give it the way an operator
// would: a PGPASSFILE that libpq reads by itself.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace clawops::store::testing {

class PgServer
{
public:
    PgServer() = default;
    ~PgServer();
    PgServer(const PgServer &) = delete;
    PgServer &operator=(const PgServer &) = delete;

    // Starts the server and points PGPASSFILE at a file holding its password. An empty string
    // on success, else why not (binaries missing, initdb failed, the server did not come up),
    // with the server's log when there is one.
    QString start();
    // Creates a database; an empty string on success, else the error.
    QString createDatabase(const QString &name);
    // postgresql://clawops@127.0.0.1:PORT/NAME
    QString url(const QString &database) const;
    // Fast shutdown (SIGINT to the postmaster), then SIGKILL if it lingers; waits for it.
    void stop();
    // The server goes away as in stop(), but its data stays, and resume() starts it again on the
    // same port: a database restart as the clients see it.
    void halt();
    QString resume();

    int port() const { return m_port; }
    qint64 pid() const { return m_pid; }
    static QString user() { return QStringLiteral("clawops"); }
    static QString password() { return QStringLiteral("team-store-secret"); }
    // Where initdb and postgres are: CLAWOPS_PG_BINDIR, else Debian's PostgreSQL 15.
    static QString binDir();

private:
    QString logTail() const;
    // postgres on the initialised data folder and m_port; waits until it takes a login.
    QString launch();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    int m_port = 0;
    qint64 m_pid = 0;
};

} // namespace clawops::store::testing
