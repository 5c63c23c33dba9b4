// Plugins in fresh processes (posix_spawn of `oversight plugin-process`), as serve runs
// them: the same outcomes as a fork, the same budgets and the same refusal to mix two
// snapshots; a missing executable is a failure of each plugin, not of the host; and the
// process starts with no signal blocked, whichever thread starts it, and none of the
// host's open files.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "checks/check_run.h"
#include "policy/outcome_wire.h"
#include "store/import.h"
#include "store/snapshot_meta.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {
PolicyRunOptions Shipped(const TempDir& dir, const std::string& plugins_dir = "") {
  PolicyRunOptions o;
  o.snapshot_path = dir.File("store.db");
  o.plugins_dir = plugins_dir.empty() ? RepoPath("plugins") : plugins_dir;
  o.settings_path = RepoPath("config/policy.lua");
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  o.as_of = *ParseDate("2024-03-01");
  return o;
}

// Every field of a run, one line per plugin outcome, exception and mark; numbers in full.
std::vector<std::string> Everything(const CheckRun& run) {
  auto num = [](const std::optional<double>& v) {
    if (!v) return std::string("-");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", *v);
    return std::string(buf);
  };
  std::vector<std::string> out;
  for (const auto& p : run.plugins) {
    std::string line = "plugin " + p.name + " " + p.path + " " + std::to_string(static_cast<int>(p.state)) +
                       " [" + p.reason + "] [" + p.title + "]";
    for (const auto& [code, text] : p.rules) line += " rule " + code + "=" + text;
    for (const auto& [from, to] : p.escalation) line += " escalates " + from + ">" + to;
    for (const auto& problem : p.problems) line += " problem " + problem;
    for (const auto& section : p.sections) line += " section " + section;
    for (const auto& m : p.marks) line += " mark " + std::to_string(m.worker) + "=" + m.as;
    line += " exceptions left " + std::to_string(p.exceptions.size());
    out.push_back(line);
  }
  for (const PolicyException& e : run.exceptions) {
    out.push_back("exception " + e.policy + " " + e.code + " " + e.severity + " " + std::to_string(e.worker) +
                  " " + e.case_id.value_or("-") + " " + num(e.due_date) + " " +
                  num(e.days_overdue ? std::optional<double>(static_cast<double>(*e.days_overdue)) : std::nullopt) +
                  " " + num(e.value) + " " + num(e.limit) + " " +
                  (e.recipient ? std::to_string(*e.recipient) : "-") + " [" + e.message + "]");
  }
  for (WorkerKey w : run.asye) out.push_back("asye " + std::to_string(w));
  return out;
}
}  // namespace

TEST_CASE("a spawned plugin process reports exactly what a forked one does", "[plugin_process]") {
  for (const auto& [council, as_of] : kReferenceCouncils) {
    SECTION(council) {
      TempDir dir;
      ImportReport report;
      ImportOptions io;
      io.db_path = dir.File("store.db");
      io.extract_dir = std::string(OVERSIGHT_TEST_DATA) + "/reference/" + council;
      Status imported = ImportExtract(io, &report);
      REQUIRE(imported.ok());
      PolicyRunOptions forked = Shipped(dir);
      forked.as_of = *ParseDate(as_of);
      PolicyRunOptions spawned = forked;
      spawned.plugin_executable = OVERSIGHT_BINARY;
      auto a = RunChecks(forked);
      auto b = RunChecks(spawned);
      REQUIRE(a.ok());
      REQUIRE(b.ok());
      REQUIRE_FALSE(a->any_failed());
      REQUIRE(!a->exceptions.empty());
      CHECK(Everything(*b) == Everything(*a));
      if (std::string(council) == "council-a") CHECK(!b->asye.empty());  // newly qualified workers in scope
    }
  }
}

TEST_CASE("a spawned plugin is held to its time budget and fails alone", "[plugin_process]") {
  TempDir dir;
  ImportReport report;
  Extract x = SmallCouncil();
  x["allocations.csv"] += "C1,CP,S1,key_worker,2024-01-01,\n";
  REQUIRE(ImportExtractText(dir, x, &report).ok());
  REQUIRE(mkdir(dir.File("plugins").c_str(), 0700) == 0);
  dir.Write("plugins/a_loop.lua", "function check() while true do end end\n");
  dir.Write("plugins/b_fine.lua", "function check() ov.report{ code = 'seen', severity = 'warning', worker = 'S1' } end\n");
  PolicyRunOptions o = Shipped(dir, dir.File("plugins"));
  o.plugin_executable = OVERSIGHT_BINARY;
  o.budget.instructions = int64_t{1} << 60;  // only the clock can stop it
  o.budget.seconds = 2;
  auto run = RunChecks(o);
  REQUIRE(run.ok());
  REQUIRE(run->plugins.size() == 2);
  CHECK(run->plugins[0].state == PluginOutcome::State::kFailed);
  CHECK_THAT(run->plugins[0].reason, Catch::Contains("time budget of 2 s exceeded"));
  CHECK(run->plugins[1].state == PluginOutcome::State::kRan);
  REQUIRE(run->exceptions.size() == 1);
  CHECK(run->exceptions[0].code == "seen");
}

TEST_CASE("a spawned plugin that finds another snapshot fails rather than mix them", "[plugin_process]") {
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto org = Organisation::Load(&*db);
  REQUIRE(org.ok());
  PolicyRunOptions o = Shipped(dir);
  o.plugin_executable = OVERSIGHT_BINARY;
  o.snapshot_id = "an-import-that-has-since-been-replaced";
  o.only = {RepoPath("plugins/case_supervision.lua")};
  auto outcomes = RunPlugins(*org, o);
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].state == PluginOutcome::State::kFailed);
  CHECK_THAT(outcomes[0].reason, Catch::Contains("replaced while the checks ran"));
}

TEST_CASE("without the executable each plugin fails, named, and the host carries on", "[plugin_process]") {
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  PolicyRunOptions o = Shipped(dir);
  o.plugin_executable = dir.File("no-such-oversight");
  auto run = RunChecks(o);
  REQUIRE(run.ok());
  REQUIRE(!run->plugins.empty());
  for (const auto& p : run->plugins) {
    CHECK(p.state == PluginOutcome::State::kFailed);
    CHECK_THAT(p.reason, Catch::Contains("cannot start") && Catch::Contains("no-such-oversight"));
  }
}

TEST_CASE("settings are checked the same in a spawned process", "[plugin_process]") {
  PolicyRunOptions o;
  o.plugins_dir = RepoPath("plugins");
  o.settings_path = RepoPath("config/policy.lua");
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  o.validate_settings = true;
  o.force_enable = true;
  const Organisation nobody;
  auto forked = RunPlugins(nobody, o);
  o.plugin_executable = OVERSIGHT_BINARY;
  auto spawned = RunPlugins(nobody, o);
  REQUIRE(spawned.size() == forked.size());
  for (size_t i = 0; i < forked.size(); ++i) {
    CHECK(spawned[i].state == PluginOutcome::State::kRan);
    CHECK(spawned[i].sections == forked[i].sections);
    CHECK(spawned[i].problems == forked[i].problems);
  }
}

namespace {
// A child of this process, once one exists (within `wait`): its pid, else 0.
pid_t FindChild(std::chrono::seconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    if (DIR* d = opendir("/proc")) {
      pid_t found = 0;
      while (dirent* e = readdir(d)) {
        if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
        std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        size_t paren = stat.rfind(')');
        if (paren == std::string::npos) continue;
        std::istringstream rest(stat.substr(paren + 1));
        std::string state;
        long ppid = 0;
        rest >> state >> ppid;
        if (ppid == getpid()) found = static_cast<pid_t>(std::atol(e->d_name));
      }
      closedir(d);
      if (found) return found;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}
}  // namespace

TEST_CASE("a spawned plugin does not inherit the signals its thread blocks", "[plugin_process]") {
  // Poco's threads block SIGTERM, SIGQUIT and SIGPIPE: a plugin process started from a
  // dashboard thread must still end on SIGTERM (systemctl stop), as a fresh process does.
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  REQUIRE(mkdir(dir.File("plugins").c_str(), 0700) == 0);
  dir.Write("plugins/loop.lua", "function check() while true do end end\n");
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto org = Organisation::Load(&*db);
  REQUIRE(org.ok());
  PolicyRunOptions o = Shipped(dir, dir.File("plugins"));
  o.plugin_executable = OVERSIGHT_BINARY;
  o.budget.instructions = int64_t{1} << 60;
  o.budget.seconds = 60;  // far beyond the SIGTERM below
  std::vector<PluginOutcome> outcomes;
  const auto start = std::chrono::steady_clock::now();
  std::thread runner([&] {
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
    outcomes = RunPlugins(*org, o);
  });
  const pid_t child = FindChild(std::chrono::seconds(30));
  CHECK(child > 0);
  if (child > 0) kill(child, SIGTERM);
  runner.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].state == PluginOutcome::State::kFailed);
  CHECK_THAT(outcomes[0].reason, Catch::Contains("stopped by signal " + std::to_string(SIGTERM)));
  CHECK(seconds < 30);
}

TEST_CASE("a spawned plugin refuses a snapshot imported after the host read its own", "[plugin_process]") {
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  // The host reads the organisation and the snapshot's id...
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto org = Organisation::Load(&*db);
  REQUIRE(org.ok());
  auto id = ReadSnapshotMeta(&*db, "snapshot_id");
  REQUIRE(id.ok());
  // ... then an import renames another snapshot into place, with other workers.
  Extract other = SmallCouncil();
  other["workers.csv"] += "S3,Worker Three,s3@council.example,social_worker,T1,M1,1.0,2020-01-01,,\n";
  REQUIRE(ImportExtractText(dir, other, &report).ok());
  PolicyRunOptions o = Shipped(dir);
  o.plugin_executable = OVERSIGHT_BINARY;
  o.snapshot_id = *id;
  auto outcomes = RunPlugins(*org, o);
  REQUIRE(!outcomes.empty());
  for (const auto& p : outcomes) {
    CHECK(p.state == PluginOutcome::State::kFailed);
    CHECK_THAT(p.reason, Catch::Contains("replaced while the checks ran"));
  }
}

TEST_CASE("a spawned plugin holds none of the host's open files", "[plugin_process]") {
  // serve's sockets and stores are open without close-on-exec; the plugin must hold none.
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  REQUIRE(mkdir(dir.File("plugins").c_str(), 0700) == 0);
  dir.Write("plugins/loop.lua", "function check() while true do end end\n");
  dir.Write("host-file", "the server's\n");
  const int host_fd = open(dir.File("host-file").c_str(), O_RDONLY);  // inheritable
  REQUIRE(host_fd >= 3);
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto org = Organisation::Load(&*db);
  REQUIRE(org.ok());
  PolicyRunOptions o = Shipped(dir, dir.File("plugins"));
  o.plugin_executable = OVERSIGHT_BINARY;
  o.budget.instructions = int64_t{1} << 60;
  o.budget.seconds = 60;
  std::vector<PluginOutcome> outcomes;
  std::thread runner([&] { outcomes = RunPlugins(*org, o); });
  const pid_t child = FindChild(std::chrono::seconds(30));
  CHECK(child > 0);
  std::vector<std::string> held;
  bool plugin_running = false;
  if (child > 0) {
    // Once it runs as `oversight plugin-process` (not while posix_spawn sets it up).
    const std::string proc = "/proc/" + std::to_string(child);
    for (int i = 0; i < 3000 && !plugin_running; ++i) {
      std::ifstream in(proc + "/cmdline");
      std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      plugin_running = cmdline.find("plugin-process") != std::string::npos;
      if (!plugin_running) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (DIR* d = opendir((proc + "/fd").c_str())) {
      while (dirent* e = readdir(d)) {
        char target[4096];
        ssize_t n = readlink((proc + "/fd/" + e->d_name).c_str(), target, sizeof target - 1);
        if (n > 0) held.push_back(std::string(e->d_name) + " " + std::string(target, static_cast<size_t>(n)));
      }
      closedir(d);
    }
    kill(child, SIGKILL);
  }
  runner.join();
  close(host_fd);
  CHECK(plugin_running);
  CHECK(!held.empty());
  for (const std::string& fd : held) {
    INFO(fd);
    CHECK(fd.find("host-file") == std::string::npos);
    CHECK(fd.find("socket:") == std::string::npos);
  }
  REQUIRE(outcomes.size() == 1);
  CHECK_THAT(outcomes[0].reason, Catch::Contains("stopped by signal " + std::to_string(SIGKILL)));
}

TEST_CASE("output that is not a plugin process's fails that plugin, not the host", "[plugin_process]") {
  const Organisation nobody;
  PluginOutcome o;
  o.name = "x";
  DecodeOutcome("E\x1f" "c\x1f" "breach\x1f" "not-a-number\x1f\x1f\x1f\x1f\x1f\x1fm\nK\n", nobody, &o);
  CHECK(o.state == PluginOutcome::State::kFailed);
  CHECK_THAT(o.reason, Catch::Contains("cannot read"));
  PluginOutcome cut;
  DecodeOutcome("T\x1fTitle\n", nobody, &cut);  // no closing line
  CHECK(cut.state == PluginOutcome::State::kFailed);
  CHECK_THAT(cut.reason, Catch::Contains("ended without a result"));
}
