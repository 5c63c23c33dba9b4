// Hostile and broken plugins, one per attack: each is stopped promptly and named with a
// reason, writes nothing outside, and the well-behaved plugin beside it reports exactly
// what it reports alone (cli.md, "Plugins that fail").
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "checks/caseload.h"
#include "store/snapshot_meta.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

const std::vector<std::string> kGood = {
    "case_supervision overdue S1 C1 M1 2024-01-29 32 - -",
    "case_supervision due_soon S2 C2 M1 2024-03-04 - - -"};

void ExpectStopped(const std::string& source, const std::string& reason_part) {
  BesideOutcome o = RunBeside("function check()\n" + source + "\nend\n");
  CHECK(o.hostile_state == "failed");
  CHECK_THAT(o.reason, Catch::Contains(reason_part));
  CHECK_THAT(o.reason, Catch::Contains("hostile.lua"));
  CHECK(o.hostile.empty());  // what a failed plugin reported is dropped with it
  CHECK(o.good == kGood);
}

}  // namespace

TEST_CASE("the good plugin alone gives the hand-worked exceptions", "[sandbox]") {
  // C1 (CP, 28 days) allocated 2024-01-01, never supervised: due 01-29, 32 days late.
  // C2 (CIN, 42 days) allocated 2024-01-22: due 2024-03-04, within the 7-day window.
  BesideOutcome o = RunBeside("enabled = false");
  CHECK(o.hostile_state == "disabled");
  CHECK(o.good == kGood);
}

TEST_CASE("runaway loops are stopped by the instruction budget", "[sandbox]") {
  ExpectStopped("while true do end", "instruction budget exceeded");
  ExpectStopped("while true do pcall(function() while true do end end) end", "instruction budget");
  ExpectStopped("while true do pcall(error, 'x') end", "instruction budget");
  ExpectStopped("local co = coroutine.wrap(function() while true do end end)\n"
                "while true do pcall(co) end", "instruction budget");
  ExpectStopped("local function f() return pcall(f) end\nwhile true do f() end", "hostile.lua");
}

TEST_CASE("memory is capped", "[sandbox]") {
  ExpectStopped("local t = {}\nwhile true do t[#t + 1] = ('x'):rep(1000) .. #t end", "memory");
  ExpectStopped("local t = {}\nwhile true do t[#t + 1] = {#t} end", "memory");  // small blocks
  ExpectStopped("local s = string.rep('x', 1 << 30)", "memory");
  ExpectStopped("local t = {}\nwhile true do pcall(function() t[#t + 1] = ('y'):rep(4096) .. #t end) end",
                "memory");
}

TEST_CASE("C code that never returns to the VM is stopped by the time budget", "[sandbox]") {
  // Exponential backtracking inside lstrlib: no hook fires while it runs.
  Budget budget = BesideBudget();
  budget.seconds = 3;
  BesideOutcome o = RunBeside("function check()\n"
                              "  string.find(('a'):rep(40), ('a?'):rep(40) .. ('a'):rep(40) .. 'b')\nend\n",
                              budget);
  CHECK(o.hostile_state == "failed");
  CHECK_THAT(o.reason, Catch::Contains("time budget"));
  CHECK(o.good == kGood);
  CHECK(o.seconds < 30);
}

TEST_CASE("nothing outside the allow-list is reachable", "[sandbox]") {
  const std::string marker = "/tmp/oversight-sandbox-escape";
  std::remove(marker.c_str());
  ExpectStopped("os.execute('touch " + marker + "')", "hostile.lua:2");
  ExpectStopped("io.open('" + marker + "', 'w'):write('x')", "hostile.lua:2");
  ExpectStopped("require('os')", "hostile.lua:2");
  ExpectStopped("load('return 1')()", "hostile.lua:2");
  ExpectStopped("dofile('/etc/passwd')", "hostile.lua:2");
  ExpectStopped("loadfile('/etc/passwd')", "hostile.lua:2");
  ExpectStopped("string.dump(check)", "hostile.lua:2");
  ExpectStopped("debug.getregistry()", "hostile.lua:2");
  ExpectStopped("package.loadlib('libc.so.6', 'system')", "hostile.lua:2");
  ExpectStopped("collectgarbage('stop')", "hostile.lua:2");
  ExpectStopped("getmetatable('').__index.rep = nil", "hostile.lua:2");
  struct stat st;
  CHECK(stat(marker.c_str(), &st) != 0);
}

TEST_CASE("precompiled bytecode is refused", "[sandbox]") {
  BesideOutcome o = RunBeside(std::string("\x1bLua\x54\x00\x19\x93\r\n\x1a\n", 12));
  CHECK(o.hostile_state == "failed");
  CHECK_THAT(o.reason, Catch::Contains("binary"));
  CHECK(o.good == kGood);
}

TEST_CASE("broken plugins are named with file and line", "[sandbox]") {
  BesideOutcome syntax = RunBeside("function check()\n  local x = = 1\nend\n");
  CHECK(syntax.hostile_state == "failed");
  CHECK_THAT(syntax.reason, Catch::Contains("hostile.lua:2:"));
  CHECK(syntax.good == kGood);

  ExpectStopped("local t = nil\nreturn t.x", "hostile.lua:3:");
  ExpectStopped("error('policy misconfigured')", "hostile.lua:2: policy misconfigured");
  BesideOutcome no_check = RunBeside("x = 1\n");
  CHECK(no_check.hostile_state == "failed");
  CHECK_THAT(no_check.reason, Catch::Contains("check()"));
}

TEST_CASE("bad reports are refused at the boundary and spoil nothing", "[sandbox]") {
  ExpectStopped("ov.report{ code = 'x', severity = 'breach', worker = 'NOBODY' }", "no worker 'NOBODY'");
  ExpectStopped("ov.report{ code = 'x', severity = 'fatal', worker = 'S1' }", "severity");
  ExpectStopped("ov.report{ severity = 'breach', worker = 'S1' }", "code is required");
  ExpectStopped("ov.report{ code = 'x', severity = 'breach', worker = 'S1', due_date = 1.5 }",
                "due_date must be a whole number");
  // What a plugin reported before it failed is dropped with it.
  ExpectStopped("ov.report{ code = 'x', severity = 'breach', worker = 'S1' }\nerror('late failure')",
                "late failure");
}

TEST_CASE("a plugin cannot change what another plugin sees", "[sandbox]") {
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  REQUIRE(mkdir(dir.File("plugins").c_str(), 0700) == 0);
  // a_meddler runs first and tampers with everything shared it can reach.
  dir.Write("plugins/a_meddler.lua",
            "string.rep = function() return 'tampered' end\n"
            "rawset(string, 'upper', nil)\n"
            "ov.report = function() end\n"
            "settings.case_supervision.interval.CP = 1\n"
            "_G.shared_marker = true\n"
            "function check() end\n");
  // b_witness reports what it sees, as exceptions on S1.
  dir.Write("plugins/b_witness.lua",
            "function check()\n"
            "  local seen = ('ab'):rep(2) .. ' ' .. string.upper('x') .. ' ' .. tostring(shared_marker) ..\n"
            "               ' ' .. settings.case_supervision.interval.CP\n"
            "  ov.report{ code = 'seen', severity = 'warning', worker = 'S1', message = seen }\n"
            "end\n");
  PolicyRunOptions options;
  options.snapshot_path = dir.File("store.db");
  options.plugins_dir = dir.File("plugins");
  options.settings_path = RepoPath("config/policy.lua");
  options.calendar_path = RepoPath("config/bank_holidays.lua");
  options.as_of = *ParseDate("2024-03-01");
  options.parallel = 1;  // one after the other: the meddler has finished first
  auto run = RunChecks(options);
  REQUIRE(run.ok());
  REQUIRE(run->exceptions.size() == 1);
  CHECK(run->exceptions[0].message == "abab X nil 28");
}

TEST_CASE("a plugin that finds another snapshot than the host's fails rather than mix them", "[sandbox]") {
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto org = Organisation::Load(&*db);
  REQUIRE(org.ok());
  PolicyRunOptions options;
  options.snapshot_path = dir.File("store.db");
  options.settings_path = RepoPath("config/policy.lua");
  options.calendar_path = RepoPath("config/bank_holidays.lua");
  options.as_of = *ParseDate("2024-03-01");
  options.snapshot_id = "an-import-that-has-since-been-replaced";
  PluginOutcome o = RunPluginHere(*org, options, RepoPath("plugins/case_supervision.lua"));
  CHECK(o.state == PluginOutcome::State::kFailed);
  CHECK_THAT(o.reason, Catch::Contains("replaced while the checks ran"));
  // The snapshot's own id: the plugin runs.
  auto id = ReadSnapshotMeta(&*db, "snapshot_id");
  REQUIRE(id.ok());
  options.snapshot_id = *id;
  CHECK(RunPluginHere(*org, options, RepoPath("plugins/case_supervision.lua")).state == PluginOutcome::State::kRan);
}

TEST_CASE("the host's queries after a run read the extract the run read, even after a new import", "[sandbox]") {
  TempDir dir;
  ImportReport report;
  Extract first = SmallCouncil();
  first["allocations.csv"] += "C001,CP,S1,key_worker,2024-01-01,\nC002,CIN,S1,key_worker,2024-01-01,\n";
  REQUIRE(ImportExtractText(dir, first, &report).ok());
  auto run = RunShipped(dir, "2024-03-01");
  REQUIRE(run.ok());
  // Meanwhile an extract in which S1 holds nothing is imported (renamed into place).
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  auto settings = LoadCaseloadSettings(RepoPath("config/policy.lua"));
  REQUIRE(settings.ok());
  auto loads = WorkerLoads(run->org, run->snapshot.get(), *settings, *ParseDate("2024-03-01"), run->asye);
  REQUIRE(loads.ok());
  const WorkerKey s1 = run->org.FindWorker("S1");
  size_t held = 0;
  for (const auto& l : *loads) {
    if (l.worker == s1) held = l.cases.size();
  }
  CHECK(held == 2);  // the first extract's, as the checks saw it
  auto now = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(now.ok());
  auto fresh = WorkerLoads(run->org, &*now, *settings, *ParseDate("2024-03-01"), run->asye);
  REQUIRE(fresh.ok());
  for (const auto& l : *fresh) {
    if (l.worker == s1) CHECK(l.cases.empty());  // the file on disk is the new one
  }
}

TEST_CASE("who is in ASYE scope for the caseload figures is what a plugin marks", "[sandbox]") {
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  REQUIRE(mkdir(dir.File("plugins").c_str(), 0700) == 0);
  // Neither S1 nor S2 has an asye_start: only the plugin's word puts S2 in scope.
  dir.Write("plugins/a_scope.lua", "function check() ov.mark{ worker = 'S2', as = 'asye' } end\n");
  dir.Write("plugins/b_typo.lua",
            "function check() ov.mark{ worker = 'S1', as = 'asye' }; ov.mark{ worker = 'S1', as = 'ASYE' } end\n");
  auto run = RunShipped(dir, "2024-03-01", dir.File("plugins"));
  REQUIRE(run.ok());
  REQUIRE(run->plugins.size() == 2);
  CHECK(run->plugins[0].state == PluginOutcome::State::kRan);
  CHECK(run->plugins[1].state == PluginOutcome::State::kFailed);
  CHECK_THAT(run->plugins[1].reason, Catch::Contains("ov.mark: as must be one of \"asye\""));
  // A failed plugin's marks count for nothing, as its exceptions do.
  CHECK(run->asye == std::set<WorkerKey>{run->org.FindWorker("S2")});
  auto settings = LoadCaseloadSettings(RepoPath("config/policy.lua"));
  REQUIRE(settings.ok());
  auto loads = WorkerLoads(run->org, run->snapshot.get(), *settings, *ParseDate("2024-03-01"), run->asye);
  REQUIRE(loads.ok());
  for (const auto& l : *loads) {
    const Worker& w = run->org.worker(l.worker);
    if (w.id != "S1" && w.id != "S2") continue;
    CHECK(l.asye == (w.id == "S2"));
    CHECK(l.cap == Approx(settings->standard_per_fte * w.fte * (w.id == "S2" ? settings->asye_share : 1.0)));
  }
}
