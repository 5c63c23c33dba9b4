// The digest and the stale-data warning in words.
#include "weekly/service_emails.h"

#include <sstream>

#include "checks/exception_format.h"
#include "weekly/email_parts.h"

namespace oversight {

namespace {
const char* kCell = kEmailCell;
std::string Pct(const std::optional<double>& v) { return v ? FormatNumber2(*v) + "%" : "-"; }

std::string Th(const std::string& s) { return "<th scope=\"col\" style=\"" + std::string(kCell) + "\">" + s + "</th>"; }
std::string Td(const std::string& s) { return "<td style=\"" + std::string(kCell) + "\">" + HtmlEscape(s) + "</td>"; }
}  // namespace

MailContent ComposeDigest(const DigestReport& r, const std::string& from) {
  int breaches = 0;
  for (const auto& t : r.teams) breaches += t.breaches;
  const std::string subject = "Supervision digest, week of " + r.week_label + ": " + std::to_string(breaches) +
                              " overdue across " + std::to_string(r.teams.size()) +
                              (r.teams.size() == 1 ? " team" : " teams");
  std::ostringstream t, h;
  t << "Dear " << r.name << ",\n\n" << subject << ".\nBased on the case records extract imported "
    << r.imported_at << ", checked as of " << LongDate(r.as_of) << ".\n";
  h << HtmlHead(subject) << "<h1 style=\"font-size:22px;margin:0 0 8px\">" << HtmlEscape(subject) << "</h1>\n"
    << "<p>Based on the case records extract imported " << HtmlEscape(r.imported_at) << ", checked as of "
    << HtmlEscape(LongDate(r.as_of)) << ".</p>\n";
  for (const auto& p : r.failed_policies) {
    const std::string warning = "The " + p + " check could not run this week: its figures are not shown "
                                "and its exceptions are last week's.";
    t << "WARNING: " << warning << "\n";
    h << "<p style=\"padding:8px;border-left:5px solid #d4351c\"><strong>Warning:</strong> " << HtmlEscape(warning)
      << "</p>\n";
  }
  t << "\nTeams\n-----\n";
  h << "<h2 style=\"font-size:19px\">Teams</h2>\n"
    << "<table style=\"border-collapse:collapse;width:100%;max-width:720px\"><thead><tr>" << Th("Team")
    << Th("Overdue, due soon") << Th("In time: cases, well-being") << "</tr></thead><tbody>\n";
  for (const auto& row : r.teams) {
    t << "- " << row.name << " (" << row.team_id << "): " << row.breaches << " overdue, " << row.warnings
      << " due soon; cases supervised in time " << Pct(row.case_supervision_pct) << ", well-being in time "
      << Pct(row.wellbeing_pct) << "\n";
    h << "<tr>" << Td(row.name + " (" + row.team_id + ")")
      << Td(std::to_string(row.breaches) + ", " + std::to_string(row.warnings))
      << Td(Pct(row.case_supervision_pct) + ", " + Pct(row.wellbeing_pct)) << "</tr>\n";
  }
  h << "</tbody></table>\n";
  std::string iro = std::to_string(r.iros) + " IROs; average " +
                    (r.iro_average_per_fte ? FormatNumber2(*r.iro_average_per_fte) : std::string("-")) +
                    " children per FTE, highest " + std::to_string(r.iro_highest) + " (guidance: " +
                    FormatNumber2(r.iro_min) + " to " + FormatNumber2(r.iro_max) + " per FTE)";
  t << "\nIRO caseloads\n-------------\n" << iro << "\n";
  h << "<h2 style=\"font-size:19px\">IRO caseloads</h2>\n<p>" << HtmlEscape(iro) << "</p>\n";
  t << "\nASYE workers\n------------\n";
  h << "<h2 style=\"font-size:19px\">ASYE workers</h2>\n";
  if (r.asye_workers.empty()) {
    t << "None.\n";
    h << "<p>None.</p>\n";
  } else {
    h << "<ul>\n";
    for (const auto& [id, open] : r.asye_workers) {
      const std::string items = std::to_string(open) + (open == 1 ? " open ASYE exception" : " open ASYE exceptions");
      t << "- " << id << ": " << items << "\n";
      h << "<li>" << HtmlEscape(id) << ": " << items << "</li>\n";
    }
    h << "</ul>\n";
  }
  t << "\nLongest-standing exceptions\n---------------------------\n";
  h << "<h2 style=\"font-size:19px\">Longest-standing exceptions</h2>\n";
  if (r.longest.empty()) {
    t << "None.\n";
    h << "<p>None.</p>\n";
  } else {
    h << "<table style=\"border-collapse:collapse;width:100%;max-width:720px\"><thead><tr>" << Th("Who")
      << Th("What") << Th("Open for") << "</tr></thead><tbody>\n";
    for (const auto& l : r.longest) {
      std::string who = l.e.case_id.empty() ? "Worker " + l.e.worker_id : "Case " + l.e.case_id + ", worker " + l.e.worker_id;
      std::string open = std::to_string(l.weeks_open) + (l.weeks_open == 1 ? " week" : " weeks");
      t << "- " << who << ": " << l.e.message << " (" << open << ")\n";
      h << "<tr>" << Td(who) << Td(l.e.message) << Td(open) << "</tr>\n";
    }
    h << "</tbody></table>\n";
  }
  std::string text = t.str(), html = h.str();
  AppendFooter("Oversight weekly digest", r.policy_version, &text, &html);
  return MakeMail(from, r.address, r.name, subject, std::move(text), std::move(html));
}

MailContent ComposeStaleWarning(const StaleWarning& w, const std::string& from) {
  const std::string subject = "Oversight: no exceptions sent for the week of " + w.week_label +
                              ": the case records extract is " + std::to_string(w.days_old) + " days old";
  const std::string body = "The newest case records extract was imported " + w.imported_at + ", " +
                           std::to_string(w.days_old) + " days before " + LongDate(w.as_of) +
                           ". Exceptions are not sent from an extract more than " +
                           std::to_string(w.stale_after_days) +
                           " days old, because they would not be current. Import a fresh extract and run the "
                           "weekly job again: the managers' emails for this week will then be sent.";
  return MakeMail(from, w.address, w.name, subject, (w.name.empty() ? "Hello" : "Dear " + w.name) + ",\n\n" + body + "\n",
                  HtmlHead(subject) + "<h1 style=\"font-size:22px\">" + HtmlEscape(subject) + "</h1>\n<p>" +
                      HtmlEscape(body) + "</p>\n</body></html>\n");
}

}  // namespace oversight
