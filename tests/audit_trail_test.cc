// The audit trail (issue 18): append-only (UPDATE and DELETE refused by the store
// itself), one line per event, and no case id in it whatever the commands did.
#include <catch2/catch.hpp>

#include <cctype>
#include <set>

#include "extract/csv_reader.h"
#include "oversight_run.h"
#include "state/audit_trail.h"
#include "state/state_store.h"

using namespace oversight;
using namespace oversight::test;

namespace {

std::vector<AuditEntry> Trail(const std::string& snapshot) {
  auto state = StateStore::Open(snapshot);
  REQUIRE(state.ok());
  auto events = ReadAudit(state->db(), 100000);
  REQUIRE(events.ok());
  return *events;
}

// Every case id of council-a (allocations and supervisions name them).
std::set<std::string> CaseIds(const std::string& council) {
  std::set<std::string> ids;
  for (const char* file : {"allocations.csv", "supervisions.csv"}) {
    std::istringstream in(FileText(council + "/" + file));
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header;
    std::stringstream h(line);
    for (std::string f; std::getline(h, f, ',');) header.push_back(f);
    size_t column = 0;
    while (column < header.size() && header[column] != "case_id") ++column;
    REQUIRE(column < header.size());
    while (std::getline(in, line)) {
      std::stringstream row(line);
      std::string f;
      for (size_t i = 0; i <= column && std::getline(row, f, ','); ++i) {
      }
      if (!f.empty()) ids.insert(f);
    }
  }
  return ids;
}

// The words of a text: its runs of letters and digits.
std::set<std::string> Words(const std::string& text) {
  std::set<std::string> words;
  std::string w;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      w += c;
    } else if (!w.empty()) {
      words.insert(w);
      w.clear();
    }
  }
  return words;
}

}  // namespace

TEST_CASE("the audit trail keeps every event in order and the store refuses to change or delete one", "[audit]") {
  TempDir dir;
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  Database& db = state->db();
  REQUIRE(RecordAudit(db, {"alice", audit::kSignIn, "from 127.0.0.1"}).ok());
  REQUIRE(RecordAudit(db, {"cli:ops", audit::kBackup, "to /backups/x"}).ok());
  REQUIRE(RecordAudit(db, {audit::kSystem, audit::kWeeklyRun, "week of 2024-02-26"}).ok());

  for (const char* change : {"UPDATE audit_trail SET who = 'mallory'", "UPDATE audit_trail SET detail = '' WHERE id = 1",
                             "DELETE FROM audit_trail", "DELETE FROM audit_trail WHERE who = 'alice'",
                             "INSERT OR REPLACE INTO audit_trail(id, at, who, action, detail) VALUES (1, 'x', 'y', 'z', '')"}) {
    INFO(change);
    Status s = db.Exec(change);
    REQUIRE_FALSE(s.ok());
    CHECK(s.message().find("append-only") != std::string::npos);
  }
  auto events = ReadAudit(db, 10);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 3);
  CHECK((*events)[0].event.action == audit::kWeeklyRun);  // newest first
  CHECK((*events)[1].event.who == "cli:ops");
  CHECK((*events)[2].event.who == "alice");
  CHECK((*events)[2].event.detail == "from 127.0.0.1");
  CHECK((*events)[2].at.size() == 20);  // 2026-12-04T15:30:00Z
  CHECK((*events)[2].at.back() == 'Z');
  CHECK((*events)[0].id > (*events)[2].id);
}

TEST_CASE("an event is one line of bounded length", "[audit]") {
  TempDir dir;
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  REQUIRE(RecordAudit(state->db(), {"bob\r\nforged line", audit::kExportCsv, std::string(5000, 'x') + "\n"}).ok());
  auto events = ReadAudit(state->db(), 1);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 1);
  CHECK((*events)[0].event.who == "bob  forged line");
  CHECK((*events)[0].event.detail.size() <= 300);
  CHECK((*events)[0].event.detail.find('\n') == std::string::npos);
}

TEST_CASE("the commands record who did what, and no case id reaches the audit trail", "[audit][cli]") {
  TempDir dir;
  const std::string council = std::string(OVERSIGHT_TEST_DATA) + "/reference/council-a";
  const std::string db = dir.File("store.db");
  REQUIRE(RunOversight({"import", "--quiet", "--db", db, council}).status == 0);
  auto added = RunOversight({"user", "add", "--db", db, "--username", "ann", "--role", "admin"}, "correct horse battery\n");
  REQUIRE(added.status == 0);
  REQUIRE(RunOversight({"user", "passwd", "--db", db, "--username", "ann"}, "another long password\n").status == 0);
  auto weekly = RunOversight({"weekly", "--db", db, "--as-of", "2024-03-01", "--outbox", dir.File("outbox"), "-D",
                              "mail.fallback=fallback@council.example"});
  REQUIRE(weekly.status == 0);
  REQUIRE(RunOversight({"purge", "--db", db, "--dry-run"}).status == 0);
  REQUIRE(RunOversight({"purge", "--db", db}).status == 0);
  REQUIRE(RunOversight({"user", "remove", "--db", db, "--username", "ann"}).status == 0);
  auto backup = RunOversight({"backup", "--db", db, dir.File("backups")});
  REQUIRE(backup.status == 0);
  const std::string taken = backup.out.substr(backup.out.find(" written to ") + 12, backup.out.find(":\n") - backup.out.find(" written to ") - 12);
  REQUIRE(RunOversight({"restore", "--db", dir.File("again.db"), taken}).status == 0);

  std::map<std::string, std::string> details;  // action -> detail, for the actions expected
  const std::set<std::string> case_ids = CaseIds(council);
  REQUIRE(case_ids.size() > 100);
  for (const std::string& snapshot : {db, dir.File("again.db")}) {
    for (const AuditEntry& entry : Trail(snapshot)) {
      const AuditEvent& e = entry.event;
      INFO(entry.at << " " << e.who << " " << e.action << " " << e.detail);
      details[e.action] = e.detail;
      CHECK(e.who.rfind("cli:", 0) == 0);
      for (const std::string& w : Words(e.who + " " + e.action + " " + e.detail)) CHECK(case_ids.count(w) == 0);
    }
  }
  CHECK(details[audit::kUserAdded] == "user ann (admin)");
  CHECK(details[audit::kPasswordChanged] == "user ann");
  CHECK(details[audit::kUserRemoved] == "user ann");
  CHECK(details[audit::kWeeklyRun].rfind("week of 2024-02-26: ", 0) == 0);
  CHECK(details[audit::kPurge].find("from before ") != std::string::npos);
  CHECK(details[audit::kBackup] == "to " + taken);
  CHECK(details[audit::kRestore] == "from " + taken);  // only in the restored store: it happened to it
  // The state store the weekly run filled does hold case ids: the check above could fail.
  bool state_names_a_case = false;
  auto state = StateStore::Open(db);
  REQUIRE(state.ok());
  auto runs = state->Runs(1);
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 1);
  auto exceptions = state->RunExceptions(runs->front().run_id);
  REQUIRE(exceptions.ok());
  for (const auto& e : *exceptions) state_names_a_case = state_names_a_case || case_ids.count(e.case_id) > 0;
  CHECK(state_names_a_case);
}
