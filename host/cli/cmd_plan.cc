// `oversight plan new-case|rebalance|iro`: the caseload planner, as a table for people
// or --format json for programs.
#include <iostream>

#include "checks/check_run.h"
#include "checks/planner.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/run_options.h"

namespace oversight {

int CmdPlan(int argc, char** argv) {
  const char* usage =
      "usage: oversight plan new-case --db FILE (--team T | --service S) --case-type CP [--as-of D] [--format json]\n"
      "       oversight plan rebalance --db FILE --team T [--as-of D] [--format json]\n"
      "       oversight plan iro --db FILE [--as-of D] [--format json]\n"
      "each also takes --plugins DIR and --policy-settings FILE, to plan with a draft policy\n";
  if (argc < 1) {
    std::cerr << usage;
    return 2;
  }
  const std::string sub = argv[0];
  auto args = Args::Parse(argc - 1, argv + 1);
  if (!args.ok()) {
    std::cerr << "oversight plan: " << args.status().message() << "\n" << usage;
    return 2;
  }
  auto setup = SetupFrom(*args);
  if (!setup.ok()) {
    std::cerr << "oversight plan: " << setup.status().message() << "\n";
    return 2;
  }
  auto settings = LoadCaseloadSettings(setup->run.settings_path);
  if (!settings.ok()) {
    std::cerr << "oversight plan: " << settings.status().message() << "\n";
    return 2;
  }
  // The policies run first: who is in ASYE scope (a lower cap) is theirs to say.
  auto run = RunChecks(setup->run);
  if (!run.ok()) {
    std::cerr << "oversight plan: " << run.status().message() << "\n";
    return 2;
  }
  for (const auto& p : run->plugins) {
    if (p.state == PluginOutcome::State::kFailed) {
      std::cerr << "oversight plan: warning: plugin " << p.name << " failed (" << p.reason
                << "); what it marks (such as ASYE scope) is missing from the plan\n";
    }
  }
  const Organisation* org = &run->org;
  Database* db = run->snapshot.get();
  const bool json = args->GetOr("format", "table") == "json";
  const Day d = setup->run.as_of;
  if (sub == "iro") {
    auto plan = PlanIro(*org, db, *settings, d);
    if (!plan.ok()) {
      std::cerr << "oversight plan iro: " << plan.status().message() << "\n";
      return 2;
    }
    WriteIroPlan(std::cout, *org, *plan, *settings, json);
    return 0;
  }
  std::vector<int64_t> teams;
  if (auto t = args->Get("team")) {
    if (int64_t key = org->FindTeam(*t)) teams.push_back(key);
    if (teams.empty()) {
      std::cerr << "oversight plan: no team '" << *t << "'\n";
      return 2;
    }
  } else if (auto service = args->Get("service"); service && sub == "new-case") {
    for (const Team& t : org->teams()) {
      if (t.service == *service) teams.push_back(t.key);
    }
    if (teams.empty()) {
      std::cerr << "oversight plan: no team in the service '" << *service << "'\n";
      return 2;
    }
  } else {
    std::cerr << usage;
    return 2;
  }
  auto loads = WorkerLoads(*org, db, *settings, d, run->asye);
  if (!loads.ok()) {
    std::cerr << "oversight plan: " << loads.status().message() << "\n";
    return 2;
  }
  if (sub == "new-case") {
    auto plan = PlanNewCase(*org, *loads, *settings, teams, args->GetOr("case-type", ""));
    if (!plan.ok()) {
      std::cerr << "oversight plan new-case: " << plan.status().message() << "\n";
      return 2;
    }
    WriteNewCasePlan(std::cout, *org, *plan, json);
    return 0;
  }
  if (sub == "rebalance") {
    std::vector<WorkerLoad> team;
    for (const auto& l : *loads) {
      if (org->worker(l.worker).team == teams[0]) team.push_back(l);
    }
    WriteRebalancePlan(std::cout, *org, PlanRebalance(*org, team, *settings), json);
    return 0;
  }
  std::cerr << "oversight plan: unknown subcommand '" << sub << "'\n" << usage;
  return 2;
}

}  // namespace oversight
