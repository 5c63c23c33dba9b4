// ValidateSettings: checks the policy settings against what a plugin says they must be
// (its `settings_spec`), and puts every problem in words HR can act on: unknown or
// misspelt settings, wrong types, values out of range. Runs inside the plugin's sandbox.
//
// A spec names, per settings section, each setting's type and bounds, e.g.
//   settings_spec = { case_supervision = {
//     interval = { type = "days by case type", min = 1 },
//     due_soon_window = { type = "days", min = 0 } } }
// Types: "days", "number", "positive number", "share", "boolean", "text", "roles",
// "kinds", "days by case type", "numbers by case type", "days by service and case type",
// "cadence", "list of days", "list of dates".
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "policy/sandbox.h"

namespace oversight {

// `env` is the plugin's environment (holding `settings` and `settings_spec`). Appends
// problems, and the sections the spec describes.
Status ValidateSettings(LuaSandbox* sandbox, int env, const std::string& settings_path,
                        std::vector<std::string>* problems, std::vector<std::string>* sections);

}  // namespace oversight
