// The caseload planner on hand-worked teams: a new case, a team with room, a team that
// cannot be balanced (and by how much), a part-time ASYE worker, a worker away, a
// leaver's cases, and an IRO service that needs more FTE.
#include <catch2/catch.hpp>

#include <sstream>

#include "checks/planner.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

struct Fixture {
  TempDir dir;
  Result<Database> db = Status::Error("not opened");
  Result<Organisation> org = Status::Error("not loaded");
  CaseloadSettings settings;
  std::vector<WorkerLoad> loads;
};

// T1: S1 (1.0 FTE, cap 18), S2 (0.5 FTE, in ASYE: cap 0.9 x 18 x 0.5 = 8.1) holding 4 CIN,
// S3 (away today), S4 (left on 2024-02-01, still holding 2 CL). `s1_cp` CP cases for S1.
void Build(Fixture* t, int s1_cp, const std::string& extra_workers = "", const std::string& extra_allocations = "") {
  Extract x = SmallCouncil();
  x["workers.csv"] +=
      "S3,Worker Three,s3@council.example,social_worker,T1,M1,1.0,2020-01-01,,\n"
      "S4,Worker Four,s4@council.example,social_worker,T1,M1,1.0,2020-01-01,2024-02-01,\n" + extra_workers;
  // S2 becomes part-time and newly qualified.
  const std::string before = "S2,Worker Two,s2@council.example,social_worker,T1,M1,1.0,2020-01-01,,\n";
  size_t at = x["workers.csv"].find(before);
  REQUIRE(at != std::string::npos);
  x["workers.csv"].replace(at, before.size(),
                           "S2,Worker Two,s2@council.example,social_worker,T1,M1,0.5,2023-09-01,,2023-09-01\n");
  std::string a = x["allocations.csv"];
  for (int i = 0; i < s1_cp; ++i) a += "P" + std::to_string(i) + ",CP,S1,key_worker,2024-01-01,\n";
  for (int i = 0; i < 4; ++i) a += "N" + std::to_string(i) + ",CIN,S2,key_worker,2024-01-01,\n";
  a += "L1,CL,S4,key_worker,2023-01-01,\nL2,CL,S4,key_worker,2023-01-01,\n" + extra_allocations;
  x["allocations.csv"] = a;
  x["absences.csv"] = "worker_id,start_date,end_date,kind\nS3,2024-02-20,2024-03-10,sickness\n";
  ImportReport report;
  Status imported = ImportExtractText(t->dir, x, &report);
  std::ostringstream errors;
  report.errors.Print(errors);
  INFO(errors.str());
  REQUIRE(imported.ok());
  t->db = Database::Open(t->dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(t->db.ok());
  t->org = Organisation::Load(&*t->db);
  REQUIRE(t->org.ok());
  auto s = LoadCaseloadSettings(RepoPath("config/policy.lua"));
  REQUIRE(s.ok());
  t->settings = *s;
  auto run = RunShipped(t->dir, "2024-03-01");  // asye_support marks who is in ASYE scope
  REQUIRE(run.ok());
  auto loads = WorkerLoads(*t->org, &*t->db, t->settings, *ParseDate("2024-03-01"), run->asye);
  REQUIRE(loads.ok());
  t->loads = *loads;
}

std::string Id(const Fixture& t, WorkerKey w) { return t.org->worker(w).id; }

}  // namespace

TEST_CASE("a new case goes to whoever has most room after it", "[planner]") {
  Fixture t;
  Build(&t, 10);  // S1: 10 CP = 15 of 18
  auto plan = PlanNewCase(*t.org, t.loads, t.settings, {t.org->FindTeam("T1")}, "CP");
  REQUIRE(plan.ok());
  // S2: 4 + 1.5 = 5.5 of 8.1 (the part-time ASYE cap): 2.6 left. S1: 16.5 of 18: 1.5 left.
  REQUIRE(plan->ranked.size() == 2);
  CHECK(Id(t, plan->ranked[0].worker) == "S2");
  CHECK(plan->ranked[0].headroom_after == Approx(2.6));
  CHECK(Id(t, plan->ranked[1].worker) == "S1");
  CHECK(plan->ranked[1].headroom_after == Approx(1.5));
  std::map<std::string, std::string> out;
  for (const auto& c : plan->left_out) out[Id(t, c.worker)] = c.reason;
  CHECK(out.size() == 2);
  CHECK_THAT(out["S3"], Catch::Contains("away"));
  CHECK_THAT(out["S4"], Catch::Contains("has left"));
  CHECK_FALSE(PlanNewCase(*t.org, t.loads, t.settings, {t.org->FindTeam("T1")}, "XX").ok());
}

TEST_CASE("nobody is offered a case that takes them over cap", "[planner]") {
  Fixture t;
  Build(&t, 12);  // S1: 12 CP = 18 of 18: a CP case would take S1 to 19.5
  auto plan = PlanNewCase(*t.org, t.loads, t.settings, {t.org->FindTeam("T1")}, "CP");
  REQUIRE(plan.ok());
  REQUIRE(plan->ranked.size() == 1);
  CHECK(Id(t, plan->ranked[0].worker) == "S2");
}

TEST_CASE("a team with room is balanced in the fewest moves", "[planner]") {
  Fixture t;
  Build(&t, 14);  // S1: 14 CP = 21, 3 over 18; S4 has left holding 2 CL (0.5 each)
  std::vector<WorkerLoad> team;
  for (const auto& l : t.loads) team.push_back(l);
  RebalancePlan p = PlanRebalance(*t.org, team, t.settings);
  // S1 sheds two CP (1.5 + 1.5 = 3) and both of S4's cases move: 4 moves, and no plan
  // does it in fewer. S2 has 8.1 - 4 = 4.1 of room, S3 is away and gets nothing.
  CHECK(p.balanced());
  CHECK(p.lower_bound == 4);
  CHECK(p.moves.size() == 4);
  double to_s2 = 0;
  for (const Move& m : p.moves) {
    CHECK(Id(t, m.to) != "S3");
    if (Id(t, m.to) == "S2") to_s2 += m.weight;
  }
  CHECK(to_s2 <= 4.1 + 1e-9);
}

TEST_CASE("a team that cannot be balanced says how short it is", "[planner]") {
  Fixture t;
  Build(&t, 20);  // S1: 20 CP = 30, 12 over
  RebalancePlan p = PlanRebalance(*t.org, t.loads, t.settings);
  // S1 (12 over) goes first: two CP (3.0) fit in S2's 4.1 of room, then nothing else of
  // S1's does; the leaver's two CL (0.5 each) fit in what is left (1.1 -> 0.1). 9 weighted
  // cases have nowhere to go: half a full-time worker at the standard of 18.
  CHECK_FALSE(p.balanced());
  CHECK(p.shortfall_weighted == Approx(9.0));
  CHECK(p.shortfall_fte == Approx(0.5));
  CHECK(p.lower_bound == 2 + 8);  // both CL, and 8 CP cover 12
}

TEST_CASE("the IRO service's FTE needed against what it has", "[planner]") {
  Fixture t;
  std::string iros = "I1,IRO One,i1@council.example,iro,T1,M1,1.0,2020-01-01,,\n"
                     "I2,IRO Two,i2@council.example,iro,T1,M1,0.5,2020-01-01,,\n";
  std::string a;
  for (int i = 0; i < 80; ++i) a += "R" + std::to_string(i) + ",CIC,I1,iro,2023-01-01,\n";
  for (int i = 80; i < 110; ++i) a += "R" + std::to_string(i) + ",CIC,I2,iro,2023-01-01,\n";
  Build(&t, 0, iros, a);
  auto run = RunShipped(t.dir, "2024-03-01");  // iro_caseload marks each IRO's limit and states the range
  REQUIRE(run.ok());
  auto p = PlanIro(*run, *ParseDate("2024-03-01"));
  REQUIRE(p.ok());
  // 110 children, 1.5 FTE: 110 / 70 = 1.571 FTE needed, 0.071 short; 110 / 50 = 2.2.
  CHECK(p->cases == 110);
  CHECK(p->fte == Approx(1.5));
  CHECK(p->fte_for_max == Approx(110.0 / 70));
  CHECK(p->fte_for_min == Approx(2.2));
  CHECK(p->shortfall_fte == Approx(110.0 / 70 - 1.5));
  REQUIRE(p->over.size() == 1);  // I1: 80 > 70; I2: 30 <= 35
  CHECK(Id(t, p->over[0].worker) == "I1");
  CHECK(p->over[0].limit == Approx(70));
}
