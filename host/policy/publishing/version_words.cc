// Dates and sentences about policy versions.
#include "policy/publishing/version_words.h"

#include "common/date.h"
#include "weekly/email_parts.h"

namespace oversight {

std::string VersionDate(const std::string& timestamp) {
  if (timestamp.size() < 10 || !ParseDate(timestamp.substr(0, 10))) return "-";
  return LongDate(timestamp.substr(0, 10));
}

std::string InForceLine(const PolicyVersionRecord& v) {
  return "Policy in force since " + VersionDate(v.reviewed_at) +
         (v.reviewer.empty() ? ", recorded from " + v.author : ", approved by " + v.reviewer);
}

std::string ApproverName(const PolicyVersionRecord& v) { return v.reviewer.empty() ? "-" : v.reviewer; }

}  // namespace oversight
