#include "ConsoleStatus.h"

#include "StatusBarWidgets.h"
#include "actions/ActionController.h"
#include "host/EngineApi.h"
#include "models/PendingCommands.h"
#include "present/ConnectionAdvice.h"
#include "settings/TokenStore.h"

#include <QDateTime>
#include <QStatusBar>

namespace clawops::ui {

namespace {
constexpr int kStatusMessageMs = 8000;
} // namespace

ConsoleStatus::ConsoleStatus(host::EngineApi &engine, QStatusBar *bar, NoticeArea *notices,
                             QObject *parent)
    : QObject(parent)
    , m_bar(bar)
    , m_notices(notices)
    , m_widgets(new StatusBarWidgets(bar))
{
    m_widgets->setObjectName(QStringLiteral("statusWidgets"));
    m_bar->setObjectName(QStringLiteral("statusBar"));
    m_bar->addPermanentWidget(m_widgets);
    connect(m_widgets, &StatusBarWidgets::connectionClicked, this,
            &ConsoleStatus::connectionClicked);

    connect(&engine, &host::EngineApi::connectionChanged, this,
            &ConsoleStatus::onConnectionChanged);
    connect(&engine, &host::EngineApi::started, this, &ConsoleStatus::setDatabasePath);
    connect(&engine, &host::EngineApi::roleChanged, m_widgets, &StatusBarWidgets::setRole);
    connect(&engine, &host::EngineApi::failed, this, [this](const QString &message) {
        notice(NoticeArea::Severity::Error, tr("The engine could not start: %1").arg(message));
    });
    connect(&engine, &host::EngineApi::storeTrouble, this,
            [this](const QString &message) { notice(NoticeArea::Severity::Error, message); });
    connect(&engine, &host::EngineApi::delta, this, [this](const host::EngineDelta &delta) {
        m_widgets->setRetriesPaused(delta.retriesPaused);
    });
}

const host::ConnectionStatus &ConsoleStatus::connection() const
{
    return m_widgets->status();
}

void ConsoleStatus::showMessage(const QString &text)
{
    m_bar->showMessage(text, kStatusMessageMs);
}

void ConsoleStatus::notice(NoticeArea::Severity severity, const QString &text)
{
    m_notices->post(severity, text);
}

void ConsoleStatus::setDatabasePath(const QString &path)
{
    m_widgets->setDatabasePath(path);
}

void ConsoleStatus::follow(const ActionController &actions)
{
    connect(&actions, &ActionController::statusMessage, this, &ConsoleStatus::showMessage);
    connect(&actions, &ActionController::succeeded, this, &ConsoleStatus::showMessage);
    connect(&actions, &ActionController::failed, this, [this](const QString &text) {
        showMessage(text);
        notice(NoticeArea::Severity::Error, text);
    });
}

void ConsoleStatus::follow(const PendingCommands &pending)
{
    connect(&pending, &PendingCommands::changed, this,
            [this, &pending] { m_widgets->setPendingCount(pending.count()); });
}

void ConsoleStatus::follow(const TokenStore &tokens)
{
    connect(&tokens, &TokenStore::writeFinished, this,
            [this](const QString &, bool ok, const QString &where, const QString &note) {
                if (!ok)
                    notice(NoticeArea::Severity::Error,
                           tr("The token could not be saved in %1: %2").arg(where, note));
                else if (!note.isEmpty())
                    notice(NoticeArea::Severity::Warning,
                           tr("%1 The token was saved in %2 instead.").arg(note, where));
                else
                    showMessage(tr("Token saved in %1.").arg(where));
            });
}

void ConsoleStatus::tick(qint64 nowMs)
{
    m_widgets->tick(nowMs);
}

void ConsoleStatus::onConnectionChanged(const host::ConnectionStatus &status)
{
    m_widgets->setStatus(status);
    // Tell the operator once per distinct failure that needs them; the status bar keeps the rest.
    if (status.phase == host::ConnectionPhase::Stopped) {
        const ConnectionAdvice advice =
            ConnectionAdvice::from(status, QDateTime::currentMSecsSinceEpoch());
        const QString key = status.errorCode + status.requestId + status.errorMessage;
        if (key != m_lastErrorShown) {
            m_lastErrorShown = key;
            QString text = advice.headline.isEmpty() ? tr("The connection stopped.")
                                                     : advice.headline + QLatin1Char('.');
            if (!advice.nextStep.isEmpty())
                text += QLatin1Char(' ') + advice.nextStep;
            notice(NoticeArea::Severity::Error, text);
        }
    } else if (status.phase == host::ConnectionPhase::Live) {
        m_lastErrorShown.clear();
    }
}

} // namespace clawops::ui
