// LoadExtract: reads an extract folder file by file in the contract's order, checks every
// rule of data-contract.md, and writes the rows into an open, empty snapshot database
// while the extract is still error-free. Making the snapshot file and swapping it in
// is import.cc's business.
#pragma once

#include "common/status.h"
#include "store/import.h"
#include "store/sqlite.h"

namespace oversight {

// Errors in the extract go to report->errors (the Status stays OK); a failing database
// write returns an error Status.
Status LoadExtract(const ImportOptions& options, ImportReport* report, Database* db);

}  // namespace oversight
