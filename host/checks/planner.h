// The caseload planner for heads of service: who is best placed to take a new case,
// which moves bring a team within cap, and how many IROs the service needs. It reads
// the caseload model (caseload.h); it changes no allocation, only proposes.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "checks/caseload.h"
#include "checks/check_run.h"

namespace oversight {

struct Candidate {
  WorkerKey worker;
  double weighted_after = 0, cap = 0, headroom_after = 0;
  std::string reason;  // why they are placed, or why they are left out
};

struct NewCasePlan {
  std::string case_type;
  double weight = 0;
  std::vector<Candidate> ranked;    // best placed first: most headroom after the case
  std::vector<Candidate> left_out;  // away, left, or no room
};

// Workers of the team (or of every team of the service) who could take a case of `case_type`.
Result<NewCasePlan> PlanNewCase(const Organisation& org, const std::vector<WorkerLoad>& loads,
                                const CaseloadSettings& s, const std::vector<int64_t>& teams,
                                const std::string& case_type);

struct Move {
  std::string case_id, case_type;
  double weight;
  WorkerKey from, to;
};

struct RebalancePlan {
  std::vector<Move> moves;
  int lower_bound = 0;           // no plan can bring everyone within cap in fewer moves
  double shortfall_weighted = 0;  // what could not be placed within cap, in weighted cases
  double shortfall_fte = 0;       // the same in full-time workers at the standard
  bool balanced() const { return shortfall_weighted <= 0.005; }
};

// Moves within the team that bring every worker within cap and empty the caseloads of
// those who have left: donors shed their largest cases first, each to the available
// worker with the most headroom that can take it (never someone away or over cap).
RebalancePlan PlanRebalance(const Organisation& org, const std::vector<WorkerLoad>& team_loads,
                            const CaseloadSettings& s);

struct IroPlan {
  int64_t cases = 0;
  double fte = 0;
  double max_per_fte = 0, min_per_fte = 0;  // the IRO range a plugin states (0: none does)
  double fte_for_max = 0, fte_for_min = 0;  // cases / max_per_fte, cases / min_per_fte
  double shortfall_fte = 0;                 // more FTE needed to bring everyone within the max
  double surplus_fte = 0;                   // FTE beyond what keeps caseloads above the min
  struct Over {
    WorkerKey worker;
    int64_t cases;
    double limit;  // as a plugin marked it
  };
  std::vector<Over> over;  // IROs above their limit
};

// From the run's marks (each IRO's limit) and figures (the range per FTE).
Result<IroPlan> PlanIro(const CheckRun& run, Day d);

void WriteNewCasePlan(std::ostream& out, const Organisation& org, const NewCasePlan& p, bool json);
void WriteRebalancePlan(std::ostream& out, const Organisation& org, const RebalancePlan& p, bool json);
void WriteIroPlan(std::ostream& out, const Organisation& org, const IroPlan& p, bool json);

}  // namespace oversight
