// The dashboard's pages for one team (caseloads, exceptions, the planner) and HR's and
// admins' forms. The shell is layout.h's; the overview pages are overview_pages.cc's.
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
#include "web/exception_list.h"
#include "web/layout.h"
#include "web/page_parts.h"
#include "web/tables.h"

namespace oversight {

namespace {

const char* StateWords(const WorkerLoad& l) {
  if (!l.employed) return "Left, still holding cases";
  if (l.absent) return "Away today";
  return l.asye ? "In ASYE" : "Working";
}


// Weighted caseload against cap per worker, with the number of cases beside it.
std::string WorkerChart(const DashboardData& d, const std::vector<const WorkerLoad*>& loads) {
  std::vector<Bar> bars;
  for (const auto* l : loads) {
    const Worker& w = d.run.org.worker(l->worker);
    bars.push_back({w.id + " " + w.name, l->weighted, l->cap, Round2(l->weighted) > Round2(l->cap),
                    std::to_string(l->cases.size()) + (l->cases.size() == 1 ? " case" : " cases")});
  }
  return BarChart("caseload-chart", "Weighted caseload against cap for each worker (the bar: weighted caseload; "
                                    "the line: cap; red: over cap)", bars);
}

// The team's workers: cases, weighted caseload, cap and state, each linked to their page.
DataTable CaseloadTable(const DashboardData& d, const std::vector<const WorkerLoad*>& loads) {
  DataTable t;
  t.id = "caseload";
  t.caption = "Weighted caseload by worker";
  t.AddColumn("Worker", "worker_id");
  t.AddColumn("Cases", "cases");
  t.AddColumn("Weighted", "weighted");
  t.AddColumn("Cap", "cap");
  t.AddColumn("State", "state");
  for (const auto* l : loads) {
    const Worker& w = d.run.org.worker(l->worker);
    Cell who = Cell::Link(w.id + " " + w.name, WorkerPath(w.id));
    who.raw = w.id;
    t.rows.push_back({who, Cell::Count(static_cast<long long>(l->cases.size())), Cell::Number(l->weighted),
                      Cell::Number(l->cap), Cell::Text(StateWords(*l))});
  }
  return t;
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

std::string TeamPage(const User& user, const std::string& csrf, const DashboardData& d, const Team& t,
                     const ExceptionFilter& filter) {
  const Organisation& org = d.run.org;
  std::vector<const WorkerLoad*> loads;
  for (const auto& l : d.loads) {
    if (org.worker(l.worker).team == t.key) loads.push_back(&l);
  }
  const std::string path = TeamPath(t.id);
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">" << HtmlEscape(t.name) << " (" << HtmlEscape(t.id) << ")</h1>"
    << "<p class=\"govuk-body\">" << HtmlEscape(t.service) << ", as of " << LongDate(FormatDate(d.day)) << ".</p>"
    << "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"" << HtmlEscape(path)
    << "/plan\">Plan: who could take a new case, and rebalancing</a></p>"
    << "<h2 class=\"govuk-heading-m\">Caseload against cap</h2>"
    << ChartWithTable(WorkerChart(d, loads), BarLegend("Weighted caseload", "Over cap", "Cap"),
                      TableHtml(CaseloadTable(d, loads), path + "/caseload.csv"))
    << "<h2 class=\"govuk-heading-m\">Exceptions</h2>"
    << FilterForm(d, {&t}, filter, path, {"case_type", "policy", "severity", "worker"});
  DataTable list = ExceptionsTable(d, SelectExceptions(d, {&t}, filter));
  list.caption = FilterWords(d, filter);
  b << TableHtml(list, path + "/exceptions.csv" + filter.Query());
  return Layout(t.name, b.str(), &user, csrf, path);
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
  return Layout("Planning for " + t.name, b.str(), &user, csrf, TeamPath(t.id) + "/plan");
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
  return Layout("Users", b.str(), &user, csrf, "/users");
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
  return Layout(form.problems.empty() ? "What if" : "Error: What if", b.str(), &user, csrf, "/whatif");
}

std::string ErrorPage(int status, const std::string& message) {
  return Layout(std::to_string(status), "<h1 class=\"govuk-heading-l\">" + HtmlEscape(message) + "</h1>", nullptr, "");
}


}  // namespace oversight
