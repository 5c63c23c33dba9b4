// What a hostile plugin could do to its process or its host beyond the sandbox's
// instruction and memory budgets (issue 12, items 1-6): finalizers that reach freed
// cursors, reports that escape the memory budget, C code and finalizers the hook cannot
// reach, processes that outlive their host, numbers and text the wire could not carry.
// Each is stopped or carried exactly, and the good plugin beside it is unaffected.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

#include "checks/measures.h"
#include "common/utf8.h"
#include "policy/outcome_wire.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

const std::vector<std::string>& GoodAlone() {
  static const std::vector<std::string> good = RunBeside("enabled = false").good;
  return good;
}

}  // namespace

TEST_CASE("a finalizer that steps a collected cursor reads no freed memory", "[hardening][sandbox]") {
  // The table's finalizer is registered before the cursor's; once both are garbage, the
  // cursor is collected (its statement finalized) and then the table's finalizer steps
  // it. SQLite is not built with ASan, so a read of the freed statement would not abort:
  // it would hand back rows. A collected cursor must have none.
  for (const char* cursor : {"ov.allocations{}", "ov.allocations{ latest_supervision = { kinds = {'case'} } }"}) {
    BesideOutcome o = RunBeside(std::string("local it\n"
                                            "setmetatable({}, { __gc = function()\n"
                                            "  local n = 0\n"
                                            "  for _ in it do n = n + 1 end\n"
                                            "  ov.report{ code = 'rows', severity = 'warning', worker = 'S1', value = n }\n"
                                            "end })\n"
                                            "it = ") + cursor + "\n"
                                "function check()\n"
                                "  local junk = {}\n"  // garbage enough that collections run during check
                                "  for i = 1, 200000 do junk[i % 50 + 1] = { i, tostring(i) } end\n"
                                "end\n");
    INFO(cursor << ": " << o.reason);
    CHECK(o.hostile_state == "ran");
    REQUIRE(o.hostile.size() == 1);  // the finalizer ran during check
    CHECK(o.hostile[0].value == 0.0);
    CHECK(o.good == GoodAlone());
  }
}

TEST_CASE("what a plugin reports counts against its memory budget, field by field", "[hardening][sandbox]") {
  // Many valid reports: the memory budget (64 MB here) stops them long before the
  // instruction budget would.
  BesideOutcome many = RunBeside("function check()\n"
                                 "  local m = ('m'):rep(900)\n"
                                 "  for i = 1, 1e7 do ov.report{ code = 'x', severity = 'warning', worker = 'S1', message = m } end\n"
                                 "end\n");
  CHECK(many.hostile_state == "failed");
  CHECK_THAT(many.reason, Catch::Contains("memory budget exceeded"));
  CHECK_THAT(many.reason, Catch::Contains("hostile.lua:3"));
  CHECK(many.hostile.empty());
  CHECK(many.good == GoodAlone());
  // One long field is refused outright.
  for (const char* field : {"message", "code", "case_id"}) {
    BesideOutcome big = RunBeside(std::string("function check()\n"
                                              "  ov.report{ code = 'x', severity = 'warning', worker = 'S1', ") +
                                  field + " = ('y'):rep(8 * 1024 * 1024) }\nend\n");
    INFO(field);
    CHECK(big.hostile_state == "failed");
    CHECK_THAT(big.reason, Catch::Contains(std::string("ov.report: ") + field + " is longer than"));
    CHECK(big.good == GoodAlone());
  }
}

TEST_CASE("code the instruction hook cannot reach is stopped by the CPU budget", "[hardening][sandbox]") {
  Budget budget = BesideBudget();
  budget.cpu_seconds = 2;
  budget.seconds = 120;  // the wall clock is not what stops them
  const std::pair<const char*, std::string> cases[] = {
      {"a loop in a finalizer", "setmetatable({}, { __gc = function() while true do end end })\n"
                                "function check() end\n"},
      {"a loop in xpcall's message handler",
       "function check() xpcall(error, function() while true do end end) end\n"},
      {"a pathological pattern",
       "function check()\n"
       "  while true do string.find(('a'):rep(40), ('a?'):rep(40) .. ('a'):rep(40) .. 'b') end\n"
       "end\n"}};
  for (const auto& [what, source] : cases) {
    INFO(what);
    BesideOutcome o = RunBeside(source, budget);
    CHECK(o.hostile_state == "failed");
    CHECK_THAT(o.reason, Catch::Contains("CPU time budget of 2 s exceeded"));
    CHECK_THAT(o.reason, Catch::Contains("hostile.lua"));
    CHECK(o.seconds < 30);
    CHECK(o.good == GoodAlone());
  }
}

namespace {

// The pids of processes whose command line mentions `marker`.
std::vector<pid_t> ProcessesMentioning(const std::string& marker) {
  std::vector<pid_t> pids;
  DIR* proc = opendir("/proc");
  while (dirent* e = proc ? readdir(proc) : nullptr) {
    const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0 || pid == getpid()) continue;
    std::ifstream in(std::string("/proc/") + e->d_name + "/cmdline", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find(marker) != std::string::npos) pids.push_back(pid);
  }
  if (proc) closedir(proc);
  return pids;
}

}  // namespace

TEST_CASE("a plugin process does not outlive its host", "[hardening][sandbox]") {
  TempDir dir;
  Extract x = SmallCouncil();
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
  REQUIRE(mkdir(dir.File("plugins").c_str(), 0700) == 0);
  // C code that runs for a very long time: only the budgets would stop it.
  dir.Write("plugins/stuck.lua",
            "function check()\n"
            "  while true do string.find(('a'):rep(40), ('a?'):rep(40) .. ('a'):rep(40) .. 'b') end\n"
            "end\n");
  const std::string plugins = dir.File("plugins");
  const pid_t host = fork();
  if (host == 0) {
    execl(OVERSIGHT_BINARY, OVERSIGHT_BINARY, "check", "--db", dir.File("store.db").c_str(), "--as-of",
          "2024-03-01", "--plugins", plugins.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(host > 0);
  // Wait until the host has started its plugin process (same command line, another pid).
  std::vector<pid_t> plugin;
  for (int i = 0; i < 100; ++i) {
    plugin.clear();
    for (pid_t p : ProcessesMentioning(plugins)) {
      if (p != host) plugin.push_back(p);
    }
    if (!plugin.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(!plugin.empty());
  kill(host, SIGKILL);
  waitpid(host, nullptr, 0);
  const auto killed = std::chrono::steady_clock::now();
  while (!ProcessesMentioning(plugins).empty() &&
         std::chrono::steady_clock::now() - killed < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const double lived = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  CHECK(ProcessesMentioning(plugins).empty());
  CHECK(lived < 5);
  for (pid_t p : ProcessesMentioning(plugins)) kill(p, SIGKILL);  // never leave one behind
}

TEST_CASE("every finite number a plugin reports arrives exactly; NaN and infinities are refused",
          "[hardening][sandbox]") {
  BesideOutcome o = RunBeside("function check()\n"
                              "  ov.report{ code = 'tiny', severity = 'warning', worker = 'S1', value = 5e-324, limit = 2.5e-310 }\n"
                              "  ov.report{ code = 'big', severity = 'warning', worker = 'S1', value = -1e15, limit = 0.1 + 0.2 }\n"
                              "end\n");
  REQUIRE(o.hostile_state == "ran");
  REQUIRE(o.hostile.size() == 2);
  for (const auto& e : o.hostile) {
    if (e.code == "tiny") {
      CHECK(*e.value == 5e-324);
      CHECK(*e.limit == 2.5e-310);
    } else {
      CHECK(*e.value == -1e15);
      CHECK(*e.limit == 0.1 + 0.2);
    }
  }
  const std::pair<const char*, const char*> refused[] = {{"0/0", "is not a number (NaN)"},
                                                         {"1/0", "must be finite"},
                                                         {"-math.huge", "must be finite"}};
  for (const auto& [expr, why] : refused) {
    BesideOutcome bad = RunBeside(std::string("function check()\n"
                                              "  ov.report{ code = 'x', severity = 'warning', worker = 'S1', value = ") +
                                  expr + " }\nend\n");
    INFO(expr);
    CHECK(bad.hostile_state == "failed");
    CHECK_THAT(bad.reason, Catch::Contains(std::string("ov.report: value ") + why));
    CHECK_THAT(bad.reason, Catch::Contains("hostile.lua:2"));
  }
}

TEST_CASE("an IRO with a subnormal FTE is checked and measured", "[hardening]") {
  TempDir dir;
  Extract x = SmallCouncil();
  const std::string tiny = "0." + std::string(320, '0') + "1";
  x["workers.csv"] += "I1,Iro One,i1@council.example,iro,T1,M1," + tiny + ",2020-01-01,,\n";
  x["allocations.csv"] += "C1,CIC,S1,key_worker,2024-01-01,\nC1,CIC,I1,iro,2024-01-01,\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
  auto run = RunShipped(dir, "2024-03-01");
  REQUIRE(run.ok());
  for (const auto& p : run->plugins) {
    INFO(p.name << ": " << p.reason);
    CHECK(p.state != PluginOutcome::State::kFailed);
  }
  bool over_limit = false;
  for (const auto& e : run->exceptions) over_limit = over_limit || (e.policy == "iro_caseload" && run->org.worker(e.worker).id == "I1");
  CHECK(over_limit);  // one child against a limit of almost nothing
}

TEST_CASE("text a plugin reports is valid UTF-8 or refused; its title and rules are made whole",
          "[hardening][sandbox]") {
  for (const char* field : {"message", "code", "case_id"}) {
    BesideOutcome o = RunBeside(std::string("function check()\n"
                                            "  ov.report{ code = 'x', severity = 'warning', worker = 'S1', ") +
                                field + " = 'caf\\xe9 \\xff\\xfe' }\nend\n");
    INFO(field);
    CHECK(o.hostile_state == "failed");
    CHECK_THAT(o.reason, Catch::Contains(std::string("ov.report: ") + field + " is not valid UTF-8"));
  }
  BesideOutcome fine = RunBeside("function check()\n"
                                 "  ov.report{ code = 'x', severity = 'warning', worker = 'S1', message = 'café \\u{1F600}' }\n"
                                 "end\n");
  REQUIRE(fine.hostile.size() == 1);
  CHECK(fine.hostile[0].message == "caf\xc3\xa9 \xf0\x9f\x98\x80");
  // A title or rule text read from the plugin's environment crosses the wire whole.
  PluginOutcome sent;
  sent.state = PluginOutcome::State::kRan;
  sent.title = "Bad \xff title";
  sent.rules["x"] = "over\xc0\xaflong";
  Organisation org;
  PluginOutcome got;
  DecodeOutcome(EncodeOutcome(sent), org, &got);
  CHECK(got.state == PluginOutcome::State::kRan);
  CHECK(ValidUtf8(got.title));
  CHECK(ValidUtf8(got.rules["x"]));
  CHECK(got.title == "Bad \xef\xbf\xbd title");
}

TEST_CASE("UTF-8 is checked as RFC 3629 defines it", "[hardening]") {
  CHECK(ValidUtf8("plain ascii"));
  CHECK(ValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(ValidUtf8("\xc0\xaf"));          // overlong
  CHECK_FALSE(ValidUtf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(ValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(ValidUtf8("\xe2\x82"));          // cut short
  CHECK(WithValidUtf8("a\xff" "b") == "a\xef\xbf\xbd" "b");
}
