// The audit trail's record of a weekly run, by hand (`oversight weekly`) or by the
// scheduler of `oversight serve`: which week and how many messages, never their content.
#pragma once

#include <string>

#include "common/status.h"
#include "weekly/weekly_job.h"

namespace oversight {

// Records the run (or that it could not run) in the state store of `snapshot_path`;
// a failure to record is reported on stderr.
void AuditWeeklyRun(const std::string& snapshot_path, const std::string& who, const Result<WeeklyResult>& result);

}  // namespace oversight
