// How a policy version is named to people, the same on the command line, the dashboard
// and in emails: "version 3", "3 Mar 2024", "Policy in force since 3 Mar 2024,
// approved by carol".
#pragma once

#include <string>

#include "policy/publishing/version_store.h"

namespace oversight {

// "3 Mar 2024" from a UTC timestamp "2024-03-03T10:00:00Z"; "-" for none.
std::string VersionDate(const std::string& timestamp);
// "Policy in force since 3 Mar 2024, approved by carol" (version 1: "recorded from the
// repository" instead of an approver).
std::string InForceLine(const PolicyVersionRecord& v);
// Who approved it, or turned it down: "carol", or "-".
std::string ApproverName(const PolicyVersionRecord& v);

}  // namespace oversight
