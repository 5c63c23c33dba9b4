// The manager's email in words.
#include "weekly/manager_email.h"

#include <sstream>

#include "weekly/email_parts.h"

namespace oversight {

namespace {

std::string Plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string OpenFor(const ExceptionLine& l) {
  if (l.e.unchecked) return "not checked this week";
  if (l.weeks_open <= 1) return "new";
  return "open " + std::to_string(l.weeks_open) + " weeks";
}

std::string Late(const RecordedException& e) {
  if (e.days_overdue) return Plural(static_cast<int>(*e.days_overdue), "day late", "days late");
  if (!e.due_date.empty()) return "due " + LongDate(e.due_date);
  return "";
}

std::string What(const RecordedException& e) {
  std::string who = e.case_id.empty() ? "Worker " + e.worker_id : "Case " + e.case_id + ", worker " + e.worker_id;
  return who;
}

const char* kCell = kEmailCell;

}  // namespace

std::string ManagerSubject(const ManagerReport& r) {
  std::string whose = r.recipient_id.empty() ? "Unrouted supervision exceptions"
                                             : "Supervision exceptions for " + r.team_label;
  return whose + ", week of " + r.week_label + ": " + std::to_string(r.breaches) + " overdue, " +
         std::to_string(r.warnings) + " due soon";
}

MailContent ComposeManagerEmail(const ManagerReport& r, const std::string& from) {
  std::ostringstream t, h;
  const std::string subject = ManagerSubject(r);
  t << (r.name.empty() ? "Hello" : "Dear " + r.name) << ",\n\n";
  t << "Supervision exceptions for the week of " << r.week_label;
  if (!r.team_label.empty()) t << ", " << r.team_label;
  t << ": " << r.breaches << " overdue, " << r.warnings << " due soon.\n";
  t << "Based on the case records extract imported " << r.imported_at << ", checked as of "
    << LongDate(r.as_of) << ".\n";
  for (const auto& n : r.notes) t << "\n" << n << "\n";
  for (const auto& p : r.failed_policies) {
    t << "\nWARNING: the " << p << " check could not run this week. Its items from last week are shown "
      << "as not checked; none of them is counted as resolved.\n";
  }
  h << HtmlHead(subject) << "<h1 style=\"font-size:22px;margin:0 0 8px\">Supervision exceptions, week of "
    << HtmlEscape(r.week_label) << "</h1>\n<p style=\"margin:0 0 12px\">"
    << HtmlEscape(r.team_label.empty() ? "Exceptions with nobody to route them to" : r.team_label) << ": <strong>"
    << r.breaches << " overdue</strong>, <strong>" << r.warnings << " due soon</strong>.<br>"
    << "Based on the case records extract imported " << HtmlEscape(r.imported_at) << ", checked as of "
    << HtmlEscape(LongDate(r.as_of)) << ".</p>\n";
  for (const auto& n : r.notes) {
    h << "<p style=\"margin:0 0 12px;padding:8px;border-left:5px solid #1d70b8\">" << HtmlEscape(n) << "</p>\n";
  }
  for (const auto& p : r.failed_policies) {
    h << "<p style=\"margin:0 0 12px;padding:8px;border-left:5px solid #d4351c\"><strong>Warning:</strong> the "
      << HtmlEscape(p) << " check could not run this week. Its items from last week are shown as not "
      << "checked; none of them is counted as resolved.</p>\n";
  }
  if (r.sections.empty()) {
    t << "\nNothing is overdue or due soon this week.\n";
    h << "<p>Nothing is overdue or due soon this week.</p>\n";
  }
  for (const PolicySection& s : r.sections) {
    t << "\n" << s.title << " (" << s.lines.size() << ")\n" << std::string(s.title.size() + 4, '-') << "\n";
    h << "<h2 style=\"font-size:19px;margin:20px 0 4px\">" << HtmlEscape(s.title) << " (" << s.lines.size()
      << ")</h2>\n";
    std::string last_code;
    for (const ExceptionLine& l : s.lines) {
      if (l.e.code != last_code) {
        last_code = l.e.code;
        auto rule = s.rules.find(l.e.code);
        if (rule != s.rules.end()) {
          t << "Rule: " << rule->second << "\n";
        }
      }
      t << "- " << What(l.e) << " (" << r.Label(l.e) << "): " << l.e.message << ". " << Late(l.e) << " ["
        << OpenFor(l) << "]\n";
    }
    // One column: each exception stacks its parts, so it fits a phone and Outlook alike.
    h << "<table role=\"presentation\" style=\"border-collapse:collapse;width:100%;max-width:720px\">\n";
    for (const auto& [code, text] : s.rules) {
      bool used = false;
      for (const auto& l : s.lines) used = used || l.e.code == code;
      if (!used) continue;
      h << "<tr><td style=\"padding:0 0 6px;color:#505a5f\">" << HtmlEscape(text)
        << "</td></tr>\n";
    }
    for (const ExceptionLine& l : s.lines) {
      h << "<tr><td style=\"" << kCell << "\"><strong>" << HtmlEscape(What(l.e)) << "</strong> ("
        << HtmlEscape(r.Label(l.e)) << ")";
      if (!Late(l.e).empty()) h << " &middot; " << HtmlEscape(Late(l.e));
      h << " &middot; " << HtmlEscape(OpenFor(l)) << "<br>" << HtmlEscape(l.e.message) << "</td></tr>\n";
    }
    h << "</table>\n";
  }
  t << "\nSince last week: " << r.new_items << " new, " << r.still_open << " still open, " << r.resolved.size()
    << " resolved.\n";
  h << "<h2 style=\"font-size:19px;margin:20px 0 4px\">Since last week</h2>\n<p style=\"margin:0 0 8px\">"
    << r.new_items << " new, " << r.still_open << " still open, " << r.resolved.size() << " resolved.</p>\n";
  if (!r.resolved.empty()) {
    h << "<ul style=\"margin:0 0 12px;padding-left:20px\">\n";
    for (const auto& e : r.resolved) {
      t << "- resolved: " << What(e) << " (" << r.Label(e) << ")\n";
      h << "<li>Resolved: " << HtmlEscape(What(e)) << " (" << HtmlEscape(r.Label(e)) << ")</li>\n";
    }
    h << "</ul>\n";
  }
  std::string text = t.str(), html = h.str();
  AppendFooter("Oversight weekly report", r.policy_version, &text, &html);
  return MakeMail(from, r.address, r.name, subject, std::move(text), std::move(html));
}

}  // namespace oversight
