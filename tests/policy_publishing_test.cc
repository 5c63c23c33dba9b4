// Publishing policy with a second pair of eyes (issue 13, part 5): version 1 is the
// repository's files, recorded the first time a store needs one; a draft that fails
// `policy check` is refused; only an HR user or an admin who is not its author can put a
// proposal in force, and then `check` runs it; an older version comes back through the
// same proposal and approval; a stale proposal cannot undo a newer version; the diff is
// readable; and the whole flow on the command line.
#include <Poco/Base64Decoder.h>
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <sstream>

#include "policy/publishing/policy_files.h"
#include "policy/publishing/publishing.h"
#include "policy/publishing/version_diff.h"
#include "policy/publishing/version_words.h"
#include "state/audit_trail.h"
#include "test_support.h"
#include "web/users.h"

using namespace oversight;
using namespace oversight::test;

namespace {

struct Ran {
  int status = -1;
  std::string out;  // stdout and stderr together
};

Ran Oversight(const std::string& args, const std::string& input = "") {
  Ran r;
  const std::string command = std::string(OVERSIGHT_BINARY) + " " + args + " 2>&1" +
                              (input.empty() ? std::string(" </dev/null") : " <<'EOF'\n" + input + "\nEOF\n");
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// The decoded text of every base64 part of the message in `path`.
std::string DecodedParts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line, decoded, block;
  bool in_headers = false, in_body = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("Content-Transfer-Encoding: base64", 0) == 0) in_headers = true;
    else if (in_headers && line.empty()) in_headers = false, in_body = true;
    else if (in_body && (line.empty() || line.rfind("--", 0) == 0)) {
      std::istringstream b64(block);
      Poco::Base64Decoder decoder(b64);
      decoded += std::string(std::istreambuf_iterator<char>(decoder), {}) + "\n";
      block.clear();
      in_body = false;
    } else if (in_body) block += line;
  }
  return decoded;
}

std::string ShippedSettings() {
  std::ifstream in(RepoPath("config/policy.lua"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The shipped settings with `from` replaced by `to`, written as dir/NAME.
std::string Draft(const TempDir& dir, const std::string& name, const std::string& from, const std::string& to) {
  std::string text = ShippedSettings();
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  dir.Write(name, text);
  return dir.File(name);
}

// SmallCouncil with C2 (CIN, S2, from 2024-02-10): in time at 42 days on 2024-03-01,
// overdue at 14. Imported into dir/store.db.
void Council(const TempDir& dir) {
  Extract x = SmallCouncil();
  x["allocations.csv"] += "C2,CIN,S2,key_worker,2024-02-10,\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
}

PolicyRunOptions Repository(const TempDir& dir) {
  PolicyRunOptions o;
  o.snapshot_path = dir.File("store.db");
  o.plugins_dir = RepoPath("plugins");
  o.settings_path = RepoPath("config/policy.lua");
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  o.as_of = *ParseDate("2024-03-01");
  return o;
}

// A draft run: the repository's plugins with draft settings.
PolicyRunOptions WithSettings(const PolicyRunOptions& repository, const std::string& settings) {
  PolicyRunOptions o = repository;
  o.settings_path = settings;
  return o;
}

const Publisher kAnne{"anne", "hr"}, kBen{"ben", "hr"}, kAdmin{"ada", "admin"}, kManager{"mo", "manager"};

std::string Common(const TempDir& dir) {
  return "--db " + dir.File("store.db") + " --config " + RepoPath("config/oversight.properties");
}

}  // namespace

TEST_CASE("version 1 is the repository's plugins and settings, recorded the first time", "[publishing]") {
  TempDir dir;
  Council(dir);
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  CHECK(VersionStore(&*state).List()->empty());
  auto v = VersionInForce(*state, Repository(dir));
  REQUIRE(v.ok());
  CHECK(v->number == 1);
  CHECK(v->author == kRepositoryAuthor);
  CHECK(v->state == kInForce);
  CHECK(*VersionStore(&*state).Files(1) == *ReadPolicyFiles(Repository(dir)));
  CHECK(VersionInForce(*state, Repository(dir))->number == 1);  // once only
  CHECK(VersionStore(&*state).List()->size() == 1);
  CHECK_FALSE(*RepositoryDiffers(*state, Repository(dir)));
}

TEST_CASE("only another HR user or an admin can put a proposal in force", "[publishing]") {
  TempDir dir;
  Council(dir);
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  const PolicyRunOptions repo = Repository(dir);
  const std::string draft = Draft(dir, "draft.lua", "CIN = days(42)", "CIN = days(14)");

  CHECK(Propose(*state, repo, WithSettings(repo, draft), kManager, "shorter").kind == PublishOutcome::Kind::kForbidden);
  CHECK(Propose(*state, repo, WithSettings(repo, draft), kAnne, "  ").kind == PublishOutcome::Kind::kInvalid);
  PublishOutcome p = Propose(*state, repo, WithSettings(repo, draft), kAnne, "Children in need seen fortnightly");
  REQUIRE(p.ok());
  CHECK(p.number == 2);
  CHECK(VersionInForce(*state, repo)->number == 1);  // proposed is not in force

  PublishOutcome own = Approve(*state, repo, 2, kAnne);
  CHECK(own.kind == PublishOutcome::Kind::kForbidden);
  CHECK_THAT(own.message, Catch::Contains("never its author"));
  CHECK(Approve(*state, repo, 2, kManager).kind == PublishOutcome::Kind::kForbidden);
  CHECK(VersionInForce(*state, repo)->number == 1);

  REQUIRE(Approve(*state, repo, 2, kBen).ok());
  auto v2 = VersionInForce(*state, repo);
  CHECK(v2->number == 2);
  CHECK(v2->reviewer == "ben");
  CHECK(v2->reason == "Children in need seen fortnightly");
  CHECK(VersionStore(&*state).Get(1)->value().state == kSuperseded);
  CHECK(Approve(*state, repo, 2, kAdmin).kind == PublishOutcome::Kind::kConflict);  // once only
  CHECK(*RepositoryDiffers(*state, repo));

  // Turned down: by its author it is withdrawn, by another rejected; neither is in force.
  PublishOutcome p3 = Propose(*state, repo, repo, kAnne, "back to the repository");
  REQUIRE(p3.ok());
  CHECK(Reject(*state, p3.number, kBen, "").kind == PublishOutcome::Kind::kInvalid);
  REQUIRE(Reject(*state, p3.number, kAnne, "changed my mind").ok());
  CHECK(VersionStore(&*state).Get(p3.number)->value().state == kWithdrawn);
  CHECK(Approve(*state, repo, p3.number, kBen).kind == PublishOutcome::Kind::kConflict);
  CHECK(Approve(*state, repo, 99, kBen).kind == PublishOutcome::Kind::kNotFound);
}

TEST_CASE("a draft that fails policy check is not stored, and says what is wrong", "[publishing]") {
  TempDir dir;
  Council(dir);
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  const PolicyRunOptions repo = Repository(dir);
  const std::string misspelt = Draft(dir, "misspelt.lua", "due_soon_window = days(7),\n}\n\n-- 2.",
                                     "due_son_window = days(7),\n}\n\n-- 2.");
  PublishOutcome o = Propose(*state, repo, WithSettings(repo, misspelt), kAnne, "a typo");
  CHECK(o.kind == PublishOutcome::Kind::kInvalid);
  CHECK_THAT(o.message, Catch::Contains("`policy check` finds"));
  REQUIRE_FALSE(o.problems.empty());
  CHECK_THAT(o.problems[0], Catch::Contains("due_son_window: unknown setting (did you mean due_soon_window?)"));
  CHECK(VersionStore(&*state).List()->size() == 1);  // only version 1
  // The same files as the version in force: nothing to propose.
  CHECK(Propose(*state, repo, repo, kAnne, "no change").kind == PublishOutcome::Kind::kInvalid);
}

TEST_CASE("a proposal made against an older version cannot undo a newer one", "[publishing]") {
  TempDir dir;
  Council(dir);
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  const PolicyRunOptions repo = Repository(dir);
  const std::string a = Draft(dir, "a.lua", "CIN = days(42)", "CIN = days(14)");
  const std::string b = Draft(dir, "b.lua", "CP = days(28)", "CP = days(21)");
  REQUIRE(Propose(*state, repo, WithSettings(repo, a), kAnne, "first").ok());   // 2
  REQUIRE(Propose(*state, repo, WithSettings(repo, b), kAnne, "second").ok());  // 3
  REQUIRE(Approve(*state, repo, 3, kBen).ok());
  PublishOutcome stale = Approve(*state, repo, 2, kBen);
  CHECK(stale.kind == PublishOutcome::Kind::kConflict);
  CHECK_THAT(stale.message, Catch::Contains("would undo version 3"));
  CHECK(VersionInForce(*state, repo)->number == 3);
}

TEST_CASE("proposals, approvals, turn-downs and restores are in the audit trail, refusals are not", "[publishing]") {
  TempDir dir;
  Council(dir);
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  const PolicyRunOptions repo = Repository(dir);
  const std::string draft = Draft(dir, "draft.lua", "CIN = days(42)", "CIN = days(14)");
  REQUIRE(Propose(*state, repo, WithSettings(repo, draft), kAnne, "fortnightly for C2's team").ok());
  CHECK_FALSE(Approve(*state, repo, 2, kAnne).ok());  // refused: nothing recorded
  REQUIRE(Approve(*state, repo, 2, kBen).ok());
  REQUIRE(Restore(*state, repo, 1, kAnne, "back").ok());
  REQUIRE(Reject(*state, 3, kAdmin, "not yet").ok());

  auto trail = ReadAudit(state->db(), 100);
  REQUIRE(trail.ok());
  std::vector<std::string> seen;  // oldest first
  for (auto it = trail->rbegin(); it != trail->rend(); ++it) {
    seen.push_back(it->event.who + " | " + it->event.action + " | " + it->event.detail);
  }
  CHECK(seen == std::vector<std::string>{"anne | policy proposed | version 2", "ben | policy approved | version 2",
                                         "anne | policy restore proposed | version 3, a copy of version 1",
                                         "ada | policy rejected | version 3"});
}

TEST_CASE("the weekly emails name the approved version in force and its approver", "[publishing][weekly]") {
  TempDir dir;
  Council(dir);
  const std::string draft = Draft(dir, "draft.lua", "CIN = days(42)", "CIN = days(14)");
  auto weekly = [&](const std::string& outbox, const std::string& as_of) {  // one week, once
    Ran r = Oversight("weekly " + Common(dir) + " --as-of " + as_of + " --outbox " + dir.File(outbox));
    REQUIRE(r.status == 0);
    std::string all;
    for (const auto& f : std::filesystem::directory_iterator(dir.File(outbox))) all += DecodedParts(f.path());
    REQUIRE_FALSE(all.empty());
    return all;
  };
  CHECK_THAT(weekly("before", "2024-03-11"), !Catch::Contains("approved by"));  // the repository's version: nobody approved it
  {
    auto state = StateStore::Open(dir.File("store.db"));
    REQUIRE(state.ok());
    REQUIRE(Propose(*state, Repository(dir), WithSettings(Repository(dir), draft), kAnne, "fortnightly").ok());
    REQUIRE(Approve(*state, Repository(dir), 2, kBen).ok());
  }
  const std::string after = weekly("after", "2024-03-18");
  CHECK_THAT(after, Catch::Contains("approved by ben"));
  CHECK_THAT(after, Catch::Contains("Policy in force since " + VersionDate(UtcTimestampNow())));
}

TEST_CASE("check runs the version in force; a restore comes back through approval", "[publishing]") {
  TempDir dir;
  Council(dir);
  const std::string draft = Draft(dir, "draft.lua", "CIN = days(42)", "CIN = days(14)");
  auto check = [&] { return Oversight("check " + Common(dir) + " --as-of 2024-03-01"); };
  const std::string overdue = "C2";
  REQUIRE(check().status == 0);
  CHECK_THAT(check().out, !Catch::Contains(overdue));
  {
    auto state = StateStore::Open(dir.File("store.db"));
    REQUIRE(state.ok());
    REQUIRE(Propose(*state, Repository(dir), WithSettings(Repository(dir), draft), kAnne, "fortnightly").ok());
  }
  CHECK_THAT(check().out, !Catch::Contains(overdue));  // proposed, not in force
  // An explicit draft is a draft run, as ever.
  CHECK_THAT(Oversight("check " + Common(dir) + " --as-of 2024-03-01 --policy-settings " + draft).out,
             Catch::Contains(overdue));
  {
    auto state = StateStore::Open(dir.File("store.db"));
    REQUIRE(Approve(*state, Repository(dir), 2, kBen).ok());
  }
  CHECK_THAT(check().out, Catch::Contains(overdue));  // in force: check runs it
  {
    auto state = StateStore::Open(dir.File("store.db"));
    CHECK(Restore(*state, Repository(dir), 2, kAnne, "already in force").kind == PublishOutcome::Kind::kInvalid);
    PublishOutcome r = Restore(*state, Repository(dir), 1, kAnne, "back to six weeks");
    REQUIRE(r.ok());
    CHECK(r.number == 3);
    auto v3 = VersionStore(&*state).Get(3)->value();
    CHECK(v3.restores == 1);
    CHECK(v3.state == kProposed);
    CHECK(*VersionStore(&*state).Files(3) == *VersionStore(&*state).Files(1));
    CHECK_THAT(check().out, Catch::Contains(overdue));  // still version 2 until approved
    CHECK(Approve(*state, Repository(dir), 3, kAnne).kind == PublishOutcome::Kind::kForbidden);
    REQUIRE(Approve(*state, Repository(dir), 3, kAdmin).ok());
  }
  CHECK_THAT(check().out, !Catch::Contains(overdue));
}

TEST_CASE("the diff between versions is a readable unified diff per file", "[publishing]") {
  const std::string before = "a\nb\nc\nd\ne\nf\ng\nh\n", after = "a\nb\nc\nd\nE\nf\ng\nh\n";
  CHECK(UnifiedDiff("config/policy.lua", before, after) ==
        "--- config/policy.lua\n+++ config/policy.lua\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
  CHECK(UnifiedDiff("x", "same\n", "same\n").empty());
  CHECK(UnifiedDiff("plugins/new.lua", "", "one\n") == "--- /dev/null\n+++ plugins/new.lua\n@@ -0,0 +1,1 @@\n+one\n");
  PolicyFiles from{{{"plugin", "a.lua", "x\n"}, {"settings", "policy.lua", "s\n"}}};
  PolicyFiles to{{{"settings", "policy.lua", "t\n"}, {"plugin", "b.lua", "y\n"}}};
  auto diffs = DiffPolicyFiles(from, to);
  REQUIRE(diffs.size() == 3);
  CHECK(diffs[0].label == "config/policy.lua");
  CHECK(diffs[0].change == "changed");
  CHECK(diffs[1].label == "plugins/b.lua");
  CHECK(diffs[1].change == "added");
  CHECK(diffs[2].label == "plugins/a.lua");
  CHECK(diffs[2].change == "removed");
}

TEST_CASE("the command line: propose, approve, versions, diff, restore", "[publishing][cli]") {
  TempDir dir;
  Council(dir);
  for (const auto& [name, role] : {std::pair{"anne", "hr"}, std::pair{"ben", "hr"}, std::pair{"mo", "manager"}}) {
    std::string extra = std::string(role) == "manager" ? " --worker-id M1" : "";
    REQUIRE(Oversight("user add --db " + dir.File("store.db") + " --username " + name + " --role " + role + extra,
                      std::string(name) + "-Pa55word-long")
                .status == 0);
  }
  const std::string draft = Draft(dir, "draft.lua", "CIN = days(42)", "CIN = days(14)");
  const std::string misspelt = Draft(dir, "bad.lua", "CIN = days(42)", "CINN = days(42)");

  Ran bad = Oversight("policy propose " + Common(dir) + " --as anne --reason typo --policy-settings " + misspelt);
  CHECK(bad.status == 1);
  CHECK_THAT(bad.out, Catch::Contains("the draft was not proposed"));
  Ran nobody = Oversight("policy propose " + Common(dir) + " --as zed --reason x --policy-settings " + draft);
  CHECK(nobody.status == 1);
  CHECK_THAT(nobody.out, Catch::Contains("no user 'zed'"));
  Ran both = Oversight("policy propose " + Common(dir) + " --as anne --reason x --from-repository --policy-settings " + draft);
  CHECK(both.status == 2);

  Ran proposed = Oversight("policy propose " + Common(dir) + " --as anne --reason 'Children in need seen fortnightly'"
                           " --policy-settings " + draft);
  REQUIRE(proposed.status == 0);
  CHECK_THAT(proposed.out, Catch::Contains("version 2 is proposed"));
  Ran own = Oversight("policy approve " + Common(dir) + " --as anne 2");
  CHECK(own.status == 1);
  CHECK_THAT(own.out, Catch::Contains("never its author"));
  CHECK(Oversight("policy approve " + Common(dir) + " --as mo 2").status == 1);
  Ran approved = Oversight("policy approve " + Common(dir) + " --as ben 2");
  REQUIRE(approved.status == 0);
  CHECK_THAT(approved.out, Catch::Contains("version 2 is in force"));

  Ran versions = Oversight("policy versions " + Common(dir));
  REQUIRE(versions.status == 0);
  CHECK_THAT(versions.out, Catch::Contains("In force: version 2. Policy in force since "));
  CHECK_THAT(versions.out, Catch::Contains(", approved by ben."));
  CHECK_THAT(versions.out, Catch::Contains("differ from version 2, in force"));
  CHECK_THAT(versions.out, Catch::Contains("--from-repository"));
  CHECK_THAT(versions.out, Catch::Contains("Why: Children in need seen fortnightly"));
  CHECK_THAT(versions.out, Catch::Contains("the repository"));
  std::istringstream lines(versions.out);
  for (std::string line; std::getline(lines, line);) CHECK(line.size() <= 80);

  Ran diff = Oversight("policy diff " + Common(dir) + " 2");
  REQUIRE(diff.status == 0);
  CHECK_THAT(diff.out, Catch::Contains("config/policy.lua (changed)"));
  CHECK_THAT(diff.out, Catch::Contains("-  interval = { CP = days(28), CIN = days(42)"));
  CHECK_THAT(diff.out, Catch::Contains("+  interval = { CP = days(28), CIN = days(14)"));
  CHECK(Oversight("policy diff " + Common(dir) + " 9").status == 1);

  Ran restored = Oversight("policy restore " + Common(dir) + " --as anne --reason 'Back to six weeks' 1");
  REQUIRE(restored.status == 0);
  CHECK_THAT(restored.out, Catch::Contains("version 3, a copy of version 1, is proposed"));
  Ran back = Oversight("policy diff " + Common(dir) + " 3");
  CHECK_THAT(back.out, Catch::Contains("+  interval = { CP = days(28), CIN = days(42)"));
  Ran rejected = Oversight("policy reject " + Common(dir) + " --as ben --reason 'Not yet' 3");
  REQUIRE(rejected.status == 0);
  CHECK_THAT(Oversight("policy versions " + Common(dir)).out, Catch::Contains("Rejected by ben on "));
}
