// The digest and the stale-data warning in words: each section written once, into an EmailDoc.
#include "weekly/service_emails.h"

#include "checks/exception_format.h"
#include "weekly/email_parts.h"

namespace oversight {

namespace {

std::string Pct(const std::optional<double>& v) { return v ? FormatNumber2(*v) + "%" : "-"; }

std::string Change(const DigestTeamRow& t) {
  if (!t.breaches_last_week) return "-";
  const int d = t.breaches - *t.breaches_last_week;
  return d > 0 ? "+" + std::to_string(d) : std::to_string(d);
}

std::string Weeks(int n) { return std::to_string(n) + (n == 1 ? " week" : " weeks"); }

void AddOpening(const DigestReport& r, int breaches, EmailDoc* doc) {
  int warnings = 0, last_week = 0;
  bool compared = false;
  for (const auto& t : r.teams) {
    warnings += t.warnings;
    last_week += t.breaches_last_week.value_or(0);
    compared = compared || t.breaches_last_week;
  }
  doc->Title({Words("Supervision digest, week of "), Kept(r.week_label)});
  Spans s{Words("Dear " + r.name + ", across your " + std::to_string(r.team_count) +
                (r.team_count == 1 ? " team: " : " teams: ")),
          Strong(std::to_string(breaches) + " overdue"), Words(", "), Strong(std::to_string(warnings) + " due soon")};
  if (compared) s.push_back(Words("; last week " + std::to_string(last_week) + " overdue"));
  s.push_back(Words("."));
  doc->Paragraph(std::move(s));
  for (const auto& p : r.failed_policies) {
    doc->Paragraph({Strong("Warning: "), Words("the " + p + " check could not run this week: its figures are not "
                                               "shown and its exceptions are last week's.")},
                   Tone::kWarning);
  }
}

// Two narrow tables in the same order rather than one wide one: each fits a phone.
void AddTeams(const DigestReport& r, EmailDoc* doc) {
  doc->Heading({Words("Teams, worst first")});
  std::vector<std::vector<Spans>> counts, in_time;
  for (const auto& t : r.teams) {
    const Spans team{LinkTo(t.name + " (" + t.team_id + ")", r.links.TeamPage(t.team_id))};
    counts.push_back({team, {Words(std::to_string(t.breaches))}, {Words(Change(t))},
                      {Words(std::to_string(t.warnings))}});
    in_time.push_back({team, {Words(Pct(t.case_supervision_pct))}, {Words(Pct(t.wellbeing_pct))}});
  }
  if (!counts.empty()) {
    doc->Table({"Team", "Overdue", "Change since last week", "Due soon"}, std::move(counts));
  }
  const int quiet = r.team_count - static_cast<int>(r.teams.size());
  if (quiet > 0) {
    doc->Paragraph({Words(std::to_string(quiet) + (quiet == 1 ? " team has" : " teams have") +
                          " nothing to report this week and " + (quiet == 1 ? "is" : "are") + " not listed.")},
                   Tone::kQuiet);
  }
  if (in_time.empty()) return;
  doc->Heading({Words("Supervised in time")});
  doc->Table({"Team", "Cases", "Well-being"}, std::move(in_time));
}

void AddIro(const DigestReport& r, EmailDoc* doc) {
  doc->Heading({Words("IRO caseloads")});
  doc->Paragraph({Words(std::to_string(r.iros) + " IROs; average " +
                        (r.iro_average_per_fte ? FormatNumber2(*r.iro_average_per_fte) : std::string("-")) +
                        " children per FTE, highest " + std::to_string(r.iro_highest) + " (guidance: " +
                        FormatNumber2(r.iro_min) + " to " + FormatNumber2(r.iro_max) + " per FTE).")});
}

void AddAsye(const DigestReport& r, EmailDoc* doc) {
  doc->Heading({Words("ASYE workers with open items")});
  if (r.asye_workers.empty()) {
    doc->Paragraph({Words("None.")});
    return;
  }
  std::vector<Spans> entries;
  for (const auto& [id, open] : r.asye_workers) {
    entries.push_back({LinkTo(r.staff.Of(id), r.links.WorkerPage(id)),
                       Words(": " + std::to_string(open) + (open == 1 ? " open ASYE item" : " open ASYE items"))});
  }
  doc->List(std::move(entries));
}

void AddLongest(const DigestReport& r, EmailDoc* doc) {
  doc->Heading({Words("Longest-standing exceptions")});
  if (r.longest.empty()) {
    doc->Paragraph({Words("None.")});
    return;
  }
  doc->Paragraph({Words("\"On the list for\" is how long an item has been in these weekly emails, not how late it "
                        "is: how late it is, is in the last column.")},
                 Tone::kQuiet);
  std::vector<std::vector<Spans>> rows;
  for (const auto& l : r.longest) {
    Spans late{Words("-")};
    if (l.e.days_overdue) {
      late = {Words(std::to_string(*l.e.days_overdue) + (*l.e.days_overdue == 1 ? " day" : " days"))};
    } else if (!l.e.due_date.empty()) {
      late = {Words("due "), DateSpan(l.e.due_date)};
    }
    rows.push_back({{LinkTo(r.staff.Of(l.e.worker_id), r.links.WorkerPage(l.e.worker_id))}, ItemSpans(l.e), {Words(Weeks(l.weeks_open))}, late});
  }
  doc->Table({"Worker", "What", "On the list for", "How late"}, std::move(rows));
}

}  // namespace

MailContent ComposeDigest(const DigestReport& r, const std::string& from) {
  int breaches = 0;
  for (const auto& t : r.teams) breaches += t.breaches;
  const std::string subject = std::to_string(breaches) + " overdue across " + std::to_string(r.team_count) +
                              (r.team_count == 1 ? " team" : " teams") + ": supervision digest, week of " +
                              r.week_label;
  EmailDoc doc;
  AddOpening(r, breaches, &doc);
  AddTeams(r, &doc);
  AddIro(r, &doc);
  AddAsye(r, &doc);
  AddLongest(r, &doc);
  AppendFooter("Oversight weekly digest", r.imported_at, r.as_of, r.policy, &doc);
  return MakeMail(from, r.address, r.name, subject, doc.Text(), doc.Html(subject));
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
  EmailDoc doc;
  doc.Title({Words(subject)});
  doc.Paragraph({Words((w.name.empty() ? "Hello" : "Dear " + w.name) + ",")});
  doc.Paragraph({Words(body)});
  return MakeMail(from, w.address, w.name, subject, doc.Text(), doc.Html(subject));
}

}  // namespace oversight
