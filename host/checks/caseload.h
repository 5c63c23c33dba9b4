// The caseload model of policies.md ("Measures"): each case-holding worker's weighted
// caseload, cap and state on a day. Its numbers (weights, standard, ASYE share, roles)
// are read from the policy settings, the same ones asye_support uses.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/organisation.h"
#include "store/sqlite.h"

namespace oversight {

struct CaseloadSettings {
  std::map<std::string, double> weights;     // by case type
  double standard_per_fte = 0;
  double asye_share = 0;
  std::vector<std::string> holding_roles;
};

// Reads the settings the measures and the planner need from config/policy.lua.
Result<CaseloadSettings> LoadCaseloadSettings(const std::string& settings_path);

struct HeldCase {
  std::string case_id, case_type;
  double weight;
};

struct WorkerLoad {
  WorkerKey worker;
  double weighted = 0;  // sum of case weights of active key-worker allocations
  double cap = 0;       // standard x fte, or the ASYE share of it
  bool absent = false;  // away on the day
  bool employed = true;
  bool asye = false;    // in ASYE scope on the day
  std::vector<HeldCase> cases;
  double headroom() const { return cap - weighted; }
};

// Every worker of a case-holding role: employed on d, or (employed false) left but
// still holding active key-worker allocations. In worker-key order. `asye`: those a
// policy marked as in ASYE scope on d (CheckRun::asye; the rule is the plugin's).
Result<std::vector<WorkerLoad>> WorkerLoads(const Organisation& org, Database* db,
                                            const CaseloadSettings& s, Day d, const std::set<WorkerKey>& asye);

// The children each employed IRO reviews on d: distinct case ids of their active `iro`
// allocations. Measures, planner and digests all count IRO caseloads from this.
using IroCaseloads = std::map<WorkerKey, std::set<std::string>>;
Result<IroCaseloads> LoadIroCaseloads(const Organisation& org, Database* db, Day d);

bool HoldsCases(const CaseloadSettings& s, const std::string& role);
// Values compared at 2 decimal places, as policies.md requires.
double Round2(double v);

}  // namespace oversight
