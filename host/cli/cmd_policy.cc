// `oversight policy test|check`, `oversight whatif` and `oversight history`: the
// commands HR uses to change local policy safely and see what ran. The publishing
// subcommands of `policy` are in cmd_publish.cc.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "checks/whatif.h"
#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/extract_age.h"
#include "cli/run_options.h"
#include "policy/policy_check.h"
#include "policy/policy_tests.h"
#include "state/state_store.h"

namespace oversight {

namespace {

// --min-coverage PERCENT: a number from 0 to 100 (0 when not given).
std::optional<double> MinCoverage(const Args& args) {
  const std::string text = args.GetOr("min-coverage", "0");
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end || !(v >= 0 && v <= 100)) return std::nullopt;
  return v;
}

// Prints which codes no test case expects, plugin by plugin; false when the share of
// covered codes is below `min_percent`.
bool CoverageMet(const PolicyRunOptions& run, double min_percent) {
  auto coverage = MeasurePolicyCoverage(run);
  if (!coverage.ok()) {
    std::cerr << "oversight policy test: coverage: " << coverage.status().message() << "\n";
    return false;
  }
  std::cout << "\ncoverage (a code is covered when the expected file of one of its plugin's test cases lists it):\n";
  for (const auto& p : coverage->plugins) {
    std::cout << "  " << p.plugin << ": " << (p.codes.size() - p.uncovered.size()) << " of " << p.codes.size()
              << " codes covered by " << p.cases << (p.cases == 1 ? " test case" : " test cases") << "\n";
    if (!p.error.empty()) std::cout << "    cannot read its codes: " << p.error << "\n";
    for (const auto& code : p.uncovered) std::cout << "    no test case: " << code << "\n";
  }
  char percent[32];
  std::snprintf(percent, sizeof percent, "%.1f%%", coverage->Percent());
  std::cout << "coverage: " << coverage->covered << " of " << coverage->codes << " codes (" << percent << ")\n";
  if (coverage->Percent() + 1e-9 >= min_percent) return true;
  std::cout << "coverage is below --min-coverage " << min_percent << "%: add test cases under "
            << run.plugins_dir << "/tests/<plugin>/<case>/ (docs/plugin-api.md, \"Testing a plugin\")\n";
  return false;
}

int PolicyTest(const Args& args) {
  auto setup = SetupFrom(args, false);
  if (!setup.ok()) {
    std::cerr << "oversight policy test: " << setup.status().message() << "\n";
    return 2;
  }
  const std::optional<double> min_coverage = MinCoverage(args);
  if (!min_coverage) {
    std::cerr << "oversight policy test: --min-coverage takes a percentage from 0 to 100\n";
    return 2;
  }
  auto results = RunPolicyTests(setup->run, args.GetOr("filter", ""));
  if (!results.ok()) {
    std::cerr << "oversight policy test: " << results.status().message() << "\n";
    return 2;
  }
  int passed = 0, failed = 0;
  for (const auto& r : *results) {
    const std::string name = r.plugin + "/" + r.name;
    if (r.passed) {
      ++passed;
      std::cout << "PASS " << name << "\n";
      continue;
    }
    ++failed;
    std::cout << "FAIL " << name << (r.as_of.empty() ? "" : " (as of " + r.as_of + ")") << "\n";
    if (!r.error.empty()) std::cout << "  " << r.error << "\n";
    if (!r.missing.empty()) {
      std::cout << "  expected but not reported (code worker case due days_overdue value limit):\n";
      for (const auto& m : r.missing) std::cout << "  - " << m << "\n";
    }
    if (!r.unexpected.empty()) {
      std::cout << "  reported but not expected:\n";
      for (const auto& u : r.unexpected) std::cout << "  + " << u << "\n";
    }
  }
  std::cout << "policy test: " << passed << " passed, " << failed << " failed\n";
  if (passed + failed == 0) {
    std::cerr << "oversight policy test: no test cases found under " << setup->run.plugins_dir << "/tests\n";
    return 1;
  }
  const bool below = !CoverageMet(setup->run, *min_coverage);
  return failed || below ? 1 : 0;
}

int PolicyCheck(const Args& args) {
  auto setup = SetupFrom(args, false);
  if (!setup.ok()) {
    std::cerr << "oversight policy check: " << setup.status().message() << "\n";
    return 2;
  }
  auto problems = CheckPolicies(setup->run);
  for (const auto& p : problems) std::cout << p << "\n";
  if (problems.empty()) {
    std::cout << "policy check: every plugin and setting is sound (" << setup->run.plugins_dir << ", "
              << setup->run.settings_path << ")\n";
    return 0;
  }
  std::cout << "policy check: " << problems.size() << (problems.size() == 1 ? " problem" : " problems")
            << " (what plugins and settings may say: docs/plugin-api.md)\n";
  return 1;
}

}  // namespace

int CmdPolicy(int argc, char** argv) {
  const Subcommand sub = FindSubcommand("policy", argc, argv);
  if (!sub.spec) return sub.exit_status;
  if (sub.spec->name != "policy test" && sub.spec->name != "policy check") return CmdPublish(*sub.spec, argc - 1, argv + 1);
  const CommandLine line = ReadCommandLine(*sub.spec, argc - 1, argv + 1);
  if (!line.args) return line.exit_status;
  return sub.spec->name == "policy test" ? PolicyTest(*line.args) : PolicyCheck(*line.args);
}

int CmdWhatIf(int argc, char** argv) {
  const CommandLine line = ReadCommandLine(Command("whatif"), argc, argv);
  if (!line.args) return line.exit_status;
  const Args* args = &*line.args;
  if (!args->Has("plugins") && !args->Has("policy-settings")) {
    return UsageError(Command("whatif"), "give a draft: --plugins DRAFT_DIR, --policy-settings DRAFT, or both");
  }
  // The current side is the configured plugins and settings; the draft, what the flags name.
  auto draft = SetupFrom(*args);
  if (!draft.ok()) {
    std::cerr << "oversight whatif: " << draft.status().message() << "\n";
    return 2;
  }
  auto current = SetupFrom(args->Without({"plugins", "policy-settings"}));
  if (!current.ok()) {
    std::cerr << "oversight whatif: " << current.status().message() << "\n";
    return 2;
  }
  NoteStaleExtract(*current, *args, "whatif");
  // A draft runs only once `policy check` finds nothing wrong with it.
  if (auto problems = CheckPolicies(draft->run); !problems.empty()) {
    for (const auto& p : problems) std::cout << p << "\n";
    std::cout << "whatif: the draft has " << problems.size() << (problems.size() == 1 ? " problem" : " problems")
              << " (as `oversight policy check` finds); fix " << (problems.size() == 1 ? "it" : "them")
              << " and try again (docs/plugin-api.md)\n";
    return 1;
  }
  auto w = RunWhatIf(current->run, draft->run);
  if (!w.ok()) {
    std::cerr << "oversight whatif: " << w.status().message() << "\n";
    return 2;
  }
  if (args->GetOr("format", "table") == "json") {
    WriteWhatIfJson(std::cout, *w);
  } else {
    WriteWhatIfTable(std::cout, *w);
  }
  return w->draft.any_failed() ? 3 : 0;
}

int CmdHistory(int argc, char** argv) {
  const CommandSpec& spec = Command("history");
  const CommandLine line = ReadCommandLine(spec, argc, argv);
  if (!line.args) return line.exit_status;
  const Args* args = &*line.args;
  auto state = StateStore::Open(*args->Get("db"));
  if (!state.ok()) {
    std::cerr << "oversight history: " << state.status().message() << "\n";
    return 2;
  }
  const std::string limit_text = args->GetOr("limit", "50");
  const int limit = std::atoi(limit_text.c_str());
  if (limit < 1 || std::to_string(limit) != limit_text) return UsageError(spec, "--limit takes a positive number");
  auto runs = state->Runs(limit);
  if (!runs.ok()) {
    std::cerr << "oversight history: " << runs.status().message() << "\n";
    return 2;
  }
  std::cout << "run  kind    as of       started (UTC)         policy version  exceptions  failed plugins\n";
  for (const auto& r : *runs) {
    std::printf("%-4lld %-7s %-11s %-21s %-15s %10lld  %s\n", static_cast<long long>(r.run_id), r.kind.c_str(),
                r.as_of.c_str(), r.started_at.c_str(), r.policy_version.c_str(),
                static_cast<long long>(r.exceptions), r.failed_plugins.empty() ? "-" : r.failed_plugins.c_str());
  }
  return 0;
}

}  // namespace oversight
