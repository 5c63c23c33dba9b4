// Teams and workers from an SSD extract (ssd-extract.md, "teams.csv" and "workers.csv"):
// ssd_department and ssd_professionals joined with the supplement's team_managers.csv and
// workforce.csv, roles from the job-title table where workforce.csv names none.
#pragma once

#include <string>
#include <vector>

#include "extract/import_errors.h"
#include "ssd/mapping_table.h"
#include "store/extract_rows.h"
#include "store/import_progress.h"

namespace oversight {

struct SsdReadContext {  // what every SSD file reader needs
  std::string dir;
  ImportErrors* errors;
  std::vector<std::string>* notices;
  ImportProgress* progress;
};

// Fills rows->teams, rows->workers and their `*_usable` flags. Errors of the joins
// (a professional without a workforce row, a department without a manager, an unknown
// job title ...) are reported here; keys and references of the result are the import's.
void ReadSsdOrganisation(const SsdReadContext& context, const MappingTable& job_titles,
                         const std::string& job_titles_file, OrganisationRows* rows);

}  // namespace oversight
