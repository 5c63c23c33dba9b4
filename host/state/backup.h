// Backups of a store and its state store, taken with SQLite's online backup API so that
// `oversight serve` or `oversight weekly` may go on writing meanwhile, and their restore.
// A backup is one folder, DIR/oversight-backup-YYYYMMDDTHHMMSSZ (when it was taken, UTC),
// holding store.sqlite (the extract snapshot, FILE) and state.sqlite (FILE.state): each
// a consistent copy, in rollback-journal mode, complete before the folder gets its name.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace oversight {

inline constexpr const char* kBackupStoreFile = "store.sqlite";
inline constexpr const char* kBackupStateFile = "state.sqlite";

struct BackupTaken {
  std::string folder;              // DIR/oversight-backup-...
  std::vector<std::string> files;  // the files in it, with their sizes: "store.sqlite (12345 bytes)"
};

// Copies `snapshot_path` and its state store (which must exist) into a new folder under
// `into_dir` (made when missing).
Result<BackupTaken> TakeBackup(const std::string& snapshot_path, const std::string& into_dir);

struct Restored {
  std::vector<std::string> replaced;  // where the files it replaced were moved (with --force)
};

// Puts the backup in `backup_folder` back as `snapshot_path` and its state store: both
// are copied beside their place and checked first, then renamed into it, so that a
// failure before the renames leaves everything as it was. An existing store or state
// store is refused unless `force`; then they are kept as FILE.replaced-WHEN (and
// FILE.state.replaced-WHEN). `audit_who` is recorded in the restored audit trail.
Result<Restored> RestoreBackup(const std::string& backup_folder, const std::string& snapshot_path, bool force,
                               const std::string& audit_who);

}  // namespace oversight
