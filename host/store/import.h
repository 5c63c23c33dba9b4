// ImportExtract: validates an extract folder against the data contract and, only when
// it is wholly valid, replaces the store's extract snapshot with it atomically (built in
// a fresh file, then renamed over the old one). A rejected or killed import changes nothing.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "extract/import_errors.h"

namespace oversight {

// The layout of the extract folder: data-contract.md, or ssd-extract.md.
enum class ExtractLayout { kNative, kSsd };

struct ImportOptions {
  std::string db_path;      // the extract snapshot file (created if missing)
  std::string extract_dir;  // the folder of CSV files
  bool show_progress = false;
  ExtractLayout layout = ExtractLayout::kNative;
  // kSsd: the council's local mapping tables (config/ssd_job_titles.csv and
  // config/ssd_involvement_roles.csv).
  std::string ssd_job_titles, ssd_involvement_roles;
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
