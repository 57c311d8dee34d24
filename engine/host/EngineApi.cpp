#include "EngineApi.h"

namespace clawops::host {

EngineAnswers::EngineAnswers(QObject *parent)
    : QObject(parent)
{}

EngineAnswers::~EngineAnswers() = default;

EngineApi::EngineApi(QObject *parent)
    : EngineAnswers(parent)
{}

EngineApi::~EngineApi() = default;

} // namespace clawops::host
