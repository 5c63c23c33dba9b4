// Weighted caseloads from the active key-worker allocations of a day.
#include "checks/caseload.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "policy/sandbox.h"
#include "policy/settings.h"

namespace oversight {

double Round2(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return std::strtod(buf, nullptr);
}

bool HoldsCases(const CaseloadSettings& s, const std::string& role) {
  return std::find(s.holding_roles.begin(), s.holding_roles.end(), role) != s.holding_roles.end();
}

Result<CaseloadSettings> LoadCaseloadSettings(const std::string& path) {
  LuaSandbox sandbox(Budget{});
  if (!sandbox.ok()) return Status::Error("cannot create a Lua state");
  if (Status s = PushSettings(&sandbox, path); !s.ok()) return s;
  SettingsReader r(sandbox.state(), lua_gettop(sandbox.state()));
  CaseloadSettings out;
  auto types = r.Keys("caseload.weights");
  if (!types.ok()) return types.status();
  for (const auto& t : *types) {
    auto w = r.Number("caseload.weights." + t);
    if (!w.ok()) return w.status();
    out.weights[t] = *w;
  }
  struct { const char* path; double* out; } numbers[] = {
      {"caseload.standard_per_fte", &out.standard_per_fte},
      {"caseload.asye_share", &out.asye_share}};
  for (const auto& n : numbers) {
    auto v = r.Number(n.path);
    if (!v.ok()) return v.status();
    *n.out = *v;
  }
  auto holding = r.Strings("caseload.holding_roles");
  if (!holding.ok()) return holding.status();
  out.holding_roles = *holding;
  return out;
}

Result<IroCaseloads> LoadIroCaseloads(const Organisation& org, Database* db, Day d) {
  auto q = db->Prepare(
      "SELECT worker, case_id FROM allocations WHERE role = 'iro' AND start_day <= ?1 "
      "AND (end_day IS NULL OR ?1 <= end_day)");
  if (!q.ok()) return q.status();
  q->Bind(1, static_cast<int64_t>(d));
  IroCaseloads out;
  Status st;
  while (q->Step(&st)) {
    WorkerKey w = q->Int(0);
    if (org.worker(w).role == "iro" && org.Employed(w, d)) out[w].insert(q->Text(1));
  }
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<WorkerLoad>> WorkerLoads(const Organisation& org, Database* db,
                                            const CaseloadSettings& s, Day d, const std::set<WorkerKey>& asye) {
  std::vector<int> index(org.workers().size() + 1, -1);
  std::vector<WorkerLoad> loads;
  auto add = [&](const Worker& w) {
    index[w.key] = static_cast<int>(loads.size());
    WorkerLoad l;
    l.worker = w.key;
    l.employed = org.Employed(w.key, d);
    l.absent = org.Absent(w.key, d);
    l.asye = asye.count(w.key) > 0;
    l.cap = s.standard_per_fte * w.fte * (l.asye ? s.asye_share : 1.0);
    loads.push_back(std::move(l));
  };
  for (const Worker& w : org.workers()) {
    if (HoldsCases(s, w.role) && org.Employed(w.key, d)) add(w);
  }
  auto q = db->Prepare(
      "SELECT worker, case_id, case_type FROM allocations WHERE role = 'key_worker' "
      "AND start_day <= ?1 AND (end_day IS NULL OR ?1 <= end_day) ORDER BY worker, case_id");
  if (!q.ok()) return q.status();
  q->Bind(1, static_cast<int64_t>(d));
  Status st;
  while (q->Step(&st)) {
    const Worker& w = org.worker(q->Int(0));
    if (!HoldsCases(s, w.role)) continue;
    if (index[w.key] < 0) add(w);  // left, or not yet started, but holding cases
    WorkerLoad& l = loads[static_cast<size_t>(index[w.key])];
    std::string type = q->Text(2);
    auto weight = s.weights.find(type);
    if (weight == s.weights.end()) return Status::Error("no caseload weight for case type " + type);
    l.cases.push_back({q->Text(1), type, weight->second});
    l.weighted += weight->second;
  }
  if (!st.ok()) return st;
  std::sort(loads.begin(), loads.end(),
            [](const WorkerLoad& a, const WorkerLoad& b) { return a.worker < b.worker; });
  return loads;
}

}  // namespace oversight
