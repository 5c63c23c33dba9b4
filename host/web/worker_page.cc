// A worker's page: who they are, their cases, supervision dates, open exceptions and, for
// those in their management line, their absences.
#include <sstream>

#include "checks/exception_format.h"
#include "weekly/email_parts.h"
#include "web/exception_list.h"
#include "web/layout.h"
#include "web/page_parts.h"
#include "web/pages.h"
#include "web/worker_view.h"

namespace oversight {

std::string WorkerPage(const User& user, const std::string& csrf, const DashboardData& d, const WorkerView& view) {
  const Worker& w = *view.worker;
  const Team& team = d.run.org.team(w.team);
  const std::string path = WorkerPath(w.id);
  std::ostringstream b;
  b << "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\"><ol class=\"govuk-breadcrumbs__list\">"
    << "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" href=\"/\">" << HtmlEscape(team.service)
    << "</a></li><li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" href=\""
    << HtmlEscape(TeamPath(team.id)) << "\">" << HtmlEscape(team.name) << "</a></li></ol></nav>"
    << "<h1 class=\"govuk-heading-l\">" << HtmlEscape(w.name) << " (" << HtmlEscape(w.id) << ")</h1>"
    << "<dl class=\"govuk-summary-list\" id=\"worker-summary\">";
  auto row = [&](const std::string& key, const std::string& value) {
    b << "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">" << HtmlEscape(key)
      << "</dt><dd class=\"govuk-summary-list__value\">" << HtmlEscape(value) << "</dd></div>";
  };
  row("Role", w.role);
  row("Team", team.name + " (" + team.id + ")");
  row("FTE", FormatNumber2(w.fte));
  for (const WorkerLoad& l : d.loads) {
    if (l.worker == w.key) row("Weighted caseload against cap", FormatNumber2(l.weighted) + " of " + FormatNumber2(l.cap));
  }
  b << "</dl><p class=\"govuk-body\">As of " << LongDate(FormatDate(d.day)) << ".</p>"
    << "<h2 class=\"govuk-heading-m\">Cases</h2>" << TableHtml(WorkerCasesTable(d, w), path + ".csv")
    << AlsoJson("/api" + path) << "<h2 class=\"govuk-heading-m\">Supervision</h2>"
    << TableHtml(SupervisionTable(d, view), "") << "<h2 class=\"govuk-heading-m\">Open exceptions</h2>";
  const DataTable exceptions = ExceptionsTable(d, WorkerExceptions(d, w));
  if (exceptions.rows.empty()) {
    b << "<p class=\"govuk-body\">None.</p>";
  } else {
    b << TableHtml(exceptions, TeamPath(team.id) + "/exceptions.csv" + [&] {
      ExceptionFilter f;
      f.worker_id = w.id;
      return f.Query();
    }());
  }
  if (view.show_absences) {
    const DataTable absences = AbsencesTable(d, w);
    b << "<h2 class=\"govuk-heading-m\">Absences</h2>";
    if (absences.rows.empty()) b << "<p class=\"govuk-body\">None in the last year.</p>";
    else b << TableHtml(absences, "");
  }
  return Layout(w.name + " (" + w.id + ")", b.str(), &user, csrf, path);
}

}  // namespace oversight
