#include "Import.h"

#include "store/Importer.h"

#include <QElapsedTimer>

#include <cstdio>
#include <unistd.h>

namespace clawops::app {

namespace {

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

} // namespace

int runImport(const QString &sourcePath, const QString &target)
{
    // A terminal gets one line redrawn in place; a log gets a line per table.
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    QElapsedTimer sincePrint;
    sincePrint.start();
    const auto progress = [&](const store::ImportProgress &step) {
        const bool tableDone = step.done == step.total;
        if (!tableDone && (!terminal || sincePrint.elapsed() < 200))
            return;
        sincePrint.restart();
        const QString line =
            QStringLiteral("import: %1 %2/%3 rows").arg(step.table).arg(step.done).arg(step.total);
        print(stderr, terminal ? QStringLiteral("\r\033[K") + line +
                                     (tableDone ? QStringLiteral("\n") : QString())
                               : line + QLatin1Char('\n'));
    };
    const store::StoreResult<store::ImportSummary> result =
        store::importStore(sourcePath, target, store::OpenOptions{}, progress);
    if (!result.isOk()) {
        print(stderr, QStringLiteral("\nclawops: import failed: %1\n").arg(result.error().message));
        return 1;
    }
    qint64 skipped = 0;
    qint64 coerced = 0;
    for (const store::ImportedTable &table : result.value().tables) {
        skipped += table.skipped;
        coerced += table.coerced;
    }
    QString summary =
        QStringLiteral("imported %1 rows from %2").arg(result.value().rows()).arg(sourcePath);
    if (skipped > 0)
        summary += QStringLiteral("; skipped %1 rows whose key is NULL").arg(skipped);
    if (coerced > 0)
        summary += QStringLiteral("; %1 values that were not numbers in integer columns were "
                                  "written as -1 or NULL")
                       .arg(coerced);
    print(stdout, summary + QLatin1Char('\n'));
    return 0;
}

} // namespace clawops::app
