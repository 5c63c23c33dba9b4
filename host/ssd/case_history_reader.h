// Reads the SSD tables that decide a child's case type: ssd_cp_plans, ssd_cla_episodes,
// ssd_care_leavers and ssd_disability (each may be missing: no rows).
#pragma once

#include "ssd/case_history.h"
#include "ssd/organisation_reader.h"

namespace oversight {

void ReadCaseHistories(const SsdReadContext& context, CaseHistories* histories);

}  // namespace oversight
