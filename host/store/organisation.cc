// Loading the organisation from a snapshot and answering day questions about it.
#include "store/organisation.h"

#include <algorithm>

namespace oversight {

Result<Organisation> Organisation::Load(Database* db) {
  Organisation org;
  Status s;
  auto teams = db->Prepare("SELECT tid, team_id, name, service, manager FROM teams ORDER BY tid");
  if (!teams.ok()) return teams.status();
  while (teams->Step(&s)) {
    org.teams_.push_back({teams->Int(0), teams->Text(1), teams->Text(2), teams->Text(3), teams->Int(4)});
    org.team_by_id_[org.teams_.back().id] = org.teams_.back().key;
  }
  auto workers = db->Prepare(
      "SELECT wid, worker_id, name, email, role, team, line_manager, fte, start_day, end_day, "
      "asye_start FROM workers ORDER BY wid");
  if (!workers.ok()) return workers.status();
  auto opt = [&](int c) -> std::optional<Day> {
    if (workers->IsNull(c)) return std::nullopt;
    return static_cast<Day>(workers->Int(c));
  };
  while (workers->Step(&s)) {
    org.workers_.push_back({workers->Int(0), workers->Text(1), workers->Text(2), workers->Text(3),
                            workers->Text(4), workers->Int(5), workers->Int(6), workers->Real(7),
                            static_cast<Day>(workers->Int(8)), opt(9), opt(10)});
    org.by_id_[org.workers_.back().id] = org.workers_.back().key;
  }
  org.spells_.resize(org.workers_.size());
  auto absences = db->Prepare(
      "SELECT worker, start_day, end_day FROM absences ORDER BY worker, start_day, end_day");
  if (!absences.ok()) return absences.status();
  while (absences->Step(&s)) {
    auto& spells = org.spells_[static_cast<size_t>(absences->Int(0) - 1)];
    Day first = static_cast<Day>(absences->Int(1)), last = static_cast<Day>(absences->Int(2));
    if (!spells.empty() && first <= spells.back().last + 1) {
      spells.back().last = std::max(spells.back().last, last);
    } else {
      spells.push_back({first, last});
    }
  }
  auto cover = db->Prepare("SELECT manager, cover, start_day, end_day FROM cover");
  if (!cover.ok()) return cover.status();
  while (cover->Step(&s)) {
    CoverRow row{cover->Int(0), cover->Int(1), static_cast<Day>(cover->Int(2)),
                 static_cast<Day>(cover->Int(3))};
    org.cover_[row.manager].push_back(row);
  }
  if (!s.ok()) return s.WithContext("reading the organisation");
  return org;
}

WorkerKey Organisation::FindWorker(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? 0 : it->second;
}

int64_t Organisation::FindTeam(const std::string& id) const {
  auto it = team_by_id_.find(id);
  return it == team_by_id_.end() ? 0 : it->second;
}

bool Organisation::Employed(WorkerKey w, Day d) const {
  const Worker& x = worker(w);
  return x.start <= d && (!x.end || d <= *x.end);
}

bool Organisation::Absent(WorkerKey w, Day d) const {
  const auto& spells = Spells(w);
  auto it = std::upper_bound(spells.begin(), spells.end(), d,
                             [](Day day, const Spell& s) { return day < s.first; });
  return it != spells.begin() && d <= std::prev(it)->last;
}

int Organisation::AbsentDays(WorkerKey w, Day a, Day b) const {
  int days = 0;
  for (const Spell& s : Spells(w)) {
    Day lo = std::max(a, s.first), hi = std::min(b, s.last);
    if (lo <= hi) days += hi - lo + 1;
  }
  return days;
}

const std::vector<Spell>& Organisation::Spells(WorkerKey w) const {
  return spells_[static_cast<size_t>(w - 1)];
}

const std::vector<CoverRow>& Organisation::CoverFor(WorkerKey manager) const {
  static const std::vector<CoverRow> kNone;
  auto it = cover_.find(manager);
  return it == cover_.end() ? kNone : it->second;
}

}  // namespace oversight
