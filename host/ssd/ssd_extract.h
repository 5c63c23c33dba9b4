// ReadSsdExtract: an SSD extract folder (ssd-extract.md) read into the rows the native
// import would have read from teams.csv, workers.csv and allocations.csv. The import
// (store/extract_loader.cc) checks and writes them like native rows, then reads the
// supplement's supervisions, absences, cover and development_time files as they are.
#pragma once

#include "common/status.h"
#include "store/extract_rows.h"
#include "store/import.h"
#include "store/import_progress.h"

namespace oversight {

// Errors in the extract go to report->errors and notices to report->notices (the
// Status stays OK); a mapping table that cannot be used returns an error Status.
Status ReadSsdExtract(const ImportOptions& options, ImportReport* report, ImportProgress* progress,
                      OrganisationRows* rows);

}  // namespace oversight
