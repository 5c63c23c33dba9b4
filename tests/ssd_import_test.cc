// `oversight import --from ssd` against ssd-extract.md: the SQL Server date forms, NULL
// and 1900-01-01, departments by id and by name, both mapping tables (case and spaces),
// involvements cut at CP, CLA, care-leaver and disability boundaries, skipped involvements,
// first-wins duplicates, and each SSD error on its file and line.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ssd/case_history.h"
#include "ssd/mapping_table.h"
#include "ssd/sql_server_values.h"
#include "ssd_council.h"

using namespace oversight;
using namespace oversight::test;

TEST_CASE("SSD dates: each SQL Server form, the time of day ignored", "[ssd]") {
  for (const char* form : {"2024-02-29", "2024-02-29 00:00:00", "2024-02-29 13:45:10",
                           "2024-02-29 00:00:00.0", "2024-02-29 00:00:00.000",
                           "2024-02-29 23:59:59.1234567", "2024-02-29T08:30:00", "29/02/2024"}) {
    INFO(form);
    CHECK(ParseSqlServerDate(form) == D("2024-02-29"));
  }
  for (const char* bad : {"2023-02-29", "29/02/2023", "31/04/2024", "2024-02-29 24:00:00",
                          "2024-02-29 00:00:00.12345678", "2024-02-29 00:00:00.",
                          "2024-02-29T00:00:00.000", "2024-02-29 00:00", "2/9/2024", "20240229",
                          "NULL", "", "2024-02-29x"}) {
    INFO(bad);
    CHECK_FALSE(ParseSqlServerDate(bad));
  }
}

TEST_CASE("SSD end dates: empty, NULL and 1900-01-01 in any form are open", "[ssd]") {
  CHECK_FALSE(SqlServerEndDate("1900-01-01"));
  CHECK_FALSE(SqlServerEndDate("1900-01-01 00:00:00.000"));
  CHECK_FALSE(SqlServerEndDate("01/01/1900"));
  CHECK_FALSE(SqlServerEndDate("1900-01-01T00:00:00"));
  CHECK(SqlServerEndDate("1900-01-02") == D("1900-01-02"));
  // Through the import: NULL, empty and 1900-01-01 ends are all open allocations.
  TempDir dir;
  Extract x = SmallSsdCouncil();
  x["ssd_involvements.csv"] = std::string(kInvolvementsHeader) +
                              "V1,S1,CW,C1,01/02/2023,NULL\n"
                              "V2,S1,CW,C2,2023-02-01T00:00:00,\n"
                              "V3,S1,CW,C3,2023-02-01 00:00:00,01/01/1900\n"
                              "V4,S1,CW,C4,2023-02-01,2023-03-31 17:00:00.000\n";
  ImportReport report;
  REQUIRE(ImportSsd(dir, x, &report).ok());
  CHECK(Allocations(dir) == std::vector<std::string>{
                                "C1 CIN S1 key_worker 2023-02-01 -", "C2 CIN S1 key_worker 2023-02-01 -",
                                "C3 CIN S1 key_worker 2023-02-01 -",
                                "C4 CIN S1 key_worker 2023-02-01 2023-03-31"});
}

TEST_CASE("SSD NULL means none, and is no value where one is required", "[ssd]") {
  Extract x = SmallSsdCouncil();
  Replace(&x["ssd_professionals.csv"], "S1,X3,Worker S1", "S1,X3,NULL");
  CHECK(OnlyError(x) == "ssd_professionals.csv:4: prof_professional_name: required value is empty");
  // "null" in lower case is a value like any other.
  TempDir dir;
  ImportReport report;
  x = SmallSsdCouncil();
  Replace(&x["ssd_professionals.csv"], "S1,X3,Worker S1", "S1,X3,null");
  REQUIRE(ImportSsd(dir, x, &report).ok());
  CHECK(Rows(dir, "SELECT name FROM workers WHERE worker_id = 'S1'") == std::vector<std::string>{"null"});
}

TEST_CASE("SSD teams and workers: department by id or by name, service from the parent", "[ssd]") {
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportSsd(dir, SmallSsdCouncil(), &report).ok());
  CHECK(Rows(dir, "SELECT t.team_id || ' ' || t.name || ' / ' || t.service || ' ' || m.worker_id "
                  "FROM teams t JOIN workers m ON m.wid = t.manager ORDER BY t.tid") ==
        std::vector<std::string>{"T0 Directorate / Directorate H1",
                                 "T1 Family Safeguarding 1 / Family Safeguarding M1"});
  CHECK(Rows(dir, "SELECT w.worker_id || ' ' || t.team_id || ' ' || w.role || ' ' || w.fte || ' ' || w.email "
                  "FROM workers w JOIN teams t ON t.tid = w.team ORDER BY w.wid") ==
        std::vector<std::string>{"H1 T0 head_of_service 1.0 h1@council.example",
                                 "M1 T1 team_manager 1.0 m1@council.example",
                                 "S1 T1 social_worker 0.8 s1@council.example",
                                 "I1 T0 iro 0.5 i1@council.example"});
}

TEST_CASE("SSD department by name: the first in file order with that name", "[ssd]") {
  TempDir dir;
  Extract x = SmallSsdCouncil();
  x["ssd_department.csv"] += "T2,Family Safeguarding 1,T0,Family Safeguarding\n";
  x["team_managers.csv"] += "T2,M1\n";
  ImportReport report;
  REQUIRE(ImportSsd(dir, x, &report).ok());
  CHECK(Rows(dir, "SELECT t.team_id FROM workers w JOIN teams t ON t.tid = w.team WHERE w.worker_id = 'M1'") ==
        std::vector<std::string>{"T1"});
}

TEST_CASE("SSD job-title table: trimmed, any case; workforce.role wins", "[ssd]") {
  auto titles = MappingTable::Load(RepoPath("config/ssd_job_titles.csv"), "job_title", "role",
                                   {"social_worker", "senior_practitioner", "family_support_worker", "iro",
                                    "team_manager", "service_manager", "head_of_service"});
  REQUIRE(titles.ok());
  CHECK(titles->Find("  newly QUALIFIED social worker ") == std::string("social_worker"));
  CHECK(titles->Find("Senior Practitioner") == std::string("senior_practitioner"));
  CHECK(titles->Find("family practitioner\t") == std::string("family_support_worker"));
  CHECK(titles->Find("iro") == std::string("iro"));
  CHECK(titles->Find("group manager") == std::string("service_manager"));
  CHECK_FALSE(titles->Find("Social  Worker"));
  CHECK_FALSE(titles->Find("Practice Wizard"));

  TempDir dir;
  Extract x = SmallSsdCouncil();
  Replace(&x["ssd_professionals.csv"], "Social Worker,T1", " social WORKER ,T1");
  Replace(&x["ssd_professionals.csv"], "Team Manager", "Practice Lead");
  Replace(&x["workforce.csv"], "m1@council.example,,", "m1@council.example,team_manager,");
  ImportReport report;
  REQUIRE(ImportSsd(dir, x, &report).ok());
  CHECK(Rows(dir, "SELECT worker_id || ' ' || role FROM workers ORDER BY wid") ==
        std::vector<std::string>{"H1 head_of_service", "M1 team_manager", "S1 social_worker", "I1 iro"});
}

TEST_CASE("SSD involvement-role table: trimmed, any case; a council's own rows", "[ssd]") {
  auto roles = MappingTable::Load(RepoPath("config/ssd_involvement_roles.csv"), "role_id", "role",
                                  {"key_worker", "iro"});
  REQUIRE(roles.ok());
  for (const char* code : {"CW", " cw", "allocated case worker", "ALLOCATED SOCIAL WORKER ", "lcw"}) {
    CHECK(roles->Find(code) == std::string("key_worker"));
  }
  CHECK(roles->Find("Independent Reviewing Officer") == std::string("iro"));
  CHECK(roles->Find(" iro ") == std::string("iro"));
  CHECK_FALSE(roles->Find("DUTY"));

  TempDir dir;
  dir.Write("roles.csv", "Role_ID,Role\nCW,key_worker\nKW, Key_Worker\n");
  auto extended = MappingTable::Load(dir.File("roles.csv"), "role_id", "role", {"key_worker", "iro"});
  REQUIRE(extended.ok());
  CHECK(extended->Find("kw") == std::string("key_worker"));
  CHECK(extended->keys() == std::vector<std::string>{"CW", "KW"});

  dir.Write("bad.csv", "role_id,role\nCW,key_worker\nDUTY,duty_worker\n");
  auto bad = MappingTable::Load(dir.File("bad.csv"), "role_id", "role", {"key_worker", "iro"});
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("bad.csv:3") && Catch::Contains("duty_worker"));
  dir.Write("twice.csv", "role_id,role\nCW,key_worker\n cw ,iro\n");
  auto twice = MappingTable::Load(dir.File("twice.csv"), "role_id", "role", {"key_worker", "iro"});
  REQUIRE_FALSE(twice.ok());
  CHECK_THAT(twice.status().message(), Catch::Contains("twice.csv:3"));
}

namespace {

// Pieces as "type start end" ("-" for open).
std::vector<std::string> Pieces(const CaseHistories& h, const char* start, const char* end) {
  std::vector<std::string> out;
  for (const auto& p : h.CutInvolvement("C1", D(start), end ? std::optional<Day>(D(end)) : std::nullopt)) {
    out.push_back(p.case_type + " " + FormatDate(p.start) + " " + (p.end ? FormatDate(*p.end) : "-"));
  }
  return out;
}

}  // namespace

TEST_CASE("SSD involvements are cut where the case type changes", "[ssd]") {
  CaseHistories h;
  using V = std::vector<std::string>;
  SECTION("no plans or episodes: one CIN piece") {
    CHECK(Pieces(h, "2023-01-01", nullptr) == V{"CIN 2023-01-01 -"});
  }
  SECTION("a CP plan inside the involvement") {
    h.AddCpPlan("C1", {D("2023-03-01"), D("2023-05-31")});
    CHECK(Pieces(h, "2023-01-01", nullptr) ==
          V{"CIN 2023-01-01 2023-02-28", "CP 2023-03-01 2023-05-31", "CIN 2023-06-01 -"});
    CHECK(Pieces(h, "2023-03-01", "2023-04-15") == V{"CP 2023-03-01 2023-04-15"});
    CHECK(Pieces(h, "2023-05-31", "2023-06-01") == V{"CP 2023-05-31 2023-05-31", "CIN 2023-06-01 2023-06-01"});
  }
  SECTION("a CLA episode, then care leaving") {
    h.AddClaEpisode("C1", {D("2023-02-01"), D("2023-06-30")});
    h.AddCareLeaver("C1");
    CHECK(Pieces(h, "2023-01-01", "2023-12-31") ==
          V{"CL 2023-01-01 2023-01-31", "CIC 2023-02-01 2023-06-30", "CL 2023-07-01 2023-12-31"});
  }
  SECTION("a disability, with a CP plan that is still open") {
    h.AddDisability("C1");
    h.AddCpPlan("C1", {D("2023-04-10"), std::nullopt});
    CHECK(Pieces(h, "2023-01-01", nullptr) == V{"CWD 2023-01-01 2023-04-09", "CP 2023-04-10 -"});
  }
  SECTION("CP before CIC, CIC before CL before CWD") {
    h.AddClaEpisode("C1", {D("2023-01-01"), std::nullopt});
    h.AddCpPlan("C1", {D("2023-03-01"), D("2023-03-31")});
    h.AddCareLeaver("C1");
    h.AddDisability("C1");
    CHECK(Pieces(h, "2023-01-01", nullptr) ==
          V{"CIC 2023-01-01 2023-02-28", "CP 2023-03-01 2023-03-31", "CIC 2023-04-01 -"});
    CHECK(h.CaseTypeOn("C1", D("2022-12-31")) == "CL");
  }
  SECTION("back-to-back plans are one piece; a plan ending before it starts never counts") {
    h.AddCpPlan("C1", {D("2023-02-01"), D("2023-03-31")});
    h.AddCpPlan("C1", {D("2023-04-01"), D("2023-05-31")});
    h.AddCpPlan("C1", {D("2023-08-01"), D("2023-07-01")});
    CHECK(Pieces(h, "2023-01-01", nullptr) ==
          V{"CIN 2023-01-01 2023-01-31", "CP 2023-02-01 2023-05-31", "CIN 2023-06-01 -"});
  }
  SECTION("a plan far in the future still cuts an open involvement") {
    h.AddCpPlan("C1", {D("2030-01-01"), std::nullopt});
    CHECK(Pieces(h, "2023-01-01", nullptr) == V{"CIN 2023-01-01 2029-12-31", "CP 2030-01-01 -"});
    CHECK(Pieces(h, "2023-01-01", "2029-12-31") == V{"CIN 2023-01-01 2029-12-31"});
  }
  SECTION("another child's plans do not count") {
    h.AddCpPlan("C2", {D("2023-02-01"), std::nullopt});
    CHECK(Pieces(h, "2023-01-01", nullptr) == V{"CIN 2023-01-01 -"});
  }
}

TEST_CASE("SSD involvements cut at import from the plan, episode, leaver and disability tables", "[ssd]") {
  TempDir dir;
  Extract x = SmallSsdCouncil();
  x["ssd_cp_plans.csv"] = "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date\n"
                          "P1,C1,2023-03-01 00:00:00.000,31/05/2023\n"
                          "P2,C3,2023-05-01,1900-01-01\n";
  x["ssd_cla_episodes.csv"] = "clae_person_id,clae_cla_episode_start_date,clae_cla_episode_ceased_date\n"
                              "C2,2023-02-01T00:00:00,2023-06-30\n";
  x["ssd_care_leavers.csv"] = "clea_person_id\nC2\n";
  x["ssd_disability.csv"] = "disa_person_id,disa_disability_code\nC3,AUT\nC4,NONE\nC4,none\nC4,NULL\nC4,\n";
  x["ssd_involvements.csv"] = std::string(kInvolvementsHeader) +
                              "V1,S1,CW,C1,2023-01-01,NULL\n"
                              "V2,S1,Allocated Social Worker,C2,2023-01-01,2023-12-31\n"
                              "V3,S1,lcw,C3,2023-01-01,\n"
                              "V4,S1,ALLOCATED CASE WORKER,C4,2023-01-01,\n"
                              "V5,I1,Independent Reviewing Officer,C1,2023-01-01,\n";
  ImportReport report;
  REQUIRE(ImportSsd(dir, x, &report).ok());
  CHECK(Allocations(dir) == std::vector<std::string>{
                                "C1 CIN S1 key_worker 2023-01-01 2023-02-28",
                                "C1 CP S1 key_worker 2023-03-01 2023-05-31",
                                "C1 CIN S1 key_worker 2023-06-01 -",
                                "C2 CL S1 key_worker 2023-01-01 2023-01-31",
                                "C2 CIC S1 key_worker 2023-02-01 2023-06-30",
                                "C2 CL S1 key_worker 2023-07-01 2023-12-31",
                                "C3 CWD S1 key_worker 2023-01-01 2023-04-30",
                                "C3 CP S1 key_worker 2023-05-01 -",
                                "C4 CIN S1 key_worker 2023-01-01 -",
                                "C1 CIC I1 iro 2023-01-01 -"});
}

TEST_CASE("SSD involvements of other roles and team-only ones are skipped and counted", "[ssd]") {
  TempDir dir;
  Extract x = SmallSsdCouncil();
  x["ssd_involvements.csv"] = std::string(kInvolvementsHeader) +
                              "V1,S1,CW,C1,2023-01-01,NULL\n"
                              "V2,S1,DUTY,C2,2023-01-01,NULL\n"
                              "V3,S1,DUTY,C3,not a date,NULL\n"
                              "V4,M1,YOT,C4,2023-01-01,NULL\n"
                              "V5,-1,CW,C5,2023-01-01,NULL\n"
                              "V6,NULL,IRO,C6,2023-01-01,NULL\n"
                              "V7,,CW,C7,2023-01-01,NULL\n"
                              "V8,NOBODY,,C8,2023-01-01,NULL\n";
  ImportReport report;
  REQUIRE(ImportSsd(dir, x, &report).ok());
  CHECK(Allocations(dir) == std::vector<std::string>{"C1 CIN S1 key_worker 2023-01-01 -"});
  std::string notices;
  for (const auto& n : report.notices) notices += n + "\n";
  CHECK_THAT(notices, Catch::Contains("ssd_involvements.csv: 4 involvements skipped: their "
                                      "invo_professional_role_id is not in the involvement-role table") &&
                          Catch::Contains("DUTY 2, (empty) 1, YOT 1") &&
                          Catch::Contains("ssd_involvements.csv: 3 key-worker or IRO involvements skipped: "
                                          "invo_professional_id is empty or -1"));
}

TEST_CASE("SSD duplicate allocations: the first in file order is kept, later ones counted", "[ssd]") {
  TempDir dir;
  Extract x = SmallSsdCouncil();
  x["ssd_cp_plans.csv"] = "cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date\nC2,2023-03-01,\n";
  x["ssd_involvements.csv"] = std::string(kInvolvementsHeader) +
                              "V1,S1,CW,C1,2023-01-01,2023-06-30\n"
                              "V2,S1,Allocated Social Worker,C1,2023-01-01 00:00:00,NULL\n"
                              "V3,S1,CW,C2,2023-01-01,NULL\n"
                              "V4,S1,LCW,C2,2023-03-01,2023-04-01\n"
                              "V5,I1,IRO,C1,2023-01-01,\n"
                              "V6,I1,iro,C1,01/01/2023,2023-02-01\n";
  ImportReport report;
  REQUIRE(ImportSsd(dir, x, &report).ok());
  CHECK(report.errors.empty());
  CHECK(Allocations(dir) == std::vector<std::string>{"C1 CIN S1 key_worker 2023-01-01 2023-06-30",
                                                     "C2 CIN S1 key_worker 2023-01-01 2023-02-28",
                                                     "C2 CP S1 key_worker 2023-03-01 -",
                                                     "C1 CIC I1 iro 2023-01-01 -"});
  std::string notices;
  for (const auto& n : report.notices) notices += n + "\n";
  CHECK_THAT(notices, Catch::Contains("ssd_involvements.csv: 3 allocations dropped: the same child, "
                                      "worker, role and start date as an earlier one"));
}
