// The command line as people meet it, through the built program: --help and mistakes on
// every command and subcommand of the declaration table, --version, the stale-extract
// notice, tables within 80 columns with workers by name, and user add's worker check.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "checks/worker_label.h"
#include "cli/command_table.h"
#include "common/text_columns.h"
#include "common/utf8.h"
#include "state/state_store.h"
#include "store/organisation.h"
#include "oversight_run.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

using Ran = OversightRun;

// `oversight WORDS...` with `input` on stdin; its exit status, stdout and stderr.
Ran Oversight(const std::vector<std::string>& words, const std::string& input = "") {
  return RunOversight(words, input);
}

std::vector<std::string> Words(const std::string& command) {
  std::vector<std::string> words;
  std::istringstream in(command);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// Every line of `text` within 80 columns, counted in code points; the first that is not.
std::string FirstWideLine(const std::string& text) {
  for (const auto& l : Lines(text)) {
    if (DisplayWidth(l) > 80) return l;
  }
  return "";
}

std::string ImportReference(const TempDir& dir, const std::string& council) {
  const std::string db = dir.File(council + ".db");
  Ran r = Oversight({"import", "--quiet", "--db", db, RepoPath("tests/data/reference/" + council)});
  REQUIRE(r.status == 0);
  return db;
}

}  // namespace

TEST_CASE("--help and -h on every command and subcommand print its usage on stdout", "[cli]") {
  for (const CommandSpec& c : Commands()) {
    for (const char* help : {"--help", "-h"}) {
      auto words = Words(c.name);
      words.push_back(help);
      Ran r = Oversight(words);
      INFO("oversight " << c.name << " " << help << "\n" << r.err);
      CHECK(r.status == 0);
      CHECK(r.out.rfind("usage: oversight " + c.name + " ", 0) == 0);
      CHECK(r.err.empty());
      CHECK(FirstWideLine(r.out).empty());
      for (const OptionSpec& o : c.options) CHECK(r.out.find("--" + o.name) != std::string::npos);
    }
  }
  for (const std::string group : {"plan", "user", "policy"}) {
    Ran r = Oversight({group, "--help"});
    INFO(group);
    CHECK(r.status == 0);
    CHECK(r.out.rfind("usage: oversight " + group + " SUBCOMMAND", 0) == 0);
  }
  Ran all = Oversight({"--help"});
  CHECK(all.status == 0);
  for (const CommandSpec& c : Commands()) CHECK(all.out.find("  " + c.name + " ") != std::string::npos);
  CHECK(FirstWideLine(all.out).empty());
}

TEST_CASE("a misspelt option on every command exits 2 with the usage and the nearest option", "[cli]") {
  for (const CommandSpec& c : Commands()) {
    REQUIRE(!c.options.empty());
    const OptionSpec* longest = &c.options[0];
    for (const OptionSpec& o : c.options) {
      if (o.name.size() > longest->name.size()) longest = &o;
    }
    const std::string misspelt = "--" + longest->name.substr(0, longest->name.size() - 1);
    auto words = Words(c.name);
    words.push_back(misspelt);
    words.push_back("x");
    Ran r = Oversight(words);
    INFO("oversight " << c.name << " " << misspelt << "\n" << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("unknown option " + misspelt + "; did you mean --" + longest->name + "?") != std::string::npos);
    CHECK(r.err.find("usage: oversight " + c.name + " ") != std::string::npos);
  }
}

TEST_CASE("check --policy-setting, one letter short, is refused rather than run with the live policy", "[cli]") {
  TempDir dir;
  const std::string db = ImportReference(dir, "council-edge");
  Ran r = Oversight({"check", "--db", db, "--as-of", "2024-06-12", "--policy-setting", "drafts/policy.lua"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("did you mean --policy-settings?") != std::string::npos);
}

TEST_CASE("a stray argument on every command exits 2 with the usage", "[cli]") {
  for (const CommandSpec& c : Commands()) {
    auto words = Words(c.name);
    words.push_back("one");
    words.push_back("two");
    Ran r = Oversight(words);
    INFO("oversight " << c.name << " one two\n" << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find("unexpected argument '" + std::string(c.positional.empty() ? "one" : "two") + "'") !=
          std::string::npos);
    CHECK(r.err.find("usage: oversight " + c.name + " ") != std::string::npos);
  }
  SECTION("and so do a missing subcommand, an unknown one and a bad choice") {
    CHECK(Oversight({"plan"}).status == 2);
    Ran r = Oversight({"plan", "irr"});
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown subcommand 'irr'") != std::string::npos);
    Ran f = Oversight({"check", "--db", "x.db", "--format", "csv"});
    CHECK(f.status == 2);
    CHECK(f.err.find("--format is table|jsonl, not 'csv'") != std::string::npos);
  }
}

TEST_CASE("--version prints the version", "[cli]") {
  Ran r = Oversight({"--version"});
  CHECK(r.status == 0);
  CHECK(std::regex_match(r.out, std::regex("oversight [0-9]+\\.[0-9]+\\.[0-9]+\n")));
}

TEST_CASE("tables and plans fit 80 columns and name workers with their ids", "[cli]") {
  for (const auto& council : kReferenceCouncils) {
    TempDir dir;
    const std::string db = ImportReference(dir, council.name);
    auto snapshot = Database::Open(db, Database::Mode::kReadOnly);
    REQUIRE(snapshot.ok());
    auto org = Organisation::Load(&*snapshot);
    REQUIRE(org.ok());
    const std::string team = org->teams().back().id;
    // On the reference day, and years later: four-digit lateness must not widen a row.
    for (const std::string& as_of : {std::string(council.as_of), std::string("2031-01-01")}) {
      INFO(council.name << " as of " << as_of);
      Ran table = Oversight({"check", "--db", db, "--as-of", as_of, "--format", "table"});
      REQUIRE(table.status == 0);
      CHECK(FirstWideLine(table.out).empty());
      CHECK(ValidUtf8(table.out));
      Ran jsonl = Oversight({"check", "--db", db, "--as-of", as_of, "--format", "jsonl"});
      const std::regex worker_id("\"worker_id\":\"([^\"]+)\"");
      int named = 0;
      for (std::sregex_iterator m(jsonl.out.begin(), jsonl.out.end(), worker_id), end; m != end; ++m) {
        const Worker& w = org->worker(org->FindWorker((*m)[1]));
        const std::string label = WorkerLabel(w, 25);
        CHECK(label.find("(" + w.id + ")") != std::string::npos);
        CHECK(table.out.find("  " + label) != std::string::npos);
        ++named;
      }
      CHECK(named > 0);
      if (as_of != council.as_of) CHECK(std::regex_search(table.out, std::regex(" [0-9]{4}d\n")));
      for (const std::vector<std::string>& words :
           std::vector<std::vector<std::string>>{{"measures"},
                                                 {"plan", "iro"},
                                                 {"plan", "rebalance", "--team", team},
                                                 {"plan", "new-case", "--team", team, "--case-type", "CP"}}) {
        std::vector<std::string> call = words;
        for (const std::string& w : {std::string("--db"), db, std::string("--as-of"), as_of}) call.push_back(w);
        Ran r = Oversight(call);
        INFO(words[0] << " " << (words.size() > 1 ? words[1] : ""));
        CHECK(r.status == 0);
        CHECK(FirstWideLine(r.out).empty());
      }
    }
  }
}

TEST_CASE("a very long worker name is shortened with an ellipsis on a character boundary", "[cli]") {
  TempDir dir;
  Extract e = SmallCouncil();
  std::string name;
  for (int i = 0; i < 30; ++i) name += "Zoë ";  // 120 code points, 150 bytes
  const std::string s1 = "S1,Worker One,";
  e["workers.csv"].replace(e["workers.csv"].find(s1), s1.size(), "S1," + name + ",");
  e["allocations.csv"] += "C1,CP,S1,key_worker,2020-01-01,\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, e, &report).ok());
  Ran r = Oversight({"check", "--db", dir.File("store.db"), "--as-of", "2031-01-01"});
  REQUIRE(r.status == 0);
  CHECK(FirstWideLine(r.out).empty());
  CHECK(ValidUtf8(r.out));
  // 25 columns: the name cut to 19 characters and "…", then the id whole.
  CHECK(r.out.find("\n  Zoë Zoë Zoë Zoë Zoë\u2026 (S1) C1 ") != std::string::npos);
}

TEST_CASE("without --as-of an old extract is judged as of today, and the command says so", "[cli]") {
  TempDir dir;
  const std::string db = ImportReference(dir, "council-a");
  const std::string notice = "the extract is from 1 Mar 2024; pass --as-of to judge it as of then";
  for (const std::vector<std::string>& words :
       std::vector<std::vector<std::string>>{{"check"}, {"measures"}, {"plan", "iro"}}) {
    std::vector<std::string> call = words;
    call.push_back("--db");
    call.push_back(db);
    Ran today = Oversight(call);
    INFO(words[0]);
    CHECK(today.status == 0);
    CHECK(today.err.find(notice) != std::string::npos);
    call.push_back("--as-of");
    call.push_back("2024-03-01");
    Ran then = Oversight(call);
    CHECK(then.status == 0);
    CHECK(then.err.find("the extract is from") == std::string::npos);
  }
  SECTION("and with --as-of, plan iro counts the children measures counts") {
    Ran plan = Oversight({"plan", "iro", "--db", db, "--as-of", "2024-03-01"});
    Ran measures = Oversight({"measures", "--db", db, "--as-of", "2024-03-01"});
    std::smatch p, m;
    REQUIRE(std::regex_search(plan.out, p, std::regex("IRO service: ([0-9]+) children")));
    REQUIRE(std::regex_search(measures.out, m, std::regex("FTE, ([0-9]+) children")));
    CHECK(p[1] == m[1]);
  }
}

TEST_CASE("user add refuses a worker id that is not in the extract; user list has a header", "[cli]") {
  TempDir dir;
  ImportReport report;
  REQUIRE(ImportExtractText(dir, SmallCouncil(), &report).ok());
  const std::string db = dir.File("store.db");
  Ran unknown = Oversight({"user", "add", "--db", db, "--username", "tm", "--role", "manager", "--worker-id", "M9"},
                          "a long password\n");
  CHECK(unknown.status == 1);
  CHECK(unknown.err.find("no worker 'M9' in the extract") != std::string::npos);
  Ran known = Oversight({"user", "add", "--db", db, "--username", "tm", "--role", "manager", "--worker-id", "M1"},
                        "a long password\n");
  CHECK(known.status == 0);
  Ran list = Oversight({"user", "list", "--db", db});
  CHECK(list.out == "username\trole\tworker id\ntm\tmanager\tM1\n");
}

TEST_CASE("serve started on an old extract runs no weekly job, not even the missed one", "[cli]") {
  TempDir dir;
  const std::string db = ImportReference(dir, "council-a");
  // The weekly moment (Monday 00:00) has always passed by the time serve starts this week.
  pid_t pid = fork();
  if (pid == 0) {
    const int err = creat(dir.File("serve.err").c_str(), 0600);
    dup2(err, 2);
    execl(OVERSIGHT_BINARY, OVERSIGHT_BINARY, "serve", "--db", db.c_str(), "-D", "weekly.weekday=1", "-D",
          "weekly.time=00:00", "-D", "smtp.host=127.0.0.1", "-D", "smtp.port=1", static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(pid > 0);
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (FileText(dir.File("serve.err")).find("waits until a newer extract") == std::string::npos &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // its first turn of the schedule
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  const std::string err = FileText(dir.File("serve.err"));
  INFO(err);
  CHECK(err.find("the extract is from 1 Mar 2024") != std::string::npos);
  auto state = StateStore::Open(db);
  REQUIRE(state.ok());
  auto runs = state->Runs(10);
  REQUIRE(runs.ok());
  CHECK(runs->empty());
}
