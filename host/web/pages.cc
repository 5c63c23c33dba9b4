// Page layout, the caseload chart as inline SVG with its table, and the exceptions list.
#include "web/pages.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "checks/exception_format.h"
#include "checks/planner.h"
#include "weekly/email_parts.h"

namespace oversight {

namespace {

std::string Layout(const std::string& title, const std::string& body, const User* user, const std::string& csrf) {
  std::string nav;
  if (user) {
    nav = "<nav aria-label=\"Dashboard\"><ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/\">Caseload "
          "balance</a></li><li><a class=\"govuk-link\" href=\"/trends\">Compliance over 12 weeks</a></li><li><a "
          "class=\"govuk-link\" href=\"/iro\">IRO capacity</a></li>" +
          std::string(user->role == "manager" ? "" : "<li><a class=\"govuk-link\" href=\"/policies\">Policy versions</a></li>"
                                                     "<li><a class=\"govuk-link\" href=\"/whatif\">What if</a></li>") +
          std::string(user->role == "admin" ? "<li><a class=\"govuk-link\" href=\"/users\">Users</a></li>" : "") +
          "</ul></nav><p class=\"govuk-body-s\">Signed in as " + HtmlEscape(user->username) + " (" + HtmlEscape(user->role) +
          ")</p><form method=\"post\" action=\"/sign-out\"><input type=\"hidden\" name=\"csrf_token\" value=\"" +
          csrf + "\"><button class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Sign out"
          "</button></form>";
  }
  return "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
         HtmlEscape(title) + " - Oversight</title><link rel=\"stylesheet\" href=\"/static/govuk-frontend.min.css\">"
         "</head>\n<body class=\"govuk-template__body\"><a href=\"#main-content\" class=\"govuk-skip-link\">"
         "Skip to main content</a>\n<header class=\"govuk-header\"><div class=\"govuk-header__container "
         "govuk-width-container\"><a href=\"/\" class=\"govuk-header__link govuk-header__service-name\">Oversight"
         "</a></div></header>\n<div class=\"govuk-width-container\"><main class=\"govuk-main-wrapper\" "
         "id=\"main-content\">" + nav + body + "</main></div></body></html>\n";
}

// Weighted caseload against cap per worker, as horizontal bars; the table beside it has
// the same figures for those who do not read charts.
std::string CaseloadChart(const DashboardData& d, const std::vector<const WorkerLoad*>& loads) {
  double top = 1;
  for (const auto* l : loads) top = std::max({top, l->weighted, l->cap});
  const int row = 28, width = 360, label = 90;
  std::ostringstream svg;
  svg << "<svg role=\"img\" aria-labelledby=\"chart-title\" width=\"100%\" viewBox=\"0 0 " << (label + width + 60)
      << " " << (row * static_cast<int>(loads.size()) + 10) << "\" xmlns=\"http://www.w3.org/2000/svg\""
      << " font-family=\"Arial, Helvetica, sans-serif\"><title id=\"chart-title\">Weighted caseload against cap for "
      << "each worker (the bar: weighted caseload; the line: cap; red: over cap)</title>";
  int y = 5;
  for (const auto* l : loads) {
    const Worker& w = d.run.org.worker(l->worker);
    const int bar = static_cast<int>(width * l->weighted / top), cap = static_cast<int>(width * l->cap / top);
    const bool over = Round2(l->weighted) > Round2(l->cap);
    svg << "<text x=\"0\" y=\"" << (y + 17) << "\" font-size=\"14\" fill=\"#0b0c0c\">" << HtmlEscape(w.id) << "</text>"
        << "<rect x=\"" << label << "\" y=\"" << y << "\" width=\"" << bar << "\" height=\"20\" fill=\""
        << (over ? "#d4351c" : "#1d70b8") << "\"/>"
        << "<line x1=\"" << (label + cap) << "\" x2=\"" << (label + cap) << "\" y1=\"" << (y - 2) << "\" y2=\""
        << (y + 22) << "\" stroke=\"#0b0c0c\" stroke-width=\"3\"/>"
        << "<text x=\"" << (label + std::max(bar, cap) + 6) << "\" y=\"" << (y + 17)
        << "\" font-size=\"14\" fill=\"#0b0c0c\">" << FormatNumber2(l->weighted) << "</text>";
    y += row;
  }
  svg << "</svg>";
  return svg.str();
}

const char* StateWords(const WorkerLoad& l) {
  if (!l.employed) return "Left, still holding cases";
  if (l.absent) return "Away today";
  return l.asye ? "In ASYE" : "Working";
}

}  // namespace

namespace {
std::string Th(const std::string& s) { return "<th scope=\"col\" class=\"govuk-table__header\">" + s + "</th>"; }
std::string Td(const std::string& s) { return "<td class=\"govuk-table__cell\">" + HtmlEscape(s) + "</td>"; }
std::string Percent(int64_t part, int64_t whole) {
  return whole ? FormatNumber2(100.0 * static_cast<double>(part) / static_cast<double>(whole)) + "%" : "-";
}
}  // namespace

std::string SignInPage(const std::string& csrf, const std::string& error) {
  std::string body = "<h1 class=\"govuk-heading-l\">Sign in</h1>";
  if (!error.empty()) {
    body += "<div class=\"govuk-error-summary\" role=\"alert\" tabindex=\"-1\"><h2 class=\"govuk-error-summary__title\">"
            "There is a problem</h2><div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">" +
            HtmlEscape(error) + "</p></div></div>";
  }
  body += "<form method=\"post\" action=\"/sign-in\" novalidate><input type=\"hidden\" name=\"csrf_token\" value=\"" +
          csrf + "\"><div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"username\">Username</label>"
          "<input class=\"govuk-input govuk-!-width-one-half\" id=\"username\" name=\"username\" type=\"text\" "
          "autocomplete=\"username\" spellcheck=\"false\"></div><div class=\"govuk-form-group\"><label "
          "class=\"govuk-label\" for=\"password\">Password</label><input class=\"govuk-input "
          "govuk-!-width-one-half\" id=\"password\" name=\"password\" type=\"password\" "
          "autocomplete=\"current-password\"></div><button class=\"govuk-button\" data-module=\"govuk-button\">"
          "Sign in</button></form>";
  return Layout("Sign in", body, nullptr, "");
}

std::string HomePage(const User& user, const std::string& csrf, const DashboardData& d,
                     const std::vector<const Team*>& teams) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Caseload balance</h1><p class=\"govuk-body\">As of "
    << LongDate(FormatDate(d.day)) << ".</p><table class=\"govuk-table\" id=\"teams\"><caption class=\"govuk-table__caption "
    << "govuk-table__caption--m\">Teams you can see</caption><thead class=\"govuk-table__head\"><tr "
    << "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Team</th><th scope=\"col\" "
    << "class=\"govuk-table__header\">Service</th><th scope=\"col\" class=\"govuk-table__header\">Weighted "
    << "caseload</th><th scope=\"col\" class=\"govuk-table__header\">Capacity</th><th scope=\"col\" "
    << "class=\"govuk-table__header\">Exceptions</th></tr></thead><tbody class=\"govuk-table__body\">";
  for (const Team* t : teams) {
    double weighted = 0, capacity = 0;
    for (const auto& l : d.loads) {
      if (d.run.org.worker(l.worker).team != t->key || !l.employed) continue;
      weighted += l.weighted;
      if (!l.absent) capacity += l.cap;
    }
    int exceptions = 0;
    for (const auto& e : d.run.exceptions) exceptions += d.run.org.worker(e.worker).team == t->key;
    b << "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/teams/"
      << HtmlEscape(t->id) << "\">" << HtmlEscape(t->name) << " (" << HtmlEscape(t->id) << ")</a></td><td "
      << "class=\"govuk-table__cell\">" << HtmlEscape(t->service) << "</td><td class=\"govuk-table__cell\">"
      << FormatNumber2(weighted) << "</td><td class=\"govuk-table__cell\">" << FormatNumber2(capacity)
      << "</td><td class=\"govuk-table__cell\">" << exceptions << "</td></tr>";
  }
  b << "</tbody></table>";
  // The same, summed by service, for heads of service who look across teams.
  std::map<std::string, std::pair<double, double>> services;
  for (const Team* t : teams) {
    auto& sum = services[t->service];
    for (const auto& l : d.loads) {
      if (d.run.org.worker(l.worker).team != t->key || !l.employed) continue;
      sum.first += l.weighted;
      if (!l.absent) sum.second += l.cap;
    }
  }
  b << "<table class=\"govuk-table\" id=\"services\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
    << "By service</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">" << Th("Service")
    << Th("Weighted caseload") << Th("Capacity") << Th("Use of capacity") << "</tr></thead><tbody class=\"govuk-table__body\">";
  for (const auto& [service, sum] : services) {
    b << "<tr class=\"govuk-table__row\">" << Td(service) << Td(FormatNumber2(sum.first)) << Td(FormatNumber2(sum.second))
      << Td(sum.second > 0 ? FormatNumber2(100 * sum.first / sum.second) + "%" : "-") << "</tr>";
  }
  b << "</tbody></table>";
  return Layout("Caseload balance", b.str(), &user, csrf);
}

std::string TeamPage(const User& user, const std::string& csrf, const DashboardData& d, const Team& t,
                     const std::string& policy_filter) {
  const Organisation& org = d.run.org;
  std::vector<const WorkerLoad*> loads;
  for (const auto& l : d.loads) {
    if (org.worker(l.worker).team == t.key) loads.push_back(&l);
  }
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">" << HtmlEscape(t.name) << " (" << HtmlEscape(t.id) << ")</h1>"
    << "<p class=\"govuk-body\">" << HtmlEscape(t.service) << ", as of " << LongDate(FormatDate(d.day)) << ".</p>"
    << "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/teams/" << HtmlEscape(t.id)
    << "/plan\">Plan: who could take a new case, and rebalancing</a></p>"
    << "<h2 class=\"govuk-heading-m\">Caseload against cap</h2><div class=\"govuk-grid-row\"><div "
    << "class=\"govuk-grid-column-one-half\">" << CaseloadChart(d, loads) << "</div><div "
    << "class=\"govuk-grid-column-one-half\"><table class=\"govuk-table\" id=\"caseload\"><caption "
    << "class=\"govuk-table__caption govuk-table__caption--s\">Weighted caseload by worker (<a class=\"govuk-link\" "
    << "href=\"/teams/" << HtmlEscape(t.id) << "/caseload.csv\">download as CSV</a>)</caption><thead "
    << "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
    << "class=\"govuk-table__header\">Worker</th><th scope=\"col\" class=\"govuk-table__header\">Weighted</th><th "
    << "scope=\"col\" class=\"govuk-table__header\">Cap</th><th scope=\"col\" class=\"govuk-table__header\">State"
    << "</th></tr></thead><tbody class=\"govuk-table__body\">";
  for (const auto* l : loads) {
    const Worker& w = org.worker(l->worker);
    b << "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">" << HtmlEscape(w.id) << " "
      << HtmlEscape(w.name) << "</td><td class=\"govuk-table__cell\">" << FormatNumber2(l->weighted)
      << "</td><td class=\"govuk-table__cell\">" << FormatNumber2(l->cap) << "</td><td class=\"govuk-table__cell\">"
      << StateWords(*l) << "</td></tr>";
  }
  b << "</tbody></table></div></div>";
  std::set<std::string> policies;
  for (const auto& e : d.run.exceptions) {
    if (org.worker(e.worker).team == t.key) policies.insert(e.policy);
  }
  b << "<h2 class=\"govuk-heading-m\">Exceptions</h2><form method=\"get\" action=\"/teams/" << HtmlEscape(t.id)
    << "\"><div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"policy\">Policy</label><select "
    << "class=\"govuk-select\" id=\"policy\" name=\"policy\"><option value=\"\">All policies</option>";
  for (const auto& p : policies) {
    b << "<option value=\"" << HtmlEscape(p) << "\"" << (p == policy_filter ? " selected" : "") << ">"
      << HtmlEscape(p) << "</option>";
  }
  b << "</select></div><button class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
    << "Filter</button></form><table class=\"govuk-table\" id=\"exceptions\"><caption class=\"govuk-table__caption "
    << "govuk-table__caption--s\">" << (policy_filter.empty() ? "All exceptions" : "Exceptions: " + HtmlEscape(policy_filter))
    << "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
    << "class=\"govuk-table__header\">Policy</th><th scope=\"col\" class=\"govuk-table__header\">What</th><th "
    << "scope=\"col\" class=\"govuk-table__header\">Worker</th><th scope=\"col\" class=\"govuk-table__header\">Case"
    << "</th><th scope=\"col\" class=\"govuk-table__header\">Days late</th></tr></thead><tbody "
    << "class=\"govuk-table__body\">";
  for (const auto& e : d.run.exceptions) {
    if (org.worker(e.worker).team != t.key) continue;
    if (!policy_filter.empty() && e.policy != policy_filter) continue;
    b << "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">" << HtmlEscape(e.policy) << "</td><td "
      << "class=\"govuk-table__cell\">" << HtmlEscape(e.message) << "</td><td class=\"govuk-table__cell\">"
      << HtmlEscape(org.worker(e.worker).id) << "</td><td class=\"govuk-table__cell\">"
      << HtmlEscape(e.case_id.value_or("-")) << "</td><td class=\"govuk-table__cell\">"
      << (e.days_overdue ? std::to_string(*e.days_overdue) : "-") << "</td></tr>";
  }
  b << "</tbody></table>";
  return Layout(t.name, b.str(), &user, csrf);
}

std::string PlanPage(const User& user, const std::string& csrf, const DashboardData& d, const Team& t,
                     const std::string& case_type) {
  const Organisation& org = d.run.org;
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Planning for " << HtmlEscape(t.name) << " (" << HtmlEscape(t.id) << ")</h1>"
    << "<form method=\"get\" action=\"/teams/" << HtmlEscape(t.id) << "/plan\"><div class=\"govuk-form-group\">"
    << "<label class=\"govuk-label\" for=\"case_type\">Type of the new case</label><select class=\"govuk-select\" "
    << "id=\"case_type\" name=\"case_type\">";
  for (const auto& [type, weight] : d.settings.weights) {
    b << "<option value=\"" << HtmlEscape(type) << "\"" << (type == case_type ? " selected" : "") << ">"
      << HtmlEscape(type) << " (weight " << FormatNumber2(weight) << ")</option>";
  }
  b << "</select></div><button class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Show"
    << "</button></form>";
  auto plan = PlanNewCase(org, d.loads, d.settings, {t.key}, case_type);
  if (plan.ok()) {
    b << "<h2 class=\"govuk-heading-m\">Best placed for a new " << HtmlEscape(case_type) << " case</h2>";
    if (plan->ranked.empty()) b << "<p class=\"govuk-body\">Nobody in the team can take it within cap.</p>";
    b << "<ol class=\"govuk-list govuk-list--number\" id=\"ranked\">";
    for (const auto& c : plan->ranked) {
      b << "<li>" << HtmlEscape(org.worker(c.worker).id) << " " << HtmlEscape(org.worker(c.worker).name) << ": "
        << HtmlEscape(c.reason) << "</li>";
    }
    b << "</ol>";
    if (!plan->left_out.empty()) {
      b << "<h3 class=\"govuk-heading-s\">Left out</h3><ul class=\"govuk-list govuk-list--bullet\">";
      for (const auto& c : plan->left_out) {
        b << "<li>" << HtmlEscape(org.worker(c.worker).id) << ": " << HtmlEscape(c.reason) << "</li>";
      }
      b << "</ul>";
    }
  }
  std::vector<WorkerLoad> team;
  for (const auto& l : d.loads) {
    if (org.worker(l.worker).team == t.key) team.push_back(l);
  }
  RebalancePlan r = PlanRebalance(org, team, d.settings);
  b << "<h2 class=\"govuk-heading-m\">Bringing everyone within cap</h2><p class=\"govuk-body\">" << r.moves.size()
    << (r.moves.size() == 1 ? " move" : " moves") << " (at least " << r.lower_bound << " are needed).</p>"
    << "<table class=\"govuk-table\" id=\"moves\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
    << "Proposed moves</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
    << "class=\"govuk-table__header\">Case</th><th scope=\"col\" class=\"govuk-table__header\">From</th><th "
    << "scope=\"col\" class=\"govuk-table__header\">To</th></tr></thead><tbody class=\"govuk-table__body\">";
  for (const Move& m : r.moves) {
    b << "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">" << HtmlEscape(m.case_id) << " ("
      << HtmlEscape(m.case_type) << ")</td><td class=\"govuk-table__cell\">" << HtmlEscape(org.worker(m.from).id)
      << "</td><td class=\"govuk-table__cell\">" << HtmlEscape(org.worker(m.to).id) << "</td></tr>";
  }
  b << "</tbody></table>";
  if (!r.balanced()) {
    b << "<div class=\"govuk-inset-text\">The team cannot be brought within cap: it is short by "
      << FormatNumber2(r.shortfall_weighted) << " weighted cases, about " << FormatNumber2(r.shortfall_fte)
      << " FTE at the standard caseload.</div>";
  }
  return Layout("Planning for " + t.name, b.str(), &user, csrf);
}


std::string TrendsPage(const User& user, const std::string& csrf, const std::vector<RecordedTeamMeasures>& rows) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Compliance over 12 weeks</h1>";
  if (rows.empty()) {
    b << "<p class=\"govuk-body\">No weekly runs yet: the trend builds up as the weekly job runs.</p>";
  } else {
    b << "<table class=\"govuk-table\" id=\"trends\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
      << "Cases supervised in time and workers with well-being supervision in time, by week</caption><thead "
      << "class=\"govuk-table__head\"><tr class=\"govuk-table__row\">" << Th("Week of") << Th("Team")
      << Th("Cases in time") << Th("Well-being in time") << "</tr></thead><tbody class=\"govuk-table__body\">";
    for (const auto& r : rows) {
      b << "<tr class=\"govuk-table__row\">" << Td(LongDate(r.week)) << Td(r.team_id)
        << Td(Percent(r.cases_in_time, r.open_cases)) << Td(Percent(r.wellbeing_in_time, r.wellbeing_workers)) << "</tr>";
    }
    b << "</tbody></table>";
  }
  return Layout("Compliance over 12 weeks", b.str(), &user, csrf);
}

std::string IroPage(const User& user, const std::string& csrf, const DashboardData& d,
                    const std::vector<const Team*>& teams) {
  const Organisation& org = d.run.org;
  std::set<int64_t> visible;
  for (const Team* t : teams) visible.insert(t->key);
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">IRO capacity</h1><p class=\"govuk-body\">Guidance: "
    << FormatNumber2(d.settings.iro_min_per_fte) << " to " << FormatNumber2(d.settings.iro_max_per_fte)
    << " children per full-time IRO. As of " << LongDate(FormatDate(d.day)) << ".</p>"
    << "<table class=\"govuk-table\" id=\"iros\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
    << "IROs and the children they review</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
    << Th("IRO") << Th("FTE") << Th("Limit") << Th("State") << "</tr></thead><tbody class=\"govuk-table__body\">";
  for (const Worker& w : org.workers()) {
    if (w.role != "iro" || !org.Employed(w.key, d.day) || !visible.count(w.team)) continue;
    const double limit = d.settings.iro_max_per_fte * w.fte;
    bool over = false;
    for (const auto& e : d.run.exceptions) over = over || (e.worker == w.key && e.policy == "iro_caseload");
    b << "<tr class=\"govuk-table__row\">" << Td(w.id + " " + w.name) << Td(FormatNumber2(w.fte))
      << Td(FormatNumber2(limit)) << Td(over ? "Over the limit" : "Within the limit") << "</tr>";
  }
  b << "</tbody></table>";
  return Layout("IRO capacity", b.str(), &user, csrf);
}

std::string PolicyVersionsPage(const User& user, const std::string& csrf, const std::vector<RunRecord>& runs) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Policy versions</h1><p class=\"govuk-body\">Each run records the version "
    << "(a content hash of every plugin and setting) of the policies it used. To try a change first, run "
    << "<code>oversight whatif</code> with the draft.</p><table class=\"govuk-table\" id=\"runs\"><caption "
    << "class=\"govuk-table__caption govuk-table__caption--s\">Recent runs</caption><thead class=\"govuk-table__head\">"
    << "<tr class=\"govuk-table__row\">" << Th("Run") << Th("Kind") << Th("As of") << Th("Policy version")
    << Th("Exceptions") << "</tr></thead><tbody class=\"govuk-table__body\">";
  for (const auto& r : runs) {
    b << "<tr class=\"govuk-table__row\">" << Td(std::to_string(r.run_id)) << Td(r.kind) << Td(r.as_of)
      << Td(r.policy_version.empty() ? "-" : r.policy_version) << Td(std::to_string(r.exceptions)) << "</tr>";
  }
  b << "</tbody></table>";
  return Layout("Policy versions", b.str(), &user, csrf);
}

std::string UsersPage(const User& user, const std::string& csrf, const std::vector<User>& users,
                      const std::string& message) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Users</h1>";
  if (!message.empty()) b << "<div class=\"govuk-inset-text\" role=\"status\">" << HtmlEscape(message) << "</div>";
  b << "<table class=\"govuk-table\" id=\"users\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
    << "Who can sign in</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">" << Th("Username")
    << Th("Role") << Th("Worker") << "</tr></thead><tbody class=\"govuk-table__body\">";
  for (const auto& u : users) {
    b << "<tr class=\"govuk-table__row\">" << Td(u.username) << Td(u.role) << Td(u.worker_id.empty() ? "-" : u.worker_id)
      << "</tr>";
  }
  b << "</tbody></table><h2 class=\"govuk-heading-m\">Add a user</h2><form method=\"post\" action=\"/users\">"
    << "<input type=\"hidden\" name=\"csrf_token\" value=\"" << csrf << "\">";
  auto field = [&](const char* name, const char* label, const char* type) {
    b << "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"" << name << "\">" << label
      << "</label><input class=\"govuk-input govuk-!-width-one-half\" id=\"" << name << "\" name=\"" << name
      << "\" type=\"" << type << "\" autocomplete=\"off\"></div>";
  };
  field("username", "Username", "text");
  b << "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"role\">Role</label><select "
    << "class=\"govuk-select\" id=\"role\" name=\"role\"><option value=\"manager\">manager</option><option "
    << "value=\"hr\">hr</option><option value=\"admin\">admin</option></select></div>";
  field("worker_id", "Worker id (for a manager)", "text");
  field("password", "Password (at least 10 characters)", "password");
  b << "<button class=\"govuk-button\" data-module=\"govuk-button\">Add user</button></form>";
  return Layout("Users", b.str(), &user, csrf);
}

std::string WhatIfPage(const User& user, const std::string& csrf, const std::string& draft, const std::string& result) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">What if</h1><p class=\"govuk-body\">Edit the policy settings below and "
    << "see what the draft would change on the data shown, before anything is published. Nothing is saved.</p>"
    << "<form method=\"post\" action=\"/whatif\"><input type=\"hidden\" name=\"csrf_token\" value=\"" << csrf
    << "\"><div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"settings\">Draft policy settings "
    << "(config/policy.lua)</label><textarea class=\"govuk-textarea\" id=\"settings\" name=\"settings\" rows=\"20\" "
    << "spellcheck=\"false\">" << HtmlEscape(draft) << "</textarea></div><button class=\"govuk-button\" "
    << "data-module=\"govuk-button\">Show what changes</button></form>";
  if (!result.empty()) {
    b << "<h2 class=\"govuk-heading-m\">What the draft changes</h2><pre class=\"govuk-body-s\" id=\"whatif\">"
      << HtmlEscape(result) << "</pre>";
  }
  return Layout("What if", b.str(), &user, csrf);
}

std::string ErrorPage(int status, const std::string& message) {
  return Layout(std::to_string(status), "<h1 class=\"govuk-heading-l\">" + HtmlEscape(message) + "</h1>", nullptr, "");
}

}  // namespace oversight
