// The shared pieces of the dashboard's pages.
#include "web/page_parts.h"

#include "web/data_table.h"
#include "weekly/email_parts.h"

namespace oversight {

std::string ChartWithTable(const std::string& chart, const std::string& legend, const std::string& table) {
  return "<div class=\"app-chart\">" + chart + "</div>" + legend + table;
}

std::string AlsoJson(const std::string& href) {
  return "<p class=\"govuk-body-s app-also\">The same as JSON: <a class=\"govuk-link\" href=\"" + HtmlEscape(href) +
         "\">" + HtmlEscape(href) + "</a></p>";
}

std::string ShortDate(const std::string& iso) {
  const std::string long_date = LongDate(iso);
  return long_date.substr(0, long_date.rfind(' '));
}

std::string TargetTag(std::optional<double> percent, const ComplianceTargets& targets) {
  if (!percent) return "";
  if (Round1(*percent) >= targets.good) {
    return "<strong class=\"govuk-tag govuk-tag--green\">At or above " + FormatPercent(targets.good) + "</strong>";
  }
  if (Round1(*percent) < targets.poor) {
    return "<strong class=\"govuk-tag govuk-tag--red\">Below " + FormatPercent(targets.poor) + "</strong>";
  }
  return "";
}

}  // namespace oversight
