#pragma once

#include "host/HostTypes.h"

#include <QObject>

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

// `clawops --demo` has a colleague: whenever none of the Inbox items is claimed by them, they
// claim one that arrives, through the same audited command an operator's Claim sends, so that the
// demo shows what another operator's claim looks like. Their console host is this one's (the
// engine stamps it), their name is not.
class DemoColleague final : public QObject
{
    Q_OBJECT

public:
    static QString name();

    explicit DemoColleague(host::EngineApi &engine, QObject *parent = nullptr);

private:
    void onDelta(const host::EngineDelta &delta);

    host::EngineApi &m_engine;
    bool m_holdsClaim = false;
    quint64 m_request = 0;
};

} // namespace clawops::ui
