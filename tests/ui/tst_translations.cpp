// Every user-visible string in ui/ and app/ has a finished German and Simplified Chinese
// translation. lupdate reads today's sources into a copy of each committed .ts file; whatever it
// marks unfinished (a new or changed string) is listed and fails the test. Run the
// update_translations target and translate the listed strings to fix it.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyStringIsTranslated_data();
    void everyStringIsTranslated();
};

namespace {

struct Message
{
    QString context;
    QString source;
    QString type;             // "", unfinished, vanished, obsolete
    QStringList translations; // one, or one per plural form
    bool numerus = false;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> out;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QStringView name = xml.name();
            if (name == u"name") {
                context = xml.readElementText();
            } else if (name == u"message") {
                current = Message{};
                current.context = context;
                current.numerus =
                    xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == u"source") {
                current.source = xml.readElementText();
            } else if (name == u"translation") {
                current.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!current.numerus)
                    current.translations.append(xml.readElementText());
            } else if (name == u"numerusform") {
                current.translations.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            out.append(current);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(L?\\d|n)"));
    QSet<QString> out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(0).remove(QLatin1Char('L')));
    return out;
}

} // namespace

void TestTranslations::everyStringIsTranslated_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("German") << "de";
    QTest::newRow("Simplified Chinese") << "zh_CN";
}

void TestTranslations::everyStringIsTranslated()
{
    QFETCH(QString, language);
    const QDir source(QStringLiteral(CLAWOPS_SOURCE_DIR));
    const QString committed =
        source.filePath(QStringLiteral("translations/clawops_%1.ts").arg(language));
    QVERIFY2(QFile::exists(committed), qPrintable(committed));

    // The committed file itself carries no leftovers.
    QString error;
    for (const Message &m : readTs(committed, &error)) {
        QVERIFY2(m.type != QLatin1String("vanished") && m.type != QLatin1String("obsolete"),
                 qPrintable(QStringLiteral("%1: no longer in the sources: %2 “%3”")
                                .arg(committed, m.context, m.source)));
    }
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString updated = dir.filePath(QFileInfo(committed).fileName());
    QVERIFY(QFile::copy(committed, updated));
    QFile::setPermissions(updated, QFile::ReadOwner | QFile::WriteOwner);

    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(CLAWOPS_LUPDATE),
                  {QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("-no-obsolete"), source.filePath(QStringLiteral("ui")),
                   source.filePath(QStringLiteral("app")), QStringLiteral("-ts"), updated});
    QVERIFY2(lupdate.waitForFinished(240000), "lupdate did not finish");
    const QString log = QString::fromLocal8Bit(lupdate.readAll());
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
             qPrintable(log));

    const QList<Message> messages = readTs(updated, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(messages.size() > 300, qPrintable(QStringLiteral("only %1 strings found; did lupdate "
                                                              "read the sources?\n%2")
                                                   .arg(messages.size())
                                                   .arg(log)));
    QStringList missing;
    QStringList broken;
    for (const Message &m : messages) {
        const bool empty =
            m.translations.isEmpty() || std::any_of(m.translations.cbegin(), m.translations.cend(),
                                                    [](const QString &t) { return t.isEmpty(); });
        if (m.type == QLatin1String("unfinished") || empty) {
            missing.append(QStringLiteral("  %1: “%2”").arg(m.context, m.source));
            continue;
        }
        for (const QString &translation : m.translations) {
            // A translation that drops or invents a placeholder shows the wrong data.
            QSet<QString> expected = placeholders(m.source);
            QSet<QString> got = placeholders(translation);
            if (m.numerus) {
                expected.remove(QStringLiteral("%n"));
                got.remove(QStringLiteral("%n"));
            }
            if (expected != got)
                broken.append(
                    QStringLiteral("  %1: “%2” → “%3”").arg(m.context, m.source, translation));
        }
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("%1 of %2 strings have no finished %3 translation (run the "
                                       "update_translations target and translate them):\n%4")
                            .arg(missing.size())
                            .arg(messages.size())
                            .arg(language, missing.join(QLatin1Char('\n')))));
    QVERIFY2(broken.isEmpty(),
             qPrintable(QStringLiteral("placeholders differ:\n") + broken.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
