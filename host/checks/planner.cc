// Ranking, greedy rebalancing with a lower bound, and IRO capacity.
#include "checks/planner.h"

#include <algorithm>
#include <map>
#include <set>

#include "checks/exception_format.h"
#include "checks/worker_label.h"
#include "common/text_columns.h"

namespace oversight {

namespace {
std::string N(double v) { return FormatNumber2(v); }

// One line of prose for people, wrapped at 80 columns under `indent`.
void Say(std::ostream& out, const std::string& text, const std::string& indent = "    ") {
  for (const std::string& line : Wrap(text, kTerminalColumns, indent)) out << line << "\n";
}

// A worker in a sentence: their name and id, the name shortened when very long.
std::string Named(const Organisation& org, WorkerKey w) { return WorkerLabel(org.worker(w), 36); }
}  // namespace

Result<NewCasePlan> PlanNewCase(const Organisation& org, const std::vector<WorkerLoad>& loads,
                                const CaseloadSettings& s, const std::vector<int64_t>& teams,
                                const std::string& case_type) {
  auto w = s.weights.find(case_type);
  if (w == s.weights.end()) return Status::Error("no caseload weight for case type '" + case_type + "'");
  NewCasePlan plan;
  plan.case_type = case_type;
  plan.weight = w->second;
  for (const WorkerLoad& l : loads) {
    if (std::find(teams.begin(), teams.end(), org.worker(l.worker).team) == teams.end()) continue;
    Candidate c{l.worker, l.weighted + plan.weight, l.cap, l.cap - (l.weighted + plan.weight), ""};
    const std::string load = N(l.weighted) + " of " + N(l.cap) + (l.asye ? " (ASYE cap)" : "");
    if (!l.employed) {
      c.reason = "has left (still holds " + N(l.weighted) + " weighted cases)";
      plan.left_out.push_back(c);
    } else if (l.absent) {
      c.reason = "away today";
      plan.left_out.push_back(c);
    } else if (Round2(c.weighted_after) > Round2(l.cap)) {
      c.reason = "no room: " + load + ", over cap by " + N(-c.headroom_after) + " with the case";
      plan.left_out.push_back(c);
    } else {
      c.reason = N(c.headroom_after) + " headroom after the case (now " + load + ")";
      plan.ranked.push_back(c);
    }
  }
  std::stable_sort(plan.ranked.begin(), plan.ranked.end(), [&](const Candidate& a, const Candidate& b) {
    if (Round2(a.headroom_after) != Round2(b.headroom_after)) return a.headroom_after > b.headroom_after;
    return org.worker(a.worker).id < org.worker(b.worker).id;
  });
  return plan;
}

RebalancePlan PlanRebalance(const Organisation& org, const std::vector<WorkerLoad>& team_loads,
                            const CaseloadSettings& s) {
  RebalancePlan plan;
  struct Donor {
    WorkerKey worker;
    std::vector<HeldCase> cases;  // largest first
    double to_shed;               // weighted cases to move
    bool all;                     // has left: every case moves
  };
  std::vector<Donor> donors;
  std::map<WorkerKey, double> headroom;  // receivers
  for (const WorkerLoad& l : team_loads) {
    if (!l.employed && !l.cases.empty()) {
      donors.push_back({l.worker, l.cases, l.weighted, true});
    } else if (l.employed && Round2(l.weighted) > Round2(l.cap)) {
      donors.push_back({l.worker, l.cases, l.weighted - l.cap, false});
    } else if (l.employed && !l.absent) {
      headroom[l.worker] = l.cap - l.weighted;
    }
  }
  for (Donor& d : donors) {
    std::stable_sort(d.cases.begin(), d.cases.end(), [](const HeldCase& a, const HeldCase& b) {
      if (a.weight != b.weight) return a.weight > b.weight;
      return a.case_id < b.case_id;
    });
    // Lower bound: the fewest of its cases whose weights cover what it must shed.
    if (d.all) {
      plan.lower_bound += static_cast<int>(d.cases.size());
    } else {
      double covered = 0;
      for (const HeldCase& c : d.cases) {
        if (Round2(covered) >= Round2(d.to_shed)) break;
        covered += c.weight;
        ++plan.lower_bound;
      }
    }
  }
  std::stable_sort(donors.begin(), donors.end(), [](const Donor& a, const Donor& b) { return a.to_shed > b.to_shed; });
  for (Donor& d : donors) {
    double remaining = d.to_shed;
    std::vector<bool> moved(d.cases.size(), false);
    while (Round2(remaining) > 0) {
      // The case that best covers what is left: the smallest that covers it, else the largest.
      int pick = -1;
      for (size_t i = 0; i < d.cases.size(); ++i) {
        if (moved[i]) continue;
        if (d.all || Round2(d.cases[i].weight) >= Round2(remaining)) pick = static_cast<int>(i);
        if (d.all) break;
      }
      if (pick < 0) {
        for (size_t i = 0; i < d.cases.size() && pick < 0; ++i) {
          if (!moved[i]) pick = static_cast<int>(i);
        }
      }
      if (pick < 0) break;
      const HeldCase& c = d.cases[static_cast<size_t>(pick)];
      WorkerKey to = 0;
      double best = -1;
      for (const auto& [w, room] : headroom) {
        if (Round2(room) >= Round2(c.weight) && room > best) {
          best = room;
          to = w;
        }
      }
      moved[static_cast<size_t>(pick)] = true;
      if (!to) continue;  // nobody can take this case: try a smaller one
      headroom[to] -= c.weight;
      remaining -= c.weight;
      plan.moves.push_back({c.case_id, c.case_type, c.weight, d.worker, to});
    }
    if (Round2(remaining) > 0) plan.shortfall_weighted += remaining;
  }
  plan.shortfall_fte = s.standard_per_fte > 0 ? plan.shortfall_weighted / s.standard_per_fte : 0;
  return plan;
}

Result<IroPlan> PlanIro(const CheckRun& run, Day d) {
  const Organisation& org = run.org;
  auto caseloads = LoadIroCaseloads(org, run.snapshot.get(), d);
  if (!caseloads.ok()) return caseloads.status();
  IroCaseloads& per_iro = *caseloads;
  std::set<std::string> all;
  for (const auto& [w, cases] : per_iro) all.insert(cases.begin(), cases.end());
  IroPlan p;
  p.cases = static_cast<int64_t>(all.size());
  for (const Worker& w : org.workers()) {
    if (w.role != "iro" || !org.Employed(w.key, d)) continue;
    p.fte += w.fte;
    int64_t n = static_cast<int64_t>(per_iro[w.key].size());
    auto limit = run.limit.find(w.key);
    if (limit != run.limit.end() && n > Round2(limit->second)) p.over.push_back({w.key, n, limit->second});
  }
  auto figure = [&](const char* name) {
    auto f = run.figures.find(name);
    return f == run.figures.end() ? 0.0 : f->second;
  };
  p.max_per_fte = figure(kIroMaxPerFte);
  p.min_per_fte = figure(kIroMinPerFte);
  p.fte_for_max = p.max_per_fte > 0 ? static_cast<double>(p.cases) / p.max_per_fte : 0;
  p.fte_for_min = p.min_per_fte > 0 ? static_cast<double>(p.cases) / p.min_per_fte : 0;
  p.shortfall_fte = std::max(0.0, p.fte_for_max - p.fte);
  p.surplus_fte = std::max(0.0, p.fte - p.fte_for_min);
  return p;
}

void WriteNewCasePlan(std::ostream& out, const Organisation& org, const NewCasePlan& p, bool json) {
  auto list = [&](const std::vector<Candidate>& cs) {
    std::string s = "[";
    for (size_t i = 0; i < cs.size(); ++i) {
      s += (i ? "," : "") + std::string("{\"worker_id\":") + JsonString(org.worker(cs[i].worker).id) +
           ",\"headroom_after\":" + N(cs[i].headroom_after) + ",\"cap\":" + N(cs[i].cap) +
           ",\"reason\":" + JsonString(cs[i].reason) + "}";
    }
    return s + "]";
  };
  if (json) {
    out << "{\"case_type\":" << JsonString(p.case_type) << ",\"weight\":" << N(p.weight)
        << ",\"ranked\":" << list(p.ranked) << ",\"left_out\":" << list(p.left_out) << "}\n";
    return;
  }
  Say(out, "Best placed for a new " + p.case_type + " case (weight " + N(p.weight) + "):", "  ");
  if (p.ranked.empty()) out << "  nobody in the team can take it within cap\n";
  int rank = 0;
  for (const auto& c : p.ranked) {
    Say(out, "  " + std::to_string(++rank) + ". " + Named(org, c.worker) + ": " + c.reason, "     ");
  }
  if (!p.left_out.empty()) out << "Left out:\n";
  for (const auto& c : p.left_out) {
    Say(out, "  - " + Named(org, c.worker) + ": " + c.reason);
  }
}

void WriteRebalancePlan(std::ostream& out, const Organisation& org, const RebalancePlan& p, bool json) {
  if (json) {
    out << "{\"moves\":[";
    for (size_t i = 0; i < p.moves.size(); ++i) {
      const Move& m = p.moves[i];
      out << (i ? "," : "") << "{\"case_id\":" << JsonString(m.case_id) << ",\"case_type\":" << JsonString(m.case_type)
          << ",\"weight\":" << N(m.weight) << ",\"from\":" << JsonString(org.worker(m.from).id)
          << ",\"to\":" << JsonString(org.worker(m.to).id) << "}";
    }
    out << "],\"lower_bound\":" << p.lower_bound << ",\"balanced\":" << (p.balanced() ? "true" : "false")
        << ",\"shortfall_weighted\":" << N(p.shortfall_weighted) << ",\"shortfall_fte\":" << N(p.shortfall_fte)
        << "}\n";
    return;
  }
  Say(out, std::to_string(p.moves.size()) + (p.moves.size() == 1 ? " move" : " moves") +
               " (bringing everyone within cap takes at least " + std::to_string(p.lower_bound) + "):", "  ");
  for (const Move& m : p.moves) {
    Say(out, "  move " + m.case_id + " (" + m.case_type + ", " + N(m.weight) + ") from " + Named(org, m.from) +
                 " to " + Named(org, m.to));
  }
  if (p.balanced()) {
    out << "Everyone is then within cap.\n";
  } else {
    Say(out, "The team cannot be brought within cap: it is short by " + N(p.shortfall_weighted) +
                 " weighted cases, about " + N(p.shortfall_fte) + " FTE at the standard caseload.", "");
  }
  Say(out, "How: those over cap or gone shed their largest cases first, each to the available colleague "
           "with the most room who can take it; nobody away or over cap receives a case.", "");
}

void WriteIroPlan(std::ostream& out, const Organisation& org, const IroPlan& p, bool json) {
  if (json) {
    out << "{\"cases\":" << p.cases << ",\"fte\":" << N(p.fte) << ",\"fte_for_max\":" << N(p.fte_for_max)
        << ",\"fte_for_min\":" << N(p.fte_for_min) << ",\"shortfall_fte\":" << N(p.shortfall_fte)
        << ",\"surplus_fte\":" << N(p.surplus_fte) << ",\"over\":[";
    for (size_t i = 0; i < p.over.size(); ++i) {
      out << (i ? "," : "") << "{\"worker_id\":" << JsonString(org.worker(p.over[i].worker).id)
          << ",\"cases\":" << p.over[i].cases << "}";
    }
    out << "]}\n";
    return;
  }
  out << "IRO service: " << p.cases << " children, " << N(p.fte) << " FTE.\n";
  Say(out, "  Within " + N(p.max_per_fte) + " per FTE needs at least " + N(p.fte_for_max) + " FTE" +
               (p.shortfall_fte > 0 ? ": " + N(p.shortfall_fte) + " FTE more than the service has."
                                    : ": the service has enough."));
  Say(out, "  Within the " + N(p.min_per_fte) + "-" + N(p.max_per_fte) + " range needs " + N(p.fte_for_max) +
               " to " + N(p.fte_for_min) + " FTE" +
               (p.surplus_fte > 0 ? "; the service has " + N(p.surplus_fte) + " FTE more than the range needs." : "."));
  for (const auto& o : p.over) {
    Say(out, "  " + Named(org, o.worker) + " holds " + std::to_string(o.cases) + " children, over " + N(o.limit) +
                 " for " + N(org.worker(o.worker).fte) + " FTE");
  }
}

}  // namespace oversight
