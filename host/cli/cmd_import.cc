// `oversight import --db FILE [--from native|ssd] DIR`: exit 0 loaded, 1 rejected (errors on
// stderr), 2 misuse. --from ssd reads an SSD export with its supplement (ssd-extract.md)
// through the mapping tables in config/.
#include <unistd.h>

#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/locations.h"
#include "store/import.h"

namespace oversight {

int CmdImport(int argc, char** argv) {
  auto args = Args::Parse(argc, argv, {"quiet", "timings"});
  const std::string from = args.ok() ? args->GetOr("from", "native") : "";
  if (!args.ok() || !args->Get("db") || args->positional().size() != 1 ||
      (from != "native" && from != "ssd")) {
    std::cerr << "usage: oversight import --db FILE [--from native|ssd] DIR\n";
    if (!args.ok()) std::cerr << args.status().message() << "\n";
    return 2;
  }
  ImportOptions options;
  options.db_path = *args->Get("db");
  options.extract_dir = args->positional()[0];
  options.show_progress = isatty(STDERR_FILENO) && !args->Has("quiet");
  if (from == "ssd") {
    options.layout = ExtractLayout::kSsd;
    options.ssd_job_titles = ShippedSsdJobTitlesFile();
    options.ssd_involvement_roles = ShippedSsdInvolvementRolesFile();
  }
  ImportReport report;
  Status s = ImportExtract(options, &report);
  for (const auto& n : report.notices) std::cerr << "notice: " << n << "\n";
  if (!report.errors.empty()) {
    report.errors.Print(std::cerr);
    std::cerr << "import rejected: " << report.errors.size() << " error"
              << (report.errors.size() == 1 ? "" : "s") << " in " << options.extract_dir
              << "; the store is unchanged\n";
    return 1;
  }
  if (!s.ok()) {
    std::cerr << "import failed: " << s.message() << "; the store is unchanged\n";
    return 1;
  }
  if (args->Has("timings")) {
    for (const auto& [phase, seconds] : report.timings) std::cerr << "timing: " << phase << " " << seconds << " s\n";
  }
  if (!args->Has("quiet")) {
    std::cerr << "imported " << options.extract_dir << " into " << options.db_path << " ("
              << report.rows << " rows)\n";
  }
  return 0;
}

}  // namespace oversight
