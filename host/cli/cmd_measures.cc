// `oversight measures --db FILE [--as-of D] [--format json|table]`: the figures of
// policies.md ("Measures"). Runs the plugins first: the measures use their exceptions.
#include <iostream>

#include "checks/measures.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/run_options.h"

namespace oversight {

int CmdMeasures(int argc, char** argv) {
  auto args = Args::Parse(argc, argv, {"help"});
  if (!args.ok() || args->Has("help")) {
    std::cerr << "usage: oversight measures --db FILE [--as-of YYYY-MM-DD] [--format json|table]\n";
    return args.ok() ? 0 : 2;
  }
  auto setup = SetupFrom(*args);
  if (!setup.ok()) {
    std::cerr << "oversight measures: " << setup.status().message() << "\n";
    return 2;
  }
  const std::string format = args->GetOr("format", "table");
  if (format != "json" && format != "table") {
    std::cerr << "oversight measures: --format is json or table, not '" << format << "'\n";
    return 2;
  }
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
  auto db = Database::Open(setup->run.snapshot_path, Database::Mode::kReadOnly);
  if (!db.ok()) {
    std::cerr << "oversight measures: " << db.status().message() << "\n";
    return 2;
  }
  auto m = ComputeMeasures(*run, &*db, *settings, setup->run.as_of);
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
