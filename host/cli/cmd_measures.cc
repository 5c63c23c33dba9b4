// `oversight measures --db FILE [--as-of D] [--format json|table]`: the figures of
// policies.md ("Measures"). Runs the plugins first: the measures use their exceptions;
// --plugins and --policy-settings (as for check) preview a draft policy's figures.
#include <iostream>

#include "checks/measures.h"
#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/extract_age.h"
#include "checks/exception_format.h"
#include "cli/run_options.h"
#include "state/state_store.h"

namespace oversight {

namespace {

// `--trend N`: the figures the last N weekly runs recorded, week by week.
int Trend(const PolicyRunOptions& run, int weeks, bool json) {
  auto state = StateStore::Open(run.snapshot_path);
  if (!state.ok()) {
    std::cerr << "oversight measures: " << state.status().message() << "\n";
    return 2;
  }
  auto rows = state->MeasuresTrend(FormatDate(WeekStart(run.as_of)), weeks);
  if (!rows.ok()) {
    std::cerr << "oversight measures: " << rows.status().message() << "\n";
    return 2;
  }
  auto pct = [](int64_t part, int64_t whole) {
    return whole ? FormatNumber2(100.0 * static_cast<double>(part) / static_cast<double>(whole)) : std::string("null");
  };
  if (json) {
    std::cout << "{\"trend\":[";
    for (size_t i = 0; i < rows->size(); ++i) {
      const auto& r = (*rows)[i];
      std::cout << (i ? ",\n " : "\n ") << "{\"week\":\"" << r.week << "\",\"team_id\":" << JsonString(r.team_id)
                << ",\"case_supervision_pct\":" << pct(r.cases_in_time, r.open_cases)
                << ",\"wellbeing_pct\":" << pct(r.wellbeing_in_time, r.wellbeing_workers)
                << ",\"weighted_caseload\":" << FormatNumber2(r.weighted_caseload)
                << ",\"capacity\":" << FormatNumber2(r.capacity) << "}";
    }
    std::cout << "]}\n";
    return 0;
  }
  if (rows->empty()) {
    std::cout << "No weekly runs recorded yet: the trend builds up as `oversight weekly` runs.\n";
    return 0;
  }
  auto shown = [&](int64_t part, int64_t whole) { return whole ? pct(part, whole) + "%" : std::string("-"); };
  std::cout << "week of      team      cases in time  well-being in time  weighted / capacity\n";
  for (const auto& r : *rows) {
    std::printf("%-12s %-9s %14s %19s  %s / %s\n", r.week.c_str(), r.team_id.c_str(),
                shown(r.cases_in_time, r.open_cases).c_str(), shown(r.wellbeing_in_time, r.wellbeing_workers).c_str(),
                FormatNumber2(r.weighted_caseload).c_str(), FormatNumber2(r.capacity).c_str());
  }
  return 0;
}

}  // namespace

int CmdMeasures(int argc, char** argv) {
  const CommandSpec& spec = Command("measures");
  const CommandLine line = ReadCommandLine(spec, argc, argv);
  if (!line.args) return line.exit_status;
  const Args* args = &*line.args;
  auto setup = SetupFrom(*args);
  if (!setup.ok()) {
    std::cerr << "oversight measures: " << setup.status().message() << "\n";
    return 2;
  }
  const std::string format = args->GetOr("format", "table");
  if (auto weeks = args->Get("trend")) {
    int n = std::atoi(weeks->c_str());
    if (n < 1 || n > 520 || std::to_string(n) != *weeks) {
      return UsageError(spec, "--trend takes a number of weeks, 1 to 520");
    }
    return Trend(setup->run, n, format == "json");
  }
  NoteStaleExtract(*setup, *args, "measures");
  auto settings = LoadCaseloadSettings(setup->run.settings_path);
  if (!settings.ok()) {
    std::cerr << "oversight measures: " << settings.status().message() << "\n";
    return 2;
  }
  auto run = RunChecks(setup->run);
  if (!run.ok()) {
    std::cerr << "oversight measures: " << run.status().message() << "\n";
    return 2;
  }
  for (const auto& p : run->plugins) {
    if (p.state == PluginOutcome::State::kFailed) {
      std::cerr << "plugin " << p.name << " failed: " << p.reason
                << "\noversight measures: the figures need every plugin's results\n";
      return 3;
    }
  }
  auto m = ComputeMeasures(*run, *settings, setup->run.as_of);
  if (!m.ok()) {
    std::cerr << "oversight measures: " << m.status().message() << "\n";
    return 2;
  }
  if (format == "json") {
    WriteMeasuresJson(std::cout, *m);
  } else {
    WriteMeasuresTable(std::cout, *m);
  }
  return 0;
}

}  // namespace oversight
