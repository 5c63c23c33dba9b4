// Policy tests: the cases each plugin ships beside it, in plugins/tests/<plugin>/<case>/:
// a tiny extract (the CSV files), `as_of` (a date) and `expected` (one exception a line,
// "code worker case due days_overdue value limit", "-" for none, # for comments). Runs
// each case in a fresh store and says what differs, in the spirit of `opa test`.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "policy/plugin_run.h"

namespace oversight {

struct PolicyTestResult {
  std::string plugin, name, as_of;
  bool passed = false;
  std::string error;  // the case could not run (bad extract, plugin failure)
  std::vector<std::string> missing, unexpected;  // expected-but-absent, reported-but-not-expected
};

// Runs every case under plugins_dir/tests (for plugins present in plugins_dir), with the
// settings and budget of `base`. `filter`: only plugins or cases whose "plugin/case"
// contains it.
Result<std::vector<PolicyTestResult>> RunPolicyTests(const PolicyRunOptions& base, const std::string& filter);

// Which codes of each plugin some test case expects, as `opa test --coverage` shows which
// rules a test reached. A plugin's codes are those it describes in `rules`; a code is
// covered when an `expected` file of one of the plugin's cases lists it.
struct PluginCoverage {
  std::string plugin;
  std::string error;                    // the plugin could not be loaded to read its codes
  int cases = 0;                        // its test cases
  std::vector<std::string> codes;       // every code it describes
  std::vector<std::string> uncovered;   // those no test case expects
};
struct PolicyCoverage {
  std::vector<PluginCoverage> plugins;
  int codes = 0, covered = 0;
  double Percent() const { return codes ? 100.0 * covered / codes : 100.0; }
};
Result<PolicyCoverage> MeasurePolicyCoverage(const PolicyRunOptions& base);

// The line an exception is compared as.
std::string PolicyTestLine(const std::string& code, const std::string& worker, const std::string& case_id,
                           const std::string& due, const std::string& overdue, const std::string& value,
                           const std::string& limit);

}  // namespace oversight
