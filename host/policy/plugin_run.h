// RunPlugins: runs every enabled policy plugin over one snapshot and day, each in its
// own process and its own sandbox, so a plugin that crashes, hangs inside a C library
// call or exhausts its budget is stopped and named while the others' results stand.
// Routing what they report is not done here (see checks/routing.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "checks/exception.h"
#include "common/status.h"
#include "policy/declarations.h"
#include "policy/sandbox.h"
#include "policy/worker_mark.h"
#include "store/organisation.h"

namespace oversight {

// How many plugin processes run at once by default: one more than the cores this
// process may use, from two to four.
int DefaultParallel();

struct PolicyRunOptions {
  std::string snapshot_path;   // the extract snapshot (opened read-only by each plugin)
  std::string plugins_dir;     // *.lua policy plugins
  std::string settings_path;   // config/policy.lua
  std::string calendar_path;   // config/bank_holidays.lua (empty: none)
  Day as_of = 0;
  Budget budget;
  // Plugins running at once: one more than the cores, so that a core is not idle while
  // a plugin starts or finishes (national, 2 cores: 2.5 s against 2.7 s with two). At
  // most four, each of which may hold its memory budget.
  int parallel = DefaultParallel();
  std::vector<std::string> only;  // when not empty: run these plugin files instead of the folder's
  bool force_enable = false;      // run plugins that the settings or the plugin switch off (tests)
  std::string snapshot_id;     // when set, each plugin checks it reads the same snapshot
  bool validate_settings = false;  // load each plugin and check the settings against its
                                   // settings_spec instead of running check()
  // When set, each plugin runs in a fresh process of this executable (posix_spawn of
  // `oversight plugin-process`, plugin_process.h) instead of a fork: for hosts with
  // threads, such as serve, where a fork could copy a lock another thread holds.
  std::string plugin_executable;
};

struct PluginOutcome {
  enum class State { kRan, kDisabled, kFailed };
  std::string name;            // the file's stem, e.g. "case_supervision"
  std::string path;
  State state = State::kFailed;
  std::string reason;          // for kFailed: why, with file:line where there is one
  std::string title;           // the plugin's `title`, for people ("Case supervision")
  std::map<std::string, std::string> rules;  // its `rules`: code -> the rule in plain words
  std::map<std::string, CodeDeclaration> codes;  // its `codes` (declarations.h)
  std::map<std::string, double> figures;         // its `figures` (declarations.h)
  // Its `escalation`: a code that becomes another as time passes ("due_soon" becomes
  // "overdue"): week to week they are one item, not one resolved and one new.
  std::map<std::string, std::string> escalation;
  std::vector<std::string> problems;  // with validate_settings: what is wrong with the settings
  std::vector<std::string> sections;  // with validate_settings: the settings sections it describes
  std::vector<PolicyException> exceptions;  // recipients not yet set
  std::vector<WorkerMark> marks;            // its ov.mark{} facts
};

// A plugin's name: its file's stem ("plugins/case_supervision.lua" -> "case_supervision").
std::string PluginName(const std::string& path);

// The plugin files of a folder, sorted by name.
Result<std::vector<std::string>> ListPlugins(const std::string& dir);

std::vector<PluginOutcome> RunPlugins(const Organisation& org, const PolicyRunOptions& options);

// What one plugin does inside its process; exposed for tests that need no fork.
PluginOutcome RunPluginHere(const Organisation& org, const PolicyRunOptions& options,
                            const std::string& path);

}  // namespace oversight
