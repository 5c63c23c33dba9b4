// The day an extract snapshot describes: the newest allocation start or development time
// it records (things entered as they happen; supervisions may be booked ahead), or the
// day it was imported if that is earlier. An extract imported today may still be old (a sample,
// a feed that stopped): this is the day to judge it as of, and how old it really is.
#pragma once

#include <string>

#include "common/date.h"
#include "common/status.h"

namespace oversight {

// Nothing when the snapshot records neither (an empty extract).
Result<std::optional<Day>> ExtractDay(const std::string& snapshot_path);

}  // namespace oversight
