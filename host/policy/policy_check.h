// CheckPolicies: `oversight policy check`. Validates every plugin and the settings
// without running a week: Lua errors with file:line, settings against each plugin's
// settings_spec, and settings sections that no plugin describes. Each problem is one
// line in words HR can act on; none means the policy set is sound.
#pragma once

#include <string>
#include <vector>

#include "policy/plugin_run.h"

namespace oversight {

std::vector<std::string> CheckPolicies(const PolicyRunOptions& options);

}  // namespace oversight
