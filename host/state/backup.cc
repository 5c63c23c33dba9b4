// Online backup (sqlite3_backup_*) into a folder named for its time, and restore by
// copy, check, fsync and rename.
#include "state/backup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "state/audit_trail.h"
#include "state/state_store.h"
#include "store/sqlite.h"

namespace oversight {

namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// Flushes a file (or a folder's entries) to the disk.
Status Sync(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error(Errno("cannot open " + path));
  const int rc = fsync(fd);
  close(fd);
  if (rc != 0) return Status::Error(Errno("cannot flush " + path));
  return Status::Ok();
}

std::string FolderOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// 20261204T153000Z
std::string CompactUtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &utc);
  return buf;
}

// A consistent copy of the database `from` as a new file `to`, page by page through the
// online backup API while others may write `from`; then self-contained (no WAL) and flushed.
Status CopyDatabase(const std::string& from, const std::string& to) {
  auto src = Database::Open(from, Database::Mode::kReadOnly);
  if (!src.ok()) return src.status();
  auto dst = Database::Open(to, Database::Mode::kReadWriteCreate);
  if (!dst.ok()) return dst.status();
  sqlite3_backup* copy = sqlite3_backup_init(dst->handle(), "main", src->handle(), "main");
  if (!copy) return Status::Error("cannot copy " + from + ": " + dst->last_error());
  int rc = SQLITE_OK;
  for (int tries = 0; tries < 600; ++tries) {  // a writer holding a lock: a minute at most
    rc = sqlite3_backup_step(copy, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(100);
  }
  sqlite3_backup_finish(copy);
  if (rc != SQLITE_DONE) return Status::Error("cannot copy " + from + ": " + sqlite3_errstr(rc));
  if (Status s = dst->Exec("PRAGMA journal_mode=DELETE"); !s.ok()) return s.WithContext(to);
  chmod(to.c_str(), 0600);  // it holds case ids: its owner's only
  { Database closing = std::move(*dst); }  // closed, so that all it wrote is in the file
  return Sync(to);
}

// The copy must read as a whole database before it replaces anything.
Status QuickCheck(const std::string& path) {
  auto db = Database::Open(path, Database::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  auto q = db->Prepare("PRAGMA quick_check");
  if (!q.ok()) return q.status().WithContext(path);
  Status s;
  if (!q->Step(&s)) return s.ok() ? Status::Error(path + ": no answer to quick_check") : s.WithContext(path);
  if (q->Text(0) != "ok") return Status::Error(path + " is damaged: " + q->Text(0));
  return Status::Ok();
}

std::string FileWithSize(const std::string& folder, const std::string& name) {
  struct stat st;
  const long long size = stat((folder + "/" + name).c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
  return name + " (" + std::to_string(size) + " bytes)";
}

// The companions SQLite may keep beside a database file.
const char* const kSuffixes[] = {"", "-wal", "-shm", "-journal"};

// Moves a database and its companions aside to `base` + suffix; the moves made are added to `moved`.
Status MoveAside(const std::string& path, const std::string& base, std::vector<std::pair<std::string, std::string>>* moved) {
  for (const char* suffix : kSuffixes) {
    const std::string from = path + suffix, to = base + suffix;
    if (!Exists(from)) continue;
    if (std::rename(from.c_str(), to.c_str()) != 0) return Status::Error(Errno("cannot move " + from + " aside"));
    moved->push_back({from, to});
  }
  return Status::Ok();
}

}  // namespace

Result<BackupTaken> TakeBackup(const std::string& snapshot_path, const std::string& into_dir) {
  const std::string state_path = StateStore::PathFor(snapshot_path);
  for (const std::string& p : {snapshot_path, state_path}) {
    if (!Exists(p)) return Status::Error("no " + p + " to back up");
  }
  if (mkdir(into_dir.c_str(), 0700) != 0 && errno != EEXIST) return Status::Error(Errno("cannot make " + into_dir));
  std::string name = "oversight-backup-" + CompactUtcNow();
  for (int n = 2; Exists(into_dir + "/" + name); ++n) name = "oversight-backup-" + CompactUtcNow() + "-" + std::to_string(n);
  const std::string partial = into_dir + "/." + name + ".partial", folder = into_dir + "/" + name;
  if (mkdir(partial.c_str(), 0700) != 0) return Status::Error(Errno("cannot make " + partial));
  auto give_up = [&](const Status& s) -> Result<BackupTaken> {
    for (const char* f : {kBackupStoreFile, kBackupStateFile}) {
      for (const char* suffix : kSuffixes) std::remove((partial + "/" + f + suffix).c_str());
    }
    rmdir(partial.c_str());
    return s;
  };
  // The state first: it is what changes while a weekly run or the dashboard writes.
  if (Status s = CopyDatabase(state_path, partial + "/" + kBackupStateFile); !s.ok()) return give_up(s);
  if (Status s = CopyDatabase(snapshot_path, partial + "/" + kBackupStoreFile); !s.ok()) return give_up(s);
  if (Status s = Sync(partial); !s.ok()) return give_up(s);
  if (std::rename(partial.c_str(), folder.c_str()) != 0) return give_up(Status::Error(Errno("cannot name " + folder)));
  if (Status s = Sync(into_dir); !s.ok()) return s;
  return BackupTaken{folder, {FileWithSize(folder, kBackupStoreFile), FileWithSize(folder, kBackupStateFile)}};
}

namespace {

// Where a restore writes its copies before they take their places.
struct Staging {
  std::string store, state;  // FILE.restoring and FILE.state.restoring
  void Clear() const {
    for (const std::string& p : {store, state}) {
      for (const char* suffix : kSuffixes) std::remove((p + suffix).c_str());
    }
  }
};

// Copies the backup into the staging files, checks both, and records the restore in the
// copy of the audit trail (the restore is in the trail it brings back).
Status Stage(const std::string& backup_folder, const Staging& staged, const std::string& detail,
             const std::string& audit_who) {
  staged.Clear();  // what an interrupted restore left
  if (Status s = CopyDatabase(backup_folder + "/" + kBackupStoreFile, staged.store); !s.ok()) return s;
  if (Status s = CopyDatabase(backup_folder + "/" + kBackupStateFile, staged.state); !s.ok()) return s;
  for (const std::string& p : {staged.store, staged.state}) {
    if (Status s = QuickCheck(p); !s.ok()) return s;
  }
  {
    auto state = Database::Open(staged.state, Database::Mode::kReadWriteCreate);
    if (!state.ok()) return state.status();
    if (Status s = RecordAudit(*state, {audit_who, audit::kRestore, detail}); !s.ok()) return s;
  }
  return Sync(staged.state);
}

// Moves the store and state store there are aside (when `replacing`), then renames the
// staged copies into their places; on a failure, moves everything back.
Result<Restored> PutInPlace(const Staging& staged, const std::string& snapshot_path, bool replacing) {
  const std::string state_path = StateStore::PathFor(snapshot_path);
  Restored done;
  std::vector<std::pair<std::string, std::string>> moved;
  auto undo = [&](const Status& s) -> Result<Restored> {
    for (auto it = moved.rbegin(); it != moved.rend(); ++it) std::rename(it->second.c_str(), it->first.c_str());
    return s;
  };
  if (replacing) {
    const std::string when = CompactUtcNow();
    if (Status s = MoveAside(snapshot_path, snapshot_path + ".replaced-" + when, &moved); !s.ok()) return undo(s);
    if (Status s = MoveAside(state_path, state_path + ".replaced-" + when, &moved); !s.ok()) return undo(s);
    for (const std::string& p : {snapshot_path + ".replaced-" + when, state_path + ".replaced-" + when}) {
      if (Exists(p)) done.replaced.push_back(p);
    }
  }
  if (std::rename(staged.state.c_str(), state_path.c_str()) != 0) {
    return undo(Status::Error(Errno("cannot put " + state_path)));
  }
  moved.push_back({staged.state, state_path});
  if (std::rename(staged.store.c_str(), snapshot_path.c_str()) != 0) {
    return undo(Status::Error(Errno("cannot put " + snapshot_path)));
  }
  if (Status s = Sync(FolderOf(snapshot_path)); !s.ok()) return s;
  return done;
}

}  // namespace

Result<Restored> RestoreBackup(const std::string& backup_folder, const std::string& snapshot_path, bool force,
                               const std::string& audit_who) {
  const std::string state_path = StateStore::PathFor(snapshot_path);
  for (const char* f : {kBackupStoreFile, kBackupStateFile}) {
    if (!Exists(backup_folder + "/" + f)) return Status::Error(backup_folder + " is not a backup: it has no " + f);
  }
  const bool replacing = Exists(snapshot_path) || Exists(state_path);
  if (replacing && !force) {
    return Status::Error((Exists(snapshot_path) ? snapshot_path : state_path) +
                         " exists: a restore replaces no store unless told to (stop `oversight serve`, then give --force)");
  }
  struct stat folder;
  if (stat(FolderOf(snapshot_path).c_str(), &folder) != 0 || !S_ISDIR(folder.st_mode)) {
    return Status::Error("no folder " + FolderOf(snapshot_path) + " to restore " + snapshot_path + " into");
  }
  const Staging staged{snapshot_path + ".restoring", state_path + ".restoring"};
  const std::string detail = "from " + backup_folder + (replacing ? " (the store it replaced kept beside it)" : "");
  Status s = Stage(backup_folder, staged, detail, audit_who);
  auto restored = s.ok() ? PutInPlace(staged, snapshot_path, replacing) : Result<Restored>(s);
  if (!restored.ok()) staged.Clear();
  return restored;
}

}  // namespace oversight
