// The console's language: the system's when we ship it, the override from the settings, the
// translators installed at start-up.
#include "settings/Language.h"
#include "settings/UiSettings.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace clawops::ui;

class TestLanguage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolve_data();
    void resolve();
    void germanTranslatorChangesText();
    void chineseTranslatorChangesText();
    void englishInstallsNothing();
    void settingsKeepTheChoice();
    void cleanup();
};

void TestLanguage::resolve_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("expected");
    QTest::newRow("system German") << "system"
                                   << "de_DE"
                                   << "de_DE";
    QTest::newRow("system Austrian German") << "system"
                                            << "de_AT"
                                            << "de_AT";
    QTest::newRow("system Simplified Chinese") << "system"
                                               << "zh_CN"
                                               << "zh_CN";
    QTest::newRow("system Singapore Chinese") << "system"
                                              << "zh_SG"
                                              << "zh_SG";
    QTest::newRow("system Traditional Chinese") << "system"
                                                << "zh_TW"
                                                << "en_US";
    QTest::newRow("system French") << "system"
                                   << "fr_FR"
                                   << "en_US";
    QTest::newRow("system C") << "system"
                              << "C"
                              << "en_US";
    QTest::newRow("German on English") << "de"
                                       << "en_GB"
                                       << "de_DE";
    QTest::newRow("Chinese on German") << "zh_CN"
                                       << "de_DE"
                                       << "zh_CN";
    QTest::newRow("English on German") << "en"
                                       << "de_DE"
                                       << "en_US";
    QTest::newRow("unknown setting") << "klingon"
                                     << "de_CH"
                                     << "de_CH";
}

void TestLanguage::resolve()
{
    QFETCH(QString, setting);
    QFETCH(QString, system);
    QFETCH(QString, expected);
    QCOMPARE(resolveLanguage(setting, QLocale(system)).name(), expected);
}

void TestLanguage::germanTranslatorChangesText()
{
    const QString before = QCoreApplication::translate("clawops::ui::MainWindow", "Inbox");
    QCOMPARE(before, QStringLiteral("Inbox"));
    const InstalledTranslations installed =
        installTranslations(*QCoreApplication::instance(), QStringLiteral("system"),
                            QLocale(QLocale::German, QLocale::Germany));
    QVERIFY(installed.app);
    QCOMPARE(installed.locale.language(), QLocale::German);
    QCOMPARE(QCoreApplication::translate("clawops::ui::MainWindow", "Inbox"),
             QStringLiteral("Posteingang"));
    QCOMPARE(QCoreApplication::translate("NotificationPolicy", "%n tasks need input", nullptr, 12),
             QStringLiteral("12 Aufgaben brauchen eine Eingabe"));
}

void TestLanguage::chineseTranslatorChangesText()
{
    const InstalledTranslations installed =
        installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN"),
                            QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(installed.app);
    QCOMPARE(QCoreApplication::translate("clawops::ui::MainWindow", "Inbox"),
             QStringLiteral("收件箱"));
    QCOMPARE(QLocale().language(), QLocale::Chinese); // an explicit choice sets formats too
}

void TestLanguage::englishInstallsNothing()
{
    const InstalledTranslations installed =
        installTranslations(*QCoreApplication::instance(), QStringLiteral("system"),
                            QLocale(QLocale::French, QLocale::France));
    QVERIFY(!installed.app);
    QVERIFY(!installed.qtbase);
    QVERIFY(QCoreApplication::instance()->findChildren<QTranslator *>().isEmpty());
    QCOMPARE(QCoreApplication::translate("clawops::ui::MainWindow", "Inbox"),
             QStringLiteral("Inbox"));
}

void TestLanguage::settingsKeepTheChoice()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("ui.ini")), QSettings::IniFormat);
    QCOMPARE(UiSettings::load(settings).language, QStringLiteral("system"));
    QVERIFY(!UiSettings::load(settings).doNotDisturb);
    UiSettings ui;
    ui.language = QStringLiteral("zh_CN");
    ui.doNotDisturb = true;
    ui.theme = QStringLiteral("dark");
    ui.save(settings);
    const UiSettings back = UiSettings::load(settings);
    QCOMPARE(back.language, QStringLiteral("zh_CN"));
    QVERIFY(back.doNotDisturb);
    QCOMPARE(back.theme, QStringLiteral("dark"));
    settings.setValue(QStringLiteral("console/language"), QStringLiteral("tlh"));
    QCOMPARE(UiSettings::load(settings).language, QStringLiteral("system"));
}

void TestLanguage::cleanup()
{
    for (QTranslator *translator : QCoreApplication::instance()->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    QLocale::setDefault(QLocale::c());
}

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
