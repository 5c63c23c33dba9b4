// Policy settings: config/policy.lua, the one file where local policy numbers live
// (intervals, roles, caps, weights). It is Lua run in the sandbox: its globals are the
// settings, with days(n)/weeks(n)/hours(n) for plain units. Plugins see it as
// `settings`; the host reads it for the measures. Validating it is policy check's job.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "policy/sandbox.h"

namespace oversight {

// Runs the settings file in `sandbox`, then each of `more` (e.g. config/bank_holidays.lua)
// into the same table, and pushes the settings table.
Status PushSettings(LuaSandbox* sandbox, const std::string& path, const std::vector<std::string>& more = {});

// Typed reads of a pushed settings table by dotted path ("caseload.weights.CP").
// Each fails with a message naming the path when the setting is missing or mistyped.
class SettingsReader {
 public:
  SettingsReader(lua_State* L, int table) : L_(L), table_(table) {}
  Result<double> Number(const std::string& path) const;
  Result<std::vector<std::string>> Strings(const std::string& path) const;
  // The keys of a table setting, sorted ("caseload.weights" -> CIC, CIN, ...).
  Result<std::vector<std::string>> Keys(const std::string& path) const;

 private:
  // Pushes the value at path (nil when absent); returns false when a parent is not a table.
  bool Push(const std::string& path) const;
  lua_State* L_;
  int table_;
};

}  // namespace oversight
