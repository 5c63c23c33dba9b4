// `oversight import --db FILE [--from native|ssd] DIR`: exit 0 loaded, 1 rejected (errors on
// stderr), 2 misuse. --from ssd reads an SSD export with its supplement (ssd-extract.md)
// through the mapping tables in config/.
#include <unistd.h>

#include <iostream>

#include "cli/args.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/locations.h"
#include "store/import.h"

namespace oversight {

int CmdImport(int argc, char** argv) {
  const CommandSpec& spec = Command("import");
  const CommandLine line = ReadCommandLine(spec, argc, argv);
  if (!line.args) return line.exit_status;
  const Args* args = &*line.args;
  const std::string from = args->GetOr("from", "native");
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
