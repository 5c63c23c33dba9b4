// Case types from plans and episodes, and the cutting of an involvement at their changes.
#include "ssd/case_history.h"

#include <algorithm>

namespace oversight {

std::string CaseHistories::TypeOn(const Child* child, Day d) {
  if (!child) return "CIN";
  auto active = [d](const std::vector<CasePeriod>& spells) {
    return std::any_of(spells.begin(), spells.end(), [d](const CasePeriod& s) { return s.ActiveOn(d); });
  };
  if (active(child->cp)) return "CP";
  if (active(child->cla)) return "CIC";
  if (child->care_leaver) return "CL";
  if (child->disabled) return "CWD";
  return "CIN";
}

std::string CaseHistories::CaseTypeOn(const std::string& person, Day d) const {
  auto it = children_.find(person);
  return TypeOn(it == children_.end() ? nullptr : &it->second, d);
}

std::vector<InvolvementPiece> CaseHistories::CutInvolvement(const std::string& person, Day start,
                                                            std::optional<Day> end) const {
  auto it = children_.find(person);
  const Child* child = it == children_.end() ? nullptr : &it->second;
  // The case type can change only on a day a spell begins, or the day after one ends.
  std::vector<Day> changes;
  if (child) {
    for (const auto* spells : {&child->cp, &child->cla}) {
      for (const CasePeriod& s : *spells) {
        if (s.end && *s.end < s.start) continue;  // never active
        changes.push_back(s.start);
        if (s.end) changes.push_back(*s.end + 1);
      }
    }
  }
  std::sort(changes.begin(), changes.end());
  changes.erase(std::unique(changes.begin(), changes.end()), changes.end());
  std::vector<InvolvementPiece> pieces{{TypeOn(child, start), start, end}};
  for (Day c : changes) {
    if (c <= start || (end && c > *end)) continue;
    std::string type = TypeOn(child, c);
    if (type == pieces.back().case_type) continue;
    pieces.back().end = c - 1;
    pieces.push_back({type, c, end});
  }
  return pieces;
}

}  // namespace oversight
