// How old the extract is against the day a command judges it as of: a command without
// --as-of judges it as of today, which for an old extract (the sample, a stopped feed)
// turns everything overdue. Old means more than mail.stale_after_days days.
#pragma once

#include <optional>
#include <string>

#include "cli/run_options.h"

namespace oversight {

// The day the extract is from, when that is more than mail.stale_after_days before `day`.
std::optional<Day> StaleExtractDay(const CommandSetup& setup, Day day);

// Without --as-of: "oversight COMMAND: the extract is from 1 Mar 2024; pass --as-of to
// judge it as of then" on stderr when the extract is old. Says nothing otherwise.
void NoteStaleExtract(const CommandSetup& setup, const Args& args, const std::string& command);

}  // namespace oversight
