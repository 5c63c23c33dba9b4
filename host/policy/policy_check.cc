// Loading each plugin in its own process to check it and the settings.
#include "policy/policy_check.h"

#include <algorithm>
#include <set>

#include "policy/settings.h"
#include "policy/settings_places.h"
#include "store/organisation.h"

namespace oversight {

std::vector<std::string> CheckPolicies(const PolicyRunOptions& options) {
  std::vector<std::string> problems;
  std::set<std::string> present;
  {
    LuaSandbox sandbox(options.budget);
    if (Status s = PushSettings(&sandbox, options.settings_path,
                                 options.calendar_path.empty() ? std::vector<std::string>()
                                                               : std::vector<std::string>{options.calendar_path}); !s.ok()) return {s.message()};
    lua_State* L = sandbox.state();
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pop(L, 1);
      if (lua_type(L, -1) == LUA_TSTRING) present.insert(lua_tostring(L, -1));
    }
  }
  PolicyRunOptions o = options;
  o.validate_settings = true;
  o.force_enable = true;
  const Organisation nobody;
  std::set<std::string> described;
  for (const PluginOutcome& p : RunPlugins(nobody, o)) {
    if (p.state == PluginOutcome::State::kFailed) {
      problems.push_back(p.reason.find(".lua") == std::string::npos ? p.path + ": " + p.reason : p.reason);
      described.insert(p.name);  // its own section is not "unused": the plugin is what is wrong
      continue;
    }
    problems.insert(problems.end(), p.problems.begin(), p.problems.end());
    described.insert(p.sections.begin(), p.sections.end());
  }
  for (const std::string& section : present) {
    if (!described.count(section)) {
      problems.push_back(options.settings_path + ": " + section +
                         ": no plugin uses this section (a misspelt name, or a plugin that is missing?)");
    }
  }
  std::sort(problems.begin(), problems.end());
  problems.erase(std::unique(problems.begin(), problems.end()), problems.end());
  if (problems.empty() && !options.snapshot_path.empty()) return CheckSettingsPlaces(options);
  return problems;
}

}  // namespace oversight
