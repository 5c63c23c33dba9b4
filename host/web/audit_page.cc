// The audit trail's table and page (every value encoded by TableHtml and TableCsv).
#include "web/audit_page.h"

#include "web/layout.h"
#include "web/pages.h"

namespace oversight {

DataTable AuditTable(const std::vector<AuditEntry>& events) {
  DataTable t;
  t.id = "audit";
  t.caption = "Who did what, newest first (times in UTC)";
  t.AddColumn("When", "at");
  t.AddColumn("Who", "who");
  t.AddColumn("Action", "action");
  t.AddColumn("Detail", "detail");
  for (const AuditEntry& e : events) {
    t.rows.push_back({Cell::Text(e.at), Cell::Text(e.event.who), Cell::Text(e.event.action), Cell::Text(e.event.detail)});
  }
  return t;
}

std::string AuditPage(const User& user, const std::string& csrf, const std::vector<AuditEntry>& events, bool more) {
  std::string body =
      "<h1 class=\"govuk-heading-l\">Audit trail</h1><p class=\"govuk-body\">Sign-ins, user changes, downloads, "
      "weekly runs, backups, restores and purges. The trail cannot be changed or deleted, and it holds no case "
      "details.</p>";
  if (more) {
    body += "<p class=\"govuk-body\">Only the newest " + std::to_string(events.size()) +
            " events are shown here; the download has them all.</p>";
  }
  body += TableHtml(AuditTable(events), "/audit.csv");
  return Layout("Audit trail", body, &user, csrf, "/audit");
}

}  // namespace oversight
