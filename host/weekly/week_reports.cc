// Building the week's record, each recipient's report and each digest.
#include "weekly/week_reports.h"

#include <algorithm>
#include <optional>

#include "checks/routing.h"
#include "weekly/email_parts.h"

namespace oversight {

namespace {

std::string IdOrEmpty(const Organisation& org, const std::optional<WorkerKey>& w) {
  return w ? org.worker(*w).id : "";
}

int WeeksBetween(const std::string& first_week, const std::string& week) {
  auto a = ParseDate(first_week), b = ParseDate(week);
  if (!a || !b) return 1;
  return (*b - *a) / 7 + 1;
}

// The positions `index` holds under `key`; none when it has nothing there.
template <typename Key>
const std::vector<size_t>& Items(const std::map<Key, std::vector<size_t>>& index, const Key& key) {
  static const std::vector<size_t> kNone;
  auto it = index.find(key);
  return it == index.end() ? kNone : it->second;
}

// Why exceptions about workers managed by someone else reached this recipient, one note
// per absent or departed manager, in the words of policies.md's routing.
std::vector<std::string> CoverNotes(const WeekContext& c, WorkerKey recipient) {
  const Organisation& org = c.run.org;
  Day d = c.options.run.as_of;
  std::map<WorkerKey, std::set<WorkerKey>> subjects_by_manager;
  for (size_t i : Items(c.index.checked_for, recipient)) {
    const PolicyException& e = c.run.exceptions[i];
    WorkerKey m = org.worker(e.worker).line_manager;
    if (m && m != recipient) subjects_by_manager[m].insert(e.worker);
  }
  std::vector<std::string> notes;
  for (const auto& [m, subjects] : subjects_by_manager) {
    const Worker& mw = org.worker(m);
    const std::string who = mw.name + " (" + mw.id + ")";
    const char* why = org.Employed(m, d) ? "is away" : "has left";
    const CoverRow* cover = ActiveCover(org, m, d);
    if (cover && cover->cover == recipient) {
      notes.push_back("You are covering for " + who + ", who " + why +
                      ": exceptions for the people they manage come to you.");
      continue;
    }
    std::string note = who + " " + why;
    if (cover) {
      const Worker& cw = org.worker(cover->cover);
      const std::string cover_who = cw.name + " (" + cw.id + ")";
      if (subjects.count(cover->cover)) {
        note += ". " + cover_who + " covers for them, but nobody receives exceptions about themselves: " +
                cover_who + "'s come to you.";
      } else {
        note += " and " + cover_who + ", who covers for them, " +
                (org.Employed(cover->cover, d) ? "is away too" : "has left") +
                ": exceptions for the people they manage come to you.";
      }
    } else {
      note += " and nobody covers for them: exceptions for the people they manage come to you.";
    }
    notes.push_back(note);
  }
  return notes;
}


// The team the exceptions are about: one team by id and name, else how many (no id).
std::pair<std::string, std::string> SubjectTeam(const WeekContext& c, const std::string& recipient_id) {
  const Organisation& org = c.run.org;
  std::set<int64_t> teams;
  for (size_t i : Items(c.index.current_for, recipient_id)) {
    if (WorkerKey w = org.FindWorker(c.current[i].worker_id)) teams.insert(org.worker(w).team);
  }
  if (teams.empty() && org.FindWorker(recipient_id)) teams.insert(org.worker(org.FindWorker(recipient_id)).team);
  if (teams.size() == 1) {
    const Team& t = org.team(*teams.begin());
    return {t.id, t.name + " (" + t.id + ")"};
  }
  return {"", std::to_string(teams.size()) + " teams"};
}

void Name(const Organisation& org, const std::string& worker_id, StaffNames* staff) {
  if (WorkerKey w = org.FindWorker(worker_id)) staff->names[worker_id] = org.worker(w).name;
}

// Breaches first; then this week's new items; then the most overdue.
bool ShownBefore(const ExceptionLine& a, const ExceptionLine& b) {
  if (a.e.severity != b.e.severity) return a.e.severity == "breach";
  if ((a.weeks_open <= 1) != (b.weeks_open <= 1)) return a.weeks_open <= 1;
  return a.e.days_overdue.value_or(-1) > b.e.days_overdue.value_or(-1);
}

// The workers with the most breaches first, then the most overdue, then the most due soon.
bool WorkerFirst(const WorkerItems& a, const WorkerItems& b) {
  if (a.breaches != b.breaches) return a.breaches > b.breaches;
  if (a.most_days_overdue != b.most_days_overdue) return a.most_days_overdue > b.most_days_overdue;
  if (a.warnings != b.warnings) return a.warnings > b.warnings;
  return a.worker_id < b.worker_id;
}

// The rules of the items in the email, policy by policy in the order they first appear,
// each policy's breaches' rules before its warnings' (the main rule before the due-soon note).
std::vector<RuleText> RulesOf(const WeekContext& c, const std::vector<WorkerItems>& workers) {
  std::vector<std::string> policies;
  std::map<std::string, std::set<std::string>> codes;
  for (const WorkerItems& w : workers) {
    for (const ExceptionLine& l : w.lines) {
      if (!codes.count(l.e.policy)) policies.push_back(l.e.policy);
      codes[l.e.policy].insert(l.e.code);
    }
  }
  std::vector<RuleText> out;
  for (const std::string& policy : policies) {
    auto p = c.plugins.find(policy);
    if (p == c.plugins.end()) continue;
    const PluginOutcome& plugin = *p->second;
    const std::string title = plugin.title.empty() ? policy : plugin.title;
    for (const char* severity : kSeverities) {
      for (const std::string& code : codes[policy]) {
        auto d = plugin.codes.find(code);
        auto rule = plugin.rules.find(code);
        if (d == plugin.codes.end() || d->second.severity != severity || rule == plugin.rules.end()) continue;
        out.push_back({title, rule->second});
      }
    }
  }
  return out;
}

// Workers in the tree under `top`, top included.
std::set<WorkerKey> Subtree(const Organisation& org, WorkerKey top) {
  std::set<WorkerKey> out;
  for (const Worker& w : org.workers()) {
    for (WorkerKey m = w.key; m; m = org.worker(m).line_manager) {
      if (m == top) {
        out.insert(w.key);
        break;
      }
    }
  }
  return out;
}

// Worst first: the most overdue, then the most added since last week, then the most due
// soon, then the lowest share of cases supervised in time.
bool TeamWorse(const DigestTeamRow& a, const DigestTeamRow& b) {
  if (a.breaches != b.breaches) return a.breaches > b.breaches;
  const int ga = a.breaches - a.breaches_last_week.value_or(a.breaches);
  const int gb = b.breaches - b.breaches_last_week.value_or(b.breaches);
  if (ga != gb) return ga > gb;
  if (a.warnings != b.warnings) return a.warnings > b.warnings;
  return a.case_supervision_pct.value_or(101) < b.case_supervision_pct.value_or(101);
}

}  // namespace

// The week-to-week identity of an exception (see RecordedException::Key).
std::string ItemKey(const WeekContext& c, const RecordedException& e) {
  auto p = c.plugins.find(e.policy);
  if (p != c.plugins.end()) {
    auto to = p->second->escalation.find(e.code);
    if (to != p->second->escalation.end()) return e.Key(to->second);
  }
  return e.Key(e.code);
}

namespace {

// Builds c->index (all but current_keys, which BuildRecord fills as it makes each item)
// from c->current, c->previous and the run's exceptions.
void IndexRecord(WeekContext* c) {
  const Organisation& org = c->run.org;
  RecordIndex& x = c->index;
  auto team_of = [&](const RecordedException& e) -> std::optional<int64_t> {
    if (e.unchecked) return std::nullopt;
    WorkerKey w = org.FindWorker(e.worker_id);
    return w ? std::optional<int64_t>(org.worker(w).team) : std::nullopt;
  };
  for (size_t i = 0; i < c->current.size(); ++i) {
    const RecordedException& e = c->current[i];
    x.current_for[e.recipient_id].push_back(i);
    x.current_of[e.worker_id].push_back(i);
    if (auto team = team_of(e)) ++(e.severity == "breach" ? x.breaches : x.warnings)[*team];
  }
  for (size_t i = 0; i < c->previous.size(); ++i) {
    const RecordedException& p = c->previous[i];
    x.previous_for[p.recipient_id].push_back(i);
    if (auto team = team_of(p); team && p.severity == "breach") ++x.breaches_last_week[*team];
  }
  for (size_t i = 0; i < c->run.exceptions.size(); ++i) {
    if (const auto& to = c->run.exceptions[i].recipient) x.checked_for[*to].push_back(i);
  }
}

}  // namespace

void BuildRecord(WeekContext* c) {
  std::map<std::string, std::string> first_seen;
  for (const auto& p : c->previous) first_seen[ItemKey(*c, p)] = p.first_seen_week;
  const Organisation& org = c->run.org;
  for (const PolicyException& e : c->run.exceptions) {
    RecordedException r;
    r.policy = e.policy;
    r.code = e.code;
    r.severity = e.severity;
    r.worker_id = org.worker(e.worker).id;
    r.case_id = e.case_id.value_or("");
    r.recipient_id = IdOrEmpty(org, e.recipient);
    r.due_date = e.due_date ? FormatDate(*e.due_date) : "";
    r.days_overdue = e.days_overdue;
    r.value = e.value;
    r.limit = e.limit;
    r.message = e.message;
    std::string key = ItemKey(*c, r);
    auto seen = first_seen.find(key);
    r.first_seen_week = seen == first_seen.end() ? c->week : seen->second;
    c->index.current_keys.insert(std::move(key));
    c->current.push_back(std::move(r));
  }
  for (const auto& p : c->previous) {
    if (!c->failed.count(p.policy)) continue;
    RecordedException carried = p;
    carried.unchecked = true;
    // Routed again, on this week's organisation: last week's recipient may have gone.
    const WorkerKey subject = org.FindWorker(p.worker_id);
    if (!subject) continue;  // the worker is no longer in the extract
    carried.recipient_id = IdOrEmpty(org, RouteToCover(org, subject, c->options.run.as_of));
    c->index.current_keys.insert(ItemKey(*c, carried));
    c->current.push_back(std::move(carried));
  }
  IndexRecord(c);
}

ManagerReport BuildManagerReport(const WeekContext& c, const std::string& recipient_id) {
  const Organisation& org = c.run.org;
  ManagerReport r;
  r.recipient_id = recipient_id;
  r.week_label = c.week_label;
  r.as_of = c.as_of;
  r.imported_at = c.imported_at;
  r.policy_version = c.policy_version;
  r.policy = c.policy;
  r.links = c.links;
  r.rows_before_summary = c.rows_before_summary;
  if (recipient_id.empty()) {
    r.address = c.options.config.GetOr("mail.fallback", "");
    r.notes.push_back("These exceptions have nobody to go to: the workers have no line manager able to "
                      "receive them (check the line-management tree in the extract).");
  } else {
    const Worker& w = org.worker(org.FindWorker(recipient_id));
    r.address = w.email;
    r.name = w.name;
    std::tie(r.team_id, r.team_label) = SubjectTeam(c, recipient_id);
    r.notes = CoverNotes(c, w.key);
  }
  std::map<std::string, WorkerItems> by_worker;
  for (size_t i : Items(c.index.current_for, recipient_id)) {
    const RecordedException& e = c.current[i];
    WorkerItems& w = by_worker[e.worker_id];
    w.worker_id = e.worker_id;
    ExceptionLine line{e, WeeksBetween(e.first_seen_week, c.week)};
    (e.severity == "breach" ? r.breaches : r.warnings)++;
    (e.severity == "breach" ? w.breaches : w.warnings)++;
    if (e.severity == "breach") w.most_days_overdue = std::max(w.most_days_overdue, e.days_overdue.value_or(0));
    (line.weeks_open <= 1 ? r.new_items : r.still_open)++;
    w.lines.push_back(std::move(line));
  }
  for (auto& [id, w] : by_worker) {
    std::stable_sort(w.lines.begin(), w.lines.end(), ShownBefore);
    Name(org, id, &r.staff);
    r.workers.push_back(std::move(w));
  }
  std::sort(r.workers.begin(), r.workers.end(), WorkerFirst);
  r.rules = RulesOf(c, r.workers);
  for (size_t i : Items(c.index.previous_for, recipient_id)) {
    const RecordedException& p = c.previous[i];
    if (!c.failed.count(p.policy) && !c.index.current_keys.count(ItemKey(c, p))) {
      r.resolved.push_back(p);
      Name(org, p.worker_id, &r.staff);
    }
  }
  for (const auto& [name, plugin] : c.plugins) {
    const std::string title = plugin->title.empty() ? name : plugin->title;
    for (const auto& [code, d] : plugin->codes) r.labels[name + "\x1f" + code] = title + ": " + d.label;
  }
  for (const auto& f : c.failed) r.failed_policies.push_back(f);
  return r;
}

DigestReport BuildDigest(const WeekContext& c, const Worker& head, const Measures& measures,
                         const CaseloadSettings& settings, const IroCaseloads& iro_cases) {
  const Organisation& org = c.run.org;
  DigestReport r;
  r.address = head.email;
  r.name = head.name;
  r.week_label = c.week_label;
  r.as_of = c.as_of;
  r.imported_at = c.imported_at;
  r.policy_version = c.policy_version;
  r.policy = c.policy;
  r.links = c.links;
  if (auto f = c.run.figures.find(kIroMinPerFte); f != c.run.figures.end()) r.iro_min = f->second;
  r.failed_policies.assign(c.failed.begin(), c.failed.end());
  if (auto f = c.run.figures.find(kIroMaxPerFte); f != c.run.figures.end()) r.iro_max = f->second;
  const std::set<WorkerKey> tree = Subtree(org, head.key);
  std::map<std::string, const TeamMeasures*> team_measures;
  for (const auto& t : measures.teams) team_measures[t.team_id] = &t;
  std::set<int64_t> teams;
  for (const Team& t : org.teams()) {
    if (!tree.count(t.manager)) continue;
    teams.insert(t.key);
    DigestTeamRow row;
    row.team_id = t.id;
    row.name = t.name;
    // A figure whose policy could not run this week is not shown (it would look perfect).
    if (auto m = team_measures.find(t.id); m != team_measures.end()) {
      if (!c.run.FigureUnknown(kCaseNotInTime)) row.case_supervision_pct = m->second->case_supervision_pct();
      if (!c.run.FigureUnknown(kWorkerNotInTime)) row.wellbeing_pct = m->second->wellbeing_pct();
    }
    auto count = [&](const std::map<int64_t, int>& by_team) {
      auto n = by_team.find(t.key);
      return n == by_team.end() ? 0 : n->second;
    };
    row.breaches = count(c.index.breaches);
    row.warnings = count(c.index.warnings);
    if (c.has_previous) row.breaches_last_week = count(c.index.breaches_last_week);
    ++r.team_count;
    if (!row.empty()) r.teams.push_back(row);
  }
  std::stable_sort(r.teams.begin(), r.teams.end(), TeamWorse);
  double iro_fte = 0;
  int cases = 0;
  for (WorkerKey w : tree) {
    const Worker& x = org.worker(w);
    if (x.role == "iro" && org.Employed(w, c.options.run.as_of)) {
      ++r.iros;
      iro_fte += x.fte;
      auto n = iro_cases.find(w);
      int count = n == iro_cases.end() ? 0 : static_cast<int>(n->second.size());
      cases += count;
      r.iro_highest = std::max(r.iro_highest, count);
    }
    if (org.Employed(w, c.options.run.as_of) && c.run.asye.count(w)) {
      // Open items of the plugin that put the worker in ASYE scope.
      const std::string& marked_by = c.run.asye_marked_by.at(w);
      int open = 0;
      for (size_t i : Items(c.index.current_of, x.id)) open += c.current[i].policy == marked_by;
      if (open == 0) continue;  // no zero rows
      r.asye_workers.push_back({x.id, open});
      Name(org, x.id, &r.staff);
    }
  }
  if (iro_fte > 0) r.iro_average_per_fte = cases / iro_fte;
  std::vector<size_t> in_tree;
  for (WorkerKey w : tree) {
    const auto& items = Items(c.index.current_of, org.worker(w).id);
    in_tree.insert(in_tree.end(), items.begin(), items.end());
  }
  // The ten open longest (then most overdue; ties in the record's order), chosen among
  // the indexes: a head of service's tree can hold most of the week's items.
  std::vector<std::pair<int, size_t>> open_for;  // weeks open, index
  open_for.reserve(in_tree.size());
  for (size_t i : in_tree) open_for.emplace_back(WeeksBetween(c.current[i].first_seen_week, c.week), i);
  auto longer = [&](const std::pair<int, size_t>& a, const std::pair<int, size_t>& b) {
    if (a.first != b.first) return a.first > b.first;
    const int64_t da = c.current[a.second].days_overdue.value_or(-1), db = c.current[b.second].days_overdue.value_or(-1);
    if (da != db) return da > db;
    return a.second < b.second;
  };
  const size_t shown = std::min<size_t>(open_for.size(), 10);
  std::partial_sort(open_for.begin(), open_for.begin() + static_cast<long>(shown), open_for.end(), longer);
  for (size_t k = 0; k < shown; ++k) r.longest.push_back({c.current[open_for[k].second], open_for[k].first});
  for (const auto& l : r.longest) Name(org, l.e.worker_id, &r.staff);
  return r;
}

}  // namespace oversight
