// ImportExtract: validates an extract folder against the data contract and, only when
// it is wholly valid, replaces the store's extract snapshot with it atomically (built in
// a fresh file, then renamed over the old one). A rejected or killed import changes nothing.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "extract/import_errors.h"

namespace oversight {

struct ImportOptions {
  std::string db_path;      // the extract snapshot file (created if missing)
  std::string extract_dir;  // the folder of CSV files
  bool show_progress = false;
};

struct ImportReport {
  ImportErrors errors;                 // contract violations: the extract was rejected
  std::vector<std::string> notices;    // e.g. unknown columns, ignored
  int64_t rows = 0;
  std::vector<std::pair<std::string, double>> timings;  // seconds per phase
};

// OK when loaded. A rejected extract returns an error Status with report->errors set;
// other failures (disk full, unwritable folder) return an error with errors empty.
Status ImportExtract(const ImportOptions& options, ImportReport* report);

}  // namespace oversight
