#pragma once

#include <QString>

namespace clawops::app {

// clawops --import PATH.db --db TARGET: copies the SQLite store PATH.db into TARGET with a
// progress line on stderr and a summary on stdout. The exit code: 0 done, 1 failed.
int runImport(const QString &sourcePath, const QString &target);

} // namespace clawops::app
