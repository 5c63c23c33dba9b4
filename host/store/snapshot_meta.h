// The facts an extract snapshot keeps about itself (meta table): when it was imported,
// from where, its schema version.
#pragma once

#include <string>

#include "common/date.h"
#include "common/status.h"
#include "store/sqlite.h"

namespace oversight {

Result<std::string> ReadSnapshotMeta(Database* db, const std::string& key);
// The UTC day of an `imported_at` timestamp ("2024-03-05T10:00:00Z").
std::optional<Day> ImportDay(const std::string& imported_at);

}  // namespace oversight
