// Temporary folders, tiny extracts and policy runs for the tests.
#include "test_support.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "checks/exception_format.h"

namespace oversight::test {

TempDir::TempDir() {
  char tmpl[] = "/tmp/oversight-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::string cmd = "rm -rf '" + path_ + "'";
  if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", path_.c_str());
}

void TempDir::Write(const std::string& name, const std::string& contents) const {
  std::ofstream out(File(name), std::ios::binary);
  out << contents;
}

Extract SmallCouncil() {
  return {
      {"teams.csv", "team_id,name,service,manager_id\nT0,Directorate,Directorate,H1\nT1,Team One,Family Safeguarding,M1\n"},
      {"workers.csv",
       "worker_id,name,email,role,team_id,line_manager_id,fte,start_date,end_date,asye_start\n"
       "H1,Head,h1@council.example,head_of_service,T0,,1.0,2020-01-01,,\n"
       "M1,Manager,m1@council.example,team_manager,T1,H1,1.0,2020-01-01,,\n"
       "S1,Worker One,s1@council.example,social_worker,T1,M1,1.0,2020-01-01,,\n"
       "S2,Worker Two,s2@council.example,social_worker,T1,M1,1.0,2020-01-01,,\n"},
      {"allocations.csv", "case_id,case_type,worker_id,role,start_date,end_date\n"},
      {"supervisions.csv", "supervision_id,worker_id,supervisor_id,date,kind,case_id,recorded_date\n"},
  };
}

Status ImportExtractText(const TempDir& dir, const Extract& extract, ImportReport* report) {
  static int counter = 0;
  std::string folder = "extract" + std::to_string(++counter);
  std::string cmd = "mkdir -p '" + dir.File(folder) + "'";
  if (std::system(cmd.c_str()) != 0) return Status::Error("mkdir failed");
  for (const auto& [name, text] : extract) dir.Write(folder + "/" + name, text);
  ImportOptions options;
  options.db_path = dir.File("store.db");
  options.extract_dir = dir.File(folder);
  return ImportExtract(options, report);
}

std::string RepoPath(const std::string& relative) {
  return std::string(OVERSIGHT_SOURCE_DIR) + "/" + relative;
}

Result<CheckRun> RunShipped(const TempDir& dir, const std::string& as_of,
                            const std::string& plugins_dir) {
  PolicyRunOptions options;
  options.snapshot_path = dir.File("store.db");
  options.plugins_dir = plugins_dir.empty() ? RepoPath("plugins") : plugins_dir;
  options.settings_path = RepoPath("config/policy.lua");
  options.calendar_path = RepoPath("config/bank_holidays.lua");
  auto day = ParseDate(as_of);
  if (!day) return Status::Error("bad as_of " + as_of);
  options.as_of = *day;
  return RunChecks(options);
}

std::vector<std::string> Summaries(const CheckRun& run, const std::string& policy) {
  std::vector<std::string> out;
  for (const PolicyException& e : run.exceptions) {
    if (!policy.empty() && e.policy != policy) continue;
    auto num = [](const std::optional<double>& v) { return v ? FormatNumber2(*v) : std::string("-"); };
    out.push_back(e.policy + " " + e.code + " " + run.org.worker(e.worker).id + " " +
                  e.case_id.value_or("-") + " " +
                  (e.recipient ? run.org.worker(*e.recipient).id : std::string("-")) + " " +
                  (e.due_date ? FormatDate(*e.due_date) : "-") + " " +
                  (e.days_overdue ? std::to_string(*e.days_overdue) : "-") + " " + num(e.value) +
                  " " + num(e.limit));
  }
  return out;
}

std::vector<std::string> Summaries(const CheckRun& run) { return Summaries(run, ""); }

Budget BesideBudget() {
  Budget b;
  b.instructions = 5'000'000;
  b.memory_bytes = 64u << 20;
  b.seconds = 120;
  return b;
}

BesideOutcome RunBeside(const std::string& hostile_source, const Budget& budget) {
  TempDir dir;
  Extract x = SmallCouncil();
  x["allocations.csv"] += "C1,CP,S1,key_worker,2024-01-01,\nC2,CIN,S2,key_worker,2024-01-22,\n";
  ImportReport report;
  BesideOutcome o;
  if (!ImportExtractText(dir, x, &report).ok() || mkdir(dir.File("plugins").c_str(), 0700) != 0) {
    o.hostile_state = "not run";
    return o;
  }
  {
    std::ifstream in(RepoPath("plugins/case_supervision.lua"));
    std::ofstream out(dir.File("plugins/case_supervision.lua"));
    out << in.rdbuf();
  }
  dir.Write("plugins/hostile.lua", hostile_source);
  PolicyRunOptions options;
  options.snapshot_path = dir.File("store.db");
  options.plugins_dir = dir.File("plugins");
  options.settings_path = RepoPath("config/policy.lua");
  options.calendar_path = RepoPath("config/bank_holidays.lua");
  options.as_of = *ParseDate("2024-03-01");
  options.budget = budget;
  const auto start = std::chrono::steady_clock::now();
  auto run = RunChecks(options);
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!run.ok()) {
    o.hostile_state = "not run";
    o.reason = run.status().message();
    return o;
  }
  o.good = Summaries(*run, "case_supervision");
  for (const auto& p : run->plugins) {
    if (p.name != "hostile") continue;
    o.hostile_state = p.state == PluginOutcome::State::kFailed     ? "failed"
                      : p.state == PluginOutcome::State::kDisabled ? "disabled"
                                                                    : "ran";
    o.reason = p.reason;
  }
  for (const auto& e : run->exceptions) {
    if (e.policy == "hostile") o.hostile.push_back(e);
  }
  return o;
}

}  // namespace oversight::test
