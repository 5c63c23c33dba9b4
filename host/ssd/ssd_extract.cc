// The SSD extract's reading, in order: the local tables, departments and professionals
// with the supplement, then the children's plans and episodes, then the involvements.
#include "ssd/ssd_extract.h"

#include <unordered_set>

#include "ssd/case_history_reader.h"
#include "ssd/involvements.h"
#include "ssd/mapping_table.h"
#include "ssd/organisation_reader.h"
#include "ssd/ssd_files.h"

namespace oversight {

Status ReadSsdExtract(const ImportOptions& options, ImportReport* report, ImportProgress* progress,
                      OrganisationRows* rows) {
  const auto& workers = ExtractFiles()[kWorkers];
  auto job_titles = MappingTable::Load(options.ssd_job_titles, "job_title", "role",
                                       workers.columns[workers.Column("role")].allowed);
  if (!job_titles.ok()) return job_titles.status();
  auto roles = MappingTable::Load(options.ssd_involvement_roles, "role_id", "role", {"key_worker", "iro"});
  if (!roles.ok()) return roles.status();

  SsdReadContext context{options.extract_dir, &report->errors, &report->notices, progress};
  ReadSsdOrganisation(context, *job_titles, options.ssd_job_titles, rows);
  CaseHistories histories;
  ReadCaseHistories(context, &histories);
  std::unordered_set<std::string> professionals;
  for (const WorkerRow& w : rows->workers) professionals.insert(w.worker_id);
  InvolvementSources sources{&*roles, options.ssd_involvement_roles, &histories,
                             rows->workers_usable ? &professionals : nullptr};
  ReadInvolvements(context, sources, &rows->allocations);
  return Status::Ok();
}

}  // namespace oversight
