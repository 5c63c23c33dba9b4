// The import: read teams and workers into memory (they are small and referenced by
// everything), check them, then stream the large files straight into a fresh snapshot
// file. Rows are written only while the extract is still error-free. Whatever goes wrong,
// thrown or returned, the half-built file is removed before ImportExtract returns.
#include "store/import.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <new>
#include <random>

#include "common/date.h"
#include "store/extract_loader.h"
#include "store/extract_schema.h"
#include "store/sqlite.h"

namespace oversight {

namespace {

// Removes snapshot files that an import killed half-way left behind.
void RemoveAbandonedImports(const std::string& db_path) {
  size_t slash = db_path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : db_path.substr(0, slash);
  std::string prefix = db_path.substr(slash == std::string::npos ? 0 : slash + 1) + ".importing-";
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + prefix.size()));
    if (pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)) continue;  // still running
    unlink((dir + "/" + name).c_str());
  }
  closedir(d);
}

Status SyncPath(const std::string& path, int flags) {
  int fd = open(path.c_str(), flags);
  if (fd < 0) return Status::Error("cannot open " + path + ": " + std::strerror(errno));
  int rc = fsync(fd);
  close(fd);
  if (rc != 0) return Status::Error("cannot sync " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

// A value no other import has: so that a run can tell two snapshots apart even when
// they were imported in the same second.
std::string SnapshotId() {
  std::random_device random;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x%08x%08x-%d", random(), random(), random(), static_cast<int>(getpid()));
  return buf;
}

Status BuildSnapshot(const ImportOptions& options, const std::string& tmp, ImportReport* report) {
  auto db = Database::Open(tmp, Database::Mode::kReadWriteCreate);
  if (!db.ok()) return db.status();
  // A fresh file that is renamed into place only when whole: no journal is needed.
  Status s = db->Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                      "PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-131072; PRAGMA threads=2; BEGIN;");
  if (s.ok()) s = db->Exec(kExtractTables);
  if (!s.ok()) return s;
  auto phase_start = std::chrono::steady_clock::now();
  auto phase = [&](const char* name) {
    auto now = std::chrono::steady_clock::now();
    report->timings.push_back({name, std::chrono::duration<double>(now - phase_start).count()});
    phase_start = now;
  };
  if (s = LoadExtract(options, report, &*db); !s.ok()) return s;
  phase("read, check and load");
  if (!report->errors.empty()) {
    return Status::Error("the extract was rejected: " + std::to_string(report->errors.size()) +
                         " errors");
  }
  if (s = db->Exec(kExtractIndexes); !s.ok()) return s;
  phase("build indexes");
  auto meta = db->Prepare("INSERT INTO meta VALUES (?, ?)");
  if (!meta.ok()) return meta.status();
  const std::pair<std::string, std::string> rows[] = {
      {"schema_version", std::to_string(kExtractSchemaVersion)},
      {"imported_at", UtcTimestampNow()},
      {"snapshot_id", SnapshotId()},
      {"source", options.extract_dir},
  };
  for (const auto& [k, v] : rows) {
    meta->Bind(1, k);
    meta->Bind(2, v);
    if (s = meta->Run(); !s.ok()) return s;
  }
  if (s = db->Exec("COMMIT;"); !s.ok()) return s;
  phase("commit");
  return Status::Ok();
}

// Builds the snapshot in `tmp` and renames it over the store; removes `tmp` on failure.
Status ReplaceSnapshot(const ImportOptions& options, const std::string& tmp, ImportReport* report) {
  RemoveAbandonedImports(options.db_path);
  unlink(tmp.c_str());
  Status s = BuildSnapshot(options, tmp, report);
  auto sync_start = std::chrono::steady_clock::now();
  if (s.ok()) s = SyncPath(tmp, O_RDONLY);
  report->timings.push_back(
      {"sync", std::chrono::duration<double>(std::chrono::steady_clock::now() - sync_start).count()});
  if (s.ok() && std::rename(tmp.c_str(), options.db_path.c_str()) != 0) {
    s = Status::Error("cannot replace " + options.db_path + ": " + std::strerror(errno));
  }
  if (!s.ok()) {
    unlink(tmp.c_str());
    return s;
  }
  size_t slash = options.db_path.rfind('/');
  return SyncPath(slash == std::string::npos ? "." : options.db_path.substr(0, slash),
                  O_RDONLY | O_DIRECTORY);
}

}  // namespace

// The import's boundary: an exception (memory exhausted, a thread that cannot start) is
// an import that failed, like any other, and leaves no temporary file behind.
Status ImportExtract(const ImportOptions& options, ImportReport* report) {
  const std::string tmp = options.db_path + ".importing-" + std::to_string(getpid());
  std::string failure;
  try {
    return ReplaceSnapshot(options, tmp, report);
  } catch (const std::bad_alloc&) {
    failure = "out of memory";
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unexpected exception";
  }
  unlink(tmp.c_str());
  return Status::Error("the import of " + options.extract_dir + " stopped: " + failure);
}

}  // namespace oversight
