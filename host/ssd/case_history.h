// CaseHistories: what the SSD says about each child that decides a key worker's case type
// (ssd-extract.md, "allocations.csv"): CP plans, CLA episodes, care leaving, disability.
// CutInvolvement splits an involvement's period where that case type changes.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/date.h"

namespace oversight {

struct CasePeriod {  // a CP plan or CLA episode: active from start, to end inclusive, or open
  Day start;
  std::optional<Day> end;
  bool ActiveOn(Day d) const { return start <= d && (!end || d <= *end); }
};

struct InvolvementPiece {
  std::string case_type;  // CP, CIC, CL, CWD or CIN
  Day start;
  std::optional<Day> end;
};

class CaseHistories {
 public:
  void AddCpPlan(const std::string& person, CasePeriod s) { Of(person).cp.push_back(s); }
  void AddClaEpisode(const std::string& person, CasePeriod s) { Of(person).cla.push_back(s); }
  void AddCareLeaver(const std::string& person) { Of(person).care_leaver = true; }
  void AddDisability(const std::string& person) { Of(person).disabled = true; }

  // CP > CIC > CL > CWD > CIN on day d.
  std::string CaseTypeOn(const std::string& person, Day d) const;
  // The period start..end (open when no end; end >= start) cut where the case type
  // changes: the first piece starts on `start`, each piece but the last ends the day
  // before the next begins, the last ends on `end`.
  std::vector<InvolvementPiece> CutInvolvement(const std::string& person, Day start,
                                               std::optional<Day> end) const;

 private:
  struct Child {
    std::vector<CasePeriod> cp, cla;
    bool care_leaver = false, disabled = false;
  };
  Child& Of(const std::string& person) { return children_[person]; }
  static std::string TypeOn(const Child* child, Day d);

  std::unordered_map<std::string, Child> children_;
};

}  // namespace oversight
