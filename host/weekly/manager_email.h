// ComposeManagerEmail: a manager's weekly exception email as plain text and accessible
// HTML (one-column layout tables that stack on a phone and hold in Outlook, headings per
// policy, no scripts or external images). Children appear only as case ids.
#pragma once

#include "mail/message.h"
#include "weekly/weekly_report.h"

namespace oversight {

std::string ManagerSubject(const ManagerReport& r);
MailContent ComposeManagerEmail(const ManagerReport& r, const std::string& from);

}  // namespace oversight
