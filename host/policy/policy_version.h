// PolicyVersion: a content hash of the policy set a run used (every plugin file and
// the settings file), so a run, an email or a what-if can say which rules made it.
#pragma once

#include <string>

#include "common/status.h"

namespace oversight {

// The first 12 hex digits of a SHA-256 over each file's name and bytes, in name order.
Result<std::string> PolicyVersion(const std::string& plugins_dir, const std::string& settings_path);

}  // namespace oversight
