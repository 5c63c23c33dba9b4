// Shared by the tests: temporary folders, small extracts written from strings, and
// running the shipped policies over them. Test code only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "checks/check_run.h"
#include "common/status.h"
#include "store/import.h"

namespace oversight::test {

// A folder under /tmp removed (with its contents) when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  void Write(const std::string& name, const std::string& contents) const;

 private:
  std::string path_;
};

// An extract as file name -> CSV text. Missing optional files are simply absent.
using Extract = std::map<std::string, std::string>;

// A small valid council to start from: one head of service (H1), a team manager (M1,
// team T1) and two social workers (S1, S2) under M1, all employed from 2020-01-01.
Extract SmallCouncil();

// Writes `extract` into a fresh folder inside `dir` and imports it into dir/store.db.
Status ImportExtractText(const TempDir& dir, const Extract& extract, ImportReport* report);

// Runs the shipped plugins (or those in plugins_dir) over dir/store.db on a day.
Result<CheckRun> RunShipped(const TempDir& dir, const std::string& as_of,
                            const std::string& plugins_dir = "");

// One line per exception, "policy code worker case recipient due overdue value limit",
// "-" for a null, numbers to 2 places: easy to compare against hand-worked answers.
std::vector<std::string> Summaries(const CheckRun& run);
std::vector<std::string> Summaries(const CheckRun& run, const std::string& policy);

std::string RepoPath(const std::string& relative);  // inside the source tree

// A hostile plugin beside a good one: the shipped case_supervision plugin runs beside
// `hostile_source` (as hostile.lua) over SmallCouncil with C1 (CP, from 2024-01-01, S1)
// and C2 (CIN, from 2024-01-22, S2) on 2024-03-01.
struct BesideOutcome {
  std::vector<std::string> good;      // the good plugin's exceptions (Summaries)
  std::string hostile_state, reason;  // "ran", "failed" or "disabled", and why
  std::vector<PolicyException> hostile;  // what the hostile plugin reported
  double seconds = 0;                 // how long the run took
};
// Budgets small enough that the instruction and memory budgets fire first, even on a
// slow, loaded machine; a generous wall clock.
Budget BesideBudget();
BesideOutcome RunBeside(const std::string& hostile_source, const Budget& budget = BesideBudget());

// The reference councils (tests/data/reference/<name>) and the as-of day of their
// expected files: the one list every test that runs them uses.
struct ReferenceCouncil {
  const char* name;
  const char* as_of;
};
inline constexpr ReferenceCouncil kReferenceCouncils[] = {
    {"council-a", "2024-03-01"}, {"council-b", "2023-06-30"}, {"council-edge", "2024-06-12"}};

}  // namespace oversight::test
