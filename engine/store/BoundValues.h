#pragma once

#include <QSqlQuery>
#include <QVariantList>

namespace clawops::store {

// Sets every value a prepared query binds at once, in the order of its placeholders (`?`).
// Qt 6.4's QSqlQuery::bindValue(int) writes a placeholder name (":N") and looks it up in a hash
// for each value, which was 15 % of the store writer's instructions; the SQLite and PostgreSQL
// drivers bind from the result's list of values whoever filled it.
void setBoundValues(QSqlQuery &query, QVariantList values);

} // namespace clawops::store
