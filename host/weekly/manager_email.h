// ComposeManagerEmail: a manager's weekly exception email as plain text and accessible
// HTML (tables with headers, no scripts or external images, readable on a phone and in
// Outlook). Children appear only as case ids.
#pragma once

#include "mail/message.h"
#include "weekly/weekly_report.h"

namespace oversight {

std::string ManagerSubject(const ManagerReport& r);
MailContent ComposeManagerEmail(const ManagerReport& r, const std::string& from);

}  // namespace oversight
