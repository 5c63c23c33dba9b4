// The audit trail as admins see it on the dashboard: one table, shown on /audit and
// downloaded as /audit.csv from the same DataTable, so the two never disagree.
#pragma once

#include <string>
#include <vector>

#include "state/audit_trail.h"
#include "web/data_table.h"
#include "web/users.h"

namespace oversight {

// When, who, action and detail of each event, in the order given (newest first).
DataTable AuditTable(const std::vector<AuditEntry>& events);
// The page: the newest events, with a link to the whole trail as CSV.
std::string AuditPage(const User& user, const std::string& csrf, const std::vector<AuditEntry>& events,
                      bool more);

}  // namespace oversight
