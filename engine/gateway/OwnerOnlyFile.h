#pragma once

#include <QByteArray>
#include <QString>

namespace clawops::gateway {

// Files holding secrets (the device's private key, issued device tokens) are readable by their
// owner only: 0600 files in a 0700 directory, written atomically so a crash never leaves half a
// key behind.

// Creates `dir` (and parents) and restricts `dir` itself to 0700.
bool ensureOwnerOnlyDir(const QString &dir, QString *error);
// Writes `data` to a 0600 temporary file beside `path` and renames it over `path`.
bool writeOwnerOnlyFile(const QString &path, const QByteArray &data, QString *error);
// Reads `path`. A secret that group or others can read may already have leaked, so such a file
// is refused (the error names the chmod that fixes it) rather than silently tightened. `exists`
// tells a missing file (not an error) from an unreadable one.
bool readOwnerOnlyFile(const QString &path, QByteArray *data, bool *exists, QString *error);
// Why `path` (an existing file) is not fit to hold a secret, or an empty string when it is: the
// sentence names the file and the command to run.
QString looseSecretPermissions(const QString &path);

} // namespace clawops::gateway
