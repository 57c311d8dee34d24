// Worker reply text → core::parseWorkerReceipts (and the JSON.parse it uses, parseJsJson).
//
// The bytes are read twice: as UTF-8 (what the gateway delivers) and as raw UTF-16 code units,
// which reaches text UTF-8 cannot carry (lone surrogates). Beyond "no crash, no leak, no
// undefined behaviour", every receipt keeps the promises of WorkerReceipt: a non-empty task id,
// a status among completed|blocked|failed, no task id twice, no negative verification count.
#include "FuzzSupport.h"
#include "core/Receipts.h"

#include <QSet>

using namespace clawops;
using clawops::fuzz::fail;

namespace {

void check(const QString &text)
{
    const QList<core::WorkerReceipt> receipts = core::parseWorkerReceipts(text);
    QSet<QString> taskIds;
    for (const core::WorkerReceipt &receipt : receipts) {
        if (receipt.taskId.isEmpty())
            fail("a receipt without a task id", text.toUtf8());
        if (receipt.status != QLatin1String("completed") &&
            receipt.status != QLatin1String("blocked") && receipt.status != QLatin1String("failed"))
            fail("a receipt with an unknown status", receipt.status.toUtf8());
        if (receipt.verificationCount < 0)
            fail("a negative verification count", text.toUtf8());
        if (taskIds.contains(receipt.taskId))
            fail("two receipts for one task id", receipt.taskId.toUtf8());
        taskIds.insert(receipt.taskId);
    }
    // The fenced blocks go through it; the whole text reaches parts of it they do not.
    core::parseJsJson(text);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    clawops::fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)));
    QString utf16(qsizetype(size / 2), Qt::Uninitialized);
    for (qsizetype i = 0; i < utf16.size(); ++i)
        utf16[i] = QChar(char16_t(data[2 * i] | (data[2 * i + 1] << 8)));
    check(utf16);
    return 0;
}
