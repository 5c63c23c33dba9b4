// Policies are data: the shipped plugins copied with every plugin file and every code
// renamed give the same measures, the same planner answers and the same emails, apart
// from the names. The host knows no plugin by name and no code (policy/declarations.h).
#include <catch2/catch.hpp>

#include <dirent.h>
#include <sys/stat.h>

#include <Poco/Base64Decoder.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "checks/measures.h"
#include "checks/planner.h"
#include "common/config.h"
#include "test_support.h"
#include "weekly/weekly_job.h"

using namespace oversight;
using namespace oversight::test;

namespace {

const char* const kShippedCodes[] = {"overdue", "due_soon", "holder_not_employed", "supervision_overdue",
                                     "caseload_above_cap", "development_time_short", "review_overdue",
                                     "over_limit", "no_iro", "write_up_overdue", "written_up_late"};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// plugins/<name>.lua -> <dir>/renamed_<name>.lua, each code c -> renamed_c.
void CopyRenamed(const TempDir& dir, const std::string& into) {
  REQUIRE(mkdir(dir.File(into).c_str(), 0700) == 0);
  auto plugins = ListPlugins(RepoPath("plugins"));
  REQUIRE(plugins.ok());
  for (const std::string& path : *plugins) {
    std::string source = ReadAll(path);
    for (const char* code : kShippedCodes) {
      source = std::regex_replace(source, std::regex(std::string("\\b") + code + "\\b"), std::string("renamed_") + code);
    }
    // A code's kind is the host's word, not a code ("over_limit" is both).
    source = std::regex_replace(source, std::regex("kind = \"renamed_"), "kind = \"");
    dir.Write(into + "/renamed_" + PluginName(path) + ".lua", source);
  }
}

// The settings, with the switch that turns supervision_recorded off following its new name.
std::string RenamedSettings(const TempDir& dir) {
  dir.Write("policy.lua", ReadAll(RepoPath("config/policy.lua")) +
                              "\nrenamed_supervision_recorded = { enabled = false }\n");
  return dir.File("policy.lua");
}

// The decoded text of every .eml in a folder, sorted, with what differs from one copy
// of the plugins to the other left out: the renaming, the MIME boundary and the policy
// version (a digest of the plugin files).
std::vector<std::string> Emails(const std::string& folder) {
  std::vector<std::string> out;
  DIR* d = opendir(folder.c_str());
  while (dirent* e = d ? readdir(d) : nullptr) {
    std::string name = e->d_name;
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".eml") != 0) continue;
    std::istringstream lines(ReadAll(folder + "/" + name));
    std::string line, text, part;
    auto flush = [&] {
      std::istringstream encoded(part);
      Poco::Base64Decoder decoder(encoded);
      std::stringstream decoded;
      decoded << decoder.rdbuf();
      text += decoded.str();
      part.clear();
    };
    bool in_body = false;
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("--=_oversight_", 0) == 0) {
        flush();
        in_body = false;
      } else if (line.rfind("Date:", 0) == 0 || line.rfind("Message-ID:", 0) == 0 ||
                 line.find("boundary=") != std::string::npos) {
      } else if (in_body) {
        part += line;
      } else {
        text += line + "\n";
        in_body = line.empty() && text.find("Content-Transfer-Encoding: base64") != std::string::npos;
      }
    }
    flush();
    text = std::regex_replace(text, std::regex("renamed_"), "");
    out.push_back(std::regex_replace(text, std::regex("Policy version [0-9a-f]+"), "Policy version"));
  }
  if (d) closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

struct Answers {
  std::string measures, iro_plan;
  std::vector<std::string> emails;
  size_t exceptions = 0;
};

Answers Run(const TempDir& dir, const std::string& plugins, const std::string& settings, const std::string& as_of,
            const std::string& outbox) {
  PolicyRunOptions o;
  o.snapshot_path = dir.File("store.db");
  o.plugins_dir = plugins;
  o.settings_path = settings;
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  o.as_of = *ParseDate(as_of);
  auto run = RunChecks(o);
  REQUIRE(run.ok());
  for (const auto& p : run->plugins) {
    INFO(p.name << ": " << p.reason);
    REQUIRE(p.state != PluginOutcome::State::kFailed);
  }
  auto caseload = LoadCaseloadSettings(settings);
  REQUIRE(caseload.ok());
  auto measures = ComputeMeasures(*run, *caseload, o.as_of);
  REQUIRE(measures.ok());
  Answers a;
  a.exceptions = run->exceptions.size();
  std::ostringstream m, p;
  WriteMeasuresJson(m, *measures);
  a.measures = m.str();
  auto plan = PlanIro(*run, o.as_of);
  REQUIRE(plan.ok());
  WriteIroPlan(p, run->org, *plan, true);
  a.iro_plan = p.str();
  WeeklyOptions w;
  w.run = o;
  auto config = Config::Load("/nonexistent", {{"mail.fallback", "fallback@council.example"},
                                              {"mail.from", "oversight@council.example"}},
                             /*optional=*/true);
  REQUIRE(config.ok());
  w.config = config.value();
  w.outbox_dir = dir.File(outbox);
  auto weekly = RunWeekly(w);
  REQUIRE(weekly.ok());
  a.emails = Emails(dir.File(outbox));
  return a;
}

}  // namespace

TEST_CASE("renaming every plugin and every code changes nothing but the names", "[declarations]") {
  for (const auto& council : kReferenceCouncils) {
    INFO(council.name);
    TempDir dir;
    ImportOptions import;
    import.db_path = dir.File("store.db");
    import.extract_dir = std::string(OVERSIGHT_TEST_DATA) + "/reference/" + council.name;
    ImportReport report;
    REQUIRE(ImportExtract(import, &report).ok());
    CopyRenamed(dir, "renamed");
    const Answers shipped = Run(dir, RepoPath("plugins"), RepoPath("config/policy.lua"), council.as_of, "outbox-a");
    // The state store keeps each week's queue: a second, separate store for the copy, the
    // same snapshot byte for byte (its import time appears in the emails).
    TempDir other;
    other.Write("store.db", ReadAll(dir.File("store.db")));
    CopyRenamed(other, "renamed");
    const Answers renamed = Run(other, other.File("renamed"), RenamedSettings(other), council.as_of, "outbox-b");
    CHECK(shipped.exceptions > 0);
    CHECK(renamed.exceptions == shipped.exceptions);
    CHECK(renamed.measures == shipped.measures);
    CHECK(renamed.iro_plan == shipped.iro_plan);
    REQUIRE(renamed.emails.size() == shipped.emails.size());
    CHECK(!shipped.emails.empty());
    CHECK(renamed.emails == shipped.emails);
    CHECK(shipped.emails[0].find("Children are shown by case id only") != std::string::npos);  // decoded
  }
}
