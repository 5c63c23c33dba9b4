// The pages across the teams a user may see: caseload balance (with each team's change
// since last week), the exceptions list with its filters, compliance trends as small
// multiples against the targets, and IRO capacity.
#include <map>
#include <sstream>

#include "checks/caseload.h"
#include "checks/exception_format.h"
#include "policy/declarations.h"
#include "weekly/email_parts.h"
#include "web/charts.h"
#include "web/exception_list.h"
#include "web/layout.h"
#include "web/page_parts.h"
#include "web/pages.h"
#include "web/tables.h"

namespace oversight {

namespace {

// Bars of a balance table: its label, weighted caseload, capacity and children columns.
std::vector<Bar> BalanceBars(const DataTable& t, size_t label, size_t weighted, size_t capacity, size_t children) {
  std::vector<Bar> bars;
  for (const auto& row : t.rows) {
    const double w = row[weighted].number.value_or(0), c = row[capacity].number.value_or(0);
    const long long n = static_cast<long long>(row[children].number.value_or(0));
    bars.push_back({row[label].text, w, c, Round2(w) > Round2(c), std::to_string(n) + (n == 1 ? " child" : " children")});
  }
  return bars;
}

std::vector<TargetLine> Targets(const ComplianceTargets& targets) {
  return {{"Target: " + FormatPercent(targets.good) + " or more", targets.good, kChartGreen},
          {"Poor: below " + FormatPercent(targets.poor), targets.poor, kChartRed}};
}

std::optional<double> Share(int64_t part, int64_t whole) {
  if (!whole) return std::nullopt;
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

const char* kCasesSeries = "Cases supervised in time";
const char* kWellbeingSeries = "Workers with well-being supervision in time";

// One small chart a team: its two shares week by week, against the targets.
std::string SmallMultiples(const std::vector<RecordedTeamMeasures>& rows, const std::vector<const Team*>& teams,
                           const ComplianceTargets& targets) {
  std::map<std::string, std::string> names;
  for (const Team* t : teams) names[t->id] = t->name + " (" + t->id + ")";
  std::map<std::string, std::map<std::string, const RecordedTeamMeasures*>> by_team;  // team -> week -> row
  std::map<std::string, bool> weeks;
  for (const auto& r : rows) {
    by_team[r.team_id][r.week] = &r;
    weeks[r.week] = true;
  }
  std::vector<std::string> labels;
  for (const auto& [week, _] : weeks) labels.push_back(ShortDate(week));
  std::ostringstream b;
  b << LineLegend({kCasesSeries, kWellbeingSeries}, Targets(targets)) << "<div class=\"app-multiples\">";
  for (const auto& [team, by_week] : by_team) {
    Series cases{kCasesSeries, {}}, wellbeing{kWellbeingSeries, {}};
    for (const auto& [week, _] : weeks) {
      auto it = by_week.find(week);
      const RecordedTeamMeasures* r = it == by_week.end() ? nullptr : it->second;
      cases.values.push_back(r ? Share(r->cases_in_time, r->open_cases) : std::nullopt);
      wellbeing.values.push_back(r ? Share(r->wellbeing_in_time, r->wellbeing_workers) : std::nullopt);
    }
    b << "<figure class=\"app-trend\" data-team=\"" << HtmlEscape(team) << "\"><figcaption>"
      << HtmlEscape(names.count(team) ? names[team] : team)
      << "</figcaption>"
      << LineChart("trend-" + team, (names.count(team) ? names[team] : team) + ": cases supervised in time and workers with well-being "
                   "supervision in time, each week, against the targets", labels, {cases, wellbeing}, 100, "%",
                   Targets(targets))
      << "</figure>";
  }
  return b.str() + "</div>";
}

}  // namespace

std::string HomePage(const User& user, const std::string& csrf, const DashboardData& d,
                     const std::vector<const Team*>& teams, const std::vector<RecordedTeamMeasures>& trend,
                     const ComplianceTargets& targets) {
  const DataTable by_team = TeamsTable(d, teams), by_service = ServicesTable(d, teams);
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Caseload balance</h1><p class=\"govuk-body\">As of "
    << LongDate(FormatDate(d.day)) << ". Capacity is the caseload cap of those at work today.</p>"
    << "<h2 class=\"govuk-heading-m\">Change since last week</h2>";
  if (trend.empty()) {
    b << "<p class=\"govuk-body\">No weekly runs yet: the change shows once the weekly job has run.</p>";
  } else {
    b << TableHtml(ChangesTable(trend, teams, targets), "");
  }
  const std::string legend = BarLegend("Weighted caseload", "Over capacity", "Capacity of those at work");
  b << "<h2 class=\"govuk-heading-m\">By team</h2>"
    << ChartWithTable(BarChart("teams-chart", "Weighted caseload of each team (the bar) against its capacity (the line); "
                                              "red: over capacity; and the children it holds",
                               BalanceBars(by_team, 0, 3, 4, 6)),
                      legend, TableHtml(by_team, "/teams.csv") + AlsoJson("/api/teams"))
    << "<h2 class=\"govuk-heading-m\">By service</h2>"
    << ChartWithTable(BarChart("services-chart", "Weighted caseload of each service (the bar) against its capacity (the "
                                                 "line); red: over capacity; and the children it holds",
                               BalanceBars(by_service, 0, 1, 2, 4)),
                      legend, TableHtml(by_service, "/services.csv") + AlsoJson("/api/services"));
  return Layout("Caseload balance", b.str(), &user, csrf, "/");
}

std::string ExceptionsPage(const User& user, const std::string& csrf, const DashboardData& d,
                           const std::vector<const Team*>& teams, const ExceptionFilter& filter) {
  DataTable list = ExceptionsTable(d, SelectExceptions(d, teams, filter));
  list.caption = FilterWords(d, filter);
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Exceptions</h1><p class=\"govuk-body\">In the teams you can see, as of "
    << LongDate(FormatDate(d.day)) << ". Choose what to show, then Filter.</p>"
    << FilterForm(d, teams, filter, "/exceptions", {"service", "team", "case_type", "policy", "severity"})
    << "<p class=\"govuk-body\">" << list.rows.size() << (list.rows.size() == 1 ? " exception" : " exceptions") << ".</p>"
    << TableHtml(list, "/exceptions.csv" + filter.Query()) << AlsoJson("/api/exceptions" + filter.Query());
  return Layout("Exceptions", b.str(), &user, csrf, "/exceptions");
}

std::string TrendsPage(const User& user, const std::string& csrf, const std::vector<RecordedTeamMeasures>& rows,
                       const std::vector<const Team*>& teams, const ComplianceTargets& targets) {
  std::ostringstream b;
  b << "<h1 class=\"govuk-heading-l\">Compliance over 12 weeks</h1>";
  if (rows.empty()) {
    b << "<p class=\"govuk-body\">No weekly runs yet: the trend builds up as the weekly job runs.</p>";
  } else {
    b << "<p class=\"govuk-body\">Week by week, from the figures each weekly run recorded, for each team you can see. "
      << "The dotted lines are the targets.</p><h2 class=\"govuk-heading-m\">Each team</h2>"
      << SmallMultiples(rows, teams, targets) << TableHtml(TrendsTable(rows), "/trends.csv") << AlsoJson("/api/trends");
  }
  return Layout("Compliance over 12 weeks", b.str(), &user, csrf, "/trends");
}

std::string IroPage(const User& user, const std::string& csrf, const DashboardData& d,
                    const std::vector<const Team*>& teams) {
  const DataTable iros = IroTable(d, teams), none = NoIroTable(d, teams);
  std::vector<Bar> bars;
  for (const auto& row : iros.rows) {  // IRO, name, team, FTE, children, from, limit, state
    bars.push_back({row[0].text + " " + row[1].text, row[4].number.value_or(0), row[6].number,
                    row[7].text == "Over the limit", row[6].number ? "limit " + row[6].text : ""});
  }
  std::ostringstream b;
  auto figure = [&](const char* name) {
    auto f = d.run.figures.find(name);
    return f == d.run.figures.end() ? std::string("-") : FormatNumber2(f->second);
  };
  b << "<h1 class=\"govuk-heading-l\">IRO capacity</h1><p class=\"govuk-body\">Guidance: " << figure(kIroMinPerFte)
    << " to " << figure(kIroMaxPerFte) << " children per full-time IRO. As of " << LongDate(FormatDate(d.day))
    << ".</p><h2 class=\"govuk-heading-m\">FTE in post and needed</h2>" << TableHtml(IroNeedTable(d, teams), "")
    << "<h2 class=\"govuk-heading-m\">Each IRO's children against their limit</h2>"
    << ChartWithTable(BarChart("iros-chart", "Children each IRO reviews (the bar) against their limit (the line); "
                                             "red: over the limit", bars),
                      BarLegend("Children reviewed", "Over the limit", "Limit"),
                      TableHtml(iros, "/iro.csv") + AlsoJson("/api/iro"))
    << "<h2 class=\"govuk-heading-m\">Children in care with no IRO</h2>";
  if (none.rows.empty()) {
    b << "<p class=\"govuk-body\" id=\"no-iro-none\">Every child in care in these teams has an IRO.</p>";
  } else {
    b << "<p class=\"govuk-body\">" << none.rows.size() << (none.rows.size() == 1 ? " child" : " children")
      << " in care with no IRO, the longest waiting first.</p>" << TableHtml(none, "");
  }
  return Layout("IRO capacity", b.str(), &user, csrf, "/iro");
}

}  // namespace oversight
