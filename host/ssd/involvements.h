// Allocations from ssd_involvements (ssd-extract.md, "allocations.csv"): role codes mapped
// through the involvement-role table, other roles and team-only involvements skipped and
// counted, key-worker involvements cut where the child's case type changes, and later
// duplicates dropped (first in file order wins). Each notice names what was skipped.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "ssd/case_history.h"
#include "ssd/mapping_table.h"
#include "ssd/organisation_reader.h"

namespace oversight {

struct InvolvementSources {
  const MappingTable* roles;           // role code -> key_worker or iro
  std::string roles_file;              // for notices
  const CaseHistories* histories;
  const std::unordered_set<std::string>* professionals;  // null: unknown, not judged
};

void ReadInvolvements(const SsdReadContext& context, const InvolvementSources& sources,
                      std::vector<AllocationRow>* allocations);

}  // namespace oversight
