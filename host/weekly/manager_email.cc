// The manager's email in words: each section written once, into an EmailDoc.
#include "weekly/manager_email.h"

#include "weekly/email_parts.h"

namespace oversight {

namespace {

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Counts(int breaches, int warnings) {
  return std::to_string(breaches) + " overdue, " + std::to_string(warnings) + " due soon";
}

// Said in words as well as shown in colour.
std::string SeverityWord(const RecordedException& e) { return e.severity == "breach" ? "OVERDUE" : "DUE SOON"; }

std::string OpenFor(const ExceptionLine& l) {
  if (l.e.unchecked) return "not checked this week";
  if (l.weeks_open <= 1) return "new";
  return "open " + std::to_string(l.weeks_open) + " weeks";
}

Spans Late(const RecordedException& e) {
  if (e.days_overdue) return {Words(Plural(*e.days_overdue, "day late", "days late"))};
  if (!e.due_date.empty()) return {Words("due "), DateSpan(e.due_date)};
  return {};
}

ItemBlock Item(const ManagerReport& r, const ExceptionLine& l) {
  ItemBlock i;
  i.mark = SeverityWord(l.e);
  i.alert = l.e.severity == "breach";
  i.lead = Late(l.e);
  i.body = ItemSpans(l.e);
  i.foot = {Words(r.Label(l.e))};
  i.status = OpenFor(l);
  i.status_stands_out = !l.e.unchecked && l.weeks_open <= 1;
  return i;
}

Spans WorkerName(const ManagerReport& r, const std::string& worker_id) {
  return {LinkTo(r.staff.Of(worker_id), r.links.WorkerPage(worker_id))};
}

void AddOpening(const ManagerReport& r, EmailDoc* doc) {
  doc->Title({Words("Supervision exceptions, week of "), Kept(r.week_label)});
  Spans who{Words(r.name.empty() ? "Hello, " : "Dear " + r.name + ", ")};
  if (r.recipient_id.empty()) {
    who.push_back(Words("exceptions with nobody to route them to"));
  } else {
    who.push_back(Words("for "));
    who.push_back(LinkTo(r.team_label, r.links.TeamPage(r.team_id)));
  }
  who.push_back(Words(": "));
  who.push_back(Strong(std::to_string(r.breaches) + " overdue"));
  who.push_back(Words(", "));
  who.push_back(Strong(std::to_string(r.warnings) + " due soon"));
  who.push_back(Words("."));
  doc->Paragraph(std::move(who));
  doc->Paragraph({Words("Since last week: "), Strong(std::to_string(r.new_items) + " new"), Words(", "),
                  Strong(std::to_string(r.still_open) + " still open"), Words(", "),
                  Strong(std::to_string(r.resolved.size()) + " resolved"), Words(".")});
  for (const auto& p : r.failed_policies) {
    doc->Paragraph({Strong("Warning: "), Words("the " + p + " check could not run this week. Its items from last "
                                               "week are shown as not checked; none of them is counted as resolved.")},
                   Tone::kWarning);
  }
  for (const auto& n : r.notes) doc->Paragraph({Words(n)}, Tone::kNote);
  if (r.workers.empty()) doc->Paragraph({Words("Nothing is overdue or due soon this week.")});
}

// The items, worker by worker, up to the row budget; what is left, summarised per worker.
void AddWorkers(const ManagerReport& r, EmailDoc* doc) {
  size_t shown = 0, left = 0;
  std::vector<Spans> rest;
  for (const WorkerItems& w : r.workers) {
    size_t n = 0;
    if (shown < r.rows_before_summary) {
      Spans heading = WorkerName(r, w.worker_id);
      heading.push_back(Words(": " + Counts(w.breaches, w.warnings)));
      doc->Heading(std::move(heading));
      for (; n < w.lines.size() && shown < r.rows_before_summary; ++n, ++shown) doc->Item(Item(r, w.lines[n]));
    }
    if (n == w.lines.size()) continue;
    int breaches = 0, warnings = 0;
    for (size_t k = n; k < w.lines.size(); ++k) (w.lines[k].e.severity == "breach" ? breaches : warnings)++;
    left += w.lines.size() - n;
    Spans entry = WorkerName(r, w.worker_id);
    entry.push_back(Words(": " + std::string(n ? "a further " : "") + Counts(breaches, warnings)));
    rest.push_back(std::move(entry));
  }
  if (rest.empty()) return;
  doc->Heading({Words(Plural(static_cast<int64_t>(left), "more item", "more items") + ", by worker")});
  Spans where{Words("This email lists the first " + std::to_string(shown) + " items. ")};
  const std::string full = r.team_id.empty() ? r.links.Home() : r.links.TeamPage(r.team_id);
  if (full.empty()) {
    where.push_back(Words("The full list is on the Oversight dashboard."));
  } else {
    where.push_back(LinkTo("See the full list on the dashboard", full));
    where.push_back(Words("."));
  }
  doc->Paragraph(std::move(where));
  doc->List(std::move(rest));
}

void AddResolved(const ManagerReport& r, EmailDoc* doc) {
  if (r.resolved.empty()) return;
  doc->Heading({Words("Resolved since last week (" + std::to_string(r.resolved.size()) + ")")});
  std::vector<Spans> entries;
  for (const auto& e : r.resolved) {
    if (entries.size() == r.rows_before_summary) {
      entries.push_back({Words("and " + std::to_string(r.resolved.size() - entries.size()) + " more")});
      break;
    }
    std::string what = e.case_id.empty() ? r.staff.Of(e.worker_id) : "Case " + e.case_id + ", " + r.staff.Of(e.worker_id);
    entries.push_back({Words("Resolved: " + what + " (" + r.Label(e) + ")")});
  }
  doc->List(std::move(entries));
}

void AddRules(const ManagerReport& r, EmailDoc* doc) {
  if (r.rules.empty()) return;
  doc->Heading({Words("The rules")});
  std::vector<Spans> entries;
  for (const RuleText& rule : r.rules) entries.push_back({Strong(rule.title + ": "), Words(rule.text)});
  doc->List(std::move(entries));
}

}  // namespace

std::string ManagerSubject(const ManagerReport& r) {
  const std::string whose = r.recipient_id.empty() ? "unrouted exceptions" : r.team_label;
  return Counts(r.breaches, r.warnings) + " (" + std::to_string(r.new_items) + " new): " + whose + ", week of " +
         r.week_label;
}

MailContent ComposeManagerEmail(const ManagerReport& r, const std::string& from) {
  EmailDoc doc;
  AddOpening(r, &doc);
  AddWorkers(r, &doc);
  AddResolved(r, &doc);
  AddRules(r, &doc);
  AppendFooter("Oversight weekly report", r.imported_at, r.as_of, r.policy, &doc);
  const std::string subject = ManagerSubject(r);
  return MakeMail(from, r.address, r.name, subject, doc.Text(), doc.Html(subject));
}

}  // namespace oversight
