// `oversight import --from ssd` rejects a broken SSD extract on the file and line the
// value came from (ssd-extract.md, "Errors"): each SSD error, the data-contract rules on
// SSD and supplement sources, and the reference SSD council (tests/data/reference/ssd):
// its expected exceptions, and its bad extracts rejected where expected, store unchanged.
#include <catch2/catch.hpp>

#include <dirent.h>

#include <fstream>
#include <set>
#include <sstream>

#include "checks/exception_format.h"
#include "ssd_council.h"

using namespace oversight;
using namespace oversight::test;

namespace {

Extract With(const std::string& file, const std::string& from, const std::string& to) {
  Extract x = SmallSsdCouncil();
  Replace(&x[file], from, to);
  return x;
}

Extract Appended(const std::string& file, const std::string& line) {
  Extract x = SmallSsdCouncil();
  x[file] += line;
  return x;
}

}  // namespace

TEST_CASE("SSD errors of the joins, each on its file and line", "[ssd]") {
  CHECK(OnlyError(With("workforce.csv", "S1,s1@council.example,,M1,2020-01-01,,\n", "")) ==
        "ssd_professionals.csv:4: prof_professional_id: professional 'S1' has no row in workforce.csv");
  CHECK(OnlyError(Appended("workforce.csv", "Z9,z9@council.example,,H1,2020-01-01,,\n")) ==
        "workforce.csv:6: worker_id: no professional in ssd_professionals.csv has prof_professional_id 'Z9'");
  CHECK(OnlyError(Appended("workforce.csv", "S1,s1b@council.example,,H1,2021-01-01,,\n")) ==
        "workforce.csv:6: worker_id: a second row for worker 'S1'");
  CHECK(OnlyError(With("team_managers.csv", "T1,M1\n", "")) ==
        "ssd_department.csv:3: dept_team_id: department 'T1' has no row in team_managers.csv");
  CHECK(OnlyError(Appended("team_managers.csv", "T1,H1\n")) ==
        "ssd_department.csv:3: dept_team_id: department 'T1' has 2 rows in team_managers.csv; it must have one");
  CHECK(OnlyError(Appended("team_managers.csv", "T9,H1\n")) ==
        "team_managers.csv:4: team_id: no department in ssd_department.csv has dept_team_id 'T9'");
  CHECK(OnlyError(With("ssd_professionals.csv", "Social Worker,T1", "Social Worker,Nowhere")) ==
        "ssd_professionals.csv:4: prof_professional_department: 'Nowhere' is neither a dept_team_id "
        "nor a dept_team_name in ssd_department.csv");
}

TEST_CASE("SSD error: a job title not in the table lists the table's titles", "[ssd]") {
  std::string e = OnlyError(With("ssd_professionals.csv", "Social Worker,T1", "Practice Wizard,T1"));
  CHECK_THAT(e, Catch::StartsWith("ssd_professionals.csv:4: prof_professional_job_title: job title "
                                  "'Practice Wizard' is not in the job-title table (") &&
                    Catch::Contains("ssd_job_titles.csv") &&
                    Catch::Contains("Social Worker, Newly Qualified Social Worker, ASYE Social Worker") &&
                    Catch::EndsWith("Head of Service"));
  // With a role in workforce.csv the title is not looked up.
  TempDir dir;
  ImportReport report;
  Extract x = With("ssd_professionals.csv", "Social Worker,T1", "Practice Wizard,T1");
  Replace(&x["workforce.csv"], "s1@council.example,,", "s1@council.example,social_worker,");
  CHECK(ImportSsd(dir, x, &report).ok());
}

TEST_CASE("SSD errors of involvements are on the involvement's line", "[ssd]") {
  CHECK(OnlyError(With("ssd_involvements.csv", "V1,S1,CW", "V1,NOBODY,CW")) ==
        "ssd_involvements.csv:2: invo_professional_id: no professional in ssd_professionals.csv has "
        "prof_professional_id 'NOBODY'");
  CHECK(OnlyError(With("ssd_involvements.csv", "C1,2023-01-01,NULL", "C1,31/02/2023,NULL")) ==
        "ssd_involvements.csv:2: invo_involvement_start_date: '31/02/2023' is not a real date (YYYY-MM-DD, "
        "YYYY-MM-DD HH:MM:SS[.fff], YYYY-MM-DDTHH:MM:SS or DD/MM/YYYY)");
  CHECK(OnlyError(With("ssd_involvements.csv", "C1,2023-01-01,NULL", "C1,NULL,NULL")) ==
        "ssd_involvements.csv:2: invo_involvement_start_date: required value is empty");
  CHECK(OnlyError(With("ssd_involvements.csv", "V1,S1,CW,C1", "V1,S1,CW,NULL")) ==
        "ssd_involvements.csv:2: invo_person_id: required value is empty");
  // An involvement that would be cut in three is one error, on its own line.
  Extract x = With("ssd_involvements.csv", "C1,2023-01-01,NULL", "C1,2023-01-01,2022-12-31 00:00:00.000");
  x["ssd_cp_plans.csv"] = "cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date\nC1,2022-06-01,2022-09-30\n";
  x["ssd_involvements.csv"] = std::string(kInvolvementsHeader) + "V0,S1,CW,C1,2022-01-01,NULL\n" +
                              x["ssd_involvements.csv"].substr(std::string(kInvolvementsHeader).size());
  CHECK(OnlyError(x) == "ssd_involvements.csv:3: invo_involvement_end_date: invo_involvement_end_date "
                        "2022-12-31 is before invo_involvement_start_date 2023-01-01");
}

TEST_CASE("SSD errors: a plan or episode whose start date is missing or not a date", "[ssd]") {
  Extract x = SmallSsdCouncil();
  x["ssd_cp_plans.csv"] = "cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date\n"
                          "C1,2023-05-01,2023-04-01\n"  // ends before it starts: no error
                          "C1,NULL,\n";
  CHECK(OnlyError(x) == "ssd_cp_plans.csv:3: cppl_cp_plan_start_date: required value is empty");
  x = SmallSsdCouncil();
  x["ssd_cla_episodes.csv"] = "clae_person_id,clae_cla_episode_start_date,clae_cla_episode_ceased_date\n"
                              "C1,2023-13-01,\n";
  CHECK_THAT(OnlyError(x), Catch::StartsWith("ssd_cla_episodes.csv:2: clae_cla_episode_start_date: "
                                             "'2023-13-01' is not a real date"));
}

TEST_CASE("SSD errors: data-contract rules on the SSD tables and the supplement", "[ssd]") {
  CHECK(OnlyError(With("workforce.csv", "m1@council.example", "m1 at council")) ==
        "workforce.csv:3: email: 'm1 at council' is not an email address local@domain "
        "(one @, no spaces or any of <>()[],;:\\\")");
  CHECK(OnlyError(With("workforce.csv", "s1@council.example,,M1", "s1@council.example,,Q9")) ==
        "workforce.csv:4: line_manager_id: no worker with worker_id 'Q9'");
  CHECK(OnlyError(With("workforce.csv", "s1@council.example,,M1,2020-01-01,", "s1@council.example,,M1,2020-01-01,2019-12-31")) ==
        "workforce.csv:4: end_date: end_date 2019-12-31 is before start_date 2020-01-01");
  CHECK(OnlyError(With("workforce.csv", "s1@council.example,,", "s1@council.example,wizard,")) ==
        "workforce.csv:4: role: 'wizard' is not one of social_worker, senior_practitioner, "
        "family_support_worker, iro, team_manager, service_manager, head_of_service");
  CHECK(OnlyError(With("workforce.csv", "H1,h1@council.example,,,", "H1,h1@council.example,,S1,")) ==
        "workforce.csv:2: line_manager_id: line management has a cycle: H1 -> S1 -> M1 -> H1");
  CHECK(OnlyError(With("ssd_professionals.csv", "T1,0.8", "T1,1.5")) ==
        "ssd_professionals.csv:4: prof_full_time_equivalency: '1.5' is not a number with 0 < fte <= 1");
  CHECK(OnlyError(Appended("ssd_professionals.csv", "S1,X5,Worker S1 again,Social Worker,T1,1\n")) ==
        "ssd_professionals.csv:6: prof_professional_id: duplicate worker_id 'S1'");
  CHECK(OnlyError(With("team_managers.csv", "T1,M1", "T1,Q9")) ==
        "team_managers.csv:3: manager_id: no worker with worker_id 'Q9'");
  CHECK(OnlyError(Appended("supervisions.csv", "SV1,S1,Q9,2023-01-01,personal,,\n")) ==
        "supervisions.csv:2: supervisor_id: no worker with worker_id 'Q9'");
  CHECK(OnlyError(With("ssd_department.csv", "dept_team_parent_name\n", "parent_name\n")) ==
        "ssd_department.csv:1: dept_team_parent_name: required column is missing from the header");
  Extract x = SmallSsdCouncil();
  x.erase("ssd_involvements.csv");
  CHECK(OnlyError(x) == "ssd_involvements.csv: required file is missing");
}

// ---- The reference SSD council and its bad extracts ----

namespace {

const std::string kSsdRef = std::string(OVERSIGHT_TEST_DATA) + "/reference/ssd";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Status ImportSsdFolder(const TempDir& dir, const std::string& folder, ImportReport* report) {
  ImportOptions options;
  options.db_path = dir.File("store.db");
  options.extract_dir = folder;
  options.layout = ExtractLayout::kSsd;
  options.ssd_job_titles = RepoPath("config/ssd_job_titles.csv");
  options.ssd_involvement_roles = RepoPath("config/ssd_involvement_roles.csv");
  return ImportExtract(options, report);
}

// The "policy code worker case" of each exception of `jsonl` whose policy is in `policies`.
std::multiset<std::string> Keys(const std::string& jsonl, const std::set<std::string>& policies) {
  std::multiset<std::string> keys;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto field = [&](const std::string& key) {
      size_t at = line.find("\"" + key + "\":");
      if (at == std::string::npos) return std::string("-");
      at += key.size() + 3;
      while (line[at] == ' ') ++at;
      size_t end = line.find_first_of(",}", at);
      return line.substr(at, end - at);
    };
    std::string policy = field("policy");
    if (!policies.count(policy.substr(1, policy.size() - 2))) continue;
    keys.insert(policy + " " + field("code") + " " + field("worker_id") + " " + field("case_id") + " " +
                field("recipient_id") + " " + field("due_date") + " " + field("days_overdue"));
  }
  return keys;
}

}  // namespace

TEST_CASE("reference SSD council gives the expected exceptions of every shipped policy", "[ssd][reference]") {
  TempDir dir;
  ImportReport report;
  Status s = ImportSsdFolder(dir, kSsdRef + "/ssd-a", &report);
  INFO(s.message());
  REQUIRE(s.ok());
  auto run = RunShipped(dir, "2024-03-01");
  REQUIRE(run.ok());
  REQUIRE_FALSE(run->any_failed());
  std::set<std::string> shipped;
  for (const auto& p : run->plugins) shipped.insert(p.name);
  std::ostringstream out;
  WriteJsonl(out, run->org, run->exceptions);
  auto expected = Keys(ReadAll(kSsdRef + "/ssd-a.expected-2024-03-01.jsonl"), shipped);
  REQUIRE(expected.size() > 300);
  CHECK(Keys(out.str(), shipped) == expected);
}

TEST_CASE("bad reference SSD extracts are rejected where expected and change nothing", "[ssd][reference]") {
  const std::string bad = kSsdRef + "/bad";
  const std::string as_of = ReadAll(bad + "/AS_OF").substr(0, 10);
  std::vector<std::string> cases;
  DIR* d = opendir(bad.c_str());
  REQUIRE(d);
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() > 7 && name.compare(name.size() - 7, 7, ".expect") == 0) cases.push_back(name.substr(0, name.size() - 7));
  }
  closedir(d);
  REQUIRE(cases.size() >= 10);
  for (const auto& name : cases) {
    SECTION(name) {
      TempDir dir;
      ImportReport good;
      REQUIRE(ImportSsdFolder(dir, bad + "/BASE", &good).ok());
      const std::string before = ReadAll(dir.File("store.db"));
      std::istringstream expect(ReadAll(bad + "/" + name + ".expect"));
      std::string file;
      int line = 0;
      expect >> file >> line;
      ImportReport report;
      CHECK_FALSE(ImportSsdFolder(dir, bad + "/" + name, &report).ok());
      std::ostringstream printed;
      report.errors.Print(printed);
      CHECK_THAT(printed.str(), Catch::Contains(line ? file + ":" + std::to_string(line) + ":" : file));
      CHECK(ReadAll(dir.File("store.db")) == before);
    }
  }
}
