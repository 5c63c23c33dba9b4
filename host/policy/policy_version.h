// PolicyVersion: a content hash of the policy set a run used (every plugin file and
// the settings file), so a run, an email or a what-if can say which rules made it.
#pragma once

#include <string>

#include "common/status.h"
#include "policy/plugin_run.h"

namespace oversight {

// The first 12 hex digits of a SHA-256 over each plugin's, the settings' and the
// calendar's name and bytes.
Result<std::string> PolicyVersion(const PolicyRunOptions& options);

}  // namespace oversight
