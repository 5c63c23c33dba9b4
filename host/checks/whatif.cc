// Comparing two runs of the checks.
#include "checks/whatif.h"

#include <sstream>

#include "checks/exception_format.h"

namespace oversight {

namespace {

std::string Key(const Organisation& org, const PolicyException& e) {
  return e.policy + "\x1f" + e.code + "\x1f" + org.worker(e.worker).id + "\x1f" + e.case_id.value_or("");
}

bool SameFigures(const PolicyException& a, const PolicyException& b) {
  return a.recipient == b.recipient && a.due_date == b.due_date && a.days_overdue == b.days_overdue &&
         a.value == b.value && a.limit == b.limit && a.severity == b.severity;
}

std::string Describe(const Organisation& org, const PolicyException& e) {
  std::string s = e.policy + " " + e.code + " " + org.worker(e.worker).id;
  if (e.case_id) s += " " + *e.case_id;
  if (e.due_date) s += " due " + FormatDate(*e.due_date);
  if (e.days_overdue) s += " (" + std::to_string(*e.days_overdue) + " days late)";
  if (e.value) s += " value " + FormatNumber2(*e.value);
  if (e.limit) s += " limit " + FormatNumber2(*e.limit);
  return s;
}

std::string Failures(const CheckRun& run) {
  std::string out;
  for (const auto& p : run.plugins) {
    if (p.state == PluginOutcome::State::kFailed) out += "  plugin " + p.name + " failed: " + p.reason + "\n";
  }
  return out;
}

}  // namespace

Result<WhatIf> RunWhatIf(const PolicyRunOptions& current_options, const PolicyRunOptions& draft_options) {
  auto current = RunChecks(current_options);
  if (!current.ok()) return current.status().WithContext("the current policies");
  auto draft = RunChecks(draft_options);
  if (!draft.ok()) return draft.status().WithContext("the draft policies");
  WhatIf w{std::move(current.value()), std::move(draft.value()), {}, {}, {}, {}, {}};
  std::multimap<std::string, const PolicyException*> before;
  for (const auto& e : w.current.exceptions) before.emplace(Key(w.current.org, e), &e);
  for (const auto& e : w.draft.exceptions) {
    auto it = before.find(Key(w.draft.org, e));
    if (it == before.end()) {
      w.added.push_back(&e);
    } else {
      if (!SameFigures(*it->second, e)) w.changed.push_back({it->second, &e});
      before.erase(it);
    }
  }
  for (const auto& [key, e] : before) w.removed.push_back(e);
  for (const auto& e : w.current.exceptions) {
    ++w.by_team[w.current.org.team(w.current.org.worker(e.worker).team).id].first;
    ++w.by_policy[e.policy].first;
  }
  for (const auto& e : w.draft.exceptions) {
    ++w.by_team[w.draft.org.team(w.draft.org.worker(e.worker).team).id].second;
    ++w.by_policy[e.policy].second;
  }
  return w;
}

void WriteWhatIfTable(std::ostream& out, const WhatIf& w) {
  out << "What the draft changes: " << w.added.size() << " exceptions added, " << w.removed.size()
      << " removed, " << w.changed.size() << " changed (" << w.current.exceptions.size() << " now, "
      << w.draft.exceptions.size() << " with the draft)\n";
  if (!Failures(w.current).empty()) out << "\nThe current policies had failures:\n" << Failures(w.current);
  if (!Failures(w.draft).empty()) out << "\nThe draft had failures:\n" << Failures(w.draft);
  out << "\nBy policy (now -> draft)\n";
  for (const auto& [p, n] : w.by_policy) out << "  " << p << ": " << n.first << " -> " << n.second << "\n";
  out << "\nBy team (now -> draft)\n";
  for (const auto& [t, n] : w.by_team) {
    if (n.first != n.second) out << "  " << t << ": " << n.first << " -> " << n.second << "\n";
  }
  out << "\nAdded\n";
  for (const auto* e : w.added) out << "  + " << Describe(w.draft.org, *e) << "\n";
  out << "\nRemoved\n";
  for (const auto* e : w.removed) out << "  - " << Describe(w.current.org, *e) << "\n";
  out << "\nChanged\n";
  for (const auto& [a, b] : w.changed) {
    out << "  ~ " << Describe(w.current.org, *a) << "\n    -> " << Describe(w.draft.org, *b) << "\n";
  }
}

void WriteWhatIfJson(std::ostream& out, const WhatIf& w) {
  auto list = [&](const char* name, const std::vector<const PolicyException*>& items, const Organisation& org) {
    out << "\"" << name << "\":[";
    for (size_t i = 0; i < items.size(); ++i) {
      std::ostringstream line;
      WriteJsonl(line, org, {*items[i]});
      std::string s = line.str();
      out << (i ? "," : "") << s.substr(0, s.size() - 1);
    }
    out << "]";
  };
  out << "{";
  list("added", w.added, w.draft.org);
  out << ",";
  list("removed", w.removed, w.current.org);
  out << ",\"changed\":" << w.changed.size() << ",\"by_policy\":{";
  bool first = true;
  for (const auto& [p, n] : w.by_policy) {
    out << (first ? "" : ",") << JsonString(p) << ":[" << n.first << "," << n.second << "]";
    first = false;
  }
  out << "},\"by_team\":{";
  first = true;
  for (const auto& [t, n] : w.by_team) {
    out << (first ? "" : ",") << JsonString(t) << ":[" << n.first << "," << n.second << "]";
    first = false;
  }
  out << "}}\n";
}

}  // namespace oversight
