// CheckPolicies: `oversight policy check`. Validates every plugin and the settings
// without running a week: Lua errors with file:line, settings against each plugin's
// settings_spec, and settings sections that no plugin describes. Each problem is one
// line in words HR can act on; none means the policy set is sound. With a store
// (options.snapshot_path) and nothing else wrong: settings keyed by a service or team the
// store does not have (settings_places.h).
#pragma once

#include <string>
#include <vector>

#include "policy/plugin_run.h"

namespace oversight {

std::vector<std::string> CheckPolicies(const PolicyRunOptions& options);

}  // namespace oversight
