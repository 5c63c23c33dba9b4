// PolicyFiles: the files of one policy set as bytes (every plugin's Lua, the settings,
// and the calendar when the run uses one), read from where a run finds them and written
// back out into a folder a run can use. What a policy version holds (version_store.h).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "policy/plugin_run.h"

namespace oversight {

struct PolicyFile {
  std::string kind;     // "plugin", "settings" or "calendar"
  std::string name;     // the file's own name: "case_supervision.lua", "policy.lua"
  std::string content;  // its bytes
  // How people refer to it: "plugins/case_supervision.lua", "config/policy.lua".
  std::string Label() const { return (kind == "plugin" ? "plugins/" : "config/") + name; }
  bool operator==(const PolicyFile& o) const { return kind == o.kind && name == o.name && content == o.content; }
};

// Plugins first (by name), then the settings, then the calendar, if any.
struct PolicyFiles {
  std::vector<PolicyFile> files;
  const PolicyFile* Find(const std::string& kind, const std::string& name) const;
  bool operator==(const PolicyFiles& o) const { return files == o.files; }
  bool operator!=(const PolicyFiles& o) const { return !(*this == o); }
};

std::string ReadWholeFile(const std::string& path);

// The files `run` would use: every plugin in run.plugins_dir, run.settings_path and
// run.calendar_path (when set and present), the last two named policy.lua and
// bank_holidays.lua whatever their files are called.
Result<PolicyFiles> ReadPolicyFiles(const PolicyRunOptions& run);

// Writes `files` into `dir` (plugins in dir/plugins, the others in dir itself), each
// atomically and only when it differs; removes other plugins there. Points `run`'s
// plugins_dir, settings_path and calendar_path at them.
Status WritePolicyFiles(const PolicyFiles& files, const std::string& dir, PolicyRunOptions* run);

}  // namespace oversight
