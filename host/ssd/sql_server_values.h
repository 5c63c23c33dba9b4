// Values as SQL Server exports them into the SSD tables (ssd-extract.md, "The files"):
// dates in five forms whose time of day is ignored, and 1 January 1900 as an open end.
// (`NULL` meaning none is the table reader's business: FileSpec::null_is_empty.)
#pragma once

#include <optional>
#include <string_view>

#include "common/date.h"

namespace oversight {

// A real date written YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, YYYY-MM-DD HH:MM:SS.f (1 to 7
// digits), YYYY-MM-DDTHH:MM:SS or DD/MM/YYYY; the day, time of day ignored. Else nothing.
std::optional<Day> ParseSqlServerDate(std::string_view text);

// 1900-01-01: what SQL Server systems write for "no end".
bool IsOpenEnd(Day d);

// An end date as the SSD writes one: nothing when empty, 1900-01-01 or not a date.
std::optional<Day> SqlServerEndDate(std::string_view text);

}  // namespace oversight
