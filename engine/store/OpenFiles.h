#pragma once

#include <QString>

#include <functional>

// The SQLite files this process has connections to.
//
// SQLite's locks on a file are POSIX advisory locks, and those belong to the process: closing ANY
// descriptor of the file, even one opened only to read its header, drops every lock the process
// holds on it. A console that then went on with its connections would hold none, and another
// process closing its last connection would take the file for its own, checkpoint it and remove the
// write-ahead log under this one (SQLite's "How To Corrupt" §2.2). So the header is read with plain
// file I/O only while no connection of this process has the file open, and a connection counts as
// open from just before SQLite opens the file until after it is closed.
namespace clawops::store::openfiles {

// One more (fewer) connection of this process to `path`, counted from before its open (to after
// its close).
void retain(const QString &path);
void release(const QString &path);

// Runs `read` (which may open and close the file by itself) unless a connection of this process
// has `path` open; no connection opens it while `read` runs. Returns whether `read` ran.
bool readUnlessOpen(const QString &path, const std::function<void()> &read);

// How many connections of this process are counted on `path` (for tests).
int connectionsTo(const QString &path);

} // namespace clawops::store::openfiles
