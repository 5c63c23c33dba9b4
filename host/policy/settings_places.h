// CheckSettingsPlaces: `oversight policy check --db FILE`. A setting keyed by a service
// (a field named ..._by_service, such as case_supervision.interval_by_service) or by a
// team (..._by_team) whose key no team of the extract has does nothing, silently: each
// such key is a warning naming the nearest real service or team.
#pragma once

#include <string>
#include <vector>

#include "policy/plugin_run.h"

namespace oversight {

// Reads options.settings_path and the teams of options.snapshot_path.
std::vector<std::string> CheckSettingsPlaces(const PolicyRunOptions& options);

}  // namespace oversight
