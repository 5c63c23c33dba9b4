// ComposeManagerEmail: a manager's weekly exception email, one EmailDoc rendered to plain
// text and accessible HTML. Phone first: the counts and the first items on the first
// screen; items grouped by worker (most breaches first), each marked OVERDUE or DUE SOON
// in words, this week's new items first and marked; after mail.rows_before_summary rows
// the rest is summarised per worker with links to the dashboard. Then what was resolved,
// the rules in words, and the policy in force. Children appear only as case ids.
#pragma once

#include "mail/message.h"
#include "weekly/weekly_report.h"

namespace oversight {

std::string ManagerSubject(const ManagerReport& r);
MailContent ComposeManagerEmail(const ManagerReport& r, const std::string& from);

}  // namespace oversight
