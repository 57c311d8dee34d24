#include "BoundValues.h"

#include <QSqlResult>

namespace clawops::store {

namespace {

// Names QSqlResult's protected list of bound values; never made. A pointer to the member taken
// through it is a pointer to QSqlResult's own member.
class BoundValuesOf : public QSqlResult
{
public:
    using QSqlResult::boundValues;
};

} // namespace

void setBoundValues(QSqlQuery &query, QVariantList values)
{
    // The query owns its result; only the accessor is const.
    auto *result = const_cast<QSqlResult *>(query.result());
    (result->*(&BoundValuesOf::boundValues))() = std::move(values);
}

} // namespace clawops::store
