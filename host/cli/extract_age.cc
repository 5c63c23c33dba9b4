// Noticing an old extract judged as of today.
#include "cli/extract_age.h"

#include <iostream>

#include "store/extract_day.h"
#include "weekly/email_parts.h"

namespace oversight {

std::optional<Day> StaleExtractDay(const CommandSetup& setup, Day day) {
  auto stale_after = setup.config.GetInt("mail.stale_after_days", 8);
  auto extract = ExtractDay(setup.run.snapshot_path);
  if (!stale_after.ok() || !extract.ok() || !*extract) return std::nullopt;
  if (day - **extract <= *stale_after) return std::nullopt;
  return **extract;
}

void NoteStaleExtract(const CommandSetup& setup, const Args& args, const std::string& command) {
  if (args.Has("as-of")) return;
  if (auto from = StaleExtractDay(setup, setup.run.as_of)) {
    std::cerr << "oversight " << command << ": the extract is from " << LongDate(FormatDate(*from))
              << "; pass --as-of to judge it as of then (without it, the day is today, "
              << LongDate(FormatDate(setup.run.as_of)) << ")\n";
  }
}

}  // namespace oversight
