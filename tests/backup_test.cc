// Backups and restores (issue 18): a restore brings back every run and message of the
// backup, refuses to replace a store unless forced, and on any failure leaves the place
// it was to restore into as it was.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "oversight_run.h"
#include "state/backup.h"
#include "state/state_store.h"
#include "weekly/weekly_job.h"

using namespace oversight;
using namespace oversight::test;

namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// The rows of a table of the state store, each as one text.
std::vector<std::string> Rows(const std::string& snapshot, const std::string& sql) {
  auto state = StateStore::Open(snapshot);
  REQUIRE(state.ok());
  auto q = state->db().Prepare(sql);
  REQUIRE(q.ok());
  std::vector<std::string> rows;
  const int columns = sqlite3_column_count(q->handle());
  while (q->Step()) {
    std::string row;
    for (int i = 0; i < columns; ++i) row += q->Text(i) + "|";
    rows.push_back(row);
  }
  return rows;
}

const char* kRuns = "SELECT * FROM runs ORDER BY run_id";
const char* kOutbox = "SELECT id, week, kind, recipient, address, subject, message, state FROM outbox ORDER BY id";

// council-a with a weekly run written to a folder, and a backup of it.
struct BackedUp {
  TempDir dir;
  std::string db = dir.File("live/store.db"), folder;
  BackedUp() {
    mkdir(dir.File("live").c_str(), 0700);
    REQUIRE(RunOversight({"import", "--quiet", "--db", db, std::string(OVERSIGHT_TEST_DATA) + "/reference/council-a"})
                .status == 0);
    REQUIRE(RunOversight({"weekly", "--db", db, "--as-of", "2024-03-01", "--outbox", dir.File("outbox"), "-D",
                          "mail.fallback=fallback@council.example"})
                .status == 0);
    auto taken = TakeBackup(db, dir.File("backups"));
    REQUIRE(taken.ok());
    folder = taken->folder;
  }
};

}  // namespace

TEST_CASE("a backup restored into a fresh place has every run and every message", "[backup]") {
  BackedUp b;
  CHECK(b.folder.find("/backups/oversight-backup-20") != std::string::npos);
  CHECK(Exists(b.folder + "/store.sqlite"));
  CHECK(Exists(b.folder + "/state.sqlite"));
  mkdir(b.dir.File("fresh").c_str(), 0700);
  const std::string fresh = b.dir.File("fresh/store.db");
  auto restored = RestoreBackup(b.folder, fresh, false, "cli:test");
  REQUIRE(restored.ok());
  CHECK(restored->replaced.empty());
  CHECK(Rows(fresh, kRuns) == Rows(b.db, kRuns));
  CHECK(Rows(fresh, kOutbox) == Rows(b.db, kOutbox));
  CHECK(Rows(fresh, kOutbox).size() > 10);
  // The store itself: the same extract, which `check` reads as before.
  auto check = RunOversight({"check", "--db", fresh, "--as-of", "2024-03-01", "--format", "jsonl"});
  auto before = RunOversight({"check", "--db", b.db, "--as-of", "2024-03-01", "--format", "jsonl"});
  CHECK(check.status == before.status);
  CHECK(check.out == before.out);
  CHECK_FALSE(Exists(fresh + ".restoring"));
}

TEST_CASE("a restore refuses to replace a store unless forced, and keeps the one it replaces", "[backup]") {
  BackedUp b;
  // A later weekly run: the live store now has more than the backup.
  REQUIRE(RunOversight({"weekly", "--db", b.db, "--as-of", "2024-03-08", "--outbox", b.dir.File("outbox"), "-D",
                        "mail.fallback=fallback@council.example"})
              .status == 0);
  const auto runs = Rows(b.db, kRuns), messages = Rows(b.db, kOutbox);
  const std::string store_bytes = FileText(b.db);

  auto refused = RunOversight({"restore", "--db", b.db, b.folder});
  CHECK(refused.status == 1);
  CHECK(refused.err.find("exists") != std::string::npos);
  CHECK(refused.err.find("--force") != std::string::npos);
  CHECK(FileText(b.db) == store_bytes);
  CHECK(Rows(b.db, kRuns) == runs);
  CHECK(Rows(b.db, kOutbox) == messages);
  // A state store alone is a store too.
  mkdir(b.dir.File("half").c_str(), 0700);
  REQUIRE(StateStore::Open(b.dir.File("half/store.db")).ok());
  CHECK_FALSE(RestoreBackup(b.folder, b.dir.File("half/store.db"), false, "cli:test").ok());

  auto forced = RunOversight({"restore", "--db", b.db, "--force", b.folder});
  REQUIRE(forced.status == 0);
  CHECK(Rows(b.db, kRuns).size() < runs.size());
  CHECK(forced.out.find(b.db + ".replaced-") != std::string::npos);
  const std::string kept = forced.out.substr(forced.out.find(b.db + ".state.replaced-"));
  const std::string kept_state = kept.substr(0, kept.find('\n'));
  const std::string kept_store = kept_state.substr(0, kept_state.find(".state")) + kept_state.substr(kept_state.find(".state") + 6);
  CHECK(FileText(kept_store) == store_bytes);
  // The replaced state store opens with all it had (its WAL moved with it).
  auto old_state = Database::Open(kept_state, Database::Mode::kReadOnly);
  REQUIRE(old_state.ok());
  auto q = old_state->Prepare("SELECT count(*) FROM outbox");
  REQUIRE(q.ok());
  REQUIRE(q->Step());
  CHECK(q->Int(0) == static_cast<int64_t>(messages.size()));
}

TEST_CASE("a restore from a folder that is not a whole backup changes nothing", "[backup]") {
  BackedUp b;
  TempDir other;
  other.Write("store.sqlite", "not a database at all, but long enough to look like a file of some size");
  other.Write("state.sqlite", FileText(b.folder + "/state.sqlite"));
  mkdir(b.dir.File("fresh").c_str(), 0700);
  const std::string fresh = b.dir.File("fresh/store.db");
  CHECK_FALSE(RestoreBackup(other.path(), fresh, false, "cli:test").ok());
  CHECK_FALSE(RestoreBackup(b.dir.File("backups"), fresh, false, "cli:test").ok());  // the folder of backups
  CHECK_FALSE(Exists(fresh));
  CHECK_FALSE(Exists(fresh + ".state"));
  CHECK_FALSE(Exists(fresh + ".restoring"));
  CHECK_FALSE(Exists(fresh + ".state.restoring"));
}
