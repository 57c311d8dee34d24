// The token file fallback: owner-only, per gateway, answered asynchronously like the keychain.
#include "settings/TokenStore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace clawops::ui;

class TestTokenStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripIsOwnerOnly();
    void widePermissionsAreTightened();
    void removeForgetsOneGateway();
    void foreignFileIsLeftAlone();
};

void TestTokenStore::roundTripIsOwnerOnly()
{
    QTemporaryDir dir;
    TokenStore store;
    store.setBackend(TokenStore::Backend::File);
    store.setFilePath(dir.filePath(QStringLiteral("sub/tokens.json")));
    QSignalSpy written(&store, &TokenStore::writeFinished);
    store.write(QStringLiteral("ws://127.0.0.1:18789/"), QStringLiteral("s3cret"));
    QCOMPARE(written.size(), 0); // never synchronous
    QVERIFY(written.wait(2000));
    QVERIFY(written.at(0).at(1).toBool());
    QVERIFY(written.at(0).at(2).toString().contains(QStringLiteral("owner-only file")));
    const QFile::Permissions permissions = QFile::permissions(store.filePath());
    QCOMPARE(permissions,
             QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);

    QSignalSpy read(&store, &TokenStore::readFinished);
    store.read(QStringLiteral("ws://127.0.0.1:18789")); // the trailing slash does not matter
    QVERIFY(read.wait(2000));
    QCOMPARE(read.at(0).at(1).toString(), QStringLiteral("s3cret"));
    QVERIFY(read.at(0).at(2).toString().isEmpty());

    store.read(QStringLiteral("ws://other:1/"));
    QVERIFY(read.wait(2000));
    QVERIFY(read.at(1).at(1).toString().isEmpty());
}

void TestTokenStore::widePermissionsAreTightened()
{
    QTemporaryDir dir;
    TokenStore store;
    store.setBackend(TokenStore::Backend::File);
    store.setFilePath(dir.filePath(QStringLiteral("tokens.json")));
    QSignalSpy written(&store, &TokenStore::writeFinished);
    store.write(QStringLiteral("ws://a/"), QStringLiteral("t"));
    QVERIFY(written.wait(2000));
    QFile::setPermissions(store.filePath(), QFile::ReadOwner | QFile::WriteOwner |
                                                QFile::ReadGroup | QFile::ReadOther);
    QSignalSpy read(&store, &TokenStore::readFinished);
    store.read(QStringLiteral("ws://a/"));
    QVERIFY(read.wait(2000));
    QCOMPARE(read.at(0).at(1).toString(), QStringLiteral("t"));
    QVERIFY(!(QFile::permissions(store.filePath()) & (QFile::ReadGroup | QFile::ReadOther)));
}

void TestTokenStore::removeForgetsOneGateway()
{
    QTemporaryDir dir;
    TokenStore store;
    store.setBackend(TokenStore::Backend::File);
    store.setFilePath(dir.filePath(QStringLiteral("tokens.json")));
    QSignalSpy written(&store, &TokenStore::writeFinished);
    store.write(QStringLiteral("ws://a/"), QStringLiteral("ta"));
    store.write(QStringLiteral("ws://b/"), QStringLiteral("tb"));
    QTRY_COMPARE(written.size(), 2);
    QSignalSpy removed(&store, &TokenStore::removeFinished);
    store.remove(QStringLiteral("ws://a/"));
    QVERIFY(removed.wait(2000));
    QSignalSpy read(&store, &TokenStore::readFinished);
    store.read(QStringLiteral("ws://a/"));
    store.read(QStringLiteral("ws://b/"));
    QTRY_COMPARE(read.size(), 2);
    QVERIFY(read.at(0).at(1).toString().isEmpty());
    QCOMPARE(read.at(1).at(1).toString(), QStringLiteral("tb"));
}

void TestTokenStore::foreignFileIsLeftAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tokens.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not json at all");
    file.close();
    TokenStore store;
    store.setBackend(TokenStore::Backend::File);
    store.setFilePath(path);
    QSignalSpy written(&store, &TokenStore::writeFinished);
    store.write(QStringLiteral("ws://a/"), QStringLiteral("t"));
    QVERIFY(written.wait(2000));
    QVERIFY(!written.at(0).at(1).toBool());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("not json at all"));
}

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
