// The dashboard's pages: the layout, each page's charts beside their tables, and the forms.
#include "web/pages.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <Poco/URI.h>

#include "checks/caseload.h"
#include "checks/exception_format.h"
#include "checks/planner.h"
#include "weekly/email_parts.h"
#include "web/charts.h"
#include "web/policy_pages.h"
#include "web/tables.h"

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
          std::string(user->role == "admin" ? "<li><a class=\"govuk-link\" href=\"/audit\">Audit trail</a></li>" : "") +
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

const char* StateWords(const WorkerLoad& l) {
  if (!l.employed) return "Left, still holding cases";
  if (l.absent) return "Away today";
  return l.asye ? "In ASYE" : "Working";
}


// A chart with its table of the same figures right after it: these tables are too wide
// to share the row.
std::string ChartWithTable(const std::string& chart, const std::string& table) {
  return "<div class=\"govuk-!-width-two-thirds\">" + chart + "</div>" + table;
}

std::string AlsoJson(const std::string& href) {
  return "<p class=\"govuk-body-s\">The same as JSON: <a class=\"govuk-link\" href=\"" + HtmlEscape(href) + "\">" +
         HtmlEscape(href) + "</a></p>";
}

// Bars of a balance table: its label, weighted caseload and capacity columns.
std::vector<Bar> BalanceBars(const DataTable& t, size_t label, size_t weighted, size_t capacity) {
  std::vector<Bar> bars;
  for (const auto& row : t.rows) {
    const double w = row[weighted].number.value_or(0), c = row[capacity].number.value_or(0);
    bars.push_back({row[label].text, w, c, Round2(w) > Round2(c)});
  }
  return bars;
}

// Weighted caseload against cap per worker.
std::string WorkerChart(const DashboardData& d, const std::vector<const WorkerLoad*>& loads) {
  std::vector<Bar> bars;
  for (const auto* l : loads) {
    bars.push_back({d.run.org.worker(l->worker).id, l->weighted, l->cap, Round2(l->weighted) > Round2(l->cap)});
  }
  return BarChart("caseload-chart", "Weighted caseload against cap for each worker (the bar: weighted caseload; "
                                    "the line: cap; red: over cap)", bars);
}

// "4 Mar" for the chart's axis.
std::string ShortDate(const std::string& iso) {
  const std::string long_date = LongDate(iso);
  return long_date.substr(0, long_date.rfind(' '));
}

std::string UrlEncode(const std::string& s) {
  std::string out;
  Poco::URI::encode(s, "&=?#+%", out);
  return out;
}
}  // namespace


std::string SignInPage(const std::string& csrf, const std::string& error, const std::string& sso_button,
                       bool passwords) {
  std::string body = "<h1 class=\"govuk-heading-l\">Sign in</h1>";
  if (!error.empty()) {
    body += "<div class=\"govuk-error-summary\" role=\"alert\" tabindex=\"-1\"><h2 class=\"govuk-error-summary__title\">"
            "There is a problem</h2><div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">" +
            HtmlEscape(error) + "</p></div></div>";
  }
  if (!sso_button.empty()) {
    body += "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" href=\"/sign-in/oidc\">" +
            HtmlEscape(sso_button) + "</a></p>";
  }
  if (!passwords) return Layout("Sign in", body, nullptr, "");
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

std::string SignedInPage() {
  return Layout("Signed in", "<h1 class=\"govuk-heading-l\">Signed in</h1><p class=\"govuk-body\"><a "
                             "class=\"govuk-link\" href=\"/\">Continue to the dashboard</a></p>", nullptr, "");
}

std::string HomePage(const User& user, const std::string& csrf, const DashboardData& d,
                     const std::vector<const Team*>& teams) {
  const DataTable by_team = TeamsTable(d, teams), by_service = ServicesTable(d, teams);
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Caseload balance</h1><p class=\"govuk-body\">As of "
    << LongDate(FormatDate(d.day)) << ". Capacity is the caseload cap of those at work today.</p>"
    << "<h2 class=\"govuk-heading-m\">By team</h2>"
    << ChartWithTable(BarChart("teams-chart", "Weighted caseload of each team (the bar) against its capacity (the line); "
                                           "red: over capacity",
                            BalanceBars(by_team, 0, 3, 4)),
                   TableHtml(by_team, "/teams.csv") + AlsoJson("/api/teams"))
    << "<h2 class=\"govuk-heading-m\">By service</h2>"
    << ChartWithTable(BarChart("services-chart", "Weighted caseload of each service (the bar) against its capacity (the "
                                              "line); red: over capacity",
                            BalanceBars(by_service, 0, 1, 2)),
                   TableHtml(by_service, "/services.csv") + AlsoJson("/api/services"));
  return Layout("Caseload balance", b.str(), &user, csrf);
}

std::string TeamPage(const User& user, const std::string& csrf, const DashboardData& d, const Team& t,
                     const ExceptionFilter& filter) {
  const Organisation& org = d.run.org;
  std::vector<const WorkerLoad*> loads;
  for (const auto& l : d.loads) {
    if (org.worker(l.worker).team == t.key) loads.push_back(&l);
  }
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">" << HtmlEscape(t.name) << " (" << HtmlEscape(t.id) << ")</h1>"
    << "<p class=\"govuk-body\">" << HtmlEscape(t.service) << ", as of " << LongDate(FormatDate(d.day)) << ".</p>"
    << "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" << HtmlEscape(TeamPath(t.id))
    << "/plan\">Plan: who could take a new case, and rebalancing</a></p>"
    << "<h2 class=\"govuk-heading-m\">Caseload against cap</h2><div class=\"govuk-grid-row\"><div "
    << "class=\"govuk-grid-column-one-half\">" << WorkerChart(d, loads) << "</div><div "
    << "class=\"govuk-grid-column-one-half\"><table class=\"govuk-table\" id=\"caseload\"><caption "
    << "class=\"govuk-table__caption govuk-table__caption--s\">Weighted caseload by worker (<a class=\"govuk-link\" "
    << "href=\"" << HtmlEscape(TeamPath(t.id)) << "/caseload.csv\">download as CSV</a>)</caption><thead "
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
  std::set<std::string> policies, severities, workers;
  for (const auto& e : d.run.exceptions) {
    if (org.worker(e.worker).team != t.key) continue;
    policies.insert(e.policy);
    severities.insert(e.severity);
    workers.insert(org.worker(e.worker).id);
  }
  // The filters: a plain GET form, so that a filtered view is a link like any other.
  auto select = [&](const char* name, const char* label, const char* all, const std::set<std::string>& values,
                    const std::string& chosen) {
    b << "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"" << name << "\">" << label
      << "</label><select class=\"govuk-select\" id=\"" << name << "\" name=\"" << name << "\"><option value=\"\">"
      << all << "</option>";
    for (const auto& v : values) {
      b << "<option value=\"" << HtmlEscape(v) << "\"" << (v == chosen ? " selected" : "") << ">" << HtmlEscape(v)
        << "</option>";
    }
    b << "</select></div>";
  };
  b << "<h2 class=\"govuk-heading-m\">Exceptions</h2><form method=\"get\" action=\"" << HtmlEscape(TeamPath(t.id)) << "\">";
  select("policy", "Policy", "All policies", policies, filter.policy);
  select("severity", "Severity", "Breaches and warnings", severities, filter.severity);
  select("worker", "Worker", "Every worker", workers, filter.worker_id);
  std::string query, said;
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"policy", filter.policy},
                                   {"severity", filter.severity}, {"worker", filter.worker_id}}) {
    if (value.empty()) continue;
    query += (query.empty() ? "?" : "&") + key + "=" + UrlEncode(value);
    said += (said.empty() ? "" : ", ") + value;
  }
  b << "<button class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
    << "Filter</button></form><table class=\"govuk-table\" id=\"exceptions\"><caption class=\"govuk-table__caption "
    << "govuk-table__caption--s\">" << (said.empty() ? "All exceptions" : "Exceptions: " + HtmlEscape(said))
    << " (<a class=\"govuk-link\" href=\"" << HtmlEscape(TeamPath(t.id)) << "/exceptions.csv" << HtmlEscape(query)
    << "\">download as CSV</a>)</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
    << "class=\"govuk-table__header\">Policy</th><th scope=\"col\" class=\"govuk-table__header\">What</th><th "
    << "scope=\"col\" class=\"govuk-table__header\">Worker</th><th scope=\"col\" class=\"govuk-table__header\">Case"
    << "</th><th scope=\"col\" class=\"govuk-table__header\">Days late</th></tr></thead><tbody "
    << "class=\"govuk-table__body\">";
  for (const auto& e : d.run.exceptions) {
    if (org.worker(e.worker).team != t.key || !filter.Matches(org, e)) continue;
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
    << "<form method=\"get\" action=\"" << HtmlEscape(TeamPath(t.id)) << "/plan\"><div class=\"govuk-form-group\">"
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
    << TableHtml(MovesTable(org, r), TeamPath(t.id) + "/moves.csv") << AlsoJson("/api" + TeamPath(t.id) + "/moves");
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
    // The chart sums the teams shown; the table has each team's figures.
    std::map<std::string, RecordedTeamMeasures> weeks;
    for (const auto& r : rows) {
      auto& w = weeks[r.week];
      w.open_cases += r.open_cases;
      w.cases_in_time += r.cases_in_time;
      w.wellbeing_workers += r.wellbeing_workers;
      w.wellbeing_in_time += r.wellbeing_in_time;
    }
    std::vector<std::string> labels;
    Series cases{"Cases supervised in time", {}}, wellbeing{"Workers with well-being supervision in time", {}};
    auto percent = [](int64_t part, int64_t whole) {
      return whole ? std::optional<double>(100.0 * static_cast<double>(part) / static_cast<double>(whole)) : std::nullopt;
    };
    for (const auto& [week, w] : weeks) {
      labels.push_back(ShortDate(week));
      cases.values.push_back(percent(w.cases_in_time, w.open_cases));
      wellbeing.values.push_back(percent(w.wellbeing_in_time, w.wellbeing_workers));
    }
    b << "<p class=\"govuk-body\">Week by week, from the figures each weekly run recorded, for the teams you can "
      << "see.</p><h2 class=\"govuk-heading-m\">All your teams</h2>"
      << LineChart("trends-chart", "Share of cases supervised in time and of workers with well-being supervision in "
                                   "time, each week, across the teams you can see",
                   labels, {cases, wellbeing}, 100, "%")
      << "<h2 class=\"govuk-heading-m\">Each team</h2>" << TableHtml(TrendsTable(rows), "/trends.csv")
      << AlsoJson("/api/trends");
  }
  return Layout("Compliance over 12 weeks", b.str(), &user, csrf);
}

std::string IroPage(const User& user, const std::string& csrf, const DashboardData& d,
                    const std::vector<const Team*>& teams) {
  const DataTable iros = IroTable(d, teams);
  std::vector<Bar> bars;
  for (const auto& row : iros.rows) {  // IRO, name, team, FTE, children, from, limit, state
    bars.push_back({row[0].text, row[4].number.value_or(0), row[6].number, row[7].text == "Over the limit"});
  }
  std::ostringstream b;
  auto figure = [&](const char* name) {
    auto f = d.run.figures.find(name);
    return f == d.run.figures.end() ? std::string("-") : FormatNumber2(f->second);
  };
  b << "<h1 class=\"govuk-heading-l\">IRO capacity</h1><p class=\"govuk-body\">Guidance: "
    << figure(kIroMinPerFte) << " to " << figure(kIroMaxPerFte)
    << " children per full-time IRO. As of " << LongDate(FormatDate(d.day)) << ".</p>"
    << ChartWithTable(BarChart("iros-chart", "Children each IRO reviews (the bar) against their limit (the line); red: "
                                          "over the limit",
                            bars),
                   TableHtml(iros, "/iro.csv") + AlsoJson("/api/iro"));
  return Layout("IRO capacity", b.str(), &user, csrf);
}

std::string PageLayout(const std::string& title, const std::string& body, const User& user, const std::string& csrf) {
  return Layout(title, body, &user, csrf);
}

std::string UsersPage(const User& user, const std::string& csrf, const std::vector<User>& users,
                      const std::string& message) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Users</h1>";
  if (!message.empty()) b << "<div class=\"govuk-inset-text\" role=\"status\">" << HtmlEscape(message) << "</div>";
  b << TableHtml(UsersTable(users), "/users.csv") << AlsoJson("/api/users")
    << "<h2 class=\"govuk-heading-m\">Add a user</h2><form method=\"post\" action=\"/users\">"
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
  b << "<button class=\"govuk-button\" data-module=\"govuk-button\">Add user</button></form>"
    << "<h2 class=\"govuk-heading-m\">Remove a user</h2><form method=\"post\" action=\"/users/remove\">"
    << "<input type=\"hidden\" name=\"csrf_token\" value=\"" << csrf << "\"><div class=\"govuk-form-group\">"
    << "<label class=\"govuk-label\" for=\"remove-username\">User to remove (their sessions end at once)</label>"
    << "<select class=\"govuk-select\" id=\"remove-username\" name=\"username\">";
  for (const auto& u : users) {
    if (u.username == user.username) continue;  // not yourself: an admin cannot lock everyone out
    b << "<option value=\"" << HtmlEscape(u.username) << "\">" << HtmlEscape(u.username) << " (" << HtmlEscape(u.role)
      << ")</option>";
  }
  b << "</select></div><button class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Remove "
    << "user</button></form>";
  return Layout("Users", b.str(), &user, csrf);
}

std::string WhatIfPage(const User& user, const std::string& csrf, const WhatIfForm& form) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">What if</h1>";
  if (!form.problems.empty()) {
    // GOV.UK error summary: each finding once, linked to the draft it is about.
    b << "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\"><h2 "
      << "class=\"govuk-error-summary__title\">The draft has problems, so it was not run</h2><div "
      << "class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\" id=\"draft-problems\">";
    for (const auto& p : form.problems) {
      const bool about_plugin = !form.plugin.empty() && p.find("draft settings") == std::string::npos;
      b << "<li><a href=\"#" << (about_plugin ? "plugin_source" : "settings") << "\">" << HtmlEscape(p) << "</a></li>";
    }
    b << "</ul><p class=\"govuk-body\">What plugins and settings may say: docs/plugin-api.md.</p></div></div></div>";
  }
  b << "<p class=\"govuk-body\">Edit the policy settings, and if you "
    << "want one plugin too, and see what the draft would change on the data shown before anything is published. "
    << "Nothing is saved.</p><form method=\"get\" action=\"/whatif\"><div class=\"govuk-form-group\"><label "
    << "class=\"govuk-label\" for=\"plugin-choice\">Also draft a plugin</label><select class=\"govuk-select\" "
    << "id=\"plugin-choice\" name=\"plugin\"><option value=\"\">Settings only</option>";
  for (const auto& p : form.plugins) {
    b << "<option value=\"" << HtmlEscape(p) << "\"" << (p == form.plugin ? " selected" : "") << ">" << HtmlEscape(p)
      << "</option>";
  }
  b << "</select></div><button class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Open "
    << "for editing</button></form><form method=\"post\" action=\"/whatif\"><input type=\"hidden\" "
    << "name=\"csrf_token\" value=\"" << csrf << "\"><input type=\"hidden\" name=\"plugin\" value=\""
    << HtmlEscape(form.plugin) << "\"><div class=\"govuk-form-group\"><label class=\"govuk-label\" "
    << "for=\"settings\">Draft policy settings (config/policy.lua)</label><textarea class=\"govuk-textarea\" "
    << "id=\"settings\" name=\"settings\" rows=\"20\" spellcheck=\"false\">" << HtmlEscape(form.settings)
    << "</textarea></div>";
  if (!form.plugin.empty()) {
    b << "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"plugin_source\">Draft of the "
      << "plugin " << HtmlEscape(form.plugin) << " (plugins/" << HtmlEscape(form.plugin) << ".lua)</label><textarea "
      << "class=\"govuk-textarea\" id=\"plugin_source\" name=\"plugin_source\" rows=\"20\" spellcheck=\"false\">"
      << HtmlEscape(form.plugin_source) << "</textarea></div>";
  }
  b << "<button class=\"govuk-button\" data-module=\"govuk-button\">Show what changes</button></form>";
  if (!form.result.empty()) {
    b << "<h2 class=\"govuk-heading-m\">What the draft changes</h2><pre class=\"govuk-body-s\" id=\"whatif\">"
      << HtmlEscape(form.result) << "</pre>";
  }
  if (form.ran) b << ProposeDraftForm(csrf, form);
  return Layout(form.problems.empty() ? "What if" : "Error: What if", b.str(), &user, csrf);
}

std::string ErrorPage(int status, const std::string& message) {
  return Layout(std::to_string(status), "<h1 class=\"govuk-heading-l\">" + HtmlEscape(message) + "</h1>", nullptr, "");
}

std::string PageLayout(const std::string& title, const std::string& body, const User* user, const std::string& csrf) {
  return Layout(title, body, user, csrf);
}

}  // namespace oversight
