#include "EngineLink.h"

namespace clawops::ui {

EngineLink::EngineLink(QObject *parent)
    : QObject(parent)
{}

EngineLink::~EngineLink() = default;

} // namespace clawops::ui
